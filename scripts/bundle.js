#!/usr/bin/env node
// The last step of `npm run build`: bundles the command line (dist/cli/main.js, as tsc wrote it,
// with everything it imports: the pipeline, yargs, handlebars' runtime) into that same file, so a
// run reads one file instead of resolving and reading some two hundred modules (docs/cli.md,
// "Start-up"). The library (dist/index.js and the rest of dist/) is left as tsc wrote it.
//
// - The packages a run needs only for some options (ajv, js-yaml, re2js, diff: profiles, config,
//   baselines, --diff) stay outside: the code requires them on first use, from node_modules.
// - The bundle sits where main.js was, two levels below the package root, so the paths modules
//   build from __dirname (templates/, profiles/) still resolve; yargs finds its messages'
//   translations beside it (dist/locales, copied here from yargs).
// - It is minified (a third of the bytes to read and parse at each start); its source map leads
//   back to src/ through tsc's maps (`node --enable-source-maps bin/upstart2systemd.js …`).
// - Running tsc alone afterwards puts the unbundled main.js back: slower to start, same behaviour.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');
/** The first line of a bundled main.js, so a second run of this script leaves it alone. */
const BANNER = '// upstart2systemd command line, bundled by scripts/bundle.js from the files tsc wrote to dist/';
/** Packages required only on first use, left to node_modules. */
const LAZY_PACKAGES = ['ajv', 'js-yaml', 're2js', 'diff'];

/** Bundles dist/cli/main.js in place (with its source map, mapped back to src/ through tsc's). */
function bundle() {
  if (fs.readFileSync(MAIN, 'utf8').startsWith(BANNER)) return;
  esbuild.buildSync({
    entryPoints: [MAIN],
    outfile: MAIN,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: LAZY_PACKAGES,
    banner: { js: BANNER },
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** yargs reads translations of its messages from ../locales beside the file it runs from. */
function copyLocales() {
  const from = path.join(path.dirname(require.resolve('yargs/package.json')), 'locales');
  fs.cpSync(from, path.join(ROOT, 'dist', 'locales'), { recursive: true });
}

bundle();
copyLocales();
