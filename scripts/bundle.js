#!/usr/bin/env node
// A step of `npm run build`: bundles the command line into three files, each in place of the file
// tsc wrote, so that a run reads a few files instead of resolving and reading some two hundred
// modules (docs/performance.md, "Start-up"):
//
//   dist/cli/entry.js     what the launcher requires: --version, and the loading of main.js
//   dist/cli/main.js      yargs and the command line's declarations: all that --help, completion,
//                         the man page and a usage error need
//   dist/cli/handlers.js  the commands that run the pipeline, with the pipeline and handlebars'
//                         runtime; main.js requires it only when yargs runs one of them
//
// - The bundles are made from the TypeScript sources (src/cli/*.ts) as ES modules, which esbuild
//   puts in one scope: a module's functions call each other's directly, with no exports object,
//   getters and wrapper per module as in tsc's CommonJS files (bundled from dist/ before: the
//   handlers' bundle now loads in 34 ms instead of 49 here). tsc still writes the library, the
//   types, and the files of dist/cli the bundles replace.
// - The packages a run needs only for some options (ajv, js-yaml, re2js, diff: profiles, config,
//   baselines, --diff) stay outside: the code requires them on first use, from node_modules.
// - The files sit where tsc put them, two levels below the package root, so the paths modules
//   build from __dirname (templates/, profiles/) still resolve; yargs finds the translations of its
//   messages beside them (dist/locales, copied here from yargs).
// - They are minified (a third of the bytes to read and parse at each start); their source maps
//   lead back to src/ (`node --enable-source-maps bin/upstart2systemd.js …`).
// - Each starts with its build id (a hash of it), which ties it to the V8 code cache that
//   scripts/code-cache.js makes next (src/cli/code-cache.ts).
// - main.js and handlers.js are written already wrapped as Node wraps a module (BUNDLE_OPENING,
//   BUNDLE_CLOSING), so the code cache's loader compiles their text as it is, without a copy to
//   wrap it (4-6 ms for the handlers' 600 KB here); Node's own loader runs the files as well.
// - A namespace import of a built-in module (`import * as fs from 'node:fs'`) would be a copy of
//   its hundred exports, made for each module that imports it (half a millisecond a time, 10 ms a
//   run for the pipeline's modules): each importer gets the module itself (builtinsRequired).
// - yargs requires Node's `assert` (with its error classes, colours and diffing: 4-5 ms) for two
//   checks of its own arguments; main.js gets a stand-in that makes the same checks and requires
//   `assert` only when one fails, to throw its very error (assertOnFailure).
// - Running tsc alone afterwards puts the unbundled files back: slower to start, same behaviour.
// The library (dist/index.js and the rest of dist/) is left as tsc wrote it.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli');
const SOURCES = path.join(ROOT, 'src');
/**
 * How a bundle's first line starts (src/cli/code-cache.ts, which reads it); the build id that
 * follows, a hash of the bundle, ties the bundle to its code cache, and a second run of this
 * script leaves a bundled file alone.
 */
const { BUNDLE_BANNER: BANNER, BUNDLE_OPENING, BUNDLE_CLOSING } = require('../dist/cli/code-cache.js');
/** Packages required only on first use, left to node_modules. */
const LAZY_PACKAGES = ['ajv', 'js-yaml', 're2js', 'diff'];

/** The TypeScript files under src/, whose namespace imports of built-in modules builtinsRequired() rewrites. */
const SOURCE_FILE = new RegExp(`^${SOURCES.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}[\\\\/].*\\.ts$`);

/**
 * Gives each module that imports a built-in module as a namespace (`import * as fs from
 * 'node:fs'`) the module itself (`import fs = require('node:fs')`, which TypeScript reads the
 * same), where esbuild would copy its exports onto a fresh object for each importer. The copies
 * held the same functions (read through getters); only two importers now see one object where
 * they saw two alike.
 */
