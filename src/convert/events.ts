/**
 * `start on` / `stop on` → dependencies, ordering, install targets, conditions and activation
 * units (docs/upstart-behaviour.md#event-expressions). Each Ubuntu 14.04 event has a row in EVENTS
 * (event-table.ts, rendered into docs/mapping.md); `or` unions what its branches need, `and` keeps
 * every ordering but takes the pull from the branch that happens last, and every approximation is
 * reported.
 */
import type { ServiceModel } from '../model/service';
import { foldExpr } from '../upstart/event-tree';
import type { EventExpr, UpstartJob } from '../upstart/job';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext } from './context';
import {
  type Acc,
  accOf,
  commonPulls,
  emptySeq,
  pullsInOrder,
  seqCat,
  seqItems,
  seqOne,
  toEffect,
  unionAcc,
  withAllOf,
  withoutConditions,
} from './event-combine';
import { type Effect, type LeafCtx, RANK, none } from './event-effect';
import { mapLeaf } from './event-leaves';
import { gateOnStatus } from './on-failure';
import { batchEvents } from './event-batch';
import { canWaitOnTarget, eventTargetName, eventTargetOwner, shellUnit } from './event-targets';
import { unitBaseName } from './names';

export { type Effect, argValue, runlevelsMatching } from './event-effect';
export { type EventRow, EVENTS } from './event-table';
export { isCustomEvent } from './event-leaves';
export { emittedEvents, emittersOf, scriptedEmitters } from './event-batch';

/** Effects of the same shape, united: lists concatenated, the first socket/path kept. */
function union(a: Effect, b: Effect): Effect {
  const u = <T>(x: T[], y: T[]): T[] => [...x, ...y];
  return {
    pulls: u(a.pulls, b.pulls),
    wants: u(a.wants, b.wants),
    requires: u(a.requires, b.requires),
    after: u(a.after, b.after),
    before: u(a.before, b.before),
    bindsTo: u(a.bindsTo, b.bindsTo),
    partOf: u(a.partOf, b.partOf),
    conflicts: u(a.conflicts, b.conflicts),
    requiresMountsFor: u(a.requiresMountsFor, b.requiresMountsFor),
    conditions: u(a.conditions, b.conditions),
    socket: a.socket ?? b.socket,
    path: a.path ?? b.path,
    ...(a.atShutdown || b.atShutdown ? { atShutdown: [...(a.atShutdown ?? []), ...(b.atShutdown ?? [])] } : {}),
    ...(a.emittedBy || b.emittedBy ? { emittedBy: [...(a.emittedBy ?? []), ...(b.emittedBy ?? [])] } : {}),
    ...(a.eventTargets || b.eventTargets
      ? { eventTargets: [...(a.eventTargets ?? []), ...(b.eventTargets ?? [])] }
      : {}),
    ...(a.onFailureOf || b.onFailureOf ? { onFailureOf: [...(a.onFailureOf ?? []), ...(b.onFailureOf ?? [])] } : {}),
  };
}

/**
 * Maps a whole tree: `or` = union; `and` = all orderings, pulls from the branch that happens last.
 * Folded bottom-up without recursion (a tree may be 100,000 deep), each operator in O(1) or O(its
 * smaller branch) (event-combine.ts).
 */
export function mapTree(e: EventExpr, c: LeafCtx): Effect {
  const seq = { next: 0 };
  return toEffect(
    foldExpr<Acc>(
      e,
      (leaf) => accOf(mapLeaf(leaf, c), leaf.pos, seq),
      (op, left, right) => (op.type === 'or' ? mapOr(left, right, c) : mapAnd(left, right, c)),
    ),
  );
}

/** The report of an `and` of two `started` events where Requisite= cannot make the unit wait for both. */
const EITHER =
  'start on (… and …): systemd cannot wait for two independent events; the unit is pulled in by either and ordered after both';

/** Reports the `and`s of `started` events a branch left pending: the tree around them needs only one. */
function flushPending(a: Acc, c: LeafCtx): Acc {
  if (!a.pendingAnd.n) return a;
  for (const pos of seqItems(a.pendingAnd)) c.r.report('convert/event-approximated', pos, EITHER);
  return withAllOf(a, a.allOf, emptySeq());
}

/** `or`: the union; conditions cannot be ORed in systemd, so they are dropped (and reported). */
function mapOr(leftIn: Acc, rightIn: Acc, c: LeafCtx): Acc {
  // either branch alone starts the job: no unit is needed by both, and no `and` below waits for both
  const [left, right] = [flushPending(leftIn, c), flushPending(rightIn, c)];
  return withAllOf(orOf(left, right, c), emptySeq(), emptySeq());
}

