#!/usr/bin/env node
// Regenerates the docs derived from code (see src/docs.ts). Run `npm run docs` (builds first);
// tests/docs.test.ts fails when a committed copy is stale.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { GENERATED_DOCS } = require('../dist/docs.js');

for (const [file, render] of Object.entries(GENERATED_DOCS)) {
  writeFileSync(join(__dirname, '..', file), render());
  process.stdout.write(`wrote ${file}\n`);
}
