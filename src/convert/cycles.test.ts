/**
 * Breaking ordering cycles with one resumable search (cycles.ts): the same edges cut, in the same
 * order, with the same warnings as restarting the search after every cut did — and a batch whose
 * units order each other in a chain as long as the batch, without recursion.
 */
import fc from 'fast-check';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { emptyService } from '../model/service';
import { emptyJob } from '../upstart/job';
import { type Ordered, breakOrderingCycles } from './cycles';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 1000);

// ---- the search this module had (the reference): restarted from scratch after every cut ----
interface RefEdge {
  from: string;
  to: string;
  owner: string;
  list: 'after' | 'before';
  backed: boolean;
}
function refEdges(byUnit: Map<string, Ordered>): RefEdge[] {
  const edges: RefEdge[] = [];
  for (const [unit, o] of byUnit) {
    const x = o.service.activation;
    const pulled = (b: string) =>
      [x.wantedBy, x.requiredBy, x.wants, x.requires, x.bindsTo, x.partOf].some((l) => l.includes(b));
    for (const v of x.after)
      if (byUnit.has(v) && v !== unit) edges.push({ from: unit, to: v, owner: unit, list: 'after', backed: pulled(v) });
    for (const v of x.before)
      if (byUnit.has(v) && v !== unit)
        edges.push({ from: v, to: unit, owner: unit, list: 'before', backed: pulled(v) });
  }
  return edges.sort((a, b) =>
    (a.from + '\0' + a.to + '\0' + a.owner).localeCompare(b.from + '\0' + b.to + '\0' + b.owner),
  );
}
function refFindCycle(nodes: string[], edges: RefEdge[]): RefEdge[] | null {
  const out = new Map<string, RefEdge[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)!.push(e);
  const state = new Map<string, 'open' | 'done'>();
  const path: RefEdge[] = [];
  const visit = (n: string): RefEdge[] | null => {
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
/** What the reference cut, grouped by owner as breakOrderingCycles groups its warnings: owner, directive, loop. */
function refBreak(batch: readonly Ordered[]): string[] {
  const byUnit = new Map<string, Ordered>();
  for (const o of batch) byUnit.set(`${o.service.unitName}.service`, o);
  const nodes = [...byUnit.keys()].sort();
  const cuts = new Map<string, string[]>();
  for (let cycle = refFindCycle(nodes, refEdges(byUnit)); cycle; cycle = refFindCycle(nodes, refEdges(byUnit))) {
    const cut = cycle.find((e) => !e.backed) ?? cycle[cycle.length - 1]!;
    const a = byUnit.get(cut.owner)!.service.activation;
    const other = cut.list === 'after' ? cut.to : cut.from;
    a[cut.list] = a[cut.list].filter((u) => u !== other);
    const loop = [...cycle.map((e) => e.from), cycle[0]!.from].join(' → ');
    cuts.set(cut.owner, [...(cuts.get(cut.owner) ?? []), `${cut.owner} ${cut.list}=${other} (${loop})`]);
  }
  return [...cuts.values()].flat();
}

/** A batch of units named u0…u(n-1) with the given After=/Before=/Wants= lists. */
function batchOf(units: Array<{ after: number[]; before: number[]; wants: number[] }>): Ordered[] {
  return units.map((u, i) => {
    const service = emptyService(`u${i}`);
    const name = (k: number) => `u${k}.service`;
    service.activation.after = u.after.map(name);
    service.activation.before = u.before.map(name);
    service.activation.wants = u.wants.map(name);
    return { job: emptyJob(`u${i}`, `u${i}.conf`), service };
  });
}

/** The same words from the warnings of breakOrderingCycles, in the order it cut. */
function cutsOf(found: Map<Ordered, Diagnostic[]>): string[] {
  const all: Array<{ d: Diagnostic; owner: Ordered }> = [];
  for (const [owner, ds] of found) for (const d of ds) all.push({ d, owner });
  return all.map(({ d, owner }) => {
    const m = /loop \((.*), each starting.*; (After|Before)=(\S+) was left out/.exec(d.message)!;
    return `${owner.service.unitName}.service ${m[2]!.toLowerCase()}=${m[3]} (${m[1]})`;
  });
}

describe('ordering cycles', () => {
  it('are cut where, and in the order, a search restarted after every cut cut them', () => {
    const size = 7;
    const ids = fc.array(fc.nat(size - 1), { maxLength: 4 });
    const unitArb = fc.record({ after: ids, before: ids, wants: ids });
    fc.assert(
      fc.property(fc.array(unitArb, { minLength: 1, maxLength: size }), (units) => {
        const [mine, ref] = [batchOf(units), batchOf(units)];
        expect(cutsOf(breakOrderingCycles(mine))).toEqual(refBreak(ref));
        expect(mine.map((o) => o.service.activation)).toEqual(ref.map((o) => o.service.activation));
      }),
      { numRuns: RUNS },
    );
  });

  it('are found in a chain of 100,000 units each ordered after the next, closed into a loop', () => {
    const n = 100_000;
    const batch = batchOf(Array.from({ length: n }, (_, i) => ({ after: [(i + 1) % n], before: [], wants: [] })));
    const found = breakOrderingCycles(batch);
    expect([...found.values()].flat()).toHaveLength(1);
    expect(batch.reduce((k, o) => k + o.service.activation.after.length, 0)).toBe(n - 1);
  });

  it('name the loop in the warning on the job that lost the ordering', () => {
    const batch = batchOf([
      { after: [1], before: [], wants: [] },
      { after: [0], before: [], wants: [0] },
    ]);
    const [[owner, [warning]]] = [...breakOrderingCycles(batch)] as [[Ordered, Diagnostic[]]];
    expect(owner.service.unitName).toBe('u0');
    expect(warning).toEqual(
      diagnostic(
        'convert/ordering-cycle',
        { file: 'u0.conf' },
        'the units order each other in a loop (u0.service → u1.service → u0.service, each starting after the next), ' +
          'which systemd would break at boot by dropping a start job of its own choosing; After=u1.service was left ' +
          'out of this unit (nothing in start on pulls u1.service in here, so it was the weakest ordering of the loop)',
        'check the start on / stop on of these jobs; if that ordering matters more, put it back in a drop-in and remove another one of the loop',
      ),
    );
  });
});
