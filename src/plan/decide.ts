/**
 * What the migration does with each converted job: install its units, write a drop-in over the
 * packaged unit, use the packaged unit as it is, or skip it with a reason. The defaults keep
 * off the host what must not be there (Ubuntu's own boot jobs, `manual` jobs, what --exclude
 * names, a full unit shadowing the one a package ships); `--include NAME` overrides a skip.
 */
import type { ConvertedJob } from '../convert';
import type { JobOutline } from '../convert/outline';
import type { Comparison } from '../diff';
import type { SkipReason } from './types';

/** A converted job with what the comparison with existing units found (when it ran). */
export type PlanSource = ConvertedJob & { comparison?: Comparison };

/** What the operator asked for: globs to exclude (the one that matched, per job) and names to include. */
export interface Selection {
  /** The `--exclude` glob a job matched, by job name. */
  excludedBy: ReadonlyMap<string, string>;
  /** `--include` names. */
  included: ReadonlySet<string>;
}

/** A job's disposition. */
export type Disposition =
  { action: 'install' | 'drop-in' | 'use-existing'; included?: true } | { action: 'skip'; reason: SkipReason };

/** The first diagnostic of a rule a job has. */
function first(job: PlanSource, rule: string): { message: string; hint?: string; file: string } | undefined {
  return job.diagnostics.find((d) => d.ruleId === rule);
}

/** Why a job is skipped by default, or undefined when it is migrated; `--include` can still override. */
function defaultSkip(job: PlanSource, hostPath: (f: string) => string): SkipReason | undefined {
  const replaced = first(job, 'convert/replaced-by-systemd');
  if (replaced) return { code: 'replaced-by-systemd', message: replaced.message };
  const manual = first(job, 'convert/manual');
  if (manual)
    return {
      code: 'manual',
      message: `manual (in ${hostPath(manual.file)}): the job was started only by hand on this host, never at boot`,
    };
  const distro = first(job, 'convert/distro-unit');
  if (distro && !job.comparison?.existing)
    return {
      code: 'distro-unit',
      message:
        `${distro.message}; no such unit was found to write a drop-in for ` +
        '(make the plan --against a root of the target release to get one)',
    };
  return undefined;
}

/**
 * The disposition of one job. An excluded job is skipped (unless `--include` names it), a failed
 * one always; one skipped by default is migrated only when `--include` names it (then as a full
 * unit, or its drop-in).
 */
export function dispose(
  job: PlanSource,
  outline: JobOutline,
  selection: Selection,
  hostPath: (f: string) => string,
): Disposition {
  const included = selection.included.has(job.name);
  const glob = selection.excludedBy.get(job.name);
  if (glob !== undefined && !included)
    return { action: 'skip', reason: { code: 'excluded', message: `excluded by --exclude ${glob}` } };
  if (job.status !== 'converted')
    return { action: 'skip', reason: { code: 'not-converted', message: 'not converted: see its errors' } };
  const skip = defaultSkip(job, hostPath);
  if (skip && !included) return { action: 'skip', reason: skip };
  const extra = skip || glob !== undefined ? { included: true as const } : {};
  if (job.comparison?.mode === 'dropin') return { action: outline.units.length ? 'drop-in' : 'use-existing', ...extra };
  return { action: 'install', ...extra };
}
