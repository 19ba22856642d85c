/**
 * The semantics a converted unit must keep (issue 3, items 1–11): each test names the behaviour
 * and would fail if the mapping broke.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseExecLine } from '../../src/systemd/exec-line';
import { convert, lines } from '../helpers/convert';

/** The argv systemd would hand the process for the first `Key=` line of a unit. */
function argvOf(unit: string, key: string): string[] {
  const line = lines(unit).find((l) => l.startsWith(`${key}=`));
  if (!line) throw new Error(`no ${key}= in\n${unit}`);
  return parseExecLine(line.slice(key.length + 1)).argv;
}

describe('1. exec', () => {
  it('runs a command without shell characters directly, with the argv Upstart split', () => {
    const { service } = convert('exec /usr/sbin/d  -a\t-b %y @x +z\n');
    expect(argvOf(service, 'ExecStart')).toEqual(['/usr/sbin/d', '-a', '-b', '%y', '@x', '+z']);
  });

  it('runs a command with shell characters through /bin/sh -e -c "exec …", keeping $ for the shell', () => {
    const { service } = convert('exec /usr/sbin/d --port=80 -c $CONF "a b" 50%\n');
    expect(argvOf(service, 'ExecStart')).toEqual([
      '/bin/sh',
      '-e',
      '-c',
      'exec /usr/sbin/d --port=80 -c $CONF "a b" 50%',
    ]);
    expect(service).toContain('$$CONF');
    expect(service).toContain('50%%');
  });

  it('keeps backslashes and quotes exactly', () => {
    const { service } = convert("exec /usr/bin/printf '%s\\n' \"it's\" \\\\x\n");
    expect(argvOf(service, 'ExecStart')).toEqual([
      '/bin/sh',
      '-e',
      '-c',
      "exec /usr/bin/printf '%s\\n' \"it's\" \\\\x",
    ]);
  });

  describe('a program without a path', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-root-'));
      fs.mkdirSync(path.join(root, 'usr/bin'), { recursive: true });
      fs.writeFileSync(path.join(root, 'usr/bin/salt-minion'), '#!/bin/sh\n', { mode: 0o755 });
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("is resolved under --root along Upstart's PATH, and says so", () => {
      const r = convert('exec salt-minion -d\n', { root, systemd: 229 });
      expect(argvOf(r.service, 'ExecStart')).toEqual(['/usr/bin/salt-minion', '-d']);
      expect(r.rules).toContain('convert/exec-resolved');
    });

    it('runs through the shell on systemd < 239 when it cannot be resolved, and says so', () => {
      const r = convert('exec salt-minion -d\n', { systemd: 229 });
      expect(argvOf(r.service, 'ExecStart')).toEqual(['/bin/sh', '-e', '-c', 'exec salt-minion -d']);
      expect(r.rules).toContain('convert/exec-via-shell');
    });

    it("is left to systemd's own search on systemd >= 239, and says so", () => {
      const r = convert('exec salt-minion -d\n', { systemd: 245 });
      expect(argvOf(r.service, 'ExecStart')).toEqual(['salt-minion', '-d']);
      expect(r.rules).toContain('convert/exec-relative');
    });

    it('goes through the shell when the job sets its own PATH', () => {
      const r = convert('env PATH=/opt/app/bin:/usr/bin\nexec app\n', { systemd: 252 });
      expect(argvOf(r.service, 'ExecStart')).toEqual(['/bin/sh', '-e', '-c', 'exec app']);
      expect(r.service).toContain('Environment=PATH=/opt/app/bin:/usr/bin');
    });
  });
});

