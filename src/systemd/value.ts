/**
 * Directive values as typed data, and the one place they become unit-file text. A value says what
 * it is (a path, a command line, an environment assignment, a word list, free text, or text already
 * in unit syntax); `writeValue` escapes it for that context or says why it cannot be written
 * (never throws); `readBackProblem` reads written text the way systemd does and says where it
 * differs from the value, for the check of every emitted file (emit.ts).
 *
 * How each kind is read by systemd, and the escaping rules: escape.ts, exec-line.ts,
 * escape-core.ts; what systemd refuses: value-rules.ts.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import { escapeSpecifiers, escapeValue, parseEnvironment, parseWords, quoteEnvironment, quoteWord } from './escape';
import { expandPercent } from './escape-core';
import { execLine, parseExecLine, quoteExpandingArg } from './exec-line';
import { isValidUnitName } from './unit-names';
import {
  absolutePathProblem,
  envNameProblem,
  lineBreakProblem,
  startsWithExecPrefix,
  unitSyntaxProblem,
  userGroupNameProblem,
} from './value-rules';

/**
 * How a space-separated list reads its words: unit names (After=, Wants=, WantedBy=, Also=…:
 * never quoted), absolute paths with optional `-`/`+` prefixes (RequiresMountsFor=,
 * ReadWritePaths=…: quoted where needed), group names (SupplementaryGroups=: split at blanks, no
 * quoting) or environment variable names (PassEnvironment=).
 */
export type WordList = 'units' | 'paths' | 'groups' | 'env-names';

/**
 * The specifier an instance variable is written with: the instance name unescaped, so a job started
 * as `NAME@br\x2dlan.service` (systemd-escape) sees `br-lan`, as it did under Upstart (`%i` would
 * hand it the escaped `br\x2dlan`).
 */
export const INSTANCE_SPECIFIER = '%I';

/** A directive's value as data; `at` is where it came from, for diagnostics. */
export type UnitValue =
  /** Already in unit syntax (keywords, numbers, profile values, a table's rewrite): written as it is. */
  | { kind: 'raw'; text: string }
  /** Free text taken verbatim after specifier expansion (Description=, Condition*=, ListenStream=…). */
  | { kind: 'text'; text: string; at?: SourcePos }
  /** An absolute path taken verbatim (WorkingDirectory=…), after a prefix such as `-` or `file:`. */
  | { kind: 'path'; path: string; prefix?: string; at?: SourcePos }
  /** A user or group name (User=, Group=). */
  | { kind: 'user'; name: string; at?: SourcePos }
  /**
   * A command line: `argv` exactly as the process gets it, or with `expanding` in systemd's
   * `$VAR`/`${VAR}` syntax (a literal `$` written `$$`); `prefixes` such as `-`.
   */
  | { kind: 'exec'; argv: string[]; prefixes: string; expanding?: boolean; at?: SourcePos }
  /**
   * One Environment= assignment; with `instance`, the value is the `%I` specifier itself: the
   * instance name unescaped (`br-lan` for `NAME@br\x2dlan.service`), as the job saw it.
   */
  | { kind: 'env'; name: string; value: string; instance?: boolean; at?: SourcePos }
  /** A space-separated list. */
  | { kind: 'words'; list: WordList; words: string[]; at?: SourcePos };

/** The text of a value, or why it cannot be written so that systemd reads it back. */
export type Written = { text: string } | { problem: string };

/** A value already in unit syntax. */
export function raw(text: string): UnitValue {
  return { kind: 'raw', text };
}

/** Free text. */
export function freeText(s: string, at?: SourcePos): UnitValue {
  return { kind: 'text', text: s, ...(at ? { at } : {}) };
}

/** An absolute path, with an optional prefix (`-`, `file:`). */
export function absolutePath(p: string, prefix = '', at?: SourcePos): UnitValue {
  return { kind: 'path', path: p, ...(prefix ? { prefix } : {}), ...(at ? { at } : {}) };
}

/** A word list of one kind. */
export function wordList(list: WordList, ws: readonly string[], at?: SourcePos): UnitValue {
  return { kind: 'words', list, words: [...ws], ...(at ? { at } : {}) };
}

/** Runs an escaper of escape.ts/exec-line.ts, turning the RangeError it throws into a problem. */
function guarded(write: () => string): Written {
  try {
    return { text: write() };
  } catch (err) {
    if (err instanceof RangeError) return { problem: err.message };
    throw err;
  }
}

/** Why raw text would not read back as itself (or, for a directive we know, what systemd refuses in it). */
function rawProblem(s: string, key: string | undefined): string | undefined {
  const lineBreak = lineBreakProblem(s);
  if (lineBreak) return lineBreak;
  if (/^[ \t]|[ \t]$/.test(s)) return 'it starts or ends with a blank, which systemd drops';
  if ((/\\+$/.exec(s)?.[0].length ?? 0) % 2 === 1) return 'it ends with a backslash, which joins the next line to it';
  return key === undefined ? undefined : unitSyntaxProblem(key, s);
}

