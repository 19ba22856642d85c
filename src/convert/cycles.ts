/**
 * Ordering cycles across a batch. Upstart events can chain jobs in a loop (`a` starts on
 * `stopped b`, `b` on `started a`) that is harmless as events, but the After=/Before= we derive
 * from them form a cycle, and systemd breaks an ordering cycle at boot by deleting a start job
 * of its own choosing. We break each cycle ourselves, predictably, at the edge the job's events
 * backed least, and say so.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ServiceModel } from '../model/service';
import type { UpstartJob } from '../upstart/job';
import { serviceFileName } from './to-unit';

/** A converted job as the cycle pass sees it. */
export interface Ordered {
  job: UpstartJob;
  service: ServiceModel;
}

/** "from starts after to", declared in `owner`'s After= (or Before=, when owner is `to`). */
interface Edge {
  from: string;
  to: string;
  owner: string;
  list: 'after' | 'before';
  /** the owner's events also pull the other unit's side in (start on started/starting X) */
  backed: boolean;
}

/** Whether unit `a` is pulled in by, or depends on, unit `b` (so ordering a after b is deliberate). */
function pulledBy(a: ServiceModel, b: string): boolean {
  const x = a.activation;
  return [x.wantedBy, x.requiredBy, x.wants, x.requires, x.bindsTo, x.partOf].some((l) => l.includes(b));
}

/** The ordering edges between units of the batch, in a stable order. */
function edgesOf(byUnit: Map<string, Ordered>): Edge[] {
  const edges: Edge[] = [];
  for (const [unit, o] of byUnit) {
    const a = o.service.activation;
    for (const v of a.after)
      if (byUnit.has(v) && v !== unit)
        edges.push({ from: unit, to: v, owner: unit, list: 'after', backed: pulledBy(o.service, v) });
    for (const v of a.before)
      if (byUnit.has(v) && v !== unit)
        edges.push({ from: v, to: unit, owner: unit, list: 'before', backed: pulledBy(o.service, v) });
  }
  return edges.sort((x, y) =>
    (x.from + '\0' + x.to + '\0' + x.owner).localeCompare(y.from + '\0' + y.to + '\0' + y.owner),
  );
}

/** One cycle of the graph as its edges, or null when it has none (depth-first, stable order). */
function findCycle(nodes: string[], edges: Edge[]): Edge[] | null {
  const out = new Map<string, Edge[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)!.push(e);
  const state = new Map<string, 'open' | 'done'>();
  const path: Edge[] = [];
  const visit = (n: string): Edge[] | null => {
    state.set(n, 'open');
    for (const e of out.get(n)!) {
      if (state.get(e.to) === 'open') {
        const start = path.findIndex((p) => p.from === e.to);
        return [...path.slice(start < 0 ? path.length : start), e];
      }
      if (state.has(e.to)) continue;
      path.push(e);
      const c = visit(e.to);
      if (c) return c;
      path.pop();
    }
    state.set(n, 'done');
    return null;
  };
  for (const n of nodes) {
    if (state.has(n)) continue;
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

/**
 * Removes ordering edges until the batch's units have no ordering cycle; returns a warning per
 * removed edge, keyed by the job whose unit lost it.
 */
export function breakOrderingCycles(batch: readonly Ordered[]): Map<Ordered, Diagnostic[]> {
  const byUnit = new Map<string, Ordered>();
  for (const o of batch) byUnit.set(serviceFileName(o.service), o);
  const nodes = [...byUnit.keys()].sort();
  const found = new Map<Ordered, Diagnostic[]>();
  for (
    let edges = edgesOf(byUnit), cycle = findCycle(nodes, edges);
    cycle;
    edges = edgesOf(byUnit), cycle = findCycle(nodes, edges)
  ) {
    const cut = cycle.find((e) => !e.backed) ?? cycle[cycle.length - 1]!;
    const owner = byUnit.get(cut.owner)!;
    const other = cut.list === 'after' ? cut.to : cut.from;
    const a = owner.service.activation;
    a[cut.list] = a[cut.list].filter((u) => u !== other);
    const loop = [...cycle.map((e) => e.from), cycle[0]!.from].join(' → ');
    const directive = `${cut.list === 'after' ? 'After' : 'Before'}=${other}`;
    const why = cut.backed
      ? 'every ordering in the loop is backed by start on, so the last one found'
      : `nothing in start on pulls ${other} in here, so it was the weakest ordering of the loop`;
    const at = owner.job.start_on?.pos ?? owner.job.stop_on?.pos ?? { file: owner.job.file };
    const d = diagnostic(
      'convert/ordering-cycle',
      at,
      `the units order each other in a loop (${loop}, each starting after the next), ` +
        'which systemd would break at boot by dropping a start job of its own choosing; ' +
        `${directive} was left out of this unit (${why})`,
      'check the start on / stop on of these jobs; if that ordering matters more, put it back in a drop-in and remove another one of the loop',
    );
    found.set(owner, [...(found.get(owner) ?? []), d]);
  }
  return found;
}