/** The union of an `or`'s branches. */
function orOf(left: Acc, right: Acc, c: LeafCtx): Acc {
  if (c.role === 'start' && (left.lists.conditions.n || right.lists.conditions.n)) {
    c.r.report(
      'convert/event-approximated',
      left.pos,
      `${c.role} on (… or …): conditions inside "or" cannot be expressed (systemd ANDs conditions); dropped`,
    );
    return withoutConditions(unionAcc(left, right));
  }
  return unionAcc(left, right);
}

/**
 * `and`: every ordering of both; pulled in by what both need, or by the branch that happens last.
 * Two branches of `started` services are pulled in by either and need both (Requisite=, decided
 * for the whole tree in convertEvents).
 */
function mapAnd(leftIn: Acc, rightIn: Acc, c: LeafCtx): Acc {
  const both =
    c.role === 'start' &&
    leftIn.pulls.top === RANK.job &&
    rightIn.pulls.top === RANK.job &&
    leftIn.allOf.n > 0 &&
    rightIn.allOf.n > 0;
  if (both && commonPulls(leftIn.pulls, rightIn.pulls).size === 0) {
    const u = unionAcc(leftIn, rightIn);
    return withAllOf(u, u.allOf, seqCat(u.pendingAnd, seqOne(leftIn.pos)));
  }
  const [left, right] = [flushPending(leftIn, c), flushPending(rightIn, c)];
  return andOf(left, right, c);
}

/** An `and` that cannot wait for both of its branches: what systemd can express of it. */
function andOf(left: Acc, right: Acc, c: LeafCtx): Acc {
  if (c.role === 'stop') {
    const stops = (x: Acc): number => x.lists.partOf.n + x.lists.bindsTo.n;
    if (stops(left) > 0 && stops(right) > 0) {
      c.r.report(
        'convert/event-approximated',
        left.pos,
        'stop on (… and …): systemd stops the unit when either condition happens, not only when both have',
      );
    }
    return unionAcc(left, right);
  }
  const [lr, rr] = [left.pulls.top, right.pulls.top];
  if (lr < 0 || rr < 0) return unionAcc(left, right);
  const common = commonPulls(left.pulls, right.pulls);
  if (common.size > 0) return unionAcc(left, right, common);
  if (lr === rr) {
    c.r.report('convert/event-approximated', left.pos, EITHER);
    return unionAcc(left, right);
  }
  // the later branch pulls the unit; Upstart waited for the jobs of the other one, which it never
  // started: the unit is only ordered after them
  const [later, earlier] = lr > rr ? [left, right] : [right, left];
  const waited = uniq(
    pullsInOrder(earlier.pulls)
      .filter((p) => p.rank === RANK.job)
      .map((p) => p.unit),
  );
  if (waited.length) {
    c.r.report(
      'convert/event-approximated',
      left.pos,
      `start on (… and …): Upstart waited for ${waited.join(', ')} to start; the unit is only ` +
        `ordered after ${waited.length > 1 ? 'them' : 'it'} (if it never starts, this unit starts anyway)`,
      `add Requires= if it must not run without ${waited.join(', ')}`,
    );
  }
  return unionAcc(left, right, later.pulls);
}

/**
 * `start on started A and started B` as a whole tree: pulled in by A and by B, ordered after both,
 * and Requisite= both, so the start that comes while one of them is down fails and the later one's
 * start pulls the unit in again. Only when every pull is such a job (an `or`, a boot target or a
 * task in the tree pulls it in without both): otherwise the `and`s are reported as approximated.
 */
function requisiteOf(start: Effect, r: Diagnostics): string[] | undefined {
  const pending = start.pendingAnd ?? [];
  const needed = uniq(start.allOf ?? []);
  if (needed.length < 2 || !start.pulls.every((p) => p.rank === RANK.job)) {
    for (const pos of pending) r.report('convert/event-approximated', pos, EITHER);
    return undefined;
  }
  const list = needed.join(' ');
  r.report(
    'convert/event-and-requisite',
    pending[0],
    `start on (${needed.map((u) => `started ${u}`).join(' and ')}): pulled in by each, ordered after all and ` +
      `Requisite=${list}, so it starts once all of them are active, as Upstart waited for all their events. ` +
      'Still different: systemd stops (and restarts) it with any of them, where Upstart left it running; ' +
      '"systemctl start" refuses it while one of them is inactive; and all must be active at the same time, ' +
      'where Upstart remembered an event until the others came, even if its job had stopped since',
    `remove Requisite= if the unit may run with only some of ${list}`,
  );
  return needed;
}

/**
 * The targets of the custom events the job starts on (it is wanted by each); the first job of the
 * batch that starts on an event writes its target, and says so.
 */
