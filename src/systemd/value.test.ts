/**
 * Typed values: the one writer escapes each kind for its context or says why it cannot, never
 * throws, and what it writes reads back — as systemd reads that kind — as exactly the value.
 */
import fc from 'fast-check';
import { type UnitValue, type WordList, absolutePath, freeText, raw, readsBackAs, wordList, writeValue } from './value';

/** Characters that stress every escaping rule: line ends, backslashes, quotes, specifiers, `$`, blanks, controls. */
const hostileChar = fc.constantFrom(
  'a',
  'b',
  '/',
  ' ',
  '\t',
  '\r',
  '\n',
  '\\',
  '"',
  "'",
  '%',
  '$',
  '{',
  ';',
  '=',
  '-',
  '@',
  '+',
  ':',
  '!',
  '#',
  '\x01',
  '\x1b',
  '\x7f',
  'é',
  '\u2028',
);
const hostile = fc.string({ unit: hostileChar, maxLength: 16 });

/** Arbitrary values of every kind, with hostile content. */
const value: fc.Arbitrary<UnitValue> = fc.oneof(
  hostile.map(raw),
  hostile.map((s) => freeText(s)),
  fc.tuple(hostile, fc.constantFrom('', '-', 'file:')).map(([p, prefix]) => absolutePath(p, prefix)),
  hostile.map((name): UnitValue => ({ kind: 'user', name })),
  fc
    .tuple(fc.array(hostile, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '-'), fc.boolean())
    .map(([argv, prefixes, expanding]): UnitValue => ({ kind: 'exec', argv, prefixes, expanding })),
  fc.tuple(hostile, hostile).map(([name, v]): UnitValue => ({ kind: 'env', name, value: v })),
  fc
    .tuple(fc.constantFrom<WordList>('units', 'paths', 'groups', 'env-names'), fc.array(hostile, { maxLength: 3 }))
    .map(([list, ws]) => wordList(list, ws)),
);

describe('writing a typed value', () => {
  it('never throws, and what it writes is one line that reads back as exactly the value', () => {
    fc.assert(
      fc.property(value, (v) => {
        const w = writeValue(v);
        if ('problem' in w) return;
        expect(w.text).not.toMatch(/[\n\r\0]/);
        expect(w.text).not.toMatch(/^[ \t]|(^|[^\\])(\\\\)*\\$/);
        // systemd strips the blanks around a value before its parser reads it
        expect(readsBackAs(v, w.text.replace(/^[ \t]+|[ \t]+$/g, ''))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what would end the line or join the next one, instead of writing it raw', () => {
    expect(writeValue(raw('x\rExecStartPre=/bin/evil'))).toEqual({ problem: expect.stringContaining('\\r') });
    expect(writeValue(raw('/srv/app\\'))).toEqual({ problem: expect.stringContaining('backslash') });
    expect(writeValue(freeText('a\nb'))).toHaveProperty('problem');
    expect(writeValue({ kind: 'user', name: 'a\rb' })).toHaveProperty('problem');
    expect(writeValue(wordList('groups', ['a\rb']))).toHaveProperty('problem');
  });

  it('refuses relative and unnormalized paths where systemd wants an absolute one', () => {
    expect(writeValue(absolutePath('srv'))).toEqual({ problem: '"srv" is not an absolute path' });
    expect(writeValue(absolutePath('/srv/../x'))).toHaveProperty('problem');
    expect(writeValue(wordList('paths', ['-']))).toEqual({ problem: 'the path is empty' });
    expect(writeValue(raw('-'))).toEqual({ text: '-' });
  });

  it('checks unit syntax against the directive it is written for', () => {
    const write = (key: string, text: string) => writeValue(raw(text), key);
    expect(write('ReadWritePaths', '-')).toEqual({ problem: 'the path is empty' });
    expect(write('ReadWritePaths', '-/srv/%n data')).toEqual({ problem: '"data" is not an absolute path' });
    expect(write('ReadWritePaths', '"-/srv/%%n data" %t/x')).toEqual({ text: '"-/srv/%%n data" %t/x' });
    expect(write('RootDirectory', 'rel')).toEqual({ problem: '"rel" is not an absolute path' });
    expect(write('SupplementaryGroups', '"a b"')).toHaveProperty('problem');
    expect(write('PassEnvironment', 'FOO-BAR')).toHaveProperty('problem');
    expect(write('TemporaryFileSystem', '/home:ro /srv:ro')).toEqual({ text: '/home:ro /srv:ro' });
  });

  it('writes an executable systemd would read as a prefix only as a problem', () => {
    for (const p of ['@PLACEHOLDER@', '-', '+x', '!x', ':x'])
      expect(writeValue({ kind: 'exec', argv: [p, 'a'], prefixes: '' })).toHaveProperty('problem');
    expect(writeValue({ kind: 'exec', argv: ['/bin/echo', '@x', '-y'], prefixes: '-' })).toEqual({
      text: '-/bin/echo @x -y',
    });
  });

  it('keeps the instance specifier of a template and escapes every other %', () => {
    expect(writeValue({ kind: 'env', name: 'Q', value: '%I', instance: true })).toEqual({ text: 'Q=%I' });
    expect(writeValue({ kind: 'env', name: 'Q', value: '%i' })).toEqual({ text: 'Q=%%i' });
  });
});
