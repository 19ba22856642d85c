import { type OrderNode, dependencyOrder } from './order';

/** A node known by `NAME.service` that comes after the given units. */
function node(name: string, after: string[] = [], before: string[] = []): OrderNode {
  return {
    names: [`${name}.service`],
    after: after.map((a) => `${a}.service`),
    before: before.map((b) => `${b}.service`),
  };
}

/** The order as names. */
function names(nodes: OrderNode[]): string[] {
  return dependencyOrder(nodes).order.map((i) => nodes[i]!.names[0]!.replace('.service', ''));
}

describe('the dependency order of a plan', () => {
  it('puts a unit after the units of the batch it names in After=, Requires=, Wants= or BindsTo=', () => {
    expect(names([node('worker', ['db']), node('db'), node('web', ['worker', 'db'])])).toEqual(['db', 'worker', 'web']);
  });

  it('puts a unit before the units it names in Before=', () => {
    expect(names([node('late'), node('early', [], ['late'])])).toEqual(['early', 'late']);
  });

  it('keeps the input order where nothing orders two units, and ignores units outside the batch', () => {
    expect(names([node('c', ['network-online.target']), node('a'), node('b')])).toEqual(['c', 'a', 'b']);
  });

  it('knows a job by every name it has (its socket, the packaged unit its drop-in is for)', () => {
    const nodes: OrderNode[] = [
      { names: ['app.service'], after: ['quill.service'], before: [] },
      { names: ['quill.service', 'quill-spoold.service'], after: [], before: [] },
    ];
    expect(dependencyOrder(nodes).order).toEqual([1, 0]);
  });

  it('cuts a cycle at its first job in input order and says which jobs were waiting on each other', () => {
    const r = dependencyOrder([node('x'), node('a', ['b']), node('b', ['a'])]);
    expect(r.order).toEqual([0, 1, 2]);
    expect(r.cycles).toEqual([[1, 2]]);
  });

  it('orders a chain of 100,000 units in linear time', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => node(`n${i}`, i ? [`n${i - 1}`] : []));
    const t0 = Date.now();
    const { order } = dependencyOrder([...nodes].reverse());
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(order[0]).toBe(99_999);
    expect(order[99_999]).toBe(0);
  });
});
