/**
 * Custom events (what `initctl emit EVENT` sent) as targets: `upstart-event-EVENT.target`, with the
 * event escaped as systemd-escape does (unit-name escaping: reversible, so two events never share
 * a target) behind a prefix no systemd or distribution target uses (so no event is mistaken for
 * `network.target` & co.). The jobs that start on the event are wanted by it; starting it starts
 * them and, as its Wants= imply After=, returns once they are up — what `initctl emit` did. It
 * stops again as soon as it is reached (StopWhenUnneeded=), so the next start is a new event.
 */
import { escapeInstance, isValidUnitName } from '../systemd/unit-names';
import { batchEvents } from './event-batch';
import type { BatchJob, ConvertContext } from './context';

/** What every event target's name starts with. */
export const EVENT_TARGET_PREFIX = 'upstart-event-';

/** The target of a custom event, or undefined when no valid unit name can hold it (too long). */
export function eventTargetName(event: string): string | undefined {
  if (event === '') return undefined;
  const name = `${EVENT_TARGET_PREFIX}${escapeInstance(event)}.target`;
  return isValidUnitName(name) ? name : undefined;
}

/** A unit name as a shell word (an escaped name's backslashes single-quoted), for the commands messages show. */
export function shellUnit(unit: string): string {
  return /^[A-Za-z0-9_.@:-]+$/.test(unit) ? unit : `'${unit}'`;
}

/** Whether a job can be pulled in by an event target: not `manual`, not an instance job named from the event. */
export function canWaitOnTarget(job: BatchJob | undefined): boolean {
  return Boolean(job && !job.manual && !job.instance?.value.includes('$'));
}

/** The job of the batch that writes an event's target: the first (in batch order) that starts on it. */
export function eventTargetOwner(event: string, ctx: ConvertContext): string | undefined {
  const waiting = batchEvents(ctx).startsOn.get(event) ?? [];
  return waiting.find((name) => canWaitOnTarget(ctx.batch.get(name)));
}
