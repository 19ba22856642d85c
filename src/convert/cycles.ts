/**
 * Ordering cycles across a batch. Upstart events can chain jobs in a loop (`a` starts on
 * `stopped b`, `b` on `started a`) that is harmless as events, but the After=/Before= we derive
 * from them form a cycle, and systemd breaks an ordering cycle at boot by deleting a start job
 * of its own choosing. We break each cycle ourselves, predictably, at the edge the job's events
 * backed least, and say so.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Activation, ServiceModel } from '../model/service';
import type { Stanza, UpstartJob } from '../upstart/job';
import { serviceFileName } from './to-unit';

/** The orderings of a unit the cycle pass reads (and cuts), and what pulls it in. */
export type Orderings = Pick<
  Activation,
  'after' | 'before' | 'wantedBy' | 'requiredBy' | 'wants' | 'requires' | 'bindsTo' | 'partOf'
>;

/** A converted job as the cycle pass sees it. */
export interface Ordered {
  /** Where a cut is said: the job's `start on`, else its `stop on`, else its file. */
  job: OrderedJob;
  service: Pick<ServiceModel, 'unitName' | 'template'> & { activation: Orderings };
}

/** What a cycle's warning reads of the job (its parsed job, or its head: index.ts). */
export type OrderedJob = Pick<UpstartJob, 'file'> & { start_on?: Pick<Stanza<unknown>, 'pos'> } & {
  stop_on?: Pick<Stanza<unknown>, 'pos'>;
};

/** "from starts after to", declared in `owner`'s After= (or Before=, when owner is `to`). */
interface Edge {
  from: string;
  to: string;
  owner: string;
  list: 'after' | 'before';
  /** the owner's events also pull the other unit's side in (start on started/starting X) */
  backed: boolean;
}

/** The units a service is pulled in by or depends on (so ordering it after one of them is deliberate). */
function pulledBy(a: Ordered['service']): Set<string> {
  const x = a.activation;
  return new Set([x.wantedBy, x.requiredBy, x.wants, x.requires, x.bindsTo, x.partOf].flat());
}

let collator: Intl.Collator | undefined;

/**
 * String.prototype.localeCompare's order, without building a collator per comparison; the one
 * collator is made on first use, not at start-up (making it costs ~10 ms, and most runs sort no edges).
 */
function collate(a: string, b: string): number {
  return (collator ??= new Intl.Collator()).compare(a, b);
}

/** The ordering edges between units of the batch, in a stable order. */
function edgesOf(byUnit: Map<string, Ordered>): Edge[] {
  const edges: Edge[] = [];
  for (const [unit, o] of byUnit) {
    const a = o.service.activation;
    const pulled = pulledBy(o.service);
    for (const v of a.after)
      if (byUnit.has(v) && v !== unit)
        edges.push({ from: unit, to: v, owner: unit, list: 'after', backed: pulled.has(v) });
    for (const v of a.before)
      if (byUnit.has(v) && v !== unit)
        edges.push({ from: v, to: unit, owner: unit, list: 'before', backed: pulled.has(v) });
  }
  const keys = new Map(edges.map((e) => [e, e.from + '\0' + e.to + '\0' + e.owner]));
  return edges.sort((x, y) => collate(keys.get(x)!, keys.get(y)!));
}

/** A node on the depth-first path and the next of its edges to follow. */
interface Frame {
  node: string;
  next: number;
}

/**
 * A depth-first search for ordering cycles (nodes in sorted order, edges in `edgesOf` order) that
 * can resume after an edge is cut: it continues exactly as a search started afresh on the graph
 * without that edge would, so cutting k cycles costs no k searches of the whole batch. Iterative:
 * a chain of jobs each starting after the previous one is as deep as the batch.
 */
class CycleSearch {
  private readonly out = new Map<string, Edge[]>();
  private readonly cut = new Set<Edge>();
  private readonly state = new Map<string, 'open' | 'done'>();
  /** Nodes in the order they were reached, and each one's place in it. */
  private readonly reached: string[] = [];
  private readonly reachedAt = new Map<string, number>();
  private readonly stack: Frame[] = [];
  /** The edges followed from each frame to the next, and the frame each open node is on. */
  private readonly path: Edge[] = [];
  private readonly frameOf = new Map<string, number>();
  private root = 0;

