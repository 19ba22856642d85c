/**
 * The Ansible roles of ansible/ against a fleet of real hosts (npm run test:fleet; docs/fleet.md).
 * Three labs — each a real systemd booted in its own namespaces with its own /etc/init and an
 * sshd — are reached over real SSH with no network address (ProxyCommand: `sshd -i` inside the
 * lab). Then, with ansible-core's ansible-playbook:
 *
 * 1. collect.yml with no Python on the hosts (`script` and `raw` only) fetches each tarball;
 * 2. site.yml --check --diff: converts, dry-runs migrate.sh on each host, shows the unit diffs,
 *    and changes nothing on the hosts;
 * 3. site.yml in two waves: two hosts migrate (units enabled and active); on the third a program
 *    is missing, migrate.sh fails, rollback.sh puts it back as it was, and the host fails;
 * 4. the missing program installed, site.yml again: the third host migrates, the others change
 *    nothing; 5. site.yml once more: changed=0 on every host.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab, run, sleep, unavailableReason, type ExecResult } from '../e2e/harness';
import {
  SSHD_CONFIG_PATH,
  fleetHosts,
  installCore,
  keygen,
  prepareHost,
  writeInventory,
  writeSshConfig,
  type FleetHost,
} from './hosts';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'upstart2systemd.js');
const PLAYBOOKS = join(ROOT, 'ansible');
const KEEP = process.env.U2S_FLEET_KEEP === '1';

/** One host's line of the PLAY RECAP. */
interface Recap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

/** The parts of plan.json the checks read. */
interface PlanJson {
  id: string;
  jobs: { job: string; action: string; enable: string[]; start: string[]; files: { path: string }[] }[];
}

/** Why the fleet cannot run here (null: it can). */
async function whyNot(): Promise<string | null> {
  const lab = await unavailableReason();
  if (lab) return lab;
  for (const [tool, pkg] of [
    ['ansible-playbook', 'ansible-core'],
    ['/usr/sbin/sshd', 'openssh-server'],
    ['ssh', 'openssh-client'],
  ] as const) {
    const r = await run('sh', ['-c', 'command -v "$1"', 'sh', tool]);
    if (r.code !== 0) return `no ${tool} (apt-get install ${pkg})`;
  }
  if (!existsSync(join(ROOT, 'dist'))) return 'the CLI is not built (npm run build)';
  return null;
}

const hosts = fleetHosts();
const labs = new Map(hosts.map((h) => [h.name, new Lab(h.name)]));
let tmp = '';
let inventory = '';
let work = '';
let skip: string | null = null;

beforeAll(async () => {
  skip = await whyNot();
  if (skip) {
    if (process.env.CI === 'true') throw new Error(`the fleet test cannot run here: ${skip}`);
    return;
  }
  tmp = mkdtempSync(join(tmpdir(), 'u2s-fleet-'));
  work = join(tmp, 'work');
  await keygen(join(tmp, 'id'));
  const hostKeys: Record<string, string> = {};
  await Promise.all(
    hosts.map(async (h) => {
      const lab = labs.get(h.name)!;
      await lab.down();
      await lab.up();
      await keygen(join(tmp, `${h.name}.key`));
      hostKeys[h.name] = readFileSync(join(tmp, `${h.name}.key.pub`), 'utf8');
      await prepareHost(lab, h, { client: join(tmp, 'id'), hostKey: join(tmp, `${h.name}.key`) });
    }),
  );
  const sshConfig = writeSshConfig(tmp, hosts, hostKeys, join(tmp, 'id'));
  inventory = writeInventory(tmp, hosts, { cli: [process.execPath, CLI], work, sshConfig });
}, 120_000);

