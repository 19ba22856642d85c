/**
 * systemd's own quoting and escaping rules, in one place: specifiers (`%`), command lines
 * (Exec*=), Environment=, space-separated lists, verbatim values, unit names and paths.
 *
 * Sources: src/basic/extract-word.c (extract_first_word), src/basic/escape.c (cunescape_one),
 * src/core/load-fragment.c (config_parse_exec, config_parse_environ), src/basic/env-util.c
 * (replace_env, replace_env_argv), src/basic/unit-name.c (unit_name_is_valid, unit_name_escape,
 * unit_name_path_escape), src/shared/conf-parser.c (line continuation), systemd.service(5)
 * "Command lines", systemd.syntax(7) "Quoting", systemd.unit(5) "Specifiers".
 *
 * Everything we write must mean the same to systemd 229 (Ubuntu 16.04) and 252..255, so the
 * writers only use the common subset: whole words wrapped in double quotes, and inside them
 * only the escapes \\ \" \n \t \r \xNN, which every cunescape_one since 2015 accepts.
 *
 * Version differences that shape the output (from the sources of 229-era and 252-era releases):
 * - Exec*=: 229 and later all split with extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE)
 *   and all treat a lone unquoted `;` as a command separator and `\;` as a literal `;`.
 *   `$$` at the start of a word is a literal `$` since v228 (PR #1487); before, the word was
 *   taken as a variable reference and dropped.
 * - Specifiers: in 229 they were expanded in argv at spawn time, and systemd.service(5) said the
 *   executable may not contain any; since 233 (PR #4835) both are expanded at load time. `%` in
 *   an executable path is therefore not portable.
 * - The executable path itself never goes through `$` expansion (only argv does), so `$` in it
 *   is written as-is; a `:` prefix (v249+) turns off `$` expansion for the arguments too.
 * - Environment=: 229 splits by FOREACH_WORD_QUOTED (a quote only counts at the start of a word
 *   and must close at its end), 252 by extract_first_word (quotes anywhere in a word). Quoting the whole
 *   `"KEY=value"` reads the same in both. Values with control characters other than tab were
 *   refused before v239 (newline) / v248 (the rest).
 * - List directives (ReadWritePaths=...): 229 FOREACH_WORD_QUOTED without unescaping, 252
 *   extract_first_word(EXTRACT_UNQUOTE), where a backslash escapes the next character. Only quoting without
 *   backslashes is portable there (see quoteWord).
 * - Unit-name lists (After=, Wants=...) do not unquote in 252 (EXTRACT_RETAIN_ESCAPE; 229 did):
 *   names must be written bare. They never need quoting: unit names hold no blanks or quotes.
 *
 * Confirmed on the real systemd 252 (lab.sh: units written by this module, started, the argv
 * and environment the process got dumped by python3 and compared; `systemctl show` for the rest):
 * - execLine: 48 tricky arguments reached the process byte for byte, alone and all in one line:
 *   `$`, `$$`, `$HOME`, `${HOME}`, `x$HOME`, `%`, `%%`, `%n`, `"`, `'`, `\`, `ends\`, `\;`,
 *   `;` (as `\;`), `;;`, `a;`, the empty argument (as `""`), newline, tab, CR, BEL, DEL, é,
 *   `→ ✓`, an emoji, leading and trailing blanks, and `-x @y +z !w :v |u #h =e ~t *g?` after the
 *   executable. A quoted `";"` is a literal argument too; a quoted `"\;"` is `\;` plus a warning.
 * - Executables: `"/p/s p/py"` and `"-/p/s p/py"` (prefix inside the quotes) run; `/p/d$$y/py`
 *   runs the file `d$$y` (the path is never `$`-expanded) while the process's argv[0] is `d$y`
 *   (argv is); `/p/p%%q/py` runs `p%q`; `@/usr/bin/python3 my-argv0` sets argv[0]; after `:`
 *   the arguments `$$X $HOME ${HOME}` arrive unexpanded.
 * - Reading: `a"b c"d` is one word `ab cd`; `'a\nb'` holds a newline (single quotes do not stop
 *   C escapes); `\s` is a space; `a\qb` stays `a\qb` with "Ignoring unknown escape sequences";
 *   `$SPLIT` and `"$SPLIT"` both split into words, `${SPLIT}` does not, `$$SPLIT` is literal.
 * - Environment=: 11 values (blanks, both quotes, backslash, `100% %n`, `$HOME ${HOME} $$`, tab,
 *   newline, empty, UTF-8, `a=b`, `;`) reached the process exactly. `A=it's B=ok` is refused
 *   whole ("Invalid syntax"); `"C=x"y` gives C=xy; `ONE='one'` gives `one` (systemd.service(5)
 *   still shows `'one'`, the FOREACH_WORD_QUOTED reading of 229).
 * - Lines: `Description=x \` followed by a space is `x \`; without the space the next line is
 *   appended after a blank. Leading and trailing blanks of a value are dropped.
 * - parseExecLine against systemd on 149 random lines over `a \t " ' \ ; n x 4 1 é s u 0 q`
 *   after the executable: the same argv for all, and a refused unit exactly where it reports
 *   an error, but one whose error is in a second command (systemd ran the first).
 * - Names: net-apache, caf\xc3\xa9, \x2ehidden, a\x40b and a shortened 252-character name
 *   load; After= keeps `caf\xc3\xa9.service` verbatim; ReadWritePaths= reads `"/a b"`, `"/it's"`
 *   and `'/say "x"'` back.
 */

