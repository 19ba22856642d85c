/**
 * The scenario planner every *.e2e.test.ts file declares its scenarios with.
 *
 * A scenario is one jest test per target, and each target has its own lab (booted and prepared by
 * global-setup.ts). When the first test of a scenario starts, the scenario starts in every lab at
 * once, so the labs work side by side while each lab runs one scenario at a time, its cleanup
 * included. Each run's result and time are appended for table-reporter.js, which prints one table
 * for the whole run.
 */
import { SCRIPT_DIR, unitsOf, type Conversion, type Variant } from './convert';
import { Lab } from './harness';
import { Probes } from './probes';
import { readState, recordResult, type Ids } from './state';
import { TARGETS, type Target } from './targets';

/** One target's lab and what the scenarios know of it. */
export interface World {
  lab: Lab;
  probes: Probes;
  conv: Record<Variant, Conversion>;
  ids: Record<string, Ids>;
  fqdn: string;
  hostname: string;
}

/** What a scenario body gets: its target's world, and units and enables that are undone after it. */
export interface Ctx extends World {
  target: Target;
  /** the job's files for this target */
  units(job: string, variant?: Variant): Record<string, string>;
  /** installs units (remembered for the cleanup after the scenario) and helper scripts */
  install(files: Record<string, string>): Promise<void>;
  /** systemctl enable (undone after the scenario) */
  enable(unit: string, now?: boolean): Promise<void>;
  touched: Set<string>;
  enabled: Set<string>;
}

export interface ScenarioOptions {
  /** the targets to run on (default: all) */
  targets?: readonly Target[];
  /** an expected failure (test.failing): a difference the maintainers must decide on */
  failing?: boolean;
  timeoutMs?: number;
}

/** One scenario in one lab. */
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

const worlds = new Map<Target, World>();
const plan: Planned[] = [];
/** the last scenario queued in each lab: a lab never runs two at once */
const labQueue = new Map<Target, Promise<void>>();
let setupError: Error | undefined;

/**
 * Declares a file's scenarios — or, where global setup found that the labs cannot run here, one
 * skipped test saying why (under CI=true global setup has failed the run already).
 */
export function e2eSuite(declare: () => void): void {
  const skip = process.env.U2S_E2E_SKIP;
  if (skip) {
    test.skip(`end-to-end suite skipped: ${skip}`, () => undefined);
    return;
  }
  beforeAll(loadWorlds);
  afterAll(settleAll, 300_000);
  declare();
}

/**
 * Declares a scenario: one jest test per target. A test filtered out with -t only runs when its
 * sibling for the other target was selected.
 */
export function scenario(title: string, body: (c: Ctx) => Promise<void>, opts: ScenarioOptions = {}): void {
  for (const target of opts.targets ?? TARGETS) {
    let settle: (err?: unknown) => void = () => undefined;
    const outcome = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    outcome.catch(() => undefined); // reported by the test that awaits it
    const p: Planned = {
      index: plan.length,
      title,
      name: `${title} [${target}]`,
      target,
      body,
      failing: !!opts.failing,
      timeoutMs: opts.timeoutMs ?? 60_000,
      started: false,
      outcome,
      settle,
    };
    plan.push(p);
    (p.failing ? test.failing : test)(p.name, () => startScenario(p), 300_000);
  }
}

/** Starts the scenario in every lab (this test's and its later siblings'), and waits for this lab's run. */
function startScenario(p: Planned): Promise<void> {
  if (setupError) throw setupError;
  for (const q of plan) if (q.title === p.title && (q === p || q.index > p.index) && !q.started) void runScenario(q);
  return p.outcome;
}

/** Reads the state global setup wrote: the labs are up and prepared, the conversions done. */
async function loadWorlds(): Promise<void> {
  try {
    const state = readState();
    for (const target of TARGETS) {
      const s = state.labs[target];
      const lab = new Lab(s.name);
      lab.pid = s.pid;
      worlds.set(target, {
        lab,
        probes: new Probes(lab),
        conv: state.conversions[target],
        ids: s.ids,
        fqdn: s.fqdn,
        hostname: s.hostname,
      });
    }
  } catch (e) {
    setupError = e instanceof Error ? e : new Error(String(e));
    throw e;
  }
}

/** Waits for every started scenario, so no lab is still busy when the next file begins. */
async function settleAll(): Promise<void> {
  await Promise.all(plan.filter((p) => p.started).map((p) => p.outcome.catch(() => undefined)));
}

/** Queues the scenario behind the last one of its lab. */
function runScenario(p: Planned): Promise<void> {
  p.started = true;
  const next = (labQueue.get(p.target) ?? Promise.resolve()).then(() => runInLab(p));
  labQueue.set(p.target, next);
  return next;
}

/** Runs the body with its timeout, cleans up, records the row, and settles the test's outcome. */
async function runInLab(p: Planned): Promise<void> {
  const t0 = Date.now();
  let c: Ctx | undefined;
  let error: unknown;
  try {
    c = ctxFor(p.target);
    await withTimeout(p.body(c), p.timeoutMs);
  } catch (e) {
    error = e ?? new Error('failed');
  }
  const ms = Date.now() - t0;
  try {
    if (c) await cleanup(c);
  } catch (e) {
    error ??= e;
  }
  const ok = error === undefined;
  recordResult({
    file: expect.getState().testPath ?? '',
    index: p.index,
    name: p.name,
    failing: p.failing,
    ok,
    ms,
    error: ok ? undefined : oneLine(error),
  });
  p.settle(error);
}

/** Rejects when the promise has not settled after ms (the body goes on; its lab's queue does not wait). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`scenario timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A fresh context for one scenario in one lab: it remembers what to undo. */
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
      const units = Object.fromEntries(Object.entries(files).filter(([n]) => !n.endsWith('.sh')));
      for (const n of Object.keys(units)) touched.add(n.includes('@.') ? n.replace('@.', '@*.') : n);
      // helper scripts (--scripts files) go where the units run them from
      for (const [n, text] of Object.entries(files))
        if (n.endsWith('.sh')) await w.lab.installFile(`${SCRIPT_DIR}/${n}`, text, '0755');
      await w.lab.install(units);
    },
    enable: async (unit, now = false) => {
      enabled.add(unit);
      touched.add(unit);
      const r = await w.lab.systemctl(['enable', ...(now ? ['--now'] : []), unit]);
      if (r.code !== 0) throw new Error(`systemctl enable ${unit}: ${r.stderr}`);
    },
  };
}

/** Disables, stops and resets what the scenario touched, so the next one starts from a quiet lab. */
async function cleanup(c: Ctx): Promise<void> {
  const units = [...c.touched];
  if (c.enabled.size) await c.lab.systemctl(['disable', ...c.enabled]);
  if (units.length) await c.lab.systemctl(['stop', ...units], { timeoutMs: 30_000 });
  await c.lab.systemctl(['reset-failed']);
}

/** An error's message in one line for the table: its first lines (a matcher's Expected/Received), colours stripped. */
function oneLine(e: unknown): string {
  const lines = String(e instanceof Error ? e.message : e)
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(0, 3).join(' · ').slice(0, 300);
}
