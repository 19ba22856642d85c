/**
 * `upstart2systemd convert`: Upstart jobs → systemd units for a target release, printed or
 * written atomically to a directory, with every diagnostic. Exit 0 when every job converted,
 * 1 when any failed (or had an error, or a file could not be written), 2 on usage errors, 3 when
 * `--check` finds a unit that would change (exit-codes.ts).
 */
import { setFlagsFromString } from 'node:v8';
import { hasErrors, visible } from '../../diagnostics/diagnostic';
import type { WriteOutcome } from '../../output/write';
import {
  DEFAULT_SCRIPT_DIR,
  type HostRoot,
  type InstallAction,
  STATE_DIR,
  type JobResult,
  type Mode,
  type PipelineOptions,
  type PipelineResult,
  REPORT_EXTENSIONS,
  type RunConfig,
  applyRunPolicy,
  type ReportSummary,
  buildReport,
  convert,
  differs,
  inputPaths,
  openRoot,
  renderReport,
  reportFormatOf,
  resolveTarget,
  summarizeJobs,
  unitNameProblem,
  writeReportFile,
} from '../../pipeline';
import { type ArgsOf, type CommandEnv, type Handler, finish, usage } from '../command';
import type { convertBuilder } from './declarations';
import { configOf, fromConfig } from '../config';
import { checkWithOut, missingPath, outNotFolder, rootWithoutJobs } from '../inputs';
import { EXIT } from '../exit-codes';
import type { Io } from '../io';
import { isDirectory, parsePairs, parseVars } from '../options';
import { type OutWrite, writeOut } from '../migration';
import { formatDiagnostics, useColor } from '../report';
import { summaryLine } from '../summary';
import { convertJson, jsonSummary, printText } from '../convert-output';
import type { ConvertCommandArgs } from '../convert-args';

export type { ConvertCommandArgs } from '../convert-args';
import {
  allDiagnostics,
  applyTriage,
  baselineProblem,
  openBaseline,
  overWarningsLine,
  sarifText,
  shownWarnings,
  stripped,
  triageText,
} from '../triage';

/** The parsed arguments of `convert`. */
type Argvs = ArgsOf<typeof convertBuilder>;

/**
 * How far V8 lets the heap grow past what was live at the last full collection, in percent. By
 * default it lets a fast-collecting heap grow up to 4×: a batch run, whose models and units die
 * job by job, then peaks at three to four times the memory it uses (docs/performance.md#memory).
 * Set when the command runs, after its bundles are compiled: V8 rejects a code cache made under
 * other flags.
 */
export const HEAP_GROWING_PERCENT = 20;

/** What `convert` does when yargs runs it. */
export function convertHandler(env: CommandEnv): Handler<typeof convertBuilder> {
  return (a) => {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    try {
      const config = configOf(a, env.io);
      if (config === 'failed') return finish(env, EXIT.usage);
      const args = convertArgs(a, config);
      if (typeof args === 'string') usage(env, args);
      else finish(env, runConvert(args, env.io));
    } finally {
      // the default again: a code cache made after a run (scripts/code-cache.js) must match the flags of the next
      setFlagsFromString('--heap-growing-percent=0');
    }
  };
}

