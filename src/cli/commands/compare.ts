/**
 * The existing-unit side of `convert`: `--diff` (unified and semantic), `--check` (exit 1 when
 * anything would change) and `--mode dropin|auto` (drop-ins instead of full units), against the
 * units under --root or --against DIR.
 */
import * as path from 'node:path';
import { createColors } from 'picocolors';
import { type ConvertedJob, convertJobs } from '../../convert';
import { type Comparison, type Mode, compareJob } from '../../diff';
import { treeFor } from '../../diff/find';
import type { LoadedJob } from '../../read/load';
import { loadJob } from '../../read/load';
import { renderUnit } from '../../systemd/render';
import type { ConvertOptions } from '../../convert';

/** What the comparison needs from the command line. */
export interface CompareArgs {
  mode: Mode;
  against?: string;
  root?: string;
  unitNames: Record<string, string>;
}

/**
 * Compares every converted job with its existing unit; in drop-in mode the job's files become the
 * drop-in (plus helper scripts). Returns the comparisons by job.
 */
export function compareAll(
  jobs: ConvertedJob[],
  loaded: readonly LoadedJob[],
  convertOpts: ConvertOptions,
  args: CompareArgs,
): Map<ConvertedJob, Comparison> {
  const tree = args.against ? treeFor(args.against) : { dir: args.root ?? '/', kind: 'root' as const };
  // the job without its .override, to tell the override's changes apart in drop-ins
  const needBase = args.mode !== 'full' && loaded.some((l) => l.source.override);
  const bases = needBase
    ? convertJobs(
        loaded.map((l) => (l.source.override ? loadJob({ name: l.source.name, conf: l.source.conf }) : l)),
        convertOpts,
      )
    : [];
  const out = new Map<ConvertedJob, Comparison>();
  jobs.forEach((job, i) => {
    if (job.status !== 'converted') return;
    const base = loaded[i]?.source.override ? bases[i] : undefined;
    const cmp = compareJob(job, { tree, unitNames: args.unitNames, mode: args.mode }, base);
    job.diagnostics.push(...cmp.diagnostics);
    if (cmp.lookup.unreadable) job.status = 'failed';
    if (cmp.mode === 'dropin') {
      const scripts = job.files.filter((f) => f.name.endsWith('.sh'));
      job.units = cmp.dropin ? [cmp.dropin] : [];
      job.files = [...(cmp.dropin ? [{ name: cmp.dropin.name, content: renderUnit(cmp.dropin) }] : []), ...scripts];
    }
    out.set(job, cmp);
  });
  return out;
}

/** Whether a job's output would change what is in effect (a missing unit counts). */
export function differs(cmp: Comparison | undefined): boolean {
  if (!cmp) return false;
  if (!cmp.existing) return true;
  return cmp.changes.length > 0;
}

const pc = createColors(true);

/** Colours a unified diff for a terminal. */
export function colorDiff(text: string): string {
  return text
    .split('\n')
    .map((l) =>
      l.startsWith('+++') || l.startsWith('---')
        ? pc.bold(l)
        : l.startsWith('+')
          ? pc.green(l)
          : l.startsWith('-')
            ? pc.red(l)
            : l.startsWith('@@')
              ? pc.cyan(l)
              : l,
    )
    .join('\n');
}

/** The text report of one comparison: unified diff, then the differences by directive. */
export function describeComparison(job: ConvertedJob, cmp: Comparison, color: boolean, withUnified: boolean): string {
  if (!cmp.existing) {
    return cmp.lookup.unreadable
      ? `${job.name}: the existing unit cannot be read\n`
      : `${job.name}: no existing unit (looked for ${cmp.lookedFor.join(', ')})${cmp.lookup.masked ? `; ${cmp.lookup.masked} is masked` : ''}\n`;
  }
  const where = cmp.existing.files.map((f) => path.normalize(f)).join(' + ');
  if (!cmp.changes.length)
    return `${job.name}: same as ${where}${cmp.mode === 'dropin' ? (cmp.dropin ? ' once the drop-in is in place' : ' (nothing to add)') : ''}\n`;
  let out = withUnified && cmp.unified ? (color ? colorDiff(cmp.unified) : cmp.unified) : '';
  const first = cmp.changes.filter((c) => c.category !== 'other' && c.category !== 'environment');
  out += `${job.name}: ${cmp.changes.length} difference${cmp.changes.length === 1 ? '' : 's'} from ${where}${first.length ? ` — read first: ${[...new Set(first.map((c) => c.category))].join(', ')}` : ''}\n`;
  for (const c of cmp.changes) {
    const mark = { added: '+', removed: '-', changed: '~' }[c.kind];
    const line = `  ${mark} [${c.section}] ${c.key} (${c.category}): ${c.message}`;
    out += (color ? (c.category === 'other' ? line : pc.bold(line)) : line) + '\n';
  }
  return out;
}
