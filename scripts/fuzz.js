#!/usr/bin/env node
// Fuzzes the whole pipeline in-process (`npm run fuzz -- --count N`): random bytes, mutations of
// the example and corpus jobs, grammar-generated jobs with hostile values and file names, and
// mutated profiles, each loaded, parsed, converted, hardened and rendered for a random target.
// It exits non-zero on any throw, any input slower than 1 s (or hung), any internal/* diagnostic
// and any broken invariant of an emitted file (brokenInvariants below: no raw CR or NUL, no line
// continued by a trailing backslash, read back by our unit reader with no complaint and with the
// model's entries; helper scripts' headers stay comments). Inputs derive from
// (seed, index), so `--seed S --only I` replays one; failing inputs are saved with --save DIR.
//
// Options: --count N (default 20000), --seed S (default 1), --workers W (default: CPUs),
// --only I, --slow-ms MS (default 1000), --save DIR (default /tmp/u2s-fuzz-failures), --quiet.
'use strict';
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const REPO = path.join(__dirname, '..');

/** Command-line options. */
function options(argv) {
  const o = { count: 20000, seed: 1, workers: os.cpus().length, only: null, slowMs: 1000, quiet: false };
  o.save = path.join(os.tmpdir(), 'u2s-fuzz-failures');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--count') o.count = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--workers') o.workers = Math.max(1, Number(next()));
    else if (a === '--only') o.only = Number(next());
    else if (a === '--slow-ms') o.slowMs = Number(next());
    else if (a === '--save') o.save = next();
    else if (a === '--quiet') o.quiet = true;
    else throw new Error(`unknown option ${a} (see the comment at the top of scripts/fuzz.js)`);
  }
  if (!Number.isInteger(o.count) || o.count < 0) throw new Error('--count needs a whole number');
  return o;
}

// ---------------------------------------------------------------- inputs (pure, seeded)

/** A small fast PRNG (mulberry32): the same seed gives the same inputs on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

/** Characters that have broken converters before: line ends, escapes, specifiers, quotes, controls. */
const HOSTILE = [
  '\r',
  '\n',
  '\\',
  '%',
  '$',
  '"',
  "'",
  '`',
  '\0',
  '\x1b',
  '\t',
  ' ',
  '\u00e9',
  '\xe9',
  '(',
  ')',
  ';',
  '#',
  '=',
  '@',
  '-',
  '+',
  '!',
  ':',
  '*',
  '?',
  '[',
  ']',
  '{',
  '}',
  '/',
  '..',
  '%n',
  '$$',
  '\\\n',
  '\u2028',
  '\ufeff',
];

/** Stanzas and their value shapes, for grammar-generated jobs. */
const STANZAS = [
  'description',
  'author',
  'version',
  'usage',
  'emits',
  'env',
  'export',
  'chdir',
  'chroot',
  'setuid',
  'setgid',
  'exec',
  'pre-start exec',
  'post-start exec',
  'pre-stop exec',
  'post-stop exec',
  'start on',
  'stop on',
  'respawn',
  'respawn limit',
  'normal exit',
  'kill signal',
  'kill timeout',
  'reload signal',
  'nice',
  'umask',
  'oom score',
  'limit nofile',
  'limit core',
  'expect fork',
  'expect daemon',
  'expect stop',
  'task',
  'manual',
  'console log',
  'console output',
  'instance',
  'apparmor load',
  'apparmor switch',
  'cgroup memory',
  'debug',
];
const EVENTS = [
  'startup',
  'runlevel [2345]',
  'started dbus',
  'stopped x RESULT=failed',
  'filesystem',
  'net-device-up IFACE!=lo',
  'socket PROTO=inet PORT=80',
  'file FILE=/tmp/x',
  'custom-event',
  'mounted MOUNTPOINT=/',
];

/** A value for a stanza: words from a hostile alphabet, sometimes quoted, sometimes long. */
function value(r) {
  const parts = [];
  const n = 1 + r.int(r.chance(0.05) ? 400 : 6);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.4)) parts.push(r.pick(HOSTILE));
    else parts.push(r.pick(['/usr/sbin/d', 'x', 'FOO=bar', 'A-B', '/srv/app', 'root', 'www-data', '022', '5', 'TERM']));
  }
  const v = parts.join(r.chance(0.5) ? ' ' : '');
  return r.chance(0.3) ? `"${v}"` : v;
}