/** The separators of extract_first_word when none are given (systemd's WHITESPACE). */
const WHITESPACE = ' \t\n\r';

/** Characters that force quoting of an Exec argument or Environment assignment. */
const NEEDS_QUOTES = /[ "'\\\x00-\x1f\x7f]/;

/** Characters escaped inside our double quotes: the quote, the backslash and control characters. */
const ESCAPED_IN_QUOTES = /[\\"\x00-\x1f\x7f]/g;

/** Longest unit name systemd accepts (UNIT_NAME_MAX - 1, including the suffix). */
export const UNIT_NAME_MAX = 255;

/** Unit types of systemd 229..255 (unit_type_from_string). */
const UNIT_TYPES = [
  'service',
  'socket',
  'target',
  'device',
  'mount',
  'automount',
  'swap',
  'timer',
  'path',
  'slice',
  'scope',
];

/** Longest prefix escapeUnitName returns: room for `@` plus the longest suffix `.automount`. */
export const UNIT_PREFIX_MAX = UNIT_NAME_MAX - 1 - '.automount'.length;

/** systemd's VALID_CHARS for unit names: ASCII letters, digits, `:`, `-`, `_`, `.`, `\`. */
const UNIT_NAME_CHAR = /^[A-Za-z0-9:\-_.\\]$/;

/** Doubles `%` so that systemd's specifier expansion gives back the text (`%%` is a literal `%`). */
export function escapeSpecifiers(s: string): string {
  return s.replace(/%/g, '%%');
}

/** Undoes escapeSpecifiers the way specifier_printf does, leaving real specifiers (`%n`…) as text. */
function expandPercent(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && s[i + 1] === '%') {
      out += '%';
      i++;
    } else out += s[i];
  }
  return out;
}

/** One character written inside double quotes as an escape every systemd since 229 reads back. */
function escapeChar(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    case '\r':
      return '\\r';
    default:
      return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
  }
}

/** A word wrapped in double quotes with escapes, or bare when nothing in it is special. */
function quoteEscaped(s: string): string {
  if (s === '') return '""';
  if (!NEEDS_QUOTES.test(s)) return s;
  return '"' + s.replace(ESCAPED_IN_QUOTES, escapeChar) + '"';
}

/** Refuses NUL, which no argument, environment value or unit file line can carry. */
function refuseNul(s: string, what: string): void {
  if (s.includes('\0')) throw new RangeError(`${what} contains a NUL character, which systemd cannot pass on`);
}

// ---------------------------------------------------------------------------------------------
// extract_first_word

/** Which extract_first_word flags a directive uses. */
interface ExtractFlags {
  unquote: boolean;
  cunescape: boolean;
  cunescapeRelax?: boolean;
  /** EXTRACT_RETAIN_ESCAPE: a backslash is an ordinary character. */
  retainEscape?: boolean;
}

/** The outcome of one extract_first_word call: a word (null at the end), or EINVAL. */
type Extracted = { word: string | null; next: number } | { error: 'escape' | 'quote'; next: number };

