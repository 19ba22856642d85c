/**
 * The order migrate.sh enables and starts jobs in: a unit comes after the units of the batch it
 * names in After=, Requires=, Wants= or BindsTo= (and before those it names in Before=), as
 * systemd would order their start jobs. Ties keep the input order; a cycle (possible through
 * Wants= without After=) is broken by taking its first job in input order, and reported.
 */

/** One job as the ordering sees it. */
export interface OrderNode {
  /** The unit names the job is known by (its service, socket or path unit, the packaged unit). */
  names: readonly string[];
  /** Unit names it must come after: After=, Requires=, Wants=, BindsTo=. */
  after: readonly string[];
  /** Unit names it must come before: Before=. */
  before: readonly string[];
}

/** The order found: indexes into the input, and the groups that had to be cut out of a cycle. */
export interface Ordering {
  order: number[];
  /** Each cut: the node taken out of turn, and the nodes still waiting on each other then. */
  cycles: number[][];
}

/** A min-heap of indexes, so that among the ready jobs the earliest in input order goes first. */
class IndexHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(n: number): void {
    const a = this.items;
    a.push(n);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** The edges between nodes (earlier → its later ones), from the names each node is known by. */
export function orderEdges(nodes: readonly OrderNode[]): Array<Set<number>> {
  const byName = new Map<string, number>();
  nodes.forEach((n, i) => n.names.forEach((name) => byName.has(name) || byName.set(name, i)));
  const out = nodes.map(() => new Set<number>());
  nodes.forEach((n, i) => {
    for (const name of n.after) {
      const j = byName.get(name);
      if (j !== undefined && j !== i) out[j]!.add(i);
    }
    for (const name of n.before) {
      const j = byName.get(name);
      if (j !== undefined && j !== i) out[i]!.add(j);
    }
  });
  return out;
}

/** Orders the nodes so that each comes after what it names (Kahn's algorithm; linear in nodes and edges). */
export function dependencyOrder(nodes: readonly OrderNode[]): Ordering {
  const next = orderEdges(nodes);
  const waiting = nodes.map(() => 0);
  for (const set of next) for (const j of set) waiting[j]!++;
  const ready = new IndexHeap();
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  const order: number[] = [];
  const placed = nodes.map(() => false);
  const cycles: number[][] = [];
  let cursor = 0; // the earliest node not placed yet, for cutting a cycle
  while (order.length < nodes.length) {
    if (ready.size === 0) {
      while (placed[cursor]) cursor++;
      cycles.push(placed.flatMap((p, i) => (p ? [] : [i])));
      waiting[cursor] = 0;
      ready.push(cursor);
    }
    const i = ready.pop();
    if (placed[i]) continue;
    placed[i] = true;
    order.push(i);
    for (const j of next[i]!) if (!placed[j] && --waiting[j]! === 0) ready.push(j);
  }
  return { order, cycles };
}
