/**
 * Prints the layout of src/ as a Markdown table: each folder, its job (from docs/architecture.md's
 * list, kept beside it), its lines of code (tests excluded) and the folders it imports at run time.
 * `npx tsx scripts/layout.ts`; the import rules themselves are enforced by tests/architecture.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', 'src');

/** What each folder is for, in one line. */
const JOBS: Record<string, string> = {
  cli: 'yargs command modules: read arguments, call the pipeline, print',
  pipeline: 'the one place the stages are composed; the library entry point',
  read: 'find job files (and overrides) on disk, read them as Upstart did',
  upstart: 'lexer, parser, event expressions, overrides, job names, printer',
  convert: 'Upstart job → service model (+ facts later stages need)',
  model: 'the init-neutral service model and its facts',
  harden: 'profiles: schema, composition, conditions, applied to the model',
  systemd:
    'unit model with typed values, targets and directive tables, escaping, target pass, render + read-back, unit reader',
  diff: 'find existing units, unified and semantic diff, drop-ins',
  output: 'atomic writes below --out',
  report: "a run's report: typed value, counts, Markdown / HTML / JSON renderings",
  diagnostics: 'the rule registry and the one collector',
};

/** Every non-test .ts file below a folder. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The src folders a file imports at run time (type-only imports left out). */
function importedFolders(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
    if (m[1]) continue;
    const target = path.relative(SRC, path.resolve(path.dirname(file), m[2]!));
    out.push(target.split(path.sep)[0]!);
  }
  return out;
}

const rows = Object.keys(JOBS).map((folder) => {
  const list = files(path.join(SRC, folder));
  const lines = list.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
  const imports = [...new Set(list.flatMap(importedFolders))].filter((f) => f !== folder && JOBS[f]).sort();
  return `| \`src/${folder}/\` | ${JOBS[folder]} | ${list.length} | ${lines} | ${imports.join(', ') || '—'} |`;
});
process.stdout.write(
  ['| folder | its job | files | lines | imports (run time) |', '|---|---|---|---|---|', ...rows].join('\n') + '\n',
);
