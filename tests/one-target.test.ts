/**
 * Every version question is answered by the target (src/systemd/target.ts and the tables under
 * src/systemd/tables/): no other source file compares a systemd version with a number, keeps a
 * `*_SINCE` constant, or compares what firstVersion() returned.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..');

/** Where version numbers may be compared: the target module and its tables. */
const ALLOWED = [/^src\/systemd\/target[^/]*\.ts$/, /^src\/systemd\/tables\//];

/** TypeScript sources under src, tests excluded, as paths relative to the repository. */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [relative(root, p)] : [];
  });
}

const COMPARISONS = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);

/** An operand that holds a version: a `systemd`/`version`/`since` name, or firstVersion()'s answer. */
const VERSIONISH = /systemd|version|since/i;

/** Numbers compared with that are not systemd versions: byte limits and exit statuses (255, 256). */
const NOT_VERSIONS = new Set([255, 256]);

/** An operand that is a number a systemd version could be (a decimal literal from 200 to 400). */
function versionLiteral(node: ts.Expression, sf: ts.SourceFile): boolean {
  if (!ts.isNumericLiteral(node) || !/^\d+$/.test(node.getText(sf))) return false;
  const n = Number(node.text);
  return n >= 200 && n <= 400 && !NOT_VERSIONS.has(n);
}

/** The version comparisons and `*_SINCE` names in a source text, as "line: code". */
function versionComparisons(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node): string => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    return `${file}:${line}: ${node.getText(sf).replace(/\s+/g, ' ')}`;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) {
      const sides = [node.left, node.right];
      if (sides.some((s) => VERSIONISH.test(s.getText(sf)) || versionLiteral(s, sf))) found.push(at(node));
    } else if (ts.isIdentifier(node) && /_SINCE$/.test(node.text)) {
      found.push(at(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('version decisions', () => {
  it('are made only by the target module and its tables', () => {
    const files = sources().filter((f) => !ALLOWED.some((re) => re.test(f)));
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => versionComparisons(f, readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });

  it('are recognised in the forms the converters used to write them', () => {
    const code = [
      'if (ctx.systemd >= RELATIVE_EXEC_SINCE) run();',
      'const ok = (firstVersion("Service", key) ?? 0) <= h.systemd;',
      'if (version < 250) skip();',
      'const older = f.since > target;',
      'const x = n >= 243;',
    ].join('\n');
    expect(versionComparisons('x.ts', code).map((f) => f.replace(/^x\.ts:(\d+): .*/, '$1'))).toEqual([
      '1',
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('are not confused with other comparisons, arrows, strings or comments', () => {
    const code = [
      'if (code >= 0 && code < 256) ok();',
      'const lead = b >= 0xe0 && b <= 0xf4;',
      'const names = TARGETS.map((t) => t.systemd);',
      "const summary = '`console output` on systemd < 236';",
      '// before 235 (systemd < 235) lines were split',
      'const message = `systemd ${target.systemd} needs ${since}`;',
    ].join('\n');
    expect(versionComparisons('x.ts', code)).toEqual([]);
  });
});
