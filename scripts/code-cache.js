#!/usr/bin/env node
// The step of `npm run build` after scripts/bundle.js: runs the bundled command line once, in this
// process, on work like a user's (help, the conversion of the example host's jobs into a temporary folder),
// then saves what V8 compiled for each bundle as its code cache (dist/cli/main.js.cache,
// handlers.js.cache; docs/performance.md, "Start-up"). src/cli/code-cache.ts uses a cache only with the
// bundle of the same build id and under the same Node; the CLI works the same without one.
// Anything that goes wrong here leaves no cache and a warning, never a failed build.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli');
const BUNDLES = ['main', 'handlers'].map((name) => path.join(CLI, `${name}.js`));
const { buildIdOf, cacheFileOf, cacheHeader, compileModule, runModule } = require(path.join(CLI, 'code-cache.js'));

/**
 * The runs whose compiled code goes into the caches (a final --out is given a temporary folder):
 * help, and the conversion of the example host's jobs, given as a folder as most runs are. More
 * work makes bigger caches, slower to read at each start than what they save on the functions only
 * that work needs; less leaves functions to compile at each start. One job (cobalt-kvd.conf, given
 * as a file) left a convert of a folder of one job of the bench to compile 105 functions (5.5 ms);
 * the example host's 18 jobs leave it one, for 1.3 ms more of reading the cache (docs/performance.md).
 */
const WORK = [['--help'], ['convert', path.join(ROOT, 'examples', 'trusty', 'etc', 'init'), '--out']];

/** A terminal that keeps nothing. */
const quiet = { stdout() {}, stderr() {}, env: {}, isTTY: false };

/** Compiles the bundles as the CLI does (code-cache.ts), keeping each script to take its cache from. */
function compileKeeping(scripts) {
  const proto = Module.prototype;
  const original = proto._compile;
  proto._compile = function (content, filename) {
    if (!BUNDLES.includes(filename)) return original.call(this, content, filename);
    const script = compileModule(content, filename);
    scripts.set(filename, { script, buildId: buildIdOf(content) });
    runModule(script, this, filename);
  };
  return () => (proto._compile = original);
}

/** Runs the work through the bundled main(), each --out run into a fresh temporary folder. */
async function work() {
  const { main } = require(BUNDLES[0]);
  for (const argv of WORK) {
    const out = argv.at(-1) === '--out' ? fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-code-cache-')) : undefined;
    try {
      const code = await main(out ? [...argv, path.join(out, 'out')] : argv, quiet);
      // 1: a job of the example host has an error on purpose; a usage error or an internal one is not work
      if (code > 1) throw new Error(`${argv.join(' ')}: exit ${code}`);
    } finally {
      if (out) fs.rmSync(out, { recursive: true, force: true });
    }
  }
}

async function codeCache() {
  if (!BUNDLES.every((f) => buildIdOf(fs.readFileSync(f, 'utf8')))) return; // tsc's files: nothing to cache
  // the old caches would be used (and so not made anew) while the work runs
  for (const file of BUNDLES) fs.rmSync(cacheFileOf(file), { force: true });
  const scripts = new Map();
  const restore = compileKeeping(scripts);
  try {
    await work();
  } finally {
    restore();
  }
  for (const file of BUNDLES) {
    const kept = scripts.get(file);
    if (!kept) throw new Error(`${path.relative(ROOT, file)} was not loaded`);
    fs.writeFileSync(
      cacheFileOf(file),
      Buffer.concat([Buffer.from(cacheHeader(kept.buildId), 'latin1'), kept.script.createCachedData()]),
    );
  }
}

codeCache().catch((err) => {
  for (const file of BUNDLES) fs.rmSync(cacheFileOf(file), { force: true });
  process.stderr.write(`code-cache: no code cache (the CLI works without, starting slower): ${err.message}\n`);
});
