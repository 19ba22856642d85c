#!/usr/bin/env node
// Scale benchmark: runs the real CLI (`convert DIR --out OUT`) over generated batches of 1k, 10k
// and 100k jobs that share events, and over single jobs of 100,000 stanzas of one kind each, and
// prints wall time, µs per job (or per stanza) and the child's peak RSS. Asserts nothing; the
// numbers say whether time grows linearly (100k jobs should take at most ~12x the 10k time).
// Usage: npm run bench:scale [-- [--sizes 1000,10000,100000] [--stanzas 100000] [--only batch|single]
//                                 [--kinds env,export,emits,limit,cgroup,normal-exit,start-on-or,start-on-nested]
//                                 [--args "--profile recommended"]]
// --args adds options to each `convert` (e.g. a profile, whose exposure scoring is then timed too).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'bin', 'upstart2systemd.js');

/** The value of `--name VALUE` on the command line, or the default. */
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const sizes = option('sizes', '1000,10000,100000').split(',').map(Number);
const stanzas = Number(option('stanzas', '100000'));
const only = option('only', '');
const kinds = option('kinds', '');
const extra = option('args', '').split(' ').filter(Boolean);

/**
 * Job `i` of a batch: every job follows `common`; jobs 0-6 emit a custom event each (from a script
 * and an `emits` stanza) and every tenth job waits for one of them; /tmp lock files are shared by
 * pairs of jobs. What the jobs share stays the same size per job as the batch grows, so the output
 * grows linearly and so should the time.
 */
function batchJob(i) {
  const name = `job${i}`;
  const custom = `ev-${i % 7}`;
  const lines = [
    `description "generated job ${i}"`,
    i % 10 === 3 ? `start on ${custom} or started common` : 'start on started common',
    i % 3 === 0 ? 'stop on stopping common or runlevel [!2345]' : 'stop on runlevel [!2345]',
    `env NAME=${name}`,
    'env LOGLEVEL=info',
    i < 7 ? `emits ${custom}` : '',
    'respawn',
    'respawn limit 10 5',
    'normal exit 0 TERM',
    'limit nofile 4096 8192',
    'pre-start script',
    `  mkdir -p /var/run/${name}`,
    `  touch /tmp/pair-${i >> 1}.lock`,
    'end script',
    i < 7 ? `post-start exec initctl emit --no-wait ${custom}` : '',
    `exec /usr/sbin/daemon-${i % 50} --pidfile /run/${name}/pid --name ${name}`,
  ];
  return lines.filter(Boolean).join('\n') + '\n';
}

/** A batch of `n` jobs plus the `common` job they all follow. */
function writeBatch(dir, n) {
  fs.writeFileSync(path.join(dir, 'common.conf'), 'start on runlevel [2345]\nexec /usr/sbin/commond\n');
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `job${i}.conf`), batchJob(i));
}

/** A short, distinct name for item `i`: a letter, then letters and digits (3 characters below 201,396). */
function shortName(i) {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const abc = letters + '0123456789';
  let s = letters[i % letters.length];
  for (let k = Math.floor(i / letters.length); k > 0; k = Math.floor((k - 1) / abc.length))
    s += abc[(k - 1) % abc.length];
  return s;
}

/** The job file's limit (src/read/files.ts MAX_JOB_BYTES): a generated job stays under it. */
const MAX_BYTES = 1024 * 1024 - 64;

/** Single jobs of (up to) `n` stanzas or values of one kind: each yields the text of item `i`. */
const SINGLE = {
  env: { each: (i) => `env ${shortName(i)}=1\n` },
  export: { head: 'env A=1\n', each: (i) => `${i % 500 ? ' ' : i ? '\nexport ' : 'export '}${shortName(i)}` },
  emits: { each: (i) => `${i % 500 ? ' ' : i ? '\nemits ' : 'emits '}${shortName(i)}` },
  limit: { each: (i) => `limit ${['as', 'rss', 'core', 'nice'][i % 4]} ${i % 10} ${i % 10}\n` },
  cgroup: { each: (i) => `cgroup cpu ${shortName(i)}\n` },
  'normal-exit': { each: (i) => `${i % 500 ? ' ' : i ? '\nnormal exit ' : 'normal exit '}${i % 256}` },
  'start-on-or': { head: 'start on e', each: (i) => ` or e${shortName(i)}` },
  'start-on-nested': {
    head: 'start on ',
    each: (i) => `e${shortName(i)} and (`,
    close: ')', // each item's closing parenthesis, written after the last item
    tail: 'z',
  },
};