/** A job made of random stanzas with hostile values, and sometimes a script block. */
function grammarJob(r) {
  const lines = [];
  const n = r.int(15);
  for (let i = 0; i < n; i++) {
    const s = r.pick(STANZAS);
    if (s === 'start on' || s === 'stop on') {
      const terms = Array.from({ length: 1 + r.int(4) }, () => r.pick(EVENTS));
      lines.push(`${s} ${terms.join(r.chance(0.5) ? ' or ' : ' and ')}${r.chance(0.2) ? value(r) : ''}`);
    } else if (/^(respawn|task|manual|expect|debug|console)/.test(s) && r.chance(0.7)) lines.push(s);
    else lines.push(`${s} ${value(r)}`);
  }
  if (r.chance(0.4)) {
    const which = r.pick(['script', 'pre-start script', 'post-stop script', 'pre-stop script']);
    const body = Array.from({ length: 1 + r.int(5) }, () =>
      r.pick([
        'exec /usr/bin/d $OPTS',
        '. /etc/default/x',
        'stop; exit 0',
        'mkdir -p /var/run/x',
        value(r),
        'start other-job',
        'initctl emit custom-event',
        '[ -x /usr/bin/d ] || exit 0',
      ]),
    );
    lines.push(which, ...body, 'end script');
  }
  return lines.join(r.chance(0.1) ? '\r\n' : '\n') + (r.chance(0.9) ? '\n' : '');
}

/** Applies a few random mutations to bytes: flips, hostile insertions, deletions, duplicated lines. */
function mutate(r, buf) {
  let b = Buffer.from(buf);
  const rounds = 1 + r.int(6);
  for (let k = 0; k < rounds; k++) {
    const at = b.length ? r.int(b.length) : 0;
    const op = r.int(6);
    if (op === 0 && b.length) b[at] = r.int(256);
    else if (op === 1) b = Buffer.concat([b.subarray(0, at), Buffer.from(r.pick(HOSTILE), 'latin1'), b.subarray(at)]);
    else if (op === 2) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.int(20)))]);
    else if (op === 3) {
      const lines = b.toString('latin1').split('\n');
      const i = r.int(lines.length);
      lines.splice(r.int(lines.length), 0, lines[i]);
      b = Buffer.from(lines.join('\n'), 'latin1');
    } else if (op === 4) b = Buffer.concat([b.subarray(0, at), Buffer.from(`\n${grammarJob(r)}`), b.subarray(at)]);
    else
      b = Buffer.concat([
        b.subarray(0, at),
        Buffer.from('('.repeat(r.int(50)) + 'a' + ')'.repeat(r.int(50))),
        b.subarray(at),
      ]);
  }
  return b;
}

/** A job name as a file name: usually plain, sometimes with line ends, specifiers or a sub-folder. */
function jobName(r) {
  if (r.chance(0.7)) return r.pick(['demo', 'net/demo', 'a-b', 'x_y', 'tty1', 'cron', 'ssh']);
  return `j${r.pick(HOSTILE)}${r.pick(['x', 'sub/x', '%i', 'a\nb', 'a\rb', ' ', 'é'])}`.replace(/\0/g, '0');
}

/** Input number `i` of a seed: the job bytes, maybe an override, a name, target and options. */
function makeInput(seed, i, corpus, profiles) {
  const r = rng((seed * 1000003 + i) >>> 0);
  const kind = r.pick(['bytes', 'mutation', 'mutation', 'grammar', 'grammar', 'profile']);
  let conf;
  if (kind === 'bytes') conf = Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256)));
  else if (kind === 'grammar') conf = Buffer.from(grammarJob(r), r.chance(0.1) ? 'latin1' : 'utf8');
  else conf = mutate(r, r.pick(corpus));
  const override = r.chance(0.15) ? Buffer.from(grammarJob(r)) : null;
  let profile = null;
  if (kind === 'profile' || r.chance(0.1)) profile = r.chance(0.5) ? mutate(r, r.pick(profiles)) : r.pick(profiles);
  return {
    i,
    kind,
    name: jobName(r),
    conf,
    override,
    profile,
    target: r.int(1000),
    scripts: r.pick(['inline', 'files']),
    upstartVersion: r.pick(['1.12', '1.13']),
  };
}

// ---------------------------------------------------------------- running one input (worker)

/** Loads the built library (dist/), which `npm run fuzz` builds first. */
function library() {
  return require(path.join(REPO, 'dist', 'index.js'));
}

