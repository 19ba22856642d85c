/**
 * Input of the wrong shape is one usage error naming the option (exit 2), before any job is read:
 * not a per-job failure that reads as if Upstart had rejected a job.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-inputs-');
const JOB = path.join(__dirname, '..', '..', 'examples', 'trusty', 'etc', 'init', 'cobalt-kvd.conf');

describe('input of the wrong shape', () => {
  it('a --root without etc/init is a usage error, not a job named "init" that failed', async () => {
    const root = path.join(tmp.path, 'root');
    fs.mkdirSync(path.join(root, 'etc'), { recursive: true });
    const r = await runCli(['convert', '--root', root]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--root ${root}: the folder has no etc/init folder`);
    expect(r.out).toBe('');
  });

  it('parse and convert of a path that does not exist say so, as a usage error', async () => {
    for (const cmd of ['parse', 'convert']) {
      const r = await runCli([cmd, path.join(tmp.path, 'nonexistent')]);
      expect({ cmd, code: r.code }).toEqual({ cmd, code: 2 });
      expect(r.err).toContain('nonexistent: no such file or directory');
      expect(r.out).not.toContain('Upstart would reject');
    }
  });

  it('a dangling symlink given as a path is named as one', async () => {
    const link = path.join(tmp.path, 'dangling.conf');
    fs.symlinkSync(path.join(tmp.path, 'nowhere.conf'), link);
    const r = await runCli(['parse', link]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file or directory (a symlink to nothing)');
  });

  it('--out naming a file is one usage error, and the file is left alone', async () => {
    const file = tmp.write('a-file', 'keep me\n');
    const r = await runCli(['convert', JOB, '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err.match(/not a folder/g)).toHaveLength(1);
    expect(r.err).not.toContain('ENOTDIR');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('control characters in a missing path are shown as escapes, on one line', async () => {
    const r = await runCli(['parse', path.join(tmp.path, 'bad\nname\r.conf')]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain('no such file or directory');
    expect(r.err).not.toContain('\r');
  });
});
