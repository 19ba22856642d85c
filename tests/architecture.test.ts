/**
 * The layout the code promises (README, Development): one folder per pipeline stage with data
 * flowing one way. Read from the import statements of src/**\/*.ts (tests excluded) with the
 * TypeScript parser, so a new import that breaks a rule fails here instead of in review.
 */
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');

/** One import or re-export of a source file. */
interface Import {
  /** The importing file, relative to src/ (`cli/main.ts`). */
  file: string;
  specifier: string;
  /** The imported file relative to src/, for a relative specifier. */
  target?: string;
  /** Only types are imported (`import type`, or every name marked `type`): nothing at run time. */
  typeOnly: boolean;
}

/** Every non-test TypeScript file under src/, relative to it. */
function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.relative(SRC, full)] : [];
  });
}

/** The file a relative specifier names (`./x` → `x.ts` or `x/index.ts`), relative to src/. */
function resolve(file: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(path.join(SRC, file)), specifier);
  const found = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
  return found && path.relative(SRC, found);
}

/** Whether an import or export declaration brings in types only. */
function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const names = node.exportClause;
    return (
      !!names && ts.isNamedExports(names) && names.elements.length > 0 && names.elements.every((e) => e.isTypeOnly)
    );
  }
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const names = clause.namedBindings;
  return (
    !clause.name &&
    !!names &&
    ts.isNamedImports(names) &&
    names.elements.length > 0 &&
    names.elements.every((e) => e.isTypeOnly)
  );
}

/** The imports and re-exports of one file. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return source.statements.flatMap((node): Import[] => {
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) return [];
    if (!node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return [];
    const specifier = node.moduleSpecifier.text;
    const target = specifier.startsWith('.') ? resolve(file, specifier) : undefined;
    return [{ file, specifier, typeOnly: typeOnly(node), ...(target ? { target } : {}) }];
  });
}

/** The stage folder of a file under src/ (`cli/commands/x.ts` → `cli`); files at the top are their own. */
function folderOf(file: string): string {
  const parts = file.split(path.sep);
  return parts.length > 1 ? parts[0]! : file;
}

/** The cycles of a directed graph (one per strongly connected component with an edge back), as paths. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

/** A graph of the imports, mapped to nodes by `node` (files or folders), without self-loops. */
function graph(imports: readonly Import[], node: (file: string) => string): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (!i.target) continue;
    const [a, b] = [node(i.file), node(i.target)];
    if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  return edges;
}

const files = sourceFiles();
const imports = files.flatMap(importsOf);
/** `a imports b` lines for the imports of one folder into others, to show in a failure. */
const into = (from: string, to: readonly string[], opts: { types: boolean }): string[] =>
  imports
    .filter((i) => folderOf(i.file) === from && i.target && to.includes(folderOf(i.target)))
    .filter((i) => opts.types || !i.typeOnly)
    .map((i) => `${i.file} imports ${i.specifier}`);

describe('the architecture', () => {
  it('reads the imports of every source file', () => {
    expect(files).toEqual(expect.arrayContaining(['cli/main.ts', 'pipeline/index.ts', 'harden/apply.ts']));
    expect(imports.filter((i) => i.specifier.startsWith('.') && !i.target)).toEqual([]);
  });

  it('has no import cycles between files', () => {
    expect(cycles(graph(imports, (f) => f)).map((c) => c.join(' → '))).toEqual([]);
  });

  it('has no cycles between stage folders: data flows one way', () => {
    expect(cycles(graph(imports, folderOf)).map((c) => c.join(' → '))).toEqual([]);
  });

  it('hardens from the service model alone: harden/ imports neither upstart/ nor convert/', () => {
    expect(into('harden', ['upstart', 'convert'], { types: true })).toEqual([]);
  });

  it('compares units, not converter results: diff/ does not import convert/', () => {
    expect(into('diff', ['convert'], { types: true })).toEqual([]);
  });

  it('lets the CLI call only the pipeline (and diagnostics, yargs, picocolors, node), types aside', () => {
    const allowed = (i: Import): boolean =>
      i.typeOnly ||
      (i.target !== undefined && ['cli', 'pipeline', 'diagnostics'].includes(folderOf(i.target))) ||
      ['yargs', 'yargs/yargs', 'picocolors'].includes(i.specifier) ||
      i.specifier.startsWith('node:') ||
      builtinModules.includes(i.specifier);
    const bad = imports.filter((i) => folderOf(i.file) === 'cli' && !allowed(i));
    expect(bad.map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });

  it('composes the stages in one place: only pipeline/ imports harden/ and diff/ (docs.ts reads their tables)', () => {
    const users = (stage: string): string[] =>
      [
        ...new Set(
          imports.filter((i) => i.target && folderOf(i.target) === stage && !i.typeOnly).map((i) => folderOf(i.file)),
        ),
      ]
        // index.ts re-exports every stage; docs.ts renders the docs from every stage's tables
        .filter((f) => f !== stage && f !== 'index.ts' && f !== 'docs.ts')
        .sort();
    expect({ harden: users('harden'), diff: users('diff') }).toEqual({ harden: ['pipeline'], diff: ['pipeline'] });
  });
});
