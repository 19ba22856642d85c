/**
 * The table of remaining differences with the maintainers' units (scripts/maintainer-differences.ts)
 * and its use by the comparison (scripts/classify-differences.ts): the table's shape, the counts,
 * the ceiling and the alarms on hand-made comparisons, and, when ../shared/corpus is present, that
 * the table lists exactly the differences of `--style native --target debian-12`.
 */
import { join } from 'node:path';
import { alarmLines, classify, CLASSIFIED_RUN, hasAlarms } from '../../scripts/classify-differences';
import {
  agreementLine,
  COUNTED_KINDS,
  compareCorpus,
  type FactResult,
  FACT_KINDS,
  readPairs,
  renderText,
  tally,
} from '../../scripts/compare-maintainers';
import {
  DIFFERENCE_CLASSES,
  MAINTAINER_DIFFERENCES,
  type MaintainerDifference,
} from '../../scripts/maintainer-differences';
import { builtCli } from '../helpers/built-cli';
import { describeWithShared } from '../helpers/shared';

/** A compared fact. */
function fact(job: string, kind: FactResult['kind'], agrees: boolean): FactResult {
  return { job, kind, ours: agrees ? 'x' : 'a', maintainers: 'x', agrees };
}

/** A row of the table. */
function row(
  job: string,
  kind: MaintainerDifference['kind'],
  cls: MaintainerDifference['class'],
): MaintainerDifference {
  return { job, kind, class: cls, reason: `why ${job} ${kind} differs.` };
}

describe('the table of remaining differences', () => {
  it('names a known kind and class for every row', () => {
    for (const r of MAINTAINER_DIFFERENCES) {
      expect(FACT_KINDS).toContain(r.kind);
      expect(DIFFERENCE_CLASSES).toContain(r.class);
    }
  });

  it('gives every row a reason of at least one sentence', () => {
    const weak = MAINTAINER_DIFFERENCES.filter((r) => r.reason.trim().length < 30 || !/[.)]$/.test(r.reason));
    expect(weak).toEqual([]);
  });

  it('has at most one row per job and kind', () => {
    const keys = MAINTAINER_DIFFERENCES.map((r) => `${r.job} ${r.kind}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

describe('classifying a comparison', () => {
  const comparison = tally(
    [
      fact('a', 'program', true),
      fact('a', 'user', false),
      fact('b', 'restart', false),
      fact('b', 'install', false),
      fact('b', 'arguments', false),
      fact('c', 'type', false),
    ],
    3,
  );
  const table = [
    row('a', 'user', 'host'),
    row('b', 'restart', 'maintainer'),
    row('b', 'install', 'ours'),
    row('b', 'arguments', 'ours'),
    row('gone', 'program', 'ours'),
  ];
  const cls = classify(comparison, COUNTED_KINDS, table);

  it('counts the classes of the counted kinds apart from the arguments', () => {
    expect(cls.counts).toEqual({ maintainer: 1, host: 1, ours: 1 });
    expect(cls.uncountedCounts).toEqual({ maintainer: 0, host: 0, ours: 1 });
  });

  it('computes the ceiling as if every ours and host difference agreed', () => {
    expect(comparison.total).toEqual({ agree: 1, total: 5 });
    expect(cls.ceiling).toEqual({ agree: 3, total: 5 });
  });

  it('reports a difference without a row and a row without a difference', () => {
    expect(cls.unclassified.map((f) => `${f.job} ${f.kind}`)).toEqual(['c type']);
    expect(cls.stale.map((r) => `${r.job} ${r.kind}`)).toEqual(['gone program']);
    expect(hasAlarms(cls)).toBe(true);
  });

  it('prints the alarms first, the classes and the ceiling, and each reason under its fact', () => {
    const text = renderText(comparison, 'x', cls);
    const lines = text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'x: 3 pairs',
      '1 of 5 facts agree (20%)',
      'remaining differences: maintainer 1, host 1, ours 1 (arguments, not in the total: maintainer 0, host 0, ours 1)',
      `if every ours and host difference were fixed: ${agreementLine({ agree: 3, total: 5 })}`,
    ]);
    expect(lines).toContain('!!! UNCLASSIFIED: 1 difference(s) without a row in scripts/maintainer-differences.ts:');
    expect(lines).toContain('!!!   c type: ours "a", maintainers "x"');
    expect(lines.some((l) => l.startsWith('!!! STALE: 1 row(s)'))).toBe(true);
    expect(lines).toContain('!!!   gone program (ours): why gone program differs.');
    expect(text).toContain('  b: ours "a", maintainers "x"\n    maintainer: why b restart differs.\n');
    expect(text).toContain('  c: ours "a", maintainers "x"\n    !!! UNCLASSIFIED: no row');
  });

  it('has no alarms when the table fits, and says when a run is not classified', () => {
    const fits = classify(comparison, COUNTED_KINDS, [...table.slice(0, 4), row('c', 'type', 'maintainer')]);
    expect(hasAlarms(fits)).toBe(false);
    expect(alarmLines(fits)).toEqual([]);
    expect(renderText(comparison, 'x')).toContain(
      '(differences are classified for --style native --target debian-12 only)',
    );
  });
});

describeWithShared('the table against the corpus', ['corpus', 'MANIFEST.tsv'], (manifest) => {
  it('lists every difference of the classified run, and no row is stale', () => {
    const pairs = readPairs(join(manifest, '..'));
    const c = compareCorpus(pairs, builtCli(), ['--style', CLASSIFIED_RUN.style, '--target', CLASSIFIED_RUN.target]);
    const cls = classify(c, COUNTED_KINDS);
    // One line per problem, so that a failure names the job, the kind and both values.
    expect(alarmLines(cls)).toEqual([]);
    process.stdout.write(
      `maintainer-differences: ${agreementLine(c.total)}; ceiling ${agreementLine(cls.ceiling)}; ` +
        `maintainer ${cls.counts.maintainer}, host ${cls.counts.host}, ours ${cls.counts.ours}\n`,
    );
  }, 120_000);
});