/** The command's arguments checked and parsed (with the config file's settings), or the usage error. */
function convertArgs(a: Argvs, config?: RunConfig): ConvertCommandArgs | string {
  const given = parseVars(a.var ?? []);
  const vars = typeof given === 'string' ? given : { ...config?.vars, ...given };
  const c = fromConfig(a, config);
  const unitNames = parsePairs(a['unit-name'] ?? []);
  if (typeof vars === 'string' || typeof unitNames === 'string')
    return typeof vars === 'string' ? vars : (unitNames as string);
  const badName = unitNameProblem(unitNames);
  if (badName) return badName;
  // the units name helper scripts by this path on the target host: it must be absolute and plain
  const scriptDir = a['script-dir'];
  if (!scriptDir.startsWith('/') || /[\u0000-\u001f\u007f\s"'\\%$]/.test(scriptDir))
    return `--script-dir ${visible(scriptDir)}: expected an absolute path without blanks, quotes, % or $`;
  // the migration's kit and state live there on the host (docs/migration.md)
  const plain = scriptDir.replace(/\/+$/, '');
  if (a.layout === 'root' && (plain === STATE_DIR || plain.startsWith(`${STATE_DIR}/`)))
    return (
      `--script-dir ${visible(scriptDir)}: ${STATE_DIR} holds the migration's plan and state; ` +
      'choose another folder'
    );
  const target = resolveTarget({ target: c.target, systemd: c.systemd });
  if ('error' in target) return target.error;
  if (a.against !== undefined && !isDirectory(a.against)) return `--against ${visible(a.against)}: no such directory`;
  const opened = a.root === undefined ? undefined : openRoot(a.root);
  if (opened && !opened.ok) return `--root ${visible(a.root!)}: ${opened.error}`;
  const badInput = inputProblem(a, opened?.ok ? opened.root : undefined);
  if (badInput) return badInput;
  const badReport = reportProblem(a.report) ?? baselineProblem(a.baseline, a['update-baseline']);
  if (badReport) return badReport;
  return {
    paths: a.paths as string[],
    root: a.root,
    ...(opened ? { opened: opened.root } : {}),
    out: a.out,
    stdout: Boolean(a.stdout),
    layout: a.layout,
    exclude: c.exclude,
    include: a.include,
    target,
    ...scriptArgs(a),
    format: a.format,
    force: a.force,
    dryRun: a['dry-run'],
    verbose: a.verbose,
    upstartVersion: a['upstart-version'],
    color: a.color,
    profiles: c.profiles,
    profileMap: c.profileMap,
    profilesFrom: c.profilesFrom,
    ...(c.policy ? { policy: c.policy } : {}),
    vars,
    score: a.score,
    diff: a.diff,
    check: a.check,
    mode: a.mode,
    against: a.against,
    unitNames,
    ...(a.report !== undefined ? { report: a.report } : {}),
    ...triageArgs(a),
  };
}

/** --baseline, --update-baseline and --max-warnings as the run takes them. */
function triageArgs(a: Argvs): Pick<ConvertCommandArgs, 'baseline' | 'updateBaseline' | 'maxWarnings'> {
  return {
    ...(a.baseline !== undefined ? { baseline: a.baseline, updateBaseline: a['update-baseline'] } : {}),
    ...(a['max-warnings'] !== undefined ? { maxWarnings: a['max-warnings'] } : {}),
  };
}

/**
 * Input of the wrong shape: a PATH that is not there, a --root without etc/init, an --out that is
 * a file, an --out with --check (which would ignore it).
 */
function inputProblem(a: Argvs, root: HostRoot | undefined): string | undefined {
  const paths = a.paths as string[];
  return (
    (root?.kind !== 'tarball' ? missingPath(paths) : undefined) ??
    (root && !paths.length ? rootWithoutJobs(root) : undefined) ??
    (a.check ? checkWithOut(a.out) : outNotFolder(a.out))
  );
}

/** Why `--report FILE` cannot be used (no name, an extension that names no format), or undefined. */
function reportProblem(file: string | undefined): string | undefined {
  // yargs gives an array when the option is repeated
  if (Array.isArray(file)) return '--report: give one report file';
  if (file === undefined || reportFormatOf(file)) return undefined;
  const exts = REPORT_EXTENSIONS.map((e) => `.${e}`).join(', ');
  return `--report ${visible(file)}: the file name must end in ${exts} (the extension picks the format)`;
}

/** Whether the run writes a migration (--out with --layout root): it compares with the tree and plans. */
function migrating(args: ConvertCommandArgs): boolean {
  return Boolean(args.out) && args.layout === 'root' && !args.check;
}

/** Whether the run names a tree of the host (--root or --against) to compare with. */
function hasTree(args: ConvertCommandArgs): boolean {
  return args.root !== undefined || args.against !== undefined;
}

/**
 * The --mode of a run: as given, else auto for a migration against a tree of the host (never a
 * full unit over a packaged one), else full: without a tree, auto would compare with the units of
 * the machine the tool runs on, which is not the host.
 */
function modeOf(args: ConvertCommandArgs): Mode {
  return args.mode ?? (migrating(args) && hasTree(args) ? 'auto' : 'full');
}

/** The comparison mode when the run compares with existing units (--diff, --check, --mode, a migration). */
function comparing(args: ConvertCommandArgs): Mode | undefined {
  const compare = args.diff || args.check || args.mode !== undefined || (migrating(args) && hasTree(args));
  return compare ? modeOf(args) : undefined;
}

/** How scripts and idioms are emitted: --scripts, --style, --script-dir. */
function scriptArgs(a: Argvs): Pick<ConvertCommandArgs, 'scripts' | 'style' | 'scriptDir'> {
  return { scripts: a.scripts, style: a.style, scriptDir: a['script-dir'] };
}

/** What the pipeline is asked for a run of `convert`. */
function pipelineOptions(args: ConvertCommandArgs): PipelineOptions {
  // a migration compares with the tree it was given, to find what it would replace or shadow
  const compare = args.diff || args.check || args.mode !== undefined || (migrating(args) && hasTree(args));
  // no mode given: auto for a migration against a tree; else full, but auto for packaged jobs (run.ts)
  const mode = args.mode ?? (migrating(args) && hasTree(args) ? 'auto' : undefined);
  return {
    target: args.target,
    scripts: args.scripts,
    style: args.style,
    scriptDir: args.scriptDir,
    upstartVersion: args.upstartVersion,
    profiles: args.profiles,
    profileMap: args.profileMap,
    ...(args.profilesFrom ? { profilesFrom: args.profilesFrom } : {}),
    vars: args.vars,
    score: args.score,
    // what is printed, written, planned and reported reads no service model or unit: keep only the outline
    lean: true,
    ...(compare ? { compare: { mode, against: args.against, unitNames: args.unitNames ?? {} } } : {}),
  };
}

/** Runs the convert command and returns its exit code. */
export function runConvert(args: ConvertCommandArgs, io: Io): number {
  // a baseline that cannot be read is a usage error: nothing is converted
  const baseline = openBaseline(args);
  if (baseline && baseline !== 'write' && 'ruleId' in baseline) {
    io.stderr(formatDiagnostics([baseline], useColor(io, args.color)));
    return EXIT.usage;
  }
  const run = convert(
    { paths: args.paths, root: args.root, opened: args.opened, host: args.host },
    pipelineOptions(args),
  );
  const { jobs, diagnostics: discovery } = run;
  if (run.profileErrors.length) {
    io.stderr(formatDiagnostics(run.profileErrors, useColor(io, args.color)));
    return EXIT.usage;
  }
  if (jobs.length === 0 && discovery.length === 0) {
    io.stderr(`upstart2systemd: no job files (*.conf) found in ${inputPaths(args).join(' ')}\n`);
    return EXIT.failed;
  }
  const written: OutWrite =
    args.out && !args.check
      ? writeOut(run, { ...args, out: args.out }, args.scriptDir ?? DEFAULT_SCRIPT_DIR)
      : { outcomes: new Map<JobResult, WriteOutcome[]>(), skipped: new Map() };
  // the plan has read the diagnostics it decides by; what is reported, counted and fails the run follows the config
  const before = allDiagnostics(run).length;
  if (args.policy) applyRunPolicy(run, args.policy);
  const hiddenByConfig = before - allDiagnostics(run).length;
  // then the baseline: what is known is hidden from what is shown, counted and reported
  const strip = stripped(run, { root: args.root, paths: args.paths });
  const triage = { hiddenByConfig, ...applyTriage(run, baseline, args.baseline, strip) };
  const { summary, written: reported } = writeRunReport(run, written, args);
  // a job left out on purpose (--exclude, or skipped by the plan) does not fail the run
  const counted = jobs.filter((j) => !written.skipped.has(j));
  const failed =
    counted.some((j) => j.status === 'failed') ||
    hasErrors([...discovery, ...counted.flatMap((j) => j.diagnostics)]) ||
    (written.planOutcomes ?? []).some((o) => o.status === 'exists' || o.status === 'failed');
  // "would change" is not "could not convert": a CI job tells them apart by the status (docs/cli.md)
  const wouldChange = args.check === true && jobs.some((j) => differs(j.comparison));
  const warnings = shownWarnings(run);
  const over = args.maxWarnings !== undefined && warnings > args.maxWarnings;
  // a job that failed wins; over the limit is worse than "would change"
  const code = failed ? EXIT.failed : over ? EXIT.overWarnings : wouldChange ? EXIT.wouldChange : EXIT.ok;
  if (args.format === 'json') io.stdout(convertJson(run, written, args, jsonSummary(summary, triage, run, args, code)));
  else if (args.format === 'sarif') io.stdout(sarifText(run, args, strip));
  else
    printText(
      run,
      written,
      args,
      io,
      summaryLine(summary, args.target, { ...args, report: reported }) + triageText(triage),
    );
  if (over) io.stderr(overWarningsLine(warnings, args.maxWarnings!));
  return code;
}

/**
 * The run's report, written to --report FILE when asked, and the counts of the terminal's summary
 * (the report's own; recounted with the report's diagnostic, added to the run's, when it could not
 * be written).
 */
function writeRunReport(
  run: PipelineResult,
  out: OutWrite,
  args: ConvertCommandArgs,
): { summary: ReportSummary; written?: string } {
  // packaged jobs are compared (in auto mode) even when no comparison was asked for
  const mode = comparing(args) ?? (run.jobs.some((j) => j.comparison) ? 'auto' : undefined);
  const planned = plannedJobs(out);
  const report = buildReport(run, {
    target: args.target,
    outcomes: out.outcomes,
    install: (job) => installAction(job, out, planned),
    run: {
      ...(args.out !== undefined && !args.check ? { out: args.out } : {}),
      dryRun: args.dryRun,
      check: Boolean(args.check),
      ...(mode ? { mode } : {}),
    },
  });
  const format = args.report === undefined ? undefined : reportFormatOf(args.report);
  if (args.report === undefined || !format) return { summary: report.summary };
  const failure = writeReportFile(args.report, renderReport(report, format));
  if (!failure) return { summary: report.summary, written: args.report };
  run.diagnostics.push(failure);
  return { summary: summarizeJobs(report.jobs, run.diagnostics, mode !== undefined) };
}

/** The plan's entry of each job by name and file (the first, as a search would find), looked up per job. */
type PlannedJobs = Map<string, NonNullable<OutWrite['plan']>['jobs'][number]>;

/** The plan's entries by job name and file, made once (a search per job made the report quadratic). */
function plannedJobs(out: OutWrite): PlannedJobs {
  const byJob: PlannedJobs = new Map();
  for (const p of out.plan?.jobs ?? []) {
    const key = `${p.job}\0${p.conf}`;
    if (!byJob.has(key)) byJob.set(key, p);
  }
  return byJob;
}

/** What the plan does with a job, for the report: install, drop-in, use the existing unit, or skip (why). */
function installAction(job: JobResult, out: OutWrite, plan: PlannedJobs): InstallAction | undefined {
  const skipped = out.skipped.get(job);
  if (skipped !== undefined) return { action: 'skip', reason: skipped };
  const planned = plan.get(`${job.name}\0${job.conf}`);
  if (!planned) return undefined;
  if (planned.action === 'skip') return { action: 'skip', reason: planned.reason?.message ?? 'skipped by the plan' };
  const action = planned.action === 'drop-in' ? 'dropin' : planned.action;
  return { action, ...(planned.reason ? { reason: planned.reason.message } : {}) };
}
