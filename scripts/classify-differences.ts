/**
 * Joins the comparison of scripts/compare-maintainers.ts with the table of
 * scripts/maintainer-differences.ts: each differing fact gets its class and reason, the classes are
 * counted, the ceiling (agreement if every `ours` and `host` difference were fixed) is computed, and
 * rows that match no difference (stale) and differences without a row (unclassified) are reported.
 * Kept apart from the comparison so that each file stays readable; it imports only its types.
 */
import type { Comparison, FactKind, FactResult, Tally } from './compare-maintainers';
import {
  DIFFERENCE_CLASSES,
  type DifferenceClass,
  MAINTAINER_DIFFERENCES,
  type MaintainerDifference,
} from './maintainer-differences';

/** The run the table was made for; the differences of other runs are printed unclassified. */
export const CLASSIFIED_RUN = { style: 'native', target: 'debian-12' } as const;

/** The classes that are ours to do next: fixed, such a fact would agree. */
export const FIXABLE_CLASSES: readonly DifferenceClass[] = ['host', 'ours'];

/** A differing fact with the class and reason of its row. */
export interface ClassifiedFact extends FactResult {
  class: DifferenceClass;
  reason: string;
}

/** The differences of a comparison, classified by the table. */
export interface Classification {
  /** Differing facts that have a row, in the comparison's order. */
  differences: ClassifiedFact[];
  /** Classified differences per class, of the kinds counted in the total. */
  counts: Record<DifferenceClass, number>;
  /** Classified differences per class, of the kinds outside the total (arguments). */
  uncountedCounts: Record<DifferenceClass, number>;
  /** The agreement if every `ours` and `host` difference of the counted kinds were fixed. */
  ceiling: Tally;
  /** Differing facts without a row: the table must say why they differ. */
  unclassified: FactResult[];
  /** Rows that match no differing fact: fixed (or changed) since the table was written. */
  stale: MaintainerDifference[];
}

/** The key of a fact or a row: job and kind. */
function key(job: string, kind: FactKind): string {
  return `${job}\t${kind}`;
}

/** Zero for every class. */
function zeroCounts(): Record<DifferenceClass, number> {
  return Object.fromEntries(DIFFERENCE_CLASSES.map((c) => [c, 0])) as Record<DifferenceClass, number>;
}

/** Classifies the differing facts of a comparison; `counted` are the kinds in its total. */
export function classify(
  c: Comparison,
  counted: readonly FactKind[],
  table: readonly MaintainerDifference[] = MAINTAINER_DIFFERENCES,
): Classification {
  const rows = new Map(table.map((r) => [key(r.job, r.kind), r]));
  const used = new Set<string>();
  const result: Classification = {
    differences: [],
    counts: zeroCounts(),
    uncountedCounts: zeroCounts(),
    ceiling: { ...c.total },
    unclassified: [],
    stale: [],
  };
  for (const f of c.facts.filter((x) => !x.agrees)) {
    const row = rows.get(key(f.job, f.kind));
    if (!row) {
      result.unclassified.push(f);
      continue;
    }
    used.add(key(f.job, f.kind));
    result.differences.push({ ...f, class: row.class, reason: row.reason });
    const isCounted = counted.includes(f.kind);
    (isCounted ? result.counts : result.uncountedCounts)[row.class]++;
    if (isCounted && FIXABLE_CLASSES.includes(row.class)) result.ceiling.agree++;
  }
  result.stale = table.filter((r) => !used.has(key(r.job, r.kind)));
  return result;
}

/** `maintainer 83, host 4, ours 11`. */
function countText(counts: Record<DifferenceClass, number>): string {
  return DIFFERENCE_CLASSES.map((c) => `${c} ${counts[c]}`).join(', ');
}

/** Whether the table and the comparison disagree (a stale row or an unclassified difference). */
export function hasAlarms(cls: Classification): boolean {
  return cls.unclassified.length > 0 || cls.stale.length > 0;
}

/** The loud lines for stale rows and unclassified differences (none when the table fits). */
export function alarmLines(cls: Classification): string[] {
  const out: string[] = [];
  if (cls.unclassified.length) {
    out.push(
      `!!! UNCLASSIFIED: ${cls.unclassified.length} difference(s) without a row in scripts/maintainer-differences.ts:`,
    );
    for (const f of cls.unclassified)
      out.push(
        `!!!   ${f.job} ${f.kind}: ours ${JSON.stringify(f.ours)}, maintainers ${JSON.stringify(f.maintainers)}`,
      );
  }
  if (cls.stale.length) {
    out.push(
      `!!! STALE: ${cls.stale.length} row(s) of scripts/maintainer-differences.ts match no difference ` +
        '(fixed or changed: remove or reclassify them):',
    );
    for (const r of cls.stale) out.push(`!!!   ${r.job} ${r.kind} (${r.class}): ${r.reason}`);
  }
  return out;
}

/** The summary lines: the classes of the remaining differences and the ceiling. */
export function summaryLines(cls: Classification, agreementLine: (t: Tally) => string): string[] {
  return [
    `remaining differences: ${countText(cls.counts)} (arguments, not in the total: ${countText(cls.uncountedCounts)})`,
    `if every ours and host difference were fixed: ${agreementLine(cls.ceiling)}`,
  ];
}

/** The line under a differing fact: its class and reason, or that it has no row. */
export function reasonLine(cls: Classification, f: FactResult): string {
  const row = cls.differences.find((d) => d.job === f.job && d.kind === f.kind);
  return row ? `    ${row.class}: ${row.reason}` : '    !!! UNCLASSIFIED: no row in scripts/maintainer-differences.ts';
}