afterAll(async () => {
  if (KEEP && tmp) {
    console.log(`U2S_FLEET_KEEP=1: labs ${[...labs.keys()].join(', ')} and ${tmp} are left`);
    return;
  }
  if (tmp) await closeMasters();
  await Promise.all([...labs.values()].map((l) => l.down()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 60_000);

/**
 * Ends the run's ssh control masters, whose ProxyCommand holds an `sshd -i` inside each lab, then
 * kills (by pid) any ProxyCommand left: an nsenter into one of the run's labs with the test's sshd
 * configuration. One left alive would keep its lab's shutdown waiting for the sshd it never reaps.
 */
async function closeMasters(): Promise<void> {
  const dir = join(tmp, 'cp');
  for (const socket of existsSync(dir) ? readdirSync(dir) : []) {
    await run('ssh', ['-S', join(dir, socket), '-O', 'exit', 'fleet'], { timeoutMs: 10_000 });
  }
  const ours = new Set([...labs.values()].map((l) => String(l.pid)).filter((p) => p !== '0'));
  await sleep(300);
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const target = argv[0]?.endsWith('nsenter') ? argv[argv.indexOf('-t') + 1] : undefined;
    if (target && ours.has(target) && argv.includes(SSHD_CONFIG_PATH)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}

/** Runs ansible-playbook from ansible/ with the test's inventory and ansible.cfg. */
async function playbook(book: string, ...args: string[]): Promise<ExecResult & { recap: Record<string, Recap> }> {
  const env = {
    ...process.env,
    ANSIBLE_CONFIG: join(__dirname, 'ansible.cfg'),
    ANSIBLE_SSH_CONTROL_PATH_DIR: join(tmp, 'cp'),
    ANSIBLE_LOCAL_TEMP: join(tmp, 'ansible-tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
  };
  const waves = JSON.stringify({ u2s_waves: [1, 2], u2s_max_fail_percentage: 50 });
  const r = await run('ansible-playbook', ['-i', inventory, '-e', waves, ...args, join(PLAYBOOKS, book)], {
    env,
    cwd: PLAYBOOKS,
    timeoutMs: 300_000,
  });
  return { ...r, recap: recapOf(r.stdout) };
}

/** The last PLAY RECAP of ansible-playbook's output, by host. */
function recapOf(stdout: string): Record<string, Recap> {
  const at = stdout.lastIndexOf('PLAY RECAP');
  const recap: Record<string, Recap> = {};
  for (const line of at < 0 ? [] : stdout.slice(at).split('\n')) {
    const m = /^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$/.exec(line.trim());
    if (!m) continue;
    const counts = Object.fromEntries(
      m[2]!
        .trim()
        .split(/\s+/)
        .map((kv) => kv.split('=') as [string, string]),
    );
    recap[m[1]!] = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])) as unknown as Recap;
  }
  return recap;
}

/** The tasks that reported `changed` in a run, by host (`ROLE : TASK`). */
function changedTasks(stdout: string): Record<string, string[]> {
  const changed: Record<string, string[]> = {};
  let task = '';
  for (const line of stdout.split('\n')) {
    const t = /^(?:TASK|RUNNING HANDLER) \[(.*)\] \*+$/.exec(line);
    if (t) task = t[1]!;
    const c = /^changed: \[([^\]\s]+)(?: -> [^\]]+)?\]/.exec(line);
    if (c) (changed[c[1]!] ??= []).push(task);
  }
  return changed;
}

/** The output of a run, for a failed expectation. */
function explain(r: ExecResult): string {
  return `ansible-playbook exited ${r.code}\n${r.stdout.slice(-12000)}\n${r.stderr.slice(-4000)}`;
}

/** The plan the controller made for a host. */
function planOf(host: FleetHost): PlanJson {
  const file = join(work, 'hosts', host.name, 'out', 'var/lib/upstart2systemd/migration/plan.json');
  return JSON.parse(readFileSync(file, 'utf8')) as PlanJson;
}

/** What the plan enables and starts, as the host's systemd sees it. */
async function unitStates(host: FleetHost): Promise<Record<string, string>> {
  const lab = labs.get(host.name)!;
  const states: Record<string, string> = {};
  for (const job of planOf(host).jobs) {
    for (const u of job.enable) states[`${u} enabled`] = (await lab.systemctl(['is-enabled', u])).stdout.trim();
    for (const u of job.start) states[`${u} active`] = (await lab.systemctl(['is-active', u])).stdout.trim();
  }
  return states;
}

/** The states unitStates gives for a migrated host. */
async function expectMigrated(host: FleetHost): Promise<void> {
  const states = await unitStates(host);
  const want = Object.fromEntries(Object.keys(states).map((k) => [k, k.endsWith('enabled') ? 'enabled' : 'active']));
  expect({ host: host.name, states }).toEqual({ host: host.name, states: want });
  expect(Object.keys(states).filter((k) => k.endsWith('active')).length).toBeGreaterThan(0);
}

/** The migrated files of a host's plan that exist on the host. */
async function installedFiles(host: FleetHost): Promise<string[]> {
  const lab = labs.get(host.name)!;
  const paths = planOf(host).jobs.flatMap((j) => j.files.map((f) => f.path));
  const r = await lab.exec(['sh', '-c', 'for p; do [ -e "$p" ] && echo "$p"; done; true', 'sh', ...paths]);
  return r.stdout.split('\n').filter(Boolean);
}

/** The host's state, before any migration: none of the plan's files, units not enabled or active. */
async function expectUntouched(host: FleetHost): Promise<void> {
  expect({ host: host.name, files: await installedFiles(host) }).toEqual({ host: host.name, files: [] });
  const states = await unitStates(host);
  const bad = Object.entries(states).filter(([k, v]) => (k.endsWith('enabled') ? v === 'enabled' : v === 'active'));
  expect({ host: host.name, bad }).toEqual({ host: host.name, bad: [] });
}

