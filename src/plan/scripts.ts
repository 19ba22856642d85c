/**
 * migrate.sh and rollback.sh from a plan: a header an operator reads before running them as root
 * (what each job gets, what is skipped and why), the plan's constants, one function per step
 * listing that step's calls job by job — every value a single-quoted word (shell.ts) — and the
 * fixed functions and run order of templates/migrate.sh or templates/rollback.sh.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, comment, id, shQuote, shown } from './shell';
import { KIT_DIR as KIT, STATE_DIR } from './layout';
import type { Plan, PlanFile, PlanJob } from './types';

/** The package's templates/ folder (same depth from src/ and dist/). */
const TEMPLATE_DIR = join(__dirname, '..', '..', 'templates');

/** The fixed part of a script, read once. */
const fixed = new Map<string, string>();

/** The template holding the functions migrate.sh and rollback.sh share. */
const COMMON = 'common.sh';

/** templates/common.sh without its two header lines (they describe the file, not the functions). */
function commonPart(): string {
  return template(COMMON).split('\n').slice(2).join('\n');
}

/** templates/NAME, read once (its `# @common` line replaced by the shared functions). */
function template(name: string): string {
  let text = fixed.get(name);
  if (text === undefined) {
    text = readFileSync(join(TEMPLATE_DIR, name), 'utf8');
    // the functions both scripts share, kept once in templates/common.sh (without its own header)
    if (name !== COMMON) text = text.replace(/^# @common\n/m, () => commonPart());
    fixed.set(name, text);
  }
  return text;
}

/** How many lines of a section are joined into one piece: a piece stays small (V8 keeps it with short-lived objects). */
const SECTION_PIECE = 256;

/** A function of the generated part: its calls, or `:` when it has none; piece by piece (a section is megabytes at scale). */
function* section(name: string, about: string, lines: readonly string[]): Generator<string> {
  yield `# ${about}\n${name}() {\n`;
  if (!lines.length) yield '  :';
  for (let i = 0; i < lines.length; i += SECTION_PIECE) {
    yield (i ? '\n' : '') + lines.slice(i, i + SECTION_PIECE).join('\n');
  }
  yield '\n}\n';
}

/** The migrated jobs (in order) and the skipped ones. */
function partition(plan: Plan): { migrated: PlanJob[]; skipped: PlanJob[] } {
  return {
    migrated: plan.jobs.filter((j) => j.action !== 'skip'),
    skipped: plan.jobs.filter((j) => j.action === 'skip'),
  };
}

/** The plan's lookups, made once per script so that each is a map access, not a walk of the plan. */
interface PlanIndex {
  /** Each unit's id (the first entry of its name). */
  unitIds: Map<string, string>;
  /** Each job's units, in the plan's order. */
  unitsByJob: Map<string, string[]>;
  /** The indexes in plan.dirs of the directories of each path. */
  dirsByPath: Map<string, number[]>;
}

/** Indexes a plan's units and directories. */
function indexPlan(plan: Plan): PlanIndex {
  const unitIds = new Map<string, string>();
  const unitsByJob = new Map<string, string[]>();
  for (const u of plan.units) {
    if (!unitIds.has(u.unit)) unitIds.set(u.unit, u.id);
    const list = unitsByJob.get(u.job);
    if (list) list.push(u.unit);
    else unitsByJob.set(u.job, [u.unit]);
  }
  const dirsByPath = new Map<string, number[]>();
  plan.dirs.forEach((d, i) => {
    const list = dirsByPath.get(d.path);
    if (list) list.push(i);
    else dirsByPath.set(d.path, [i]);
  });
  return { unitIds, unitsByJob, dirsByPath };
}

/** A unit's id in the plan (every unit a migrated job enables or starts has one). */
function unitId(index: PlanIndex, unit: string): { id: string } {
  const u = index.unitIds.get(unit);
  if (u === undefined) throw new RangeError(`unit ${unit} is not in the plan's units`);
  return id(u);
}

/** The `job ID LABEL` line that opens a job's calls in a section. */
function jobLine(j: PlanJob): string {
  return call('job', [id(j.id), shown(j.job)]);
}

/** Calls for the jobs that have any, each group opened by its job line. */
function perJob(jobs: readonly PlanJob[], lines: (j: PlanJob) => string[]): string[] {
  const out: string[] = [];
  for (const j of jobs) {
    const body = lines(j);
    if (!body.length) continue;
    out.push(jobLine(j));
    for (const l of body) out.push(`    ${l}`);
  }
  return out;
}

/** One line of the header per job: what the migration does with it. */
function jobSummary(j: PlanJob): string {
  if (j.action === 'skip') return `  ${j.job}: ${j.reason?.message ?? 'skipped'}`;
  const parts = [`${j.action}${j.unit ? ` ${j.unit}` : ''}`];
  if (j.files.length) parts.push(`${j.files.length} file${j.files.length === 1 ? '' : 's'}`);
  if (j.enable.length) parts.push(`enable ${j.enable.join(' ')}`);
  if (j.start.length) parts.push(`start ${j.start.join(' ')}`);
  if (j.after.length) parts.push(`after ${j.after.join(', ')}`);
  return `  ${j.job}: ${parts.join('; ')}`;
}

/** The header both scripts share: the plan, its notes, and the jobs. */
function header(plan: Plan, script: 'migrate.sh' | 'rollback.sh', usage: string[]): string {
  const { migrated, skipped } = partition(plan);
  const lines = [
    `${script}: generated by upstart2systemd for plan ${plan.id} ` +
      `(${plan.target.name}, systemd ${plan.target.systemd}).`,
    'Do not edit it: make the plan again (upstart2systemd convert --out). ' +
      'plan.json beside it holds the same plan as data.',
    '',
    ...usage,
    '',
    ...plan.notes.map((n) => `Note: ${n}`),
    ...(plan.notes.length ? [''] : []),
    `Jobs migrated, in this order (${migrated.length}):`,
    ...migrated.map(jobSummary),
    ...(skipped.length ? ['', `Jobs not migrated (${skipped.length}):`, ...skipped.map(jobSummary)] : []),
  ];
  // a plan's lists may leave some of the fixed steps uncalled (nothing to start, say); every value
  // is single-quoted on purpose, so a `$`, backquote or backslash in one is data (SC2016, SC1003)
  const lint =
    '# shellcheck disable=SC2317,SC2016,SC1003 # steps a plan does not call; values single-quoted on purpose';
  return ['#!/bin/sh', lint, ...lines.map(comment), 'set -eu', ''].join('\n');
}

/** The constants the fixed part reads (rollback.sh needs only the plan's id). */
function constants(plan: Plan, script: 'migrate.sh' | 'rollback.sh'): string {
  const planId = `PLAN=${id(plan.id).id}`;
  if (script === 'rollback.sh') return [planId, ''].join('\n');
  return [
    planId,
    `JOBS=${partition(plan).migrated.length}`,
    `TARGET=${shQuote(plan.target.name)}`,
    `SYSTEMD_MIN=${id(plan.target.systemd).id}`,
    '',
  ].join('\n');
}

/** What was at a file's path when the plan was made, as one word: its SHA-256, `absent` or `not-a-file`. */
function beforeWord(f: PlanFile): string {
  return f.before.state === 'file' ? f.before.sha256 : f.before.state;
}

/** The pre-flight calls of one job: its files, programs, users, groups and the existing unit. */
function preflightLines(j: PlanJob): string[] {
  const lines = j.files.map((f) => call('need_file', [id(f.id), f.path, f.source, f.sha256, beforeWord(f)], 0));
  for (const p of j.needs.programs) lines.push(call('need_program', [p], 0));
  for (const u of j.needs.users) lines.push(call('need_user', [u], 0));
  for (const g of j.needs.groups) lines.push(call('need_group', [g], 0));
  if (j.unit && !j.unit.includes('@.')) {
    const mode = j.action === 'install' ? 'full' : j.action === 'drop-in' ? 'dropin' : 'none';
    const ours = new Set(j.files.map((f) => f.path));
    const shas = (j.existing?.files ?? []).filter((f) => !ours.has(f.path)).map((f) => f.sha256);
    lines.push(call('need_unit', [mode, j.unit, ...shas], 0));
  }
  return lines;
}

/** The indexes in plan.dirs of the directories a path is in (or is), in the plan's order. */
function dirsOfPath(index: PlanIndex, p: string): number[] {
  const found: number[] = [...(index.dirsByPath.get(p) ?? [])];
  for (let k = p.indexOf('/'); k >= 0; k = p.indexOf('/', k + 1))
    found.push(...(index.dirsByPath.get(p.slice(0, k)) ?? []));
  return found.sort((a, b) => a - b);
}

/** The install calls of one job: the directories it needs, then its files. */
function installLines(plan: Plan, index: PlanIndex, j: PlanJob): string[] {
  const lines: string[] = [];
  const dirs = new Set<string>();
  for (const f of j.files) {
    for (const i of dirsOfPath(index, f.path)) {
      const d = plan.dirs[i]!;
      if (!dirs.has(d.id)) {
        dirs.add(d.id);
        lines.push(call('make_dir', [id(d.id), d.path], 0));
      }
    }
    lines.push(call('put', [id(f.id), f.path, f.source, f.mode, f.sha256], 0));
  }
  return lines;
}

/** The usage part of migrate.sh's header. */
const MIGRATE_USAGE = [
  "It installs the tree convert --out wrote (a mirror of the host's /), whose root is four folders up",
  `from it (it lives in ${KIT}). Review it and plan.json beside it, copy the whole tree to the host`,
  '(say to DIR) after its release upgrade, and run it there as root:',
  `  sh DIR${KIT}/migrate.sh --dry-run      print every step, change nothing`,
  `  sh DIR${KIT}/migrate.sh                check, install, enable and start; stop at the first failure`,
  `  sh DIR${KIT}/migrate.sh --keep-going   leave out the jobs that fail, go on with the others`,
  "Steps: pre-flight (systemd version; the tree's files intact; programs, users and groups exist; no",
  'unit or file it touches differs from when the plan was made: nothing is changed when one fails);',
  `install (what it replaces is backed up in ${STATE_DIR}/PLAN); systemctl daemon-reload;`,
  'enable; start in dependency order what ran under Upstart and check each is up (a task: exited 0).',
  'A tree extracted at / already (tar -C / -x) is taken as it is: its files are in place, and what they',
  'replaced could not be backed up. A second run changes nothing and says so. Undo with rollback.sh.',
  'Environment: U2S_ROOT=DIR works under DIR instead of / (for tests); U2S_SETTLE=SECONDS (default 2)',
  'is how long it waits before checking the started units again.',
];

/** Parts of a text joined by newlines, each made only when its turn comes (a section is megabytes at scale). */
function* joinedLines(parts: ReadonlyArray<() => string | Iterable<string>>): Generator<string> {
  for (let i = 0; i < parts.length; i++) {
    if (i) yield '\n';
    const part = parts[i]!();
    if (typeof part === 'string') yield part;
    else yield* part;
  }
}

/** migrate.sh for a plan. */
export function renderMigrate(plan: Plan): string {
  return [...migrateChunks(plan)].join('');
}

/** migrate.sh for a plan, piece by piece as it is written: never held whole. */
export function* migrateChunks(plan: Plan): Generator<string> {
  const { migrated, skipped } = partition(plan);
  const index = indexPlan(plan);
  yield* joinedLines([
    () => header(plan, 'migrate.sh', MIGRATE_USAGE),
    () => constants(plan, 'migrate.sh'),
    () => section('preflight', 'pre-flight checks, job by job', perJob(migrated, preflightLines)),
    () =>
      section(
        'record_active',
        'the units that are active before the first run (rollback.sh leaves them running)',
        plan.units.map((u) => call('was_active', [id(u.id), u.unit])),
      ),
    () =>
      section(
        'install_files',
        'the files, job by job',
        perJob(migrated, (j) => installLines(plan, index, j)),
      ),
    () =>
      section(
        'enable_units',
        'systemctl enable, in order',
        perJob(migrated, (j) => j.enable.map((u) => call('enable_unit', [unitId(index, u), u], 0))),
      ),
    () =>
      section(
        'start_units',
        'what ran under Upstart, started in dependency order',
        perJob(migrated, (j) => j.start.map((u) => call('start_unit', [unitId(index, u), u], 0))),
      ),
    () =>
      section(
        'verify_units',
        'the units this run started, checked again',
        perJob(migrated, (j) => j.start.map((u) => call('verify_unit', [unitId(index, u), u], 0))),
      ),
    () =>
      section(
        'ran_but_skipped',
        'jobs that ran under Upstart and are not migrated',
        skipped
          .filter((j) => j.ran?.length && j.reason?.code !== 'replaced-by-systemd')
          .map((j) => call('not_migrated', [shown(j.job), j.reason?.message ?? 'skipped'])),
      ),
    () => template('migrate.sh'),
    () => 'main "$@"',
    () => '',
  ]);
}

/** Whether rollback.sh stops every instance of a job's template: it installed the template, none ran before. */
function ownsTemplate(j: PlanJob): boolean {
  return j.action === 'install' && Boolean(j.unit?.includes('@.')) && j.files.every((f) => f.before.state === 'absent');
}

/** rollback.sh for a plan. */
export function renderRollback(plan: Plan): string {
  return [...rollbackChunks(plan)].join('');
}

/** rollback.sh for a plan, piece by piece as it is written: never held whole. */
export function* rollbackChunks(plan: Plan): Generator<string> {
  const reversed = partition(plan).migrated.reverse();
  const usage = [
    'Run it as root on the host to undo what migrate.sh did. It reads what migrate.sh recorded in',
    `${STATE_DIR}/${plan.id}, where migrate.sh keeps a copy of it (RB below; the one in`,
    `DIR${KIT} beside migrate.sh does the same):`,
    `  sh RB --dry-run   print every step, change nothing`,
    '  sh RB             stop what was not running before, disable what migrate.sh enabled,',
    '                    restore the files it replaced, remove those it installed, reload',
    '  sh RB --force     also remove files it installed that were changed since',
    `RB: ${STATE_DIR}/${plan.id}/rollback.sh. A second run finds nothing to do and says so.`,
  ];
  const index = indexPlan(plan);
  const unitsOf = (j: PlanJob): string[] => [...(index.unitsByJob.get(j.job) ?? [])];
  yield* joinedLines([
    () => header(plan, 'rollback.sh', usage),
    () => constants(plan, 'rollback.sh'),
    () =>
      section(
        'stop_units',
        'the units that were not active before migrate.sh, last first',
        perJob(reversed, (j) => [
          ...(ownsTemplate(j) ? [call('stop_instances', [j.unit!.replace('@.', '@*.')], 0)] : []),
          ...unitsOf(j)
            .reverse()
            .map((u) => call('stop_unit', [unitId(index, u), u], 0)),
        ]),
      ),
    () =>
      section(
        'disable_units',
        'what migrate.sh enabled',
        perJob(reversed, (j) => [...j.enable].reverse().map((u) => call('disable_unit', [unitId(index, u), u], 0))),
      ),
    () =>
      section(
        'restore_files',
        'the files: restored from the backups, or removed; then the directories migrate.sh created',
        [
          ...perJob(reversed, (j) =>
            [...j.files].reverse().map((f) => call('restore', [id(f.id), f.path, f.sha256, beforeWord(f)], 0)),
          ),
          ...(plan.dirs.length ? [call('job', [id('dirs'), 'directories'])] : []),
          ...[...plan.dirs].reverse().map((d) => call('remove_dir', [id(d.id), d.path], 4)),
        ],
      ),
    () =>
      section(
        'restart_units',
        'units migrate.sh restarted with its files: restarted with the restored ones',
        perJob(partition(plan).migrated, (j) => unitsOf(j).map((u) => call('restart_unit', [unitId(index, u), u], 0))),
      ),
    () => template('rollback.sh'),
    () => 'main "$@"',
    () => '',
  ]);
}
