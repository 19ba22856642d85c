/**
 * The effect of a branch of an and/or tree while events.ts combines it, kept so that combining
 * two branches costs O(1) for the lists (ropes: concatenation without copying) and O(smaller
 * branch) for the pulls (an index by unit, merged small into large). A tree of 100,000 `or`s, in
 * either direction, then costs O(n) instead of the O(n²) of copying arrays at every operator.
 * What comes out is the Effect the recursive union of arrays gave, with pulls deduplicated.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { PathSpec, SocketSpec } from '../model/service';
import type { Effect } from './event-effect';

/** A list as a rope: items, or the concatenation of two ropes (never copied until the end). */
export interface Seq<T> {
  readonly n: number;
  readonly items?: readonly T[];
  readonly left?: Seq<T>;
  readonly right?: Seq<T>;
}

const EMPTY: Seq<never> = { n: 0, items: [] };

/** A rope holding `items`. */
function seqOf<T>(items: readonly T[]): Seq<T> {
  return items.length ? { n: items.length, items } : EMPTY;
}

/** `a` then `b`, in O(1). */
function cat<T>(a: Seq<T>, b: Seq<T>): Seq<T> {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  return { n: a.n + b.n, left: a, right: b };
}

/** The items of a rope, in order (iteratively: a rope is as deep as the tree it came from). */
export function seqItems<T>(s: Seq<T>): T[] {
  const out: T[] = [];
  const work: Array<Seq<T>> = [s];
  while (work.length > 0) {
    const x = work.pop()!;
    if (x.items) for (const item of x.items) out.push(item);
    else work.push(x.right!, x.left!);
  }
  return out;
}

/** A pull, numbered in the order leaves made it (left before right, like the arrays' order). */
export interface Pull {
  unit: string;
  rank: number;
  seq: number;
}

/**
 * The pulls of a branch by unit, one per unit and rank (the earliest): what `and` asks of pulls
 * (the highest rank, the units both sides share) never depends on duplicates.
 */
export interface PullSet {
  byUnit: Map<string, Pull[]>;
  size: number;
  /** The highest rank, -1 when there are no pulls. */
  top: number;
}

/** The list fields of an Effect, which `and` and `or` only concatenate. */
const LISTS = [
  'wants',
  'requires',
  'after',
  'before',
  'bindsTo',
  'partOf',
  'conflicts',
  'requiresMountsFor',
  'conditions',
] as const;
type ListField = (typeof LISTS)[number];

/** A branch's effect while the tree is combined, and where its first leaf is (for reports). */
export interface Acc {
  pos: SourcePos;
  pulls: PullSet;
  lists: { [K in ListField]: Seq<Effect[K][number]> };
  socket?: SocketSpec;
  path?: PathSpec;
  atShutdown?: Seq<string>;
  emittedBy?: Seq<string>;
  onFailureOf?: Seq<string>;
  eventTargets?: Seq<string>;
  /** Units that are all active whenever this branch is true (`started X` leaves joined by `and`). */
  allOf: Seq<string>;
  /** Where an `and` of two `started` branches was folded, its report left to the whole tree (events.ts). */
  pendingAnd: Seq<SourcePos>;
}

/** A leaf's effect as a branch; `seq` numbers its pulls after those of the leaves before it. */
export function accOf(e: Effect, pos: SourcePos, seq: { next: number }): Acc {
  const pulls: PullSet = { byUnit: new Map(), size: 0, top: -1 };
  for (const p of e.pulls) addPull(pulls, { unit: p.unit, rank: p.rank, seq: seq.next++ });
  const lists = {} as Acc['lists'];
  for (const k of LISTS) (lists as Record<ListField, Seq<unknown>>)[k] = seqOf<unknown>(e[k]);
  return {
    pos,
    pulls,
    lists,
    ...(e.socket ? { socket: e.socket } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(e.atShutdown ? { atShutdown: seqOf(e.atShutdown) } : {}),
    ...(e.emittedBy ? { emittedBy: seqOf(e.emittedBy) } : {}),
    ...(e.onFailureOf ? { onFailureOf: seqOf(e.onFailureOf) } : {}),
    ...(e.eventTargets ? { eventTargets: seqOf(e.eventTargets) } : {}),
    allOf: seqOf(e.allOf ?? []),
    pendingAnd: EMPTY,
  };
}

/** Adds a pull to a set, keeping the earliest of a unit and rank. */
function addPull(s: PullSet, p: Pull): void {
  const same = s.byUnit.get(p.unit);
  if (!same) {
    s.byUnit.set(p.unit, [p]);
  } else {
    const i = same.findIndex((x) => x.rank === p.rank); // a unit has a handful of ranks at most
    if (i < 0) same.push(p);
    else {
      if (p.seq < same[i]!.seq) same[i] = p;
      return;
    }
  }
  s.size++;
  if (p.rank > s.top) s.top = p.rank;
}

/** Both sets of pulls, merged small into large (the sets are used up). */
function unionPulls(a: PullSet, b: PullSet): PullSet {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const pulls of small.byUnit.values()) for (const p of pulls) addPull(large, p);
  return large;
}