/** A ReadFs over the input's files in memory, so a run touches no disk but for profiles. */
function memoryFs(files) {
  return {
    statSync(p) {
      if (!files.has(p)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      const size = files.get(p).length;
      return { isFile: () => true, isDirectory: () => false, isSymbolicLink: () => false, size, mode: 0o644 };
    },
    readFileSync(p) {
      if (!files.has(p)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return files.get(p);
    },
  };
}

/** The invariants every emitted file must hold; returns what is broken (empty when all hold). */
function brokenInvariants(lib, job) {
  const broken = [];
  for (const f of job.files) {
    const text = f.content;
    if (f.name.endsWith('.sh')) {
      // the body is the job's own shell text, as Upstart ran it; the header must stay comments
      const head = text.split('\n').slice(0, 3);
      if (head[0] !== '#!/bin/sh -e') broken.push(`${f.name}: the first line is not #!/bin/sh -e`);
      if (head.some((l) => !l.startsWith('#') || /[\r\0]/.test(l)))
        broken.push(`${f.name}: a header line is not one comment`);
      continue;
    }
    // systemd ends a line at LF, CR and NUL
    if (/[\r\0]/.test(text)) broken.push(`${f.name}: a raw CR or NUL (systemd reads a line end)`);
    for (const line of text.split('\n')) {
      if (line.endsWith('\\') && !line.startsWith('#')) broken.push(`${f.name}: a line ends in a backslash`);
    }
    const parsed = lib.parseUnitFile(text, f.name);
    for (const d of parsed.diagnostics) broken.push(`${f.name}: read back: ${d.message}`);
    const unit = job.units.find((u) => u.name === f.name);
    if (!unit) continue;
    const read = parsed.sections.flatMap((s) => s.entries.map((e) => `[${s.name}] ${e.key}=${e.value}`));
    const model = unit.sections.flatMap((s) =>
      s.entries.map((e) => `[${s.name}] ${e.key}=${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}`),
    );
    if (read.length !== model.length)
      broken.push(`${f.name}: ${read.length} entries read back, the model has ${model.length}`);
    else if (model.every((m) => !m.includes('{'))) {
      read.forEach((x, k) => {
        if (x.split('=')[0] !== model[k].split('=')[0])
          broken.push(`${f.name}: read back ${x.split('=')[0]}, model ${model[k].split('=')[0]}`);
      });
    }
  }
  return broken;
}

/** Runs one input through the whole pipeline; returns its failures (empty when it passed). */
function runInput(lib, input, tmpDir) {
  const conf = `/etc/init/${input.name}.conf`;
  const override = `/etc/init/${input.name}.override`;
  const files = new Map([[conf, Buffer.from(input.conf)]]);
  if (input.override) files.set(override, Buffer.from(input.override));
  const source = { name: input.name, conf, ...(input.override ? { override } : {}) };
  const started = process.hrtime.bigint();
  const failures = [];
  try {
    const loaded = lib.loadJob(source, { upstartVersion: input.upstartVersion, fs: memoryFs(files) });
    const targets = lib.TARGETS ?? require(path.join(REPO, 'dist', 'systemd', 'target.js')).TARGETS;
    const target = targets[input.target % targets.length];
    let profiles;
    if (input.profile) {
      const p = path.join(tmpDir, `p${input.i}.yaml`);
      fs.writeFileSync(p, input.profile);
      profiles = [p];
    }
    const run = lib.convertLoaded([loaded], { target, scripts: input.scripts, profiles, score: false });
    if (profiles) fs.rmSync(profiles[0], { force: true });
    const all = [...run.diagnostics, ...run.profileErrors, ...run.jobs.flatMap((j) => j.diagnostics)];
    for (const d of all) if (d.ruleId.startsWith('internal/')) failures.push(`${d.ruleId}: ${d.message}`);
    for (const job of run.jobs) if (job.status === 'converted') failures.push(...brokenInvariants(lib, job));
  } catch (err) {
    failures.push(`threw: ${err && err.stack ? err.stack.split('\n').slice(0, 4).join(' | ') : String(err)}`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { failures, ms };
}

/** The seed jobs to mutate: examples, e2e jobs and, when present, the shared corpus. */
function seedJobs() {
  const dirs = [
    path.join(REPO, 'examples', 'trusty', 'etc', 'init'),
    path.join(REPO, 'tests', 'e2e', 'jobs'),
    path.join(REPO, '..', 'shared', 'corpus', 'jobs'),
  ];
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(conf|override)$/.test(e.name) && e.isFile()) out.push(fs.readFileSync(p));
    }
  };
  dirs.forEach(walk);
  return out;
}

/** The preset profiles' text, to mutate. */
function seedProfiles() {
  const dir = path.join(REPO, 'profiles');
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => fs.readFileSync(path.join(dir, n)));
}

/** Worker: runs the inputs it is sent, reporting each before and after (so the parent sees a hang). */
function worker() {
  const lib = library();
  const corpus = seedJobs();
  const profiles = seedProfiles();
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-fuzz-'));
  parentPort.on('message', (msg) => {
    if (msg === 'stop') {
      fs.rmSync(tmpDir, { recursive: true, force: true });
      process.exit(0);
    }
    const input = makeInput(workerData.seed, msg, corpus, profiles);
    parentPort.postMessage({ started: msg });
    const { failures, ms } = runInput(lib, input, tmpDir);
    parentPort.postMessage({ done: msg, failures, ms });
  });
}

