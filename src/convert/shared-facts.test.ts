/**
 * What jobs share across a batch, found with one scan per job text (shared-facts.ts,
 * text-index.ts): the same /run directories and /tmp paths as a regular expression or a substring
 * search per pair of jobs found, for any texts.
 */
import fc from 'fast-check';
import { emptyFacts } from '../model/facts';
import { type ServiceModel, emptyService } from '../model/service';
import { optionBefore } from './facts';
import { shareFacts } from './shared-facts';
import { WordIndex, firstIndexes } from './text-index';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 1000);

// ---- the search per pair of jobs this module replaced (the reference) ----
function refShareFacts(services: readonly ServiceModel[]): void {
  const byJob = new Map(services.map((s) => [s.facts.job, s.facts]));
  const texts = new Map([...byJob].map(([name, f]) => [name, f.text + f.env.join('\n')]));
  for (const { facts: a } of services) {
    for (const d of a.runtimeDirs) {
      const re = new RegExp(`/(var/)?run/${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|\\b)`);
      for (const [name, text] of texts) if (name !== a.job && re.test(text)) (a.sharedRuntimeWith[d] ??= []).push(name);
    }
    const mine = new Set(a.tmp.map((t) => t.path));
    if (!mine.size) continue;
    for (const [name, text] of texts) {
      if (name === a.job) continue;
      if ([...mine].some((p) => p !== '/tmp' && p !== '/var/tmp' && text.includes(p))) a.sharesTmpWith.push(name);
    }
  }
}

const pos = { file: 'x.conf', line: 1, column: 1, offset: 0 };
const piece = fc.constantFrom(
  '/run/',
  '/var/run/',
  '/tmp/',
  '/var/tmp/',
  'a',
  'ab',
  'b.',
  '-',
  '_',
  '/',
  ' ',
  'x',
  '.',
);
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
const dir = fc.constantFrom('a', 'ab', 'b.', 'a-b', 'x', 'a_');
const tmp = fc.constantFrom('/tmp', '/var/tmp', '/tmp/a', '/tmp/ab', '/var/tmp/a', '/tmp/a/b.', '/tmp/x');
const job = fc.record({
  name: fc.constantFrom('j1', 'j2', 'j3', 'j4'),
  text,
  env: fc.array(text, { maxLength: 2 }),
  dirs: fc.uniqueArray(dir, { maxLength: 3 }),
  tmps: fc.array(tmp, { maxLength: 3 }),
});

/** Services with the given facts (a name may repeat: the last one's text counts, as in a batch). */
function servicesOf(jobs: Array<{ name: string; text: string; env: string[]; dirs: string[]; tmps: string[] }>) {
  return jobs.map((j) => {
    const s = emptyService(j.name);
    s.facts = { ...emptyFacts(j.name, `${j.name}.conf`), text: j.text, env: j.env, runtimeDirs: j.dirs };
    s.facts.tmp = j.tmps.map((path) => ({ path, write: true, pos }));
    return s;
  });
}

describe('facts shared across a batch', () => {
  it('name the same jobs as a search per pair of jobs, for any texts', () => {
    fc.assert(
      fc.property(fc.array(job, { maxLength: 5 }), (jobs) => {
        const [mine, ref] = [servicesOf(jobs), servicesOf(jobs)];
        shareFacts(mine);
        refShareFacts(ref);
        expect(mine.map((s) => [s.facts.sharedRuntimeWith, s.facts.sharesTmpWith])).toEqual(
          ref.map((s) => [s.facts.sharedRuntimeWith, s.facts.sharesTmpWith]),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a word index', () => {
  it('finds where each word first occurs, as indexOf does', () => {
    const word = fc.array(fc.constantFrom('a', 'b', '/'), { minLength: 1, maxLength: 4 }).map((w) => w.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 17, maxLength: 30 }), text, (words, t) => {
        const first = firstIndexes(t, words);
        for (const w of words) expect(first.get(w)).toBe(t.indexOf(w));
      }),
      { numRuns: RUNS },
    );
  });

  it('walks the words that start at a place, shortest first', () => {
    const index = new WordIndex(['ab', 'a', 'abc', 'b']);
    const seen: Array<[string, number]> = [];
    index.startingAt('xabcd', 1, (id, end) => seen.push([index.words[id]!, end]));
    expect(seen).toEqual([
      ['a', 2],
      ['ab', 3],
      ['abc', 4],
    ]);
  });
});

describe('a write option before a path', () => {
  it('is found on a long line as on a short one: among the last two words before it', () => {
    const part = fc.constantFrom(
      '--pidfile',
      '-log',
      '--logfile=',
      'x',
      ' ',
      '  ',
      '\t',
      '=',
      '"',
      '/',
      'a/b',
      '--dir',
    );
    const line = fc.array(part, { minLength: 1, maxLength: 20 }).map((p) => p.join(''));
    fc.assert(
      fc.property(line, fc.nat(600), (l, pad) => {
        const long = 'y'.repeat(pad) + ' ' + l + ' '.repeat(600);
        const direct = (pos: number) =>
          /--?(pid-?file|log-?file|logfile|log|dir)\b/i.test(long.slice(0, pos).split(/\s+/).slice(-2).join(' '));
        const fast = optionBefore(long);
        for (let i = pad; i < pad + l.length + 3; i++)
          if ('/="\' \t'.includes(long[i]!)) expect(fast(i)).toBe(direct(i));
      }),
      { numRuns: RUNS },
    );
  });
});