  constructor(
    private readonly nodes: readonly string[],
    edges: readonly Edge[],
  ) {
    for (const n of nodes) this.out.set(n, []);
    for (const e of edges) this.out.get(e.from)!.push(e);
  }

  /** The next cycle, as its edges from where it closes back, or null when there is none left. */
  next(): Edge[] | null {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) {
        while (this.root < this.nodes.length && this.state.has(this.nodes[this.root]!)) this.root++;
        if (this.root === this.nodes.length) return null;
        this.enter(this.nodes[this.root]!);
        continue;
      }
      const edges = this.out.get(top.node)!;
      while (top.next < edges.length && this.cut.has(edges[top.next]!)) top.next++;
      const e = edges[top.next++];
      if (!e) {
        this.state.set(top.node, 'done');
        this.frameOf.delete(top.node);
        this.stack.pop();
        this.path.pop();
        continue;
      }
      if (this.state.get(e.to) === 'open') {
        return [...this.path.slice(this.frameOf.get(e.to)!), e];
      }
      if (this.state.has(e.to)) continue;
      this.path.push(e);
      this.enter(e.to);
    }
  }

  /** Cuts an edge (and the identical ones beside it); if the search went through it, it goes back to before it did. */
  remove(edge: Edge): void {
    const list = this.out.get(edge.from)!;
    for (const e of list) if (e.to === edge.to && e.owner === edge.owner && e.list === edge.list) this.cut.add(e);
    const at = this.frameOf.get(edge.from);
    if (at === undefined || this.path[at] !== edge) return;
    // undo everything reached since: a fresh search would have reached it another way, or not yet
    const to = this.reachedAt.get(edge.to)!;
    for (const n of this.reached.splice(to)) {
      this.state.delete(n);
      this.reachedAt.delete(n);
      this.frameOf.delete(n);
    }
    this.stack.length = at + 1;
    this.path.length = at;
  }

  /** Opens a node: on the path, reached now. */
  private enter(node: string): void {
    this.state.set(node, 'open');
    this.reachedAt.set(node, this.reached.length);
    this.reached.push(node);
    this.frameOf.set(node, this.stack.length);
    this.stack.push({ node, next: 0 });
  }
}

/** The warning for a cut ordering, on the job whose unit lost it. */
function cycleWarning(owner: Ordered, cycle: Edge[], cut: Edge, other: string): Diagnostic {
  const loop = [...cycle.map((e) => e.from), cycle[0]!.from].join(' → ');
  const directive = `${cut.list === 'after' ? 'After' : 'Before'}=${other}`;
  const why = cut.backed
    ? 'every ordering in the loop is backed by start on, so the last one found'
    : `nothing in start on pulls ${other} in here, so it was the weakest ordering of the loop`;
  const at = owner.job.start_on?.pos ?? owner.job.stop_on?.pos ?? { file: owner.job.file };
  return diagnostic(
    'convert/ordering-cycle',
    at,
    `the units order each other in a loop (${loop}, each starting after the next), ` +
      'which systemd would break at boot by dropping a start job of its own choosing; ' +
      `${directive} was left out of this unit (${why})`,
    'check the start on / stop on of these jobs; if that ordering matters more, put it back in a drop-in and remove another one of the loop',
  );
}

/**
 * Removes ordering edges until the batch's units have no ordering cycle; returns a warning per
 * removed edge, keyed by the job whose unit lost it.
 */
export function breakOrderingCycles(batch: readonly Ordered[]): Map<Ordered, Diagnostic[]> {
  const byUnit = new Map<string, Ordered>();
  for (const o of batch) byUnit.set(serviceFileName(o.service), o);
  const search = new CycleSearch([...byUnit.keys()].sort(), edgesOf(byUnit));
  const found = new Map<Ordered, Diagnostic[]>();
  for (let cycle = search.next(); cycle; cycle = search.next()) {
    const cut = cycle.find((e) => !e.backed) ?? cycle[cycle.length - 1]!;
    const owner = byUnit.get(cut.owner)!;
    const other = cut.list === 'after' ? cut.to : cut.from;
    const a = owner.service.activation;
    a[cut.list] = a[cut.list].filter((u) => u !== other);
    search.remove(cut);
    const warnings = found.get(owner) ?? [];
    warnings.push(cycleWarning(owner, cycle, cut, other));
    found.set(owner, warnings);
  }
  return found;
}
