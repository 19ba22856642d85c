/**
 * The comparison stage of a run (`--diff`, `--check`, `--mode dropin|auto`): each converted job's
 * units against the unit that already exists under --root or --against DIR; in drop-in mode the
 * job's files become the drop-in (plus helper scripts). The names a unit may have come from here
 * (the job's unit, the well-known replacements of Ubuntu's own jobs, --unit-name).
 */
import { appendAll } from '../diagnostics/diagnostic';
import { type ConvertedJob, emittedFiles } from '../convert';
import { WELL_KNOWN_JOBS } from '../convert/names';
import { serviceFileName } from '../convert/to-unit';
import { type CompareSubject, type Comparison, type Mode, compareJob } from '../diff';
import { treeFor } from '../diff/find';
import type { ReadFs } from '../read/files';
import { type LoadedJob, loadJob } from '../read/load';
import { emitUnit } from '../systemd/emit';
import type { Target } from '../systemd/target';
import { isValidUnitName } from '../systemd/unit-names';

/** What to compare with, and how units are emitted when one already exists. */
export interface ComparisonOptions {
  mode: Mode;
  /** A host root or a directory of units to compare with (default: the run's root, or `/`). */
  against?: string;
  /** `--unit-name JOB=UNIT`: the existing unit a job corresponds to. */
  unitNames?: Readonly<Record<string, string>>;
}

/** The unit a `--unit-name JOB=UNIT` value names (`.service` added when it has no suffix, as candidateNames does). */
function userUnit(unit: string): string {
  return unit.includes('.') ? unit : `${unit}.service`;
}

/**
 * Why a `--unit-name JOB=UNIT` mapping cannot be used, or undefined: UNIT must be a unit name
 * systemd accepts (never a path: `../x.service` would be looked up and written outside the tree).
 */
export function unitNameProblem(unitNames: Readonly<Record<string, string>>): string | undefined {
  for (const [job, unit] of Object.entries(unitNames)) {
    if (!isValidUnitName(userUnit(unit)))
      return (
        `--unit-name ${job}=${unit}: "${unit}" is not a valid unit name ` +
        '(NAME.service: letters, digits and ":-_.\\@" only, no "/", at most 255 characters)'
      );
  }
  return undefined;
}

/** A converted job as the comparison sees it: its units and the names its existing unit may have. */
export function subjectOf(job: ConvertedJob, unitNames: Readonly<Record<string, string>> = {}): CompareSubject {
  const given = unitNames[job.name];
  // an invalid name is refused by the CLI; a library caller's is ignored rather than used as a path
  const user = given !== undefined && isValidUnitName(userUnit(given)) ? given : undefined;
  return {
    job: job.name,
    file: job.conf,
    units: job.units,
    names: {
      own: job.service ? serviceFileName(job.service) : `${job.name}.service`,
      renames: WELL_KNOWN_JOBS[job.name] ?? [],
      ...(user ? { user } : {}),
    },
    hardening: job.service?.extra ?? {},
    manual: Boolean(job.service && !job.service.enabled),
    notes: job.service?.notes ?? [],
  };
}

/**
 * The batch with every job that has an `.override` loaded without it, to tell the override's
 * changes apart in drop-ins; null when drop-ins are not wanted or no job has an override.
 */
export function withoutOverrides(
  loaded: readonly LoadedJob[],
  opts: ComparisonOptions,
  fs?: ReadFs,
): LoadedJob[] | null {
  if (opts.mode === 'full' || !loaded.some((l) => l.source.override)) return null;
  return loaded.map((l) => (l.source.override ? loadJob({ name: l.source.name, conf: l.source.conf }, { fs }) : l));
}

/**
 * Compares every converted job with its existing unit and records the comparison on the job (and
 * its diagnostics); an unreadable existing unit fails the job. `bases` are the jobs converted
 * without their overrides, in the same order; a drop-in is emitted (and checked) for `target`.
 */
export function compareJobs<J extends ConvertedJob & { comparison?: Comparison }>(
  jobs: readonly J[],
  loaded: readonly LoadedJob[],
  bases: readonly ConvertedJob[],
  opts: ComparisonOptions,
  root: string | undefined,
  target: Target,
): void {
  const tree = opts.against ? treeFor(opts.against) : { dir: root ?? '/', kind: 'root' as const };
  jobs.forEach((job, i) => {
    if (job.status !== 'converted') return;
    const base = loaded[i]?.source.override ? bases[i] : undefined;
    const cmp = compareJob(subjectOf(job, opts.unitNames), { tree, mode: opts.mode }, base?.units);
    appendAll(job.diagnostics, cmp.diagnostics);
    if (cmp.lookup.unreadable) job.status = 'failed';
    if (cmp.mode === 'dropin') useDropin(job, cmp, target);
    job.comparison = cmp;
  });
}

/**
 * Replaces a job's units and files by its drop-in (none when nothing is needed), keeping helper
 * scripts; the drop-in goes through the same emission check as units, and fails the job if it fails.
 */
function useDropin(job: ConvertedJob, cmp: Comparison, target: Target): void {
  const scripts = job.files.filter((f) => f.name.endsWith('.sh'));
  job.units = cmp.dropin ? [cmp.dropin] : [];
  const emitted = cmp.dropin ? [emitUnit(cmp.dropin, target, { file: job.conf })] : [];
  const before = job.diagnostics.length;
  job.files = [...emittedFiles(emitted, job.diagnostics), ...scripts];
  if (job.diagnostics.slice(before).some((d) => d.severity === 'error')) job.status = 'failed';
}