describe('2. script blocks', () => {
  const job = 'script\n  . /etc/profile.d/app.sh\n  exec /usr/bin/app --name "$(hostname)"\nend script\n';

  it('run inline as /bin/sh -e -c with the exact de-indented text', () => {
    expect(argvOf(convert(job).service, 'ExecStart')).toEqual([
      '/bin/sh',
      '-e',
      '-c',
      '. /etc/profile.d/app.sh\nexec /usr/bin/app --name "$(hostname)"',
    ]);
  });

  it('become helper scripts referenced by their install path with --scripts files', () => {
    const r = convert(job, { scripts: 'files', scriptDir: '/opt/u2s' });
    expect(argvOf(r.service, 'ExecStart')).toEqual(['/bin/sh', '-e', '/opt/u2s/example-main.sh']);
    const script = r.files['example-main.sh']!;
    expect(script).toContain('. /etc/profile.d/app.sh\nexec /usr/bin/app --name "$(hostname)"\n');
    expect(r.job.files.find((f) => f.name === 'example-main.sh')!.mode).toBe(0o755);
  });

  it('become helper scripts when the inline line would be longer than the target systemd reads (2047 before v235)', () => {
    const steps = Array.from({ length: 70 }, (_, i) => `  echo "step ${i} of a long preparation"`).join('\n');
    const long = `pre-start script\n${steps}\nend script\nexec /usr/bin/d\n`;
    const old = convert(long, { systemd: 229 });
    expect(argvOf(old.service, 'ExecStartPre')).toEqual([
      '/bin/sh',
      '-e',
      '/usr/local/lib/upstart2systemd/example-pre-start.sh',
    ]);
    expect(old.files['example-pre-start.sh']).toContain('echo "step 69 of a long preparation"');
    expect(old.rules).toContain('convert/script-too-long');
    expect(Math.max(...lines(old.service).map((l) => l.length))).toBeLessThanOrEqual(2047);
    const current = convert(long, { systemd: 252 });
    expect(argvOf(current.service, 'ExecStartPre').slice(0, 3)).toEqual(['/bin/sh', '-e', '-c']);
    expect(current.rules).not.toContain('convert/script-too-long');
  });
});

describe('3. hooks', () => {
  it('maps pre-start, post-start (failure ignored), pre-stop (guarded) and post-stop', () => {
    const { service } = convert(
      'pre-start exec /bin/mkdir -p /run/x\nexec /usr/sbin/d\npost-start exec /usr/bin/ready\n' +
        'pre-stop exec /usr/bin/drain\npost-stop exec /bin/rm -rf /run/x\n',
    );
    expect(argvOf(service, 'ExecStartPre')).toEqual(['/bin/mkdir', '-p', '/run/x']);
    expect(lines(service)).toContain('ExecStartPost=-/usr/bin/ready');
    expect(lines(service).find((l) => l.startsWith('ExecStop='))).toMatch(/^ExecStop=-/);
    expect(argvOf(service, 'ExecStop')).toEqual([
      '/bin/sh',
      '-e',
      '-c',
      '[ -n "$MAINPID" ] || exit 0\nexec /usr/bin/drain',
    ]);
    expect(argvOf(service, 'ExecStopPost')).toEqual(['/bin/rm', '-rf', '/run/x']);
  });

  const idiom = 'pre-start script\n  [ -x /usr/sbin/d ] || { stop; exit 0; }\nend script\nexec /usr/sbin/d\n';

  it('turns the stop; exit 0 idiom into ExecCondition= on systemd >= 243', () => {
    const r = convert(idiom, { systemd: 245 });
    const argv = argvOf(r.service, 'ExecCondition');
    expect(argv.slice(0, 3)).toEqual(['/bin/sh', '-e', '-c']);
    expect(argv[3]).toContain('stop() {');
    expect(argv[3]).toContain('[ -x /usr/sbin/d ] || { stop; exit 0; }');
    expect(r.service).not.toContain('ExecStartPre=');
    expect(r.rules).toContain('convert/stop-idiom');
  });

  it('fails the start instead (and warns) on systemd < 243', () => {
    const r = convert(idiom, { systemd: 237 });
    expect(lines(r.service).some((l) => l.startsWith('ExecCondition='))).toBe(false);
    expect(argvOf(r.service, 'ExecStartPre')[3]).toContain('exit 1; }');
    expect(r.rules).toContain('convert/stop-idiom-fails-start');
  });
});

describe('4. lifecycle', () => {
  it('makes a task a oneshot', () =>
    expect(lines(convert('task\nexec /usr/bin/migrate\n').service)).toContain('Type=oneshot'));

  it('makes expect fork/daemon forking, with the PID file the command line names', () => {
    const { service } = convert('expect daemon\nexec /usr/sbin/d --pid-file=/run/d.pid\n');
    expect(lines(service)).toEqual(expect.arrayContaining(['Type=forking', 'PIDFile=/run/d.pid']));
  });

  it('emulates expect stop and says so', () => {
    const r = convert('expect stop\nexec /usr/sbin/d\n');
    expect(r.rules).toContain('convert/expect-stop');
    expect(argvOf(r.service, 'ExecStartPost')[2]).toContain('kill -CONT $MAINPID');
  });

  it('makes a job without a main process a oneshot that stays active, pre-start as start', () => {
    const { service } = convert('pre-start exec /sbin/ifup -a\npost-stop exec /sbin/ifdown -a\n');
    expect(lines(service)).toEqual(
      expect.arrayContaining([
        'Type=oneshot',
        'RemainAfterExit=yes',
        'ExecStart=/sbin/ifup -a',
        'ExecStopPost=/sbin/ifdown -a',
      ]),
    );
  });

  it('uses Type=exec where the target has it and Type=simple before systemd 240', () => {
    expect(lines(convert('exec /usr/sbin/d\n', { systemd: 245 }).service)).toContain('Type=exec');
    const old = convert('exec /usr/sbin/d\n', { systemd: 237 });
    expect(lines(old.service)).toContain('Type=simple');
    expect(old.rules).toContain('target/value-rewritten');
  });
});

