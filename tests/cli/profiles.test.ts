/**
 * The hardening command line: --profile (repeatable, later wins), --profile-map, --var, exposure
 * scores in text and JSON, `profiles list` and `profiles show`, and profile errors as file:line:col.
 */
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { systemdAnalyzeVersion } from '../../src/harden/exposure';

const tmp = tempDir('u2s-pcli-');
const write = tmp.write;
const run = (...argv: string[]) => runCli(argv);
const scoring = (systemdAnalyzeVersion() ?? 0) >= 250;

describe('convert --profile', () => {
  it('hardens every job, later profiles winning, and prints exposure before and after', async () => {
    const conf = write('etc/init/app.conf', 'exec /usr/sbin/app --data-dir /var/lib/app\n');
    const custom = write('mine.yaml', 'description: mine\ndirectives:\n  ProtectSystem: full\n');
    const r = await run('convert', conf, '--profile', 'readonly-tmp', '--profile', custom, '--target', 'debian-12');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ProtectSystem=full\n');
    expect(r.out).not.toContain('ProtectSystem=strict');
    expect(r.out).toContain('StateDirectory=app');
    if (scoring) expect(r.err).toMatch(/app: exposure \d\.\d → \d\.\d/);
  });

  it('reports exposure in JSON', async () => {
    const conf = write('etc/init/app.conf', 'exec /usr/sbin/app\n');
    const doc = JSON.parse(
      (await run('convert', conf, '--profile', 'recommended', '--format', 'json', '--target', 'debian-12')).out,
    );
    if (scoring) {
      expect(doc.jobs[0].exposure.before).toBeGreaterThan(doc.jobs[0].exposure.after);
    } else {
      expect(doc.exposureNote).toMatch(/no exposure scores/);
    }
  });

  it('applies a profile map by job-name glob, first match', async () => {
    write('etc/init/web.conf', 'exec /usr/sbin/web\n');
    write('etc/init/net/tun.conf', 'exec /usr/sbin/tun\n');
    const map = write('map.yaml', '"net/*": recommended\n"*": readonly-tmp\n');
    const r = await run('convert', path.join(tmp.path, 'etc/init'), '--profile-map', map, '--no-score');
    const [tun, web] = [r.out.split('### net-tun.service')[1]!, r.out.split('### web.service')[1]!.split('###')[0]!];
    expect(tun).toContain('NoNewPrivileges=yes');
    expect(web).toContain('ProtectSystem=strict');
    expect(web).not.toContain('NoNewPrivileges');
  });

  it('stops at the map line naming an unknown profile, with the nearest preset, before any job', async () => {
    write('etc/init/web.conf', 'exec /usr/sbin/web\n');
    const map = write('map.yaml', '"net/*": recomended\n"*":\n  - readonly-tmp\n  - paranoid\n');
    const r = await run('convert', path.join(tmp.path, 'etc/init'), '--profile-map', map, '--no-score');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toEqual([
      `${map}:1:10: error: unknown profile "recomended" [harden/profile-not-found]`,
      expect.stringMatching(/^ {4}hint: did you mean recommended\? presets: chroot, /),
      `${map}:4:5: error: unknown profile "paranoid" [harden/profile-not-found]`,
      expect.stringMatching(/^ {4}hint: presets: chroot, /),
    ]);
  });

  it('names the profiles each job got, and where they were chosen, in the unit header and the JSON', async () => {
    write('etc/init/web.conf', 'exec /usr/sbin/web\n');
    write('etc/init/net/tun.conf', 'exec /usr/sbin/tun\n');
    write('etc/init/plain.conf', 'exec /usr/sbin/plain\n');
    const map = write('map.yaml', '"net/*": recommended\n"w*":\n  - readonly-tmp\n  - limits\n');
    const argv = ['convert', path.join(tmp.path, 'etc/init'), '--profile-map', map, '--no-score'];
    const units = (await run(...argv)).out;
    const header = (unit: string) => units.split(`### ${unit}\n`)[1]!.split('\n').slice(0, 4);
    expect(header('net-tun.service')[2]).toBe('# Hardening: profile recommended (from map.yaml line 1)');
    expect(header('web.service')[2]).toBe('# Hardening: profiles readonly-tmp, limits (from map.yaml line 2)');
    expect(header('plain.service').join('\n')).not.toContain('Hardening');
    const both = (await run(...argv, '--profile', 'dynamic-user')).out.split('### web.service\n')[1]!;
    expect(both.split('\n')[2]).toBe(
      '# Hardening: profiles dynamic-user (from --profile); readonly-tmp, limits (from map.yaml line 2)',
    );
    const doc = JSON.parse((await run(...argv, '--format', 'json')).out);
    const profiles = Object.fromEntries(
      doc.jobs.map((j: { name: string; profiles: string[] }) => [j.name, j.profiles]),
    );
    expect(profiles).toEqual({ 'net/tun': ['recommended'], plain: [], web: ['readonly-tmp', 'limits'] });
    const unhardened = JSON.parse((await run('convert', path.join(tmp.path, 'etc/init'), '--format', 'json')).out);
    expect(unhardened.jobs[0]).not.toHaveProperty('profiles');
  });

  it('shows a hostile map file name or profile path in the header as escapes, never as a line of the unit', async () => {
    const conf = write('etc/init/app.conf', 'exec /usr/sbin/app\n');
    const map = write('m\nExecStartPre=/bin/evil %n $X\r.yaml', '"*": readonly-tmp\n');
    const profile = write('p\nExecStartPre=/bin/evil.yaml', 'description: x\ndirectives:\n  PrivateTmp: yes\n');
    const r = await run('convert', conf, '--profile', profile, '--profile-map', map, '--no-score');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^ExecStartPre=/m);
    expect(r.out).toContain('\\nExecStartPre=/bin/evil');
    expect(r.out.split('\n').filter((l) => l.startsWith('# Hardening:'))).toHaveLength(1);
  });

  it('passes --var values to the profile', async () => {
    const conf = write('etc/init/app.conf', 'exec /usr/sbin/app\n');
    const r = await run('convert', conf, '--profile', 'limits', '--var', 'tasks_max=77', '--no-score');
    expect(r.out).toContain('TasksMax=77');
    expect((await run('convert', conf, '--profile', 'limits', '--var', 'oops')).code).toBe(2);
  });

  it('stops with file:line:column and exit 2 on an invalid profile', async () => {
    const conf = write('etc/init/app.conf', 'exec /usr/sbin/app\n');
    const bad = write('bad.yaml', 'description: x\ndirectives:\n  PrivateTpm: yes\n');
    const r = await run('convert', conf, '--profile', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${bad}:3:3: error: unknown directive "PrivateTpm" in [Service] [harden/unknown-directive]`,
    );
    expect(r.err).toContain('did you mean PrivateTmp?');
  });
});

describe('upstart2systemd profiles', () => {
  it('lists the presets', async () => {
    const r = await run('profiles', 'list');
    for (const p of ['readonly-tmp', 'dynamic-user', 'hide-paths', 'recommended', 'limits', 'chroot', 'strict'])
      expect(r.out).toContain(p);
  });

  it('shows a resolved preset with reasons, what the target drops, and the reference score', async () => {
    const r = await run('profiles', 'show', 'recommended', '--target', 'ubuntu-18.04');
    expect(r.code).toBe(0);
    expect(r.out).toContain('profile recommended: readonly-tmp → recommended');
    expect(r.out).toMatch(/\[Service\] ProtectClock=yes {2}DROPPED: needs systemd 245/);
    expect(r.out).toContain('gives the service its own /tmp');
    expect(r.out).toMatch(
      scoring ? /exposure on the reference job .*: \d\.\d → \d\.\d/ : /exposure on the reference job/,
    );
  });

  it('says which directives an old target gets in an older spelling, as the conversion writes them', async () => {
    const r = await run('profiles', 'show', 'recommended', '--target', 'ubuntu-16.04');
    expect(r.out).toMatch(/\[Service\] ProtectSystem=strict {2}written \[Service\] ProtectSystem=full for this target/);
    expect(r.out).toMatch(
      /\[Service\] StateDirectory=\S+ {2}written \[Service\] ReadWriteDirectories=-\/var\/lib\/… for this target/,
    );
    expect(r.out).toMatch(/\[Service\] ProtectKernelModules=yes {2}DROPPED: needs systemd 232/);
  });

  it('shows the profile applied to a job', async () => {
    const job = write('etc/init/app.conf', 'exec /usr/bin/node /srv/app.js\n');
    const r = await run('profiles', 'show', 'recommended', '--job', job, '--target', 'debian-12');
    expect(r.out).toContain(`### ${job} with recommended`);
    expect(r.out).toContain('[harden/mdwe-jit]');
  });
});
