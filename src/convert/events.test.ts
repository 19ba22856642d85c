/**
 * and/or trees folded without recursion and without copying at every operator (events.ts,
 * event-combine.ts): the same effect and the same reports as the recursive union of arrays they
 * replaced, for any tree; and trees 100,000 deep in either direction.
 */
import fc from 'fast-check';
import { Diagnostics } from '../diagnostics/collector';
import type { SourcePos } from '../diagnostics/diagnostic';
import { emptyService } from '../model/service';
import { TARGETS } from '../systemd/target';
import type { EventExpr, EventMatch } from '../upstart/job';
import { emptyJob } from '../upstart/job';
import { type ConvertContext, rootFs } from './context';
import { type Effect, type LeafCtx, RANK } from './event-effect';
import { mapLeaf } from './event-leaves';
import { mapTree } from './events';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 1000);

// ---- the recursive mapping this module had (the reference); only "it"/"them" counts distinct jobs ----
function refUnion(a: Effect, b: Effect): Effect {
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
const refFirstPos = (e: EventExpr): SourcePos => (e.type === 'event' ? e.pos : refFirstPos(e.left));
const uniq = (xs: string[]): string[] => [...new Set(xs)];
function refMapTree(e: EventExpr, c: LeafCtx): Effect {
  if (e.type === 'event') return mapLeaf(e, c);
  const left = refMapTree(e.left, c);
  const right = refMapTree(e.right, c);
  const at = refFirstPos(e);
  if (e.type === 'or') {
    if (c.role === 'start' && (left.conditions.length || right.conditions.length)) {
      c.r.report(
        'convert/event-approximated',
        at,
        `${c.role} on (… or …): conditions inside "or" cannot be expressed (systemd ANDs conditions); dropped`,
      );
      return { ...refUnion(left, right), conditions: [] };
    }
    return refUnion(left, right);
  }
  const merged = refUnion(left, right);
  if (c.role === 'stop') {
    if (left.partOf.length + left.bindsTo.length > 0 && right.partOf.length + right.bindsTo.length > 0) {
      c.r.report(
        'convert/event-approximated',
        at,
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
      const kept = new Set(keep.map((p) => p.unit));
      const waited = [left, right]
        .filter((x) => !x.pulls.some((p) => kept.has(p.unit)))
        .flatMap((x) => x.pulls.filter((p) => p.rank === RANK.job).map((p) => p.unit));
      if (waited.length) {
        c.r.report(
          'convert/event-approximated',
          at,
          `start on (… and …): Upstart waited for ${uniq(waited).join(', ')} to start; the unit is only ` +
            `ordered after ${uniq(waited).length > 1 ? 'them' : 'it'} (if it never starts, this unit starts anyway)`,
          `add Requires= if it must not run without ${uniq(waited).join(', ')}`,
        );
      }
      merged.pulls = keep;
    } else {
      c.r.report(
        'convert/event-approximated',
        at,
        'start on (… and …): systemd cannot wait for two independent events; the unit is pulled in by either and ordered after both',
      );
    }
  }
  return merged;
}

/** Leaves of every kind that matter to and/or: job events, boot milestones, conditions, activation, custom events. */
const LEAVES: Array<[string, string[]]> = [
  ['started', ['a']],
  ['started', ['b']],
  ['starting', ['c']],
  ['stopping', ['a']],
  ['stopped', ['d']],
  ['stopped', ['rc', 'RUNLEVEL=[2345]']],
  ['runlevel', ['[2345]']],
  ['runlevel', ['[016]']],
  ['filesystem', []],
  ['local-filesystems', []],
  ['net-device-up', ['IFACE!=lo']],
  ['mounted', ['MOUNTPOINT=/srv']],
  ['socket', ['PROTO=inet', 'PORT=80']],
  ['file', ['FILE=/run/x']],
  ['container', []],
  ['my-event', []],
  ['started', ['rc']],
];

const leafArb = fc.constantFrom(...LEAVES);
const treeArb: fc.Arbitrary<Array<[string, string[]] | 'and' | 'or'>> = fc.array(
  fc.oneof(leafArb, fc.constantFrom<'and' | 'or'>('and', 'or')),
  { minLength: 1, maxLength: 14 },
);

/** A tree from a postfix list (leaves push, operators pop two), each leaf at its own column. */
function treeOf(postfix: Array<[string, string[]] | 'and' | 'or'>): EventExpr | null {
  const stack: EventExpr[] = [];
  postfix.forEach((x, i) => {
    if (typeof x !== 'string') {
      stack.push({
        type: 'event',
        name: x[0],
        args: [...x[1]],
        pos: { file: 'j.conf', line: 1, column: i + 1, offset: i },
      });
    } else if (stack.length >= 2) {
      const right = stack.pop()!;
      stack.push({ type: x, left: stack.pop()!, right });
    }
  });
  return stack.length ? stack.reduce((l, r) => ({ type: 'or', left: l, right: r })) : null;
}

const ctx: ConvertContext = {
  target: TARGETS[1]!,
  scripts: 'inline',
  scriptDir: '/usr/local/lib/upstart2systemd',
  batch: new Map([
    ['a', emptyJob('a', 'a.conf')],
    ['b', emptyJob('b', 'b.conf')],
  ]),
  root: rootFs(undefined),
  hostPath: (f) => f,
};
const leafCtx = (role: 'start' | 'stop'): LeafCtx => ({
  job: emptyJob('j', 'j.conf'),
  ctx,
  r: new Diagnostics({ file: 'j.conf' }),
  svc: emptyService('j'),
  role,
});

/**
 * What an Effect means to the unit: pulls as the units they name (first seen first), every list as
 * is; without what convertEvents decides for the whole tree (Requisite= of `and`s of `started`).
 */
const meaning = ({ allOf: _allOf, pendingAnd: _pending, eventTargets: _targets, ...e }: Effect) => ({
  ...e,
  pulls: uniq(e.pulls.map((p) => p.unit)),
  top: Math.max(-1, ...e.pulls.map((p) => p.rank)),
});

/** The reference's report of an `and` that cannot wait for both. */
const EITHER =
  'start on (… and …): systemd cannot wait for two independent events; the unit is pulled in by either and ordered after both';

/**
 * The reports of a tree in a stable order, with the `and`s left pending reported as the reference
 * reports them (a tree whose pulls are not all `started` services gets no Requisite=; the whole
 * tree's case is tested in tests/convert/events-between-jobs.test.ts).
 */
function reports(c: LeafCtx, e?: Effect) {
  for (const pos of e?.pendingAnd ?? []) c.r.report('convert/event-approximated', pos, EITHER);
  return [...c.r.diagnostics].sort(
    (x, y) => x.column - y.column || x.message.localeCompare(y.message) || (x.hint ?? '').localeCompare(y.hint ?? ''),
  );
}

describe('an and/or tree', () => {
  it.each(['start', 'stop'] as const)(
    'in %s on maps to the effect and reports (in any order) of the recursive union, for any tree',
    (role) => {
      fc.assert(
        fc.property(treeArb, (postfix) => {
          const tree = treeOf(postfix);
          if (!tree) return;
          const [mine, ref] = [leafCtx(role), leafCtx(role)];
          const got = mapTree(tree, mine);
          expect(meaning(got)).toEqual(meaning(refMapTree(tree, ref)));
          expect(reports(mine, got)).toEqual(reports(ref));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each([
    ['to the left', (l: EventExpr, r: EventExpr): EventExpr => ({ type: 'or', left: l, right: r })],
    ['to the right', (l: EventExpr, r: EventExpr): EventExpr => ({ type: 'or', left: r, right: l })],
  ])('of 100,000 "or"s nested %s maps every leaf once', (_how, join) => {
    const leaf = (name: string, args: string[], column: number): EventMatch => ({
      type: 'event',
      name,
      args,
      pos: { file: 'j.conf', line: 1, column, offset: column - 1 },
    });
    let tree: EventExpr = leaf('started', ['a'], 1);
    for (let i = 0; i < 100_000; i++) tree = join(tree, leaf('started', [`job${i}`], i + 2));
    const c = leafCtx('start');
    const effect = mapTree(tree, c);
    expect(new Set(effect.pulls.map((p) => p.unit)).size).toBe(100_001);
    expect(effect.after).toHaveLength(100_001);
  });
});
