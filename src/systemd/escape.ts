/**
 * systemd's own quoting and escaping rules: specifiers (`%`), Environment=, space-separated lists
 * and verbatim values here; command lines (Exec*=) in exec-line.ts; unit names and paths in
 * unit-names.ts; the word reader and the double-quoted writing they all share in escape-core.ts.
 *
 * Sources: src/core/load-fragment.c (config_parse_environ, config_parse_strv), src/shared/conf-parser.c
 * (line continuation), systemd.syntax(7) "Quoting", systemd.unit(5) "Specifiers".
 *
 * Everything we write must mean the same to systemd 229 (Ubuntu 16.04) and 252..255, so the
 * writers only use the common subset: whole words wrapped in double quotes, and inside them
 * only the escapes \\ \" \n \t \r \xNN, which every cunescape_one since 2015 accepts.
 *
 * Version differences that shape the output (from the sources of 229-era and 252-era releases):
 * - Specifiers: in 229 they were expanded in argv at spawn time, and systemd.service(5) said the
 *   executable may not contain any; since 233 (PR #4835) both are expanded at load time. `%` in
 *   an executable path is therefore not portable.
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
 * Confirmed on the real systemd 252 (lab.sh: units written by these modules, started, the
 * environment the process got dumped by python3 and compared; `systemctl show` for the rest):
 * - Environment=: 11 values (blanks, both quotes, backslash, `100% %n`, `$HOME ${HOME} $$`, tab,
 *   newline, empty, UTF-8, `a=b`, `;`) reached the process exactly. `A=it's B=ok` is refused
 *   whole ("Invalid syntax"); `"C=x"y` gives C=xy; `ONE='one'` gives `one` (systemd.service(5)
 *   still shows `'one'`, the FOREACH_WORD_QUOTED reading of 229).
 * - Lines: `Description=x \` followed by a space is `x \`; without the space the next line is
 *   appended after a blank. Leading and trailing blanks of a value are dropped.
 * - Lists: ReadWritePaths= reads `"/a b"`, `"/it's"` and `'/say "x"'` back.
 */
import { expandPercent, extractFirstWord, quoteEscaped, refuseNul } from './escape-core';

/** Doubles `%` so that systemd's specifier expansion gives back the text (`%%` is a literal `%`). */
export function escapeSpecifiers(s: string): string {
  return s.replace(/%/g, '%%');
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

/**
 * A literal word (a path, a name) for a space-separated list in unit syntax: `%` doubled, quoted
 * when it holds a blank or a quote. Never throws: a word with a line break is left unquoted for
 * the emission check to refuse (src/systemd/emit.ts).
 */
export function unitWord(s: string): string {
  const escaped = escapeSpecifiers(s);
  return /[\n\r\0]/.test(escaped) ? escaped : quoteWord(escaped);
}
