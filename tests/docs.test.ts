/**
 * The docs derived from code are current, and the rule table has no rule the code no longer
 * reports. (That every rule the code reports is documented is the job of the type RuleId.)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DOCS } from '../src/docs';
import { RULES, RULES_PAGE } from '../src/diagnostics/rules';

const root = join(__dirname, '..');
const ruleTable = join(root, 'src', 'diagnostics', 'rules');

/** All TypeScript sources under src, excluding tests. */
function sources(dir = join(root, 'src')): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** The code that reports rules: every source but the rule table itself. */
const code = sources()
  .filter((f) => !f.startsWith(ruleTable))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('generated documentation', () => {
  it.each(Object.keys(GENERATED_DOCS))('%s is up to date (run npm run docs)', (file) => {
    expect(readFileSync(join(root, file), 'utf8')).toBe(GENERATED_DOCS[file]!());
  });
});

describe('the rule table', () => {
  it('documents no rule id that the code no longer reports (each id is written somewhere in src)', () => {
    expect(RULES.map((r) => r.id).filter((id) => !code.includes(`'${id}'`))).toEqual([]);
  });

  it('gives every rule its own anchor, on its row of docs/rules.md', () => {
    const page = readFileSync(join(root, RULES_PAGE), 'utf8');
    expect(new Set(RULES.map((r) => r.anchor)).size).toBe(RULES.length);
    expect(RULES.filter((r) => !page.includes(`| <a name="${r.anchor}"></a>\`${r.id}\` |`)).map((r) => r.id)).toEqual(
      [],
    );
  });

  it('links every rule to its anchor on the rules page', () => {
    expect(RULES.filter((r) => r.url !== `docs/rules.md#${r.anchor}`)).toEqual([]);
    expect(RULES.find((r) => r.id === 'convert/event-dead')!.url).toBe('docs/rules.md#convert-event-dead');
  });

  it('writes each summary and action as sentences', () => {
    expect(RULES.filter((r) => !/[.)]$/.test(r.summary) || !/[.)]$/.test(r.action)).map((r) => r.id)).toEqual([]);
  });
});