/** The text of a single job of `n` items of a kind, cut where the file would pass the size limit; and the count. */
function singleJob(kind, n) {
  const { head = '', each, close = '', tail = '' } = SINGLE[kind];
  const parts = [head];
  let bytes = head.length + tail.length + 32;
  let i = 0;
  for (; i < n; i++) {
    const part = each(i);
    if (bytes + part.length + close.length > MAX_BYTES) break;
    bytes += part.length + close.length;
    parts.push(part);
  }
  return { text: parts.join('') + tail + close.repeat(i) + '\nexec /bin/sleep 1\n', count: i };
}

/** Runs the CLI over `dir` and returns wall time (ms), peak RSS (MiB) and the exit code. */
function run(dir, out) {
  const args = [cli, 'convert', dir, '--out', out, ...extra];
  const timeV = fs.existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = timeV
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, ['--require', rssHook(), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = timeV
    ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN)
    : Number(/^u2s-bench-maxrss (\d+)$/m.exec(r.stderr)?.[1] ?? NaN);
  const code = timeV ? Number(/Exit status: (\d+)/.exec(r.stderr)?.[1] ?? r.status) : r.status;
  // the summary: `N jobs for TARGET (systemd V): …`
  const lastLine = (r.stderr.split('\n').find((l) => /^\d+ jobs? for /.test(l)) ?? '').trim();
  const scored = (r.stderr.match(/: exposure \S+ → \S+ \(systemd-analyze security\)$/gm) ?? []).length;
  return { ms, rss: kb / 1024, code, summary: scored ? `${scored} exposure lines; ${lastLine}` : lastLine };
}

/** A preload module that prints the process's peak RSS when it exits (used without /usr/bin/time). */
function rssHook() {
  const file = path.join(os.tmpdir(), 'u2s-bench-rss.js');
  fs.writeFileSync(
    file,
    "process.on('exit', () => process.stderr.write(`\\nu2s-bench-maxrss ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  return file;
}

/** One result line. */
function report(label, count, unit, r) {
  console.log(
    `${label.padEnd(30)} ${(r.ms / 1000).toFixed(2).padStart(8)} s ${((r.ms * 1000) / count).toFixed(1).padStart(9)} µs/${unit} ` +
      `${r.rss.toFixed(0).padStart(6)} MiB peak  exit ${r.code}  ${r.summary}`,
  );
}

/** Runs the benchmarks asked for on the command line. */
function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-bench-'));
  try {
    const times = new Map();
    if (only !== 'single') {
      for (const n of sizes) {
        const dir = path.join(work, `batch-${n}`);
        fs.mkdirSync(dir);
        writeBatch(dir, n);
        const r = run(dir, path.join(work, `out-${n}`));
        times.set(n, r.ms);
        report(`batch ${n} jobs`, n + 1, 'job', r);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(path.join(work, `out-${n}`), { recursive: true, force: true });
      }
      for (const n of sizes)
        if (times.has(n * 10))
          console.log(`scaling ${n} → ${n * 10} jobs: ×${(times.get(n * 10) / times.get(n)).toFixed(1)} time`);
    }
    if (only !== 'batch') {
      for (const kind of Object.keys(SINGLE).filter((k) => !kinds || kinds.split(',').includes(k))) {
        const dir = path.join(work, `single-${kind}`);
        fs.mkdirSync(dir);
        const { text, count } = singleJob(kind, stanzas);
        fs.writeFileSync(path.join(dir, 'big.conf'), text);
        const r = run(dir, path.join(work, `out-${kind}`));
        report(`one job, ${count} ${kind}`, count, 'item', r);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();

module.exports = { batchJob, writeBatch };