const hexValue = (c: string | undefined): number => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
const octValue = (c: string | undefined): number => (c !== undefined && /^[0-7]$/.test(c) ? parseInt(c, 8) : -1);

/** UTF-8 bytes of a code point, the way utf8_encode_unichar writes them (surrogates included). */
function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/** systemd's unichar_is_valid: what `\U` may name. */
function unicharIsValid(c: number): boolean {
  return c < 0x110000 && (c & 0xfffff800) !== 0xd800 && !(c >= 0xfdd0 && c <= 0xfdef) && (c & 0xfffe) !== 0xfffe;
}

/** cunescape_one: the bytes of the escape starting at chars[i] (after the backslash) and its length. */
function cunescapeOne(chars: string[], i: number): { bytes: number[]; length: number } | null {
  const simple: Record<string, number> = {
    a: 7,
    b: 8,
    f: 12,
    n: 10,
    r: 13,
    t: 9,
    v: 11,
    '\\': 92,
    '"': 34,
    "'": 39,
    s: 32,
  };
  const c = chars[i]!;
  if (Object.hasOwn(simple, c)) return { bytes: [simple[c]!], length: 1 };
  if (c === 'x') {
    const a = hexValue(chars[i + 1]);
    const b = hexValue(chars[i + 2]);
    if (a < 0 || b < 0 || (a === 0 && b === 0)) return null;
    return { bytes: [(a << 4) | b], length: 3 };
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    let v = 0;
    for (let k = 1; k <= n; k++) {
      const d = hexValue(chars[i + k]);
      if (d < 0) return null;
      v = v * 16 + d;
    }
    if (v === 0 || (c === 'U' && !unicharIsValid(v))) return null;
    return { bytes: utf8Bytes(v), length: n + 1 };
  }
  const a = octValue(c);
  if (a >= 0) {
    const b = octValue(chars[i + 1]);
    const d = octValue(chars[i + 2]);
    if (b < 0 || d < 0) return null;
    const v = (a << 6) | (b << 3) | d;
    if (v === 0 || v > 255) return null;
    return { bytes: [v], length: 3 };
  }
  return null;
}

/** extract_first_word over code points from index i, with WHITESPACE separators coalesced. */
function extractFirstWord(chars: string[], i: number, flags: ExtractFlags): Extracted {
  const n = chars.length;
  while (i < n && WHITESPACE.includes(chars[i]!)) i++;
  if (i >= n) return { word: null, next: n };
  const out: number[] = [];
  const push = (s: string): void => {
    for (const b of Buffer.from(s, 'utf8')) out.push(b);
  };
  const done = (next: number): Extracted => ({ word: Buffer.from(out).toString('utf8'), next });
  let quote = '';
  for (; ; i++) {
    const c = chars[i];
    if (quote) {
      if (c === undefined) return { error: 'quote', next: i };
      if (c === quote) quote = '';
      else if (c !== '\\' || flags.retainEscape) push(c);
      else {
        const r = backslash(i + 1);
        if ('error' in r) return r;
        i = r.next - 1;
      }
    } else if (c === undefined) return done(n);
    else if ((c === '"' || c === "'") && flags.unquote) quote = c;
    else if (c === '\\' && !flags.retainEscape) {
      const r = backslash(i + 1);
      if ('error' in r) return r;
      i = r.next - 1;
    } else if (WHITESPACE.includes(c)) {
      while (i < n && WHITESPACE.includes(chars[i]!)) i++;
      return done(i);
    } else push(c);
  }

  /** The character(s) after a backslash at j; returns where scanning continues. */
  function backslash(j: number): { next: number } | { error: 'escape' | 'quote'; next: number } {
    const c = chars[j];
    if (c === undefined) {
      if (flags.cunescapeRelax && !quote) {
        push('\\');
        return { next: n };
      }
      return { error: quote ? 'quote' : 'escape', next: j };
    }
    if (!flags.cunescape) {
      push(c);
      return { next: j + 1 };
    }
    const e = cunescapeOne(chars, j);
    if (e) {
      for (const b of e.bytes) out.push(b);
      return { next: j + e.length };
    }
    if (!flags.cunescapeRelax) return { error: 'escape', next: j };
    push('\\' + c);
    return { next: j + 1 };
  }
}

