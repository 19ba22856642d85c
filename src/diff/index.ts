/**
 * Comparing generated units with the units that already exist: find each unit (with drop-ins and
 * aliases), diff it (unified text and by directive), and in drop-in mode replace the full unit by
 * a drop-in holding only what the job adds. Reads units and their names only (the pipeline says
 * which names a job's unit may have). Feeds `convert --diff`, `--check` and `--mode`.
 */
import type * as Diff from 'diff';
import { diagnostic } from '../diagnostics/collector';
import { appendAll, type Diagnostic } from '../diagnostics/diagnostic';
import { renderUnit } from '../systemd/render';
import type { UnitFile } from '../systemd/unit';
import { type MergedUnit, mergeUnit, renderMerged } from '../systemd/unit-merge';
import { parseUnitFile } from '../systemd/unit-parser';
import { buildDropin, leftOut, leftOutDiagnostic, mergedOf } from './dropin';
import { type ExistingUnit, type Lookup, type MatchedBy, type UnitTree, findExisting } from './find';
import { type DirectiveChange, semanticDiff } from './semantic';

/** How units are emitted when one already exists. */
export type Mode = 'full' | 'dropin' | 'auto';

/** Options of a comparison run. */
export interface CompareOptions {
  tree: UnitTree;
  mode: Mode;
}

/** The names a job's existing unit may have, in the order they are tried. */
export interface UnitNames {
  /** The generated service's file name (`NAME.service`, `NAME@.service`). */
  own: string;
  /** Units known to replace the job on systemd (only `.service` names other than `own` are tried). */
  renames: readonly string[];
  /** The unit the user named for the job (`--unit-name JOB=UNIT`; `.service` is added when it has no suffix). */
  user?: string;
}

/** What is compared: a job's generated units, the names to look for, and what a drop-in needs to say. */
export interface CompareSubject {
  /** The job's name, and its file (where diagnostics point). */
  job: string;
  file: string;
  units: readonly UnitFile[];
  names: UnitNames;
  /** Directives a hardening profile added, by section (a drop-in always carries them). */
  hardening: Record<string, Array<[string, string]>>;
  /** The job was started only by hand (a drop-in cannot disable the unit). */
  manual: boolean;
  /** Header lines of the generated unit saying where it came from (the first goes into a drop-in). */
  notes: readonly string[];
  /** The header line naming the hardening profiles applied, when any were (a drop-in carries it too). */
  profilesNote?: string;
}

/** What was found and how it differs, for one job. */
export interface Comparison {
  existing: ExistingUnit | null;
  lookedFor: string[];
  lookup: Lookup;
  /** Differences of what would be in effect after writing, against what is in effect now. */
  changes: DirectiveChange[];
  /** Unified diff of the effective settings (existing → generated), '' when equal or no unit. */
  unified: string;
  /** The drop-in used instead of the full unit (dropin/auto mode with an existing unit). */
  dropin?: UnitFile;
  /** In drop-in mode: how the unit with the drop-in still differs from the job's full unit (diff/dropin-leaves-out). */
  leftOut?: DirectiveChange[];
  mode: 'full' | 'dropin';
  diagnostics: Diagnostic[];
}

/** The names to look for, in order: the job's unit, well-known renames, the user's mapping. */
export function candidateNames(names: UnitNames): Array<{ name: string; by: MatchedBy }> {
  const own = names.own;
  const out: Array<{ name: string; by: MatchedBy }> = [{ name: own, by: 'name' }];
  for (const u of names.renames) if (u.endsWith('.service') && u !== own) out.push({ name: u, by: 'rename' });
  const user = names.user;
  if (user) out.push({ name: user.includes('.') ? user : `${user}.service`, by: 'user' });
  return out;
}

/** Whether a job's output would change what is in effect (a missing unit counts). */
export function differs(cmp: Comparison | undefined): boolean {
  if (!cmp) return false;
  if (!cmp.existing) return true;
  return cmp.changes.length > 0;
}

/** A merged unit plus our drop-in, as systemd would see it after writing the drop-in. */
function withDropin(existing: ExistingUnit, dropin: UnitFile): MergedUnit {
  return mergeUnit(existing.name, [...existing.parsed, parseUnitFile(renderUnit(dropin), dropin.name)]);
}