describe('5. respawn', () => {
  it('restarts always (Upstart respawned on exit 0) except on normal exit statuses', () => {
    const { service } = convert('respawn\nnormal exit 0 78\nexec /usr/sbin/d\n');
    expect(lines(service)).toEqual(
      expect.arrayContaining(['Restart=always', 'RestartPreventExitStatus=0 78', 'SuccessExitStatus=0 78']),
    );
  });

  it('restarts a respawning task only on failure', () => {
    expect(lines(convert('task\nrespawn\nexec /usr/bin/t\n', { systemd: 252 }).service)).toEqual(
      expect.arrayContaining(['Type=oneshot', 'Restart=on-failure']),
    );
  });

  it('restarts at once, as Upstart respawned, with RestartSec=0 (systemd waits 100 ms by default)', () => {
    expect(lines(convert('respawn\nexec /usr/sbin/d\n').service)).toContain('RestartSec=0');
    expect(lines(convert('task\nrespawn\nexec /usr/bin/t\n', { systemd: 252 }).service)).toContain('RestartSec=0');
    expect(convert('exec /usr/sbin/d\n').service).not.toContain('RestartSec=');
  });

  it("writes Upstart's default limit (10 respawns in 5 s = 11 starts) on every respawning unit", () => {
    expect(lines(convert('respawn\nexec /usr/sbin/d\n', { systemd: 245 }).service)).toEqual(
      expect.arrayContaining(['StartLimitIntervalSec=5', 'StartLimitBurst=11']),
    );
  });

  it('counts respawn limit C I as C+1 starts in I seconds, in [Unit] from systemd 230', () => {
    const { service } = convert('respawn\nrespawn limit 3 10\nexec /usr/sbin/d\n', { systemd: 245 });
    const unitSection = service.split('[Service]')[0]!;
    expect(lines(unitSection)).toEqual(expect.arrayContaining(['StartLimitIntervalSec=10', 'StartLimitBurst=4']));
  });

  it('writes [Service] StartLimitInterval= for systemd 229', () => {
    const { service } = convert('respawn\nrespawn limit 3 10\nexec /usr/sbin/d\n', { systemd: 229 });
    const serviceSection = service.split('[Service]')[1]!;
    expect(lines(serviceSection)).toEqual(expect.arrayContaining(['StartLimitInterval=10', 'StartLimitBurst=4']));
    expect(service).not.toContain('StartLimitIntervalSec');
  });

  it('turns respawn limit unlimited (or 0) into StartLimitIntervalSec=0', () => {
    expect(lines(convert('respawn\nrespawn limit unlimited\nexec /usr/sbin/d\n').service)).toContain(
      'StartLimitIntervalSec=0',
    );
    expect(lines(convert('respawn\nrespawn limit 0 5\nexec /usr/sbin/d\n').service)).toContain(
      'StartLimitIntervalSec=0',
    );
  });

  it('maps signals in normal exit to signal names', () => {
    expect(lines(convert('normal exit TERM 3\nexec /usr/sbin/d\n').service)).toContain('SuccessExitStatus=SIGTERM 3');
  });
});

