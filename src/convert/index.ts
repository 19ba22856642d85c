/**
 * Batch conversion in two stages the pipeline (src/pipeline) composes with hardening in between:
 * loaded jobs → service models (with their facts) → [later stages edit the models] → ordering
 * cycles → unit models → the target-version pass → rendered files. Linear and in-process; one
 * failing job never stops the others, and two jobs that would write the same unit are both
 * refused rather than one overwriting the other.
 */
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import { appendAll, type Diagnostic, hasErrors } from '../diagnostics/diagnostic';
import type { HostFacts } from '../model/host';
import type { ServiceModel } from '../model/service';
import type { OutputFile } from '../output/write';
import type { LoadedJob } from '../read/load';
import type { RootTree } from '../read/tree';
import { downgrade } from '../systemd/downgrade';
import { type Emission, emitScript, emitUnit } from '../systemd/emit';
import type { Target } from '../systemd/target';
import type { UnitFile } from '../systemd/unit';
import type { UpstartJob } from '../upstart/job';
import { type BatchJob, type ConvertContext, type ScriptMode, rootFs } from './context';
import { DEFAULT_SCRIPT_DIR } from './defaults';
import { type OrderedJob, breakOrderingCycles } from './cycles';
import { type BatchEntry, BatchStrings, batchEntry } from './batch-entry';
import { indexBatchEvents } from './event-batch';
import { linkFailureHandlers } from './on-failure';
import { shareFacts } from './shared-facts';
import { toService } from './to-service';
import { toUnits } from './to-unit';
import { type JobOutline, outlineOf } from './outline';

/** Options of a conversion run. */
export interface ConvertOptions {
  target: Target;
  /** How shell text is emitted (context.ts); default inline for library callers, auto on the command line. */
  scripts?: ScriptMode;
  scriptDir?: string;
  /** A copy of the host's root (or `/`); job paths under it are shown as the host sees them. */
  root?: string;
  /** Where the root's files are: the disk (default) or a tarball read into memory. */
  tree?: RootTree;
  /** What `collect` recorded about the host, when the root holds it. */
  host?: HostFacts;
}

export { DEFAULT_SCRIPT_DIR } from './defaults';

/** The result for one job. */
export interface ConvertedJob {
  name: string;
  conf: string;
  override?: string;
  status: 'converted' | 'failed';
  service?: ServiceModel;
  units: UnitFile[];
  /** Rendered units and helper scripts, by file name. */
  files: OutputFile[];
  diagnostics: Diagnostic[];
  /**
   * What the migration plan reads of `service` and `units`, kept by a lean conversion (`leanJob`),
   * which drops them: `service` is then absent and `units` empty.
   */
  outline?: JobOutline;
}

/**
 * What the later stages read of a loaded job once its model exists: its source and the load's
 * diagnostics, not the parsed job (about 4.8 KB a job, let go then).
 */
export type StagedSource = Pick<LoadedJob, 'source' | 'diagnostics'>;

/** What the later stages read of a parsed job: its name and file, where its events are (cycles.ts). */
export type JobHead = Pick<UpstartJob, 'name'> & OrderedJob;

/** A job on its way through the conversion: its service model and diagnostics so far, or why it has none. */
export type StagedJob =
  | { loaded: StagedSource; job: JobHead; service: ServiceModel; diagnostics: Diagnostic[] }
  | { loaded: StagedSource; job: null; crash?: Diagnostic };

/** A batch after the model stage: the context it was converted in, and each job in input order. */
export interface ModelBatch {
  ctx: ConvertContext;
  staged: StagedJob[];
}

/** A job file's path as the converted host sees it (relative to --root). */
export function hostPathFor(root: string | undefined, file: string): string {
  if (root === undefined) return file;
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel.startsWith('..') ? file : '/' + rel;
}

/**
 * What converting a batch may consult: the target, script options, the batch's jobs (what other
 * jobs read of them: BatchJob; their events indexed here), --root.
 */
function contextFor(loaded: readonly LoadedJob[], opts: ConvertOptions): ConvertContext {
  const entries: BatchEntry[] = [];
  const strings = new BatchStrings();
  for (const l of loaded) if (l.job) entries.push(batchEntry(l.job, strings));
  return contextOf(entries, opts);
}

