#!/usr/bin/env node
// Benchmark: how fast the pipeline stages run over real jobs (../shared/corpus/jobs, or the
// bundled examples when the corpus is absent). Prints numbers; asserts nothing.
// Usage: npm run bench:stages [-- ROUNDS]
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseJob } = require('../dist/upstart/parser.js');
const { convertJobs } = require('../dist/convert/index.js');

const rounds = Number(process.argv[2] || 200);
const corpus = path.resolve(__dirname, '..', '..', 'shared', 'corpus', 'jobs');
const dir = fs.existsSync(corpus) ? corpus : path.resolve(__dirname, '..', 'examples', 'trusty', 'etc', 'init');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.conf'))
  .map((f) => path.join(dir, f));
const texts = files.map((f) => [f, fs.readFileSync(f, 'utf8')]);
const bytes = texts.reduce((n, [, t]) => n + Buffer.byteLength(t), 0);

function time(label, fn) {
  fn(); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const perJob = (ms * 1000) / (rounds * texts.length);
  console.log(
    `${label.padEnd(10)} ${texts.length} jobs x ${rounds} rounds: ${ms.toFixed(0)} ms, ` +
      `${perJob.toFixed(1)} µs/job, ${((bytes * rounds) / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s`,
  );
}

console.log(`jobs from ${dir} (${texts.length} files, ${(bytes / 1024).toFixed(0)} KiB)`);
time('parse', () => {
  for (const [file, text] of texts) parseJob(text, { file });
});

const loaded = texts
  .map(([file, text]) => ({ file, job: parseJob(text, { file }).job }))
  .filter((l) => l.job)
  .map((l) => ({ source: { name: l.job.name, conf: l.file }, job: l.job, diagnostics: [] }));
time('convert', () => {
  convertJobs(loaded, { target: { name: 'ubuntu-18.04', systemd: 237 } });
});

// Linearity: the same jobs ten times over under other names (one batch of 10×) should cost about
// ten times as much, not a hundred — batch-wide lookups (events, emitters, ordering loops) are indexed.
const tenfold = [];
for (let k = 0; k < 10; k++)
  for (const l of loaded)
    tenfold.push({
      ...l,
      source: { ...l.source, name: `${l.source.name}-${k}` },
      job: { ...l.job, name: `${l.job.name}-${k}` },
    });
const once = (batch) => {
  const t0 = process.hrtime.bigint();
  convertJobs(batch, { target: { name: 'ubuntu-18.04', systemd: 237 } });
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
once(loaded);
const small = Math.min(...Array.from({ length: 5 }, () => once(loaded)));
const large = Math.min(...Array.from({ length: 3 }, () => once(tenfold)));
console.log(
  `scaling    ${loaded.length} jobs: ${small.toFixed(0)} ms; ${tenfold.length} jobs: ${large.toFixed(0)} ms (×${(large / small).toFixed(1)} for ×10 jobs)`,
);
