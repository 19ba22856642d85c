/**
 * migrate.sh and rollback.sh run under dash on a fake host (tests/helpers/migration.ts): every
 * file below a temporary root, a fake systemctl keeping enablement and activity as files. The
 * real systemd runs them in the e2e suite (tests/e2e/migration.e2e.test.ts).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostFacts, Plan } from '../../src/pipeline';
import { tempDir } from '../helpers/cli';
import {
  type FakeHost,
  convertOut,
  fakeHost,
  kitFile,
  providePrograms,
  runScript,
  snapshot,
  systemctlCalls,
  unitStates,
} from '../helpers/migration';

const JOBS: Record<string, string> = {
  'app.conf': 'start on runlevel [2345]\nstop on runlevel [!2345]\nrespawn\nsetuid app\nexec /usr/bin/app\n',
  'app-worker.conf': 'instance $Q\nexec /usr/bin/worker $Q\n',
  'sock.conf': 'start on socket PROTO=inet PORT=7000 ADDR=127.0.0.1\nexec /usr/bin/sockd\n',
  'late.conf': 'start on started app\nexec /usr/bin/late\n',
  'cron.conf': 'start on runlevel [2345]\nrespawn\nexec /usr/sbin/cron -f\n',
  'hand.conf': 'start on runlevel [2345]\nexec /usr/bin/hand\n',
  'hand.override': 'manual\n',
};
const CRON_UNIT =
  '[Unit]\nDescription=cron\n[Service]\nExecStart=/usr/sbin/cron -f\n[Install]\nWantedBy=multi-user.target\n';
const RUNNING: HostFacts = { running: { app: [''], 'app-worker': ['mail', 'a b/c'], sock: [''], hand: [''] } };

describe('migrate.sh and rollback.sh on a host', () => {
  const tmp = tempDir('u2s-scripts-');
  let host: FakeHost;
  let plan: Plan;
  const out = (): string => path.join(tmp.path, 'out');
  const migrate = (...args: string[]) => runScript(host, kitFile(out(), 'migrate.sh'), args);
  const rollback = (...args: string[]) => runScript(host, kitFile(out(), 'rollback.sh'), args);

  /** Makes the plan for JOBS against the fake host's own units (its packaged cron.service). */
  function makePlan(
    facts: HostFacts | undefined = RUNNING,
    extra: Parameters<typeof convertOut>[0] = { out: out() },
  ): void {
    const r = convertOut({ root: path.join(tmp.path, 'trusty'), against: host.root, ...extra, out: out() }, facts);
    expect(r.err).not.toMatch(/error:/);
    plan = r.plan!;
    providePrograms(host, plan);
  }

  beforeEach(() => {
    for (const [name, text] of Object.entries(JOBS)) tmp.write(`trusty/etc/init/${name}`, text);
    host = fakeHost(tmp.path, [], ['app']);
    tmp.write('host/lib/systemd/system/cron.service', CRON_UNIT);
  });

  it('installs, enables and starts what ran in dependency order; a second run changes nothing; rollback restores the host', () => {
    makePlan();
    const before = snapshot(host.root);
    const first = migrate();
    expect(first.out).toContain('checks passed');
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/app.service'))).toBe(true);
    expect(fs.readFileSync(path.join(host.root, 'etc/systemd/system/sock.socket'), 'utf8')).toBe(
      fs.readFileSync(path.join(out(), 'etc/systemd/system/sock.socket'), 'utf8'),
    );
    expect(unitStates(host)).toEqual({
      enabled: ['app.service', 'cron.service', 'late.service', 'sock.socket'],
      active: ['app-worker@a\\x20b-c.service', 'app-worker@mail.service', 'app.service', 'sock.service', 'sock.socket'],
    });
    const starts = systemctlCalls(host).filter((c) => /^\[(start|restart)\]/.test(c));
    // the plan's order (app-worker.conf sorts before app.conf; nothing orders them)
    expect(starts).toEqual([
      '[start][--][app-worker@mail.service]',
      '[start][--][app-worker@a\\x20b-c.service]',
      '[start][--][app.service]',
      '[start][--][sock.socket]',
      '[start][--][sock.service]',
    ]);
    expect(first.out).toMatch(/Done: \d+ file\(s\) installed, 4 unit\(s\) enabled, 5 unit\(s\) started/);
    expect(first.out).toContain('hand ran under Upstart and is not migrated: manual');

    const calls = systemctlCalls(host).length;
    const second = migrate();
    expect(second.code).toBe(0);
    expect(second.out).toContain(`Nothing to change: everything in plan ${plan.id} is already in place.`);
    expect(
      systemctlCalls(host)
        .slice(calls)
        .filter((c) => /^\[(start|restart|enable|daemon-reload)\]|\]\[enable\]/.test(c)),
    ).toEqual([]);

    const undone = rollback();
    expect(undone.out).toContain('Rolled back');
    expect(undone.code).toBe(0);
    expect(snapshot(host.root)).toEqual(before);
    expect(unitStates(host)).toEqual({ enabled: [], active: [] });
    expect(rollback().out).toContain('Nothing to roll back');
  });

  it('prints every step with --dry-run and changes nothing', () => {
    makePlan();
    const before = snapshot(host.root);
    const r = migrate('--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('would install /etc/systemd/system/app.service');
    expect(r.out).toContain('would enable sock.socket');
    expect(r.out).toContain('would start app-worker@mail.service');
    expect(r.out).toContain('Dry run: nothing was changed');
    expect(snapshot(host.root)).toEqual(before);
    expect(
      systemctlCalls(host).filter((c) => !/^\[(--version|is-active|is-enabled)\]|^\[--quiet\]\[is-/.test(c)),
    ).toEqual([]);
  });

  it('stops before changing anything when a program is missing, and --keep-going migrates the others', () => {
    makePlan();
    fs.rmSync(path.join(host.root, 'usr/bin/late'));
    const before = snapshot(host.root);
    const r = migrate();
    expect(r.code).toBe(1);
    expect(r.out).toContain('late: program /usr/bin/late is missing: install its package first');
    expect(r.out).toContain('Nothing was changed');
    expect(snapshot(host.root)).toEqual(before);

    const k = migrate('--keep-going');
    expect(k.code).toBe(1);
    expect(k.out).toContain('the jobs named above are left out (--keep-going)');
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/late.service'))).toBe(false);
    expect(unitStates(host).active).toContain('app.service');
    expect(k.out).toContain('Some jobs were left out');
  });

  it('stops when a unit it extends or would shadow is not what it was when the plan was made', () => {
    makePlan();
    tmp.write('host/lib/systemd/system/cron.service', CRON_UNIT + '# changed by an update\n');
    tmp.write('host/lib/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/app\n');
    const r = migrate();
    expect(r.code).toBe(1);
    expect(r.out).toContain('cron: /lib/systemd/system/cron.service is new or changed since the plan was made');
    expect(r.out).toContain('app: /lib/systemd/system/app.service is new or changed since the plan was made');
    expect(r.out).toContain('make the plan again');
  });

  it('stops at the first unit that does not start and says where to look; --keep-going goes on', () => {
    makePlan();
    tmp.write('state/failed/app.service', '');
    const r = migrate();
    expect(r.code).toBe(1);
    expect(r.out).toContain('app: FAILED: app.service did not start (ActiveState=failed, Result=exit-code)');
    expect(r.out).toContain('journalctl -u app.service');
    expect(r.out).toContain('Stopped at the first failure');
    // what came before it in the plan's order started; nothing after it did
    expect(unitStates(host).active).toEqual(['app-worker@a\\x20b-c.service', 'app-worker@mail.service']);

    const k = migrate('--keep-going');
    expect(k.code).toBe(1);
    expect(unitStates(host).active).toContain('sock.socket');
    expect(rollback().code).toBe(0);
    expect(unitStates(host)).toEqual({ enabled: [], active: [] });
  });

  it('checks that a task ran and exited 0 rather than that it is active', () => {
    tmp.write('trusty/etc/init/once.conf', 'start on runlevel [2345]\ntask\nexec /usr/bin/once\n');
    makePlan({ running: { once: [''] } });
    tmp.write('state/task/once.service', '');
    const r = migrate();
    expect(r.out).toContain('once: started once.service: ran and exited 0');
    expect(r.code).toBe(0);
  });

  it('backs up a file it replaces, and rollback puts it back', () => {
    tmp.write('host/etc/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/old-app\n');
    makePlan(RUNNING, { out: out(), mode: 'full', exclude: ['cron'] });
    const before = snapshot(host.root);
    const r = migrate();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /app: replaced \(the old one is kept as .*\/backup\/f\d+\) \/etc\/systemd\/system\/app.service/,
    );
    expect(rollback().code).toBe(0);
    expect(snapshot(host.root)).toEqual(before);
  });

  it('keeps a file changed after migrate.sh installed it, unless --force', () => {
    makePlan();
    expect(migrate().code).toBe(0);
    fs.appendFileSync(path.join(host.root, 'etc/systemd/system/late.service'), '# edited by hand\n');
    const r = rollback();
    expect(r.code).toBe(1);
    expect(r.out).toContain('late: /etc/systemd/system/late.service changed since migrate.sh installed it: kept');
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/late.service'))).toBe(true);
    expect(rollback('--force').code).toBe(0);
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/late.service'))).toBe(false);
  });

  it('are valid POSIX sh that dash parses', () => {
    makePlan();
    for (const f of ['migrate.sh', 'rollback.sh'] as const) execFileSync('sh', ['-n', kitFile(out(), f)]);
    expect(fs.statSync(kitFile(out(), 'migrate.sh')).mode & 0o777).toBe(0o755);
  });
});

