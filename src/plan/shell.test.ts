import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { call, comment, id, shQuote } from './shell';

/** What dash makes of the words: each argument of `printf '%s\0'`, split at NUL. */
function dashWords(words: readonly string[]): string[] {
  // a first word, so that printf prints nothing more for an empty list
  const script = `printf '%s\\0' start ${words.join(' ')}`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(1, -1);
}

const hostile = [
  "it's",
  '$(touch /tmp/u2s-pwned)',
  '`id`',
  'a\nb',
  'a\rb',
  'tail\\',
  '"quoted"',
  '%s %n',
  '*',
  '-n',
  '',
  "'",
  "''",
  'x'.repeat(10_000),
  '\u001b]0;title\u0007',
];

describe('shell words of the plan scripts', () => {
  it('quote every value so that sh reads back exactly that value, hostile ones included', () => {
    expect(dashWords(hostile.map(shQuote))).toEqual(hostile);
  });

  it('read back as themselves for any string without NUL (property, one sh for 200 strings)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 0, maxLength: 40 }), { maxLength: 200 }), (list) => {
        const values = list.map((s) => s.replace(/\0/g, ''));
        // sh reads its script as bytes of the locale; lone surrogates have no UTF-8 form
        const safe = values.filter((v) => Buffer.from(v, 'utf8').toString('utf8') === v);
        expect(dashWords(safe.map(shQuote))).toEqual(safe);
      }),
      { numRuns: 20 },
    );
  });

  it('refuse NUL, which no shell word can hold', () => {
    expect(() => shQuote('a\0b')).toThrow(RangeError);
  });

  it('write generated identifiers bare and refuse anything else as one', () => {
    expect(call('put', [id('f1'), '/etc/x y'])).toBe("  put f1 '/etc/x y'");
    expect(() => id('f1; rm -rf /')).toThrow(RangeError);
    expect(() => call('put; id', [])).toThrow(RangeError);
  });

  it('keep a comment on one line whatever the text holds', () => {
    expect(comment('job a\nrm -rf /\r\u2028x')).toBe('# job a\\nrm -rf /\\r\\u2028x');
  });
});
