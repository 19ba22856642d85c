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
  // All is written (unless a pipe's reader is slow: then Node finishes the writes before it exits):
  // exit now rather than after Node has taken the heap down, 3-4 ms (docs/performance.md, "Start-up").
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
});
