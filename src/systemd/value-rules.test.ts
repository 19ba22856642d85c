/**
 * What systemd accepts, rule by rule — user and group names, absolute paths, environment names,
 * executable prefixes — checked against the real systemd-analyze of this machine where it runs.
 */
import { haveSystemdAnalyze, verifyUnits } from '../../tests/helpers/verify';
import {
  absolutePathProblem,
  envNameProblem,
  hasInvisible,
  startsWithExecPrefix,
  unitSyntaxProblem,
  userGroupNameProblem,
  listenAddressProblem,
  visibleText,
} from './value-rules';

/** Names systemd 252 refuses in User=, and names it accepts (some with a notice about strict rules). */
const REFUSED_NAMES = [
  'a:b',
  'a/b',
  '.',
  '..',
  '65535',
  '4294967295',
  '00',
  '-',
  '-1',
  'a\x01b',
  'a\tb',
  '',
  ' a',
  'a ',
];
const ACCEPTED_NAMES = [
  'app',
  '0x12',
  '+x',
  '-x',
  '--',
  '+',
  'a b',
  'é',
  '$USER',
  '123',
  '0',
  '4294967294',
  'a.b',
  'a\\b',
  'a%b',
];

describe('user and group names', () => {
  it.each(REFUSED_NAMES.map((n) => [JSON.stringify(n), n]))('refuses %s', (_s, name) => {
    expect(userGroupNameProblem(name)).toEqual(expect.any(String));
  });

  it.each(ACCEPTED_NAMES.map((n) => [JSON.stringify(n), n]))('accepts %s', (_s, name) => {
    expect(userGroupNameProblem(name)).toBeUndefined();
  });

  (haveSystemdAnalyze() ? it : it.skip)('agrees with systemd-analyze verify on every name written in a unit', () => {
    const written = [...REFUSED_NAMES, ...ACCEPTED_NAMES].filter((n) => n.trim() === n && n !== '' && !n.includes('%'));
    const units = Object.fromEntries(
      written.map((n, i) => [`u${i}.service`, `[Service]\nExecStart=/bin/true\nUser=${n.replace(/\\/g, '\\\\')}\n`]),
    );
    const refused = verifyUnits(units)
      .filter((l) => /Invalid user\/group name/.test(l))
      .map((l) => Number(/u(\d+)\.service/.exec(l)![1]));
    expect(written.filter((_n, i) => refused.includes(i))).toEqual(written.filter((n) => userGroupNameProblem(n)));
  });
});

describe('paths', () => {
  it('wants them absolute, without ".." and within the length limits, but simplifies "." and "//"', () => {
    expect(absolutePathProblem('/srv//app/./x')).toBeUndefined();
    expect(absolutePathProblem('srv')).toBe('"srv" is not an absolute path');
    expect(absolutePathProblem('~')).toBe('"~" is not an absolute path');
    expect(absolutePathProblem('')).toBe('the path is empty');
    expect(absolutePathProblem('/srv/../x')).toMatch(/not normalized/);
    expect(absolutePathProblem(`/${'a'.repeat(256)}`)).toMatch(/255 bytes/);
    expect(absolutePathProblem('/a\rb')).toMatch(/\\r/);
  });

  it('checks the paths, groups and names of unit syntax for the directives that hold them', () => {
    expect(unitSyntaxProblem('ReadWritePaths', '-/run/app +/x "-/a b" %t/y')).toBeUndefined();
    expect(unitSyntaxProblem('ReadWritePaths', '-')).toBe('the path is empty');
    expect(unitSyntaxProblem('BindReadOnlyPaths', '-/etc/a:/etc/b:rbind rel')).toBe('"rel" is not an absolute path');
    expect(unitSyntaxProblem('WorkingDirectory', '~')).toBeUndefined();
    expect(unitSyntaxProblem('EnvironmentFile', '-/etc/default/app')).toBeUndefined();
    expect(unitSyntaxProblem('SupplementaryGroups', 'adm "a b"')).toMatch(/quote/);
    expect(unitSyntaxProblem('PassEnvironment', 'HOME FOO-BAR')).toMatch(/FOO-BAR/);
    expect(unitSyntaxProblem('ProtectSystem', 'strict')).toBeUndefined();
  });
});

describe('names, prefixes and free text', () => {
  it('takes environment names of letters, digits and _, not starting with a digit', () => {
    expect(envNameProblem('FOO_1')).toBeUndefined();
    expect(envNameProblem('FOO-BAR')).toMatch(/not a variable name/);
    expect(envNameProblem('1X')).toMatch(/not a variable name/);
    expect(envNameProblem('')).toBe('the variable name is empty');
  });

  it('knows the characters systemd reads as executable prefixes', () => {
    expect(['@x@', '-', '+x', '!x', ':x', '/bin/x', 'x'].map(startsWithExecPrefix)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('shows control characters and line separators as escapes, keeping tabs', () => {
    expect(visibleText('a\rb\nc\td\x1be\u2028f\0')).toBe('a\\rb\\nc\td\\x1be\\u2028f\\0');
    expect(hasInvisible('a\tb é')).toBe(false);
    expect(hasInvisible('a\u0085b')).toBe(true);
  });

  it('shows C1 controls read from Latin-1 bytes (a CSI \\x9b, a NEL \\x85) escaped, and keeps letters like é and ÿ', () => {
    expect(visibleText('caf\u00e9 \u009b31m \u0085 \u00a0\u00ff')).toBe('caf\u00e9 \\x9b31m \\x85 \u00a0\u00ff');
  });
});

describe('socket addresses systemd can listen on', () => {
  it('accepts a socket path, a port and a numeric address with a port', () => {
    expect([listenAddressProblem('/run/a.sock'), listenAddressProblem('80'), listenAddressProblem('[::1]:80')]).toEqual(
      [undefined, undefined, undefined],
    );
  });

  it('refuses an address with a blank at either end, which systemd strips (so "/\\t" would be the directory "/")', () => {
    for (const a of ['/\t', '/ ', ' /run/a.sock', '80\t', '/run/a.sock\r'])
      expect(listenAddressProblem(a)).toMatch(/begins or ends with a blank/);
    expect(listenAddressProblem('/')).toMatch(/names a directory/);
  });
});
