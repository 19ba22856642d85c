/**
 * `start on` / `stop on` → dependencies, ordering, install targets, conditions and activation
 * units (docs/upstart-behaviour.md#event-expressions). Each Ubuntu 14.04 event has a row in EVENTS
 * (event-table.ts, rendered into docs/mapping.md); `or` unions what its branches need, `and` keeps
 * every ordering but takes the pull from the branch that happens last, and every approximation is
 * reported.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { ServiceModel } from '../model/service';
import type { EventExpr, UpstartJob } from '../upstart/job';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext } from './context';
import { type Effect, type LeafCtx, RANK, none } from './event-effect';
import { mapLeaf } from './event-leaves';

export { type Effect, argValue, runlevelsMatching } from './event-effect';
export { type EventRow, EVENTS } from './event-table';
export { isCustomEvent } from './event-leaves';
export { emittedEvents, emittersOf, scriptedEmitters } from './event-batch';

/** Unions two effects. */
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
  };
}

/** The position of the first leaf of a tree. */
function firstPos(e: EventExpr): SourcePos {
  return e.type === 'event' ? e.pos : firstPos(e.left);
}

/** Maps a whole tree: `or` = union; `and` = all orderings, pulls from the branch that happens last. */
function mapTree(e: EventExpr, c: LeafCtx): Effect {
  if (e.type === 'event') return mapLeaf(e, c);
  const left = mapTree(e.left, c);
  const right = mapTree(e.right, c);
  if (e.type === 'or') {
    if (c.role === 'start' && (left.conditions.length || right.conditions.length)) {
      c.r.report(
        'convert/event-approximated',
        firstPos(e),
        `${c.role} on (… or …): conditions inside "or" cannot be expressed (systemd ANDs conditions); dropped`,
      );
      return { ...union(left, right), conditions: [] };
    }
    return union(left, right);
  }
  const merged = union(left, right);
  if (c.role === 'stop') {
    if (left.partOf.length + left.bindsTo.length > 0 && right.partOf.length + right.bindsTo.length > 0) {
      c.r.report(
        'convert/event-approximated',
        firstPos(e),
        'stop on (… and …): systemd stops the unit when either condition happens, not only when both have',
      );
    }
    return merged;
  }
  const top = (x: Effect): number => Math.max(-1, ...x.pulls.map((p) => p.rank));
  const [lr, rr] = [top(left), top(right)];
  if (lr >= 0 && rr >= 0) {
    const ru = new Set(right.pulls.map((p) => p.unit));
    const common = left.pulls.filter((p) => ru.has(p.unit));
    const keep = common.length ? common : lr !== rr ? (lr > rr ? left : right).pulls : null;
    if (keep) {
      // what both branches need pulls the unit; a job the other branch waited for is only ordered
      // after (Upstart waited for it, it never started it)
      const kept = new Set(keep.map((p) => p.unit));
      // a branch none of whose pulls is kept had to happen by itself: Upstart waited for its jobs
      const waited = [left, right]
        .filter((x) => !x.pulls.some((p) => kept.has(p.unit)))
        .flatMap((x) => x.pulls.filter((p) => p.rank === RANK.job).map((p) => p.unit));
      if (waited.length) {
        c.r.report(
          'convert/event-approximated',
          firstPos(e),
          `start on (… and …): Upstart waited for ${uniq(waited).join(', ')} to start; the unit is only ` +
            `ordered after ${waited.length > 1 ? 'them' : 'it'} (if it never starts, this unit starts anyway)`,
          `add Requires= if it must not run without ${uniq(waited).join(', ')}`,
        );
      }
      merged.pulls = keep;
    } else {
      c.r.report(
        'convert/event-approximated',
        firstPos(e),
        'start on (… and …): systemd cannot wait for two independent events; the unit is pulled in by either and ordered after both',
      );
    }
  }
  return merged;
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
  const stop = job.stop_on ? mapTree(job.stop_on.value, { job, ctx, r, svc, role: 'stop' }) : none();
  const all = union(start, stop);
  a.wants = uniq(all.wants);
  a.requires = uniq(all.requires);
  a.before = uniq(all.before);
  a.after = uniq(all.after).filter((u) => !a.before.includes(u));
  const both = uniq(all.after).filter((u) => a.before.includes(u));
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
  a.conditions = all.conditions.filter(
    ([k, v], i) => all.conditions.findIndex(([k2, v2]) => k2 === k && v2 === v) === i,
  );
  if (start.socket) a.socket = start.socket;
  if (start.path) a.path = start.path;
  const pulls = uniq(start.pulls.map((p) => p.unit)).filter((u) => u !== 'sockets.target' && u !== 'paths.target');
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
    if (!svc.enabled && !start.emittedBy?.length)
      r.report(
        'convert/not-enabled',
        job.start_on.pos,
        'nothing in start on maps to a systemd unit or target, so the unit has no [Install] section',
        'add WantedBy= by hand once you know what should start it',
      );
  }
}
