/**
 * The facts `collect` recorded (a root's upstart2systemd/ folder, in a tarball or a folder) are
 * used: the Upstart version picks the grammar unless --upstart-version is given, a setuid/setgid
 * name the host lacks is a warning at its stanza, programs not in the copy are found in the
 * collected list, a packaged job whose package ships its unit becomes a drop-in by default, and
 * the pipeline returns the facts.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { convert, resolveTarget } from '../../src/pipeline';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-facts-');
const root = (): string => path.join(tmp.path, 'root');

/** Writes the facts files of the root. */
function facts(files: Record<string, string>): void {
  tmp.write('root/upstart2systemd/format', '1\n');
  for (const [name, text] of Object.entries(files)) tmp.write(`root/upstart2systemd/${name}`, text);
}

const PACKAGED_UNIT =
  '[Unit]\nDescription=app as packaged\n\n[Service]\nExecStart=/usr/sbin/app\nRestart=always\n\n' +
  '[Install]\nWantedBy=multi-user.target\n';

describe('using the facts collect recorded', () => {
  it('reads jobs with the grammar of the collected Upstart version, unless --upstart-version is given', async () => {
    tmp.write('root/etc/init/cg.conf', 'cgroup memory\nexec /usr/sbin/d\n');
    facts({ 'init-version': 'init (upstart 1.12.1)\nCopyright (C) 2006-2014 Canonical Ltd.\n' });
    const picked = await runCli(['convert', '--root', root(), '--verbose']);
    expect(picked.code).toBe(1);
    expect(picked.err).toContain('facts collected on the host: Upstart 1.12.1 (grammar 1.12) [input/host-facts]');
    expect(picked.err).toContain('cg.conf:1:1: error: Unknown stanza: "cgroup" [parse/unknown-stanza]');
    const given = await runCli(['convert', '--root', root(), '--upstart-version', '1.13', '--verbose']);
    expect(given.code).toBe(0);
    expect(given.err).toContain('Upstart 1.12.1 (--upstart-version 1.13 given)');
    tmp.write('root/upstart2systemd/init-version', 'init (upstart 1.13.2)\n');
    expect((await runCli(['convert', '--root', root()])).code).toBe(0);
  });

  it('warns at the stanza when setuid or setgid names a user or group the host does not have', async () => {
    tmp.write('root/etc/init/who.conf', 'setuid ghost\nsetgid phantom\nexec /usr/sbin/d\n');
    tmp.write('root/etc/init/known.conf', 'setuid cobalt\nsetgid cobalt\nexec /usr/sbin/d\n');
    tmp.write('root/etc/init/num.conf', 'setuid 1000\nexec /usr/sbin/d\n');
    facts({ users: 'root\ncobalt\n', groups: 'root\ncobalt\n' });
    const r = await runCli(['convert', '--root', root()]);
    expect(r.err).toContain(
      'who.conf:1:1: warning: user "ghost" is not in the host\'s /etc/passwd (as collected): Upstart could not start ' +
        'the job there, and the unit fails wherever the user is missing [convert/unknown-user]',
    );
    expect(r.err).toContain('who.conf:2:1: warning: group "phantom" is not in the host\'s /etc/group');
    expect(r.err).toContain('[convert/unknown-group]');
    expect(r.err).not.toMatch(/known\.conf.*unknown-(user|group)/);
    expect(r.err).not.toMatch(/num\.conf.*unknown-user/);
    expect(r.out).toContain('User=ghost'); // the unit still says who the job ran as
  });

  it('shows hostile user names escaped in the warning', async () => {
    tmp.write('root/etc/init/odd.conf', 'setuid bad\\x1bname\nexec /usr/sbin/d\n');
    facts({ users: 'root\n' });
    const r = await runCli(['convert', '--root', root()]);
    expect(r.err).not.toContain('\u001b');
  });

  it('finds programs the copy does not hold in the collected program list', async () => {
    tmp.write('root/etc/init/mk.conf', 'pre-start exec mkdir -p /run/mk\nexec sleep 100\n');
    const without = await runCli(['convert', '--root', root(), '--verbose']);
    expect(without.out).toContain('ExecStartPre=/bin/sh -e -c "exec mkdir -p /run/mk"');
    expect(without.err).toContain('"mkdir" was not found along the job\'s PATH under --root');
    facts({ programs: '/bin/mkdir\n/bin/sleep\n/usr/bin/other\n' });
    const r = await runCli(['convert', '--root', root(), '--verbose']);
    expect(r.out).toContain('ExecStartPre=/bin/mkdir -p /run/mk');
    expect(r.out).toContain('ExecStart=/bin/sleep 100');
    expect(r.err).not.toContain('was not found');
  });

  it('prefers the copy: a program the copy holds but not as an executable is not taken from the list', async () => {
    tmp.write('root/etc/init/mk.conf', 'exec tool\n');
    tmp.write('root/usr/sbin/tool', 'not executable\n');
    facts({ programs: '/usr/sbin/tool\n' });
    const r = await runCli(['convert', '--root', root(), '--verbose']);
    expect(r.out).not.toContain('ExecStart=/usr/sbin/tool');
  });

  describe('a packaged job whose package ships its own unit', () => {
    beforeEach(() => {
      tmp.write('root/etc/init/app.conf', 'start on runlevel [2345]\nrespawn\nenv MODE=fast\nexec /usr/sbin/app\n');
      tmp.write('root/lib/systemd/system/app.service', PACKAGED_UNIT);
      tmp.write('root/etc/init/mine.conf', 'exec /usr/sbin/mine\n');
      tmp.write('root/lib/systemd/system/mine.service', PACKAGED_UNIT);
      facts({ 'dpkg-search': 'app: /etc/init/app.conf\nupstart: /etc/init\n' });
    });

    it('becomes a drop-in by default, with a note; an unpackaged job keeps its full unit', async () => {
      const r = await runCli(['convert', '--root', root(), '--verbose']);
      expect(r.code).toBe(0);
      expect(r.err).toContain(
        'app.conf: info: owned by package app, which ships app.service: written as a drop-in for app.service ' +
          '(the default for a packaged job) [diff/packaged-dropin]',
      );
      expect(r.out).toContain('### app.service.d/50-upstart2systemd.conf\n');
      expect(r.out).toContain('Environment=MODE=fast');
      expect(r.out).toContain('### mine.service\n');
      expect(r.err).not.toMatch(/mine\.conf.*packaged-dropin/);
    });

    it('stays a full unit with --mode full', async () => {
      const r = await runCli(['convert', '--root', root(), '--mode', 'full', '--verbose']);
      expect(r.out).toContain('### app.service\n');
      expect(r.err).not.toContain('packaged-dropin');
    });

    it('is compared in auto mode with --diff when no mode is given', async () => {
      const r = await runCli(['convert', '--root', root(), '--diff', '--verbose']);
      expect(r.out).toContain('app.service + app.service.d/');
      expect(r.err).toContain('[diff/packaged-dropin]');
    });

    it('says so when the root holds no unit for a package the code knows ships one', async () => {
      tmp.write('root/etc/init/cron.conf', 'exec /usr/sbin/cron -f\n');
      tmp.write('root/upstart2systemd/dpkg-search', 'cron: /etc/init/cron.conf\n');
      const r = await runCli(['convert', '--root', root(), '--verbose']);
      expect(r.err).toContain(
        'cron.conf: info: owned by package cron, which ships cron.service, but the root holds no such unit: ' +
          'the full unit is written [diff/packaged-dropin]',
      );
      expect(r.out).toContain('### cron.service\n');
    });
  });

  it('returns the facts with the result, read from a folder or a tarball alike', () => {
    tmp.write('root/etc/init/a.conf', 'exec /usr/sbin/a\n');
    facts({ 'initctl-list': 'a start/running, process 7\n', 'lsb-release': 'DISTRIB_CODENAME=trusty\n' });
    const target = resolveTarget({ target: 'debian-12' });
    if ('error' in target) throw new Error(target.error);
    const fromFolder = convert({ root: root() }, { target });
    expect(fromFolder.host).toEqual({ running: { a: [''] }, release: { codename: 'trusty' } });
    const tarball = path.join(tmp.path, 'root.tar.gz');
    execFileSync('tar', ['-C', root(), '-czf', tarball, 'etc', 'upstart2systemd']);
    expect(convert({ root: tarball }, { target }).host).toEqual(fromFolder.host);
    expect(convert({ root: path.join(tmp.path, 'none') }, { target })).toMatchObject({
      jobs: [],
      diagnostics: [expect.objectContaining({ severity: 'error', message: '--root: no such folder or tarball' })],
    });
  });
});
