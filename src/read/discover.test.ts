/**
 * Job discovery follows Upstart's directory source: recursive and sorted, `.conf` jobs named by
 * their path, overrides beside them (found with lstat), ignored names skipped, oddities reported.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverJobs, nameForFile } from './discover';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-disc-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (rel: string, text = 'task\n'): string => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

describe('walking a job directory', () => {
  it('finds .conf jobs recursively in sorted order, named by their path below the directory', () => {
    write('b.conf');
    write('a.b.conf');
    write('net/apache.conf');
    write('Z.conf');
    const { jobs } = discoverJobs([root]);
    expect(jobs.map((j) => j.name)).toEqual(['Z', 'a.b', 'b', 'net/apache']);
  });

  it('pairs each job with the .override beside it and reports overrides without a job', () => {
    write('ssh.conf');
    write('ssh.override', 'manual\n');
    write('gone.override', 'manual\n');
    const { jobs, diagnostics } = discoverJobs([root]);
    expect(jobs).toEqual([
      { name: 'ssh', conf: path.join(root, 'ssh.conf'), override: path.join(root, 'ssh.override') },
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'input/orphan-override', file: path.join(root, 'gone.override') }),
    ]);
  });

  it('ignores files with another last extension and a bare .conf, and skips hidden and backup directories', () => {
    write('x.conf.dpkg-old');
    write('y.conf~');
    write('.conf');
    write('.git/ignored.conf');
    write('old~/ignored.conf');
    write('kept.dpkg-new/ignored.conf');
    write('.hidden.conf');
    expect(discoverJobs([root]).jobs.map((j) => j.name)).toEqual(['.hidden']);
  });

  it('walks a directory named like a job file as Upstart does, and says so', () => {
    write('x.conf/inner.conf');
    const { jobs, diagnostics } = discoverJobs([root]);
    expect(jobs.map((j) => j.name)).toEqual(['x.conf/inner']);
    expect(diagnostics[0]).toMatchObject({ ruleId: 'input/directory-named-like-job', severity: 'warning' });
  });

  it('skips a FIFO named like a job file with a warning, as Upstart skips it', () => {
    execFileSync('mkfifo', [path.join(root, 'pipe.conf')]);
    write('a.conf');
    const { jobs, diagnostics } = discoverJobs([root]);
    expect(jobs.map((j) => j.name)).toEqual(['a']);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'input/not-regular-skipped',
        severity: 'warning',
        file: path.join(root, 'pipe.conf'),
      }),
    ]);
  });

  it('survives a directory symlink loop and keeps going', () => {
    write('a.conf');
    fs.symlinkSync(root, path.join(root, 'loop'));
    write('z.conf');
    const { jobs, diagnostics } = discoverJobs([root]);
    expect(jobs.map((j) => j.name)).toEqual(['a', 'z']);
    expect(diagnostics).toEqual([expect.objectContaining({ ruleId: 'input/directory-loop', severity: 'warning' })]);
  });

  it('reports a job file that is a symlink loop and still lists the others', () => {
    fs.symlinkSync(path.join(root, 'b.conf'), path.join(root, 'a.conf'));
    fs.symlinkSync(path.join(root, 'a.conf'), path.join(root, 'b.conf'));
    write('c.conf');
    const { jobs, diagnostics } = discoverJobs([root]);
    expect(jobs.map((j) => j.name)).toEqual(['c']);
    expect(diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['input/symlink-loop', 'error'],
      ['input/symlink-loop', 'error'],
    ]);
  });

  it('does not apply a symlinked override, as Upstart looks overrides up with lstat', () => {
    write('app.conf');
    const real = write('elsewhere/real.override', 'manual\n');
    fs.symlinkSync(real, path.join(root, 'app.override'));
    expect(discoverJobs([root]).jobs.find((j) => j.name === 'app')!.override).toBeUndefined();
  });
});

describe('naming explicitly given files', () => {
  it('names a file below an init directory by its path from there', () => {
    expect(nameForFile('/srv/copy/etc/init/net/apache.conf')).toBe('net/apache');
    expect(nameForFile('/tmp/ssh.conf')).toBe('ssh');
  });

  it('takes the override beside a file, or the one named on the command line', () => {
    const conf = write('etc/init/app.conf');
    const override = write('etc/init/app.override', 'manual\n');
    expect(discoverJobs([conf]).jobs).toEqual([{ name: 'app', conf, override }]);
    expect(discoverJobs([override]).jobs).toEqual([{ name: 'app', conf, override }]);
  });
});
