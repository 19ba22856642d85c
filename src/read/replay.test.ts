/**
 * A load answered from the record of an earlier one (replay.ts): the same bytes, stats and errors,
 * whatever happened to the files since; a load that asks for something else is refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTextFile } from './files';
import { loadJob } from './load';
import { recordingFs, replayFs } from './replay';

describe('a replayed load', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-replay-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the bytes the first load read, even after the file changed', () => {
    const conf = path.join(dir, 'x.conf');
    fs.writeFileSync(conf, Buffer.from('description "caf\xe9"\nexec /bin/x\n', 'latin1'));
    const rec = recordingFs();
    const first = loadJob({ name: 'x', conf }, { fs: rec.fs });
    fs.writeFileSync(conf, 'exec /bin/changed\n');
    const again = loadJob({ name: 'x', conf }, { fs: replayFs(rec.answers) });
    expect(again).toEqual(first);
    expect(again.job!.description!.value).toBe('café');
    expect(again.diagnostics.map((d) => d.ruleId)).toEqual(['input/not-utf8']);
  });

  it('fails as the first load failed: a missing file, a folder', () => {
    for (const p of [path.join(dir, 'missing.conf'), dir]) {
      const rec = recordingFs();
      const first = readTextFile(p, rec.fs);
      expect(first.ok).toBe(false);
      expect(readTextFile(p, replayFs(rec.answers))).toEqual(first);
    }
  });

  it('refuses a call the first load did not make', () => {
    const conf = path.join(dir, 'x.conf');
    fs.writeFileSync(conf, 'exec /bin/x\n');
    const rec = recordingFs();
    readTextFile(conf, rec.fs);
    const replay = replayFs(rec.answers);
    expect(() => replay.statSync(path.join(dir, 'other.conf'))).toThrow(/did not/);
  });
});
