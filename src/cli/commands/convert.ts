/**
 * `upstart2systemd convert`: Upstart jobs → systemd units for a target release, printed or
 * written atomically to a directory, with every diagnostic. Exit 0 when every job converted,
 * 1 when any failed (or had an error, or a file could not be written), 2 on usage errors.
 */
import * as path from 'node:path';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic';
import { type ConvertedJob, type ConvertOptions, convertJobs } from '../../convert';
import type { ScriptMode } from '../../convert/context';
import { type WriteOutcome, writeOutput } from '../../output/write';
import { discoverJobs } from '../../read/discover';
import { type ProfileMap, hardeningTransform, loadProfileMap } from '../../harden';
import { exposureScores } from '../../harden/exposure';
import type { Comparison, Mode } from '../../diff';
import type { LoadedJob } from '../../read/load';
import { compareAll, describeComparison, differs } from './compare';
import { loadJob } from '../../read/load';
import type { UpstartVersion } from '../../upstart/parser';
import type { Target } from '../../systemd/target';
import type { Io } from '../io';
import { formatDiagnostics, summarize, useColor } from '../report';

/** Arguments of the convert command. */
export interface ConvertCommandArgs {
  paths: string[];
  root?: string;
  out?: string;
  stdout: boolean;
  target: Target;
  scripts: ScriptMode;
  scriptDir?: string;
  format: 'text' | 'json';
  force: boolean;
  dryRun: boolean;
  verbose: boolean;
  upstartVersion: UpstartVersion;
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
}

/** The jobs a run converts: the given paths, or ROOT/etc/init. */
export function inputPaths(args: Pick<ConvertCommandArgs, 'paths' | 'root'>): string[] {
  return args.paths.length ? args.paths : [path.join(args.root ?? '/', 'etc', 'init')];
}

/** What a conversion run produced: the jobs, and (when hardening) the unhardened units and scores. */
export interface ConversionRun {
  jobs: ConvertedJob[];
  loaded: LoadedJob[];
  /** The options the jobs were converted with (hardening included). */
  options: ConvertOptions;
  discovery: Diagnostic[];
  /** Profile errors: nothing is converted when there are any. */
  profileErrors: Diagnostic[];
  /** Exposure scores by job name, before and after hardening. */
  exposure?: Map<string, { before?: number; after?: number }>;
  exposureNote?: string;
}

/** Loads, converts (hardening when profiles are given) and scores; shared by convert and diff. */
export function runConversion(args: ConvertCommandArgs): ConversionRun {
  let map: ProfileMap | undefined;
  if (args.profileMap) {
    const m = loadProfileMap(args.profileMap);
    if (!m.map)
      return { jobs: [], loaded: [], options: { target: args.target }, discovery: [], profileErrors: m.diagnostics };
    map = m.map;
  }
  const hardening =
    args.profiles?.length || map
      ? hardeningTransform({ profiles: args.profiles ?? [], map, vars: args.vars ?? {} })
      : undefined;
  if (hardening?.errors.some((d) => d.severity === 'error'))
    return { jobs: [], loaded: [], options: { target: args.target }, discovery: [], profileErrors: hardening.errors };
  const found = discoverJobs(inputPaths(args));
  const loaded = found.jobs.map((s) => loadJob(s, { upstartVersion: args.upstartVersion }));
  const base: ConvertOptions = {
    target: args.target,
    scripts: args.scripts,
    scriptDir: args.scriptDir,
    root: args.root,
  };
  const options: ConvertOptions = { ...base, transform: hardening?.transform };
  const jobs = convertJobs(loaded, options);
  const run: ConversionRun = { jobs, loaded, options, discovery: found.diagnostics, profileErrors: [] };
  if (hardening && args.score !== false) {
    const before = convertJobs(loaded, base);
    const BEFORE = 'u2s-before--';
    const units = [
      ...before.flatMap((j) =>
        j.files.filter((f) => f.name.endsWith('.service')).map((f) => ({ name: BEFORE + f.name, content: f.content })),
      ),
      ...jobs.flatMap((j) => j.files.filter((f) => f.name.endsWith('.service'))),
    ];
    const result = exposureScores(units);
    run.exposureNote = result.note;
    run.exposure = new Map(
      jobs.map((j) => {
        const svc = j.files.find((f) => f.name.endsWith('.service'))?.name;
        return [j.name, svc ? { before: result.scores.get(BEFORE + svc), after: result.scores.get(svc) } : {}];
      }),
    );
  }
  return run;
}

/** Writes each job's files; a job whose file could not be written counts as failed. */
function writeAll(jobs: ConvertedJob[], args: ConvertCommandArgs): Map<ConvertedJob, WriteOutcome[]> {
  const outcomes = new Map<ConvertedJob, WriteOutcome[]>();
  for (const job of jobs) {
    if (job.status !== 'converted') continue;
    const results = job.files.map((f) => writeOutput(args.out!, f, { force: args.force, dryRun: args.dryRun }));
    for (const o of results) if (o.diagnostic) job.diagnostics.push(o.diagnostic);
    if (results.some((o) => o.status === 'exists' || o.status === 'failed')) job.status = 'failed';
    outcomes.set(job, results);
  }
  return outcomes;
}

