#!/usr/bin/env node
// Regenerates the docs derived from code (see src/docs.ts): whole pages, and the generated blocks
// of hand-written ones. Run `npm run docs` (builds first); tests/docs.test.ts fails when a
// committed copy is stale.
'use strict';
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { GENERATED_DOCS } = require('../dist/docs.js');

for (const [file, render] of Object.entries(GENERATED_DOCS)) {
  const path = join(__dirname, '..', file);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const next = render(current);
  if (next === current) continue;
  writeFileSync(path, next);
  process.stdout.write(`wrote ${file}\n`);
}
