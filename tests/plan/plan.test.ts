/**
 * The plan `convert --out` (root layout) writes: what each job gets (install, drop-in, the
 * packaged unit as it is, or a skip with its reason), what is enabled and started, in which
 * order, what each job needs on the host, and where its files go.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WELL_KNOWN_JOBS } from '../../src';
import type { HostFacts, Plan, PlanJob } from '../../src/pipeline';
import { runCli, tempDir } from '../helpers/cli';
import { convertOut } from '../helpers/migration';

const JOBS: Record<string, string> = {
  'tty1.conf': 'start on stopped rc RUNLEVEL=[2345]\nrespawn\nexec /sbin/getty -8 38400 tty1\n',
  'cron.conf': 'start on runlevel [2345]\nrespawn\nexec /usr/sbin/cron -f\n',
  'app.conf':
    'start on runlevel [2345]\nstop on runlevel [!2345]\nrespawn\nsetuid app\nsetgid app\nexec /usr/bin/app\n',
  'app-worker.conf': 'instance $Q\nexec /usr/bin/worker $Q\n',
  'sock.conf': 'start on socket PROTO=inet PORT=7000 ADDR=127.0.0.1\nexec /usr/bin/sockd\n',
  'late.conf': 'start on started app\nexec /usr/bin/late\n',
  'hand.conf': 'start on runlevel [2345]\nexec /usr/bin/hand\n',
  'hand.override': 'manual\n',
};

/** The running jobs collect would have recorded. */
const RUNNING = { app: [''], 'app-worker': ['mail', 'a b/c'], sock: [''], hand: [''], tty1: [''] };