// ---------------------------------------------------------------- the parent: scheduling and the verdict

/** Saves a failing input's files so it can be read and replayed. */
function saveFailure(o, corpus, profiles, i, failures) {
  const input = makeInput(o.seed, i, corpus, profiles);
  const dir = path.join(o.save, `seed${o.seed}-${i}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'job.conf'), input.conf);
  if (input.override) fs.writeFileSync(path.join(dir, 'job.override'), input.override);
  if (input.profile) fs.writeFileSync(path.join(dir, 'profile.yaml'), input.profile);
  const about = {
    seed: o.seed,
    index: i,
    kind: input.kind,
    name: input.name,
    scripts: input.scripts,
    upstartVersion: input.upstartVersion,
    target: input.target,
    failures,
  };
  fs.writeFileSync(path.join(dir, 'failure.json'), JSON.stringify(about, null, 2) + '\n');
  return dir;
}

/** Runs the inputs over worker threads; a worker that hangs on one is replaced. */
function parent(o) {
  const first = o.only ?? 0;
  const end = o.only !== null ? o.only + 1 : o.count;
  const corpus = seedJobs();
  const profiles = seedProfiles();
  let nextIndex = first;
  let done = 0;
  const failed = [];
  const counts = { throws: 0, hangs: 0, slow: 0, internal: 0, invariants: 0 };
  const startedAt = Date.now();
  const HANG_MS = Math.max(10000, o.slowMs * 10);
  return new Promise((resolve) => {
    let live = 0;
    const record = (i, failures) => {
      for (const f of failures) {
        if (f.startsWith('threw')) counts.throws++;
        else if (f.startsWith('hung')) counts.hangs++;
        else if (f.startsWith('slow')) counts.slow++;
        else if (f.startsWith('internal/')) counts.internal++;
        else counts.invariants++;
      }
      const dir = saveFailure(o, corpus, profiles, i, failures);
      failed.push({ i, failures, dir });
      if (!o.quiet) process.stderr.write(`input ${i}: ${failures[0]} (saved in ${dir})\n`);
    };
    const spawn = () => {
      live++;
      const w = new Worker(__filename, { workerData: { seed: o.seed, worker: true } });
      let current = null;
      let timer = null;
      const feed = () => {
        if (nextIndex >= end) {
          w.postMessage('stop');
          return;
        }
        current = nextIndex++;
        w.postMessage(current);
      };
      w.on('message', (m) => {
        if (m.started !== undefined) {
          timer = setTimeout(() => {
            record(m.started, [`hung: no answer after ${HANG_MS} ms`]);
            done++;
            current = null;
            void w.terminate();
          }, HANG_MS);
          return;
        }
        clearTimeout(timer);
        const failures = [...m.failures];
        if (m.ms > o.slowMs) failures.push(`slow: ${m.ms.toFixed(0)} ms`);
        if (failures.length) record(m.done, failures);
        done++;
        current = null;
        if (!o.quiet && done % 50000 === 0) process.stderr.write(`${done} inputs, ${failed.length} failing\n`);
        feed();
      });
      w.on('error', (err) => {
        clearTimeout(timer);
        if (current !== null) {
          record(current, [`threw: the worker died: ${err.message}`]);
          done++;
        }
      });
      w.on('exit', () => {
        clearTimeout(timer);
        live--;
        if (nextIndex < end) spawn();
        else if (live === 0) resolve({ done, failed, counts, seconds: (Date.now() - startedAt) / 1000 });
      });
      w.once('online', feed);
    };
    for (let k = 0; k < Math.min(o.workers, end - first); k++) spawn();
    if (end <= first) resolve({ done, failed, counts, seconds: 0 });
  });
}

if (isMainThread && require.main === module) {
  let o;
  try {
    o = options(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`fuzz: ${err.message}\n`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'index.js'))) {
    process.stderr.write('fuzz: dist/ is missing; run `npm run build` (npm run fuzz does)\n');
    process.exit(2);
  }
  void parent(o).then(({ done, failed, counts, seconds }) => {
    const rate = seconds ? Math.round(done / seconds) : done;
    process.stdout.write(
      `fuzz: ${done} inputs (seed ${o.seed}) in ${seconds.toFixed(1)} s, ${rate} inputs/s on ${o.workers} workers: ` +
        `${counts.throws} throws, ${counts.hangs} hangs, ${counts.slow} slower than ${o.slowMs} ms, ` +
        `${counts.internal} internal errors, ${counts.invariants} broken invariants\n`,
    );
    process.exit(failed.length ? 1 : 0);
  });
} else if (!isMainThread) {
  worker();
}

module.exports = { makeInput, rng, mutate, grammarJob, brokenInvariants, runInput };
