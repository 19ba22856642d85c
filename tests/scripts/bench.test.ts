/**
 * The inputs and the arithmetic of `npm run bench` (scripts/bench.js, scripts/bench-generate.js):
 * three generated jobs parse as the shape the issue names, their SysV twins carry the Debian
 * skeleton's LSB header and rc?.d links, systemd-sysv-generator turns them into three units (where
 * it is installed), and the options and verdicts are what the docs say. The bench itself is not run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJob } from '../../src/upstart/parser';
import { tempDir } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript scripts, loaded by path
const gen = require('../../scripts/bench-generate.js') as {
  SYSV_GENERATOR: string;
  service(i: number): { name: string; user: string; rundir: string };
  upstartJob(i: number): string;
  sysvScript(i: number): string;
  writeUpstartJobs(dir: string, n: number): string[];
  writeSysvScripts(root: string, n: number): { initPath: string; rcndPath: string };
  runGenerator(sysv: { initPath: string; rcndPath: string }, out: string): { status: number | null; stderr: string };
  unitFiles(dir: string): string[];
};

/** A measurement as scripts/bench.js keeps it (only the fields the verdicts read). */
interface Run {
  ms: number;
  rssMB: number | null;
  exit: number;
  units: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript scripts, loaded by path
const bench = require('../../scripts/bench.js') as {
  parseOptions(argv: string[]): { sizes: number[]; repeat: number; runs: number; skipProfile: boolean; json: boolean };
  measure(
    method: string,
    cmd: string,
    args: string[],
    o: { log: string },
  ): { ms: number; cpuMs: number | null; rssMB: number | null; exit: number };
  median(xs: number[]): number;
  medianRun(runs: Array<Run | null>): (Run & { allMs: number[] }) | null;
  voidReason(who: string, r: Run, n: number): string | null;
  targets(result: unknown): { target: string; value: number | null; verdict: string }[];
};

const tmp = tempDir('u2s-bench-test-');
const N = 3;

describe('the generated Upstart jobs', () => {
  it('parse into the shape the issue names: start on, respawn limit, setuid, env, pre-start script, exec', () => {
    const names = gen.writeUpstartJobs(tmp.path, N);
    expect(names).toHaveLength(N);
    for (const name of names) {
      const file = path.join(tmp.path, `${name}.conf`);
      const { job, diagnostics } = parseJob(fs.readFileSync(file, 'utf8'), { file });
      expect(diagnostics).toEqual([]);
      expect(job?.name).toBe(name);
      expect(job?.start_on).toBeDefined();
      expect(job?.respawn_limit?.value).toEqual({ count: 10, interval: 5, unlimited: false });
      expect(job?.setuid?.value).toBe(gen.service(names.indexOf(name)).user);
      expect(job?.env.map((e) => e.value.split('=')[0])).toEqual(['DAEMON', 'CONFIG', 'RUNDIR']);
      expect(job?.process['pre-start']?.value.kind).toBe('script');
      expect(job?.process['pre-start']?.value.text).toContain(`mkdir -p /var/run/${name}`);
      expect(job?.process.main?.value.kind).toBe('exec');
    }
  });

  it('are the same text on every run, and name a different service and runtime folder each', () => {
    expect(gen.upstartJob(7)).toBe(gen.upstartJob(7));
    expect(gen.sysvScript(7)).toBe(gen.sysvScript(7));
    const services = Array.from({ length: 40 }, (_, i) => gen.service(i));
    expect(new Set(services.map((s) => s.name)).size).toBe(40);
    expect(new Set(services.map((s) => s.rundir)).size).toBe(40);
  });
});

describe('the generated SysV init scripts', () => {
  it("carry the Debian skeleton's LSB header, are executable, linked from rc2-5.d (S) and rc0, 1, 6.d (K)", () => {
    const sysv = gen.writeSysvScripts(tmp.path, N);
    for (let i = 0; i < N; i++) {
      const { name } = gen.service(i);
      const script = path.join(sysv.initPath, name);
      const text = fs.readFileSync(script, 'utf8');
      expect(text).toMatch(/^#!\/bin\/sh\n### BEGIN INIT INFO\n# Provides: +(\S+)\n/);
      expect(text).toContain(`# Provides:          ${name}\n`);
      expect(text).toContain('# Default-Start:     2 3 4 5\n');
      expect(text).toContain('start-stop-daemon --start');
      expect(fs.statSync(script).mode & 0o111).toBe(0o111);
      for (const level of ['2', '3', '4', '5'])
        expect(fs.readlinkSync(path.join(sysv.rcndPath, `rc${level}.d`, `S01${name}`))).toBe(`../init.d/${name}`);
      for (const level of ['0', '1', '6'])
        expect(fs.readlinkSync(path.join(sysv.rcndPath, `rc${level}.d`, `K01${name}`))).toBe(`../init.d/${name}`);
    }
  });

  const generator = fs.existsSync(gen.SYSV_GENERATOR);
  if (!generator) {
    if (process.env.CI === 'true') throw new Error(`CI=true needs ${gen.SYSV_GENERATOR} (Debian package systemd)`);
    process.stderr.write(`skipped the systemd-sysv-generator test: ${gen.SYSV_GENERATOR} is not installed\n`);
  }
  (generator ? it : it.skip)('become one unit each through systemd-sysv-generator, read from the paths given', () => {
    const sysv = gen.writeSysvScripts(path.join(tmp.path, 'sysv'), N);
    const out = path.join(tmp.path, 'out');
    const r = gen.runGenerator(sysv, out);
    expect(r.status).toBe(0);
    const names = Array.from({ length: N }, (_, i) => `${gen.service(i).name}.service`).sort();
    expect(gen.unitFiles(out)).toEqual(names);
    const unit = fs.readFileSync(path.join(out, names[0]), 'utf8');
    expect(unit).toContain(`ExecStart=${path.join(sysv.initPath, names[0].replace(/\.service$/, ''))} start`);
  });
});

describe('the options of npm run bench', () => {
  it('default to 1k, 10k and 50k jobs once each and 15 start-up runs, with the profile, as text', () => {
    expect(bench.parseOptions([])).toEqual({
      sizes: [1000, 10000, 50000],
      repeat: 1,
      runs: 15,
      skipProfile: false,
      json: false,
      help: false,
    });
  });

  it('take --sizes, --repeat, --runs (also as --name=value), --skip-profile and --json', () => {
    const o = bench.parseOptions(['--sizes', '1000,10000', '--repeat', '3', '--runs=21', '--skip-profile', '--json']);
    expect(o).toMatchObject({ sizes: [1000, 10000], repeat: 3, runs: 21, skipProfile: true, json: true });
  });

  it.each([
    ['an exponent', ['--sizes', '1e3']],
    ['a trailing LF', ['--sizes', '1000\n']],
    ['a trailing CR', ['--sizes', '10\r']],
    ['a negative size', ['--sizes', '-5']],
    ['an empty size', ['--sizes', '1,,2']],
    ['a command substitution', ['--sizes', '$(id)']],
    ['a per cent sign', ['--sizes', '100%']],
    ['quotes', ['--sizes', '"1000"']],
    ['a trailing backslash', ['--sizes', '1000\\']],
    ['a 5,000-digit size', ['--sizes', '9'.repeat(5000)]],
    ['an escape sequence', ['--sizes', '\u001b[2J1000']],
    ['no runs', ['--runs', '0']],
    ['no repeat', ['--repeat', '0']],
    ['a hundred repeats', ['--repeat', '100']],
    ['empty runs', ['--runs', '']],
    ['a value on a switch', ['--json=yes']],
    ['a missing value', ['--sizes']],
    ['an unknown option', ['--frobnicate\n' + 'x'.repeat(5000)]],
  ])('refuse %s, naming the argument in one short line of plain characters', (_label, argv) => {
    let message = '';
    try {
      bench.parseOptions(argv);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^(--sizes|--repeat|--runs|unknown argument)/);
    expect(message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(message.length).toBeLessThan(120);
  });
});

describe('a measurement of npm run bench', () => {
  const methods = [
    ['GNU time', 'time', fs.existsSync('/usr/bin/time')],
    ['python3 os.wait4', 'python3', spawnSync('python3', ['-c', 'import os; os.wait4']).status === 0],
  ] as const;
  it.each(methods)('through %s: wall and CPU time, peak RSS and the exit code of the child', (_label, method, here) => {
    if (!here) return void process.stderr.write(`skipped the ${method} measurement: not installed here\n`);
    const log = path.join(tmp.path, 'log');
    // a child that takes 20 MB and some CPU, says something and exits 3
    const script =
      'const b = Buffer.alloc(20e6, 1); let x = 0; for (let i = 0; i < 2e7; i++) x += b[i % 1000]; ' +
      "console.log('out'); console.error('err'); process.exit(3);";
    const r = bench.measure(method, process.execPath, ['-e', script], { log });
    expect(r.exit).toBe(3);
    expect(r.rssMB).toBeGreaterThan(20);
    expect(r.cpuMs).not.toBeNull();
    expect(r.ms).toBeGreaterThan(0);
    expect(fs.readFileSync(log, 'utf8')).toBe('out\nerr\n');
  });

  it('without a way to read RSS: the wall time and the exit code only', () => {
    const r = bench.measure('none', '/bin/sh', ['-c', 'exit 2'], { log: path.join(tmp.path, 'log') });
    expect(r).toMatchObject({ cpuMs: null, rssMB: null, exit: 2 });
  });
});

describe('the verdicts of npm run bench', () => {
  const run = (ms: number, rssMB: number, units = 10000): Run => ({ ms, rssMB, exit: 0, units });

  it('take the median of the start-up runs', () => {
    expect(bench.median([5, 1, 3])).toBe(3);
    expect(bench.median([4, 1, 3, 2])).toBe(2.5);
  });

  it('take the median of repeated runs by wall time (the faster middle one of an even count), keeping every time', () => {
    expect(bench.medianRun([run(9, 1), run(7, 2), run(8, 3)])).toMatchObject({ ms: 8, rssMB: 3, allMs: [9, 7, 8] });
    expect(bench.medianRun([run(9, 1), run(7, 2)])).toMatchObject({ ms: 7, allMs: [9, 7] });
    expect(bench.medianRun([run(9, 1), null])).toBeNull();
    expect(bench.medianRun([])).toBeNull();
  });

  it('call a run void when it failed or wrote another number of units than jobs', () => {
    expect(bench.voidReason('convert', run(1, 1), 10000)).toBeNull();
    expect(bench.voidReason('convert', { ...run(1, 1), exit: 1 }, 10000)).toBe('convert exited 1');
    expect(bench.voidReason('convert', run(1, 1, 9999), 10000)).toBe('convert wrote 9999 units, not 10000');
  });

  it('say PASS within a limit, FAIL beyond it and n/a for what was not measured or is void', () => {
    const result = {
      sizes: [
        { jobs: 10000, ours: run(800, 140), generator: run(1000, 10), ratio: 0.8, void: [] },
        { jobs: 50000, ours: run(6000, 500), generator: run(5000, 10), ratio: 1.2, void: ['x'] },
      ],
      scaling: null,
      startup: { ratio: { version: 1.6, oneJob: 2.0 } },
      profile: null,
    };
    expect(bench.targets(result).map((t) => [t.target, t.verdict])).toEqual([
      ['10k jobs: time ÷ systemd-sysv-generator', 'PASS'],
      ['50k jobs: time ÷ the 10k time', 'n/a'],
      ['start-up: --version ÷ node -e 0', 'FAIL'],
      ['start-up: one-job convert ÷ node -e 0', 'PASS'],
      ['peak RSS at 10k jobs', 'PASS'],
      ['peak RSS at 50k jobs', 'n/a'],
      ['10k jobs: --profile recommended ÷ none', 'n/a'],
    ]);
  });
});