/** extract_first_word_and_warn: retries an invalid escape with EXTRACT_CUNESCAPE_RELAX. */
function extractAndWarn(chars: string[], i: number, flags: ExtractFlags, warnings: string[]): Extracted {
  const r = extractFirstWord(chars, i, flags);
  if (!('error' in r)) return r;
  const relaxed = extractFirstWord(chars, i, { ...flags, cunescapeRelax: true });
  if ('error' in relaxed) return relaxed;
  warnings.push(`Ignoring unknown escape sequences: "${relaxed.word}"`);
  return relaxed;
}

// ---------------------------------------------------------------------------------------------
// Exec*= command lines

/** One command of an Exec*= value as systemd reads it. */
export interface ExecCommand {
  /** The special executable prefixes as written (`-`, `@`, `:`, `+`, `!`, `!!`). */
  prefixes: string;
  /**
   * The executable path, then the words after it. The path is taken verbatim after `%%`
   * expansion (systemd never `$`-expands it); the other words after `%%` and `$$` expansion,
   * with `$VAR` and `${VAR}` left as text. With `@`, argv[1] is the argv[0] the process sees.
   */
  argv: string[];
  /** Why systemd refuses the line; argv is then empty. */
  error?: string;
  /** What systemd logs but tolerates (unknown escape sequences kept verbatim). */
  warnings?: string[];
}

/** An Exec*= value: its first command, and any further ones after lone `;` separators. */
export interface ParsedExecLine extends ExecCommand {
  more?: ExecCommand[];
}

/** Splits the special executable prefixes off the first word as config_parse_exec does (252). */
function stripPrefixes(word: string): { prefixes: string; rest: string } {
  let ignore = false;
  let argv0 = false;
  let noEnv = false;
  let privileged = false;
  let noSetuid = false;
  let ambient = false;
  let i = 0;
  for (; i < word.length; i++) {
    const c = word[i];
    if (c === '-' && !ignore) ignore = true;
    else if (c === '@' && !argv0) argv0 = true;
    else if (c === ':' && !noEnv) noEnv = true;
    else if (c === '+' && !privileged && !noSetuid && !ambient) privileged = true;
    else if (c === '!' && !privileged && !noSetuid && !ambient) noSetuid = true;
    else if (c === '!' && !privileged && !ambient) {
      noSetuid = false;
      ambient = true;
    } else break;
  }
  return { prefixes: word.slice(0, i), rest: word.slice(i) };
}

