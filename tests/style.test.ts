/**
 * Source lines a reader can see whole: no line of a source file is over 160 characters (prettier
 * keeps code to 120 where it can; long string literals are broken with `+`). Generated files
 * (`*.generated.ts`) and data (JSON, unit files, logs) are exempt.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
/** The longest line a source file may have, in characters. */
const MAX_LINE = 160;
/** The folders that hold source files. */
const SOURCE_DIRS = ['src', 'tests', 'scripts', 'bin'];

/** Whether a file is source code this check covers. */
function isSource(file: string): boolean {
  return /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.generated.ts');
}

/** Every source file under a directory, recursively, relative to the repository root. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return isSource(e.name) ? [rel] : [];
  });
}

/** `file:line (N characters)` for each line of a file over the limit. */
function longLines(file: string): string[] {
  return readFileSync(join(root, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      const length = [...line].length; // characters, not UTF-16 units: → counts as one
      return length > MAX_LINE ? [`${file}:${i + 1} (${length} characters)`] : [];
    });
}

describe('source style', () => {
  const files = SOURCE_DIRS.flatMap(sourceFiles);

  it('finds the source files of every folder', () => {
    expect(files).toEqual(
      expect.arrayContaining([join('src', 'index.ts'), join('tests', 'style.test.ts'), join('scripts', 'docs.js')]),
    );
    expect(files.filter((f) => f.endsWith('.generated.ts'))).toEqual([]);
  });

  it(`has no source line over ${MAX_LINE} characters`, () => {
    expect(files.flatMap(longLines)).toEqual([]);
  });
});