/** Why one word of a list cannot be written, or undefined. */
function wordProblem(list: WordList, w: string): string | undefined {
  switch (list) {
    case 'units':
      return isValidUnitName(w) ? undefined : `"${w}" is not a valid unit name`;
    case 'env-names':
      return envNameProblem(w);
    case 'groups':
      return (
        userGroupNameProblem(w) ??
        (/[\s"'\\]/.test(w) ? `"${w}" holds a blank, quote or backslash, which this list cannot quote` : undefined)
      );
    case 'paths':
      return (
        absolutePathProblem(w.replace(/^-?\+?/, '')) ??
        (w.includes('\\') ? 'systemd versions read a backslash in a path list differently' : undefined)
      );
  }
}

/** A word list's text: paths quoted where needed, `%` doubled where specifiers expand. */
function writeWords(list: WordList, ws: readonly string[]): Written {
  if (ws.length === 0) return { problem: 'the list is empty' };
  for (const w of ws) {
    const problem = wordProblem(list, w);
    if (problem) return { problem };
  }
  if (list === 'paths') return guarded(() => ws.map((w) => quoteWord(escapeSpecifiers(w))).join(' '));
  if (list === 'groups') return { text: ws.map(escapeSpecifiers).join(' ') };
  return { text: ws.join(' ') };
}

/** A command line's text, or why systemd would refuse or misread it. */
function writeExec(v: Extract<UnitValue, { kind: 'exec' }>): Written {
  const program = v.argv[0];
  if (program !== undefined && startsWithExecPrefix(program))
    return { problem: `the executable "${program}" starts with a character systemd reads as a prefix` };
  if (!v.expanding) return guarded(() => execLine(v.argv, v.prefixes));
  // the executable as execLine writes it (never `$`-expanded), then the arguments in their own `$` syntax
  const first = guarded(() => execLine(v.argv.slice(0, 1), v.prefixes));
  if ('problem' in first) return first;
  return guarded(() => [first.text, ...v.argv.slice(1).map(quoteExpandingArg)].join(' '));
}

/** Writes a value for its context (for raw text, `key` says which directive's rules to check); never throws. */
export function writeValue(v: UnitValue, key?: string): Written {
  switch (v.kind) {
    case 'raw': {
      const problem = rawProblem(v.text, key);
      return problem ? { problem } : { text: v.text };
    }
    case 'text':
      return guarded(() => escapeValue(v.text));
    case 'path': {
      const problem =
        absolutePathProblem(v.path) ??
        (/[ \t]$/.test(v.path) ? 'the path ends with a blank, which systemd drops' : undefined);
      return problem ? { problem } : guarded(() => (v.prefix ?? '') + escapeValue(v.path));
    }
    case 'user': {
      const problem = userGroupNameProblem(v.name);
      return problem ? { problem } : guarded(() => escapeValue(v.name));
    }
    case 'exec':
      return writeExec(v);
    case 'env': {
      const problem = envNameProblem(v.name);
      if (problem) return { problem };
      if (v.instance) return guarded(() => quoteEnvironment([[v.name, '']]) + INSTANCE_SPECIFIER);
      return guarded(() => quoteEnvironment([[v.name, v.value]]));
    }
    case 'words':
      return writeWords(v.list, v.words);
  }
}

/** A short, printable rendering of a value for messages. */
export function describeValue(v: UnitValue): string {
  const shown = ((): string => {
    switch (v.kind) {
      case 'raw':
      case 'text':
        return v.text;
      case 'path':
        return (v.prefix ?? '') + v.path;
      case 'user':
        return v.name;
      case 'exec':
        return v.prefixes + v.argv.join(' ');
      case 'env':
        return `${v.name}=${v.instance ? INSTANCE_SPECIFIER : v.value}`;
      case 'words':
        return v.words.join(' ');
    }
  })();
  return JSON.stringify(shown.length > 80 ? shown.slice(0, 77) + '...' : shown);
}

/** Same strings in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What systemd makes of an Exec*= value, against the command of the value. */
function execReadBack(v: Extract<UnitValue, { kind: 'exec' }>, read: string): boolean {
  // a `:` in front turns off `$$` expansion, so that the `$VAR` syntax of an expanding command reads back as written
  const parsed = parseExecLine(v.expanding ? ':' + read : read);
  if (parsed.error || parsed.more) return false;
  const prefixes = v.expanding ? parsed.prefixes.replace(':', '') : parsed.prefixes;
  return prefixes === v.prefixes && sameList(parsed.argv, v.argv);
}

/** What systemd makes of a word list, against the words of the value. */
function wordsReadBack(v: Extract<UnitValue, { kind: 'words' }>, read: string): boolean {
  if (v.list === 'paths') return sameList(parseWords(read, true).map(expandPercent), v.words);
  const split = read.split(/[ \t]+/).filter(Boolean);
  return sameList(v.list === 'groups' ? split.map(expandPercent) : split, v.words);
}

/**
 * Reads `read` (a value as systemd hands it to the directive's parser: after line joining and
 * blank stripping) as systemd would for the value's kind; true when it means exactly the value.
 */
export function readsBackAs(v: UnitValue, read: string): boolean {
  switch (v.kind) {
    case 'raw':
      return read === v.text;
    case 'text':
      return expandPercent(read) === v.text.replace(/^[ \t]+|[ \t]+$/g, '');
    case 'path': {
      const prefix = v.prefix ?? '';
      return read.startsWith(prefix) && expandPercent(read.slice(prefix.length)) === v.path;
    }
    case 'user':
      return expandPercent(read) === v.name;
    case 'exec':
      return execReadBack(v, read);
    case 'env': {
      const env = parseEnvironment(read);
      return env.length === 1 && env[0]![0] === v.name && env[0]![1] === (v.instance ? INSTANCE_SPECIFIER : v.value);
    }
    case 'words':
      return wordsReadBack(v, read);
  }
}