function builtinsRequired() {
  const namespaceImport = /^import \* as (\w+) from '(node:[a-z_/]+)';$/gm;
  return {
    name: 'builtins-required',
    setup(build) {
      build.onLoad({ filter: SOURCE_FILE }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        return { contents: text.replace(namespaceImport, "import $1 = require('$2');"), loader: 'ts' };
      });
    },
  };
}

/**
 * yargs' `require("assert")`, of which it uses strictEqual and notStrictEqual to check its own
 * arguments: the same checks (Object.is, as Node's), with Node's assert required only to throw its
 * error when one fails.
 */
function assertOnFailure() {
  return {
    name: 'assert-on-failure',
    setup(build) {
      build.onResolve({ filter: /^assert$/ }, (args) =>
        /[\\/]node_modules[\\/]yargs[\\/]/.test(args.importer)
          ? { path: 'assert', namespace: 'u2s-assert' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'u2s-assert' }, () => ({
        contents:
          'module.exports = {\n' +
          '  strictEqual(actual, expected, message) {\n' +
          "    if (!Object.is(actual, expected)) require('node:assert').strictEqual(actual, expected, message);\n" +
          '  },\n' +
          '  notStrictEqual(actual, expected, message) {\n' +
          "    if (Object.is(actual, expected)) require('node:assert').notStrictEqual(actual, expected, message);\n" +
          '  },\n' +
          '};\n',
        loader: 'js',
      }));
    },
  };
}

/** Leaves a bundle's `require('./NAME')` of another bundle beside it to Node. */
function apart(name) {
  return {
    name: `${name}-apart`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^\\./${name}$`) }, (args) =>
        path.dirname(args.importer) === path.join(SOURCES, 'cli') ? { path: `./${name}`, external: true } : undefined,
      );
    },
  };
}

/**
 * The options of the bundle of src/cli/NAME.ts, written in place of dist/cli/NAME.js with `banner`
 * as its first line and, when `wrapped`, the module's wrapper around the rest.
 */
function options(name, plugins, banner, wrapped) {
  return {
    entryPoints: [path.join(SOURCES, 'cli', `${name}.ts`)],
    tsconfig: path.join(ROOT, 'tsconfig.build.json'),
    outfile: path.join(CLI, `${name}.js`),
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: LAZY_PACKAGES,
    plugins: [...plugins, builtinsRequired()],
    banner: { js: wrapped ? `${banner}\n${BUNDLE_OPENING}` : banner },
    ...(wrapped ? { footer: { js: BUNDLE_CLOSING } } : {}),
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/**
 * Bundles src/cli/NAME.ts in place of tsc's dist/cli/NAME.js (with its source map, back to src/):
 * once in memory to know its hash, then to the file with the hash as its build id. `wrapped`:
 * written already wrapped (the bundles with a code cache, which src/cli/code-cache.ts compiles).
 */
async function bundle(name, plugins = [], wrapped = false) {
  const file = path.join(CLI, `${name}.js`);
  if (fs.readFileSync(file, 'utf8').startsWith(BANNER)) return;
  fs.rmSync(`${file}.cache`, { force: true });
  const dry = await esbuild.build({ ...options(name, plugins, BANNER.trim(), wrapped), write: false });
  const code = dry.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const id = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  await esbuild.build(options(name, plugins, BANNER + id, wrapped));
}

/** yargs reads translations of its messages from ../locales beside the file it runs from. */
function copyLocales() {
  const from = path.join(path.dirname(require.resolve('yargs/package.json')), 'locales');
  fs.cpSync(from, path.join(ROOT, 'dist', 'locales'), { recursive: true });
}

Promise.all([
  bundle('entry', [apart('main')]),
  bundle('main', [apart('handlers'), assertOnFailure()], true),
  bundle('handlers', [], true),
])
  .then(copyLocales)
  .catch((err) => {
    process.stderr.write(`bundle: ${err.message}\n`);
    process.exitCode = 1;
  });
