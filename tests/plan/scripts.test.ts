/**
 * migrate.sh and rollback.sh run under dash and busybox sh on a fake host (tests/helpers/migration.ts): every
 * file below a temporary root, a fake systemctl keeping enablement and activity as files. The
 * real systemd is to run them in the e2e suite (issue 12, item 5).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostFacts, Plan } from '../../src/pipeline';
import { tempDir } from '../helpers/cli';
import {
  type FakeHost,
  hasShellcheck,
  shellcheck,
  shells,
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

describe.each(shells().map((s) => [s.name, s] as const))(
  'migrate.sh and rollback.sh on a host, under %s',
  (_, shell) => {
    const tmp = tempDir('u2s-scripts-');
    let host: FakeHost;
    let plan: Plan;
    const out = (): string => path.join(tmp.path, 'out');
    const migrate = (...args: string[]) => runScript(host, kitFile(out(), 'migrate.sh'), args, { shell });
    const rollback = (...args: string[]) => runScript(host, kitFile(out(), 'rollback.sh'), args, { shell });
    /** The calls of the fake systemctl that change something (not the questions). */
    const changes = (): string[] =>
      systemctlCalls(host).filter((c) =>
        /^(\[--quiet\])?\[(start|restart|stop|enable|disable|daemon-reload)\]/.test(c),
      );

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

    it('installs, enables, starts in order; a second run changes nothing; rollback restores the host', () => {
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
        active: [
          'app-worker@a\\x20b-c.service',
          'app-worker@mail.service',
          'app.service',
          'sock.service',
          'sock.socket',
        ],
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

    it('parse as POSIX sh, are executable, and are shellcheck-clean where shellcheck is installed', () => {
      makePlan();
      const files = [kitFile(out(), 'migrate.sh'), kitFile(out(), 'rollback.sh')];
      for (const f of files) execFileSync(shell.argv[0]!, [...shell.argv.slice(1), '-n', f]);
      for (const f of files) expect(fs.statSync(f).mode & 0o777).toBe(0o755);
      if (hasShellcheck()) expect(shellcheck(...files)).toBe('');
      else console.info('shellcheck is not installed: the scripts were not checked with it');
    });

    it('installs every file, then reloads once, then enables, then starts, in that order', () => {
      makePlan();
      const r = migrate();
      expect(r.code).toBe(0);
      const out = r.out;
      const lastInstall = Math.max(...plan.jobs.flatMap((j) => j.files).map((f) => out.indexOf(`installed ${f.path}`)));
      expect(out.indexOf('systemctl daemon-reload')).toBeGreaterThan(lastInstall);
      expect(out.indexOf('enabled ')).toBeGreaterThan(out.indexOf('systemctl daemon-reload'));
      const calls = changes();
      expect(calls.filter((c) => c === '[daemon-reload]')).toHaveLength(1);
      const verbs = calls.map((c) => /\[(daemon-reload|enable|start)\]/.exec(c)![1]);
      expect(verbs).toEqual(
        [...verbs].sort(
          (a, b) => ['daemon-reload', 'enable', 'start'].indexOf(a!) - ['daemon-reload', 'enable', 'start'].indexOf(b!),
        ),
      );
      for (const f of plan.jobs.flatMap((j) => j.files))
        expect((fs.statSync(path.join(host.root, f.path)).mode & 0o777).toString(8).padStart(4, '0')).toBe(f.mode);
    });

    it('refuses a host whose systemd is older than the target, or that does not run systemd, changing nothing', () => {
      makePlan();
      const before = snapshot(host.root);
      const old = runScript(host, kitFile(out(), 'migrate.sh'), [], { shell, env: { FAKE_SYSTEMD: '237' } });
      expect(old.code).toBe(1);
      expect(old.out).toContain('systemd 237 is older than 252, the version the units were made for');
      expect(old.out).toContain('Nothing was changed');
      const none = runScript(host, kitFile(out(), 'migrate.sh'), [], { shell, env: { FAKE_SYSTEMD: 'none' } });
      expect(none.out).toContain('this host does not run systemd yet (upgrade it first)');
      // --keep-going cannot leave out a problem of the host
      const keep = runScript(host, kitFile(out(), 'migrate.sh'), ['--keep-going'], {
        shell,
        env: { FAKE_SYSTEMD: '237' },
      });
      expect(keep.code).toBe(1);
      expect(snapshot(host.root)).toEqual(before);
      expect(changes()).toEqual([]);
    });

    it('refuses a missing user or group the job runs as', () => {
      tmp.write('trusty/etc/init/grp.conf', 'start on runlevel [2345]\nsetgid staff\nexec /usr/bin/grp\n');
      makePlan();
      host.users = [];
      const r = migrate();
      expect(r.code).toBe(1);
      expect(r.out).toContain('app: user app does not exist: create it first');
      expect(r.out).toContain('grp: group staff does not exist: create it first');
      expect(changes()).toEqual([]);
    });

    it('refuses to replace a file that changed since the plan was made', () => {
      tmp.write('host/etc/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/old-app\n');
      makePlan(RUNNING, { out: out(), mode: 'full', force: true, exclude: ['cron'] });
      tmp.write('host/etc/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/newer-app\n');
      const r = migrate();
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        'app: /etc/systemd/system/app.service changed since the plan was made (it would be replaced)',
      );
      expect(changes()).toEqual([]);
    });

    it('refuses a masked unit it would enable as it is, and a unit file in its way that is a symlink', () => {
      makePlan();
      expect(plan.jobs.find((j) => j.job === 'cron')!.action).toBe('use-existing');
      fs.symlinkSync('/dev/null', path.join(host.root, 'etc/systemd/system/cron.service'));
      fs.symlinkSync('/lib/systemd/system/cron.service', path.join(host.root, 'etc/systemd/system/late.service'));
      const r = migrate();
      expect(r.code).toBe(1);
      expect(r.out).toContain('cron: cron.service is masked (/etc/systemd/system/cron.service links to /dev/null)');
      expect(r.out).toContain('late: /etc/systemd/system/late.service is a symlink or not a regular file');
      expect(changes()).toEqual([]);
    });

    it('restarts a running unit whose files it changes; rollback leaves it running with the old ones', () => {
      tmp.write(
        'trusty/etc/init/cron.conf',
        'start on runlevel [2345]\nrespawn\nenv EXTRA_OPTS=-L15\nexec /usr/sbin/cron -f\n',
      );
      makePlan({ running: { cron: [''] } });
      expect(plan.jobs.find((j) => j.job === 'cron')!.action).toBe('drop-in');
      tmp.write('state/active/cron.service', '');
      tmp.write('state/enabled/cron.service', '');
      const before = snapshot(host.root);
      const r = migrate();
      expect(r.code).toBe(0);
      expect(r.out).toContain('cron: restarted cron.service: active');
      expect(r.out).toContain('cron: cron.service is already enabled');
      const undo = rollback();
      expect(undo.code).toBe(0);
      expect(undo.out).toContain('cron: removed /etc/systemd/system/cron.service.d/50-upstart2systemd.conf');
      expect(undo.out).toContain('cron: restarted cron.service');
      expect(snapshot(host.root)).toEqual(before);
      // it was enabled and active before: rollback neither disables nor stops it
      expect(unitStates(host)).toEqual({ enabled: ['cron.service'], active: ['cron.service'] });
    });

    it('rollback disables what was enabled, stops what was started, reloads; --dry-run prints every step', () => {
      makePlan();
      expect(migrate().code).toBe(0);
      const after = snapshot(host.root);
      const calls = changes().length;
      const dry = rollback('--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.out).toContain('app: would stop app.service');
      expect(dry.out).toContain('sock: would disable sock.socket');
      expect(dry.out).toContain('late: would remove /etc/systemd/system/late.service');
      expect(dry.out).toContain('would run: systemctl daemon-reload');
      expect(snapshot(host.root)).toEqual(after);
      expect(changes().length).toBe(calls);

      expect(rollback().code).toBe(0);
      const undo = changes().slice(calls);
      expect(undo).toEqual(
        expect.arrayContaining(['[stop][--][app.service]', '[--quiet][disable][--][sock.socket]', '[daemon-reload]']),
      );
      expect(undo.indexOf('[daemon-reload]')).toBeGreaterThan(undo.indexOf('[--quiet][disable][--][sock.socket]'));
    });
  },
);