/**
 * Compares a job's generated units with what exists; `withoutOverride` are the units the job gives
 * without its `.override` (for drop-ins: to tell the override's changes apart).
 */
export function compareJob(
  job: CompareSubject,
  opts: CompareOptions,
  withoutOverride?: readonly UnitFile[],
): Comparison {
  const candidates = candidateNames(job.names);
  const lookup = findExisting(candidates, opts.tree);
  const diagnostics: Diagnostic[] = [...lookup.diagnostics];
  const service = job.units.find((u) => u.kind === 'service');
  const base = { existing: lookup.unit, lookedFor: candidates.map((c) => c.name), lookup, diagnostics };
  if (!service) return { ...base, changes: [], unified: '', mode: 'full' };
  const generated = mergedOf(service);
  if (!lookup.unit) {
    if (opts.mode === 'dropin' && !lookup.unreadable) {
      diagnostics.push(
        diagnostic(
          'diff/no-existing-unit',
          { file: job.file },
          `no existing unit for ${job.job} (looked for ${base.lookedFor.join(', ')}); the full unit is written`,
        ),
      );
    }
    return { ...base, changes: [], unified: '', mode: 'full' };
  }
  const existing = lookup.unit;
  if (existing.matchedBy !== 'name') {
    const how =
      existing.matchedBy === 'alias'
        ? `${existing.requested} is an alias of it`
        : existing.matchedBy === 'rename'
          ? 'the well-known replacement of this job'
          : 'as given with --unit-name';
    diagnostics.push(diagnostic('diff/unit-renamed', { file: job.file }, `compared with ${existing.name} (${how})`));
  }
  const useDropin = opts.mode === 'dropin' || opts.mode === 'auto';
  if (useDropin) return { ...base, ...dropinComparison(job, existing, service, diagnostics, withoutOverride) };
  const changes = semanticDiff(existing.merged, generated);
  return { ...base, changes, unified: unifiedDiff(existing, generated, `generated ${service.name}`), mode: 'full' };
}

/** In drop-in mode: the drop-in the job needs over the existing unit, and how the unit changes with it. */
function dropinComparison(
  job: CompareSubject,
  existing: ExistingUnit,
  service: UnitFile,
  diagnostics: Diagnostic[],
  withoutOverride?: readonly UnitFile[],
): Pick<Comparison, 'changes' | 'unified' | 'dropin' | 'mode' | 'leftOut'> {
  const plan = buildDropin({
    existingName: existing.name,
    existing: existing.merged,
    generated: service,
    withoutOverride: withoutOverride?.find((u) => u.kind === 'service'),
    hardening: job.hardening,
    jobFile: job.file,
    manual: job.manual,
    header: [
      `Drop-in generated by upstart2systemd for ${existing.name} from Upstart job "${job.job}"`,
      ...job.notes.slice(0, 1),
      ...(job.profilesNote !== undefined ? [job.profilesNote] : []),
    ],
  });
  appendAll(diagnostics, plan.diagnostics);
  const after = plan.unit ? withDropin(existing, plan.unit) : existing.merged;
  const changes = semanticDiff(existing.merged, after);
  const unified = unifiedDiff(existing, after, `${existing.name} + ${plan.unit?.name ?? '(no drop-in needed)'}`);
  const alias = existing.matchedBy === 'alias' ? existing.requested : undefined;
  const left = leftOut({ after, generated: service, reported: plan.reported, ...(alias ? { alias } : {}) });
  if (left.length) diagnostics.push(leftOutDiagnostic(existing.name, job.file, left));
  return { changes, unified, ...(plan.unit ? { dropin: plan.unit } : {}), mode: 'dropin', leftOut: left };
}

/** The unified diff of two effective unit configurations. */
function unifiedDiff(existing: ExistingUnit, after: MergedUnit, label: string): string {
  const a = renderMerged(existing.merged);
  const b = renderMerged(after);
  if (a === b) return '';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on the first diff, not at start-up
  return (require('diff') as typeof Diff).createTwoFilesPatch(
    `${existing.files.join(' + ')}`,
    label,
    a,
    b,
    // say "merged" only when there was something to merge
    existing.files.length > 1 ? 'existing (merged with drop-ins)' : 'existing',
    'generated',
    { context: 3 },
  );
}
