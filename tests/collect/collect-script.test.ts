/**
 * The collect script, run as the host would run it: under dash (Ubuntu's /bin/sh, with the
 * host's coreutils, findutils, tar and gzip) and under busybox sh (busybox's applets only),
 * inside a Trusty-like root made `/` by a mount namespace and chroot, with fake init, initctl
 * and dpkg. The tarball holds the trees (symlinks as symlinks, nothing from outside them) and the
 * facts; `convert --root THE.tar.gz` gives what `convert --root` gives on the tarball extracted,
 * and the folder's units plus what the facts add. Skipped with the reason where it cannot run
 * (not root, no dash or static busybox); under CI=true that fails instead.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type HostRoot, openRoot } from '../../src/pipeline';
import { readTree } from '../golden/run';
import { runCli } from '../helpers/cli';
import {
  type CollectShell,
  buildTrustyRoot,
  collectTarball,
  collectUnavailable,
  runCollectScript,
} from '../helpers/trusty-host';

jest.setTimeout(60_000);

/** Every path of a tarball's tree (host paths), with a type mark: `/` folder, `@` symlink (and target). */
function listing(root: HostRoot): string[] {
  const out: string[] = [];
  const walk = (host: string): void => {
    for (const name of root.tree.readdirSync(path.join(root.path, host)).sort()) {
      const p = path.posix.join(host, name);
      const local = path.join(root.path, p);
      const st = root.tree.lstatSync(local);
      if (st.isDirectory()) {
        out.push(p + '/');
        walk(p);
      } else out.push(st.isSymbolicLink() ? `${p} @ ${root.tree.readlinkSync(local)}` : p);
    }
  };
  walk('/');
  return out;
}

/** Every file's bytes in a tarball's tree, joined: to look for what must never be there. */
function allText(root: HostRoot): string {
  return listing(root)
    .filter((p) => !p.endsWith('/') && !p.includes(' @ '))
    .map((p) => root.tree.readFileNoFollow(path.join(root.path, p)).toString('latin1'))
    .join('\n');
}

/** Converts a root into a fresh folder; the files and what was printed, with the paths replaced. */
async function convertWith(root: string, dir: string, args: readonly string[] = []): Promise<Map<string, string>> {
  const out = fs.mkdtempSync(path.join(dir, 'conv-'));
  const r = await runCli(['convert', '--root', root, '--out', out, '--target', 'debian-12', '--verbose', ...args], {
    NO_COLOR: '1',
  });
  // plan.json names the tree it was made from: the one path that differs between two roots
  const files = new Map([...readTree(out)].map(([k, v]) => [k, v.toString('utf8').split(root).join('ROOT')]));
  files.set('run.log', `exit ${r.code}\n${r.out}${r.err}`.split(out).join('OUT').split(root).join('ROOT'));
  return files;
}

/** A unit's lines with programs named by their base name (what resolving a program changes), comments out. */
function programsByName(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) =>
      l.replace(/^(Exec\w+=[-@!+:]*)\/bin\/sh -e -c "exec (.*)"$/, '$1$2').replace(/^(Exec\w+=[-@!+:]*)\/\S*\//, '$1'),
    )
    .join('\n');
}

const SHELLS: CollectShell[] = ['dash', 'busybox'];

