/**
 * Who emits and who waits for which event in one batch of jobs: the `initctl emit` lines of their
 * scripts, their `emits` stanzas and the events of their `start on` / `stop on`.
 */
import type { UpstartJob } from '../upstart/job';
import { classifyArg, fnmatch } from '../upstart/match';
import { eventLeaves } from '../upstart/event-tree';
import type { BatchJob, ConvertContext } from './context';

/** `initctl emit [OPTIONS] EVENT` in shell text: the event names (a computed one as `$`). */
export function emittedEvents(text: string): string[] {
  return [
    ...text.matchAll(
      /(?:^|[;&|{(`]|\bthen\b|\bdo\b|\belse\b)\s*(?:exec\s+)?initctl\s+emit\s+((?:-\S+\s+)*)["']?([^\s"';&|)`]+)/gm,
    ),
  ].map((m) => (m[2]!.includes('$') ? '$' : m[2]!));
}

/** Who emits and who waits for which event in one batch: built once, so lookups stay linear in the batch. */
interface BatchEvents {
  /** event → jobs whose scripts run `initctl emit EVENT` */
  scripted: Map<string, string[]>;
  /** `emits` names without a wildcard → their jobs */
  declared: Map<string, string[]>;
  /** `emits` patterns with a wildcard, with their jobs (few: each event asks each of them once) */
  declaredPatterns: Array<{ pattern: string; job: string }>;
  /** event → jobs with that event in `start on` */
  startsOn: Map<string, string[]>;
  /** event → jobs with that event in `stop on` */
  stopsOn: Map<string, string[]>;
  /** KEY → jobs matching `KEY=…` on a job event (started/stopped… X KEY=…) in start on or stop on */
  jobEventKeys: Map<string, string[]>;
  /** job name → its place in the batch (lists come out in batch order) */
  order: Map<string, number>;
  /** emittersOf, by event, once asked */
  emitters: Map<string, string[]>;
}

const BATCH_EVENTS = new WeakMap<ReadonlyMap<string, BatchJob>, BatchEvents>();

/** Lists of jobs by key, each job once, in the order first added: O(1) per addition. */
class JobLists {
  readonly lists = new Map<string, string[]>();
  private readonly seen = new Set<string>();

  /** Adds `job` to the list of `key` unless it is there. */
  add(key: string, job: string): void {
    const id = `${key}\u0000${job}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const list = this.lists.get(key);
    if (list) list.push(job);
    else this.lists.set(key, [job]);
  }
}

/** Job events, whose KEY=… arguments match on the variables of the other job's events. */
const JOB_EVENTS = new Set(['starting', 'started', 'stopping', 'stopped']);

/** Whether an `emits` name is a pattern (fnmatch special characters) rather than one event. */
function isPattern(name: string): boolean {
  return /[*?[\\]/.test(name);
}

/**
 * What the event index reads of a job: its name, `emits` names, the events of its start on /
 * stop on, and the events its scripts emit (`initctl emit`), found once so the text need not stay.
 */
export interface EventEntry {
  name: string;
  emits: readonly string[];
  scripted: readonly string[];
  start_on?: UpstartJob['start_on'];
  stop_on?: UpstartJob['stop_on'];
}

/** What the event index reads of a parsed job. */
export function eventEntry(job: UpstartJob): EventEntry {
  const scripted: string[] = [];
  for (const p of Object.values(job.process)) for (const e of emittedEvents(p!.value.text)) scripted.push(e);
  return {
    name: job.name,
    emits: job.emits.map((e) => e.value),
    scripted,
    ...(job.start_on ? { start_on: job.start_on } : {}),
    ...(job.stop_on ? { stop_on: job.stop_on } : {}),
  };
}

/**
 * Indexes the events of the batch's jobs (by name, in batch order) for `batch`, the batch the
 * context shows: made up front, so each parsed job can go once it is read.
 */
export function indexBatchEvents(batch: ReadonlyMap<string, BatchJob>, jobs: ReadonlyMap<string, EventEntry>): void {
  BATCH_EVENTS.set(batch, eventsOf(jobs));
}

/** Whether a job of the batch is still the parsed job (a context made without indexBatchEvents: a test's). */
function isParsed(job: BatchJob): job is UpstartJob {
  return 'process' in job;
}

/** The batch's event index: the one made up front (indexBatchEvents), else one pass over its parsed jobs. */
export function batchEvents(ctx: ConvertContext): BatchEvents {
  const cached = BATCH_EVENTS.get(ctx.batch);
  if (cached) return cached;
  const parsed = new Map<string, EventEntry>();
  for (const [name, job] of ctx.batch) if (isParsed(job)) parsed.set(name, eventEntry(job));
  const index = eventsOf(parsed);
  BATCH_EVENTS.set(ctx.batch, index);
  return index;
}

/** The event index of the batch's jobs by name, built in one pass over them. */
function eventsOf(jobs: ReadonlyMap<string, EventEntry>): BatchEvents {
  const [scripted, declared, startsOn, stopsOn, jobEventKeys] = [0, 0, 0, 0, 0].map(() => new JobLists());
  const index: BatchEvents = {
    scripted: scripted!.lists,
    declared: declared!.lists,
    declaredPatterns: [],
    startsOn: startsOn!.lists,
    stopsOn: stopsOn!.lists,
    jobEventKeys: jobEventKeys!.lists,
    order: new Map(),
    emitters: new Map(),
  };
  for (const [name, job] of jobs) {
    index.order.set(name, index.order.size);
    for (const e of job.scripted) scripted!.add(e, name);
    for (const e of job.emits) {
      if (isPattern(e)) index.declaredPatterns.push({ pattern: e, job: name });
      else declared!.add(e, name);
    }
    for (const [on, lists] of [
      [job.start_on, startsOn!],
      [job.stop_on, stopsOn!],
    ] as const) {
      if (!on) continue;
      for (const leaf of eventLeaves(on.value)) {
        lists.add(leaf.name, name);
        if (!JOB_EVENTS.has(leaf.name)) continue;
        for (const a of leaf.args.map(classifyArg)) if (a.kind !== 'positional') jobEventKeys!.add(a.key, name);
      }
    }
  }
  return index;
}

/** Jobs of the batch whose scripts run `initctl emit EVENT`. */
export function scriptedEmitters(event: string, ctx: ConvertContext): string[] {
  return batchEvents(ctx).scripted.get(event) ?? [];
}

/** Jobs of the batch that declare (`emits`) or run (`initctl emit`) an event, in batch order. */
export function emittersOf(event: string, ctx: ConvertContext): string[] {
  const index = batchEvents(ctx);
  const known = index.emitters.get(event);
  if (known) return known;
  const names = new Set([
    ...(index.declared.get(event) ?? []),
    ...index.declaredPatterns.filter((d) => fnmatch(d.pattern, event)).map((d) => d.job),
    ...scriptedEmitters(event, ctx),
  ]);
  const sorted = [...names].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
  index.emitters.set(event, sorted);
  return sorted;
}
