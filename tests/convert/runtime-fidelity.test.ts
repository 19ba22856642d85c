/**
 * Behaviours found by comparing converted real-world jobs with their maintainers' units and by
 * running the units under systemd: timeouts Upstart did not have, PID files named by variables,
 * `expect stop` daemons, jobs without a main process, Upstart commands inside scripts, shared
 * runtime directories and targets without DynamicUser=.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExecLine } from '../../src/systemd/exec-line';
import { forksBeforeExec } from '../../src/convert/lifecycle';
import { convert, lines } from '../helpers/convert';

const argvOf = (unit: string, key: string): string[] =>
  parseExecLine(
    lines(unit)
      .find((l) => l.startsWith(`${key}=`))!
      .slice(key.length + 1),
  ).argv;

describe('timeouts Upstart did not have', () => {
  it('lets pre-start, post-start and forking take as long as they take', () => {
    expect(
      lines(convert('post-start exec /usr/bin/lxd waitready --timeout=600\nexec /usr/bin/lxd --group lxd\n').service),
    ).toContain('TimeoutStartSec=infinity');
    expect(lines(convert('task\nexec /usr/bin/migrate\n').service)).toContain('TimeoutStartSec=infinity');
    expect(convert('exec /usr/sbin/d\n').service).not.toContain('TimeoutStartSec');
  });

  it('never kills a job without a main process, nor cuts its post-stop short', () => {
    const { service } = convert(
      'post-start script\n  rake sidekiq:start\nend script\npost-stop exec /usr/bin/rake sidekiq:stop\n',
    );
    expect(lines(service)).toEqual(
      expect.arrayContaining([
        'KillMode=process',
        'TimeoutStopSec=infinity',
        'ExecStopPost=/usr/bin/rake sidekiq:stop',
      ]),
    );
  });

  it('says that pre-stop and post-stop of a daemon share TimeoutStopSec=', () => {
    expect(convert('exec /usr/sbin/d\npost-stop exec /bin/sleep 5\n').rules).toContain('convert/stop-timeout');
  });
});

describe('forking daemons', () => {
  it('writes the PID file a variable names, from the env stanza, and leaves out one it cannot know', () => {
    const known = convert(
      'env PIDFILE=/var/run/b/b.pid\nexpect fork\nexec start-stop-daemon --start --pidfile "$PIDFILE" --exec /usr/bin/b\n',
    );
    expect(lines(known.service)).toContain('PIDFile=/var/run/b/b.pid');
    const unknown = convert('expect fork\nexec /usr/bin/b --pidfile $PIDFILE\n');
    expect(unknown.service).not.toContain('PIDFile');
  });

  it('warns about expect fork with a script only when something forks before exec', () => {
    expect(forksBeforeExec('[ -f /etc/default/x ] && . /etc/default/x\nLANG=C exec /usr/sbin/d\n')).toBe(false);
    expect(forksBeforeExec('mkdir -p /run/x\nexec /usr/sbin/d\n')).toBe(true);
    expect(forksBeforeExec('OPTS=$(cat /etc/x)\nexec /usr/sbin/d $OPTS\n')).toBe(true);
  });

  it('sets UPSTART_JOB for expect stop daemons, which stop themselves only when they see it, and gives up when the daemon forks instead', () => {
    const { service } = convert('expect stop\nexec /usr/sbin/collectd -C /etc/collectd.conf\n', { name: 'collectd' });
    expect(lines(service)).toContain('Environment=UPSTART_JOB=collectd');
    expect(argvOf(service, 'ExecStartPost')[2]).toContain('exit 1');
  });
});

describe('Upstart commands in scripts', () => {
  const queues =
    'script\n  for q in mail reports; do\n    start brindle-worker QUEUE="$q" || true\n  done\n  initctl emit queues-started\nend script\n';
  const worker = 'instance $QUEUE\nexec /usr/bin/worker --queue $QUEUE\n';

  it('run through shell functions that call systemctl with the unit (template instances included)', () => {
    const r = convert(queues, { name: 'queues', others: { 'brindle-worker': worker } });
    const script = argvOf(r.service, 'ExecStart')[3]!;
    expect(script).toContain('start() { u2s_job start "$@"; }');
    expect(script).toContain('brindle-worker) u2s_unit=brindle-worker; u2s_var=QUEUE;;');
    expect(script).toContain('systemctl $u2s_opt "$u2s_verb" "$u2s_unit"');
    expect(script).toContain('start brindle-worker QUEUE="$q" || true');
    expect(r.rules).toContain('convert/upstart-command-shim');
  });

  it('call systemctl with the unit each command names, when the script runs', () => {
    const r = convert(`${queues.replace('end script', '  stop -n\n  status brindle-worker QUEUE=mail\nend script')}`, {
      name: 'queues',
      others: { 'brindle-worker': worker },
    });
    const dir = mkdtempSync(join(tmpdir(), 'u2s-shim-'));
    writeFileSync(join(dir, 'systemctl'), `#!/bin/sh\necho "$*" >> ${dir}/calls\n`, { mode: 0o755 });
    const script = argvOf(r.service, 'ExecStart')[3]!.replace(/\$\$/g, '$');
    const out = execFileSync('/bin/sh', ['-e', '-c', script], {
      env: { PATH: `${dir}:/usr/bin:/bin`, UPSTART_JOB: 'queues' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    expect(readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n')).toEqual([
      'start brindle-worker@mail.service',
      'start brindle-worker@reports.service',
      '--no-block stop queues.service',
      'is-active --quiet brindle-worker@mail.service',
    ]);
    expect(out).toBe('brindle-worker start/running\n');
  });

  it('map only the jobs the script names', () => {
    const script = argvOf(
      convert('task\nexec reload cups\n', { others: { 'brindle-worker': worker } }).service,
      'ExecStart',
    )[3]!;
    expect(script).not.toContain('brindle-worker)');
    expect(script).not.toContain('udev)');
  });

  it('are found inside command substitutions (statusnow=`status`)', () => {
    const r = convert(
      'exec /usr/sbin/mysqld\npost-start script\n  statusnow=`status`\n  echo $statusnow | grep -q stop/ && exit 0\nend script\n',
    );
    expect(r.rules).toContain('convert/upstart-command-shim');
    expect(argvOf(r.service, 'ExecStartPost')[3]).toContain('status() { u2s_job status "$@"; }');
  });

  it('are not confused with start-stop-daemon', () => {
    const r = convert('script\n  start-stop-daemon --start --exec /usr/bin/d\nend script\n');
    expect(r.rules).not.toContain('convert/upstart-command-shim');
    expect(argvOf(r.service, 'ExecStart')[3]).not.toContain('u2s_job');
  });

  it('work as exec stanzas too (exec reload cups), without the exec', () => {
    const r = convert('task\nexec reload cups\n');
    const argv = argvOf(r.service, 'ExecStart');
    expect(argv.slice(0, 3)).toEqual(['/bin/sh', '-e', '-c']);
    expect(argv[3]).toMatch(/\nreload cups$/);
  });
});

describe('jobs of the distribution itself', () => {
  it('warns that systemd already does the work of a boot job like tty1, naming the unit', () => {
    const d = convert('start on runlevel [2345]\nrespawn\nexec /sbin/getty -8 38400 tty1\n', {
      name: 'tty1',
    }).diagnostics.find((x) => x.ruleId === 'convert/replaced-by-systemd');
    expect(d?.message).toContain('getty@tty1.service');
  });

  it('notes that the target packages ship their own unit for ssh, and not for a job of our own', () => {
    expect(convert('exec /usr/sbin/sshd -D\n', { name: 'ssh' }).rules).toContain('convert/distro-unit');
    expect(convert('exec /usr/sbin/acme\n', { name: 'acme' }).rules).not.toContain('convert/distro-unit');
  });

  it.each([
    ['failsafe', 'network-online.target'],
    ['mountnfs.sh', 'remote-fs.target'],
    ['upstart-socket-bridge', 'sockets.target'],
    ['console-font', 'systemd-vconsole-setup.service'],
  ])("knows Trusty's own boot job %s by its real name (replaced by %s)", (name, unit) => {
    const d = convert('task\nexec /bin/true\n', { name }).diagnostics.find(
      (x) => x.ruleId === 'convert/replaced-by-systemd',
    );
    expect(d?.message).toContain(unit);
  });
});

describe('other findings', () => {
  it('reports a build-system placeholder left in a command', () => {
    const d = convert('exec @bindir@/click hook run\n').diagnostics.find((x) => x.ruleId === 'convert/exec-via-shell')!;
    expect(d.message).toContain('placeholder');
  });

  it('does not turn a user-session job into a system unit pulled by the session', () => {
    const r = convert('start on starting xsession-init and started dbus\ntask\nexec /usr/bin/click hook run-user\n');
    expect(r.rules).toContain('convert/user-session-job');
  });

  it('keeps a shared runtime directory when one unit stops, and keeps the user on targets without DynamicUser=', () => {
    const profiles = ['readonly-tmp'];
    const r = convert('exec /usr/bin/tallow-ctl --socket /var/run/tallow/tallow.sock ping\n', {
      profiles,
      systemd: 252,
      others: { cached: 'exec /usr/bin/tallow --socket /var/run/tallow/tallow.sock\n' },
    });
    expect(lines(r.service)).toEqual(
      expect.arrayContaining(['RuntimeDirectory=tallow', 'RuntimeDirectoryPreserve=yes']),
    );
    const old = convert('exec /usr/bin/tallow-ctl --socket /var/run/tallow/tallow.sock ping\n', {
      profiles,
      systemd: 232,
      others: { cached: 'exec /usr/bin/tallow --socket /var/run/tallow/tallow.sock\n' },
    });
    expect(lines(old.service)).toContain('ReadWritePaths=-/run/tallow');
    const r229 = convert('setuid nobody\nsetgid nogroup\nexec /usr/sbin/statusd\n', {
      profiles: ['dynamic-user'],
      systemd: 229,
    });
    expect(lines(r229.service)).toEqual(expect.arrayContaining(['User=nobody', 'Group=nogroup']));
    expect(r229.rules).toContain('harden/dynamic-user-target');
  });

  it('warns that a failing pre-start of a respawning job is retried by systemd', () => {
    expect(convert('respawn\npre-start exec /bin/false\nexec /usr/sbin/d\n').rules).toContain(
      'convert/pre-start-restart',
    );
  });
});
