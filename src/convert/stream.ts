/**
 * A batch converted one job at a time, so that its memory does not grow with every job's model
 * (docs/performance.md#memory). The batch conversion (index.ts) makes every model, then runs the
 * passes that look across jobs — shared /run and /tmp paths (shared-facts.ts), OnFailure= links
 * (on-failure.ts), ordering cycles (cycles.ts) — then renders. Here:
 *
 * 1. every job is loaded (read once: replay.ts keeps the bytes) to know the batch: what other
 *    jobs read of it and its events (BatchEntry); the parsed job is let go;
 * 2. each job is loaded again from the kept bytes, modelled, edited (idioms, hardening) and
 *    rendered at once, as if no batch pass had anything to say about it; of its model the
 *    passes' inputs are kept as small stand-ins (a few fields);
 * 3. the passes run over the stand-ins, exactly as over the models; the few jobs they change
 *    (a shared path, a failure link, a cut ordering) are converted again with the change applied
 *    where the batch conversion applies it, so every job comes out as the batch conversion makes it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ServiceModel } from '../model/service';
import type { JobSource } from '../read/discover';
import type { ReadFs } from '../read/files';
import type { LoadedJob } from '../read/load';
import { type Recording, recordingFs, replayFs } from '../read/replay';
import type { ConvertContext } from './context';
import { type BatchEntry, BatchStrings, batchEntry } from './batch-entry';
import { type Ordered, breakOrderingCycles } from './cycles';
import {
  type ConvertOptions,
  type ConvertedJob,
  type StagedJob,
  contextOf,
  copyStaged,
  crashDiagnostic,
  editStaged,
  refuseCollisions,
  stageLoaded,
  unitsFor,
} from './index';
import { type FailureLinked, linkFailureHandlers } from './on-failure';
import { type SharingFacts, shareFacts } from './shared-facts';

/** A step of the model stage over one model (idioms, hardening), isolated like editModels. */
export type ModelEdit = (service: ServiceModel) => Diagnostic[];

/** How a streamed batch converts: its loader, its edits (made once the context is known), what sees each job. */
export interface StreamStages {
  /** Loads a job reading through `fs` (the first time the real one, then the record of it). */
  load: (source: JobSource, fs: ReadFs | undefined) => LoadedJob;
  /** Where job files are read (--root's view), or the disk. */
  fs?: ReadFs;
  /** The edits after the model, in order (the idioms). */
  edits: (ctx: ConvertContext) => readonly ModelEdit[];
  /** The hardening, after the edits. */
  harden?: ModelEdit;
  /** Sees each job once it is made, before the next is made (a lean run keeps only its outline). */
  each?: (job: ConvertedJob) => void;
  /**
   * Makes each job also without its hardening, from a copy of its model taken before it (for the
   * exposure scores before hardening), and shows it here once made (what of it to keep).
   */
  before?: (job: ConvertedJob) => void;
}

/** The jobs of a streamed batch, and each made without its hardening when `before` was asked for. */
export interface StreamedBatch {
  jobs: ConvertedJob[];
  before?: ConvertedJob[];
}

/** The two ways a job is made: as asked (hardened), and without its hardening (for the scores before it). */
type Variant = 'after' | 'before';

/** A cut of orderings made by the cycle pass, applied after the edits. */
interface OrderAmend {
  after: readonly string[];
  before: readonly string[];
  diagnostics: readonly Diagnostic[];
}

/** What the batch passes changed of a job, applied where the batch conversion applies it. */
interface Amends {
  facts?: Pick<SharingFacts, 'sharedRuntimeWith' | 'sharesTmpWith'>;
  onFailure?: { units: readonly string[]; diagnostics: readonly Diagnostic[] };
  /** The cut orderings of each variant (the cycle pass runs over each variant's units, as the batch does). */
  order?: Partial<Record<Variant, OrderAmend>>;
}

/** What the batch passes read of a converted job: stand-ins for its model, with only the fields they read. */
interface Traces {
  share?: { facts: SharingFacts };
  failure?: FailureLinked;
  /** Of each variant; absent when an edit failed the job (the cycle pass sees only jobs that reach their units). */
  order: Partial<Record<Variant, Ordered>>;
}