describe('6. kill, reload, console', () => {
  it('maps kill signal, kill timeout and reload signal', () => {
    const { service } = convert('kill signal INT\nkill timeout 20\nreload signal USR1\nexec /usr/sbin/d\n');
    expect(lines(service)).toEqual(
      expect.arrayContaining(['KillSignal=SIGINT', 'TimeoutStopSec=20', 'ExecReload=/bin/kill -USR1 $MAINPID']),
    );
  });

  it("writes Upstart's 5 s kill timeout and SIGHUP reload by default", () => {
    expect(lines(convert('exec /usr/sbin/d\n').service)).toEqual(
      expect.arrayContaining(['TimeoutStopSec=5', 'ExecReload=/bin/kill -HUP $MAINPID']),
    );
  });

  it('never writes TimeoutStopSec=0 (infinite) for kill timeout 0', () => {
    const r = convert('kill timeout 0\nexec /usr/sbin/d\n');
    expect(lines(r.service)).toContain('TimeoutStopSec=5');
    expect(r.rules).toContain('convert/kill-timeout-zero');
  });

  it.each([
    ['none', ['StandardOutput=null', 'StandardError=null']],
    ['output', ['StandardInput=file:/dev/console', 'StandardOutput=tty', 'StandardError=tty', 'TTYPath=/dev/console']],
    ['owner', ['StandardInput=tty-force', 'StandardOutput=tty', 'TTYPath=/dev/console']],
  ])('maps console %s', (value, expected) => {
    expect(lines(convert(`console ${value}\nexec /usr/sbin/d\n`, { systemd: 252 }).service)).toEqual(
      expect.arrayContaining(expected),
    );
  });

  it('leaves console log to the journal and says where the log went', () => {
    const r = convert('exec /usr/sbin/d\n');
    expect(r.service).not.toContain('StandardOutput');
    expect(r.rules).toContain('convert/console-log');
  });
});

describe('7. environment', () => {
  it('keeps env values literal, with quotes where needed and the last value winning', () => {
    const { service } = convert('env A=1\nenv B="x y"\nenv C=$HOME/log\nenv D=50%\nenv A=2\nexec /usr/sbin/d\n');
    expect(lines(service)).toEqual(
      expect.arrayContaining([
        'Environment=A=2',
        'Environment="B=x y"',
        'Environment=C=$HOME/log',
        'Environment=D=50%%',
      ]),
    );
    expect(service).not.toContain('A=1');
  });

  it('passes env KEY through from the manager and warns', () => {
    const r = convert('env INIT_VERBOSE\nexec /usr/sbin/d\n');
    expect(lines(r.service)).toContain('PassEnvironment=INIT_VERBOSE');
    expect(r.rules).toContain('convert/env-pass');
  });

  it('reports an export another job consumes', () => {
    const r = convert('export PORT\nenv PORT=80\nexec /usr/sbin/d\n', {
      others: { watcher: 'start on started example PORT=80\nexec /usr/bin/w\n' },
    });
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'convert/export-consumed', severity: 'warning' }),
    );
  });

  it('sets UPSTART_JOB and UPSTART_INSTANCE when scripts use them', () => {
    const { service } = convert('script\n  echo "$UPSTART_JOB $UPSTART_INSTANCE"\nend script\n', {
      name: 'net/tunnel',
    });
    expect(lines(service)).toEqual(
      expect.arrayContaining(['Environment=UPSTART_JOB=net/tunnel', 'Environment=UPSTART_INSTANCE=']),
    );
  });

  it('turns instance $VAR into a template unit with VAR=%I (the unescaped instance name)', () => {
    const r = convert('instance $QUEUE\nexec /usr/bin/worker --queue $QUEUE\n', { name: 'worker' });
    expect(Object.keys(r.files)).toEqual(['worker@.service']);
    expect(lines(r.service)).toContain('Environment=QUEUE=%I');
  });
});

