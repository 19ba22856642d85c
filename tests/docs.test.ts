/**
 * The docs derived from code are current; the rule table has no rule the code no longer reports
 * (that every rule the code reports is documented is the job of the type RuleId); and the docs
 * cite only what is in the repository: no reference outside it, and every link to a section names
 * a heading that exists.
 */
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GENERATED_DOCS, fillGeneratedBlocks } from '../src/docs';
import { JOB_FIELDS } from '../src/upstart/job-model-doc';
import { STANZA_NAMES } from '../src/upstart/stanzas';
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
    const committed = readFileSync(join(root, file), 'utf8');
    expect(committed).toBe(GENERATED_DOCS[file]!(committed));
  });

  it('describes every stanza the parser knows in the job model', () => {
    const documented = new Set(Object.values(JOB_FIELDS).flatMap((f) => f.stanzas.map((s) => s.split(' ')[0])));
    expect(STANZA_NAMES.filter((s) => !documented.has(s))).toEqual([]);
  });

  it('re-renders generated blocks in place, inline or set off by blank lines, the same every time', () => {
    const page =
      'Targets: <!-- generated:a -->old<!-- /generated:a -->.\n<!-- generated:b -->\nold\n<!-- /generated:b -->\n';
    const blocks = { a: () => 'x, y', b: () => '| t |\n' };
    const once = fillGeneratedBlocks(page, blocks);
    expect(once).toBe(
      'Targets: <!-- generated:a -->x, y<!-- /generated:a -->.\n' +
        '<!-- generated:b -->\n\n| t |\n\n<!-- /generated:b -->\n',
    );
    expect(fillGeneratedBlocks(once, blocks)).toBe(once);
  });

  it('refuses a page that lacks a generated block, or has one nothing renders', () => {
    expect(() => fillGeneratedBlocks('no markers\n', { a: () => 'x' })).toThrow('generated:a');
    expect(() => fillGeneratedBlocks('<!-- generated:z --><!-- /generated:z -->', {})).toThrow('"z"');
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

/** Directories that are not the repository's own text (installed, built, or git's). */
const NOT_OURS = new Set(['node_modules', '.git', 'dist', 'coverage', 'out']);

/** Every regular file of the repository (symbolic links are not followed: examples hold broken ones on purpose). */
function repositoryFiles(dir = root): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    const st = lstatSync(p);
    if (st.isDirectory()) return NOT_OURS.has(n) ? [] : repositoryFiles(p);
    return st.isFile() ? [p] : [];
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each blank a hyphen. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown page offers: its headings (outside code fences, repeats numbered) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]!);
      let anchor = base;
      for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
      anchors.add(anchor);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** A reference to a section of a page: where it is written, and the page and anchor it names. */
interface SectionRef {
  from: string;
  page: string;
  anchor: string;
}

/**
 * The section references in a file: `docs/…md#anchor` anywhere (comments, prose), and in a
 * Markdown file its relative links `](PAGE.md#anchor)` and `](#anchor)`.
 */
function sectionRefs(file: string, text: string): SectionRef[] {
  const from = relative(root, file);
  const refs: SectionRef[] = [];
  for (const m of text.matchAll(/(?<![\w./-])(?:\.\.\/)*docs\/([\w.-]+\.md)#([\w-]+)/g))
    refs.push({ from, page: join(root, 'docs', m[1]!), anchor: m[2]! });
  if (file.endsWith('.md')) {
    for (const m of text.matchAll(/\]\(([\w./-]*\.md)?#([^)\s]+)\)/g))
      refs.push({ from, page: m[1] ? resolve(dirname(file), m[1]) : file, anchor: m[2]! });
  }
  return refs;
}

describe('references in the repository', () => {
  const files = repositoryFiles();
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  // Spelled in two pieces so this file does not match itself.
  const outsideCitation = ['SPEC', '§'].join(' ');

  it('never cite the Upstart reference that is not part of the repository', () => {
    const citing = files.filter((f) => texts.get(f)!.includes(outsideCitation)).map((f) => relative(root, f));
    expect(citing).toEqual([]);
  });

  it('link only to sections that exist', () => {
    const scanned = files.filter((f) => /^(src|tests|docs|examples)\/|^README\.md$/.test(relative(root, f)));
    const refs = scanned.flatMap((f) => sectionRefs(f, texts.get(f)!));
    const anchors = new Map<string, Set<string>>();
    const broken = refs.filter((r) => {
      if (!anchors.has(r.page)) anchors.set(r.page, texts.has(r.page) ? anchorsOf(texts.get(r.page)!) : new Set());
      return !anchors.get(r.page)!.has(r.anchor);
    });
    expect(broken.map((r) => `${r.from}: ${relative(root, r.page)}#${r.anchor}`)).toEqual([]);
    expect(refs.length).toBeGreaterThan(20);
  });

  it('name headings the way GitHub anchors them', () => {
    expect(slug('The `stop; exit 0` idiom')).toBe('the-stop-exit-0-idiom');
    expect(slug('Events (`start on` / `stop on`)')).toBe('events-start-on--stop-on');
    expect(slug('Ubuntu 14.04 events')).toBe('ubuntu-1404-events');
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
  });
});
