/**
 * What the idiom scenario compares: every idiom job of tests/e2e/idioms run in one lab, first all the
 * faithful units side by side, then all the native ones, and for each the facts the probe and systemd
 * record, flattened to `field → value` (argv, ids, groups, umask, nice, OOM score, limits, cwd, each
 * environment variable, stdio, cgroup, files written, start result, settled state, restarts, stop).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDIOM_ROOT, SCRIPT_DIR, type Variant } from './convert';
import { IDIOM_CASES, IDIOM_EXTRA_GROUP, IDIOM_USER, allowanceFor, type IdiomCase } from './idiom-cases';
import { PROBE_CLIENT, type Rec } from './probes';
import type { Ctx } from './scenario';
import type { Target } from './targets';

export type Style = 'faithful' | 'native';
/** One idiom's facts in one style: field → value (JSON-comparable). */
export type Facts = Record<string, unknown>;
/** Both styles' facts of every idiom job, by job. */
export type Observed = Record<Style, Record<string, Facts>>;

/** A field whose values differ, and the allowance that covers it (none: the lift changed behaviour). */
export interface Difference {
  field: string;
  faithful: unknown;
  native: unknown;
  reason?: string;
}

/** Variables whose value is new on every run (compared by presence only). */
const PER_RUN = new Set(['INVOCATION_ID', 'SYSTEMD_EXEC_PID', 'JOURNAL_STREAM']);

const HOST_SETUP = `set -e
  getent group ${IDIOM_EXTRA_GROUP} >/dev/null || groupadd --system ${IDIOM_EXTRA_GROUP}
  id -u ${IDIOM_USER} >/dev/null 2>&1 || useradd --system --user-group --groups ${IDIOM_EXTRA_GROUP} \\
    --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${IDIOM_USER}
  mkdir -p /var/lib/u2s-idiom /var/log/u2s-idiom /etc/u2s-idiom
  echo 'enabled = yes' > /etc/u2s-idiom/stopguard.conf
  rm -f /etc/u2s-idiom/absent.conf /usr/sbin/u2s-idiom-absent
  for p; do install -m 0755 ${PROBE_CLIENT} "/usr/sbin/$p"; done`;

const observed = new Map<Target, Promise<Observed>>();

/**
 * Runs every idiom job in both styles in this scenario's lab, once per run and lab (the idiom scenarios
 * share it: the first one pays for it), and returns the facts.
 */
export function observeIdioms(c: Ctx): Promise<Observed> {
  let o = observed.get(c.target);
  if (!o) {
    o = observeAll(c);
    observed.set(c.target, o);
  }
  return o;
}

/** Prepares the lab, then runs the faithful units, then the native ones. */
async function observeAll(c: Ctx): Promise<Observed> {
  const programs = IDIOM_CASES.map((k) => k.program).filter((p): p is string => p !== null);
  await c.lab.exec(['sh', '-c', HOST_SETUP, 'sh', ...programs]);
  const dflt = readFileSync(join(IDIOM_ROOT, 'etc', 'default', 'u2s-idiom-default'), 'utf8');
  await c.lab.installFile('/etc/default/u2s-idiom-default', dflt);
  const faithful = await observeStyle(c, 'faithful');
  const native = await observeStyle(c, 'native');
  const dump = process.env.U2S_E2E_IDIOM_DUMP; // where to write the facts of both styles, for debugging
  if (dump) writeFileSync(`${dump}-${c.target}.json`, JSON.stringify({ faithful, native }, null, 2));
  return { faithful, native };
}

/** Installs every idiom unit of one style, starts them all at once, records, stops them. */
async function observeStyle(c: Ctx, style: Style): Promise<Record<string, Facts>> {
  const variant: Variant = style === 'faithful' ? 'idioms-faithful' : 'idioms-native';
  await c.lab.exec([
    'rm',
    '-rf',
    '/run/u2s-idiom-rundir',
    '/var/log/u2s-idiom/daemon.log',
    '/var/log/u2s-idiom/final.log',
  ]);
  await Promise.all(IDIOM_CASES.filter((k) => k.program).map((k) => c.probes.configure(k.program!, k.behaviour ?? {})));
  const files: Record<string, string> = {};
  for (const k of IDIOM_CASES) Object.assign(files, c.units(k.job, variant));
  await installAll(c, files);
  const out: Record<string, Facts> = {};
  for (const k of IDIOM_CASES.filter((x) => x.bootDaemon)) {
    await c.enable(`${k.job}.service`);
    out[k.job] = await bootFacts(c, k);
  }
  const started = await Promise.all(IDIOM_CASES.map((k) => c.lab.systemctl(['start', `${k.job}.service`])));
  await Promise.all(
    IDIOM_CASES.map(async (k, i) => {
      out[k.job] = { ...out[k.job], 'start.exit': started[i]!.code, ...(await runningFacts(c, k)) };
    }),
  );
  await Promise.all(IDIOM_CASES.map((k) => c.lab.systemctl(['stop', `${k.job}.service`], { timeoutMs: 30_000 })));
  await Promise.all(
    IDIOM_CASES.map(async (k) => {
      Object.assign(out[k.job]!, await stoppedFacts(c, k));
    }),
  );
  for (const k of IDIOM_CASES.filter((x) => x.bootDaemon)) await c.lab.systemctl(['disable', `${k.job}.service`]);
  await c.lab.systemctl(['reset-failed']);
  return out;
}

/**
 * Writes every unit and helper script in one exec and reloads once (Ctx.install writes file by file:
 * 40 files cost seconds); the units are remembered for the scenario's cleanup.
 */
