/**
 * Loading pairs a job with its override as Upstart does, and says when the override could not
 * be used: the job still loads, with a warning.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadJob } from './load';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-load-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const at = (name: string): string => path.join(dir, name);

describe('loading a job with its override', () => {
  it('loads the job without an override it cannot read, with one warning that keeps the reason', () => {
    fs.writeFileSync(at('app.conf'), 'exec /usr/bin/app\n');
    fs.writeFileSync(at('app.override'), Buffer.from([0x6d, 0x61, 0x0a, 0x00]));
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job?.process.main?.value.text).toBe('/usr/bin/app');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'input/override-not-read',
        severity: 'warning',
        file: at('app.override'),
        line: 2,
        column: 1,
        message: 'contains a NUL byte at byte 3: a binary file, not a job',
        hint: 'the override was not applied',
      }),
    ]);
  });

  it('says that an override is not applied when the .conf itself is rejected', () => {
    fs.writeFileSync(at('app.conf'), 'bogus\n');
    fs.writeFileSync(at('app.override'), 'manual\n');
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job).toBeNull();
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['parse/unknown-stanza', 'error'],
      ['parse/conf-rejected-with-override', 'info'],
    ]);
  });
});
