/**
 * End-to-end: every example job of examples/trusty (and the small jobs of tests/e2e/jobs),
 * converted by the real CLI — plain and with the hardening presets, for debian-12 (systemd 252
 * spelling) and ubuntu-16.04 (systemd 229 spelling) — is installed into a real systemd, started,
 * and observed doing what the Upstart job did. The programs are tests/e2e/probes/probe.py.
 *
 * Each target has its own lab (booted by global-setup.ts): a scenario runs in both labs at once,
 * and each lab runs its scenarios one after the other.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCli, ROOT, ruleIds, unitsOf, warnings, type Conversion } from './convert';
import { Lab, run, sleep } from './harness';
import { PROBE_CLIENT, Probes } from './probes';
import { TARGETS, type Target } from './targets';

const SKIP = process.env.U2S_E2E_SKIP;
const LABS = JSON.parse(process.env.U2S_E2E_LABS ?? '{}') as Record<Target, { name: string; pid: number }>;
const EXAMPLES = join(ROOT, 'examples', 'trusty');
const PROFILES = ['readonly-tmp', 'dynamic-user', 'recommended'] as const;
type Variant = 'plain' | (typeof PROFILES)[number] | 'jobs' | 'acme-base';

interface Ids {
  uid: number;
  gid: number;
}

interface World {
  lab: Lab;
  probes: Probes;
  conv: Record<Variant, Conversion>;
  ids: Record<string, Ids>;
  fqdn: string;
  hostname: string;
}

interface Ctx extends World {
  target: Target;
  /** the job's files for this target */
  units(job: string, variant?: Variant): Record<string, string>;
  /** installs units (remembered for the cleanup after the scenario) */
  install(files: Record<string, string>): Promise<void>;
  /** systemctl enable (undone after the scenario) */
  enable(unit: string, now?: boolean): Promise<void>;
  touched: Set<string>;
  enabled: Set<string>;
}

const worlds = new Map<Target, World>();
const results: { index: number; name: string; result: string; ms: number }[] = [];
const suiteStart = Date.now();
let setupError: Error | undefined;

// ---------------------------------------------------------------------------------------------
// helpers

function ctxFor(target: Target): Ctx {
  const w = worlds.get(target);
  if (!w) throw new Error(`no lab for ${target} (setup failed)`);
  const touched = new Set<string>();
  const enabled = new Set<string>();
  return {
    ...w,
    target,
    touched,
    enabled,
    units: (job, variant = 'plain') => unitsOf(w.conv[variant], job),
    install: async (files) => {
      for (const n of Object.keys(files)) touched.add(n.includes('@.') ? n.replace('@.', '@*.') : n);
      await w.lab.install(files);
    },
    enable: async (unit, now = false) => {
      enabled.add(unit);
      touched.add(unit);
      const r = await w.lab.systemctl(['enable', ...(now ? ['--now'] : []), unit]);
      if (r.code !== 0) throw new Error(`systemctl enable ${unit}: ${r.stderr}`);
    },
  };
}

async function cleanup(c: Ctx): Promise<void> {
  const units = [...c.touched];
  if (c.enabled.size) await c.lab.systemctl(['disable', ...c.enabled]);
  if (units.length) await c.lab.systemctl(['stop', ...units], { timeoutMs: 30_000 });
  await c.lab.systemctl(['reset-failed']);
}

/**
 * A scenario is one jest test per target (each target has its own lab). When the first test of a
 * scenario starts, the scenario starts in every lab at once, so the labs work side by side while
 * each lab runs one scenario at a time (its cleanup included) — a test filtered out with -t only
 * runs when its sibling for the other target was selected. Results and times go to the table.
 * `failing`: an expected failure (test.failing) — a difference the maintainers must decide on.
 */
interface Planned {
  index: number;
  title: string;
  name: string;
  target: Target;
  body: (c: Ctx) => Promise<void>;
  failing: boolean;
  timeoutMs: number;
  started: boolean;
  outcome: Promise<void>;
  settle: (err?: unknown) => void;
}
const plan: Planned[] = [];

function scenario(title: string, body: (c: Ctx) => Promise<void>, opts: { targets?: readonly Target[]; failing?: boolean; timeoutMs?: number } = {}): void {
  for (const target of opts.targets ?? TARGETS) {
    let settle: (err?: unknown) => void = () => undefined;
    const outcome = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    outcome.catch(() => undefined); // reported by the test that awaits it
    const p: Planned = { index: plan.length, title, name: `${title} [${target}]`, target, body, failing: !!opts.failing, timeoutMs: opts.timeoutMs ?? 60_000, started: false, outcome, settle };
    plan.push(p);
    (p.failing ? test.failing : test)(p.name, () => {
      if (setupError) throw setupError;
      for (const q of plan) if (q.title === p.title && (q === p || q.index > p.index) && !q.started) void runScenario(q);
      return p.outcome;
    }, 300_000);
  }
}

/** the last scenario queued in each lab: a lab never runs two at once */
const labQueue = new Map<Target, Promise<void>>();

function runScenario(p: Planned): Promise<void> {
  p.started = true;
  const next = (labQueue.get(p.target) ?? Promise.resolve()).then(() => runInLab(p));
  labQueue.set(p.target, next);
  return next;
}

async function runInLab(p: Planned): Promise<void> {
  const t0 = Date.now();
  let c: Ctx | undefined;
  let error: unknown;
  let timer: NodeJS.Timeout | undefined;
  try {
    c = ctxFor(p.target);
    await Promise.race([
      p.body(c),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`scenario timed out after ${p.timeoutMs} ms`)), p.timeoutMs);
      }),
    ]);
  } catch (e) {
    error = e ?? new Error('failed');
  } finally {
    clearTimeout(timer);
  }
  const ms = Date.now() - t0;
  const ok = error === undefined;
  results.push({ index: p.index, name: p.name, ms, result: p.failing ? (ok ? 'UNEXPECTED PASS' : 'expected failure') : ok ? 'pass' : 'FAIL' });
  try {
    if (c) await cleanup(c);
  } catch (e) {
    error ??= e;
  }
  p.settle(error);
}

async function startOk(c: Ctx, unit: string): Promise<void> {
  const r = await c.lab.systemctl(['start', unit]);
  if (r.code !== 0) throw new Error(`systemctl start ${unit} failed (${r.code}): ${r.stderr.trim()}\n--- journal:\n${await c.lab.journal(unit)}`);
}

async function stopTimed(c: Ctx, unit: string): Promise<number> {
  const t0 = Date.now();
  const r = await c.lab.systemctl(['stop', unit], { timeoutMs: 30_000 });
  const ms = Date.now() - t0;
  if (r.code !== 0) throw new Error(`systemctl stop ${unit} failed: ${r.stderr}`);
  return ms;
}

const mainPid = async (c: Ctx, unit: string): Promise<number> => Number(await c.lab.prop(unit, 'MainPID'));

