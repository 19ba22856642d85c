#!/usr/bin/env node
// `npm run bench`: our CLI against systemd's own C converter, in one run (issue 15). For N = 1k,
// 10k and 50k services it generates N Upstart jobs and the same N services as SysV init scripts
// (scripts/bench-generate.js), then times `convert DIR --out OUT --force` and
// `systemd-sysv-generator OUT OUT OUT`: wall time, µs per job, peak RSS, the ratio; then start-up
// (`--version`, `--help`, a one-job convert against `node -e 0`); then 10k jobs with
// `--profile recommended` against without; then the "Done when" targets, PASS or FAIL.
// Measures only: exit 0 whatever the verdicts, 1 when a measurement is void (a child failed or
// wrote the wrong number of units), 2 on a usage error.
// Usage: npm run bench [-- [--sizes 1000,10000,50000] [--repeat 1] [--runs 15] [--skip-profile] [--json]]
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const gen = require('./bench-generate.js');
const report = require('./bench-report.js');

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'bin', 'upstart2systemd.js');
/** The batch size of the ratio targets and of the profile comparison. */
const TEN_K = 10000;
const FIFTY_K = 50000;
const USAGE = 'usage: node scripts/bench.js [--sizes N,N,...] [--repeat N] [--runs N] [--skip-profile] [--json]';

