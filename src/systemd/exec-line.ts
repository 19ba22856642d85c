/**
 * Exec*= command lines: writing one so the process receives exactly the argv we mean, and reading
 * one back the way config_parse_exec and the spawn-time expansion do.
 *
 * Sources: src/core/load-fragment.c (config_parse_exec), src/basic/env-util.c (replace_env,
 * replace_env_argv), systemd.service(5) "Command lines". Specifiers and the quoting every
 * writer shares: escape.ts and escape-core.ts.
 *
 * Version differences that shape the output (from the sources of 229-era and 252-era releases):
 * - 229 and later all split with extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE)
 *   and all treat a lone unquoted `;` as a command separator and `\;` as a literal `;`.
 *   `$$` at the start of a word is a literal `$` since v228 (PR #1487); before, the word was
 *   taken as a variable reference and dropped.
 * - The executable path itself never goes through `$` expansion (only argv does), so `$` in it
 *   is written as-is; a `:` prefix (v249+) turns off `$` expansion for the arguments too.
 *
 * Confirmed on the real systemd 252 (lab.sh: units written by this module, started, the argv
 * the process got dumped by python3 and compared):
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
 * - parseExecLine against systemd on 149 random lines over `a \t " ' \ ; n x 4 1 é s u 0 q`
 *   after the executable: the same argv for all, and a refused unit exactly where it reports
 *   an error, but one whose error is in a second command (systemd ran the first).
 */
import { escapeSpecifiers } from './escape';
import { type ExtractFlags, WHITESPACE, expandPercent, extractAndWarn, quoteEscaped, refuseNul } from './escape-core';

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

/** What makes an Exec*= value more than words: quotes, escapes, separators, specifiers, variables, surrogates. */
const NOT_PLAIN = /["'\\;%$\uD800-\uDFFF]/;

/**
 * An Exec*= value of plain words (none of NOT_PLAIN) read as parseExecLine reads it — its words
 * as they are, the executable after its prefixes — or undefined for any other value.
 */
function plainExecLine(value: string): ParsedExecLine | undefined {
  if (NOT_PLAIN.test(value)) return undefined;
  const words = value.split(/[ \t\n\r]+/);
  if (words[0] === '') words.shift();
  if (words[words.length - 1] === '') words.pop();
  if (words.length === 0) return { prefixes: '', argv: [] };
  const { prefixes, rest } = stripPrefixes(words[0]!);
  const problem = executableProblem(rest);
  if (problem) return { prefixes, argv: [], error: problem };
  if (prefixes.includes('@') && words.length < 2)
    return { prefixes, argv: [], error: 'Empty executable name or zeroeth argument' };
  words[0] = rest;
  return { prefixes, argv: words };
}

/**
 * Reads an Exec*= value (after the unit file's line joining and blank stripping) the way
 * config_parse_exec and the spawn-time expansion do; never throws. On a refused line argv is
 * empty and error says why; systemd 252 would still keep the commands before a failing `;` one.
 */
export function parseExecLine(value: string): ParsedExecLine {
  const plain = plainExecLine(value);
  if (plain) return plain;
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
