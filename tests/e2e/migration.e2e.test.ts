/**
 * End-to-end: migration day (docs/migration.md) under a real systemd. A Trusty-like root built
 * from examples/trusty is collected with the collect script (under dash, in a chroot); the
 * tarball is converted with `--out` (the root layout: a mirror of `/` with plan.json, migrate.sh
 * and rollback.sh); the tree is copied into a freshly booted lab that stands for the host after
 * its release upgrade (the packaged units of examples/trusty/lib/systemd/system and the admin's
 * own units of etc/systemd/system in place); then migrate.sh runs (after --dry-run), runs again
 * (no change), and rollback.sh puts unit files and enablement back as they were.
 *
 * Each target gets labs of its own (a migration changes the whole unit tree, which the shared
 * labs' other scenarios rely on).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTrustyRoot, collectTarball } from '../helpers/trusty-host';
import { CLI, EXAMPLES } from './convert';
import { Lab, run, type ExecResult } from './harness';
import { waitState } from './helpers';
import { prepareLab } from './prepare';
import { Probes } from './probes';
import { e2eSuite, scenario, type Ctx } from './scenario';
import { labPrefix, type Target } from './targets';

/** Where the tree is copied to inside the lab, as an operator would (`tar -C OUT -c . | ssh host tar -C DIR -x`). */
const COPY = '/root/u2s-migration';
const KIT = `${COPY}/var/lib/upstart2systemd/migration`;

/** Names of the labs this scenario boots and ends itself. */
function migrationLabNames(): Record<Target, string> {
  const prefix = labPrefix();
  return { 'debian-12': `${prefix}-mig-d12`, 'ubuntu-16.04': `${prefix}-mig-u16` };
}

/** The parts of plan.json the checks read. */
interface PlanJson {
  id: string;
  jobs: { job: string; action: string; enable: string[]; start: string[]; files: { path: string }[] }[];
  units: { unit: string }[];
}

e2eSuite(() => {
  describe('migration day', () => {
    scenario(
      'a collected Trusty host migrates with migrate.sh (enabled, ran → active), a second run changes nothing, rollback.sh restores unit files and enablement',
      async (c) => {
        const lab = new Lab(migrationLabNames()[c.target]);
        const tmp = mkdtempSync(join(tmpdir(), `u2s-e2e-migration-${c.target}-`));
        try {
          const { out, plan } = await collectAndConvert(c, tmp);
          await lab.down();
          await lab.up();
          await prepareLab(lab);
          await daemonsAsOnTheHost(lab);
          await upgradedHost(lab);
          await copyTree(lab, out);
          const before = await snapshot(lab, plan);

          const dry = await sh(lab, 'migrate.sh', '--dry-run');
          expect({ dryRun: dry.code, err: dry.stderr }).toEqual({ dryRun: 0, err: '' });
          expect(await snapshot(lab, plan)).toEqual(before);

          const first = await sh(lab, 'migrate.sh');
          if (first.code !== 0) throw new Error(await failure(lab, 'migrate.sh', first));
          await expectMigrated(c, lab, plan);
          const migrated = await snapshot(lab, plan);
          expect(migrated).not.toEqual(before);

          const second = await sh(lab, 'migrate.sh');
          if (second.code !== 0) throw new Error(await failure(lab, 'migrate.sh (again)', second));
          expect({ code: second.code, last: lastLine(second.stdout) }).toEqual({
            code: 0,
            last: `Nothing to change: everything in plan ${plan.id} is already in place.`,
          });
          expect(await snapshot(lab, plan)).toEqual(migrated);

          const back = await sh(lab, 'rollback.sh');
          if (back.code !== 0) throw new Error(await failure(lab, 'rollback.sh', back));
          expect(await snapshot(lab, plan)).toEqual(before);
        } finally {
          await lab.down();
          rmSync(tmp, { recursive: true, force: true });
        }
      },
      { timeoutMs: 300_000 },
    );
  });
});

/** Builds the Trusty-like root, collects it under dash, converts the tarball into OUT; the plan it wrote. */
async function collectAndConvert(c: Ctx, tmp: string): Promise<{ out: string; plan: PlanJson }> {
  const root = join(tmp, 'trusty');
  buildTrustyRoot(root);
  const tarball = await collectTarball(root, { shell: 'dash' });
  const out = join(tmp, 'out');
  const r = await run(process.execPath, [CLI, 'convert', '--root', tarball, '--target', c.target, '--out', out], {
    timeoutMs: 120_000,
  });
  // heron-backupd does not convert (apparmor load): the run exits 1, the plan skips that job
  if (![0, 1].includes(r.code)) throw new Error(`convert failed (${r.code}): ${r.stderr}`);
  const plan = JSON.parse(readFileSync(join(out, 'var/lib/upstart2systemd/migration/plan.json'), 'utf8')) as PlanJson;
  expect(plan.jobs.filter((j) => j.action !== 'skip').length).toBeGreaterThan(10);
  return { out, plan };
}

/**
 * The probes behave as the daemons they stand for: grebe-monitord forks, plover-statusd serves its
 * socket, tallow-cached serves its own and tallow-ctl (its post-start) and tallow-warmup talk to it.
 */