/** An argument as an error message shows it: JSON-quoted (control characters escaped), cut at 40 characters. */
function shown(text) {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** The options of the command line; throws an Error naming the bad argument. */
function parseOptions(argv) {
  const opts = { sizes: [1000, TEN_K, FIFTY_K], repeat: 1, runs: 15, skipProfile: false, json: false, help: false };
  const count = (name, text, max) => {
    if (!/^[1-9][0-9]{0,6}$/.test(text ?? '') || Number(text) > max)
      throw new Error(`--${name}: expected a whole number from 1 to ${max}, got ${shown(text ?? '')}`);
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--sizes')
      opts.sizes = String(value() ?? '')
        .split(',')
        .map((s) => count('sizes', s, 1000000));
    else if (flag === '--runs') opts.runs = count('runs', value(), 1000);
    else if (flag === '--repeat') opts.repeat = count('repeat', value(), 99);
    else if (flag === '--skip-profile' && inline === undefined) opts.skipProfile = true;
    else if (flag === '--json' && inline === undefined) opts.json = true;
    else if ((flag === '--help' || flag === '-h') && inline === undefined) opts.help = true;
    else throw new Error(`unknown argument ${shown(argv[i])}`);
  }
  return opts;
}

/** How a child's peak RSS is read here: GNU time (Debian package `time`), else python3's wait4, else not. */
function rssMethod() {
  if (fs.existsSync('/usr/bin/time')) return 'time';
  if (spawnSync('python3', ['-c', 'import os; os.wait4'], { stdio: 'ignore' }).status === 0) return 'python3';
  return 'none';
}

/** A python3 program that runs argv[2:] and writes "MAXRSS_KIB EXIT USER_S SYS_S" to argv[1] (wait4's rusage). */
const WAIT4 =
  'import os, sys\npid = os.fork()\nif pid == 0:\n    os.execvp(sys.argv[2], sys.argv[2:])\n' +
  '_, status, ru = os.wait4(pid, 0)\nopen(sys.argv[1], "w").write("%d %d %.2f %.2f\\n" % (ru.ru_maxrss, ' +
  'os.waitstatus_to_exitcode(status), ru.ru_utime, ru.ru_stime))\n';

/**
 * Runs `cmd args` once with stdout and stderr into `log`: wall time (ms, around the child and its
 * tiny RSS wrapper), CPU time (user + system, ms), peak RSS in MB (10^6 bytes) and the exit code.
 * CPU time and RSS are null when they cannot be read; CPU time suffers less from a busy machine.
 */
function measure(method, cmd, args, { env = process.env, log }) {
  const rssFile = `${log}.rss`;
  const [file, argv] =
    method === 'time'
      ? ['/usr/bin/time', ['-f', '%M %x %U %S', '-o', rssFile, cmd, ...args]]
      : method === 'python3'
        ? ['python3', ['-c', WAIT4, rssFile, cmd, ...args]]
        : [cmd, args];
  const fd = fs.openSync(log, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, { env, stdio: ['ignore', fd, fd] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(fd);
  const line = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop() : '';
  const m = /^(\d+) (-?\d+) ([\d.]+) ([\d.]+)$/.exec(line ?? '');
  if (!m) return { ms, cpuMs: null, rssMB: null, exit: r.status ?? -1 };
  return { ms, cpuMs: (Number(m[3]) + Number(m[4])) * 1000, rssMB: (Number(m[1]) * 1024) / 1e6, exit: Number(m[2]) };
}

/** Runs `cmd args` with no output and no wrapper; its wall time in ms. */
function wall(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited ${r.status ?? r.signal}`);
  return ms;
}

/** The middle value (the mean of the middle two for an even count). */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Counts what our convert wrote into OUT (--layout root): units, helper scripts, plan files. */
function ourFiles(out) {
  const list = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  return {
    units: gen.unitFiles(path.join(out, 'etc', 'systemd', 'system')).length,
    helperScripts: list(path.join(out, 'usr', 'local', 'lib', 'upstart2systemd')).length,
    planFiles: list(path.join(out, 'var', 'lib', 'upstart2systemd', 'migration')).sort(),
  };
}

/** Counts what systemd-sysv-generator wrote into OUT: units, and the links of the .wants folders. */
function generatorFiles(out) {
  const wants = fs.existsSync(out) ? fs.readdirSync(out).filter((d) => d.endsWith('.wants')) : [];
  const links = wants.reduce((k, d) => k + fs.readdirSync(path.join(out, d)).length, 0);
  return { units: gen.unitFiles(out).length, wantsLinks: links };
}

/** Runs our convert over `dir` into a fresh `out` (with `extra` options); the measurement and what it wrote. */
function runOurs(ctx, dir, out, extra = []) {
  const log = `${out}.log`;
  const r = measure(ctx.method, process.execPath, [cli, 'convert', dir, '--out', out, '--force', ...extra], { log });
  const text = fs.readFileSync(log, 'utf8');
  const summary = (text.split('\n').find((l) => /^\d+ jobs? for /.test(l)) ?? '').trim();
  const scored = (text.match(/: exposure \S+ → \S+ \(systemd-analyze security\)$/gm) ?? []).length;
  return { ...r, ...ourFiles(out), summary, scored };
}

/** Runs systemd-sysv-generator over the scripts into a fresh `out`; the measurement and what it wrote. */
function runGenerator(ctx, sysv, out) {
  fs.mkdirSync(out);
  const env = gen.generatorEnv(sysv.initPath, sysv.rcndPath);
  const r = measure(ctx.method, gen.SYSV_GENERATOR, gen.generatorArgs(out), { env, log: `${out}.log` });
  return { ...r, ...generatorFiles(out) };
}

/** Why a measurement of `n` units cannot be compared (a failed child, a missing unit), or null. */
function voidReason(who, r, n) {
  if (r.exit !== 0) return `${who} exited ${r.exit}`;
  if (r.units !== n) return `${who} wrote ${r.units} units, not ${n}`;
  return null;
}

/**
 * The median run of `runs` by wall time (the middle one; of an even count, the faster of the two
 * middle ones), with the wall times of all of them; null when there are none.
 */
function medianRun(runs) {
  if (!runs.length || runs.some((r) => r === null)) return null;
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return { ...sorted[(sorted.length - 1) >> 1], allMs: runs.map((r) => r.ms) };
}

/**
 * One size: generate both inputs, run the generator and ours `--repeat` times in turns (each into
 * a fresh folder, so that a busy moment falls on both alike), check each wrote n units; the median
 * run of each side.
 */
function sizeRound(ctx, n) {
  const base = path.join(ctx.work, `n${n}`);
  const jobs = path.join(base, 'jobs');
  gen.writeUpstartJobs(jobs, n);
  const sysv = ctx.hasGenerator ? gen.writeSysvScripts(path.join(base, 'sysv'), n) : null;
  const runs = { ours: [], generator: [] };
  const reasons = [];
  for (let k = 0; k < ctx.opts.repeat; k++) {
    const g = sysv ? runGenerator(ctx, sysv, path.join(base, `gen${k}`)) : null;
    const o = runOurs(ctx, jobs, path.join(base, `out${k}`));
    reasons.push(voidReason('convert', o, n), g && voidReason('systemd-sysv-generator', g, n));
    runs.ours.push(o);
    runs.generator.push(g);
    for (const d of [`gen${k}`, `out${k}`]) fs.rmSync(path.join(base, d), { recursive: true, force: true });
  }
  const ours = medianRun(runs.ours);
  const generator = medianRun(runs.generator);
  const per = (r) => r && { ...r, usPerJob: (r.ms * 1000) / n };
  const row = { jobs: n, ours: per(ours), generator: per(generator), ratio: generator ? ours.ms / generator.ms : null };
  row.runs = ctx.opts.repeat;
  row.void = [...new Set(reasons.filter(Boolean))];
  if (n === TEN_K && !ctx.opts.skipProfile) ctx.tenKJobs = jobs;
  fs.rmSync(path.join(base, 'sysv'), { recursive: true, force: true });
  if (ctx.tenKJobs !== jobs) fs.rmSync(base, { recursive: true, force: true });
  return row;
}

/** Start-up: each command `runs` times, interleaved so that noise falls on all alike; medians in ms. */
function startup(ctx) {
  const one = path.join(ctx.work, 'one');
  gen.writeUpstartJobs(one, 1);
  const cases = {
    node: () => [process.execPath, ['-e', '0']],
    version: () => [process.execPath, [cli, '--version']],
    help: () => [process.execPath, [cli, '--help']],
    oneJob: (k) => [process.execPath, [cli, 'convert', one, '--out', path.join(ctx.work, `one-out-${k}`), '--force']],
  };
  const times = Object.fromEntries(Object.keys(cases).map((c) => [c, []]));
  for (let k = 0; k < ctx.opts.runs; k++)
    for (const [c, argv] of Object.entries(cases)) {
      times[c].push(wall(...argv(k)));
      fs.rmSync(path.join(ctx.work, `one-out-${k}`), { recursive: true, force: true });
    }
  const ms = Object.fromEntries(Object.entries(times).map(([c, t]) => [c, median(t)]));
  return { runs: ctx.opts.runs, ms, ratio: Object.fromEntries(Object.entries(ms).map(([c, t]) => [c, t / ms.node])) };
}

/** 10k jobs converted without a profile and with `--profile recommended` (exposure scores), back to back. */
function profileRound(ctx) {
  let jobs = ctx.tenKJobs;
  if (!jobs) gen.writeUpstartJobs((jobs = path.join(ctx.work, 'profile-jobs')), TEN_K);
  const without = runOurs(ctx, jobs, path.join(ctx.work, 'profile-without'));
  const withProfile = runOurs(ctx, jobs, path.join(ctx.work, 'profile-with'), ['--profile', 'recommended']);
  const reasons = [
    voidReason('convert', without, TEN_K),
    voidReason('convert --profile recommended', withProfile, TEN_K),
  ];
  if (withProfile.scored !== TEN_K) reasons.push(`${withProfile.scored} of ${TEN_K} units got an exposure score`);
  for (const d of ['profile-without', 'profile-with'])
    fs.rmSync(path.join(ctx.work, d), { recursive: true, force: true });
  return { jobs: TEN_K, without, with: withProfile, ratio: withProfile.ms / without.ms, void: reasons.filter(Boolean) };
}

/** The "Done when" lines: each limit, the measured value (null: not measured or void) and the verdict. */
function targets(result) {
  const size = (n) => result.sizes.find((s) => s.jobs === n && s.void.length === 0);
  const ten = size(TEN_K);
  const fifty = size(FIFTY_K);
  const scale = result.scaling;
  const st = result.startup;
  const pr = result.profile && result.profile.void.length === 0 ? result.profile : null;
  const rows = [
    ['10k jobs: time ÷ systemd-sysv-generator', 1.0, '×', ten?.ratio],
    ['50k jobs: time ÷ the 10k time', 5.5, '×', scale?.ours],
    ['start-up: --version ÷ node -e 0', 1.5, '×', st?.ratio.version],
    ['start-up: one-job convert ÷ node -e 0', 2.0, '×', st?.ratio.oneJob],
    ['peak RSS at 10k jobs', 150, ' MB', ten?.ours.rssMB],
    ['peak RSS at 50k jobs', 400, ' MB', fifty?.ours.rssMB],
    ['10k jobs: --profile recommended ÷ none', 2.0, '×', pr?.ratio],
  ];
  return rows.map(([target, limit, unit, value]) => ({
    target,
    limit,
    unit: unit.trim(),
    value: value ?? null,
    verdict: value === null || value === undefined ? 'n/a' : value <= limit ? 'PASS' : 'FAIL',
  }));
}

/** The facts of this machine and run that the numbers depend on. */
function machine(method) {
  const systemd = spawnSync('systemctl', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  return {
    node: process.version,
    systemd: systemd.trim() || null,
    cpus: os.cpus().length,
    loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
    rss: method === 'time' ? '/usr/bin/time' : method === 'python3' ? 'python3 os.wait4' : null,
    tmp: os.tmpdir(),
  };
}

/** Runs the benchmark the command line asks for; the exit code. */
function main(argv) {
  let opts;
  try {
    opts = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`bench: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) return (console.log(USAGE), 0);
  const method = rssMethod();
  const ctx = { opts, method, work: fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-bench-')) };
  ctx.hasGenerator = fs.existsSync(gen.SYSV_GENERATOR);
  // text: each part as soon as it is measured; JSON: one object at the end, progress on stderr
  const say = opts.json ? (_text, note) => process.stderr.write(`bench: ${note}\n`) : (text) => console.log(text);
  const result = { machine: machine(method), generator: ctx.hasGenerator ? gen.SYSV_GENERATOR : null, sizes: [] };
  try {
    say(report.header(result, opts), 'start');
    for (const n of opts.sizes) {
      const row = sizeRound(ctx, n);
      result.sizes.push(row);
      say(report.sizeRow(row, result.sizes.length === 1), `${n} jobs measured`);
    }
    result.scaling = scaling(result.sizes);
    say(report.sizesFooter(result), 'sizes done');
    result.startup = startup(ctx);
    say(report.startup(result.startup), 'start-up measured');
    result.profile = opts.skipProfile ? null : profileRound(ctx);
    if (result.profile) say(report.profile(result.profile), 'profile measured');
  } finally {
    fs.rmSync(ctx.work, { recursive: true, force: true });
  }
  result.targets = targets(result);
  result.void = [...result.sizes.flatMap((s) => s.void), ...(result.profile?.void ?? [])];
  if (opts.json) console.log(JSON.stringify(result, null, 2));
  else console.log(report.targets(result));
  return result.void.length ? 1 : 0;
}

/** Our time and the generator's at 50k jobs over their times at 10k, when both sizes were measured. */
function scaling(sizes) {
  const ten = sizes.find((s) => s.jobs === TEN_K && s.void.length === 0);
  const fifty = sizes.find((s) => s.jobs === FIFTY_K && s.void.length === 0);
  if (!ten || !fifty) return null;
  const generator = ten.generator && fifty.generator ? fifty.generator.ms / ten.generator.ms : null;
  return { from: TEN_K, to: FIFTY_K, ours: fifty.ours.ms / ten.ours.ms, generator };
}

module.exports = { parseOptions, measure, median, medianRun, targets, voidReason, scaling, TEN_K, FIFTY_K };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
