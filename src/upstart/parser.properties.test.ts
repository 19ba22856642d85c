/**
 * Properties of the parser over generated input: it never throws, every position it reports lies
 * inside the file, and any job it accepts prints back to text that parses to the same job.
 */
import fc from 'fast-check';
import { parseJob } from './parser';
import { printJob } from './printer';
import type { UpstartJob } from './job';
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostic';

/** Characters that stress the tokeniser: quotes, escapes, comments, parens, blanks, non-ASCII. */
/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 3000);

const TRICKY = [
  'a',
  'b',
  'Z',
  '0',
  '7',
  '-',
  '_',
  '/',
  '.',
  '=',
  '$',
  '{',
  '}',
  ' ',
  '\t',
  '\r',
  '#',
  '"',
  "'",
  '\\',
  '(',
  ')',
  '!',
  '*',
  '[',
  ']',
  ':',
  'é',
  '→',
];
const word = fc.string({
  unit: fc.constantFrom(...TRICKY.filter((c) => !' \t\r#"\'\\()'.includes(c))),
  minLength: 1,
  maxLength: 8,
});
const anyText = fc.string({ unit: fc.constantFrom(...TRICKY), minLength: 0, maxLength: 12 });

/** One argument token written in one of the ways Upstart users quote things. */
const token = fc.oneof(
  word,
  anyText.map((s) => `"${s.replace(/"/g, '')}"`),
  anyText.map((s) => `'${s.replace(/'/g, '')}'`),
  fc.tuple(word, anyText).map(([a, b]) => `${a}"${b.replace(/"/g, '')}"`),
  fc.tuple(word, word).map(([a, b]) => `${a}\\ ${b}`),
  anyText,
);

const eventExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(word, fc.array(token, { maxLength: 3 })).map(([n, args]) => [n, ...args].join(' ')),
    fc
      .tuple(tie('e'), fc.constantFrom(' and ', ' or ', '\n  or ', ' and\n   '), tie('e'))
      .map(([l, op, r]) => `(${l}${op}${r})`),
    fc.tuple(tie('e'), fc.constantFrom(' and ', ' or '), tie('e')).map(([l, op, r]) => `${l}${op}${r}`),
  ),
})).e;

const number = fc.oneof(
  fc.integer({ min: -30, max: 1100 }).map(String),
  fc.constantFrom('010', '+5', '-1', '0x10', '99foo', 'unlimited', 'never', '4294967296'),
);
const signal = fc.oneof(fc.constantFrom('TERM', 'SIGHUP', 'USR1', 'KILL', 'term', 'RTMIN'), number);

const stanza = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'description',
        'author',
        'version',
        'usage',
        'instance',
        'chroot',
        'chdir',
        'setuid',
        'setgid',
        'env',
        'export',
        'emits',
      ),
      token,
    )
    .map(([k, v]) => `${k} ${v}`),
  fc
    .tuple(
      fc.constantFrom('exec', 'pre-start exec', 'post-start exec', 'pre-stop exec', 'post-stop exec'),
      fc.array(token, { minLength: 1, maxLength: 4 }),
    )
    .map(([k, v]) => `${k} ${v.join(' ')}`),
  fc
    .tuple(
      fc.constantFrom('script', 'pre-start script', 'post-stop script'),
      fc.array(fc.tuple(fc.constantFrom('', ' ', '  ', '\t'), anyText), { maxLength: 4 }),
    )
    .map(([k, lines]) => `${k}\n${lines.map(([i, l]) => i + l).join('\n')}\nend script`),
  fc.tuple(fc.constantFrom('start on', 'stop on'), eventExpr).map(([k, e]) => `${k} ${e}`),
  fc.constantFrom(
    'task',
    'respawn',
    'manual',
    'debug',
    'manual task',
    'expect fork',
    'expect daemon',
    'expect stop',
    'expect none',
    'console log',
    'console none',
    'console output',
    'console owner',
    'respawn limit unlimited',
  ),
  fc.tuple(number, number).map(([a, b]) => `respawn limit ${a} ${b}`),
  fc.array(signal, { minLength: 1, maxLength: 3 }).map((v) => `normal exit ${v.join(' ')}`),
  number.map((v) => `kill timeout ${v}`),
  signal.map((v) => `kill signal ${v}`),
  signal.map((v) => `reload signal ${v}`),
  number.map((v) => `umask ${v}`),
  number.map((v) => `nice ${v}`),
  number.map((v) => `oom ${v}`),
  number.map((v) => `oom score ${v}`),
  fc
    .tuple(fc.constantFrom('nofile', 'core', 'as', 'stack', 'rttime'), number, number)
    .map(([r, a, b]) => `limit ${r} ${a} ${b}`),
  fc.tuple(fc.constantFrom('load', 'switch'), token).map(([k, v]) => `apparmor ${k} ${v}`),
  fc.tuple(word, fc.array(word, { maxLength: 3 })).map(([c, rest]) => `cgroup ${[c, ...rest].join(' ')}`),
  anyText.map((t) => `# ${t}`),
);

const jobText = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('', '  ', '\t'), stanza, fc.constantFrom('', ' # note', '  ')), {
      maxLength: 12,
    }),
    fc.boolean(),
  )
  .map(([lines, finalNewline]) => lines.map(([i, s, t]) => i + s + t).join('\n') + (finalNewline ? '\n' : ''));

/** Removes positions and file names so jobs parsed from different texts can be compared. */
function withoutPositions(job: UpstartJob): unknown {
  return JSON.parse(JSON.stringify(job, (k, v) => (k === 'pos' || k === 'file' ? undefined : v)));
}

/** Every position a parse result mentions. */
function positions(
  job: UpstartJob | null,
  diags: Diagnostic[],
): Array<{ line: number; column: number; offset?: number }> {
  const out: Array<{ line: number; column: number; offset?: number }> = [...diags];
  JSON.stringify(job, (k, v) => {
    if (k === 'pos') out.push(v as SourcePos);
    return v;
  });
  return out;
}

describe('the parser on generated input', () => {
  it('never throws, whatever bytes it is given', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const buf = Buffer.from(bytes);
        parseJob(buf.toString('latin1'), { file: 'x.conf' });
        parseJob(buf.toString('utf8'), { file: 'x.conf' });
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on job-like text, and reports only positions inside the file', () => {
    fc.assert(
      fc.property(jobText, (text) => {
        const r = parseJob(text, { file: 'x.conf' });
        const lines = text.split('\n');
        for (const p of positions(r.job, r.diagnostics)) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines.length);
          expect(p.column).toBeGreaterThanOrEqual(1);
          expect(p.column).toBeLessThanOrEqual(lines[p.line - 1]!.length + 1);
          if (p.offset !== undefined) {
            expect(p.offset).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('prints every job it accepts back to text that parses to the same job', () => {
    let accepted = 0;
    fc.assert(
      fc.property(jobText, (text) => {
        const first = parseJob(text, { file: 'x.conf' });
        if (!first.job) return;
        accepted++;
        const printed = printJob(first.job);
        const second = parseJob(printed, { file: 'x.conf' });
        expect(second.diagnostics).toEqual([]);
        expect(withoutPositions(second.job!)).toEqual(withoutPositions(first.job));
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(300); // the generator must produce enough valid jobs to mean something
  });
});
