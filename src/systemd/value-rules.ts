/**
 * What systemd accepts as a value, rule by rule, so that a value it would refuse or read
 * differently is reported where it came from instead of written: absolute and normalized paths,
 * user and group names, environment names, executable prefixes, and the characters a unit file
 * line cannot hold. Each rule returns why a value is refused (a phrase for a message), or
 * undefined when systemd takes it.
 *
 * Sources (systemd 252): src/basic/path-util.c (path_simplify_and_warn, path_is_normalized,
 * path_is_valid), src/basic/user-util.c (valid_user_group_name with VALID_USER_RELAX |
 * VALID_USER_ALLOW_NUMERIC, as User=, Group= and SupplementaryGroups= check), src/basic/env-util.c
 * (env_name_is_valid), src/basic/fileio.c (read_line_full: \n, \r and \0 end a line).
 *
 * Confirmed with systemd-analyze verify of 252: `User=a:b`, `a/b`, `.`, `..`, `65535` and a
 * control character are refused ("Invalid user/group name or numeric ID"); `0x12`, `+x`, `-x`,
 * `a b`, `é`, `$USER` and `123` are accepted; `WorkingDirectory=srv` is "not absolute" and
 * `/srv/../x` "not normalized" (the unit fails to load); `ReadWritePaths=-` is "not absolute".
 */
import type * as Net from 'node:net';
import { isValidEnvName, parseWords } from './escape';

/** node:net's isIP, required on the first address checked: node:net costs ~2 ms to load (docs/performance.md). */
function isIP(s: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return (require('node:net') as typeof Net).isIP(s);
}

/** Characters that end a unit-file line in some systemd (read_line_full): they can never be written raw. */
export const LINE_BREAKS = /[\n\r\0]/;

/** Characters an editor or a terminal may act on (C0, DEL, C1 such as CSI \x9b) or show as a line break: never raw in a comment. */
const CONTROL_OR_BREAK = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g;

/** The prefixes systemd reads at the start of an Exec*= executable (config_parse_exec). */
export const EXEC_PREFIX_CHARS = '-@:+!';

/** A description of a character for messages: `\r`, `\n`, `\x01`… */
export function describeChar(c: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };
  if (named[c]) return named[c];
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text with every control character and line separator (except tab) written visibly as an
 * escape (`\r`, `\n`, `\x1b`, `\u2028`): for comments and descriptions, which systemd shows but
 * never unescapes, so a line break in them could only end the line.
 */
export function visibleText(s: string): string {
  return s.replace(CONTROL_OR_BREAK, describeChar);
}

/** True when visibleText would change the text. */
export function hasInvisible(s: string): boolean {
  return s.search(CONTROL_OR_BREAK) >= 0;
}

/** Why a value cannot stand on one unit-file line as it is, or undefined. */
export function lineBreakProblem(s: string): string | undefined {
  const at = s.search(LINE_BREAKS);
  return at < 0 ? undefined : `it holds ${describeChar(s[at]!)}, which ends a unit-file line`;
}

/**
 * Why systemd refuses `path` where an absolute path is required (WorkingDirectory=,
 * RootDirectory=, PIDFile=, EnvironmentFile=, path lists…): path_simplify_and_warn with
 * PATH_CHECK_ABSOLUTE. `.` components and repeated slashes are simplified away; `..` is refused.
 */
export function absolutePathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  const lineBreak = lineBreakProblem(path);
  if (lineBreak) return lineBreak;
  if (!path.startsWith('/')) return `"${path}" is not an absolute path`;
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return `"${path}" is not normalized (it has a ".." component)`;
  if (parts.some((p) => Buffer.byteLength(p) > 255)) return 'a component of the path is longer than 255 bytes';
  if (Buffer.byteLength(path) >= 4096) return 'the path is longer than PATH_MAX';
  return undefined;
}

/** parse_uid: a decimal uid systemd takes as a numeric user (not -1, and not 65535, the 16-bit -1). */
function isNumericUid(s: string): boolean {
  if (!/^(0|[1-9][0-9]*)$/.test(s)) return false;
  const n = Number(s);
  return n < 0xffffffff && n !== 0xffff;
}

/**
 * Why systemd 252 refuses a name in User=, Group= or SupplementaryGroups= (valid_user_group_name
 * in relaxed mode, numeric ids allowed), or undefined when it takes it.
 */
export function userGroupNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (isNumericUid(name)) return undefined;
  if (name.startsWith(' ') || name.endsWith(' ')) return 'the name starts or ends with a blank';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'the name holds a control character';
  if (/[:/]/.test(name)) return 'the name holds ":" or "/"';
  if (/^[0-9]+$/.test(name)) return 'the name is all digits but no valid numeric id';
  if (/^-[0-9]*$/.test(name)) return 'the name is "-" or a negative number';
  if (name === '.' || name === '..') return `"${name}" is not a name`;
  return undefined;
}

/** Why a variable name is refused by Environment= and PassEnvironment=, or undefined. */
export function envNameProblem(name: string): string | undefined {
  if (name === '') return 'the variable name is empty';
  return isValidEnvName(name)
    ? undefined
    : `"${visibleText(name)}" is not a variable name systemd accepts ` +
        '(letters, digits and _, not starting with a digit)';
}