/** The pulls of `left` whose unit `right` pulls too (what both branches of an `and` need); O(smaller). */
export function commonPulls(left: PullSet, right: PullSet): PullSet {
  const out: PullSet = { byUnit: new Map(), size: 0, top: -1 };
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  for (const unit of small.byUnit.keys()) {
    if (!large.byUnit.has(unit)) continue;
    for (const p of left.byUnit.get(unit)!) addPull(out, p);
  }
  return out;
}

/** The pulls of a set in the order their leaves made them. */
export function pullsInOrder(s: PullSet): Pull[] {
  const out: Pull[] = [];
  for (const pulls of s.byUnit.values()) for (const p of pulls) out.push(p);
  return out.sort((x, y) => x.seq - y.seq);
}

/**
 * Two branches together (`or`, and what `and` keeps of both): lists concatenated, pulls merged —
 * or `pulls` when given (the pull sets of both branches are used up either way).
 */
export function unionAcc(a: Acc, b: Acc, pulls?: PullSet): Acc {
  const lists = {} as Acc['lists'];
  for (const k of LISTS) (lists as Record<ListField, Seq<unknown>>)[k] = cat<unknown>(a.lists[k], b.lists[k]);
  const socket = a.socket ?? b.socket;
  const path = a.path ?? b.path;
  return {
    pos: a.pos,
    pulls: pulls ?? unionPulls(a.pulls, b.pulls),
    lists,
    ...(socket ? { socket } : {}),
    ...(path ? { path } : {}),
    ...(a.atShutdown || b.atShutdown ? { atShutdown: cat(a.atShutdown ?? EMPTY, b.atShutdown ?? EMPTY) } : {}),
    ...(a.emittedBy || b.emittedBy ? { emittedBy: cat(a.emittedBy ?? EMPTY, b.emittedBy ?? EMPTY) } : {}),
    ...(a.onFailureOf || b.onFailureOf ? { onFailureOf: cat(a.onFailureOf ?? EMPTY, b.onFailureOf ?? EMPTY) } : {}),
    ...(a.eventTargets || b.eventTargets
      ? { eventTargets: cat(a.eventTargets ?? EMPTY, b.eventTargets ?? EMPTY) }
      : {}),
    allOf: cat(a.allOf, b.allOf),
    pendingAnd: cat(a.pendingAnd, b.pendingAnd),
  };
}

/** The same branch with `allOf` and `pendingAnd` replaced (an `or` is true without all of them). */
export function withAllOf(a: Acc, allOf: Seq<string>, pendingAnd: Seq<SourcePos>): Acc {
  return { ...a, allOf, pendingAnd };
}

/** An empty rope. */
export function emptySeq<T>(): Seq<T> {
  return EMPTY;
}

/** A rope of one item. */
export function seqOne<T>(item: T): Seq<T> {
  return { n: 1, items: [item] };
}

/** The ropes joined. */
export function seqCat<T>(a: Seq<T>, b: Seq<T>): Seq<T> {
  return cat(a, b);
}

/** The same branch without conditions. */
export function withoutConditions(a: Acc): Acc {
  return { ...a, lists: { ...a.lists, conditions: EMPTY } };
}

/** The Effect of a whole tree, its lists in order (pulls once per unit and rank). */
export function toEffect(a: Acc): Effect {
  const e: Effect = {
    pulls: pullsInOrder(a.pulls).map((p) => ({ unit: p.unit, rank: p.rank })),
    wants: seqItems(a.lists.wants),
    requires: seqItems(a.lists.requires),
    after: seqItems(a.lists.after),
    before: seqItems(a.lists.before),
    bindsTo: seqItems(a.lists.bindsTo),
    partOf: seqItems(a.lists.partOf),
    conflicts: seqItems(a.lists.conflicts),
    requiresMountsFor: seqItems(a.lists.requiresMountsFor),
    conditions: seqItems(a.lists.conditions),
  };
  if (a.socket) e.socket = a.socket;
  if (a.path) e.path = a.path;
  if (a.atShutdown) e.atShutdown = seqItems(a.atShutdown);
  if (a.emittedBy) e.emittedBy = seqItems(a.emittedBy);
  if (a.onFailureOf) e.onFailureOf = seqItems(a.onFailureOf);
  if (a.eventTargets) e.eventTargets = seqItems(a.eventTargets);
  if (a.allOf.n) e.allOf = seqItems(a.allOf);
  if (a.pendingAnd.n) e.pendingAnd = seqItems(a.pendingAnd);
  return e;
}
