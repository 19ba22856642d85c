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
// - The packages a run needs only for some options (ajv, js-yaml, re2js, diff: profiles, config,
//   baselines, --diff) stay outside: the code requires them on first use, from node_modules.
// - The files sit where tsc put them, two levels below the package root, so the paths modules
//   build from __dirname (templates/, profiles/) still resolve; yargs finds the translations of its
//   messages beside them (dist/locales, copied here from yargs).
// - They are minified (a third of the bytes to read and parse at each start); their source maps
//   lead back to src/ through tsc's maps (`node --enable-source-maps bin/upstart2systemd.js …`).
// - Each starts with its build id (a hash of it), which ties it to the V8 code cache that
//   scripts/code-cache.js makes next (src/cli/code-cache.ts).
// - main.js and handlers.js are written already wrapped as Node wraps a module (BUNDLE_OPENING,
//   BUNDLE_CLOSING), so the code cache's loader compiles their text as it is, without a copy to
//   wrap it (4-6 ms for the handlers' 600 KB here); Node's own loader runs the files as well.
// - tsc writes `import * as fs from 'node:fs'` as `__importStar(require("node:fs"))`, which copies
//   each of the module's hundred exports onto a fresh object, in every module that imports it: half
//   a millisecond a time, 10 ms a run for the pipeline's modules. In the bundles each built-in
//   module's namespace object is made once and shared (namespacesOnce), as ES modules share it.
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
/**
 * How a bundle's first line starts (src/cli/code-cache.ts, which reads it); the build id that
 * follows, a hash of the bundle, ties the bundle to its code cache, and a second run of this
 * script leaves a bundled file alone.
 */
const { BUNDLE_BANNER: BANNER, BUNDLE_OPENING, BUNDLE_CLOSING } = require('../dist/cli/code-cache.js');
/** Packages required only on first use, left to node_modules. */
const LAZY_PACKAGES = ['ajv', 'js-yaml', 're2js', 'diff'];

/** tsc's output files (under dist/, not node_modules), whose namespace imports of built-in modules namespacesOnce() shares. */
const TSC_OUTPUT = new RegExp(`^${path.join(ROOT, 'dist').replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}[\\\\/].*\\.js$`);

/**
 * Makes each built-in module's namespace object (tsc's `__importStar`) once per bundle and gives
 * every importer that one, as ES modules do: the object holds the same getters; only two importers
 * now see one object where they saw two alike.
 */
function namespacesOnce() {
  const call = /__importStar\(require\("(node:[a-z_/]+)"\)\)/g;
  return {
    name: 'namespaces-once',
    setup(build) {
      build.onResolve({ filter: /^u2s:namespace-once$/ }, () => ({ path: 'namespace-once', namespace: 'u2s' }));
      build.onLoad({ filter: /.*/, namespace: 'u2s' }, () => ({
        contents:
          'const made = new WeakMap();\n' +
          'module.exports = (mod, importStar) => {\n' +
          '  let ns = made.get(mod);\n' +
          '  if (ns === undefined) made.set(mod, (ns = importStar(mod)));\n' +
          '  return ns;\n' +
          '};\n',
        loader: 'js',
      }));
      build.onLoad({ filter: TSC_OUTPUT }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('__importStar(require("node:')) return undefined;
        const contents = text.replace(call, (_, id) => `require("u2s:namespace-once")(require("${id}"), __importStar)`);
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
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
        path.dirname(args.importer) === CLI ? { path: `./${name}`, external: true } : undefined,
      );
    },
  };
}

/**
 * The options of the bundle of dist/cli/NAME.js, written in place with `banner` as its first line
 * and, when `wrapped`, the module's wrapper around the rest.
 */
function options(file, plugins, banner, wrapped) {
  return {
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: LAZY_PACKAGES,
    plugins: [...plugins, namespacesOnce()],
    banner: { js: wrapped ? `${banner}\n${BUNDLE_OPENING}` : banner },
    ...(wrapped ? { footer: { js: BUNDLE_CLOSING } } : {}),
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/**
 * Bundles dist/cli/NAME.js in place (with its source map, mapped back to src/ through tsc's): once
 * in memory to know its hash, then to the file with the hash as its build id. `wrapped`: written
 * already wrapped (the bundles with a code cache, which src/cli/code-cache.ts compiles itself).
 */
async function bundle(name, plugins = [], wrapped = false) {
  const file = path.join(CLI, `${name}.js`);
  if (fs.readFileSync(file, 'utf8').startsWith(BANNER)) return;
  fs.rmSync(`${file}.cache`, { force: true });
  const dry = await esbuild.build({ ...options(file, plugins, BANNER.trim(), wrapped), write: false });
  const code = dry.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  const id = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  await esbuild.build(options(file, plugins, BANNER + id, wrapped));
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