describe('7b. variables of the starting event', () => {
  it('sets an event variable a script reads when every way the job starts names its value', () => {
    const r = convert('start on mounted MOUNTPOINT=/srv/data\nscript\n  echo "$MOUNTPOINT"\nend script\n');
    expect(lines(r.service)).toContain('Environment=MOUNTPOINT=/srv/data');
    expect(r.rules).toContain('convert/event-variable-set');
    const job = convert('start on started db or started db\nexec /usr/bin/notify $JOB\n', {
      others: { db: 'exec /usr/bin/db\n' },
    });
    expect(lines(job.service)).toContain('Environment=JOB=db');
  });

  it('warns, at the line that reads it, about an event variable whose value the events do not fix', () => {
    const r = convert('start on runlevel [2345]\nscript\n  date\n  [ "$RUNLEVEL" = 2 ] && echo two\nend script\n');
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/event-variable')!;
    expect({ line: d.line, severity: d.severity }).toEqual({ line: 4, severity: 'warning' });
    expect(d.message).toContain('$RUNLEVEL');
    expect(r.service).not.toContain('Environment=RUNLEVEL');
  });

  it('keeps the env default but says the event used to override it, when branches name different values', () => {
    const r = convert(
      'start on (mounted MOUNTPOINT=/tmp) or (mounted MOUNTPOINT=/usr)\nenv MOUNTPOINT=/tmp\nexec /usr/bin/clean $MOUNTPOINT\n',
    );
    expect(lines(r.service)).toContain('Environment=MOUNTPOINT=/tmp');
    expect(r.diagnostics.find((x) => x.ruleId === 'convert/event-variable')!.message).toContain(
      '"/tmp" (the env default)',
    );
  });

  it('warns when pre-stop or post-stop reads a variable of the event that stopped the job', () => {
    const r = convert(
      'start on runlevel [2345]\nstop on runlevel [016]\nexec /usr/bin/d\npre-stop script\n  [ "$RUNLEVEL" = 0 ] && /usr/bin/d --flush\nend script\n',
    );
    const d = r.diagnostics.filter((x) => x.ruleId === 'convert/event-variable');
    expect(d.map((x) => [x.line, x.message.includes('the event that stopped the job')])).toEqual([[5, true]]);
  });

  it('says nothing of event variables a script assigns itself, or of the instance variable', () => {
    expect(
      convert(
        'start on runlevel [2345]\nscript\n  RUNLEVEL=$(runlevel | cut -d" " -f2)\n  echo $RUNLEVEL\nend script\n',
      ).rules,
    ).not.toContain('convert/event-variable');
    expect(convert('start on net-device-added\ninstance $INTERFACE\nexec /sbin/ifup $INTERFACE\n').rules).not.toContain(
      'convert/event-variable',
    );
  });
});

describe('8. process attributes', () => {
  it('maps identity, directories, umask, nice, oom and limits', () => {
    const { service } = convert(
      'setuid www-data\nsetgid www-data\nchdir /srv/app\nchroot /srv/jail\numask 027\nnice 5\noom 10\n' +
        'limit nofile 4096 8192\nlimit core unlimited unlimited\napparmor switch /usr/sbin/d\n' +
        'exec /usr/sbin/d\n',
    );
    expect(lines(service)).toEqual(
      expect.arrayContaining([
        'User=www-data',
        'Group=www-data',
        'WorkingDirectory=/srv/app',
        'RootDirectory=/srv/jail',
        'UMask=0027',
        'Nice=5',
        'OOMScoreAdjust=666',
        'LimitNOFILE=4096:8192',
        'LimitCORE=infinity',
        'AppArmorProfile=/usr/sbin/d',
      ]),
    );
  });

  it('warns that setuid without setgid dropped root from the supplementary groups', () => {
    expect(convert('setuid app\nexec /usr/sbin/d\n').rules).toContain('convert/setuid-root-group');
  });

  it('notes that apparmor switch now confines every process, and warns when the profile name has a variable', () => {
    const severities = (job: string) =>
      convert(job)
        .diagnostics.filter((d) => d.ruleId.startsWith('convert/apparmor'))
        .map((d) => [d.ruleId, d.severity]);
    expect(severities('apparmor switch /usr/sbin/d\nexec /usr/sbin/d\n')).toEqual([
      ['convert/apparmor-switch', 'info'],
    ]);
    expect(severities('apparmor switch $PROFILE\nexec /usr/sbin/d\n')).toEqual([
      ['convert/apparmor-switch', 'info'],
      ['convert/apparmor-switch-variable', 'warning'],
    ]);
  });

  it('notes a cgroup stanza without settings, and warns about a setting it drops', () => {
    const severities = (job: string) =>
      convert(job)
        .diagnostics.filter((d) => d.ruleId.startsWith('convert/cgroup'))
        .map((d) => [d.ruleId, d.severity]);
    expect(severities('cgroup cpu\nexec /usr/sbin/d\n')).toEqual([['convert/cgroup-controller', 'info']]);
    expect(severities('cgroup blkio weight 100\nexec /usr/sbin/d\n')).toEqual([['convert/cgroup', 'warning']]);
  });

  it('loads an apparmor profile before start, ignoring failure as Upstart did', () => {
    expect(lines(convert('apparmor load /etc/apparmor.d/usr.sbin.d\nexec /usr/sbin/d\n').service)).toContain(
      'ExecStartPre=-/sbin/apparmor_parser -r -W /etc/apparmor.d/usr.sbin.d',
    );
  });
});