describe('the plan of a migration', () => {
  const tmp = tempDir('u2s-plan-');
  const root = (): string => path.join(tmp.path, 'trusty');
  const out = (): string => path.join(tmp.path, 'out');
  beforeEach(() => {
    for (const [name, text] of Object.entries(JOBS)) tmp.write(`trusty/etc/init/${name}`, text);
  });
  const byJob = (jobs: PlanJob[]): Record<string, PlanJob> => Object.fromEntries(jobs.map((j) => [j.job, j]));

  it("skips Ubuntu's boot jobs, manual jobs and a packaged daemon it cannot make a drop-in for, saying why", () => {
    const r = convertOut({ root: root(), out: out() }, { running: RUNNING });
    expect(r.code).toBe(0);
    const jobs = byJob(r.plan!.jobs);
    expect(jobs.tty1).toMatchObject({ action: 'skip', reason: { code: 'replaced-by-systemd' }, files: [] });
    expect(jobs.tty1!.reason!.message).toContain('getty@tty1.service does its work');
    expect(jobs.hand).toMatchObject({ action: 'skip', reason: { code: 'manual' } });
    expect(jobs.hand!.notes).toEqual([expect.stringContaining('it was running under Upstart')]);
    expect(jobs.cron).toMatchObject({ action: 'skip', reason: { code: 'distro-unit' } });
    expect(jobs.cron!.reason!.message).toContain('--against a root of the target');
    expect(r.out).toContain('tty1: skipped: "tty1" is part of Ubuntu\'s Upstart boot');
    expect(r.out).toContain('hand: skipped: manual (in /etc/init/hand.override)');
    const written = fs.readdirSync(path.join(out(), 'etc/systemd/system')).sort();
    expect(written).toEqual(['app-worker@.service', 'app.service', 'late.service', 'sock.service', 'sock.socket']);
  });

  it('writes a drop-in for a packaged daemon whose unit the tree holds, instead of a unit shadowing it', () => {
    tmp.write(
      'target/lib/systemd/system/cron.service',
      '[Service]\nExecStart=/usr/sbin/cron -f\n[Install]\nWantedBy=multi-user.target\n',
    );
    const r = convertOut({ root: root(), against: path.join(tmp.path, 'target'), out: out() });
    const cron = byJob(r.plan!.jobs).cron!;
    expect(cron.action).toMatch(/^(drop-in|use-existing)$/);
    expect(cron.unit).toBe('cron.service');
    expect(cron.existing).toEqual({
      unit: 'cron.service',
      files: [{ path: '/lib/systemd/system/cron.service', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
    expect(cron.files.every((f) => f.kind === 'dropin')).toBe(true);
    expect(fs.existsSync(path.join(out(), 'etc/systemd/system/cron.service'))).toBe(false);
  });

  it('enables the socket of a socket-activated job instead of its service, and starts it first', () => {
    const sock = byJob(convertOut({ root: root(), out: out() }, { running: RUNNING }).plan!.jobs).sock!;
    expect(sock).toMatchObject({ action: 'install', enable: ['sock.socket'], start: ['sock.socket', 'sock.service'] });
  });

  it("starts a template's instances that ran, escaped as systemd-escape would; enables none without [Install]", () => {
    const w = byJob(convertOut({ root: root(), out: out() }, { running: RUNNING }).plan!.jobs)['app-worker']!;
    expect(w).toMatchObject({ unit: 'app-worker@.service', enable: [], ran: ['mail', 'a b/c'] });
    expect(w.start).toEqual(['app-worker@mail.service', 'app-worker@a\\x20b-c.service']);
  });

  it('starts only what ran under Upstart, in dependency order', () => {
    const plan = convertOut({ root: root(), out: out() }, { running: RUNNING }).plan!;
    const jobs = byJob(plan.jobs);
    expect(jobs.app).toMatchObject({ enable: ['app.service'], start: ['app.service'], ran: [''] });
    expect(jobs.late).toMatchObject({ enable: ['late.service'], start: [], ran: [], after: ['app'] });
    expect(plan.order.indexOf('app')).toBeLessThan(plan.order.indexOf('late'));
    expect(plan.host.known).toBe(true);
  });

  it('starts nothing without host facts, and says so', () => {
    const plan = convertOut({ root: root(), out: out() }).plan!;
    expect(plan.host).toEqual({ known: false });
    expect(plan.jobs.flatMap((j) => j.start)).toEqual([]);
    expect(plan.jobs.every((j) => j.ran === null)).toBe(true);
    expect(plan.notes).toEqual([expect.stringContaining('migrate.sh starts nothing')]);
    expect(byJob(plan.jobs).app!.enable).toEqual(['app.service']);
  });

  it('lists the programs, users and groups each job needs on the host', () => {
    const app = byJob(convertOut({ root: root(), out: out() }).plan!.jobs).app!;
    expect(app.needs).toEqual({ programs: ['/usr/bin/app', '/bin/kill'], users: ['app'], groups: ['app'] });
  });

  it('leaves out what --exclude matches, with the reason, unless --include names it', () => {
    const r = convertOut({ root: root(), out: out(), exclude: ['app*'], include: ['app-worker', 'tty1'] });
    const jobs = byJob(r.plan!.jobs);
    expect(jobs.app).toMatchObject({
      action: 'skip',
      reason: { code: 'excluded', message: 'excluded by --exclude app*' },
    });
    expect(jobs['app-worker']!.action).toBe('install');
    expect(jobs['app-worker']!.notes).toEqual(['--include app-worker: migrated although --exclude app* matched it']);
    expect(jobs.tty1!.action).toBe('install');
    expect(r.out).toContain('app: skipped: excluded by --exclude app*');
  });

  it('records what the tree held at each path it installs to, and which files of an existing unit it shadows', () => {
    tmp.write('trusty/etc/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/old-app\n');
    const r = convertOut({ root: root(), out: out(), mode: 'full', force: true });
    const app = byJob(r.plan!.jobs).app!;
    expect(app.files[0]).toMatchObject({
      path: '/etc/systemd/system/app.service',
      source: 'etc/systemd/system/app.service',
      before: { state: 'file', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(app.notes).toEqual([expect.stringContaining('shadows app.service')]);
  });

  it('names the same plan the same way: the id is a digest of its content', () => {
    const a = convertOut({ root: root(), out: out() }).plan!;
    fs.rmSync(out(), { recursive: true });
    const b = convertOut({ root: root(), out: out() }).plan!;
    expect(a.id).toMatch(/^[0-9a-f]{12}$/);
    expect(b.id).toBe(a.id);
    fs.rmSync(out(), { recursive: true });
    expect(convertOut({ root: root(), out: out() }, { running: RUNNING }).plan!.id).not.toBe(a.id);
  });
});

describe('the decisions of a plan, one behaviour each', () => {
  const tmp = tempDir('u2s-decide-');
  const root = (): string => path.join(tmp.path, 'trusty');
  const out = (): string => path.join(tmp.path, 'out');
  const byJob = (jobs: PlanJob[]): Record<string, PlanJob> => Object.fromEntries(jobs.map((j) => [j.job, j]));
  /** Writes the jobs and converts them like `convert --root ROOT --out OUT` with these arguments and facts. */
  const plan = (
    jobs: Record<string, string>,
    args: Partial<Parameters<typeof convertOut>[0]> = {},
    host?: HostFacts,
  ) => {
    for (const [name, text] of Object.entries(jobs)) tmp.write(`trusty/etc/init/${name}`, text);
    return convertOut({ root: root(), out: out(), ...args }, host);
  };

  it("skips every job of Ubuntu's own boot that a systemd unit replaces, naming that unit, and never writes it", () => {
    const names = Object.keys(WELL_KNOWN_JOBS);
    const jobs = Object.fromEntries(names.map((n) => [`${n}.conf`, 'start on startup\nexec /bin/true\n']));
    const running = Object.fromEntries(names.map((n) => [n, ['']]));
    const r = plan(jobs, {}, { running });
    const got = byJob(r.plan!.jobs);
    const replaced = names.filter((n) => WELL_KNOWN_JOBS[n]![0] !== `${n}.service`);
    expect(replaced).toEqual(expect.arrayContaining(['tty1', 'rcS', 'rc-sysinit', 'rc', 'mountall', 'udev']));
    for (const n of replaced) {
      expect(got[n]).toMatchObject({ action: 'skip', reason: { code: 'replaced-by-systemd' }, files: [], start: [] });
      expect(got[n]!.reason!.message).toContain(`${WELL_KNOWN_JOBS[n]![0]} does its work`);
      // it goes on running as systemd's own unit: not said to stop, not listed by migrate.sh
      expect(got[n]!.notes).toEqual([]);
    }
    // the packaged daemons among them are skipped too (no tree to write a drop-in against)
    for (const n of names.filter((x) => !replaced.includes(x)))
      expect(got[n]).toMatchObject({ action: 'skip', reason: { code: 'distro-unit' } });
    expect(r.plan!.order).toEqual([]);
    expect(fs.readdirSync(out()).sort()).toEqual(['var']);
  });

  it('skips a manual job whether the override or the job file says manual, and --include migrates it', () => {
    const jobs = {
      'a.conf': 'start on runlevel [2345]\nexec /usr/bin/a\n',
      'a.override': 'manual\n',
      'b.conf': 'start on runlevel [2345]\nmanual\nexec /usr/bin/b\n',
    };
    const skipped = byJob(plan(jobs).plan!.jobs);
    expect(skipped.a).toMatchObject({ action: 'skip', reason: { code: 'manual' } });
    expect(skipped.a!.reason!.message).toContain('manual (in /etc/init/a.override)');
    expect(skipped.b).toMatchObject({ action: 'skip', reason: { code: 'manual' } });
    expect(skipped.b!.reason!.message).toContain('manual (in /etc/init/b.conf)');
    fs.rmSync(out(), { recursive: true });
    const included = byJob(plan(jobs, { include: ['a'] }).plan!.jobs);
    expect(included.a).toMatchObject({
      action: 'install',
      notes: ['--include a: migrated although skipped by default'],
    });
    expect(included.b!.action).toBe('skip');
  });

  it('records the first --exclude glob a job matches, and --include re-includes a job by its exact name only', () => {
    const jobs = {
      'web-1.conf': 'exec /usr/bin/web\n',
      'web-2.conf': 'exec /usr/bin/web\n',
      'db.conf': 'exec /usr/bin/db\n',
    };
    const r = plan(jobs, { exclude: ['web-[0-9]', 'web-*', 'nothing'], include: ['web-2', 'web-*'] });
    const got = byJob(r.plan!.jobs);
    expect(got['web-1']).toMatchObject({
      action: 'skip',
      reason: { code: 'excluded', message: 'excluded by --exclude web-[0-9]' },
    });
    expect(got['web-2']!.action).toBe('install');
    expect(got.db!.action).toBe('install');
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(out(), 'etc/systemd/system/web-1.service'))).toBe(false);
    expect(r.out).toContain('web-1: skipped: excluded by --exclude web-[0-9]');
  });

  it("writes a drop-in over the unit a job's package ships, and enables that unit", () => {
    tmp.write(
      'target/lib/systemd/system/cron.service',
      '[Service]\nExecStart=/usr/sbin/cron -f\n[Install]\nWantedBy=multi-user.target\n',
    );
    const jobs = { 'cron.conf': 'start on runlevel [2345]\nrespawn\nenv EXTRA_OPTS=-L15\nexec /usr/sbin/cron -f\n' };
    const cron = byJob(
      plan(jobs, { against: path.join(tmp.path, 'target') }, { running: { cron: [''] } }).plan!.jobs,
    ).cron!;
    expect(cron).toMatchObject({
      action: 'drop-in',
      unit: 'cron.service',
      enable: ['cron.service'],
      start: ['cron.service'],
    });
    expect(cron.files.map((f) => [f.kind, f.path])).toEqual([
      ['dropin', '/etc/systemd/system/cron.service.d/50-upstart2systemd.conf'],
    ]);
    expect(
      fs.readFileSync(path.join(out(), 'etc/systemd/system/cron.service.d/50-upstart2systemd.conf'), 'utf8'),
    ).toContain('Environment=');
  });

  it('enables the path unit of a job started by a file event instead of its service, and starts it first', () => {
    const jobs = { 'drain.conf': 'start on file FILE=/var/spool/drop/ EVENT=create\ntask\nexec /usr/bin/drain\n' };
    const drain = byJob(plan(jobs, {}, { running: { drain: [''] } }).plan!.jobs).drain!;
    expect(drain).toMatchObject({
      unit: 'drain.service',
      enable: ['drain.path'],
      start: ['drain.path', 'drain.service'],
    });
    expect(drain.files.map((f) => f.path)).toEqual([
      '/etc/systemd/system/drain.service',
      '/etc/systemd/system/drain.path',
    ]);
  });

  it('starts without enabling a job that ran but has no start on; one that did not run is only enabled', () => {
    const jobs = {
      'ondemand.conf': 'exec /usr/bin/ondemand\n',
      'idle.conf': 'start on runlevel [2345]\nexec /usr/bin/idle\n',
    };
    const got = byJob(plan(jobs, {}, { running: { ondemand: [''] } }).plan!.jobs);
    expect(got.ondemand).toMatchObject({ enable: [], start: ['ondemand.service'], ran: [''] });
    expect(got.idle).toMatchObject({ enable: ['idle.service'], start: [], ran: [] });
  });

  it('enables and starts only the instances of a template that ran, skipping one systemd cannot name', () => {
    const jobs = { 'q.conf': 'start on runlevel [2345]\ninstance $N\nexec /usr/bin/q $N\n' };
    const q = byJob(plan(jobs, {}, { running: { q: ['one', 'two', ''] } }).plan!.jobs).q!;
    expect(q.unit).toBe('q@.service');
    expect(q.enable).toEqual(['q@one.service', 'q@two.service']);
    expect(q.start).toEqual(['q@one.service', 'q@two.service']);
    expect(q.notes).toEqual([expect.stringContaining('instance "" ran but cannot be named as a unit of q@.service')]);
  });

  it('notes, on the job that writes an event target, that starting it does what initctl emit did', () => {
    const jobs = { 'waiter.conf': 'start on u2s-ready\nexec /usr/bin/waiter\n' };
    const waiter = byJob(plan(jobs, {}, { running: { waiter: [''] } }).plan!.jobs).waiter!;
    expect(waiter.notes).toEqual([
      expect.stringContaining(
        'upstart-event-u2s\\x2dready.target: "systemctl start upstart-event-u2s\\x2dready.target" does what ' +
          '"initctl emit u2s-ready" did',
      ),
    ]);
  });

  it('orders jobs after what they start on, whatever the order of their files', () => {
    const jobs = {
      'a-client.conf': 'start on started db\nexec /usr/bin/client\n',
      'b-cache.conf': 'start on started a-client\nexec /usr/bin/cache\n',
      'db.conf': 'start on runlevel [2345]\nexec /usr/bin/db\n',
    };
    const r = plan(jobs, {}, { running: { 'a-client': [''], 'b-cache': [''], db: [''] } });
    expect(r.plan!.order).toEqual(['db', 'a-client', 'b-cache']);
    expect(byJob(r.plan!.jobs)['b-cache']!.after).toEqual(['a-client']);
    expect(r.plan!.units.map((u) => u.unit)).toEqual(['db.service', 'a-client.service', 'b-cache.service']);
  });
});

describe('a migration without a tree of the host', () => {
  const tmp = tempDir('u2s-notree-');

  it('compares with no unit (not those of the machine the tool runs on) and says the plan expects none', async () => {
    tmp.write('jobs/mounted-tmp.conf', 'start on mounted MOUNTPOINT=/tmp\ntask\nexec /bin/true\n');
    tmp.write('jobs/app.conf', 'start on runlevel [2345]\nexec /usr/bin/app\n');
    const out = path.join(tmp.path, 'out');
    const r = await runCli(['convert', path.join(tmp.path, 'jobs'), '--out', out, '--format', 'json']);
    const doc = JSON.parse(r.out) as { jobs: Array<{ name: string; existing?: unknown }>; plan: Plan };
    expect(doc.jobs.map((j) => j.existing)).toEqual([undefined, undefined]);
    expect(doc.plan.tree).toBeNull();
    expect(doc.plan.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('migrate.sh expects no unit of these names to exist')]),
    );
    expect(doc.plan.jobs.every((j) => j.existing === null)).toBe(true);
  });
});