/** The context of a batch from its jobs' entries, in batch order (a later job of a name takes its place). */
export function contextOf(entries: readonly BatchEntry[], opts: ConvertOptions): ConvertContext {
  // a map keeps the first one's place
  const byName = new Map<string, BatchEntry>();
  for (const e of entries) byName.set(e.name, e);
  const batch = new Map<string, BatchJob>();
  for (const [name, e] of byName) batch.set(name, e);
  indexBatchEvents(batch, byName);
  return {
    target: opts.target,
    scripts: opts.scripts ?? 'inline',
    scriptDir: opts.scriptDir ?? DEFAULT_SCRIPT_DIR,
    batch,
    root: rootFs(opts.root, opts.tree, opts.host),
    ...(opts.host ? { host: opts.host } : {}),
    hostPath: (f) => hostPathFor(opts.root, f),
  };
}

/** A parsed job's head: what is read of it once its model exists. */
export function headOf(job: UpstartJob): JobHead {
  return {
    name: job.name,
    file: job.file,
    ...(job.start_on ? { start_on: { pos: job.start_on.pos } } : {}),
    ...(job.stop_on ? { stop_on: { pos: job.stop_on.pos } } : {}),
  };
}

/**
 * The model stage: every loaded job's service model (with its facts), then the facts the batch's
 * services share (/run directories, /tmp paths). Failed loads stay in place, without a model.
 * (A lean command-line run converts one job at a time instead: stream.ts.)
 */
export function toModels(loaded: readonly LoadedJob[], opts: ConvertOptions): ModelBatch {
  const ctx = contextFor(loaded, opts);
  const staged = loaded.map((l) => stageLoaded(l, ctx));
  shareFacts(staged.flatMap((s) => (s.job ? [s.service] : [])));
  linkFailureHandlers(
    staged.flatMap((s) => (s.job ? [{ service: s.service, diagnostics: s.diagnostics, file: s.job.file }] : [])),
  );
  return { ctx, staged };
}

/**
 * Runs a later stage (hardening) over each service model, isolated like the conversion: a fault
 * fails that job only. Returns the batch with the step's diagnostics added.
 */
export function editModels(batch: ModelBatch, step: (service: ServiceModel) => Diagnostic[]): ModelBatch {
  return { ctx: batch.ctx, staged: batch.staged.map((s) => editStaged(s, step)) };
}

/** One loaded job's service model (isolated: a fault fails the job), or the load's failure kept in place. */
export function stageLoaded(l: LoadedJob, ctx: ConvertContext): StagedJob {
  const source: StagedSource = { source: l.source, diagnostics: l.diagnostics };
  const job = l.job;
  if (!job) return { loaded: source, job: null };
  return isolated<StagedJob>(
    job,
    () => {
      const { service, diagnostics } = toService(job, ctx);
      return { loaded: source, job: headOf(job), service, diagnostics };
    },
    (crash) => ({ loaded: source, job: null, crash }),
  );
}

/** A copy of a staged job that later stages can change without touching the original's model. */
export function copyStaged(s: StagedJob): StagedJob {
  return s.job ? { ...s, service: structuredClone(s.service), diagnostics: [...s.diagnostics] } : s;
}

/** A later stage's step over one staged job's model, isolated like the conversion, its diagnostics added. */
export function editStaged(s: StagedJob, step: (service: ServiceModel) => Diagnostic[]): StagedJob {
  if (!s.job) return s;
  const { loaded, job, service, diagnostics } = s;
  return isolated<StagedJob>(
    job,
    () => ({ loaded, job, service, diagnostics: [...diagnostics, ...step(service)] }),
    (crash) => ({ loaded, job: null, crash }),
  );
}

/**
 * The unit stage: ordering cycles across the batch, then each model's units, the target-version
 * pass and the rendered files; two jobs that would write the same file are both refused. It takes
 * the batch's models (the batch is empty afterwards): each job's model is let go as soon as its
 * files are made, and `each` (when given) sees the job then, before the next one is made — a lean
 * run drops what it no longer needs there (`leanJob`), so a batch never holds every job's units.
 */
export function toConvertedJobs(batch: ModelBatch, each?: (job: ConvertedJob) => void): ConvertedJob[] {
  const { ctx } = batch;
  breakCycles(batch.staged);
  // the queue lets each model go once its job is made
  const queue: Array<StagedJob | undefined> = batch.staged.splice(0);
  const results: ConvertedJob[] = [];
  for (let i = 0; i < queue.length; i++) {
    const result = unitsFor(queue[i]!, ctx);
    queue[i] = undefined;
    each?.(result);
    results.push(result);
  }
  refuseCollisions(results);
  return results;
}

/** Breaks the ordering cycles across the batch's models, each cut said on the job. */
function breakCycles(staged: readonly StagedJob[]): void {
  const ordered = staged.flatMap((s) => (s.job ? [s] : []));
  for (const [o, ds] of breakOrderingCycles(ordered))
    for (const d of ds) (o as (typeof ordered)[number]).diagnostics.push(d);
}

