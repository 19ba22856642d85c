/**
 * What a batch keeps of each of its jobs for the other jobs' conversions: BatchJob (name, instance,
 * task, manual, expect, start on, stop on) and what the event index reads (event-batch.ts). It is
 * copied out of the parsed job with its strings held once per batch: the parser's strings are
 * slices of the job's text and would keep every job's whole text alive for as long as the batch
 * (docs/performance.md#memory).
 */
import type { EventExpr, Stanza, UpstartJob } from '../upstart/job';
import type { BatchJob } from './context';
import { type EventEntry, eventEntry } from './event-batch';

/** What the batch keeps of a parsed job for the others' conversions: BatchJob and its events. */
export type BatchEntry = BatchJob & EventEntry;

/** The strings of a batch's entries, each held once, as a string of its own (not a slice of a job's text). */
export class BatchStrings {
  private readonly held = new Map<string, string>();

  /** The batch's copy of `s`. */
  of(s: string): string {
    let kept = this.held.get(s);
    if (kept === undefined) {
      kept = Buffer.from(s, 'utf8').toString('utf8');
      this.held.set(kept, kept);
    }
    return kept;
  }

  /**
   * A copy of an event expression whose event names and arguments are the batch's strings; without
   * recursion, since a `start on` may nest 100,000 levels deep.
   */
  events(root: EventExpr): EventExpr {
    const todo: Array<{ x: EventExpr; children: boolean }> = [{ x: root, children: false }];
    const made: EventExpr[] = [];
    for (let top = todo.pop(); top; top = todo.pop()) {
      const { x } = top;
      if (x.type === 'event') {
        made.push({ type: 'event', name: this.of(x.name), args: x.args.map((a) => this.of(a)), pos: x.pos });
      } else if (!top.children) {
        // its children first (left, then right), then the node itself from their copies
        todo.push({ x, children: true }, { x: x.right, children: false }, { x: x.left, children: false });
      } else {
        const right = made.pop()!;
        const left = made.pop()!;
        made.push({ type: x.type, left, right });
      }
    }
    return made[0]!;
  }

  /** A copy of a start on / stop on stanza made of the batch's strings. */
  stanza(s: Stanza<EventExpr>): Stanza<EventExpr> {
    return { ...s, value: this.events(s.value) };
  }
}

/** A parsed job's entry in the batch: what the other jobs' conversions and the event index read of it. */
export function batchEntry(job: UpstartJob, strings: BatchStrings): BatchEntry {
  const { name, instance, task, manual, expect, start_on, stop_on } = job;
  const events = eventEntry(job);
  return {
    name,
    emits: events.emits.map((e) => strings.of(e)),
    scripted: events.scripted.map((e) => strings.of(e)),
    ...(instance ? { instance: { ...instance, value: strings.of(instance.value) } } : {}),
    ...(task ? { task } : {}),
    ...(manual ? { manual } : {}),
    ...(expect ? { expect } : {}),
    ...(start_on ? { start_on: strings.stanza(start_on) } : {}),
    ...(stop_on ? { stop_on: strings.stanza(stop_on) } : {}),
  };
}