/** One job made: as asked, without its hardening when asked for, and the stand-ins of its models. */
interface Made {
  job: ConvertedJob;
  before?: ConvertedJob;
  traces: Traces;
}

/**
 * Converts the batch's jobs one at a time; the same jobs, files and diagnostics as the batch
 * conversion (`toConvertedJobs(toModels(…))` with the same edits), and with `before` the same
 * unhardened jobs as made from a copy of the models before hardening.
 */
export function convertStreamed(
  sources: readonly JobSource[],
  opts: ConvertOptions,
  stages: StreamStages,
): StreamedBatch {
  const records: Recording[] = [];
  const entries: BatchEntry[] = [];
  const strings = new BatchStrings();
  for (const source of sources) {
    const rec = recordingFs(stages.fs);
    const l = stages.load(source, rec.fs);
    if (l.job) entries.push(batchEntry(l.job, strings));
    records.push(rec.answers);
  }
  const ctx = contextOf(entries, opts);
  const how: How = { edits: stages.edits(ctx), harden: stages.harden, before: Boolean(stages.before) };
  const jobs: ConvertedJob[] = [];
  const before: ConvertedJob[] = [];
  const traces: Traces[] = [];
  const convert = (i: number, amends: Amends): void => {
    const made = convertOne(loadAgain(sources[i]!, records[i]!, stages.load), ctx, how, amends);
    stages.each?.(made.job);
    jobs[i] = made.job;
    if (made.before) {
      stages.before?.(made.before);
      before[i] = made.before;
    }
    traces[i] = made.traces;
  };
  for (let i = 0; i < sources.length; i++) convert(i, {});
  const amends = new Map<number, Amends>();
  for (const i of sharedAndLinked(traces, amends)) convert(i, amends.get(i)!);
  const cut = new Set([...cutOrderings(traces, amends, 'after'), ...cutOrderings(traces, amends, 'before')]);
  for (const i of [...cut].sort((x, y) => x - y)) convert(i, amends.get(i)!);
  refuseCollisions(jobs);
  if (!stages.before) return { jobs };
  refuseCollisions(before);
  return { jobs, before };
}

/** What is made of each job: the edits, the hardening, and whether also without it. */
interface How {
  edits: readonly ModelEdit[];
  harden?: ModelEdit;
  before: boolean;
}

/**
 * A job loaded from the record of its first load. The load never throws for bad input; a replay
 * that fails is a fault of ours, which fails that job only, as every stage's fault does.
 */
function loadAgain(source: JobSource, record: Recording, load: StreamStages['load']): LoadedJob {
  try {
    return load(source, replayFs(record));
  } catch (err) {
    const crash = crashDiagnostic(source.conf, err);
    return { source, job: null, diagnostics: [crash] };
  }
}

/** One job modelled, edited and rendered with the batch passes' amends (and without its hardening when asked); the stand-ins. */
function convertOne(l: LoadedJob, ctx: ConvertContext, how: How, amends: Amends): Made {
  let s: StagedJob = stageLoaded(l, ctx);
  const traces: Traces = { order: {} };
  if (s.job) {
    const svc = s.service;
    if (amends.facts) {
      svc.facts.sharedRuntimeWith = Object.fromEntries(
        Object.entries(amends.facts.sharedRuntimeWith).map(([d, jobs]) => [d, [...jobs]]),
      );
      svc.facts.sharesTmpWith = [...amends.facts.sharesTmpWith];
    }
    if (amends.onFailure) {
      svc.activation.onFailure = [...amends.onFailure.units];
      s.diagnostics.push(...amends.onFailure.diagnostics);
    }
    traces.share = sharingStandIn(svc.facts);
    traces.failure = failureStandIn(s);
  }
  for (const edit of how.edits) s = editStaged(s, edit);
  // the copy the batch conversion takes of each model before hardening (copyModels)
  const plain = how.before ? copyStaged(s) : undefined;
  if (how.harden) s = editStaged(s, how.harden);
  const job = finish(s, ctx, amends.order?.after, traces, 'after');
  if (!plain) return { job, traces };
  return { job, before: finish(plain, ctx, amends.order?.before, traces, 'before'), traces };
}