function eventTargetsOf(start: Effect, job: UpstartJob, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics) {
  const events = uniq(start.eventTargets ?? []);
  const owned = events.filter((e) => eventTargetOwner(e, ctx) === job.name);
  if (owned.length) svc.activation.eventTargets = owned.map((event) => ({ event, unit: eventTargetName(event)! }));
  for (const { event, unit } of svc.activation.eventTargets ?? []) {
    const waiting = (batchEvents(ctx).startsOn.get(event) ?? []).filter((n) => canWaitOnTarget(ctx.batch.get(n)));
    r.report(
      'convert/event-target',
      job.start_on?.pos,
      `writes ${unit} for the custom event ${event}: "systemctl start ${shellUnit(unit)}" does what "initctl emit ${event}" ` +
        `did — it starts ${waiting.map((n) => unitBaseName(n) + '.service').join(', ')} (wanted by it once enabled) ` +
        'and returns when they are up; the target stops again at once, so the next start is a new event',
      `operators and scripts outside this conversion: replace "initctl emit ${event}" with "systemctl start ${shellUnit(unit)}"`,
    );
  }
  return events.map((e) => eventTargetName(e)!);
}

/** The units whose failure starts the service (OnFailure= there), and the exit status a lone leaf asks for. */
function failureTrigger(units: string[], job: UpstartJob, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics) {
  const a = svc.activation;
  a.onFailureOf = uniq(units);
  const leaf = job.start_on?.value;
  if (leaf?.type === 'event' && a.onFailureOf.length === 1) gateOnStatus(leaf, a.onFailureOf[0]!, svc, ctx, r);
}

/** The units that pull the service in: what start on maps to, and its custom events' targets. */
function pullsOf(start: Effect, job: UpstartJob, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics): string[] {
  const targets = eventTargetsOf(start, job, svc, ctx, r);
  const units = uniq([...start.pulls.map((p) => p.unit), ...targets]);
  return units.filter((u) => u !== 'sockets.target' && u !== 'paths.target');
}

/** Deduplicates, keeping first occurrences. */
function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Applies `start on`, `stop on` and `manual` to the service's activation. */
export function convertEvents(job: UpstartJob, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics): void {
  const a = svc.activation;
  let start = none();
  if (job.start_on) start = mapTree(job.start_on.value, { job, ctx, r, svc, role: 'start' });
  if (start.pendingAnd) a.requisite = requisiteOf(start, r);
  const stop = job.stop_on ? mapTree(job.stop_on.value, { job, ctx, r, svc, role: 'stop' }) : none();
  const all = union(start, stop);
  a.wants = uniq(all.wants);
  a.requires = uniq(all.requires);
  a.before = uniq(all.before);
  const before = new Set(a.before);
  a.after = uniq(all.after).filter((u) => !before.has(u));
  const both = uniq(all.after).filter((u) => before.has(u));
  if (both.length) {
    r.report(
      'convert/event-approximated',
      job.stop_on?.pos ?? job.start_on?.pos,
      `${both.join(', ')} would be both Before= (start on starting) and After= (stop on stopping): ` +
        'an ordering cycle systemd refuses; only Before= is kept, ' +
        `so at stop this unit is stopped after ${both.join(', ')} instead of before it`,
    );
  }
  if (start.atShutdown) a.atShutdown = uniq(start.atShutdown);
  a.bindsTo = uniq(all.bindsTo);
  a.partOf = uniq(all.partOf);
  a.conflicts = uniq(all.conflicts);
  a.requiresMountsFor = uniq(all.requiresMountsFor);
  const seen = new Set<string>();
  a.conditions = all.conditions.filter(([k, v]) => !seen.has(`${k}\u0000${v}`) && seen.add(`${k}\u0000${v}`));
  if (start.onFailureOf) failureTrigger(start.onFailureOf, job, svc, ctx, r);
  if (start.socket) a.socket = start.socket;
  if (start.path) a.path = start.path;
  const pulls = pullsOf(start, job, svc, ctx, r);
  if (job.manual) {
    svc.enabled = false;
    r.report(
      'convert/manual',
      job.manual.pos,
      'manual: the unit has no [Install] section and is started only by hand (systemctl start)',
    );
  } else if (!job.start_on) {
    svc.enabled = Boolean(a.socket || a.path);
    r.report(
      'convert/no-start-on',
      undefined,
      'no start on: the job was started only by hand or by other jobs; the unit has no [Install] section',
    );
  } else {
    a.wantedBy = pulls;
    svc.enabled = pulls.length > 0 || Boolean(a.socket || a.path);
    if (!svc.enabled && !start.emittedBy?.length && !start.onFailureOf)
      r.report(
        'convert/not-enabled',
        job.start_on.pos,
        'nothing in start on maps to a systemd unit or target, so the unit has no [Install] section',
        'add WantedBy= by hand once you know what should start it',
      );
  }
}
