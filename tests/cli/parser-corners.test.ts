/**
 * The parser's corners end to end (issue 17): a job Upstart loads from bytes that are not plain
 * UTF-8 text, or from its .override alone, is converted, and the warning says where.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-corners-');

describe("the parser's corners on the command line", () => {
  it('converts a job whose .conf Upstart rejects from the .override beside it, with a warning at the error', async () => {
    const conf = tmp.write('init/app.conf', 'exec /usr/bin/old\nbogus line\n');
    tmp.write('init/app.override', 'exec /usr/bin/app --serve\nrespawn\n');
    const out = path.join(tmp.path, 'out');
    const r = await runCli(['convert', path.join(tmp.path, 'init'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${conf}:2:1`);
    expect(r.err).toContain('parse/conf-rejected-with-override');
    const unit = fs.readFileSync(path.join(out, 'etc/systemd/system/app.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/app --serve$/m);
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).not.toContain('/usr/bin/old');
  });

  it('converts a job with Latin-1 bytes and a NUL byte into a UTF-8 unit that gains no line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('description "caf'),
      Buffer.from([0xe9, 0x85, 0x0d]),
      Buffer.from('x"\nexec /bin/true\n\0\nrespawn\n'),
    ]);
    const conf = tmp.write('init/cafe.conf', bytes);
    const out = path.join(tmp.path, 'out');
    const r = await runCli(['convert', path.join(tmp.path, 'init'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${conf}:1:17`);
    expect(r.err).toContain('input/not-utf8');
    expect(r.err).toContain(`${conf}:3:1`);
    expect(r.err).toContain('input/nul-byte');
    const raw = fs.readFileSync(path.join(out, 'etc/systemd/system/cafe.service'));
    expect(isUtf8(raw)).toBe(true);
    const unit = raw.toString('utf8');
    expect(unit).not.toMatch(/[\r\0]/);
    expect(unit).toMatch(/^Description=café/m);
    expect(unit.split('\n').filter((l) => l.startsWith('x'))).toEqual([]);
    expect(unit).toMatch(/^ExecStart=\/bin\/true$/m);
    expect(unit).toMatch(/^Restart=always$/m);
  });
});