/** Why systemd would refuse `path` as the executable of a command line, or undefined if it takes it. */
export function executableProblem(path: string): string | undefined {
  if (path === '') return 'the executable path is empty';
  if (/["'\\\x00-\x1f\x7f]/.test(path))
    return 'systemd refuses quotes, backslashes and control characters in an executable path';
  if (path.endsWith('/')) return 'the executable path names a directory';
  if (path.startsWith('/')) {
    if (Buffer.byteLength(path) >= 4096) return 'the executable path is longer than PATH_MAX';
    if (path.split('/').some((c) => Buffer.byteLength(c) > 255))
      return 'a component of the executable path is longer than NAME_MAX';
    return undefined;
  }
  if (path.includes('/') || path === '.' || path === '..' || Buffer.byteLength(path) > 255)
    return 'the executable is neither an absolute path nor a plain file name';
  return undefined;
}

/** The literal text replace_env leaves of a word when nothing is set: `$$` becomes `$`, references stay. */
function literalDollars(word: string): string {
  if (word[0] === '$' && word[1] !== '{' && word[1] !== '$') return word; // `$VAR` as a whole word
  let out = '';
  let state: 'word' | 'curly' | 'variable' = 'word';
  for (const c of word) {
    if (state === 'curly') {
      if (c === '$') {
        state = 'word';
        continue; // the first `$` is already out
      }
      state = c === '{' ? 'variable' : 'word';
    } else if (state === 'variable') {
      if (c === '}' || c === ':') state = 'word';
    } else if (c === '$') state = 'curly';
    out += c;
  }
  return out;
}

/** One argument after the executable: `$` doubled unless `:` turned expansion off, `%` doubled, quoted. */
function quoteArg(arg: string, expandsEnv: boolean): string {
  refuseNul(arg, 'An Exec argument');
  if (arg === ';') return '\\;';
  const s = escapeSpecifiers(expandsEnv ? arg.replace(/\$/g, () => '$$') : arg);
  return quoteEscaped(s);
}

/** Writes one argument of an Exec*= line so that the process receives exactly `arg`. */
export function quoteExecArg(arg: string): string {
  return quoteArg(arg, true);
}

/**
 * Writes an argument already in systemd's `$VAR`/`${VAR}` syntax (a literal `$` written `$$`),
 * for commands that expand variables at run time: `%` doubled, quoted, `$` left alone. Also what
 * the arguments need after a `:` prefix, which turns `$` expansion off.
 */
export function quoteExpandingArg(arg: string): string {
  return quoteArg(arg, false);
}

/**
 * Writes a whole Exec*= value: prefixes (`-`, `+`, `@`…), the executable (argv[0]) and its
 * arguments; throws RangeError for an executable systemd would refuse. The executable keeps its
 * `$` (systemd runs the path unexpanded), but the process then sees `$$`/`${X}` in its argv[0]
 * expanded; `%` in it is only read back as `%` by systemd 233+. A plain file name instead of an
 * absolute path needs systemd 239+. With `@`, argv[1] is the argv[0] the process receives.
 */
export function execLine(argv: string[], prefixes = ''): string {
  if (argv.length === 0) throw new RangeError('A command line needs an executable');
  if (stripPrefixes(prefixes + '/').prefixes !== prefixes)
    throw new RangeError(`"${prefixes}" is not a valid combination of executable prefixes`);
  if (prefixes.includes('@') && argv.length < 2)
    throw new RangeError('The "@" prefix needs the argv[0] to pass after the executable');
  const path = argv[0]!;
  const problem =
    executableProblem(path) ??
    (stripPrefixes(prefixes + path).prefixes !== prefixes
      ? 'its first character would be read as an executable prefix'
      : undefined) ??
    (prefixes + path === ';' ? 'a lone ";" separates commands' : undefined);
  if (problem) throw new RangeError(`Cannot write executable "${path}": ${problem}`);
  const first = prefixes + escapeSpecifiers(path);
  const expandsEnv = !prefixes.includes(':');
  return [path.includes(' ') ? `"${first}"` : first, ...argv.slice(1).map((a) => quoteArg(a, expandsEnv))].join(' ');
}

/**
 * Reads an Exec*= value (after the unit file's line joining and blank stripping) the way
 * config_parse_exec and the spawn-time expansion do; never throws. On a refused line argv is
 * empty and error says why; systemd 252 would still keep the commands before a failing `;` one.
 */
export function parseExecLine(value: string): ParsedExecLine {
  const chars = Array.from(value);
  const flags: ExtractFlags = { unquote: true, cunescape: true };
  const warnings: string[] = [];
  const commands: ExecCommand[] = [];
  const fail = (prefixes: string, error: string): ParsedExecLine => ({
    prefixes,
    argv: [],
    error,
    ...(warnings.length ? { warnings } : {}),
  });
  let i = 0;
  let semicolon: boolean;
  do {
    semicolon = false;
    const first = extractAndWarn(chars, i, flags, warnings);
    if ('error' in first) return fail('', first.error === 'quote' ? 'Unbalanced quoting' : 'Invalid escape');
    if (first.word === null) break;
    i = first.next;
    if (first.word === ';') {
      semicolon = true;
      continue;
    }
    const { prefixes, rest } = stripPrefixes(first.word);
    const path = expandPercent(rest);
    const problem = executableProblem(path);
    if (problem) return fail(prefixes, problem);
    const expandsEnv = !prefixes.includes(':');
    const argv = [path];
    while (i < chars.length) {
      const next = chars[i + 1];
      if (chars[i] === ';' && (next === undefined || WHITESPACE.includes(next))) {
        i++;
        while (i < chars.length && WHITESPACE.includes(chars[i]!)) i++;
        semicolon = true;
        break;
      }
      const after = chars[i + 2];
      if (chars[i] === '\\' && next === ';' && (after === undefined || WHITESPACE.includes(after))) {
        i += 2;
        while (i < chars.length && WHITESPACE.includes(chars[i]!)) i++;
        argv.push(';');
        continue;
      }
      const w = extractAndWarn(chars, i, flags, warnings);
      if ('error' in w) return fail(prefixes, w.error === 'quote' ? 'Unbalanced quoting' : 'Invalid escape');
      if (w.word === null) break;
      i = w.next;
      const word = expandPercent(w.word);
      argv.push(expandsEnv ? literalDollars(word) : word);
    }
    if (prefixes.includes('@') && argv.length < 2) return fail(prefixes, 'Empty executable name or zeroeth argument');
    commands.push({ prefixes, argv });
  } while (semicolon);
  if (commands.length === 0) return { prefixes: '', argv: [], ...(warnings.length ? { warnings } : {}) };
  const [head, ...more] = commands;
  return { ...head!, ...(more.length ? { more } : {}), ...(warnings.length ? { warnings } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Environment=

/** True for names systemd accepts in an assignment: ASCII letters, digits and `_`, no leading digit. */
export function isValidEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Writes an Environment= value holding each KEY=VALUE exactly (quoted only when needed, `%` doubled). */
export function quoteEnvironment(assignments: Array<[string, string]>): string {
  return assignments
    .map(([key, value]) => {
      if (!isValidEnvName(key)) throw new RangeError(`"${key}" is not a valid environment variable name`);
      refuseNul(value, `The value of ${key}`);
      return quoteEscaped(escapeSpecifiers(`${key}=${value}`));
    })
    .join(' ');
}

/** Reads an Environment= value as config_parse_environ (233+) does; later assignments of a name win. */
export function parseEnvironment(value: string): Array<[string, string]> {
  const chars = Array.from(value);
  const env: Array<[string, string]> = [];
  for (let i = 0; ;) {
    const r = extractFirstWord(chars, i, { unquote: true, cunescape: true });
    if ('error' in r || r.word === null) return env; // systemd ignores the rest after a syntax error
    i = r.next;
    const word = expandPercent(r.word);
    const eq = word.indexOf('=');
    if (eq < 0 || !isValidEnvName(word.slice(0, eq))) continue;
    const entry: [string, string] = [word.slice(0, eq), word.slice(eq + 1)];
    const at = env.findIndex(([k]) => k === entry[0]);
    if (at >= 0) env[at] = entry;
    else env.push(entry);
  }
}

// ---------------------------------------------------------------------------------------------
// Space-separated lists

/**
 * Writes one word of a space-separated list so that config_parse_strv (EXTRACT_UNQUOTE |
 * EXTRACT_RETAIN_ESCAPE: [Install] WantedBy=, Also=, and most string lists) reads it back: bare
 * unless it holds a blank or a quote, then wrapped in quotes, never with backslash escapes (so
 * 229's whole-word quotes read it too, except a word holding both kinds of quote). Unit-name
 * lists (After=, Wants=…) never unquote, but names never need quoting and come back bare. Path
 * lists (ReadWritePaths=…) take a backslash as an escape since 233: paths with one are not
 * portable there. Does not touch `%`: apply escapeSpecifiers first where specifiers expand.
 */
export function quoteWord(s: string): string {
  if (/[\n\r\0]/.test(s)) throw new RangeError('A list word cannot hold a newline, carriage return or NUL');
  if (s === '') return '""';
  if (!/[ \t"']/.test(s)) return s;
  if (!s.includes('"')) return `"${s}"`;
  if (!s.includes("'")) return `'${s}'`;
  return s
    .split('"')
    .map((part) => (part ? `"${part}"` : ''))
    .join(`'"'`);
}

/**
 * Reads a list value as config_parse_strv does (quotes removed, backslashes kept); with
 * `escapes`, as the path lists do (a backslash takes the next character literally). Stops at a
 * syntax error, keeping the words before it, as systemd does.
 */
export function parseWords(value: string, escapes = false): string[] {
  const chars = Array.from(value);
  const words: string[] = [];
  for (let i = 0; ;) {
    const r = extractFirstWord(chars, i, { unquote: true, cunescape: false, retainEscape: !escapes });
    if ('error' in r || r.word === null) return words;
    words.push(r.word);
    i = r.next;
  }
}

// ---------------------------------------------------------------------------------------------
// Verbatim values

/**
 * Writes a single-value directive taken verbatim after specifier expansion (Description=,
 * WorkingDirectory=, User=…). Such values have no escapes, so a newline, carriage return or NUL
 * cannot be written (throws RangeError); leading and trailing blanks are dropped, as systemd
 * strips them; a trailing backslash gets a blank after it, or systemd would join the next line.
 */
export function escapeValue(s: string): string {
  if (/[\n\r\0]/.test(s)) throw new RangeError('A unit file value cannot hold a newline, carriage return or NUL');
  let v = escapeSpecifiers(s).replace(/^[ \t]+|[ \t]+$/g, '');
  const trailing = /\\+$/.exec(v)?.[0].length ?? 0;
  if (trailing % 2 === 1) v += ' ';
  return v;
}

// ---------------------------------------------------------------------------------------------
// Unit names and paths

/** `\xNN` escapes of the UTF-8 bytes of one character, as unit_name_escape writes them. */
function hexEscape(c: string): string {
  return Array.from(Buffer.from(c, 'utf8'), (b) => '\\x' + b.toString(16).padStart(2, '0')).join('');
}

/** A short stable digest, FNV-1a over the UTF-8 bytes, to tell apart shortened names. */
function digest(s: string): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Turns an Upstart job name (`net/apache`) into a unit name prefix (`net-apache`): characters
 * valid in unit names stay, `/` becomes `-`, everything else (and a leading `.`) becomes `\xNN`
 * per UTF-8 byte. Readable, not reversible: `net/apache` and `net-apache` both give `net-apache`,
 * so callers must detect collisions. Over UNIT_PREFIX_MAX characters the name is shortened and
 * ends in `-` and a digest of the job name, so that any suffix still fits in 255 characters.
 */
export function escapeUnitName(jobName: string): string {
  let name = UNIT_NAMES.get(jobName);
  if (name === undefined) {
    name = computeUnitName(jobName);
    if (UNIT_NAMES.size > 100_000) UNIT_NAMES.clear();
    UNIT_NAMES.set(jobName, name);
  }
  return name;
}

/** escapeUnitName's results (a pure function asked again and again for the same names). */
const UNIT_NAMES = new Map<string, string>();

/** escapeUnitName without the cache. */
function computeUnitName(jobName: string): string {
  if (jobName === '') throw new RangeError('An empty job name has no unit name');
  const parts = Array.from(jobName, (c, i) => {
    if (c === '/') return '-';
    if (i === 0 && c === '.') return '\\x2e';
    return UNIT_NAME_CHAR.test(c) ? c : hexEscape(c);
  });
  const whole = parts.join('');
  if (whole.length <= UNIT_PREFIX_MAX) return whole;
  const tail = '-' + digest(jobName);
  let head = '';
  for (const p of parts) {
    if (head.length + p.length + tail.length > UNIT_PREFIX_MAX) break;
    head += p;
  }
  return head + tail;
}

/** unit_name_is_valid: a full unit name (plain, template `foo@.service` or instance) of at most 255 bytes. */
export function isValidUnitName(name: string): boolean {
  if (name === '' || Buffer.byteLength(name) > UNIT_NAME_MAX) return false;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !UNIT_TYPES.includes(name.slice(dot + 1))) return false;
  const body = name.slice(0, dot);
  return !body.startsWith('@') && Array.from(body).every((c) => c === '@' || UNIT_NAME_CHAR.test(c));
}

/** unit_name_escape: every byte outside VALID_CHARS, plus `-`, `\` and a leading `.`, as `\xNN`. */
function unitNameEscape(s: string): string {
  return Array.from(s, (c, i) => {
    if (c === '/') return '-';
    if ((i === 0 && c === '.') || c === '-' || c === '\\' || !UNIT_NAME_CHAR.test(c)) return hexEscape(c);
    return c;
  }).join('');
}

/** The same as `systemd-escape --path` (252): throws RangeError where the tool refuses the path. */
export function escapePath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) {
    if (path === '' || path.startsWith('/')) return '-';
    throw new RangeError(`"${path}" is not a normalized path`);
  }
  if (parts.includes('..')) throw new RangeError(`"${path}" is not a normalized path`);
  if (parts.some((p) => Buffer.byteLength(p) > 255) || Buffer.byteLength(parts.join('/')) + 1 >= 4096) {
    throw new RangeError(`"${path}" is not a valid path`);
  }
  return unitNameEscape(parts.join('/'));
}
