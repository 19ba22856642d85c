/**
 * Golden files: for every variant in variants.json, converting examples/trusty gives exactly the
 * committed files and messages, byte for byte. A change here is reviewed in the diff of
 * tests/golden/ after `npm run goldens`, never accepted blindly.
 */
import * as path from 'node:path';
import { GOLDEN_DIR, readTree, runVariant, variants } from './run';

describe.each(variants())('the golden run $name', (v) => {
  it('writes exactly the committed files and messages', async () => {
    const expected = readTree(path.join(GOLDEN_DIR, v.name));
    const actual = await runVariant(v);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, bytes] of expected) expect(`${name}:\n${actual.get(name)!.toString('utf8')}`).toBe(`${name}:\n${bytes.toString('utf8')}`);
  });
});