/** Waits until the unit has ActiveState `state` (and is not about to restart). */
async function waitState(c: Ctx, unit: string, state: string, timeoutMs = 5000): Promise<Record<string, string>> {
  return c.lab.waitFor(async () => {
    const p = await c.lab.show(unit, ['ActiveState', 'SubState', 'Result', 'NRestarts', 'MainPID', 'ExecMainStatus']);
    return p.ActiveState === state && p.SubState !== 'auto-restart' ? p : undefined;
  }, timeoutMs, `${unit} to be ${state}`);
}

/** Signals a probe recorded, without the SIGCONT systemd sends after the kill signal (SendSIGCONT=yes). */
async function sigs(c: Ctx, prog: string, pid?: number): Promise<string[]> {
  return (await c.probes.events(prog, 'signal')).filter((r) => r.sig !== 'SIGCONT' && (pid === undefined || r.pid === pid)).map((r) => r.sig!);
}

// ---------------------------------------------------------------------------------------------

if (SKIP) {
  process.stderr.write(`upstart2systemd e2e skipped: ${SKIP}\n`);
  test.skip(`end-to-end suite skipped: ${SKIP}`, () => undefined);
} else {
  beforeAll(async () => {
    try {
      await setup();
    } catch (e) {
      setupError = e instanceof Error ? e : new Error(String(e));
      throw e;
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(plan.filter((p) => p.started).map((p) => p.outcome.catch(() => undefined)));
  }, 300_000);

  async function setup(): Promise<void> {
    // build, then convert with the real CLI (all variants at once)
    const b = await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 120_000 });
    if (b.code !== 0) throw new Error(`npm run build failed: ${b.stdout}${b.stderr}`);
    const baseRoot = mkdtempSync(join(tmpdir(), 'u2s-e2e-acme-base-'));
    mkdirSync(join(baseRoot, 'etc', 'init'), { recursive: true });
    // acme-relayd.conf without its local .override: the packaged `respawn limit 3 10`
    copyFileSync(join(EXAMPLES, 'etc', 'init', 'acme-relayd.conf'), join(baseRoot, 'etc', 'init', 'acme-relayd.conf'));
    const conversions = await Promise.all(
      TARGETS.map(async (target) => {
        const variants: [Variant, string[]][] = [
          ['plain', ['--root', EXAMPLES]],
          ...PROFILES.map((p): [Variant, string[]] => [p, ['--root', EXAMPLES, '--profile', p]]),
          ['jobs', [join(ROOT, 'tests', 'e2e', 'jobs')]],
          ['acme-base', ['--root', baseRoot]],
        ];
        const done = await Promise.all(variants.map(async ([v, args]) => [v, await convertCli([...args, '--target', target])] as const));
        return [target, Object.fromEntries(done) as Record<Variant, Conversion>] as const;
      }),
    );
    rmSync(baseRoot, { recursive: true, force: true });

    await Promise.all(
      conversions.map(async ([target, conv]) => {
        const lab = new Lab(LABS[target].name);
        lab.pid = LABS[target].pid;
        const probes = new Probes(lab);
        await lab.exec(['/usr/bin/python3', '--version']); // the probe's interpreter, inside the lab
        await probes.install();
        for (const f of ['fennel-proxyd', 'heron-backupd', 'marten-exporter', 'brindle']) {
          await lab.installFile(`/etc/default/${f}`, readFileSync(join(EXAMPLES, 'etc', 'default', f), 'utf8'));
        }
        // what examples/trusty/README.md says a host needs: users, and the directories named in arguments
        await lab.exec(['sh', '-c', `set -e
          for u in tallow brindle larkspur cobalt; do
            id -u "$u" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$u"
          done
          mkdir -p /var/log/acme /var/log/quill /var/log/ossory /var/log/larkspur /var/log/pewter /var/log/fennel /var/log/heron /var/log/marten /var/log/brindle
          mkdir -p /var/lib/grebe /var/lib/larkspur /var/lib/pewter /var/lib/cobalt /var/lib/sable /var/lib/plover /var/lib/tallow /var/lib/heron
          mkdir -p /var/spool/quill /var/cache/fennel
          chown larkspur:larkspur /var/lib/larkspur /var/log/larkspur
          chown cobalt:cobalt /var/lib/cobalt
          chown brindle:brindle /var/log/brindle
          chown nobody:nogroup /var/lib/plover
          echo key1 > /var/lib/tallow/warm.list
          rm -rf /var/lib/marten /run/tallow /run/ossory /run/sable /var/tmp/heron /srv/nas`]);
        const ids: Record<string, Ids> = {};
        const pw = await lab.exec(['getent', 'passwd', 'tallow', 'brindle', 'larkspur', 'cobalt', 'nobody']);
        for (const l of pw.stdout.trim().split('\n')) {
          const f = l.split(':');
          ids[f[0]!] = { uid: Number(f[2]), gid: Number(f[3]) };
        }
        const gr = await lab.exec(['getent', 'group', 'nogroup']);
        ids.nogroup = { uid: -1, gid: Number(gr.stdout.split(':')[2]) };
        const fqdn = (await lab.exec(['hostname', '-f'])).stdout.trim();
        const hostname = (await lab.exec(['hostname', '-s'])).stdout.trim();
        worlds.set(target, { lab, probes, conv, ids, fqdn, hostname });
      }),
    );
  }

  afterAll(() => {
    results.sort((a, b) => a.index - b.index);
    const w = Math.max(...results.map((r) => r.name.length), 20);
    const lines = [
      '',
      'upstart2systemd end-to-end results',
      `${'scenario'.padEnd(w)}  result            time`,
      `${'-'.repeat(w)}  ----------------  -------`,
      ...results.map((r) => `${r.name.padEnd(w)}  ${r.result.padEnd(16)}  ${(r.ms / 1000).toFixed(2).padStart(6)}s`),
      '',
      `${results.filter((r) => r.result === 'pass').length} passed, ${results.filter((r) => r.result === 'FAIL').length} failed, ` +
        `${results.filter((r) => r.result === 'expected failure').length} expected failures; scenario time ${(results.reduce((a, r) => a + r.ms, 0) / 1000).toFixed(1)}s in ${TARGETS.length} labs side by side, ` +
        `wall ${((Date.now() - suiteStart) / 1000).toFixed(1)}s since collection (build, conversion and setup included; lab boot before)`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });

  // ============================================================================ main process attributes

  describe('the main process runs as the job described it', () => {
    scenario('pewter-gatewayd gets its argv and env values with `$`, spaces and parentheses intact', async (c) => {
      await c.probes.configure('pewter-gatewayd');
      await c.install(c.units('pewter-gatewayd'));
      await startOk(c, 'pewter-gatewayd.service');
      const s = await c.probes.waitStart('pewter-gatewayd');
      expect(s.argv).toEqual([
        '/usr/sbin/pewter-gatewayd', '--listen', '0.0.0.0:8640', '--name', 'pewter gateway (edge)',
        '--access-format', '$remote_addr $method $uri $status', '--access-log', '/var/log/pewter/access.log',
        '--state-dir', '/var/lib/pewter',
      ]);
      expect(s.env).toMatchObject({
        GW_LISTEN: '0.0.0.0:8640', GW_NAME: 'pewter gateway (edge)',
        GW_ACCESS_FORMAT: '$remote_addr $method $uri $status', GW_STATE_DIR: '/var/lib/pewter',
      });
      expect(s.uid).toBe(0);
      expect(await mainPid(c, 'pewter-gatewayd.service')).toBe(s.pid);
    });

    scenario("quill-spoold's main script runs $(hostname -f), splits $OPTS and keeps the single-quoted $sender", async (c) => {
      await c.probes.configure('quill-spoold');
      await c.install(c.units('quill-spoold'));
      await startOk(c, 'quill-spoold.service');
      const s = await c.probes.waitStart('quill-spoold');
      expect(s.argv).toEqual([
        '/usr/sbin/quill-spoold', '--spool-dir', '/var/spool/quill', '--log-file', '/var/log/quill/spoold.log',
        '--banner', `Quill spooler ready on ${c.fqdn}`, '--bounce-template', 'Undeliverable: mail from $sender',
      ]);
      expect(s.env).toMatchObject({ SPOOL_DIR: '/var/spool/quill', QUILL_BANNER: 'Quill spooler ready' });
      expect(await mainPid(c, 'quill-spoold.service')).toBe(s.pid); // the script exec'd the daemon
    });

    scenario('larkspur-indexd runs as larkspur:larkspur in /var/lib/larkspur with umask 027, nice 10 and oom score 300', async (c) => {
      await c.probes.configure('larkspur-indexd', { try_write: ['/var/lib/larkspur/index'] });
      await c.install(c.units('larkspur-indexd'));
      await startOk(c, 'larkspur-indexd.service');
      const s = await c.probes.waitStart('larkspur-indexd');
      const l = c.ids.larkspur!;
      expect({ uid: s.uid, gid: s.gid, groups: s.groups }).toEqual({ uid: l.uid, gid: l.gid, groups: [l.gid] });
      expect({ umask: s.umask, nice: s.nice, cwd: s.cwd, oom: s.oom_score_adj }).toEqual({ umask: '0027', nice: 10, cwd: '/var/lib/larkspur', oom: '300' });
      expect(s.argv).toEqual(['/usr/bin/larkspur-indexd', '--data', '/var/lib/larkspur/index', '--log', '/var/log/larkspur/indexd.log']);
      const [w] = await c.probes.waitEvents('larkspur-indexd', (r) => r.event === 'writes');
      expect(w!.results!['/var/lib/larkspur/index']).toEqual({ ok: true, uid: l.uid, mode: '0640' }); // 0666 & ~027
      expect(await c.lab.show('larkspur-indexd.service', ['OOMScoreAdjust', 'Nice', 'UMask'])).toEqual({ OOMScoreAdjust: '300', Nice: '10', UMask: '0027' });
    });

    scenario('cobalt-kvd runs as cobalt (without root as supplementary group, as warned) with its limits declared', async (c) => {
      await c.probes.configure('cobalt-kvd');
      await c.install(c.units('cobalt-kvd'));
      await startOk(c, 'cobalt-kvd.service');
      const s = await c.probes.waitStart('cobalt-kvd');
      const k = c.ids.cobalt!;
      expect({ uid: s.uid, gid: s.gid }).toEqual({ uid: k.uid, gid: k.gid });
      expect(s.groups).not.toContain(0);
      expect(warnings(c.conv.plain, 'cobalt-kvd')).toContain('convert/setuid-root-group');
      expect(s.argv).toEqual(['/usr/bin/cobalt-kvd', '--config', '/etc/cobalt/kvd.conf', '--data-dir', '/var/lib/cobalt', '--port', '6390']);
      // limits are declared but the lab cannot raise them (no CAP_SYS_RESOURCE): assert the unit's properties
      expect(await c.lab.show('cobalt-kvd.service', ['LimitNOFILE', 'LimitNOFILESoft', 'LimitCORE', 'LimitCORESoft', 'LimitMEMLOCK', 'LimitMEMLOCKSoft', 'TimeoutStopUSec'])).toEqual({
        LimitNOFILE: '65536', LimitNOFILESoft: '65536', LimitCORE: 'infinity', LimitCORESoft: 'infinity',
        LimitMEMLOCK: 'infinity', LimitMEMLOCKSoft: 'infinity', TimeoutStopUSec: '1min',
      });
    });

    scenario("fennel-proxyd's /etc/default options become separate arguments", async (c) => {
      await c.probes.configure('fennel-proxyd');
      await c.install(c.units('fennel-proxyd'));
      await startOk(c, 'fennel-proxyd.service');
      const s = await c.probes.waitStart('fennel-proxyd');
      expect(s.argv).toEqual(['/usr/sbin/fennel-proxyd', '--foreground', '--listen', '127.0.0.1:3128', '--cache-dir', '/var/cache/fennel', '--access-log', '/var/log/fennel/access.log']);
    });

    scenario("heron-backupd's non-plain /etc/default file still runs as shell: TMPDIR exported and created, target chosen by its if", async (c) => {
      await c.probes.configure('heron-backupd');
      await c.install(c.units('heron-backupd'));
      await startOk(c, 'heron-backupd.service'); // the missing apparmor_parser (ExecStartPre=-) does not stop it
      let s = await c.probes.waitStart('heron-backupd');
      expect(s.argv).toEqual(['/usr/sbin/heron-backupd', '--foreground', '--spool', '/var/lib/heron', '--target', '/var/lib/heron/local', '--log', '/var/log/heron/backupd.log']);
      expect(s.env!.TMPDIR).toBe('/var/tmp/heron');
      expect(c.lab.exists('/var/tmp/heron')).toBe(true);
      // with the NAS mounted the same file picks the other branch, with $(hostname -s)
      await c.lab.exec(['mkdir', '-p', '/srv/nas/backup']);
      try {
        await c.probes.configure('heron-backupd');
        const r = await c.lab.systemctl(['restart', 'heron-backupd.service']);
        expect(r.code).toBe(0);
        s = await c.probes.waitStart('heron-backupd');
        expect(s.argv).toContain(`/srv/nas/backup/${c.hostname}`);
      } finally {
        await c.lab.exec(['rm', '-rf', '/srv/nas']);
      }
    });

    scenario('net/sable-tunneld runs after its pre-start created /run/sable with mode 0700', async (c) => {
      await c.probes.configure('sable-tunneld', { stat: ['/var/run/sable'] });
      await c.install(c.units('net/sable-tunneld'));
      await startOk(c, 'net-sable-tunneld.service');
      const s = await c.probes.waitStart('sable-tunneld');
      expect(s.stat!['/var/run/sable']).toMatchObject({ type: 'dir', mode: '0700', uid: 0 });
      expect(s.argv).toEqual(['/usr/sbin/sable-tunneld', '--foreground', '--config', '/etc/sable/tunnel.conf', '--state-dir', '/var/lib/sable', '--control', '/var/run/sable/control']);
    });

    scenario('a missing daemon program fails `systemctl start` with Type=exec (16.04: Type=simple, the start succeeds and the unit fails after)', async (c) => {
      await c.install(c.units('net/sable-tunneld'));
      await c.lab.exec(['rm', '-f', '/usr/sbin/sable-tunneld']);
      try {
        const r = await c.lab.systemctl(['start', 'net-sable-tunneld.service']);
        expect(await c.lab.prop('net-sable-tunneld.service', 'Type')).toBe(c.target === 'debian-12' ? 'exec' : 'simple');
        if (c.target === 'debian-12') expect(r.code).not.toBe(0);
        else expect(r.code).toBe(0);
        await waitState(c, 'net-sable-tunneld.service', 'failed', 8000);
      } finally {
        await c.lab.exec(['install', '-m', '0755', PROBE_CLIENT, '/usr/sbin/sable-tunneld']);
      }
    });

    scenario('brindle-worker runs as two template instances, @A and @B, each with its own QUEUE', async (c) => {
      await c.probes.configure('brindle-worker');
      await c.install(c.units('brindle-worker'));
      await startOk(c, 'brindle-worker@A.service');
      await startOk(c, 'brindle-worker@B.service');
      const starts = await c.probes.waitEvents('brindle-worker', (r) => r.event === 'start', 2);
      const byQueue = Object.fromEntries(starts.map((s) => [s.env!.QUEUE, s]));
      for (const q of ['A', 'B']) {
        const s = byQueue[q]!;
        expect(s.argv).toEqual(['/usr/bin/brindle-worker', '--queue', q, '--concurrency', '2', '--broker', '127.0.0.1:6390', '--log-file', `/var/log/brindle/worker-${q}.log`]);
        expect(s.env).toMatchObject({ QUEUE: q, WORKERS: '2', BROKER: '127.0.0.1:6390' });
        expect({ uid: s.uid, gid: s.gid }).toEqual(c.ids.brindle);
        expect(await mainPid(c, `brindle-worker@${q}.service`)).toBe(s.pid);
      }
      await stopTimed(c, 'brindle-worker@A.service');
      expect(await c.lab.prop('brindle-worker@B.service', 'ActiveState')).toBe('active');
      expect(c.lab.alive(byQueue.B!.pid)).toBe(true);
    });
  });

  // ============================================================================ lifecycle scripts

  describe('pre-start, post-start, pre-stop and post-stop run when Upstart ran them', () => {
    const tallowConf = { unix_server_arg: '--socket', write_pid: '/var/run/tallow/tallow.pid', stat: ['/var/run/tallow'] };

    scenario('tallow-cached: pre-start prepares /run/tallow before main, post-start pings it, pre-stop flushes before the kill signal, post-stop cleans up', async (c) => {
      await c.probes.configure('tallow-cached', tallowConf);
      await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
      await c.install(c.units('tallow-cached'));
      await startOk(c, 'tallow-cached.service');
      // `systemctl start` returned after post-start, like `initctl start`
      const ping = (await c.probes.events('tallow-ctl', 'client')).find((r) => r.command === 'ping');
      expect(ping?.reply).toMatch(/^tallow-cached ok ping/);
      const main = (await c.probes.events('tallow-cached', 'start'))[0]!;
      expect(ping!.reply).toContain(`pid=${main.pid}`); // post-start talked to the running main process
      const t = c.ids.tallow!;
      expect(main.stat!['/var/run/tallow']).toEqual({ type: 'dir', mode: '0750', uid: t.uid, gid: t.gid });
      expect(main.argv).toEqual(['/usr/bin/tallow-cached', '--user', 'tallow', '--socket', '/var/run/tallow/tallow.sock', '--memory', '256']);

      await stopTimed(c, 'tallow-cached.service');
      const flush = (await c.probes.events('tallow-ctl', 'client')).find((r) => r.command === 'flush');
      expect(flush?.reply).toMatch(/^tallow-cached ok flush/); // the daemon was still there to answer
      const term = (await c.probes.events('tallow-cached', 'signal')).find((r) => r.sig === 'SIGTERM');
      expect(term).toBeDefined();
      expect(flush!.mono).toBeLessThan(term!.mono);
      expect(c.lab.exists('/run/tallow/tallow.sock')).toBe(false);
      expect(c.lab.exists('/run/tallow/tallow.pid')).toBe(false);
      expect(await c.lab.prop('tallow-cached.service', 'ActiveState')).toBe('inactive');
    });

    scenario('tallow-cached: pre-stop does not run when the daemon exits 0 by itself; the job respawns and post-stop runs in between', async (c) => {
      await c.probes.configure('tallow-cached', { runs: [{ ...tallowConf, exit_after: 0.4, exit_code: 0 }, tallowConf] });
      await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
      await c.install(c.units('tallow-cached'));
      await startOk(c, 'tallow-cached.service');
      const starts = await c.probes.waitEvents('tallow-cached', (r) => r.event === 'start', 2);
      // run 2 could bind its socket again: post-stop removed the old one between the runs
      await c.probes.waitEvents('tallow-cached', (r) => r.event === 'listen' && r.run === 2);
      await waitState(c, 'tallow-cached.service', 'active');
      expect(await c.lab.prop('tallow-cached.service', 'NRestarts')).toBe('1');
      const clients = () => c.probes.events('tallow-ctl', 'client');
      expect((await clients()).filter((r) => r.command === 'flush')).toHaveLength(0);
      expect((await clients()).filter((r) => r.command === 'ping')).toHaveLength(2);
      await stopTimed(c, 'tallow-cached.service');
      const flushes = (await clients()).filter((r) => r.command === 'flush');
      expect(flushes).toHaveLength(1);
      expect(flushes[0]!.reply).toContain(`pid=${starts[1]!.pid}`);
    });

    scenario('tallow-cached: a failing pre-start prevents the start; systemd retries it up to the start limit, as convert/pre-start-restart says', async (c) => {
      expect(ruleIds(c.conv.plain, 'tallow-cached')).toContain('convert/pre-start-restart');
      await c.probes.configure('tallow-cached', tallowConf);
      await c.install(c.units('tallow-cached'));
      await c.lab.exec(['sh', '-c', 'rm -rf /run/tallow && touch /run/tallow']); // mkdir -p /var/run/tallow fails
      try {
        const r = await c.lab.systemctl(['start', 'tallow-cached.service']);
        expect(r.code).not.toBe(0);
        const p = await waitState(c, 'tallow-cached.service', 'failed', 8000);
        expect(await c.probes.events('tallow-cached', 'start')).toHaveLength(0);
        // Upstart ran the pre-start once and failed the job; systemd retries until `respawn limit` (StartLimitBurst=) is reached, then fails it
        const burst = Number((await c.lab.show('tallow-cached.service', ['StartLimitBurst'])).StartLimitBurst);
        const journal = await c.lab.journal('tallow-cached.service');
        const attempts = journal.split('\n').filter((l) => l.includes('cannot create directory')).length;
        expect({ ActiveState: p.ActiveState, attempts, limitHit: /Start request repeated too quickly/.test(journal) }).toEqual({ ActiveState: 'failed', attempts: burst, limitHit: true });
      } finally {
        await c.lab.exec(['rm', '-f', '/run/tallow']);
        await c.lab.systemctl(['reset-failed', 'tallow-cached.service']);
      }
    });

    scenario('tallow-warmup (a task on `started tallow-cached`) runs once the cache is up, with its output on the console', async (c) => {
      await c.probes.configure('tallow-cached', tallowConf);
      await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
      await c.probes.configure('tallow-warmup', { unix_client_arg: '--socket' });
      await c.install({ ...c.units('tallow-cached'), ...c.units('tallow-warmup') });
      await c.enable('tallow-warmup.service');
      await startOk(c, 'tallow-cached.service');
      const [w] = await c.probes.waitEvents('tallow-warmup', (r) => r.event === 'client');
      expect(w!.reply).toMatch(/^tallow-cached ok \/var\/lib\/tallow\/warm.list/);
      const ws = (await c.probes.events('tallow-warmup', 'start'))[0]!;
      const cs = (await c.probes.events('tallow-cached', 'start'))[0]!;
      expect(ws.mono).toBeGreaterThan(cs.mono);
      expect(ws.fds!['1']).toBe('/dev/console');
      expect(ws.fds!['2']).toBe('/dev/console');
      const p = await waitState(c, 'tallow-warmup.service', 'inactive');
      expect(p.Result).toBe('success');
    });
  });

  // ============================================================================ the stop; exit 0 idiom

  describe('the `stop; exit 0` pre-start idiom', () => {
    scenario('marten-exporter with ENABLED=no is not started and not failed (16.04: fails, as warned)', async (c) => {
      await c.probes.configure('marten-exporter');
      await c.install(c.units('marten-exporter'));
      await c.lab.exec(['sed', '-i', 's/^ENABLED=.*/ENABLED=no/', '/etc/default/marten-exporter']);
      try {
        const cursor = await c.lab.cursor();
        const r = await c.lab.systemctl(['start', 'marten-exporter.service']);
        if (c.target === 'debian-12') {
          expect(r.code).toBe(0);
          await sleep(300);
          const p = await waitState(c, 'marten-exporter.service', 'inactive');
          expect({ Result: p.Result, NRestarts: p.NRestarts }).toEqual({ Result: 'success', NRestarts: '0' });
          expect(await c.lab.journal('marten-exporter.service', cursor)).toContain("Skipped due to 'exec-condition'");
        } else {
          expect(warnings(c.conv.plain, 'marten-exporter')).toContain('convert/stop-idiom-fails-start');
          expect(r.code).not.toBe(0);
          await waitState(c, 'marten-exporter.service', 'failed', 8000);
          expect(await c.lab.journal('marten-exporter.service', cursor)).toContain('marten-exporter: pre-start asked to stop; failing the start');
        }
        expect(await c.probes.events('marten-exporter', 'start')).toHaveLength(0);
        expect(c.lab.exists('/var/lib/marten')).toBe(false); // the rest of pre-start did not run
      } finally {
        await c.lab.exec(['sed', '-i', 's/^ENABLED=.*/ENABLED=yes/', '/etc/default/marten-exporter']);
      }
    });

    scenario('marten-exporter with ENABLED=yes runs with the options of /etc/default/marten-exporter', async (c) => {
      await c.probes.configure('marten-exporter');
      await c.install(c.units('marten-exporter'));
      await c.lab.exec(['rm', '-rf', '/var/lib/marten']);
      await startOk(c, 'marten-exporter.service');
      const s = await c.probes.waitStart('marten-exporter');
      expect(s.argv).toEqual(['/usr/sbin/marten-exporter', '--listen', '127.0.0.1:9217', '--textfile-dir', '/var/lib/marten', '--interval', '15', '--log-file', '/var/log/marten/exporter.log']);
      expect(c.lab.exists('/var/lib/marten')).toBe(true); // made by its pre-start
      expect(await c.lab.prop('marten-exporter.service', 'ActiveState')).toBe('active');
    });
  });

  // ============================================================================ respawn

  describe('respawn, normal exit and respawn limit', () => {
    scenario('a respawning job whose daemon exits 0 is restarted (u2s-respawner)', async (c) => {
      const clean = { exit_after: 0.2, exit_code: 0 };
      await c.probes.configure('u2s-respawner', { runs: [clean, clean, {}] });
      await c.install(c.units('u2s-respawner', 'jobs'));
      await startOk(c, 'u2s-respawner.service');
      await c.probes.waitEvents('u2s-respawner', (r) => r.event === 'start', 3);
      const p = await waitState(c, 'u2s-respawner.service', 'active');
      expect(p.NRestarts).toBe('2');
    });

    scenario('acme-relayd: exit 3 is respawned, exit 78 and exit 0 (normal exit 0 78) are not, and the unit is not failed', async (c) => {
      const exit = (code: number) => ({ exit_after: 0.3, exit_code: code });
      await c.probes.configure('acme-relayd', { runs: [exit(3), exit(78), exit(0)] });
      await c.install(c.units('acme-relayd'));
      await startOk(c, 'acme-relayd.service');
      await c.probes.waitEvents('acme-relayd', (r) => r.event === 'exit' && r.code === 78);
      let p = await waitState(c, 'acme-relayd.service', 'inactive');
      await sleep(400);
      expect((await c.probes.events('acme-relayd', 'exit')).map((r) => r.code)).toEqual([3, 78]); // one respawn, after exit 3
      expect(p.Result).toBe('success');
      await startOk(c, 'acme-relayd.service');
      await c.probes.waitEvents('acme-relayd', (r) => r.event === 'exit' && r.code === 0);
      p = await waitState(c, 'acme-relayd.service', 'inactive');
      await sleep(400);
      expect((await c.probes.events('acme-relayd', 'exit')).map((r) => r.code)).toEqual([3, 78, 0]);
      expect(p.Result).toBe('success');
    });

    const limit = (job: 'acme-relayd (override: respawn limit 10 60)' | 'acme-relayd (packaged: respawn limit 3 10)', variant: Variant, runs: number): void =>
      scenario(`${job} stops respawning after the first run plus ${runs - 1} respawns`, async (c) => {
        await c.probes.configure('acme-relayd', { exit_after: 0, exit_code: 1 });
        const files = c.units('acme-relayd', variant);
        // the older spelling for 16.04 (StartLimitInterval= in [Service]) is what is loaded here
        const service = files['acme-relayd.service']!;
        if (c.target === 'ubuntu-16.04') expect(service).toMatch(/\[Service\][^[]*\nStartLimitInterval=\d+\n/);
        else expect(service).toMatch(/\[Unit\][^[]*\nStartLimitIntervalSec=\d+\n/);
        await c.install(files);
        expect(await c.lab.show('acme-relayd.service', ['StartLimitBurst', 'StartLimitIntervalUSec'])).toEqual(
          variant === 'plain' ? { StartLimitBurst: '11', StartLimitIntervalUSec: '1min' } : { StartLimitBurst: '4', StartLimitIntervalUSec: '10s' },
        );
        const cursor = await c.lab.cursor();
        await c.lab.systemctl(['start', 'acme-relayd.service']);
        await waitState(c, 'acme-relayd.service', 'failed', 15_000);
        await sleep(500);
        expect(await c.lab.journal('acme-relayd.service', cursor)).toContain('Start request repeated too quickly.');
        expect(await c.probes.events('acme-relayd', 'start')).toHaveLength(runs);
      });
    limit('acme-relayd (override: respawn limit 10 60)', 'plain', 11);
    limit('acme-relayd (packaged: respawn limit 3 10)', 'acme-base', 4);
  });

  // ============================================================================ signals

  describe('kill signal, kill timeout and reload signal', () => {
    scenario('acme-relayd gets SIGUSR1 on `systemctl reload` and SIGINT (not SIGTERM) on `systemctl stop`', async (c) => {
      await c.probes.configure('acme-relayd');
      await c.install(c.units('acme-relayd'));
      await startOk(c, 'acme-relayd.service');
      const s = await c.probes.waitStart('acme-relayd');
      expect(s.argv).toEqual(['/usr/sbin/acme-relayd', '--config', '/etc/acme/relayd.conf', '--foreground', '--log-file', '/var/log/acme/relayd.log', '--upstream', 'dr-collector.internal:7070']);
      expect((await c.lab.systemctl(['reload', 'acme-relayd.service'])).code).toBe(0);
      await c.probes.waitEvents('acme-relayd', (r) => r.event === 'signal' && r.sig === 'SIGUSR1');
      expect(await mainPid(c, 'acme-relayd.service')).toBe(s.pid);
      const ms = await stopTimed(c, 'acme-relayd.service');
      expect(await sigs(c, 'acme-relayd')).toEqual(['SIGUSR1', 'SIGINT']);
      expect(ms).toBeLessThan(2000);
      expect(await c.lab.show('acme-relayd.service', ['ActiveState', 'Result', 'TimeoutStopUSec'])).toEqual({ ActiveState: 'inactive', Result: 'success', TimeoutStopUSec: '20s' });
    });

    const stubborn = (job: string, timeout: number): void =>
      scenario(`${job}: a daemon ignoring SIGTERM is killed ${timeout} s after \`systemctl stop\` (kill timeout ${timeout === 5 ? 'default' : timeout})`, async (c) => {
        await c.probes.configure(job, { ignore: ['SIGTERM'] });
        await c.install(c.units(job, 'jobs'));
        await startOk(c, `${job}.service`);
        const s = await c.probes.waitStart(job);
        const ms = await stopTimed(c, `${job}.service`);
        expect(await sigs(c, job)).toEqual(['SIGTERM']);
        expect(ms).toBeGreaterThanOrEqual(timeout * 1000 - 100);
        expect(ms).toBeLessThan(timeout * 1000 + 1500);
        expect(c.lab.alive(s.pid)).toBe(false);
        expect(await c.probes.events(job, 'exit')).toHaveLength(0); // it did not leave by itself: SIGKILL
      }, { timeoutMs: 30_000 });
    stubborn('u2s-stubborn', 2);
    stubborn('u2s-stubborn-default', 5);
  });

  // ============================================================================ expect fork / daemon / stop

  describe('expect fork, expect daemon and expect stop', () => {
    scenario('grebe-monitord (expect fork): the forked daemon is the main PID and `systemctl stop` kills it', async (c) => {
      await c.probes.configure('grebe-monitord', { fork: 1, pidfile_arg: '--pidfile' });
      await c.install(c.units('grebe-monitord'));
      await startOk(c, 'grebe-monitord.service');
      const [d] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'daemon');
      const [parent] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'parent-exit');
      expect(parent!.pid).not.toBe(d!.pid);
      expect(await mainPid(c, 'grebe-monitord.service')).toBe(d!.pid);
      expect(c.lab.read('/var/run/grebe-monitord.pid')?.trim()).toBe(String(d!.pid));
      await stopTimed(c, 'grebe-monitord.service');
      expect(await sigs(c, 'grebe-monitord', d!.pid)).toEqual(['SIGTERM']);
      expect(c.lab.alive(d!.pid)).toBe(false);
    });

    scenario('ossory-syncd (expect daemon, manual) is only started by hand; its double-forked daemon is the main PID and is stopped', async (c) => {
      await c.probes.configure('ossory-syncd', { fork: 2, pidfile_arg: '--pid-file' });
      await c.install(c.units('ossory-syncd'));
      expect(await c.lab.prop('ossory-syncd.service', 'UnitFileState')).toBe('static'); // no [Install]: `manual`
      await startOk(c, 'ossory-syncd.service');
      const [d] = await c.probes.waitEvents('ossory-syncd', (r) => r.event === 'daemon');
      const [mid] = await c.probes.waitEvents('ossory-syncd', (r) => r.event === 'intermediate-exit');
      expect(d!.sid).toBe(mid!.pid); // fork, setsid, fork
      expect(await mainPid(c, 'ossory-syncd.service')).toBe(d!.pid);
      expect(c.lab.read('/var/run/ossory/syncd.pid')?.trim()).toBe(String(d!.pid));
      await stopTimed(c, 'ossory-syncd.service');
      expect(c.lab.alive(d!.pid)).toBe(false);
    });

    scenario('u2s-selfstop (expect stop): the start completes once the daemon stopped itself, and it is resumed', async (c) => {
      await c.probes.configure('u2s-selfstop', { sigstop: true });
      await c.install(c.units('u2s-selfstop', 'jobs'));
      await startOk(c, 'u2s-selfstop.service');
      expect(await c.probes.events('u2s-selfstop', 'sigstop')).toHaveLength(1); // before start returned
      const [resumed] = await c.probes.waitEvents('u2s-selfstop', (r) => r.event === 'resumed');
      expect(c.lab.procState(resumed!.pid)).not.toBe('T');
      expect(await c.lab.prop('u2s-selfstop.service', 'ActiveState')).toBe('active');
    });
  });

  // ============================================================================ socket activation

  describe('start on socket', () => {
    scenario('plover-statusd is started by a connection to its .socket on 127.0.0.1:7411 and answers on the listening fd from UPSTART_FDS', async (c) => {
      await c.probes.configure('plover-statusd', { listen_fd_env: 'UPSTART_FDS' });
      await c.install(c.units('plover-statusd'));
      await c.enable('plover-statusd.socket', true);
      c.touched.add('plover-statusd.service');
      expect(await c.lab.prop('plover-statusd.service', 'ActiveState')).toBe('inactive');
      const r = await c.lab.exec(['/usr/bin/python3', PROBE_CLIENT, '--client', 'tcp', '127.0.0.1', '7411', 'status']);
      expect(r.stdout).toMatch(new RegExp(`^plover-statusd ok status pid=\\d+ uid=${c.ids.nobody!.uid}`));
      const s = (await c.probes.events('plover-statusd', 'start'))[0]!;
      expect({ uid: s.uid, gid: s.gid }).toEqual({ uid: c.ids.nobody!.uid, gid: c.ids.nogroup!.gid });
      expect(s.env!.UPSTART_FDS).toBe('3');
      expect(s.fds!['3']).toMatch(/^socket:/);
      expect((await c.probes.events('plover-statusd', 'listen'))[0]!.sockname).toEqual(['127.0.0.1', 7411]);
      expect(await c.lab.prop('plover-statusd.service', 'ActiveState')).toBe('active');
      const again = await c.lab.exec(['/usr/bin/python3', PROBE_CLIENT, '--client', 'tcp', '127.0.0.1', '7411', 'again']);
      expect(again.stdout).toContain(`pid=${s.pid}`);
    });
  });

  // ============================================================================ jobs started by other jobs

  describe('jobs started by other jobs', () => {
    const queues = async (c: Ctx): Promise<void> => {
      await c.probes.configure('cobalt-kvd');
      await c.probes.configure('brindle-worker');
      await c.install({ ...c.units('cobalt-kvd'), ...c.units('brindle-queues'), ...c.units('brindle-worker') });
      await c.enable('brindle-queues.service');
      await startOk(c, 'cobalt-kvd.service');
      const p = await waitState(c, 'brindle-queues.service', 'inactive');
      expect(p.Result).toBe('success');
      const ts = await c.lab.show('brindle-queues.service', ['ExecMainStartTimestampMonotonic']);
      const tc = await c.lab.show('cobalt-kvd.service', ['ExecMainStartTimestampMonotonic']);
      expect(Number(ts.ExecMainStartTimestampMonotonic)).toBeGreaterThan(Number(tc.ExecMainStartTimestampMonotonic));
    };

    scenario('brindle-queues runs as a task when cobalt-kvd starts (its `start` calls go through the systemctl shim: convert/upstart-command-shim)', async (c) => {
      expect(ruleIds(c.conv.plain, 'brindle-queues')).toContain('convert/upstart-command-shim');
      expect(warnings(c.conv.plain, 'brindle-queues')).not.toContain('convert/upstart-command');
      await queues(c);
    });

    scenario('brindle-queues starts one brindle-worker per queue of /etc/default/brindle, as `start brindle-worker QUEUE=…` did', async (c) => {
      await queues(c);
      const starts = await c.probes.waitEvents('brindle-worker', (r) => r.event === 'start', 3, 5000);
      expect(starts.map((s) => s.argv![2]).sort()).toEqual(['mail', 'reports', 'thumbnails']);
      for (const q of ['mail', 'thumbnails', 'reports']) expect(await c.lab.prop(`brindle-worker@${q}.service`, 'ActiveState')).toBe('active');
      for (const q of ['mail', 'thumbnails', 'reports']) await stopTimed(c, `brindle-worker@${q}.service`);
    });
  });

  // ============================================================================ hardened variants

  describe('hardened variants still do their work, write where the profile lets them, and nowhere else', () => {
    const ETC = '/etc/u2s-hardening-probe';
    const strictVarLib = (c: Ctx) => (c.target === 'debian-12' ? { ok: false, error: 'EROFS' } : { ok: true }); // 16.04: ProtectSystem=full

    scenario('readonly-tmp tallow-cached serves from its RuntimeDirectory, has a private /tmp and cannot write /etc', async (c) => {
      const unit = 'tallow-cached.service';
      await c.probes.configure('tallow-cached', {
        record: 'stdout', unix_server_arg: '--socket', write_pid: '/var/run/tallow/tallow.pid',
        try_write: ['/run/tallow/probe-write', ETC, '/tmp/u2s-private-tmp-probe', '/var/lib/u2s-probe/tallow-hardened'],
      }, unit);
      await c.probes.configure('tallow-ctl', { record: 'stdout', unix_client_arg: '--socket' }, unit);
      await c.install(c.units('tallow-cached', 'readonly-tmp'));
      expect(await c.lab.show(unit, ['ProtectSystem', 'PrivateTmp'])).toEqual({ ProtectSystem: c.target === 'debian-12' ? 'strict' : 'full', PrivateTmp: 'yes' });
      await startOk(c, unit);
      const [w] = await c.probes.waitEvents('tallow-cached', (r) => r.event === 'writes');
      expect(w!.results!['/run/tallow/probe-write']).toMatchObject({ ok: true });
      expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
      expect(w!.results!['/tmp/u2s-private-tmp-probe']).toMatchObject({ ok: true });
      expect(c.lab.exists('/tmp/u2s-private-tmp-probe')).toBe(false);
      expect(w!.results!['/var/lib/u2s-probe/tallow-hardened']).toMatchObject(strictVarLib(c));
      const [ping] = await c.probes.waitEvents('tallow-ctl', (r) => r.event === 'client' && r.command === 'ping');
      expect(ping!.reply).toMatch(/^tallow-cached ok ping/);
      await stopTimed(c, unit);
      const [flush] = await c.probes.waitEvents('tallow-ctl', (r) => r.event === 'client' && r.command === 'flush');
      const [term] = await c.probes.waitEvents('tallow-cached', (r) => r.event === 'signal' && r.sig === 'SIGTERM');
      expect(flush!.reply).toMatch(/^tallow-cached ok flush/);
      expect(flush!.mono).toBeLessThan(term!.mono);
      expect(c.lab.exists(ETC)).toBe(false);
    });

    scenario('readonly-tmp tallow-warmup finishing leaves tallow-cached its socket in /run/tallow', async (c) => {
      await c.probes.configure('tallow-cached', { unix_server_arg: '--socket', write_pid: '/var/run/tallow/tallow.pid', record: 'stdout' }, 'tallow-cached.service');
      await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket', record: 'stdout' }, 'tallow-cached.service');
      await c.probes.configure('tallow-warmup', { unix_client_arg: '--socket', record: '/var/lib/tallow/warmup-probe.jsonl' });
      await c.install({ ...c.units('tallow-cached', 'readonly-tmp'), ...c.units('tallow-warmup', 'readonly-tmp') });
      await c.enable('tallow-warmup.service');
      await startOk(c, 'tallow-cached.service');
      const [w] = await c.probes.waitEvents('tallow-warmup', (r) => r.event === 'client');
      expect(w!.reply).toMatch(/^tallow-cached ok/);
      await waitState(c, 'tallow-warmup.service', 'inactive');
      expect(await c.lab.prop('tallow-cached.service', 'ActiveState')).toBe('active');
      const r = await c.lab.exec(['/usr/bin/tallow-ctl', '--socket', '/var/run/tallow/tallow.sock', 'ping'], { check: false });
      expect({ socketExists: c.lab.exists('/run/tallow/tallow.sock'), pingExit: r.code }).toEqual({ socketExists: true, pingExit: 0 });
    });

    scenario('dynamic-user pewter-gatewayd runs as an ephemeral user writing its StateDirectory and LogsDirectory only (16.04: DynamicUser dropped, root as under Upstart)', async (c) => {
      const unit = 'pewter-gatewayd.service';
      await c.probes.configure('pewter-gatewayd', {
        record: '/var/lib/pewter/probe.jsonl',
        try_write: ['/var/lib/pewter/state.db', '/var/log/pewter/access.log', ETC, '/var/lib/u2s-probe/pewter-dynamic'],
      });
      await c.install(c.units('pewter-gatewayd', 'dynamic-user'));
      await startOk(c, unit);
      const s = await c.probes.waitStart('pewter-gatewayd');
      expect(s.argv).toContain('pewter gateway (edge)');
      const [w] = await c.probes.waitEvents('pewter-gatewayd', (r) => r.event === 'writes');
      expect(w!.results!['/var/lib/pewter/state.db']).toMatchObject({ ok: true, uid: s.uid });
      expect(w!.results!['/var/log/pewter/access.log']).toMatchObject({ ok: true, uid: s.uid });
      if (c.target === 'debian-12') {
        expect(s.uid).toBeGreaterThanOrEqual(61184);
        expect(s.uid).toBeLessThanOrEqual(65519);
        expect((await c.lab.exec(['getent', 'passwd', 'pewter-gatewayd'])).stdout).toContain(`:${s.uid}:`);
        expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
        expect(w!.results!['/var/lib/u2s-probe/pewter-dynamic']).toEqual({ ok: false, error: 'EROFS' });
      } else {
        expect(warnings(c.conv['dynamic-user'], 'pewter-gatewayd')).toContain('harden/dynamic-user-target');
        expect(s.uid).toBe(0);
      }
    });

    scenario('dynamic-user plover-statusd (a nobody job) is still socket-activated, unprivileged, writes its StateDirectory and not /etc', async (c) => {
      const unit = 'plover-statusd.service';
      await c.probes.configure('plover-statusd', { record: 'stdout', listen_fd_env: 'UPSTART_FDS', try_write: ['/var/lib/plover/status', ETC] }, unit);
      await c.install(c.units('plover-statusd', 'dynamic-user'));
      await c.enable('plover-statusd.socket', true);
      c.touched.add(unit);
      const r = await c.lab.exec(['/usr/bin/python3', PROBE_CLIENT, '--client', 'tcp', '127.0.0.1', '7411', 'status']);
      expect(r.stdout).toMatch(/^plover-statusd ok status/);
      const s = await c.probes.waitStart('plover-statusd');
      const [w] = await c.probes.waitEvents('plover-statusd', (x) => x.event === 'writes');
      expect(w!.results!['/var/lib/plover/status']).toMatchObject({ ok: true });
      if (c.target === 'debian-12') {
        expect(s.uid).toBeGreaterThanOrEqual(61184);
        expect(s.uid).toBeLessThanOrEqual(65519);
        expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
      } else {
        // DynamicUser= (232) is skipped for 229 (harden/dynamic-user-target): the job's own `setuid nobody` / `setgid nogroup` must stay
        expect(warnings(c.conv['dynamic-user'], 'plover-statusd')).toContain('harden/dynamic-user-target');
        expect({ uid: s.uid, gid: s.gid, etcWritable: w!.results![ETC]!.ok }).toEqual({ uid: c.ids.nobody!.uid, gid: c.ids.nogroup!.gid, etcWritable: false });
      }
    });

    scenario('recommended acme-relayd logs into its LogsDirectory, cannot write /etc, and still takes SIGUSR1 reloads and SIGINT stops', async (c) => {
      const unit = 'acme-relayd.service';
      await c.probes.configure('acme-relayd', { record: '/var/log/acme/probe.jsonl', try_write: ['/var/log/acme/relayd.log', ETC, '/var/lib/u2s-probe/acme-recommended'] });
      await c.install(c.units('acme-relayd', 'recommended'));
      await startOk(c, unit);
      const s = await c.probes.waitStart('acme-relayd');
      const [w] = await c.probes.waitEvents('acme-relayd', (r) => r.event === 'writes');
      expect(w!.results!['/var/log/acme/relayd.log']).toMatchObject({ ok: true });
      expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
      expect(w!.results!['/var/lib/u2s-probe/acme-recommended']).toMatchObject(strictVarLib(c));
      expect((await c.lab.systemctl(['reload', unit])).code).toBe(0);
      await c.probes.waitEvents('acme-relayd', (r) => r.event === 'signal' && r.sig === 'SIGUSR1');
      await stopTimed(c, unit);
      expect(await sigs(c, 'acme-relayd')).toEqual(['SIGUSR1', 'SIGINT']);
      expect(c.lab.alive(s.pid)).toBe(false);
      expect(await c.lab.show(unit, ['NoNewPrivileges', 'PrivateDevices', 'ProtectHome'])).toEqual({ NoNewPrivileges: 'yes', PrivateDevices: 'yes', ProtectHome: 'yes' });
    });

    scenario('recommended grebe-monitord forks, writes its pid file and StateDirectory, is tracked and stopped, and cannot write /etc', async (c) => {
      const unit = 'grebe-monitord.service';
      await c.probes.configure('grebe-monitord', { record: '/var/lib/grebe/probe.jsonl', fork: 1, pidfile_arg: '--pidfile', try_write: ['/var/lib/grebe/state', ETC] });
      await c.install(c.units('grebe-monitord', 'recommended'));
      await startOk(c, unit);
      const [d] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'daemon');
      const [w] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'writes');
      expect(w!.results!['/var/lib/grebe/state']).toMatchObject({ ok: true });
      expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
      expect(await mainPid(c, unit)).toBe(d!.pid);
      await stopTimed(c, unit);
      expect(c.lab.alive(d!.pid)).toBe(false);
    });
  });
}