/**
 * Keeps of a converted job only what writing it, its plan and its report read: its outline in
 * place of its service model and units (about a tenth of their size); its files and diagnostics stay.
 */
export function leanJob(job: ConvertedJob): void {
  if (job.outline) return;
  job.outline = outlineOf(job);
  job.units = [];
  delete job.service;
}

/** Converts every loaded job (without hardening); failed loads and conflicting names come back as failed jobs. */
export function convertJobs(loaded: readonly LoadedJob[], opts: ConvertOptions): ConvertedJob[] {
  return toConvertedJobs(toModels(loaded, opts));
}

/** One staged job's units (after the target pass) and rendered files, or the job failed. */
export function unitsFor(s: StagedJob, ctx: ConvertContext): ConvertedJob {
  const l = s.loaded;
  const base = {
    name: l.source.name,
    conf: l.source.conf,
    ...(l.source.override ? { override: l.source.override } : {}),
  };
  const failed = (diagnostics: Diagnostic[]): ConvertedJob => ({
    ...base,
    status: 'failed',
    units: [],
    files: [],
    diagnostics,
  });
  if (!s.job) return failed(s.crash ? [...l.diagnostics, s.crash] : l.diagnostics);
  const { job, service, diagnostics } = s;
  return isolated<ConvertedJob>(
    job,
    () => {
      const units = toUnits(service).map((u) => {
        const d = downgrade(u, ctx.target, job.file);
        for (const x of d.diagnostics) diagnostics.push(x);
        return d.unit;
      });
      const files = emittedFiles(
        [
          ...units.map((u) => emitUnit(u, ctx.target, { file: job.file })),
          ...service.scripts.map((sc) => emitScript(sc, { file: job.file })),
        ],
        diagnostics,
      );
      const all = l.diagnostics.concat(diagnostics);
      const status = hasErrors(all) ? 'failed' : 'converted';
      return l.source.override
        ? {
            name: base.name,
            conf: base.conf,
            override: l.source.override,
            status,
            service,
            units,
            files,
            diagnostics: all,
          }
        : { name: base.name, conf: base.conf, status, service, units, files, diagnostics: all };
    },
    (crash) => failed([...l.diagnostics, ...diagnostics, crash]),
  );
}

/** The files that passed the emission check; what the check found goes into `diagnostics`. */
export function emittedFiles(emissions: readonly Emission[], diagnostics: Diagnostic[]): OutputFile[] {
  const files: OutputFile[] = [];
  for (const e of emissions) {
    appendAll(diagnostics, e.diagnostics);
    if (e.file) files.push(e.file);
  }
  return files;
}

/**
 * Runs one job's step so that a fault of ours fails that job with a diagnostic instead of
 * stopping the batch (the other jobs still convert).
 */
function isolated<T>(job: Pick<UpstartJob, 'file'>, step: () => T, onCrash: (crash: Diagnostic) => T): T {
  try {
    return step();
  } catch (err) {
    return onCrash(crashDiagnostic(job.file, err));
  }
}

/** What a fault of ours while converting a job says on that job (the others still convert). */
export function crashDiagnostic(file: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return diagnostic(
    'internal/error',
    { file },
    `upstart2systemd failed on this job (a fault of the tool, not of the job): ${message}`,
    'the other jobs were converted; please report this with the job file',
  );
}

/** Marks every job whose output file name another job also produces as failed. */
export function refuseCollisions(results: ConvertedJob[]): void {
  const owners = new Map<string, ConvertedJob[]>();
  for (const r of results) {
    for (const f of r.files) {
      const jobs = owners.get(f.name);
      if (jobs) jobs.push(r);
      else owners.set(f.name, [r]);
    }
  }
  for (const [file, jobs] of owners) {
    if (jobs.length < 2) continue;
    for (const r of jobs) {
      const others = jobs.filter((j) => j !== r).map((j) => j.name);
      r.diagnostics.push(
        diagnostic(
          'convert/unit-name-collision',
          { file: r.conf },
          `job "${r.name}" and job ${others.map((o) => `"${o}"`).join(', ')} both become ${file}; neither is written`,
          'rename one of the jobs (their names differ only in characters unit names cannot hold, such as / vs -)',
        ),
      );
      r.status = 'failed';
      r.files = [];
      r.units = [];
      if (r.outline) r.outline = { units: [], ...(r.outline.service ? { service: r.outline.service } : {}) };
    }
  }
}