describe('migrate.sh with hostile job names, instances and globs', () => {
  const tmp = tempDir('u2s-hostile-');
  const NAMES = [
    "it's $(touch PWNED1)",
    'a`touch PWNED2`b',
    'semi;touch PWNED3',
    'new\nline',
    'esc\u001b]0;x\u0007',
    'tail\\',
  ];

  it('runs them as data: nothing is executed, every file lands at its escaped name, every unit is named exactly', () => {
    for (const n of NAMES) tmp.write(`trusty/etc/init/${n}.conf`, 'start on runlevel [2345]\nexec /usr/bin/app\n');
    tmp.write('trusty/etc/init/w.conf', 'instance $I\nexec /usr/bin/app $I\n');
    const running = Object.fromEntries([...NAMES.map((n) => [n, ['']]), ['w', ["x'$(touch PWNED4)", '`id`\n']]]);
    const out = path.join(tmp.path, 'out');
    const r = convertOut(
      { root: path.join(tmp.path, 'trusty'), out, exclude: ["$(touch PWNED5)'"], include: ['`touch PWNED6`'] },
      { running },
    );
    expect(r.out + r.err).not.toMatch(/[\u001b\u0007]/);
    const host = fakeHost(tmp.path, ['/usr/bin/app', '/bin/kill', '/bin/sh']);
    const m = runScript(host, kitFile(out, 'migrate.sh'));
    expect(m.out).not.toMatch(/[\u001b\u0007]/);
    expect(m.code).toBe(0);
    const units = fs.readdirSync(path.join(host.root, 'etc/systemd/system')).sort();
    expect(units).toEqual(r.plan!.jobs.flatMap((j) => j.files.map((f) => path.basename(f.path))).sort());
    expect(units).toContain('it\\x27s\\x20\\x24\\x28touch\\x20PWNED1\\x29.service');
    const started = systemctlCalls(host).filter((c) => c.startsWith('[start]'));
    expect(started).toContain('[start][--][w@x\\x27\\x24\\x28touch\\x20PWNED4\\x29.service]');
    expect(runScript(host, kitFile(out, 'rollback.sh')).code).toBe(0);
    const pwned = execFileSync('find', [tmp.path, '/tmp', '-maxdepth', '3', '-name', 'PWNED*'], { encoding: 'utf8' });
    expect(pwned).toBe('');
  });
});
