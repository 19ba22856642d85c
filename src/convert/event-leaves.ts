/**
 * Maps one leaf of a `start on` / `stop on` expression: an event of the table (event-table.ts),
 * or one the table does not know — udev devices, user sessions, and the custom events jobs emit
 * among themselves. events.ts combines the leaves of and/or trees.
 */
import type { EventMatch } from '../upstart/job';
import { emittersOf, scriptedEmitters } from './event-batch';
import { type Effect, type LeafCtx, describe, effect, none } from './event-effect';
import { EVENTS } from './event-table';
import { canWaitOnTarget, eventTargetName, shellUnit } from './event-targets';

/** Device events from the udev bridge: `*-device-added|changed|removed`. */
const DEVICE_EVENT = /^[a-z0-9_]+-device-(added|changed|removed)$/;

/** Whether an event is none Upstart, Ubuntu or the udev bridge emits: one jobs emit among themselves. */
export function isCustomEvent(name: string): boolean {
  return (
    !EVENTS.some((e) => e.event === name) &&
    !DEVICE_EVENT.test(name) &&
    !name.startsWith(':sys:') &&
    !name.includes('$')
  );
}

/** Events of an Upstart user session (init --user), which system units never see. */
const USER_SESSION_EVENTS = [
  'session-end',
  'desktop-start',
  'desktop-end',
  'xsession',
  'dconf',
  'indicator-services-start',
  'indicator-services-end',
  'unity8-greeter-started',
];

/** Maps one leaf, dispatching on its name; unknown events are reported with their emitters. */
export function mapLeaf(leaf: EventMatch, c: LeafCtx): Effect {
  const row = EVENTS.find((e) => e.event === leaf.name);
  if (row) return row.handle(leaf, c);
  if (DEVICE_EVENT.test(leaf.name) && leaf.name !== 'net-device-removed') {
    c.r.report(
      'convert/event-unsupported',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: udev device events have no unit-file equivalent`,
      'add a udev rule with TAG+="systemd", ENV{SYSTEMD_WANTS}+="UNIT", or WantedBy= the device unit',
    );
    return none();
  }
  if (leaf.name.startsWith(':sys:') || USER_SESSION_EVENTS.includes(leaf.name)) {
    c.r.report(
      'convert/event-unsupported',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: an Upstart user-session event`,
      'convert the job to a systemd user unit by hand',
    );
    return none();
  }
  if (leaf.name.includes('$')) {
    c.r.report(
      'convert/event-dead',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: event names are never expanded, ` +
        `so this waits for an event literally named "${leaf.name}"`,
    );
    return none();
  }
  return customEvent(leaf, c);
}

/**
 * A custom event: the shim of the batch jobs that emit it from scripts starts (or stops) the unit,
 * and in `start on` the event's target (event-targets.ts) pulls it in for every other emitter.
 */
function customEvent(leaf: EventMatch, c: LeafCtx): Effect {
  const eligible = canWaitOnTarget(c.job);
  const scripted = eligible ? scriptedEmitters(leaf.name, c.ctx).filter((n) => n !== c.job.name) : [];
  const target = c.role === 'start' && eligible ? eventTargetName(leaf.name) : undefined;
  const byTarget = target
    ? `; anything else emits it with "systemctl start ${shellUnit(target)}" ` +
      '(upstart-event-$(systemd-escape EVENT).target), ' +
      'which starts this unit and waits until it is up, as "initctl emit" did'
    : '';
  const pulled = target ? { eventTargets: [leaf.name] } : {};
  if (scripted.length) {
    const verb = c.role === 'start' ? 'starts' : 'stops';
    c.r.report(
      'convert/event-emitted',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: a custom event that ${scripted.join(', ')} emit(s) ` +
        `with "initctl emit ${leaf.name}"; ` +
        `their units' systemctl shim ${verb} ${c.svc.unitName}.service there instead and waits for it, ` +
        `as the emit did (unless the emit could not wait: convert/emit-no-block)${byTarget}`,
      leaf.args.length
        ? `the event's variables (${leaf.args.join(' ')}) are not matched: every emit ${verb} the unit`
        : undefined,
    );
    return c.role === 'start' ? effect({ emittedBy: scripted, ...pulled }) : none();
  }
  const emitters = emittersOf(leaf.name, c.ctx);
  const emitted = emitters.length ? `emitted by ${emitters.join(', ')}` : 'nothing in this conversion emits it';
  c.r.report(
    'convert/event-unknown',
    leaf.pos,
    `${c.role} on ${describe(leaf)}: "${leaf.name}" is not an Upstart or Ubuntu event; ${emitted}${byTarget}`,
    target
      ? `make whatever ran "initctl emit ${leaf.name}" run "systemctl start ${shellUnit(target)}" instead`
      : emitters.length
        ? `make the emitter start this unit (systemctl start ${c.svc.unitName}) instead of emitting the event`
        : 'find what runs "initctl emit ' + leaf.name + '" and make it start this unit with systemctl',
  );
  return effect(pulled);
}
