/**
 * systemd's quoting rules: the examples of systemd.service(5), systemd.syntax(7) and the sources,
 * round trips over a tricky alphabet, and the real systemd-analyze / systemd-escape of this machine
 * when it has them (the namespace lab checks behind the comments in escape.ts, exec-line.ts and
 * unit-names.ts are not run here).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { escapeSpecifiers, escapeValue, parseEnvironment, parseWords, quoteEnvironment, quoteWord } from './escape';
import { execLine, executableProblem, parseExecLine, quoteExecArg, quoteExpandingArg } from './exec-line';
import { UNIT_PREFIX_MAX, escapePath, escapeUnitName, isValidUnitName } from './unit-names';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 1000);

/** Characters that stress systemd's reader: blanks, quotes, escapes, `$`, `%`, `;`, prefixes, UTF-8. */
const TRICKY = [
  'a',
  'Z',
  '0',
  '/',
  '-',
  '_',
  '.',
  ' ',
  '\t',
  '\n',
  '\r',
  '$',
  '%',
  '"',
  "'",
  '\\',
  ';',
  '{',
  '}',
  '@',
  '+',
  '!',
  ':',
  '=',
  '#',
  'x',
  'n',
  'é',
  '→',
  '😀',
  '\x01',
  '\x7f',
];
const trickyText = (maxLength = 10) => fc.string({ unit: fc.constantFrom(...TRICKY), maxLength });

