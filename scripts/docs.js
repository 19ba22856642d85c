#!/usr/bin/env node
// Regenerates the docs derived from code (see src/docs.ts): whole pages, and the generated blocks
// of hand-written ones. Run `npm run docs` (builds first); tests/docs.test.ts fails when a
// committed copy is stale. With file arguments (`npm run man` gives man/upstart2systemd.1), only those.
'use strict';
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { GENERATED_DOCS } = require('../dist/docs.js');

const only = process.argv.slice(2);
for (const file of only) {
  if (!(file in GENERATED_DOCS)) {
    process.stderr.write(`docs: ${file} is not generated; generated: ${Object.keys(GENERATED_DOCS).join(', ')}\n`);
    process.exit(2);
  }
}
for (const [file, render] of Object.entries(GENERATED_DOCS)) {
  if (only.length && !only.includes(file)) continue;
  const path = join(__dirname, '..', file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const next = render(current);
  if (next === current) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, next);
  process.stdout.write(`wrote ${file}\n`);
}
