/**
 * The fuzz script (scripts/fuzz.js) is only worth its runs if its checks can fail: its inputs are
 * the same for the same seed, and its invariants catch an injected line, a continued line and a
 * unit that does not read back as its model.
 */
import * as path from 'node:path';
import { parseUnitFile } from '../../src/systemd/unit-parser';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script, loaded by path
const fuzz = require(path.join(__dirname, '..', '..', 'scripts', 'fuzz.js')) as {
  makeInput(seed: number, i: number, corpus: Buffer[], profiles: Buffer[]): { conf: Buffer; name: string };
  brokenInvariants(lib: { parseUnitFile: typeof parseUnitFile }, job: object): string[];
};

/** A converted job with one unit file whose model has `entries` and whose text is `content`. */
function job(content: string, entries: Array<[string, string]>): object {
  const sections = [{ name: 'Service', entries: entries.map(([key, value]) => ({ key, value })) }];
  return { status: 'converted', files: [{ name: 'x.service', content }], units: [{ name: 'x.service', sections }] };
}

const lib = { parseUnitFile };

describe('the fuzz harness', () => {
  it('makes the same input for the same seed and index, and another for another index', () => {
    const seeds = [Buffer.from('exec /bin/true\n')];
    const profiles = [Buffer.from('description: x\n')];
    expect(fuzz.makeInput(7, 3, seeds, profiles)).toEqual(fuzz.makeInput(7, 3, seeds, profiles));
    expect(fuzz.makeInput(7, 3, seeds, profiles)).not.toEqual(fuzz.makeInput(7, 4, seeds, profiles));
  });

  it('passes a unit that reads back as its model', () => {
    expect(fuzz.brokenInvariants(lib, job('[Service]\nExecStart=/bin/true\n', [['ExecStart', '/bin/true']]))).toEqual(
      [],
    );
  });

  it('catches a CR that systemd would read as a line end', () => {
    const text = '# x\r[Service]\rExecStartPre=/bin/evil\n[Service]\nExecStart=/bin/true\n';
    expect(fuzz.brokenInvariants(lib, job(text, [['ExecStart', '/bin/true']])).join('\n')).toMatch(/raw CR/);
  });

  it('catches a value continued onto the next line by a trailing backslash', () => {
    const text = '[Service]\nEnvironment=X=a\\\nExecStart=/bin/true\n';
    const broken = fuzz.brokenInvariants(
      lib,
      job(text, [
        ['Environment', 'X=a\\'],
        ['ExecStart', '/bin/true'],
      ]),
    );
    expect(broken.join('\n')).toMatch(/backslash/);
  });

  it('catches an entry the model does not have', () => {
    const text = '[Service]\nExecStart=/bin/true\nExecStartPre=/bin/evil\n';
    expect(fuzz.brokenInvariants(lib, job(text, [['ExecStart', '/bin/true']])).join('\n')).toMatch(/2 entries/);
  });
});