/** The `existing` part of a job in JSON output. */
function existingJson(cmp: Comparison): object {
  return {
    unit: cmp.existing
      ? { name: cmp.existing.name, files: cmp.existing.files, matchedBy: cmp.existing.matchedBy }
      : null,
    lookedFor: cmp.lookedFor,
    mode: cmp.mode,
    differs: differs(cmp),
    changes: cmp.changes,
    unified: cmp.unified,
  };
}

/** Runs the convert command and returns its exit code. */
export function runConvert(args: ConvertCommandArgs, io: Io): number {
  const run = runConversion(args);
  const { jobs, discovery } = run;
  if (run.profileErrors.length) {
    io.stderr(formatDiagnostics(run.profileErrors, useColor(io, args.color)));
    return 2;
  }
  if (jobs.length === 0 && discovery.length === 0) {
    io.stderr(`upstart2systemd: no job files (*.conf) found in ${inputPaths(args).join(' ')}\n`);
    return 1;
  }
  const comparing = args.diff || args.check || (args.mode ?? 'full') !== 'full';
  const comparisons = comparing
    ? compareAll(jobs, run.loaded, run.options, {
        mode: args.mode ?? 'full',
        against: args.against,
        root: args.root,
        unitNames: args.unitNames ?? {},
      })
    : new Map<ConvertedJob, Comparison>();
  const outcomes = args.out && !args.check ? writeAll(jobs, args) : new Map<ConvertedJob, WriteOutcome[]>();
  const all = [...discovery, ...jobs.flatMap((j) => j.diagnostics)];
  const failed =
    jobs.some((j) => j.status === 'failed') ||
    hasErrors(all) ||
    (args.check === true && jobs.some((j) => differs(comparisons.get(j))));

  if (args.format === 'json') {
    const doc = {
      target: args.target,
      jobs: jobs.map((j) => ({
        name: j.name,
        conf: j.conf,
        ...(j.override ? { override: j.override } : {}),
        status: j.status,
        files: j.files.map((f) => {
          const o = outcomes.get(j)?.find((x) => x.path === path.join(args.out ?? '', f.name));
          return { name: f.name, content: f.content, ...(o ? { path: o.path, written: o.status } : {}) };
        }),
        ...(run.exposure?.get(j.name) ? { exposure: run.exposure.get(j.name) } : {}),
        ...(comparisons.has(j) ? { existing: existingJson(comparisons.get(j)!) } : {}),
        diagnostics: j.diagnostics,
      })),
      diagnostics: discovery,
      ...(run.exposureNote ? { exposureNote: run.exposureNote } : {}),
    };
    io.stdout(JSON.stringify(doc, null, 2) + '\n');
    return failed ? 1 : 0;
  }

  const color = useColor(io, args.color);
  const shown = (ds: Diagnostic[]): Diagnostic[] => (args.verbose ? ds : ds.filter((d) => d.severity !== 'info'));
  if (discovery.length) io.stderr(formatDiagnostics(shown(discovery), color));
  for (const job of jobs) {
    const ds = shown(job.diagnostics);
    if (ds.length) io.stderr(`${job.name}:\n` + formatDiagnostics(ds, color));
    const cmp = comparisons.get(job);
    if (cmp && (args.diff || args.check)) io.stdout(describeComparison(job, cmp, color, Boolean(args.diff)));
    if (args.check || (args.diff && !args.out)) continue;
    if (args.out) {
      for (const o of outcomes.get(job) ?? []) {
        const verb = {
          written: 'wrote',
          unchanged: 'unchanged',
          'would-write': 'would write',
          exists: 'NOT overwritten (exists)',
          failed: 'FAILED',
        }[o.status];
        io.stdout(`${job.name}: ${verb} ${o.path}\n`);
      }
      if (job.status === 'failed' && !outcomes.get(job)?.length) io.stdout(`${job.name}: not converted\n`);
    } else {
      for (const f of job.files) io.stdout(`### ${f.name}\n${f.content}\n`);
      if (job.status === 'failed') io.stdout(`### ${job.name}: not converted (see the errors)\n\n`);
    }
  }
  if (run.exposure) {
    for (const job of jobs) {
      const e = run.exposure.get(job.name);
      if (e?.before !== undefined && e.after !== undefined)
        io.stderr(`${job.name}: exposure ${e.before.toFixed(1)} → ${e.after.toFixed(1)} (systemd-analyze security)\n`);
    }
    if (run.exposureNote) io.stderr(`note: ${run.exposureNote}\n`);
  }
  const converted = jobs.filter((j) => j.status === 'converted').length;
  const notes = all.filter((d) => d.severity === 'info').length;
  io.stderr(
    `${converted} of ${jobs.length} job${jobs.length === 1 ? '' : 's'} converted for ${args.target.name} (systemd ${args.target.systemd}); ${summarize(all)}${!args.verbose && notes ? ' (--verbose shows the notes)' : ''}${args.dryRun ? '; dry run: nothing written' : ''}\n`,
  );
  return failed ? 1 : 0;
}
