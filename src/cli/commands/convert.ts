/**
 * `upstart2systemd convert`: Upstart jobs → systemd units for a target release, printed or
 * written atomically to a directory, with every diagnostic. Exit 0 when every job converted,
 * 1 when any failed (or had an error, or a file could not be written), 2 on usage errors.
 */
import * as path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { type Diagnostic, hasErrors, visible } from '../../diagnostics/diagnostic';
import type { WriteOutcome } from '../../output/write';
import {
  DEFAULT_SCRIPT_DIR,
  type HostRoot,
  type JobResult,
  type Mode,
  type PipelineOptions,
  type PipelineResult,
  REPORT_EXTENSIONS,
  type ReportSummary,
  type Target,
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
  writeJobs,
  writeReportFile,
} from '../../pipeline';
import { type ArgsOf, type CommandEnv, type GlobalArgs, finish, usage } from '../command';
import { describeComparison, existingJson } from '../comparison';
import type { Io } from '../io';
import {
  formatOption,
  isDirectory,
  parsePairs,
  parseVars,
  profileOptions,
  rootUpstartVersionOption,
  targetOptions,
} from '../options';
import { formatDiagnostics, useColor } from '../report';
import { summaryLine } from '../summary';

/** Arguments of the convert command. */
export interface ConvertCommandArgs {
  paths: string[];
  root?: string;
  /** --root opened: a folder, or a tarball read into memory, with the facts `collect` recorded. */
  opened?: HostRoot;
  out?: string;
  stdout: boolean;
  target: Target;
  scripts: NonNullable<PipelineOptions['scripts']>;
  scriptDir?: string;
  format: 'text' | 'json';
  force: boolean;
  dryRun: boolean;
  verbose: boolean;
  /** The grammar; undefined: from the root's facts, else 1.13. */
  upstartVersion?: PipelineOptions['upstartVersion'];
  color?: boolean;
  /** Hardening: profiles for every job, a job-glob → profiles map, variables. */
  profiles?: string[];
  profileMap?: string;
  vars?: Record<string, string>;
  /** Compute exposure scores before/after hardening (systemd-analyze security). */
  score?: boolean;
  /** Existing units: show differences, check for them, or write drop-ins. */
  diff?: boolean;
  check?: boolean;
  mode?: Mode;
  against?: string;
  unitNames?: Record<string, string>;
  /** Write the run's report to this file; its extension picks the format (docs/report.md). */
  report?: string;
}

/** The inputs and outputs of `convert`: paths, --root, --out/--stdout. */
function sourceOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', {
      type: 'string',
      array: true,
      default: [] as string[],
      description: 'job files or directories (default: ROOT/etc/init)',
    })
    .option('root', {
      type: 'string',
      description:
        'a copy of the host root, a folder or the tarball of `collect` (.tar.gz, .tgz, .tar): converts ' +
        'ROOT/etc/init and reads ROOT/etc/default/*, programs and the collected facts under it',
    })
    .option('out', { type: 'string', description: 'write units (and helper scripts) into this directory' })
    .option('stdout', { type: 'boolean', description: 'print the units (the default when --out is not given)' })
    .conflicts('out', 'stdout');
}

/** How script blocks are emitted: --scripts, --script-dir. */
function scriptOptions<T>(y: Argv<T>) {
  return y
    .option('scripts', {
      choices: ['inline', 'files'] as const,
      default: 'inline' as const,
      description: 'script blocks inline (sh -c) or as helper script files beside the units',
    })
    .option('script-dir', {
      type: 'string',
      default: DEFAULT_SCRIPT_DIR,
      description: 'where helper scripts are installed on the target host',
    });
}

/** Writing and reporting: --force, --dry-run, --verbose. */
function writeOptions<T>(y: Argv<T>) {
  return y
    .option('force', { type: 'boolean', default: false, description: 'replace existing files in --out' })
    .option('dry-run', { type: 'boolean', default: false, description: 'write nothing; report what would be written' })
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      description: 'also show notes (info diagnostics)',
    })
    .option('report', {
      type: 'string',
      description: 'write a report of the run to FILE: .md, .html or .json by its extension (docs/report.md)',
    });
}

/** Scoring and the comparison with existing units: --score, --diff, --check, --mode, --against, --unit-name. */
function existingOptions<T>(y: Argv<T>) {
  return y
    .option('score', {
      type: 'boolean',
      default: true,
      description: 'with profiles: exposure before/after from systemd-analyze security (--no-score to skip)',
    })
    .option('diff', {
      type: 'boolean',
      description: 'show how each generated unit differs from the existing one (unified and by directive)',
    })
    .option('check', {
      type: 'boolean',
      description: 'write nothing; exit 1 when any generated unit differs from what exists',
    })
    .option('mode', {
      choices: ['full', 'dropin', 'auto'] as const,
      description:
        'full units, drop-ins for existing units, or auto (drop-in when a unit exists); default full, ' +
        "and auto for jobs of packages that ship a unit (from --root's collected facts)",
    })
    .option('against', {
      type: 'string',
      description: 'compare with the units of this tree (a host root or a directory of units) instead of --root',
    })
    .option('unit-name', {
      type: 'string',
      array: true,
      description: 'JOB=UNIT: the existing unit a job corresponds to (repeatable)',
    });
}