/** True when systemd would read the first character of an executable as a prefix (`-`, `@`, `:`, `+`, `!`). */
export function startsWithExecPrefix(program: string): boolean {
  return program !== '' && EXEC_PREFIX_CHARS.includes(program[0]!);
}

/** Path-list directives whose words are paths after optional `-` and `+` prefixes (namespace paths, mount needs). */
const PATH_LISTS = new Set([
  'ReadWritePaths',
  'ReadOnlyPaths',
  'InaccessiblePaths',
  'ExecPaths',
  'NoExecPaths',
  'ReadWriteDirectories',
  'ReadOnlyDirectories',
  'InaccessibleDirectories',
  'RequiresMountsFor',
]);

/** Directives whose words are `PATH[:…]` (a bind source or a tmpfs mount point, with options after a colon). */
const COLON_PATH_LISTS = new Set(['BindPaths', 'BindReadOnlyPaths', 'TemporaryFileSystem']);

/** Single paths (a `-` prefix allowed where systemd takes one). */
const SINGLE_PATHS = new Set(['RootDirectory', 'PIDFile', 'TTYPath', 'EnvironmentFile', 'WorkingDirectory']);

/** Specifiers that expand to an absolute path (cache, configuration, home, logs, state, runtime, temporary dirs). */
const ABSOLUTE_SPECIFIER = /^%[CEhLStTVd]/;

/** Why one path of a unit-syntax value is refused; a word starting with an absolute-path specifier is taken. */
function pathWordProblem(word: string): string | undefined {
  return ABSOLUTE_SPECIFIER.test(word) ? undefined : absolutePathProblem(word);
}

/**
 * Why systemd refuses or misreads a value given in unit syntax (a profile's, a --var's, a
 * table's) for a directive whose words we know how to check: paths must be absolute, groups and
 * variable names valid, names unquoted. Other directives are not checked here.
 */
export function unitSyntaxProblem(key: string, value: string): string | undefined {
  if (value === '') return undefined;
  if (PATH_LISTS.has(key))
    return firstProblem(parseWords(value, true), (w) => pathWordProblem(w.replace(/^-?\+?/, '')));
  if (COLON_PATH_LISTS.has(key))
    return firstProblem(parseWords(value, true), (w) => pathWordProblem(w.replace(/^-/, '').split(':')[0]!));
  if (SINGLE_PATHS.has(key)) {
    // only WorkingDirectory= and EnvironmentFile= take a `-` (ignore a missing one)
    const p = key === 'WorkingDirectory' || key === 'EnvironmentFile' ? value.replace(/^-/, '') : value;
    return key === 'WorkingDirectory' && p === '~' ? undefined : pathWordProblem(p);
  }
  if (key === 'SupplementaryGroups' || key === 'User' || key === 'Group') {
    const names = key === 'SupplementaryGroups' ? value.split(/[ \t]+/) : [value];
    return firstProblem(names, (n) =>
      /["'\\]/.test(n)
        ? `"${n}" holds a quote or backslash, which systemd takes as part of the name`
        : n.includes('%')
          ? undefined
          : userGroupNameProblem(n),
    );
  }
  if (key === 'PassEnvironment' || key === 'UnsetEnvironment')
    return firstProblem(value.split(/[ \t]+/), (n) => (n.includes('=') ? undefined : envNameProblem(n)));
  return undefined;
}

/** The first problem a check finds among words. */
function firstProblem(ws: readonly string[], check: (w: string) => string | undefined): string | undefined {
  for (const w of ws) {
    const p = check(w);
    if (p) return p;
  }
  return undefined;
}

/** The longest unix socket path systemd takes (sun_path holds 108 bytes with the terminating NUL). */
const SOCKET_PATH_MAX = 107;

/**
 * Why systemd refuses an address of ListenStream=/ListenDatagram= (socket_address_parse): a unix
 * socket path, a port, or ADDR:PORT / [ADDR]:PORT with a numeric IPv4 or IPv6 address.
 */
export function listenAddressProblem(address: string): string | undefined {
  // config_parse_socket_listen sees the value with blanks, tabs, CR and LF stripped from both ends
  if (/^[ \t\n\r]|[ \t\n\r]$/.test(address))
    return `"${visibleText(address)}" begins or ends with a blank, which systemd strips from the value`;
  if (address.startsWith('/')) {
    const problem = absolutePathProblem(address);
    if (problem) return problem;
    // systemd simplifies the path first (`//` and `/./` collapse), then wants a file name in it
    const simplified =
      '/' +
      address
        .split('/')
        .filter((p) => p !== '' && p !== '.')
        .join('/');
    if (simplified === '/' || address.endsWith('/')) return `"${visibleText(address)}" names a directory, not a socket`;
    return Buffer.byteLength(simplified) > SOCKET_PATH_MAX
      ? `a unix socket path is at most ${SOCKET_PATH_MAX} bytes`
      : undefined;
  }
  const m = /^(?:\[([^\]]*)\]:|([^:]*):)?([0-9]{1,5})$/.exec(address);
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535)
    return `"${visibleText(address)}" is neither a socket path nor a port (1-65535), optionally after an address`;
  const ip = m[1] ?? m[2];
  if (ip !== undefined && isIP(ip) !== (m[1] !== undefined ? 6 : 4))
    return `"${visibleText(ip)}" is not a numeric ${m[1] !== undefined ? 'IPv6' : 'IPv4'} address`;
  return undefined;
}