describe.each(SHELLS)('the collect script under %s', (shell) => {
  const why = collectUnavailable(shell);
  if (why) {
    if (process.env.CI === 'true')
      it(`runs under ${shell}`, () => {
        throw new Error(`${why} (CI=true: failing instead of skipping)`);
      });
    else it.skip(`skipped: ${why}`, () => undefined);
    return;
  }

  let dir = '';
  let root = '';
  let tarball = '';
  let opened: HostRoot;
  let stdout = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `u2s-collect-${shell}-`));
    root = path.join(dir, 'root');
    buildTrustyRoot(root);
    // odd names, a link out of the collected trees, and secrets that must stay on the host
    fs.writeFileSync(path.join(root, 'etc/init/with space.conf'), 'exec /usr/sbin/spaced --a "b c"\n');
    fs.writeFileSync(path.join(root, 'etc/init/new\nline.conf'), 'exec /usr/sbin/newline\n');
    fs.mkdirSync(path.join(root, 'srv/secret'), { recursive: true });
    fs.writeFileSync(path.join(root, 'srv/secret/defaults'), 'TOKEN=SECRETOUTSIDE\n');
    fs.symlinkSync('/srv/secret/defaults', path.join(root, 'etc/default/linked'));
    fs.symlinkSync('../../srv/secret', path.join(root, 'etc/init/secret-dir'));
    const r = await runCollectScript(root, { shell, args: ['/out/host.tar.gz'] });
    if (r.code !== 0) throw new Error(`collect failed (${r.code}): ${r.stderr}`);
    stdout = r.stdout;
    tarball = path.join(root, 'out', 'host.tar.gz');
    const o = openRoot(tarball);
    if (!o.ok) throw new Error(o.error);
    opened = o.root;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the tarball path, writes it for root only, and leaves no temporary folder', () => {
    expect(stdout).toBe('/out/host.tar.gz\n');
    expect(fs.statSync(tarball).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['host.tar.gz']);
    expect(opened.diagnostics).toEqual([]);
  });

  it('holds the trees and the metadata folder, nothing else', () => {
    const all = listing(opened);
    expect(all.filter((p) => p.split('/').filter(Boolean).length === 1)).toEqual([
      '/etc/',
      '/lib/',
      '/upstart2systemd/',
    ]);
    expect(all.filter((p) => /^\/etc\/[^/]+\/$/.test(p))).toEqual([
      '/etc/default/',
      '/etc/init/',
      '/etc/init.d/',
      '/etc/systemd/',
    ]);
    expect(all.filter((p) => p.startsWith('/lib/') && !p.startsWith('/lib/systemd/system'))).toEqual([
      '/lib/',
      '/lib/systemd/',
    ]);
    expect(all).toEqual(
      expect.arrayContaining([
        '/etc/init/with space.conf',
        '/etc/init/new\nline.conf',
        '/etc/init/net/sable-tunneld.conf',
        '/etc/init/acme-relayd.override',
        '/etc/init/ossory-syncd.override',
        '/etc/default/brindle',
        '/etc/init.d/rc.local',
        '/etc/systemd/system/fennel-proxyd.service.d/10-local.conf',
        '/lib/systemd/system/cobalt-kvd.service',
      ]),
    );
  });

  it('keeps symlinks as symlinks and follows none out of the trees', () => {
    const all = listing(opened);
    expect(all).toEqual(
      expect.arrayContaining([
        '/etc/init.d/fennel-proxyd @ /lib/init/upstart-job',
        '/etc/systemd/system/quill-spoold.service @ /lib/systemd/system/quill.service',
        '/etc/systemd/system/heron-backupd.service @ heron-backupd.service',
        '/etc/default/linked @ /srv/secret/defaults',
        '/etc/init/secret-dir @ ../../srv/secret',
      ]),
    );
    expect(all.filter((p) => p.startsWith('/srv') || p.startsWith('/lib/init'))).toEqual([]);
    const text = allText(opened);
    expect(text).not.toContain('SECRETOUTSIDE');
    expect(text).not.toContain('NOTAREALHASH'); // /etc/shadow
    expect(text).not.toContain('$6$');
  });

  it('records the facts: Upstart version, running jobs, release, packages, names only, programs', () => {
    const host = opened.host!;
    expect(host.upstartVersion).toBe('1.12.1');
    expect(host.release).toEqual({ id: 'Ubuntu', release: '14.04', codename: 'trusty' });
    expect(host.running).toMatchObject({ 'brindle-worker': ['default', 'mail'], 'net/sable-tunneld': [''] });
    expect(host.running!['ossory-syncd']).toBeUndefined();
    expect(host.packages).toMatchObject({
      '/etc/init/fennel-proxyd.conf': 'fennel-proxyd',
      '/etc/init/cron.conf': 'cron',
    });
    expect(host.users).toEqual(expect.arrayContaining(['root', 'cobalt', 'brindle', 'nobody']));
    expect(host.users!.every((u) => /^[a-z-]+$/.test(u))).toBe(true);
    expect(host.groups).toEqual(expect.arrayContaining(['root', 'nogroup', 'larkspur']));
    expect(host.programs).toEqual(
      expect.arrayContaining(['/bin/mkdir', '/bin/sleep', '/usr/sbin/fennel-proxyd', '/usr/bin/cobalt-kvd']),
    );
    const read = (n: string): string =>
      opened.tree.readFileNoFollow(path.join(tarball, 'upstart2systemd', n)).toString();
    expect(read('format')).toBe('1\n');
    expect(read('collected')).toMatch(/^tool=upstart2systemd \d+\.\d+\.\d+\nhostname=[\w.-]+\ndate=\d{4}-\d\d-\d\dT/);
  });

  it('converts from the tarball exactly as from the tarball extracted to a folder', async () => {
    const extracted = path.join(dir, 'extracted');
    fs.mkdirSync(extracted);
    execFileSync('tar', ['-C', extracted, '-xzf', tarball]);
    const [a, b] = [await convertWith(tarball, dir), await convertWith(extracted, dir)];
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, text] of b) expect(`${name}:\n${a.get(name)}`).toBe(`${name}:\n${text}`);
    expect(a.get('run.log')).toContain('facts collected on the host: Upstart 1.12.1 (grammar 1.12)');
  });

  it("gives the folder's units plus what the facts add: packaged jobs as drop-ins, programs resolved", async () => {
    // flat: a migration (--layout root) compares every job with the root, which hides what the facts add
    const flat = ['--layout', 'flat'];
    const [fromTarball, fromFolder] = [await convertWith(tarball, dir, flat), await convertWith(root, dir, flat)];
    const units = (m: Map<string, string>): string[] => [...m.keys()].filter((k) => k !== 'run.log');
    // the packaged daemons' units equal what their packages ship: no drop-in is needed for them
    expect(units(fromFolder).filter((u) => !units(fromTarball).includes(u))).toEqual([
      'cobalt-kvd.service',
      'fennel-proxyd.service',
    ]);
    expect(units(fromTarball).filter((u) => !units(fromFolder).includes(u))).toEqual([]);
    for (const u of units(fromTarball))
      expect(`${u}:\n${programsByName(fromTarball.get(u)!)}`).toBe(`${u}:\n${programsByName(fromFolder.get(u)!)}`);
    const log = fromTarball.get('run.log')!;
    expect(log).toContain('owned by package fennel-proxyd, which ships fennel-proxyd.service');
    expect(log).toContain('owned by package cobalt-kvd, which ships cobalt-kvd.service');
    expect(log).not.toContain('was not found along the job');
  });

  it('refuses to overwrite an existing tarball', async () => {
    const r = await runCollectScript(root, { shell, args: ['/out/host.tar.gz'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'upstart2systemd-collect: /out/host.tar.gz exists; give another path (an existing file is never overwritten)\n',
    );
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual(['host.tar.gz']);
  });

  it('refuses to run as another user than root, saying why', async () => {
    const r = await runCollectScript(root, { shell, args: ['/tmp/x.tar.gz'], user: '65534:65534' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('upstart2systemd-collect: run me as root (sudo sh collect.sh)');
  });

  it('writes ./upstart2systemd-HOSTNAME-DATE.tar.gz by default and prints that path', async () => {
    const r = await runCollectScript(root, { shell });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\.\/upstart2systemd-[A-Za-z0-9._-]+-\d{14}\.tar\.gz\n$/);
    const written = path.join(root, r.stdout.trim());
    expect(openRoot(written).ok).toBe(true);
    fs.rmSync(written);
  });
});

describe.each(SHELLS)('the collect script under %s on a host without some tools', (shell) => {
  const why = collectUnavailable(shell);
  if (why) {
    if (process.env.CI === 'true')
      it(`runs under ${shell}`, () => {
        throw new Error(`${why} (CI=true: failing instead of skipping)`);
      });
    else it.skip(`skipped: ${why}`, () => undefined);
    return;
  }
  let dir = '';
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-collect-tools-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('collects without dpkg, initctl or lsb-release, noting what is unknown', async () => {
    buildTrustyRoot(dir, { dpkg: null });
    fs.rmSync(path.join(dir, 'sbin', 'initctl'));
    fs.rmSync(path.join(dir, 'etc', 'lsb-release'));
    const r = await runCollectScript(dir, { shell, args: ['/out/x.tar.gz'] });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: no dpkg: which package owns each job is unknown');
    expect(r.stderr).toContain('note: no initctl command: which jobs run is unknown');
    expect(r.stderr).toContain('note: no /etc/lsb-release: the release is unknown');
    const o = openRoot(path.join(dir, 'out', 'x.tar.gz'));
    if (!o.ok) throw new Error(o.error);
    expect(o.root.host).not.toHaveProperty('packages');
    expect(o.root.host).not.toHaveProperty('running');
    expect(o.root.host).not.toHaveProperty('release');
    expect(o.root.host?.upstartVersion).toBe('1.12.1');
  });

  if (shell === 'dash')
    it('fails with a clear message when tar is missing', async () => {
      buildTrustyRoot(dir);
      await collectTarball(dir, { shell, name: 'first.tar.gz' }); // lays out /bin
      fs.rmSync(path.join(dir, 'bin', 'tar'));
      const r = await runCollectScript(dir, { shell, args: ['/out/x.tar.gz'] });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('upstart2systemd-collect: tar is missing: it is needed to collect (apt-get install tar)\n');
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['first.tar.gz']);
    });
});
