/**
 * Nothing makes `convert` read or write outside the folders the user named: symlinks under --root
 * are read as the host would see them (never outside the root), --unit-name is a unit name and
 * never a path, files are written only below --out and never through a symlink; a write that
 * fails says why (EACCES for a folder the user cannot write, EROFS for a read-only mount).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-confined-');
const run = (...argv: string[]) => runCli(argv);
/** A root (ROOT), an output folder (OUT) and a folder beside them that must never be read or written. */
const dirs = () => ({
  root: path.join(tmp.path, 'root'),
  out: path.join(tmp.path, 'out'),
  elsewhere: path.join(tmp.path, 'elsewhere'),
});
const link = (target: string, rel: string): void => {
  const p = path.join(tmp.path, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.symlinkSync(target, p);
};
const UNIT = '[Unit]\nDescription=app\n[Service]\nExecStart=/usr/sbin/app\n';

describe('writing with convert --out', () => {
  it('refuses a drop-in folder in --out that is a symlink to elsewhere (--mode dropin)', async () => {
    const { root, out, elsewhere } = dirs();
    tmp.write('root/etc/init/app.conf', 'env MODE=fast\nexec /usr/sbin/app\n');
    tmp.write('root/lib/systemd/system/app.service', UNIT);
    fs.mkdirSync(elsewhere);
    link(elsewhere, 'out/app.service.d');
    const r = await run('convert', '--root', root, '--mode', 'dropin', '--out', out, '--layout', 'flat');
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot be written: app.service.d is a symlink to');
    expect(r.err).toContain('[output/symlink]');
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses --unit-name with a path instead of a unit name (usage error)', async () => {
    const { root, out } = dirs();
    tmp.write('root/etc/init/b.conf', 'exec /usr/sbin/b\n');
    tmp.write('outside/x.service', UNIT);
    const r = await run(
      'convert',
      '--root',
      root,
      '--mode',
      'dropin',
      '--out',
      out,
      '--unit-name',
      'b=../outside/x.service',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('--unit-name b=../outside/x.service: "../outside/x.service" is not a valid unit name');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(path.join(tmp.path, 'outside'))).toEqual(['x.service']);
  });

  it('accepts a unit name without suffix as NAME.service', async () => {
    const { root } = dirs();
    tmp.write('root/etc/init/b.conf', 'exec /usr/sbin/b\n');
    tmp.write('root/lib/systemd/system/bee.service', UNIT);
    const r = await run('convert', '--root', root, '--diff', '--unit-name', 'b=bee', '--verbose');
    expect(r.err).toContain('compared with bee.service (as given with --unit-name)');
  });

  it('writes over a dangling symlink in --out neither by following it nor by calling it "created by someone else"', async () => {
    const { root, out, elsewhere } = dirs();
    tmp.write('root/etc/init/app.conf', 'exec /usr/sbin/app\n');
    link(path.join(elsewhere, 'app.service'), 'out/app.service');
    const r = await run('convert', '--root', root, '--out', out, '--layout', 'flat', '--force');
    expect(r.code).toBe(1);
    expect(r.err).toContain('is a symlink to');
    expect(r.err).toContain('(dangling: it points to nothing); not followed, not written [output/symlink]');
    expect(r.err).not.toContain('someone else');
    expect(fs.existsSync(elsewhere)).toBe(false);
  });
});

describe('reading under --root', () => {
  it('does not read a unit symlinked out of the root, and --diff prints none of it', async () => {
    const { root } = dirs();
    tmp.write('root/etc/init/x.conf', 'exec /usr/sbin/x\n');
    tmp.write('elsewhere/secret', '[Service]\nExecStart=/the/secret\n');
    link('../../../../elsewhere/secret', 'root/lib/systemd/system/x.service');
    const r = await run('convert', '--root', root, '--diff');
    expect(r.out + r.err).not.toContain('secret\n');
    expect(r.out + r.err).not.toContain('/the/secret');
    expect(r.err).toContain(
      '/lib/systemd/system/x.service: error: /lib/systemd/system/x.service points to ../../../../elsewhere/secret, ' +
        'outside the root; the existing unit is not read [diff/unit-outside-root]',
    );
    expect(r.code).toBe(1);
  });

  it('reads an absolute unit symlink inside the root (as the host would), not on this machine', async () => {
    const { root } = dirs();
    tmp.write('root/etc/init/x.conf', 'exec /usr/sbin/x\n');
    tmp.write('root/opt/units/x.service', '[Service]\nExecStart=/usr/sbin/x\n');
    link('/opt/units/x.service', 'root/etc/systemd/system/x.service');
    const r = await run('convert', '--root', root, '--diff');
    expect(r.out).toContain('--- /opt/units/x.service');
  });

  it('does not read a job symlinked out of the root, and reads an absolute job link inside it', async () => {
    const { root } = dirs();
    tmp.write('elsewhere/evil.conf', 'exec /usr/sbin/evil\n');
    link('../../../elsewhere/evil.conf', 'root/etc/init/evil.conf');
    tmp.write('root/srv/jobs/good.conf', 'exec /usr/sbin/good\n');
    link('/srv/jobs/good.conf', 'root/etc/init/good.conf');
    const r = await run('convert', '--root', root);
    expect(r.err).toContain(
      'root/etc/init/evil.conf: error: leads outside --root (/etc/init/evil.conf points to ' +
        '../../../elsewhere/evil.conf); not read [input/outside-root]',
    );
    expect(r.out).not.toContain('evil');
    expect(r.out).toContain('ExecStart=/usr/sbin/good');
  });

  it('does not read a job directory symlinked out of the root', async () => {
    const { root } = dirs();
    tmp.write('elsewhere/jobs/evil.conf', 'exec /usr/sbin/evil\n');
    tmp.write('root/etc/init/ok.conf', 'exec /usr/sbin/ok\n');
    link('../../../elsewhere/jobs', 'root/etc/init/sub');
    const r = await run('convert', '--root', root);
    expect(r.err).toContain('[input/outside-root]');
    expect(r.out).not.toContain('evil');
  });

  it('reads /etc/default files and finds programs only inside the root', async () => {
    const { root } = dirs();
    const job = 'script\n  . /etc/default/app\n  exec /usr/sbin/app $OPTS\nend script\n';
    tmp.write('root/etc/init/app.conf', job);
    tmp.write('root/etc/init/tool.conf', 'exec tool --flag\n');
    tmp.write('elsewhere/defaults', 'OPTS=--from-elsewhere\n');
    tmp.write('elsewhere/tool', '#!/bin/sh\n');
    fs.chmodSync(path.join(tmp.path, 'elsewhere/tool'), 0o755);
    link('../../../elsewhere/defaults', 'root/etc/default/app');
    link('../../../elsewhere/tool', 'root/usr/bin/tool');
    const outside = await run('convert', '--root', root, '--verbose');
    expect(outside.out).not.toContain('EnvironmentFile=');
    expect(outside.err).toContain('/etc/default/app is sourced unconditionally but does not exist under --root');
    expect(outside.out).not.toContain('ExecStart=/usr/bin/tool');
    // the same links made absolute lead inside the root, as on the host
    tmp.write('root/srv/defaults', 'OPTS=--inside\n');
    tmp.write('root/srv/tool', '#!/bin/sh\n');
    fs.chmodSync(path.join(root, 'srv/tool'), 0o755);
    fs.rmSync(path.join(root, 'etc/default/app'));
    fs.rmSync(path.join(root, 'usr/bin/tool'));
    link('/srv/defaults', 'root/etc/default/app');
    link('/srv/tool', 'root/usr/bin/tool');
    const inside = await run('convert', '--root', root, '--verbose');
    expect(inside.out).toContain('EnvironmentFile=/etc/default/app');
    expect(inside.out).toContain('ExecStart=/usr/bin/tool --flag');
  });

  it('does not follow an absolute link out of a plain folder given with --against', async () => {
    const { root } = dirs();
    tmp.write('root/etc/init/x.conf', 'exec /usr/sbin/x\n');
    tmp.write('elsewhere/x.service', '[Service]\nExecStart=/the/secret\n');
    link(path.join(tmp.path, 'elsewhere/x.service'), 'units/x.service');
    const r = await run('convert', '--root', root, '--diff', '--against', path.join(tmp.path, 'units'));
    expect(r.out + r.err).not.toContain('/the/secret');
    expect(r.err).toContain('[diff/unit-outside-root]');
  });
});

/** Runs the CLI from the sources in another process, through `prefix` (setpriv, unshare). */
function spawnCli(prefix: string[], args: string[]): { status: number | null; stdout: string; stderr: string } {
  const repo = path.join(__dirname, '..', '..');
  const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
  return spawnSync(prefix[0]!, [...prefix.slice(1), tsx, path.join(repo, 'tests/helpers/cli-main.ts'), ...args], {
    encoding: 'utf8',
  });
}

const asRoot = process.getuid?.() === 0;
/** Whether this machine lets us mount a read-only tmpfs in a user and mount namespace. */
const canMountReadOnly =
  spawnSync('unshare', ['-Urm', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs /mnt'], { encoding: 'utf8' }).status === 0;

describe('a folder convert cannot write', () => {
  const job = (): string => {
    const d = fs.mkdtempSync(path.join('/var/tmp', 'u2s-job-'));
    fs.chmodSync(d, 0o755);
    fs.writeFileSync(path.join(d, 'app.conf'), 'exec /usr/sbin/app\n', { mode: 0o644 });
    return d;
  };

  (asRoot ? it : it.skip)('is reported as permission denied (EACCES), run as nobody', () => {
    const jobs = job();
    const out = fs.mkdtempSync(path.join('/var/tmp', 'u2s-ro-'));
    fs.chmodSync(out, 0o755); // root's folder: others may enter, not write
    try {
      const r = spawnCli(
        ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
        ['convert', path.join(jobs, 'app.conf'), '--out', out, '--layout', 'flat'],
      );
      expect(r.stderr).toContain(
        `${out}/app.service: error: cannot be written: permission denied (EACCES) [output/write-failed]`,
      );
      expect(r.status).toBe(1);
      expect(fs.readdirSync(out)).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(jobs, { recursive: true, force: true });
    }
  });

  (canMountReadOnly ? it : it.skip)('is reported as a read-only file system (EROFS) on a read-only mount', () => {
    const jobs = job();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-rofs-'));
    try {
      const script = 'mount -t tmpfs -o ro tmpfs "$0" && exec "$@"';
      const r = spawnCli(
        ['unshare', '-Urm', 'sh', '-c', script, out],
        ['convert', path.join(jobs, 'app.conf'), '--out', out, '--layout', 'flat'],
      );
      expect(r.stderr).toContain(
        `${out}/app.service: error: cannot be written: read-only file system (EROFS) [output/write-failed]`,
      );
      expect(r.status).toBe(1);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(jobs, { recursive: true, force: true });
    }
  });
});

describe('--script-dir', () => {
  it('must be an absolute plain path, or the command is a usage error', async () => {
    for (const bad of ['lib/u2s', '/usr/local/lib/u 2s', '/x\ny', '/x%n']) {
      const r = await runCli(['convert', 'examples/trusty/etc/init/cobalt-kvd.conf', '--script-dir', bad]);
      expect([r.code, r.err]).toEqual([2, expect.stringContaining('--script-dir')]);
    }
  });
});