async function installAll(c: Ctx, files: Record<string, string>): Promise<void> {
  const placed = Object.entries(files).map(([name, text]) =>
    name.endsWith('.sh') ? [`${SCRIPT_DIR}/${name}`, text, 0o755] : [`/etc/systemd/system/${name}`, text, 0o644],
  );
  for (const name of Object.keys(files)) if (!name.endsWith('.sh')) c.touched.add(name);
  const write =
    'import json, os, sys\n' +
    'for path, text, mode in json.load(sys.stdin):\n' +
    '    os.makedirs(os.path.dirname(path), exist_ok=True)\n' +
    "    with open(path, 'w') as f: f.write(text)\n" +
    '    os.chmod(path, mode)\n';
  await c.lab.exec(['/usr/bin/python3', '-c', write], { input: JSON.stringify(placed) });
  await c.lab.exec(['systemctl', 'daemon-reload']);
}

/** What a boot does with a job started by a boot daemon's event: is it pulled in, and ordered after the daemon. */
async function bootFacts(c: Ctx, k: IdiomCase): Promise<Facts> {
  const unit = `${k.job}.service`;
  // a boot starts default.target, and the daemon (dbus: by its socket, on the first client)
  const pulled = await Promise.all(
    ['default.target', k.bootDaemon!].map(async (u) =>
      (await c.lab.systemctl(['list-dependencies', '--plain', u])).stdout.split('\n').some((l) => l.trim() === unit),
    ),
  );
  const after = (await c.lab.prop(unit, 'After')).split(/\s+/);
  return { 'boot.pulledIn': pulled.some(Boolean), 'boot.afterDaemon': after.includes(k.bootDaemon!) };
}

/** The probe's start record and the unit's state while it runs (or once it has settled, for one that ends). */
async function runningFacts(c: Ctx, k: IdiomCase): Promise<Facts> {
  const unit = `${k.job}.service`;
  const f: Facts = {};
  let start: Rec | undefined;
  if (k.ends) {
    await c.lab.waitFor(
      async () => {
        const s = await c.lab.show(unit, ['ActiveState', 'SubState']);
        return ['inactive', 'failed'].includes(s.ActiveState!) && s.SubState !== 'auto-restart' ? s : undefined;
      },
      10_000,
      `${unit} to settle`,
    );
  } else if (k.program) {
    start = await c.probes.waitStart(k.program, 8000);
  }
  const recs = k.program ? await c.probes.records(k.program) : [];
  start ??= recs.find((r) => r.event === 'start');
  f.runs = recs.filter((r) => r.event === 'start').length;
  const exits = recs.filter((r) => r.event === 'exit').map((r) => r.code ?? r.by);
  if (exits.length) f.exits = exits;
  const s = await c.lab.show(unit, ['ActiveState', 'SubState', 'Result', 'NRestarts', 'ExecMainStatus', 'MainPID']);
  f.state = `${s.ActiveState}/${s.SubState}/${s.Result}`;
  f.restarts = s.NRestarts;
  if (k.ends) f.exitStatus = s.ExecMainStatus;
  if (start) {
    Object.assign(f, processFacts(start, unit));
    if (!k.ends) f.mainIsProgram = Number(s.MainPID) === start.pid;
  }
  for (const p of k.files ?? []) f[`file:${p}`] = await statOf(c, p);
  return f;
}

/** The process as the probe saw it, flattened; per-run values reduced to their presence. */
function processFacts(s: Rec, unit: string): Facts {
  const f: Facts = {
    argv: s.argv,
    uid: s.uid,
    gid: s.gid,
    euid: s.euid,
    egid: s.egid,
    groups: s.groups,
    umask: s.umask,
    nice: s.nice,
    oom: s.oom_score_adj,
    cwd: s.cwd,
    cgroup: (s.cgroup ?? '')
      .replace(`/system.slice/${unit}`, '(the unit)')
      .replace(/session-\w+\.scope/, 'session.scope'),
  };
  for (const [name, v] of Object.entries(s.rlimits ?? {})) f[`limit.${name}`] = v;
  for (const fd of ['0', '1', '2']) f[`fd.${fd}`] = (s.fds?.[fd] ?? 'closed').replace(/^(\w+):\[\d+\]$/, '$1');
  for (const [name, v] of Object.entries(s.env ?? {})) f[`env.${name}`] = PER_RUN.has(name) ? '(set)' : v;
  return f;
}

/** Owner, group, mode and type of a path inside the lab, or "absent". */
async function statOf(c: Ctx, path: string): Promise<string> {
  const r = await c.lab.exec(['stat', '-c', '%U:%G %a %F', path], { check: false });
  return r.code === 0 ? r.stdout.trim() : 'absent';
}

/** After `systemctl stop`: the unit's result, the signals the program got, what is left of its files. */
async function stoppedFacts(c: Ctx, k: IdiomCase): Promise<Facts> {
  const unit = `${k.job}.service`;
  const f: Facts = {};
  const s = await c.lab.show(unit, ['ActiveState', 'Result']);
  f['stop.state'] = `${s.ActiveState}/${s.Result}`;
  if (k.program && !k.ends) {
    const sigs = (await c.probes.events(k.program, 'signal')).map((r) => r.sig).filter((x) => x !== 'SIGCONT');
    f['stop.signals'] = sigs;
  }
  for (const p of k.files ?? []) f[`after-stop:${p}`] = await statOf(c, p);
  return f;
}

/** Every field whose value differs between the styles, with the allowance that covers it. */
export function differences(job: string, o: Observed): Difference[] {
  const a = o.faithful[job] ?? {};
  const b = o.native[job] ?? {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const out: Difference[] = [];
  for (const field of fields) {
    if (JSON.stringify(a[field]) === JSON.stringify(b[field])) continue;
    out.push({ field, faithful: a[field], native: b[field], reason: allowanceFor(job, field)?.reason });
  }
  return out;
}
