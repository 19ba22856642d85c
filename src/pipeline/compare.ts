/**
 * The comparison stage of a run (`--diff`, `--check`, `--mode dropin|auto`): each converted job's
 * units against the unit that already exists under --root or --against DIR; in drop-in mode the
 * job's files become the drop-in (plus helper scripts). The names a unit may have come from here
 * (the job's unit, the well-known replacements of Ubuntu's own jobs, --unit-name).
 */
import { diagnostic } from '../diagnostics/collector';
import { appendAll } from '../diagnostics/diagnostic';
import { type ConvertedJob, emittedFiles, hostPathFor } from '../convert';
import { WELL_KNOWN_JOBS } from '../convert/names';
import { serviceFileName } from '../convert/to-unit';
import { type CompareSubject, type Comparison, type Mode, candidateNames, compareJob } from '../diff';
import { type UnitTree, treeFor } from '../diff/find';
import type { ReadFs } from '../read/files';
import type { HostRoot } from '../read/host-root';
import { type LoadedJob, loadJob } from '../read/load';
import { resolveUnder } from '../read/rooted';
import type { RootTree } from '../read/tree';
import { emitUnit } from '../systemd/emit';
import type { Target } from '../systemd/target';
import { isValidUnitName } from '../systemd/unit-names';

/** What to compare with, and how units are emitted when one already exists. */
export interface ComparisonOptions {
  /** Default full, except packaged jobs whose package ships a unit (auto: see packagedJobs). */
  mode?: Mode;
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
    ...(job.service?.profilesNote !== undefined ? { profilesNote: job.service.profilesNote } : {}),
  };
}

/**
 * The batch with every job that has an `.override` loaded without it, to tell the override's
 * changes apart in drop-ins; null when drop-ins are not wanted or no job has an override.
 * `modes` are the jobs' own modes, when they differ (null: not compared).
 */
export function withoutOverrides(
  loaded: readonly LoadedJob[],
  opts: ComparisonOptions,
  fs?: ReadFs,
  modes?: ReadonlyArray<Mode | null>,
): LoadedJob[] | null {
  const dropins = loaded.some((l, i) => {
    const mode = modes ? modes[i] : (opts.mode ?? 'full');
    return l.source.override && mode !== 'full' && mode !== null;
  });
  if (!dropins) return null;
  return loaded.map((l) => (l.source.override ? loadJob({ name: l.source.name, conf: l.source.conf }, { fs }) : l));
}

/** A job file a Debian package owns, and the unit that package ships for it. */
export interface Packaged {
  package: string;
  unit: string;
}

/** The folders where packages install units (the admin's /etc/systemd/system is not one). */
const PACKAGE_UNIT_DIRS = ['/lib/systemd/system', '/usr/lib/systemd/system'];

/**
 * The jobs whose file a package owns (the host's dpkg, as `collect` recorded it) and whose package
 * ships its own unit: one the code knows the distribution ships (convert/distro-unit), or one the
 * root holds in a package unit folder. They are compared in auto mode by default.
 */
export function packagedJobs<J extends ConvertedJob>(jobs: readonly J[], root: HostRoot | undefined): Map<J, Packaged> {
  const out = new Map<J, Packaged>();
  const owners = root?.host?.packages;
  if (!root || !owners) return out;
  for (const job of jobs) {
    const file = hostPathFor(root.path, job.conf);
    if (job.status !== 'converted' || !Object.hasOwn(owners, file)) continue;
    const names = candidateNames(subjectOf(job).names).map((c) => c.name);
    const known = WELL_KNOWN_JOBS[job.name]?.[0] === `${job.name}.service` ? `${job.name}.service` : undefined;
    const shipped = names.find((n) =>
      PACKAGE_UNIT_DIRS.some(
        (d) => resolveUnder(root.path, `${d}/${n}`, { follow: false }, root.tree).kind === 'found',
      ),
    );
    const unit = shipped ?? known;
    if (unit) out.set(job, { package: owners[file]!, unit });
  }
  return out;
}

/** The note on a packaged job compared in auto mode: what became of it. */
function packagedNote(job: ConvertedJob, p: Packaged, cmp: Comparison) {
  const owned = `owned by package ${p.package}, which ships ${p.unit}`;
  const message =
    cmp.mode === 'dropin'
      ? `${owned}: written as a drop-in for ${cmp.existing?.name ?? p.unit} (the default for a packaged job)`
      : `${owned}, but the root holds no such unit: the full unit is written`;
  const hint =
    cmp.mode === 'dropin'
      ? 'give --mode full to write the whole unit instead'
      : 'compare with --against a root of the target to write a drop-in for the packaged unit';
  return diagnostic('diff/packaged-dropin', { file: job.conf }, message, hint);
}

/** How a batch is compared beyond the options: the root's files, each job's mode, the packaged jobs. */
export interface CompareHow<J> {
  /** Where the root's files are (default: the disk). */
  tree?: RootTree;
  /** Each job's mode, in order; null: the job is not compared (default: every job in opts.mode). */
  modes?: ReadonlyArray<Mode | null>;
  /** Packaged jobs compared in auto mode by default: each gets a note. */
  packaged?: ReadonlyMap<J, Packaged>;
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
  how: CompareHow<J> = {},
): void {
  const tree: UnitTree = opts.against
    ? treeFor(opts.against)
    : { dir: root ?? '/', kind: 'root', ...(how.tree ? { fs: how.tree } : {}) };
  jobs.forEach((job, i) => {
    const mode = how.modes ? how.modes[i] : (opts.mode ?? 'full');
    if (job.status !== 'converted' || !mode) return;
    const base = loaded[i]?.source.override ? bases[i] : undefined;
    const cmp = compareJob(subjectOf(job, opts.unitNames), { tree, mode }, base?.units);
    appendAll(job.diagnostics, cmp.diagnostics);
    const packaged = how.packaged?.get(job);
    if (packaged) job.diagnostics.push(packagedNote(job, packaged, cmp));
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