async function daemonsAsOnTheHost(lab: Lab): Promise<void> {
  const probes = new Probes(lab);
  await probes.configure('grebe-monitord', { fork: 1, pidfile_arg: '--pidfile' });
  await probes.configure('plover-statusd', { listen_fd_env: 'UPSTART_FDS' });
  await probes.configure('tallow-warmup', { unix_client_arg: '--socket' });
  await probes.configure('tallow-cached', { unix_server_arg: '--socket', write_pid: '/var/run/tallow/tallow.pid' });
  await probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
}

/**
 * Makes the lab the host after its release upgrade: the units the upgraded packages ship
 * (examples/trusty/lib/systemd/system) and the admin's own units and drop-ins that survived it
 * (etc/systemd/system), as the tarball recorded them.
 */
async function upgradedHost(lab: Lab): Promise<void> {
  await untar(lab, EXAMPLES, '/', ['lib/systemd/system', 'etc/systemd/system']); // links kept as links
  // the user pewter-gatewayd's package unit runs as, made by the package's maintainer scripts
  await lab.exec(['sh', '-c', 'id -u pewter >/dev/null 2>&1 || useradd --system --user-group --no-create-home pewter']);
  await lab.exec(['systemctl', 'daemon-reload']);
}

/** Copies `what` (relative to `from` on this machine) to `to` in the lab: tar here, untar there. */
async function untar(lab: Lab, from: string, to: string, what: readonly string[]): Promise<void> {
  const tar = await run('sh', ['-c', 'd=$1; shift; tar -C "$d" -cz "$@" | base64 -w0', 'sh', from, ...what], {
    timeoutMs: 30_000,
  });
  if (tar.code !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  await lab.exec(['sh', '-c', 'mkdir -p "$1" && base64 -d | tar -C "$1" -xz', 'sh', to], { input: tar.stdout });
}

/** Copies OUT into the lab the way the docs say: tar from the workstation, untar on the host. */
async function copyTree(lab: Lab, out: string): Promise<void> {
  await untar(lab, out, COPY, ['.']);
}

/** Runs one of the kit's scripts in the lab, as root, from the copied tree. */
function sh(lab: Lab, script: string, ...args: string[]): Promise<ExecResult> {
  // timeout(1) inside the lab: killing nsenter outside it would leave the script running
  return lab.exec(['timeout', '60', 'sh', `${KIT}/${script}`, ...args], { check: false, timeoutMs: 70_000 });
}

/**
 * What a migration may change and a rollback must restore: every file and link under
 * /etc/systemd/system and the helper script folder (with its content's digest), and the
 * enablement of every unit the plan touches.
 */
async function snapshot(lab: Lab, plan: PlanJson): Promise<{ files: string[]; enabled: Record<string, string> }> {
  const files = await lab.exec([
    'sh',
    '-c',
    'for d in /etc/systemd/system /usr/local/lib/upstart2systemd; do [ -e "$d" ] || continue; ' +
      'find "$d" -mindepth 1 \\( -type l -printf "%p -> %l\\n" \\) -o \\( -type f -printf "%p %m " ' +
      '-exec sh -c \'sha256sum < "$1" | cut -c1-16\' sh {} \\; \\); done | sort',
  ]);
  const enabled: Record<string, string> = {};
  for (const { unit } of plan.units) {
    const r = await lab.systemctl(['is-enabled', unit]);
    enabled[unit] = r.stdout.trim() || `(exit ${r.code})`;
  }
  return { files: files.stdout.trim().split('\n').filter(Boolean), enabled };
}

/** Checks what the plan enables is enabled, and what it starts is running (a task: exited 0). */
async function expectMigrated(c: Ctx, lab: Lab, plan: PlanJson): Promise<void> {
  const states: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const job of plan.jobs) {
    for (const unit of job.enable) {
      states[`${unit} enabled`] = (await lab.systemctl(['is-enabled', unit])).stdout.trim();
      expected[`${unit} enabled`] = 'enabled';
    }
    for (const unit of job.start) {
      const p = await waitState({ lab }, unit, 'active', 10_000).catch(async () =>
        lab.show(unit, ['ActiveState', 'Result']),
      );
      states[`${unit} started`] = `${p.ActiveState}/${p.Result}`;
      expected[`${unit} started`] = 'active/success';
    }
  }
  expect({ target: c.target, states }).toEqual({ target: c.target, states: expected });
  expect(Object.keys(expected).some((k) => k.endsWith('started'))).toBe(true);
}

/** A script's failure, explained: what it printed, and the journal of the unit it names as failed. */
async function failure(lab: Lab, script: string, r: ExecResult): Promise<string> {
  const unit = /FAILED: (\S+) /.exec(r.stdout)?.[1];
  const journal = unit ? `\n--- journal of ${unit}:\n${await lab.journal(unit)}` : '';
  return `${script} failed (${r.code}):\n${r.stdout}${r.stderr}${journal}`;
}

/** The last line a script printed (its verdict). */
function lastLine(stdout: string): string {
  return stdout.trim().split('\n').pop() ?? '';
}
