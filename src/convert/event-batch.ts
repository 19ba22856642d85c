/**
 * Who emits and who waits for which event in one batch of jobs: the `initctl emit` lines of their
 * scripts, their `emits` stanzas and the events of their `start on` / `stop on`.
 */
import type { UpstartJob } from '../upstart/job';
import { classifyArg, fnmatch } from '../upstart/match';
import { eventLeaves } from '../upstart/lint';
import type { ConvertContext } from './context';

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
  /** `emits` patterns with their jobs */
  declared: Array<{ pattern: string; job: string }>;
  /** event → jobs with that event in `start on` */
  startsOn: Map<string, string[]>;
  /** event → jobs with that event in `stop on` */
  stopsOn: Map<string, string[]>;
  /** KEY → jobs matching `KEY=…` on a job event (started/stopped… X KEY=…) in start on or stop on */
  jobEventKeys: Map<string, string[]>;
  /** job name → its place in the batch (lists come out in batch order) */
  order: Map<string, number>;
}

const BATCH_EVENTS = new WeakMap<ReadonlyMap<string, UpstartJob>, BatchEvents>();

/** The batch's event index (cached per batch). */
export function batchEvents(ctx: ConvertContext): BatchEvents {
  const cached = BATCH_EVENTS.get(ctx.batch);
  if (cached) return cached;
  const index: BatchEvents = {
    scripted: new Map(),
    declared: [],
    startsOn: new Map(),
    stopsOn: new Map(),
    jobEventKeys: new Map(),
    order: new Map(),
  };
  const add = (m: Map<string, string[]>, k: string, v: string): void => {
    const list = m.get(k) ?? [];
    if (!list.includes(v)) m.set(k, [...list, v]);
  };
  for (const [name, job] of ctx.batch) {
    index.order.set(name, index.order.size);
    for (const p of Object.values(job.process))
      for (const e of emittedEvents(p!.value.text)) add(index.scripted, e, name);
    for (const e of job.emits) index.declared.push({ pattern: e.value, job: name });
    if (job.start_on) for (const leaf of eventLeaves(job.start_on.value)) add(index.startsOn, leaf.name, name);
    if (job.stop_on) for (const leaf of eventLeaves(job.stop_on.value)) add(index.stopsOn, leaf.name, name);
    for (const on of [job.start_on, job.stop_on]) {
      if (!on) continue;
      for (const leaf of eventLeaves(on.value)) {
        if (!['starting', 'started', 'stopping', 'stopped'].includes(leaf.name)) continue;
        for (const a of leaf.args.map(classifyArg)) if (a.kind !== 'positional') add(index.jobEventKeys, a.key, name);
      }
    }
  }
  BATCH_EVENTS.set(ctx.batch, index);
  return index;
}

/** Jobs of the batch whose scripts run `initctl emit EVENT`. */
export function scriptedEmitters(event: string, ctx: ConvertContext): string[] {
  return batchEvents(ctx).scripted.get(event) ?? [];
}

/** Jobs of the batch that declare (`emits`) or run (`initctl emit`) an event, in batch order. */
export function emittersOf(event: string, ctx: ConvertContext): string[] {
  const index = batchEvents(ctx);
  const names = new Set([
    ...index.declared.filter((d) => fnmatch(d.pattern, event)).map((d) => d.job),
    ...scriptedEmitters(event, ctx),
  ]);
  return [...names].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}
