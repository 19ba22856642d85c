#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run automatically by `npm ci`).
let run;
try {
  ({ run } = require('../dist/cli/entry.js'));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('upstart2systemd: not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw err;
}
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