/** Every option of `convert`. */
function builder(y: Argv<GlobalArgs>) {
  const text = 'text, or JSON with every file and diagnostic (docs/convert-json.md)';
  const formats = ['text', 'json'] as const;
  const io = formatOption(scriptOptions(targetOptions(sourceOptions(y))), formats, text);
  return existingOptions(profileOptions(rootUpstartVersionOption(writeOptions(io))));
}

/** The parsed arguments of `convert`. */
type Argvs = ArgsOf<typeof builder>;

/** The `convert` command module. */
export function convertCommand(env: CommandEnv): CommandModule<GlobalArgs, Argvs> {
  return {
    command: 'convert [paths..]',
    describe: 'convert Upstart jobs to systemd units',
    builder,
    handler: (a) => {
      const args = convertArgs(a);
      if (typeof args === 'string') usage(env, args);
      else finish(env, runConvert(args, env.io));
    },
  };
}

/** The command's arguments checked and parsed, or the usage error. */
function convertArgs(a: Argvs): ConvertCommandArgs | string {
  const vars = parseVars(a.var ?? []);
  const unitNames = parsePairs(a['unit-name'] ?? []);
  if (typeof vars === 'string' || typeof unitNames === 'string')
    return typeof vars === 'string' ? vars : (unitNames as string);
  const badName = unitNameProblem(unitNames);
  if (badName) return badName;
  // the units name helper scripts by this path on the target host: it must be absolute and plain
  const scriptDir = a['script-dir'];
  if (!scriptDir.startsWith('/') || /[\u0000-\u001f\u007f\s"'\\%$]/.test(scriptDir))
    return `--script-dir ${visible(scriptDir)}: expected an absolute path without blanks, quotes, % or $`;
  const target = resolveTarget({ target: a.target, systemd: a.systemd });
  if ('error' in target) return target.error;
  if (a.against !== undefined && !isDirectory(a.against)) return `--against ${visible(a.against)}: no such directory`;
  const opened = a.root === undefined ? undefined : openRoot(a.root);
  if (opened && !opened.ok) return `--root ${visible(a.root!)}: ${opened.error}`;
  const badReport = reportProblem(a.report);
  if (badReport) return badReport;
  return {
    paths: a.paths as string[],
    root: a.root,
    ...(opened ? { opened: opened.root } : {}),
    out: a.out,
    stdout: Boolean(a.stdout),
    target,
    scripts: a.scripts,
    scriptDir: a['script-dir'],
    format: a.format,
    force: a.force,
    dryRun: a['dry-run'],
    verbose: a.verbose,
    upstartVersion: a['upstart-version'],
    color: a.color,
    profiles: a.profile,
    profileMap: a['profile-map'],
    vars,
    score: a.score,
    diff: a.diff,
    check: a.check,
    mode: a.mode,
    against: a.against,
    unitNames,
    ...(a.report !== undefined ? { report: a.report } : {}),
  };
}

/** Why `--report FILE` cannot be used (no name, an extension that names no format), or undefined. */
function reportProblem(file: string | undefined): string | undefined {
  // yargs gives an array when the option is repeated
  if (Array.isArray(file)) return '--report: give one report file';
  if (file === undefined || reportFormatOf(file)) return undefined;
  const exts = REPORT_EXTENSIONS.map((e) => `.${e}`).join(', ');
  return `--report ${visible(file)}: the file name must end in ${exts} (the extension picks the format)`;
}

/** The comparison mode when the run compares with existing units (--diff, --check, --mode dropin|auto). */
function comparing(args: ConvertCommandArgs): Mode | undefined {
  return args.diff || args.check || (args.mode ?? 'full') !== 'full' ? (args.mode ?? 'full') : undefined;
}

/** What the pipeline is asked for a run of `convert`. */
function pipelineOptions(args: ConvertCommandArgs): PipelineOptions {
  const compare = args.diff || args.check || args.mode !== undefined;
  return {
    target: args.target,
    scripts: args.scripts,
    scriptDir: args.scriptDir,
    upstartVersion: args.upstartVersion,
    profiles: args.profiles,
    profileMap: args.profileMap,
    vars: args.vars,
    score: args.score,
    ...(compare ? { compare: { mode: args.mode, against: args.against, unitNames: args.unitNames ?? {} } } : {}),
  };
}

/** Runs the convert command and returns its exit code. */
export function runConvert(args: ConvertCommandArgs, io: Io): number {
  const run = convert({ paths: args.paths, root: args.root, opened: args.opened }, pipelineOptions(args));
  const { jobs, diagnostics: discovery } = run;
  if (run.profileErrors.length) {
    io.stderr(formatDiagnostics(run.profileErrors, useColor(io, args.color)));
    return 2;
  }
  if (jobs.length === 0 && discovery.length === 0) {
    io.stderr(`upstart2systemd: no job files (*.conf) found in ${inputPaths(args).join(' ')}\n`);
    return 1;
  }
  const outcomes =
    args.out && !args.check
      ? writeJobs(jobs, args.out, { force: args.force, dryRun: args.dryRun })
      : new Map<JobResult, WriteOutcome[]>();
  const { summary, written } = writeRunReport(run, outcomes, args);
  const all = [...discovery, ...jobs.flatMap((j) => j.diagnostics)];
  const failed =
    jobs.some((j) => j.status === 'failed') ||
    hasErrors(all) ||
    (args.check === true && jobs.some((j) => differs(j.comparison)));
  if (args.format === 'json') io.stdout(convertJson(run, outcomes, args));
  else printText(run, outcomes, args, io, summaryLine(summary, args.target, { ...args, report: written }));
  return failed ? 1 : 0;
}

/**
 * The run's report, written to --report FILE when asked, and the counts of the terminal's summary
 * (the report's own; recounted with the report's diagnostic, added to the run's, when it could not
 * be written).
 */
function writeRunReport(
  run: PipelineResult,
  outcomes: Map<JobResult, WriteOutcome[]>,
  args: ConvertCommandArgs,
): { summary: ReportSummary; written?: string } {
  // packaged jobs are compared (in auto mode) even when no comparison was asked for
  const mode = comparing(args) ?? (run.jobs.some((j) => j.comparison) ? 'auto' : undefined);
  const report = buildReport(run, {
    target: args.target,
    outcomes,
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

/** The JSON document of a convert run (docs/convert-json.md). */
function convertJson(run: PipelineResult, outcomes: Map<JobResult, WriteOutcome[]>, args: ConvertCommandArgs): string {
  const doc = {
    target: args.target,
    jobs: run.jobs.map((j) => ({
      name: j.name,
      conf: j.conf,
      ...(j.override ? { override: j.override } : {}),
      status: j.status,
      files: j.files.map((f) => {
        const o = outcomes.get(j)?.find((x) => x.path === path.join(args.out ?? '', f.name));
        return { name: f.name, content: f.content, ...(o ? { path: o.path, written: o.status } : {}) };
      }),
      ...(j.exposure ? { exposure: j.exposure } : {}),
      ...(j.comparison ? { existing: existingJson(j.comparison) } : {}),
      diagnostics: j.diagnostics,
    })),
    diagnostics: run.diagnostics,
    ...(run.exposureNote ? { exposureNote: run.exposureNote } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The text output of a convert run: diagnostics on stderr, units or what was written on stdout, the summary line. */
function printText(
  run: PipelineResult,
  outcomes: Map<JobResult, WriteOutcome[]>,
  args: ConvertCommandArgs,
  io: Io,
  summary: string,
): void {
  const { jobs, diagnostics: discovery } = run;
  const color = useColor(io, args.color);
  const shown = (ds: Diagnostic[]): Diagnostic[] => (args.verbose ? ds : ds.filter((d) => d.severity !== 'info'));
  if (discovery.length) io.stderr(formatDiagnostics(shown(discovery), color));
  for (const job of jobs) {
    const ds = shown(job.diagnostics);
    if (ds.length) io.stderr(`${visible(job.name)}:\n` + formatDiagnostics(ds, color));
    const cmp = job.comparison;
    if (cmp && (args.diff || args.check)) io.stdout(describeComparison(job, cmp, color, Boolean(args.diff)));
    if (args.check || (args.diff && !args.out)) continue;
    printJob(job, outcomes, args, io);
  }
  for (const job of jobs) {
    const e = job.exposure;
    if (e?.before !== undefined && e.after !== undefined)
      io.stderr(
        `${visible(job.name)}: exposure ${e.before.toFixed(1)} → ${e.after.toFixed(1)} (systemd-analyze security)\n`,
      );
  }
  if (run.exposureNote) io.stderr(`note: ${run.exposureNote}\n`);
  io.stderr(summary + '\n');
}

/** One job's files: what was written to --out, or the units themselves on stdout. */
function printJob(job: JobResult, outcomes: Map<JobResult, WriteOutcome[]>, args: ConvertCommandArgs, io: Io): void {
  if (args.out) {
    for (const o of outcomes.get(job) ?? []) {
      const verb = {
        written: 'wrote',
        unchanged: 'unchanged',
        'would-write': 'would write',
        exists: 'NOT overwritten (exists)',
        failed: 'FAILED',
      }[o.status];
      io.stdout(`${visible(job.name)}: ${verb} ${visible(o.path)}\n`);
    }
    if (job.status === 'failed' && !outcomes.get(job)?.length) io.stdout(`${visible(job.name)}: not converted\n`);
  } else {
    for (const f of job.files) io.stdout(`### ${f.name}\n${f.content}\n`);
    if (job.status === 'failed') io.stdout(`### ${visible(job.name)}: not converted (see the errors)\n\n`);
  }
}
