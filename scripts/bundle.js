#!/usr/bin/env node
// The last step of `npm run build`: bundles the command line into two files, each in place of the
// file tsc wrote, so that a run reads one or two files instead of resolving and reading some two
// hundred modules (docs/cli.md, "Start-up"):
//
//   dist/cli/main.js      yargs and the command line's declarations: all that --help, completion,
//                         the man page and a usage error need
//   dist/cli/handlers.js  the commands that run the pipeline, with the pipeline and handlebars'
//                         runtime; main.js requires it only when yargs runs one of them
//
// - The packages a run needs only for some options (ajv, js-yaml, re2js, diff: profiles, config,
//   baselines, --diff) stay outside: the code requires them on first use, from node_modules.
// - Both files sit where tsc put them, two levels below the package root, so the paths modules
//   build from __dirname (templates/, profiles/) still resolve; yargs finds the translations of its
//   messages beside them (dist/locales, copied here from yargs).
// - They are minified (a third of the bytes to read and parse at each start); their source maps
//   lead back to src/ through tsc's maps (`node --enable-source-maps bin/upstart2systemd.js …`).
// - Running tsc alone afterwards puts the unbundled files back: slower to start, same behaviour.
// The library (dist/index.js and the rest of dist/) is left as tsc wrote it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli');
/** The first line of a bundled file, so a second run of this script leaves it alone. */
const BANNER = '// upstart2systemd command line, bundled by scripts/bundle.js from the files tsc wrote to dist/';
/** Packages required only on first use, left to node_modules. */
const LAZY_PACKAGES = ['ajv', 'js-yaml', 're2js', 'diff'];

/** Leaves main.js's `require('./handlers')` to Node: handlers.js is the other bundle. */
const handlersApart = {
  name: 'handlers-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/handlers$/ }, (args) =>
      path.dirname(args.importer) === CLI ? { path: './handlers', external: true } : undefined,
    );
  },
};

/** Bundles dist/cli/NAME.js in place (with its source map, mapped back to src/ through tsc's). */
async function bundle(name, plugins = []) {
  const file = path.join(CLI, `${name}.js`);
  if (fs.readFileSync(file, 'utf8').startsWith(BANNER)) return;
  await esbuild.build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: LAZY_PACKAGES,
    plugins,
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

Promise.all([bundle('main', [handlersApart]), bundle('handlers')])
  .then(copyLocales)
  .catch((err) => {
    process.stderr.write(`bundle: ${err.message}\n`);
    process.exitCode = 1;
  });