describe('9. events', () => {
  it('has no [Install] section for a manual job', () => {
    const r = convert('start on runlevel [2345]\nexec /usr/sbin/d\n', { override: 'manual\n' });
    expect(r.service).not.toContain('[Install]');
    expect(r.rules).toContain('convert/manual');
  });

  it('names the emitters of a custom event', () => {
    const r = convert('start on example-ready\nexec /usr/sbin/d\n', {
      others: { emitter: 'emits example-ready\nexec /usr/bin/e\n', other: 'emits example-*\nexec /usr/bin/o\n' },
    });
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/event-unknown')!;
    expect(d.message).toContain('emitter');
    expect(d.message).toContain('other');
  });

  it('orders after both sides of an and, pulled in by the later milestone, without starting the job it waited for', () => {
    const r = convert('start on (filesystem and started exampledb)\nexec /usr/sbin/d\n', {
      others: { exampledb: 'start on runlevel [2345]\nexec /usr/sbin/db\n' },
    });
    expect(lines(r.service)).toContain('WantedBy=multi-user.target');
    expect(r.service).not.toContain('Wants=');
    expect(lines(r.service).find((l) => l.startsWith('After='))).toContain('exampledb.service');
    expect(r.diagnostics.find((d) => d.ruleId === 'convert/event-approximated')!.message).toContain(
      'waited for exampledb.service',
    );
  });

  it('never orders a unit both before and after another (starting X / stopping X)', () => {
    const r = convert('start on starting app\nstop on stopping app\nexec /usr/sbin/d\n');
    expect(lines(r.service)).toEqual(expect.arrayContaining(['Before=app.service', 'PartOf=app.service']));
    expect(r.service).not.toContain('After=app.service');
    expect(r.rules).toContain('convert/event-approximated');
  });

  it('runs a job for runlevel 0/6 (or starting rc RUNLEVEL=[06]) at shutdown, as ExecStop=', () => {
    for (const on of ['start on runlevel [06]', 'start on starting rc RUNLEVEL=[06]']) {
      const r = convert(`${on}\ntask\nexec /usr/bin/save-state\n`);
      expect(lines(r.service)).toEqual(
        expect.arrayContaining([
          'Type=oneshot',
          'RemainAfterExit=yes',
          'ExecStart=/bin/true',
          'ExecStop=/usr/bin/save-state',
          'TimeoutStopSec=infinity',
          'WantedBy=multi-user.target',
        ]),
      );
    }
  });

  it('runs a runlevel 6 job only on reboot and a runlevel 0 job only on poweroff or halt', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-shutdown-'));
    const fakeSystemctl = path.join(dir, 'systemctl');
    /** Runs the unit's ExecStop= while systemd's job list holds `jobs`; true when the job's command ran. */
    const ranDuring = (service: string, jobs: string): boolean => {
      fs.writeFileSync(fakeSystemctl, `#!/bin/sh\nprintf '%s\\n' '${jobs}'\n`, { mode: 0o755 });
      const argv = parseExecLine(
        lines(service)
          .find((l) => l.startsWith('ExecStop='))!
          .slice('ExecStop='.length),
      ).argv.map((a) => a.replace(/\$\$/g, '$'));
      fs.rmSync(path.join(dir, 'ran'), { force: true });
      spawnSync(argv[0]!, argv.slice(1), { env: { PATH: `${dir}:/usr/bin:/bin`, RAN: path.join(dir, 'ran') } });
      return fs.existsSync(path.join(dir, 'ran'));
    };
    const job = (level: string): string =>
      convert(`start on runlevel ${level}\ntask\nexec /usr/bin/touch $RAN\n`).service;
    const reboot = '812 reboot.target start waiting';
    const poweroff = '812 poweroff.target start waiting';
    expect([ranDuring(job('6'), reboot), ranDuring(job('6'), poweroff), ranDuring(job('6'), '')]).toEqual([
      true,
      false,
      false,
    ]);
    expect([ranDuring(job('0'), reboot), ranDuring(job('0'), poweroff), ranDuring(job('0'), '')]).toEqual([
      false,
      true,
      false,
    ]);
    expect([ranDuring(job('[06]'), reboot), ranDuring(job('[06]'), poweroff)]).toEqual([true, true]);
  });

  it('breaks an ordering loop between jobs at the ordering no start on pulls in, and says so', () => {
    // c starts once d stopped (only ordered: After=d); d starts when c started (pulled: WantedBy=c, After=c)
    const r = convert('start on stopped d\nexec /usr/bin/c\n', {
      name: 'c',
      others: { d: 'start on started c\nexec /usr/bin/d\n' },
    });
    expect(r.service).not.toContain('After=d.service');
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/ordering-cycle')!;
    expect(d.message).toContain('c.service → d.service → c.service');
    expect(d.message).toContain('After=d.service');
    const other = convert('start on started c\nexec /usr/bin/d\n', {
      name: 'd',
      others: { c: 'start on stopped d\nexec /usr/bin/c\n' },
    });
    expect(lines(other.service)).toEqual(expect.arrayContaining(['After=c.service', 'WantedBy=c.service']));
    expect(other.rules).not.toContain('convert/ordering-cycle');
  });

  it('keeps orderings between jobs that form no loop', () => {
    const r = convert('start on stopped d\nexec /usr/bin/c\n', {
      name: 'c',
      others: { d: 'start on runlevel [2345]\nexec /usr/bin/d\n' },
    });
    expect(lines(r.service)).toContain('After=d.service');
    expect(r.rules).not.toContain('convert/ordering-cycle');
  });

  it('starts the instance a socket event named for a template job, or no socket when Upstart could not name it', () => {
    const named = convert('instance $PORT\nstart on socket PROTO=inet PORT=7411 ADDR=127.0.0.1\nexec /usr/bin/d\n', {
      name: 'srv',
    });
    expect(lines(named.files['srv.socket']!)).toEqual(
      expect.arrayContaining(['ListenStream=127.0.0.1:7411', 'Service=srv@7411.service']),
    );
    expect(named.rules).toContain('convert/activation-instance');
    const unnamed = convert('instance $QUEUE\nstart on socket PROTO=inet PORT=7411\nexec /usr/bin/d\n', {
      name: 'srv',
    });
    expect(Object.keys(unnamed.files)).toEqual(['srv@.service']);
    expect(unnamed.service).not.toContain('UPSTART_FDS');
    expect(unnamed.rules).toContain('convert/activation-instance-unknown');
    const fromEnv = convert(
      'env QUEUE=main\ninstance $QUEUE\nstart on file FILE=/etc/srv/go EVENT=create\nexec /usr/bin/d\n',
      { name: 'srv' },
    );
    expect(lines(fromEnv.files['srv.path']!)).toEqual(
      expect.arrayContaining(['PathExists=/etc/srv/go', 'Unit=srv@main.service']),
    );
  });

  it('starts a job waiting for a custom event from the shim of the job that emits it', () => {
    const emitter =
      'start on runlevel [2345]\nexec /usr/bin/rild\npost-start script\n  initctl emit --no-wait rild-ready MODEM=0\nend script\n';
    const waiter = convert('start on rild-ready\nexec /usr/bin/ofono\n', { name: 'ofono', others: { rild: emitter } });
    expect(waiter.diagnostics.find((d) => d.ruleId === 'convert/event-emitted')!.message).toContain('rild');
    expect(waiter.rules).not.toContain('convert/not-enabled');
    // and the event's target pulls it in for emitters outside the batch (issue 17)
    expect(lines(waiter.service)).toContain('WantedBy=upstart-event-rild\\x2dready.target');
    const rild = convert(emitter, { name: 'rild', others: { ofono: 'start on rild-ready\nexec /usr/bin/ofono\n' } });
    const post = argvOf(rild.service, 'ExecStartPost')[3]!;
    expect(post).toContain('    rild-ready) systemctl $u2s_nb start ofono.service;;');
    // the shim, run: emitting starts the waiting unit; another event is only reported
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-emit-'));
    fs.writeFileSync(path.join(dir, 'systemctl'), `#!/bin/sh\necho "$*" >> ${dir}/calls\n`, { mode: 0o755 });
    const shim = post.slice(0, post.indexOf('\ninitctl emit'));
    spawnSync('/bin/sh', ['-e', '-c', `${shim}\ninitctl emit --no-wait rild-ready MODEM=0\ninitctl emit other-event`], {
      env: { PATH: `${dir}:/usr/bin:/bin` },
    });
    expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).toBe('--no-block start ofono.service\n');
  });

  it('stops a job whose stop on is a custom event when a job of the batch emits it', () => {
    const emitter = 'exec /usr/bin/modem\npre-stop exec initctl emit modem-down\n';
    const waiter = convert('start on runlevel [2345]\nstop on modem-down\nexec /usr/bin/ofono\n', {
      name: 'ofono',
      others: { modem: emitter },
    });
    expect(waiter.diagnostics.find((d) => d.ruleId === 'convert/event-emitted')!.message).toContain(
      'stops ofono.service',
    );
    const modem = convert(emitter, {
      name: 'modem',
      others: { ofono: 'start on runlevel [2345]\nstop on modem-down\nexec /usr/bin/ofono\n' },
    });
    // waiting for the stop, as the emit did: ofono is not ordered around modem (issue 17)
    expect(modem.service).toContain('    modem-down) systemctl $$u2s_nb stop ofono.service;;');
  });

  it('reads RUNLEVEL on the SysV rc job in stop on as a runlevel, with nothing to add for [016]', () => {
    const r = convert('start on runlevel [2345]\nstop on starting rc RUNLEVEL=[016]\nexec /usr/sbin/d\n');
    expect(r.rules).not.toContain('convert/event-approximated');
    expect(r.service).not.toContain('Conflicts');
  });
});