/** Absolute executable paths systemd takes: no quotes, backslashes or control characters. */
const PATH_CHARS = [
  'a',
  'b',
  'Z',
  '0',
  '-',
  '_',
  '.',
  ' ',
  '$',
  '%',
  ';',
  '{',
  '}',
  '@',
  '+',
  '!',
  ':',
  '=',
  '#',
  'é',
  '😀',
];
const executable = fc
  .array(fc.string({ unit: fc.constantFrom(...PATH_CHARS), minLength: 1, maxLength: 6 }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((parts) => '/' + parts.join('/'))
  .filter((p) => executableProblem(p) === undefined);

const hasTool = (tool: string): boolean => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;

describe('specifiers', () => {
  it('doubles every percent sign, as "%%" is a literal "%"', () => {
    expect(escapeSpecifiers('100% of %n and %%')).toBe('100%% of %%n and %%%%');
  });

  it('leaves text without percent signs alone', () => {
    expect(escapeSpecifiers('/usr/bin/x $HOME')).toBe('/usr/bin/x $HOME');
  });
});

describe('one argument of a command line', () => {
  it('keeps simple words bare, UTF-8 included', () => {
    expect(['--verbose', '/etc/x.conf', 'é→✓', 'a=b', ';;', 'a;', '#x'].map(quoteExecArg)).toEqual([
      '--verbose',
      '/etc/x.conf',
      'é→✓',
      'a=b',
      ';;',
      'a;',
      '#x',
    ]);
  });

  it('doubles "$" so that no variable is expanded at run time', () => {
    expect(quoteExecArg('$HOME')).toBe('$$HOME');
    expect(quoteExecArg('a${X}b')).toBe('a$${X}b');
    expect(quoteExecArg('$')).toBe('$$');
  });

  it('doubles "%" so that no specifier is expanded', () => {
    expect(quoteExecArg('100%')).toBe('100%%');
    expect(quoteExecArg('%n')).toBe('%%n');
  });

  it('writes a lone semicolon as "\\;", since a bare one separates commands', () => {
    expect(quoteExecArg(';')).toBe('\\;');
  });

  it('writes the empty argument as a pair of double quotes', () => {
    expect(quoteExecArg('')).toBe('""');
  });

  it('wraps words with blanks or quotes in double quotes, escaping the double quote', () => {
    expect(quoteExecArg('a b')).toBe('"a b"');
    expect(quoteExecArg("it's")).toBe(`"it's"`);
    expect(quoteExecArg('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('escapes backslashes and control characters with escapes every systemd since 229 reads', () => {
    expect(quoteExecArg('a\\b')).toBe('"a\\\\b"');
    expect(quoteExecArg('a\nb\tc\rd')).toBe('"a\\nb\\tc\\rd"');
    expect(quoteExecArg('\x01\x7f')).toBe('"\\x01\\x7f"');
  });

  it('leaves prefix characters bare after the executable, where they mean nothing', () => {
    expect(['-x', '@y', '+z', '!w', ':v'].map(quoteExecArg)).toEqual(['-x', '@y', '+z', '!w', ':v']);
  });

  it('refuses a NUL, which no argument can carry', () => {
    expect(() => quoteExecArg('a\0b')).toThrow(RangeError);
  });

  it('keeps "$" references when the argument is already in systemd syntax', () => {
    expect(quoteExpandingArg('$HOME')).toBe('$HOME');
    expect(quoteExpandingArg('--dir=${DIR} 50%')).toBe('"--dir=${DIR} 50%%"');
  });
});

describe('a whole command line', () => {
  it('writes prefixes, then the executable, then the arguments', () => {
    expect(execLine(['/bin/echo', 'a b', '$x'], '-')).toBe('-/bin/echo "a b" $$x');
  });

  it('quotes an executable with a space together with its prefixes', () => {
    expect(execLine(['/opt/my app/run', 'x'], '-')).toBe('"-/opt/my app/run" x');
  });

  it('keeps "$" in the executable, which systemd runs without expanding it', () => {
    expect(execLine(['/opt/a$b/run'])).toBe('/opt/a$b/run');
  });

  it('doubles "%" in the executable', () => {
    expect(execLine(['/opt/100%/run'])).toBe('/opt/100%%/run');
  });

  it('does not double "$" after the ":" prefix, which turns expansion off', () => {
    expect(execLine(['/bin/echo', '$HOME'], ':')).toBe(':/bin/echo $HOME');
  });

  it('passes argv[0] as the second word with the "@" prefix', () => {
    expect(execLine(['/usr/sbin/daemon', 'my daemon', '-f'], '@')).toBe('@/usr/sbin/daemon "my daemon" -f');
  });

  it('refuses executables systemd refuses', () => {
    for (const bad of ['', '/a"b', "/a'b", '/a\\b', '/a\nb', '/bin/', 'bin/x', '.', '..']) {
      expect(() => execLine([bad])).toThrow(RangeError);
    }
  });

  it('refuses a plain name that would be read as a prefix or a separator', () => {
    expect(() => execLine(['-foo'])).toThrow(RangeError);
    expect(() => execLine([';'])).toThrow(RangeError);
    expect(execLine(['-foo'], '-')).toBe('--foo');
  });

  it('refuses prefixes systemd would not read back', () => {
    for (const bad of ['--', '+!', '!+', 'x', '!!!', '@@'])
      expect(() => execLine(['/bin/true', 'x'], bad)).toThrow(RangeError);
    expect(() => execLine(['/bin/true'], '@')).toThrow(RangeError);
    expect(() => execLine([])).toThrow(RangeError);
  });

  it('accepts every prefix combination of systemd 252', () => {
    for (const ok of ['-', '@', ':', '+', '!', '!!', '-@:+', '-!!', ':-@!']) {
      expect(parseExecLine(execLine(['/bin/true', 'x'], ok)).prefixes).toBe(ok);
    }
  });
});

describe('reading a command line', () => {
  it('reads the systemd.service(5) example with an escaped semicolon', () => {
    expect(parseExecLine('echo / >/dev/null & \\; ls')).toEqual({
      prefixes: '',
      argv: ['echo', '/', '>/dev/null', '&', ';', 'ls'],
    });
  });

  it('splits commands at a lone semicolon, as in "echo one ; echo "two two""', () => {
    expect(parseExecLine('echo one ; echo "two two"')).toEqual({
      prefixes: '',
      argv: ['echo', 'one'],
      more: [{ prefixes: '', argv: ['echo', 'two two'] }],
    });
  });

  it('takes a quoted semicolon as an argument and "\\\\;" as a backslash and a semicolon', () => {
    expect(parseExecLine('/bin/x ";" \\\\;').argv).toEqual(['/bin/x', ';', '\\;']);
  });

  it('leaves variable references as text and turns "$$" into "$"', () => {
    expect(parseExecLine('/bin/echo ${ONE} $TWO x$$y $$HOME $${X} $$$').argv).toEqual([
      '/bin/echo',
      '${ONE}',
      '$TWO',
      'x$y',
      '$HOME',
      '${X}',
      '$$',
    ]);
  });

  it('keeps "$$" after the ":" prefix', () => {
    expect(parseExecLine(':/bin/echo $$HOME')).toEqual({ prefixes: ':', argv: ['/bin/echo', '$$HOME'] });
  });

  it('expands "%%" and leaves other specifiers as text', () => {
    expect(parseExecLine('/bin/echo 100%% %n %%n').argv).toEqual(['/bin/echo', '100%', '%n', '%n']);
  });

  it('reads the executable without "$" expansion', () => {
    expect(parseExecLine('/opt/a$$b/run $$').argv).toEqual(['/opt/a$$b/run', '$']);
  });

  it('splits the prefixes off the unquoted first word', () => {
    expect(parseExecLine('-@/bin/x name a')).toEqual({ prefixes: '-@', argv: ['/bin/x', 'name', 'a'] });
    expect(parseExecLine('"+/opt/my app" x')).toEqual({ prefixes: '+', argv: ['/opt/my app', 'x'] });
    expect(parseExecLine('!!/bin/x').prefixes).toBe('!!');
  });

  it('joins quoted parts with the rest of a word, as systemd 252 does', () => {
    expect(parseExecLine(`/bin/x a"b c"d 'x'y`).argv).toEqual(['/bin/x', 'ab cd', 'xy']);
  });

  it('applies C escapes inside single quotes too', () => {
    expect(parseExecLine(`/bin/x 'a\\nb' "c\\sd" \\x41\\u00e9 \\303\\251`).argv).toEqual([
      '/bin/x',
      'a\nb',
      'c d',
      'Aé',
      'é',
    ]);
  });

  it('keeps unknown escapes verbatim with a warning', () => {
    const r = parseExecLine('/bin/x a\\qb "\\;"');
    expect(r.argv).toEqual(['/bin/x', 'a\\qb', '\\;']);
    expect(r.warnings).toHaveLength(2);
  });

  it('refuses unbalanced quotes without throwing', () => {
    expect(parseExecLine('/bin/x "open')).toEqual({ prefixes: '', argv: [], error: 'Unbalanced quoting' });
    expect(parseExecLine('/bin/x "a\\')).toMatchObject({ argv: [], error: 'Unbalanced quoting' });
  });

  it('refuses an executable with special characters, a directory or a missing argv[0]', () => {
    expect(parseExecLine('"-/bin/a\\"b"')).toMatchObject({ prefixes: '-', argv: [] });
    expect(parseExecLine('/bin/').error).toBeDefined();
    expect(parseExecLine('@/bin/x').error).toBeDefined();
    expect(parseExecLine('-').error).toBeDefined();
  });

  it('reads an empty value as a reset, with no command', () => {
    expect(parseExecLine('')).toEqual({ prefixes: '', argv: [] });
    expect(parseExecLine('   ')).toEqual({ prefixes: '', argv: [] });
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(trickyText(30), (s) => {
        const r = parseExecLine(s);
        expect(Array.isArray(r.argv)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Environment=', () => {
  it('reads the systemd.service(5) examples', () => {
    expect(parseEnvironment(`"ONE=one" 'TWO=two two'`)).toEqual([
      ['ONE', 'one'],
      ['TWO', 'two two'],
    ]);
    // systemd 252 removes the quotes of ONE='one' (lab-confirmed); the man page shows 229's reading
    expect(parseEnvironment(`ONE='one' "TWO='two two' too" THREE=`)).toEqual([
      ['ONE', 'one'],
      ['TWO', "'two two' too"],
      ['THREE', ''],
    ]);
  });

  it('writes simple assignments bare and quotes the whole assignment otherwise', () => {
    expect(
      quoteEnvironment([
        ['A', 'b'],
        ['B', 'x y'],
        ['C', ''],
        ['D', 'a=b'],
        ['E', `say "hi" it's`],
      ]),
    ).toBe(`A=b "B=x y" C= D=a=b "E=say \\"hi\\" it's"`);
  });

  it('doubles "%" but leaves "$", which Environment= does not expand', () => {
    expect(quoteEnvironment([['P', '50%$HOME']])).toBe('P=50%%$HOME');
  });

  it('escapes backslashes and control characters', () => {
    expect(quoteEnvironment([['X', 'a\\b\nc\td']])).toBe('"X=a\\\\b\\nc\\td"');
  });

  it('refuses names systemd refuses, and NUL', () => {
    for (const bad of ['', '1A', 'A-B', 'A B', 'é']) expect(() => quoteEnvironment([[bad, 'x']])).toThrow(RangeError);
    expect(() => quoteEnvironment([['A', '\0']])).toThrow(RangeError);
  });

  it('lets a later assignment of a name replace the earlier one in place', () => {
    expect(parseEnvironment('A=1 B=2 A=3')).toEqual([
      ['A', '3'],
      ['B', '2'],
    ]);
  });

  it('skips words that are not assignments', () => {
    expect(parseEnvironment('A=1 junk 9X=2 B=2')).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
  });

  it("ignores the rest of the value after a syntax error, like the lab showed for A=it's", () => {
    expect(parseEnvironment(`A=it's B=ok`)).toEqual([]);
    expect(parseEnvironment(`A=1 B="open`)).toEqual([['A', '1']]);
  });

  it('joins a quote that closes inside a word', () => {
    expect(parseEnvironment('"C=x"y')).toEqual([['C', 'xy']]);
  });

  it('expands "%%"', () => {
    expect(parseEnvironment('P=100%%')).toEqual([['P', '100%']]);
  });
});

describe('space-separated lists', () => {
  it('keeps plain words bare, backslashes included', () => {
    expect(['/var/lib/x', 'net-apache.service', 'caf\\xc3\\xa9.service'].map(quoteWord)).toEqual([
      '/var/lib/x',
      'net-apache.service',
      'caf\\xc3\\xa9.service',
    ]);
  });

  it('quotes words with blanks or quotes, choosing a quote that needs no escape', () => {
    expect(quoteWord('/var/a b')).toBe('"/var/a b"');
    expect(quoteWord("it's")).toBe(`"it's"`);
    expect(quoteWord('say "x"')).toBe(`'say "x"'`);
    expect(quoteWord('a"b\'c')).toBe(`"a"'"'"b'c"`);
    expect(quoteWord('')).toBe('""');
  });

  it('refuses newlines, which no unit file line can hold', () => {
    expect(() => quoteWord('a\nb')).toThrow(RangeError);
  });

  it('reads words as config_parse_strv does, keeping backslashes', () => {
    expect(parseWords(`a "b c" 'd"e' x\\y`)).toEqual(['a', 'b c', 'd"e', 'x\\y']);
  });

  it('reads words as the path lists do when a backslash escapes', () => {
    expect(parseWords('x\\y "a\\"b"', true)).toEqual(['xy', 'a"b']);
  });

  it('stops at a syntax error, keeping the words before it', () => {
    expect(parseWords('a b "c')).toEqual(['a', 'b']);
  });
});

describe('verbatim values', () => {
  it('doubles "%"', () => {
    expect(escapeValue('Apache 100% %n')).toBe('Apache 100%% %%n');
  });

  it('drops leading and trailing blanks, which systemd strips', () => {
    expect(escapeValue('  a b \t')).toBe('a b');
  });

  it('puts a blank after a trailing backslash so that the next line is not joined', () => {
    expect(escapeValue('C:\\')).toBe('C:\\ ');
    expect(escapeValue('a\\\\')).toBe('a\\\\');
    expect(escapeValue('a\\\\\\')).toBe('a\\\\\\ ');
  });

  it('refuses newlines, carriage returns and NUL, which have no escape in verbatim values', () => {
    for (const bad of ['a\nb', 'a\rb', 'a\0b']) expect(() => escapeValue(bad)).toThrow(RangeError);
  });
});

describe('unit names', () => {
  it('turns "/" into "-" and keeps the characters valid in unit names', () => {
    expect(escapeUnitName('net/apache')).toBe('net-apache');
    expect(escapeUnitName('a:b_c.d-e\\f')).toBe('a:b_c.d-e\\f');
  });

  it('maps distinct job names to the same unit name, which callers must detect', () => {
    expect(escapeUnitName('net/apache')).toBe(escapeUnitName('net-apache'));
  });

  it('escapes every other byte as \\xNN, and a leading dot', () => {
    expect(escapeUnitName('café')).toBe('caf\\xc3\\xa9');
    expect(escapeUnitName('a@b c')).toBe('a\\x40b\\x20c');
    expect(escapeUnitName('.hidden')).toBe('\\x2ehidden');
    expect(escapeUnitName('a/.b')).toBe('a-.b');
  });

  it('shortens a long name with a stable digest so that every suffix still fits', () => {
    const long = escapeUnitName('x'.repeat(300));
    expect(long.length).toBeLessThanOrEqual(UNIT_PREFIX_MAX);
    expect(long).toBe(escapeUnitName('x'.repeat(300)));
    expect(long).not.toBe(escapeUnitName('x'.repeat(301)));
    expect(isValidUnitName(long + '@.automount')).toBe(true);
    expect(escapeUnitName('é'.repeat(100))).toMatch(/^(\\xc3\\xa9)+-[0-9a-f]{8}$/);
  });

  it('refuses an empty job name', () => {
    expect(() => escapeUnitName('')).toThrow(RangeError);
  });

  it('accepts plain, template and instance names and refuses the rest', () => {
    const valid = [
      'foo.service',
      'foo@.service',
      'foo@bar.service',
      'foo@a@b.socket',
      'a:b_c.d-e\\x2d.target',
      'x'.repeat(247) + '.service',
    ];
    const invalid = [
      '',
      'foo',
      '.service',
      '@foo.service',
      'foo.bogus',
      'foo.snapshot',
      'a b.service',
      'é.service',
      'x'.repeat(248) + '.service',
    ];
    expect(valid.filter((n) => !isValidUnitName(n))).toEqual([]);
    expect(invalid.filter(isValidUnitName)).toEqual([]);
  });

  it('gives a valid unit name for any job name', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...TRICKY, '@', '\\', '.'), minLength: 1, maxLength: 120 }),
        (job) => {
          expect(isValidUnitName(escapeUnitName(job) + '.service')).toBe(true);
          expect(isValidUnitName(escapeUnitName(job) + '@.service')).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('paths as unit names', () => {
  it('escapes paths as "systemd-escape --path" does', () => {
    const cases: Array<[string, string]> = [
      ['/', '-'],
      ['', '-'],
      ['//', '-'],
      ['/a/./b', 'a-b'],
      ['///a//b///', 'a-b'],
      ['/.hidden', '\\x2ehidden'],
      ['/-x', '\\x2dx'],
      ['/a\\b', 'a\\x5cb'],
      ['/é', '\\xc3\\xa9'],
      ['/a b', 'a\\x20b'],
      ['/a/.b', 'a-.b'],
      ['/a:b_c.d', 'a:b_c.d'],
      ['./a', 'a'],
    ];
    expect(cases.map(([p]) => escapePath(p))).toEqual(cases.map(([, e]) => e));
  });

  it('refuses paths that are not normalized', () => {
    for (const bad of ['/a/..', '/..', '../a', '.', './', '/' + 'a'.repeat(256)])
      expect(() => escapePath(bad)).toThrow(RangeError);
  });

  const tool = hasTool('systemd-escape');
  (tool ? it : it.skip)('agrees with the real systemd-escape --path', () => {
    const paths = fc.sample(
      fc
        .array(
          fc.string({
            unit: fc.constantFrom('a', 'é', '-', '.', ' ', '\\', '@', '%', '$', ':', '_', '\t'),
            minLength: 1,
            maxLength: 5,
          }),
          { minLength: 0, maxLength: 4 },
        )
        .map((p) => '/' + p.join('/')),
      { numRuns: 300, seed: 42 },
    );
    const accepted = paths.filter((p) => {
      try {
        escapePath(p);
        return true;
      } catch {
        return false;
      }
    });
    const r = spawnSync('systemd-escape', ['--path', '--', ...accepted], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split(' ')).toEqual(accepted.map(escapePath));
    for (const bad of paths.filter((p) => !accepted.includes(p)).concat(['/a/..', '../x'])) {
      expect(spawnSync('systemd-escape', ['--path', '--', bad], { encoding: 'utf8' }).status).not.toBe(0);
    }
  });
  if (!tool) console.log('skipping the systemd-escape comparison: systemd-escape is not installed');
});

describe('round trips', () => {
  it('reads back every argv that execLine writes', () => {
    fc.assert(
      fc.property(executable, fc.array(trickyText(), { maxLength: 6 }), (exe, args) => {
        const argv = [exe, ...args];
        expect(parseExecLine(execLine(argv))).toEqual({ prefixes: '', argv });
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back prefixes and argv with any prefix combination', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('-', '+', '!', '!!', ':', '@', '-@', ':-', '-!!'),
        executable,
        fc.array(trickyText(), { minLength: 1, maxLength: 4 }),
        (prefixes, exe, args) => {
          const argv = [exe, ...args];
          expect(parseExecLine(execLine(argv, prefixes))).toEqual({ prefixes, argv });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reads back arguments already in systemd syntax as their literal text', () => {
    fc.assert(
      fc.property(trickyText(), (arg) => {
        const line = `/bin/x ${quoteExpandingArg(arg)}`;
        expect(parseExecLine(':' + line).argv).toEqual(['/bin/x', arg]);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back every Environment= value quoteEnvironment writes', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
    const value = trickyText(12).filter((v) => !v.includes('\0'));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value), { minLength: 1, maxLength: 5, selector: ([k]) => k }),
        (assignments) => {
          expect(parseEnvironment(quoteEnvironment(assignments))).toEqual(assignments);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reads back every list word quoteWord writes, alone and in a list', () => {
    const word = trickyText(10).filter((w) => !/[\n\r\0]/.test(w));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        expect(parseWords(quoteWord(words[0]!))).toEqual([words[0]]);
        expect(parseWords(words.map(quoteWord).join(' '))).toEqual(words);
      }),
      { numRuns: RUNS },
    );
  });

  it('never writes a verbatim value that would continue on the next line', () => {
    fc.assert(
      fc.property(
        trickyText(12).filter((v) => !/[\n\r\0]/.test(v)),
        (v) => {
          const out = escapeValue(v);
          expect(out).toBe(out.replace(/^[ \t]+/, ''));
          expect((/\\+$/.exec(out)?.[0].length ?? 0) % 2).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the real systemd-analyze verify', () => {
  const analyze = hasTool('systemd-analyze');
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-escape-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes units and returns the lines systemd-analyze prints about them (syntax warnings and errors). */
  const verify = (units: Record<string, string>): string[] => {
    const files = Object.entries(units).map(([name, text]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    });
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], {
      encoding: 'utf8',
      env: { ...process.env, SYSTEMD_LOG_COLOR: '0' },
    });
    return `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.startsWith(dir));
  };

  const tricky = [
    'a b',
    '$HOME',
    '${X}',
    '50%',
    ';',
    '',
    `it's "quoted"`,
    'back\\slash',
    'ends\\',
    'new\nline',
    'tab\t',
    'é → 😀',
    '-x',
    '@y',
    '+z',
    '!w',
    ':v',
    '\\;',
    '\x01',
  ];

  (analyze ? it : it.skip)('finds no syntax problem in units written with these rules', () => {
    const name = escapeUnitName('net/tricky job é') + '.service';
    const unit = [
      '[Unit]',
      `Description=${escapeValue('Tricky 100% job \\')}`,
      `Documentation=man:upstart2systemd(1)`,
      '',
      '[Service]',
      'Type=oneshot',
      `Environment=${quoteEnvironment(tricky.filter((v) => !v.includes('\x01')).map((v, i) => [`V${i}`, v]))}`,
      `ExecStartPre=${execLine(['/bin/sh', '-c', 'echo "$1" 100% \\n', 'sh', ...tricky], '-')}`,
      `ExecStart=${execLine(['/bin/true', ...tricky])}`,
      `ExecStartPost=${execLine(['/bin/true', 'my argv0', ...tricky], '@')}`,
      `ExecStop=${execLine(['/bin/true', ...tricky], ':')}`,
      `ExecStopPost=/bin/true ${tricky.map(quoteExpandingArg).join(' ')}`,
      `ReadWritePaths=${['/var/tmp/a b', "/var/tmp/it's", '/var/tmp/say "x"'].map(quoteWord).join(' ')}`,
      `WorkingDirectory=${escapeValue('/var/tmp/100%')}`,
      '',
      '[Install]',
      `WantedBy=${['multi-user.target', escapeUnitName('other/job') + '.service'].map(quoteWord).join(' ')}`,
      '',
    ].join('\n');
    expect(verify({ [name]: unit })).toEqual([]);
  });

  (analyze ? it : it.skip)('finds no syntax problem in command lines over the tricky alphabet', () => {
    const lines = fc.sample(
      fc.tuple(fc.constantFrom('', '-', '+', ':', '-@'), fc.array(trickyText(), { minLength: 1, maxLength: 5 })),
      { numRuns: 40, seed: 7 },
    );
    const units = Object.fromEntries(
      lines.map(([prefixes, args], i) => [
        `u2s-prop-${i}.service`,
        `[Service]\nType=oneshot\nExecStart=${execLine(['/bin/true', ...args], prefixes)}\nEnvironment=${quoteEnvironment(args.map((a, j) => [`A${j}`, a]))}\n`,
      ]),
    );
    expect(verify(units)).toEqual([]);
  });

  (analyze ? it : it.skip)('reports the syntax problems these rules avoid, so the check above can see them', () => {
    const problems = verify({
      'u2s-bad.service': '[Service]\nType=oneshot\nExecStart=/bin/true a\\qb "open\nEnvironment=A=it\'s\n',
    });
    expect(problems.join('\n')).toMatch(/escape|quot|syntax/i);
  });

  if (!analyze) console.log('skipping the systemd-analyze checks: systemd-analyze is not installed');
});
