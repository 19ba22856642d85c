/**
 * The docs derived from code are current, and every rule id the code can emit is documented
 * (and every documented id is still emitted somewhere).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DOCS } from '../src/docs';
import { RULES } from '../src/diagnostics/rules';
import { ERROR_MESSAGES, parseRuleId } from '../src/upstart/parser';
import type { ParseErrorCode } from '../src/upstart/lexer';

const root = join(__dirname, '..');

/** All TypeScript sources under src, excluding tests. */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const RULE_LITERAL = /'((?:input|parse|upstart|convert|target|harden|diff|output|internal)\/[a-z0-9-]+)'/g;
const usedIds = new Set<string>();
for (const file of sources()) {
  if (file.endsWith('rules.ts')) continue;
  for (const m of readFileSync(file, 'utf8').matchAll(RULE_LITERAL)) usedIds.add(m[1]!);
}
for (const code of Object.keys(ERROR_MESSAGES) as ParseErrorCode[]) usedIds.add(parseRuleId(code));

describe('generated documentation', () => {
  it.each(Object.keys(GENERATED_DOCS))('%s is up to date (run npm run docs)', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).toBe(GENERATED_DOCS[file]!());
  });

  it('documents every rule id the code can emit', () => {
    const documented = new Set(RULES.map((r) => r.id));
    expect([...usedIds].filter((id) => !documented.has(id))).toEqual([]);
  });

  it('documents no rule id that the code no longer emits', () => {
    expect(RULES.map((r) => r.id).filter((id) => !usedIds.has(id))).toEqual([]);
  });

  it('lists each rule id once', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
