import fc from 'fast-check';
import { jsonChunks } from './json';

/** The pieces joined. */
const joined = (value: unknown, space?: number, depth?: number): string =>
  [...jsonChunks(value, space, depth)].join('');

describe('jsonChunks', () => {
  it('makes the same text as JSON.stringify, indented or compact, at every depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), fc.nat(4), (value, space, depth) => {
        expect(joined(value, space, depth)).toBe(JSON.stringify(value, null, space));
      }),
    );
  });

  it('leaves out undefined properties and writes undefined array elements as null, as JSON.stringify does', () => {
    const value = { a: undefined, b: [undefined, 1, { c: undefined }], d: {}, e: [], f: 'x\ny' };
    for (const space of [0, 2]) expect(joined(value, space, 3)).toBe(JSON.stringify(value, null, space));
  });

  it('gives an element of a long array at a time, not the array in one piece', () => {
    const pieces = [...jsonChunks({ jobs: Array.from({ length: 1000 }, (_, i) => ({ i })) }, 2)];
    expect(pieces.length).toBeGreaterThan(1000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(40);
  });
});