describe('9b. and/or trees', () => {
  it('pulls an and by what both branches share, keeping the other branch ordered', () => {
    const r = convert(
      'start on (filesystem\n          and (started dbus or runlevel [2345]))\nexec /usr/sbin/cupsd -f\n',
    );
    expect(lines(r.service)).toEqual(
      expect.arrayContaining(['After=local-fs.target remote-fs.target dbus.service', 'WantedBy=multi-user.target']),
    );
    expect(r.service).not.toContain('Wants=');
    expect(lines(r.service)).not.toContain('WantedBy=dbus.service');
    expect(r.rules).not.toContain('convert/event-approximated');
  });

  it('never orders a unit after the target that pulls it (no ordering cycle)', () => {
    const r = convert(
      'start on stopped rc RUNLEVEL=[2345] and (not-container or container CONTAINER=lxc)\nexec /sbin/getty 38400 tty1\n',
    );
    expect(lines(r.service)).toContain('WantedBy=multi-user.target');
    expect(r.service).not.toContain('After=multi-user.target');
  });
});

describe('10. names', () => {
  it('turns a job in a sub-directory into a valid, stable unit name', () => {
    expect(Object.keys(convert('exec /usr/sbin/d\n', { name: 'net/apache' }).files)).toEqual(['net-apache.service']);
  });

  it('refuses two jobs that map to one unit name instead of overwriting', () => {
    const r = convert('exec /usr/sbin/a\n', { name: 'net/apache', others: { 'net-apache': 'exec /usr/sbin/b\n' } });
    expect(r.job.status).toBe('failed');
    expect(r.job.files).toEqual([]);
    expect(r.rules).toContain('convert/unit-name-collision');
  });
});

