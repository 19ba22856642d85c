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
    fs.mkdirSync(at('app.override'));
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job?.process.main?.value.text).toBe('/usr/bin/app');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'input/override-not-read',
        severity: 'warning',
        file: at('app.override'),
        message: 'is a directory, not a job file',
        hint: 'the override was not applied',
      }),
    ]);
  });

  it("defines the job from the override alone when Upstart rejects the .conf, warning at the .conf's error", () => {
    fs.writeFileSync(at('app.conf'), 'exec /usr/bin/old\nbogus\n');
    fs.writeFileSync(at('app.override'), 'exec /usr/bin/app\nrespawn\n');
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job?.process.main?.value).toEqual({ kind: 'exec', text: '/usr/bin/app' });
    expect(r.job?.respawn?.value).toBe(true);
    expect(r.job).toMatchObject({ name: 'app', file: at('app.conf'), overrideFile: at('app.override') });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'parse/conf-rejected-with-override',
        severity: 'warning',
        file: at('app.conf'),
        line: 2,
        column: 1,
      }),
    ]);
    expect(r.diagnostics[0]!.message).toMatch(/^Unknown stanza: "bogus": Upstart rejected this \.conf/);
  });

  it('loads no job when the .conf and the override beside it are both rejected', () => {
    fs.writeFileSync(at('app.conf'), 'bogus\n');
    fs.writeFileSync(at('app.override'), 'nice 99\n');
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job).toBeNull();
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['parse/unknown-stanza', 'error'],
      ['parse/illegal-nice', 'error'],
    ]);
  });

  it('keeps the partial effect of a failing override line and says what Upstart ran', () => {
    fs.writeFileSync(at('app.conf'), 'nice 5\ndescription "web"\nexec /usr/bin/app\n');
    fs.writeFileSync(at('app.override'), 'nice 40\n');
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job?.nice?.value).toBe(40);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'parse/override-error', severity: 'warning', line: 1, column: 6 }),
    ]);
    expect(r.diagnostics[0]!.message).toContain('Upstart had already stored nice 40');
    expect(r.diagnostics[0]!.message).toContain('the job ran at nice 19');
  });

  it('clears a field a valueless override line names, as Upstart frees it before reading', () => {
    fs.writeFileSync(at('app.conf'), 'description "web"\nchdir /srv\nexec /usr/bin/app\n');
    fs.writeFileSync(at('app.override'), 'chdir\n');
    const r = loadJob({ name: 'app', conf: at('app.conf'), override: at('app.override') });
    expect(r.job?.chdir).toBeUndefined();
    expect(r.job?.description?.value).toBe('web');
    expect(r.diagnostics[0]!.message).toContain('Upstart had already cleared chdir');
  });

  it('reads a NUL byte and Latin-1 bytes in a job, with a warning each, and loads it', () => {
    fs.writeFileSync(
      at('app.conf'),
      Buffer.concat([
        Buffer.from('description "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\nexec /bin/true\n\0\nrespawn\n'),
      ]),
    );
    const r = loadJob({ name: 'app', conf: at('app.conf') });
    expect(r.job?.description?.value).toBe('café');
    expect(r.job?.respawn?.value).toBe(true);
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ['input/nul-byte', 3, 1],
      ['input/not-utf8', 1, 17],
    ]);
  });
});