const [a, b, c] = hosts as [FleetHost, FleetHost, FleetHost];
const itRuns = (title: string, fn: () => Promise<void>, ms: number): void =>
  it(title, async () => (skip ? console.log(`fleet test skipped: ${skip}`) : fn()), ms);

describe('the Ansible roles migrate a fleet of real hosts', () => {
  itRuns(
    'collect fetches every host tarball with script and raw alone (no Python on the hosts)',
    async () => {
      const r = await playbook('collect.yml', '-e', 'fleet_without_python=true');
      expect({ code: r.code, recap: r.code === 0 ? 'ok' : explain(r) }).toEqual({ code: 0, recap: 'ok' });
      for (const h of hosts) {
        expect(existsSync(join(work, 'hosts', h.name, 'collected.tar.gz'))).toBe(true);
        expect(r.recap[h.name]).toMatchObject({ failed: 0, unreachable: 0 });
      }
    },
    180_000,
  );

  itRuns(
    'check mode dry-runs migrate.sh on every host, shows the unit diffs and changes nothing there',
    async () => {
      const r = await playbook('site.yml', '--check', '--diff');
      expect({ code: r.code, out: r.code === 0 ? 'ok' : explain(r) }).toEqual({ code: 0, out: 'ok' });
      expect(r.stdout.match(/Dry run: nothing was changed/g)?.length).toBe(3);
      expect(r.stdout).toContain('+ExecStart=/usr/local/bin/fleet-daemon web --port 8080');
      for (const h of hosts) await expectUntouched(h);
      const summary = readFileSync(join(work, 'fleet-summary.md'), 'utf8');
      expect(summary).toContain('3 host(s): 3 converted, 0 failed.');
    },
    180_000,
  );

  itRuns(
    'deploy migrates two hosts and rolls back the third, whose program is missing',
    async () => {
      const r = await playbook('site.yml');
      expect({ code: r.code, recap: r.recap }).toMatchObject({
        code: 2,
        recap: {
          [a.name]: { failed: 0, unreachable: 0 },
          [b.name]: { failed: 0, unreachable: 0 },
          [c.name]: { failed: 1, rescued: 1 },
        },
      });
      const fatal = r.stdout.split('\n').filter((l) => l.startsWith(`fatal: [${c.name}]`));
      console.log(
        `rollout (${c.name} rolled back):\n${fatal.join('\n')}\n${r.stdout.slice(r.stdout.lastIndexOf('PLAY RECAP'))}`,
      );
      expect(r.recap[a.name]!.changed).toBeGreaterThan(0);
      expect(r.stdout).toContain(`Run migrate.sh failed on ${c.name} (exit 1)`);
      expect(r.stdout).toContain('rollback.sh (exit 0):');
      expect(r.stdout).toMatch(/FAILED: fleet-reportd\.service/);
      await expectMigrated(a);
      await expectMigrated(b);
      await expectUntouched(c);
      const id = planOf(c).id;
      const state = await labs.get(c.name)!.exec(['sh', '-c', 'ls -A /var/lib/upstart2systemd/; true']);
      expect(state.stdout.split('\n')).not.toContain(id);
    },
    240_000,
  );

  itRuns(
    'once its program is installed the third host migrates, and the others change nothing',
    async () => {
      await installCore(labs.get(c.name)!);
      const r = await playbook('site.yml');
      expect({ code: r.code, out: r.code === 0 ? 'ok' : explain(r) }).toEqual({ code: 0, out: 'ok' });
      const changed = changedTasks(r.stdout);
      expect({ a: changed[a.name] ?? [], b: changed[b.name] ?? [] }).toEqual({ a: [], b: [] });
      expect(r.recap).toMatchObject({ [a.name]: { changed: 0 }, [b.name]: { changed: 0 } });
      expect(r.recap[c.name]!.changed).toBeGreaterThan(0);
      for (const h of hosts) await expectMigrated(h);
    },
    240_000,
  );

  itRuns(
    'a second run over the migrated fleet changes nothing (changed=0 on every host)',
    async () => {
      const r = await playbook('site.yml');
      expect({ code: r.code, out: r.code === 0 ? 'ok' : explain(r) }).toEqual({ code: 0, out: 'ok' });
      expect(changedTasks(r.stdout)).toEqual({});
      for (const h of hosts)
        expect({ host: h.name, ...r.recap[h.name] }).toMatchObject({ host: h.name, changed: 0, failed: 0 });
      console.log(`second run recap:\n${r.stdout.slice(r.stdout.lastIndexOf('PLAY RECAP'))}`);
    },
    240_000,
  );
});