describe('11. /etc/default files', () => {
  let root: string;
  const job =
    'script\n  [ -f /etc/default/app ] && . /etc/default/app\n  exec /usr/sbin/app $DAEMON_OPTS --name "$NAME"\nend script\n';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-def-'));
    fs.mkdirSync(path.join(root, 'etc/default'), { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('become EnvironmentFile=- and a direct ExecStart= when the file holds only plain assignments', () => {
    fs.writeFileSync(path.join(root, 'etc/default/app'), '# options\nDAEMON_OPTS="-v --port 80"\nNAME=web\n');
    const r = convert(job, { root });
    expect(lines(r.service)).toEqual(
      expect.arrayContaining([
        'EnvironmentFile=-/etc/default/app',
        'ExecStart=/usr/sbin/app $DAEMON_OPTS --name ${NAME}',
      ]),
    );
    expect(r.rules).toContain('convert/defaults-environment-file');
  });

  it('keep the shell and say why when the file has logic', () => {
    fs.writeFileSync(path.join(root, 'etc/default/app'), 'DAEMON_OPTS="-v"\nif [ -d /srv ]; then NAME=srv; fi\n');
    const r = convert(job, { root });
    expect(argvOf(r.service, 'ExecStart')[0]).toBe('/bin/sh');
    expect(r.diagnostics.find((d) => d.ruleId === 'convert/defaults-kept-shell')!.message).toContain('line 2');
  });

  it('keep the shell when the file cannot be checked (no --root)', () => {
    const r = convert(job);
    expect(argvOf(r.service, 'ExecStart')[0]).toBe('/bin/sh');
    expect(r.rules).toContain('convert/defaults-kept-shell');
  });
});