/** A variant's units after its cut orderings (when the cycle pass cut any), with the stand-in of its orderings. */
function finish(
  s: StagedJob,
  ctx: ConvertContext,
  cut: OrderAmend | undefined,
  traces: Traces,
  variant: Variant,
): ConvertedJob {
  if (s.job) {
    const a = s.service.activation;
    if (cut) {
      a.after = [...cut.after];
      a.before = [...cut.before];
      s.diagnostics.push(...cut.diagnostics);
    }
    const { after, before, wantedBy, requiredBy, wants, requires, bindsTo, partOf } = a;
    traces.order[variant] = {
      job: s.job,
      service: {
        unitName: s.service.unitName,
        template: s.service.template,
        activation: { after, before, wantedBy, requiredBy, wants, requires, bindsTo, partOf },
      },
    };
  }
  return unitsFor(s, ctx);
}

/** What the failure-link pass reads and writes of a model: its unit, the units whose failure starts it, its OnFailure=. */
function failureStandIn(s: Extract<StagedJob, { job: object }>): FailureLinked {
  const { service: svc } = s;
  const a = svc.activation;
  return {
    service: {
      unitName: svc.unitName,
      template: svc.template,
      activation: {
        ...(a.onFailureOf ? { onFailureOf: a.onFailureOf } : {}),
        ...(a.onFailure ? { onFailure: [...a.onFailure] } : {}),
      },
    },
    diagnostics: [],
    file: s.job.file,
  };
}

/**
 * What the shared-paths pass reads of a model's facts, in a copy of its own: the texts the pass
 * scans joined as it joins them (a flat string, not slices that would keep the job's text), the
 * /run directories and the /tmp paths.
 */
function sharingStandIn(f: SharingFacts): { facts: SharingFacts } {
  return {
    facts: {
      job: f.job,
      text: Buffer.from(f.text + f.env.join('\n'), 'utf8').toString('utf8'),
      env: [],
      runtimeDirs: f.runtimeDirs,
      tmp: f.tmp.map((t) => ({ path: t.path })),
      sharedRuntimeWith: {},
      sharesTmpWith: [],
    },
  };
}

/**
 * The shared-paths and failure-link passes over the stand-ins; the jobs they change, in batch
 * order, with what changed recorded in `amends`.
 */
function sharedAndLinked(traces: readonly Traces[], amends: Map<number, Amends>): number[] {
  const shares = traces.flatMap((t) => (t.share ? [t.share] : []));
  shareFacts(shares);
  const links = traces.flatMap((t) => (t.failure ? [t.failure] : []));
  linkFailureHandlers(links);
  const changed: number[] = [];
  traces.forEach((t, i) => {
    const facts = t.share?.facts;
    const shared = facts && (facts.sharesTmpWith.length > 0 || Object.keys(facts.sharedRuntimeWith).length > 0);
    const linked = t.failure && t.failure.diagnostics.length > 0;
    if (!shared && !linked) return;
    amends.set(i, {
      ...(shared ? { facts: { sharedRuntimeWith: facts.sharedRuntimeWith, sharesTmpWith: facts.sharesTmpWith } } : {}),
      ...(linked
        ? { onFailure: { units: t.failure!.service.activation.onFailure ?? [], diagnostics: t.failure!.diagnostics } }
        : {}),
    });
    changed.push(i);
  });
  return changed;
}

/**
 * The cycle pass over one variant's stand-ins; the jobs whose orderings it cut, with the cuts in
 * `amends`.
 */
function cutOrderings(traces: readonly Traces[], amends: Map<number, Amends>, variant: Variant): number[] {
  const at = new Map<Ordered, number>();
  traces.forEach((t, i) => {
    const o = t.order[variant];
    if (o) at.set(o, i);
  });
  if (variant === 'before' && at.size === 0) return [];
  const changed: number[] = [];
  for (const [o, diagnostics] of breakOrderingCycles([...at.keys()])) {
    const i = at.get(o)!;
    const { after, before } = o.service.activation;
    const had = amends.get(i);
    amends.set(i, { ...had, order: { ...had?.order, [variant]: { after, before, diagnostics } } });
    changed.push(i);
  }
  return changed;
}
