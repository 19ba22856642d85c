/**
 * A faithful re-implementation of libnih's configuration tokeniser (nih/config.c, 1.0.3 line),
 * including its quirks, because Upstart job files mean exactly what this tokeniser makes of them.
 * See docs/parser.md#the-lexer-srcupstartlexerts.
 *
 * The scanner works on a cursor {pos, line} that callers copy and advance, mirroring the C code's
 * `size_t *pos, size_t *lineno` pairs, so error positions come out where Upstart reports them.
 */

/** Blank characters: CR is a blank, so CRLF files mostly work. */
export const WS = ' \t\r';
/** Characters that end a line for the purposes of "is there another token". */
export const CNL = '#\n';
/** Characters that separate tokens in argument mode. */
export const CNLWS = ' \t\r#\n';
/** Argument delimiters inside `start on` / `stop on`, where parentheses are self-delimiting. */
export const EVENT_DELIMS = '()' + CNLWS;
/** Characters a backslash escapes (removing itself when dequoting); any other keeps the backslash. */
const ESCAPABLE = '\\ \t\r';

/**
 * libnih's `strchr(set, c)`: true for a character of the set and for NUL, which C's strchr finds
 * as the set's terminator. So a NUL byte is a blank, a delimiter and a line end all at once, and
 * Upstart reads past it (libnih nih_config_token, nih_config_skip_whitespace).
 */
export function inSet(set: string, ch: string | undefined): boolean {
  return ch !== undefined && (ch === '\0' || set.includes(ch));
}

/** A C string's view of a token: everything from its first NUL on is lost (nih_alloc'd copies are NUL-terminated). */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** The error codes of libnih and Upstart's parser (ERRORS.md). */
export type ParseErrorCode =
  | 'EXPECTED_TOKEN'
  | 'UNEXPECTED_TOKEN'
  | 'TRAILING_SLASH'
  | 'UNTERMINATED_QUOTE'
  | 'UNTERMINATED_BLOCK'
  | 'UNKNOWN_STANZA'
  | 'ILLEGAL_INTERVAL'
  | 'ILLEGAL_EXIT'
  | 'ILLEGAL_SIGNAL'
  | 'ILLEGAL_UMASK'
  | 'ILLEGAL_NICE'
  | 'ILLEGAL_OOM'
  | 'ILLEGAL_LIMIT'
  | 'EXPECTED_EVENT'
  | 'EXPECTED_OPERATOR'
  | 'EXPECTED_VARIABLE'
  | 'MISMATCHED_PARENS';

/** A scanning position: offset into the text and the 1-based line it is on. */
export interface Cursor {
  pos: number;
  line: number;
}

/**
 * Raised inside the parser when Upstart would reject the file; caught at the parser's boundary
 * and turned into a diagnostic, so it never escapes to callers.
 */
export class UpstartSyntaxError {
  constructor(
    readonly code: ParseErrorCode,
    readonly pos: number,
    readonly line: number,
    readonly detail?: string,
  ) {}
}

/** Throws the syntax error `code` at the cursor's position. */
export function fail(code: ParseErrorCode, at: Cursor, detail?: string): never {
  throw new UpstartSyntaxError(code, at.pos, at.line, detail);
}

/** Copies a cursor so a handler can scan ahead and still report the earlier position. */
export function copy(c: Cursor): Cursor {
  return { pos: c.pos, line: c.line };
}

/** Moves `to` onto `from` (the C code's `*pos = a_pos; *lineno = a_lineno`). */
export function commit(to: Cursor, from: Cursor): void {
  to.pos = from.pos;
  to.line = from.line;
}

/** True when the cursor is at a token: not at end of file, a comment or a newline. */
export function hasToken(text: string, c: Cursor): boolean {
  return c.pos < text.length && !inSet(CNL, text[c.pos]);
}

/**
 * What scanToken copies before the character at `p`: the pending blanks (one space for a line
 * continuation) and a backslash it keeps — in libnih's order, so its quirks come out the same.
 */
function copiedBefore(text: string, p: number, ws: number, nl: boolean, escaped: boolean, dequote: boolean): string {
  if (escaped && !inSet(ESCAPABLE, text[p])) {
    // libnih emits the kept backslash first, then copies pending blanks from one byte too late.
    return '\\' + (nl ? ' ' : ws ? text.slice(p - ws, p) : '');
  }
  const back = escaped ? 1 : 0;
  const blanks = nl ? ' ' : ws ? text.slice(p - ws - back, p - back) : '';
  return blanks + (escaped && !dequote ? '\\' : '');
}

/** A scanned token: its text, and the length libnih computes for it (which decides "Expected token"). */
export interface ScannedToken {
  value: string;
  /**
   * nih_config_token's `toklen`: the characters read, less trailing blanks, escaped newlines with
   * the blanks around them, and removed quotes and backslashes. A line continuation's backslash is
   * never subtracted: it stands for the space a following character gets, so a token that ends
   * with a continuation (`""\` + newline) counts one more than its text and is not empty.
   */
  length: number;
}

/**
 * Scans one token up to an unquoted, unescaped delimiter and returns its text. With `dequote`,
 * quotes and escapable backslashes are removed (argument mode); without, they are kept (command
 * mode). Reproduces libnih's mis-copy of blanks before a backslash-escaped ordinary character.
 */
export function scanToken(text: string, c: Cursor, delims: string, dequote: boolean): string {
  return scanTokenLength(text, c, delims, dequote).value;
}

/**
 * scanToken with libnih's token length (see ScannedToken); the text ends at a NUL, as a C string
 * does. Characters copied as they are, one after the other, are sliced from the text in one piece
 * (text[runStart, runEnd)) instead of appended one by one: a token is one flat string, not a chain
 * of one concatenation per character.
 */
export function scanTokenLength(text: string, c: Cursor, delims: string, dequote: boolean): ScannedToken {
  const start = c.pos;
  let out = '';
  let [nlws, qc] = [0, 0]; // what libnih subtracts from the characters read to get the token's length
  let [runStart, runEnd] = [-1, -1];
  let [slash, quote, ws, nl] = [false, '', 0, false];
  let p = c.pos;
  for (; p < text.length; p++) {
    const ch = text[p]!;
    let [escaped, isQuote] = [false, false];
    if (slash) {
      slash = false;
      if (ch === '\n') {
        [nl, nlws, c.line] = [true, nlws + 1, c.line + 1];
        continue;
      }
      escaped = true;
      if (dequote && inSet(ESCAPABLE, ch)) qc++;
    } else if (ch === '\\') {
      slash = true;
      continue;
    } else if (quote) {
      if (ch === quote) {
        quote = '';
        isQuote = true;
      } else if (ch === '\n') {
        nl = true;
        c.line++;
        continue;
      } else if (inSet(WS, ch)) {
        ws++;
        continue;
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      isQuote = true;
    } else if (inSet(delims, ch)) {
      break;
    } else if (inSet(WS, ch)) {
      ws++;
      continue;
    }

    if (nl) nlws += ws;
    if (isQuote && dequote) qc++;
    const before = copiedBefore(text, p, ws, nl, escaped, dequote);
    const keep = !(isQuote && dequote);
    if (before === '' && keep && runStart >= 0 && runEnd === p) runEnd = p + 1;
    else {
      out += (runStart >= 0 ? text.slice(runStart, runEnd) : '') + before;
      [runStart, runEnd] = keep ? [p, p + 1] : [-1, -1];
    }
    [ws, nl] = [0, false];
  }
  if (runStart >= 0) out += text.slice(runStart, runEnd);
  c.pos = p;
  if (slash) fail('TRAILING_SLASH', c);
  if (quote) fail('UNTERMINATED_QUOTE', c);
  return { value: cString(out), length: p - start - ws - nlws - qc };
}

/** Skips blanks and backslash-newline pairs (libnih's nih_config_skip_whitespace). */
export function skipWhitespace(text: string, c: Cursor): void {
  while (c.pos < text.length) {
    const ch = text[c.pos]!;
    if (ch === '\\') {
      if (text[c.pos + 1] !== '\n') return;
      c.pos++;
    } else if (!inSet(WS, ch)) {
      return;
    }
    if (text[c.pos] === '\n') c.line++;
    c.pos++;
  }
}

/**
 * Reads a non-empty token and the blanks after it (nih_config_next_token). An empty token is
 * "Expected token", reported where scanning stopped.
 */
export function nextToken(text: string, c: Cursor, delims: string, dequote: boolean): string {
  const { value, length } = scanTokenLength(text, c, delims, dequote);
  if (length === 0) fail('EXPECTED_TOKEN', c);
  skipWhitespace(text, c);
  return value;
}

/** Reads one dequoted argument (nih_config_next_arg). */
export function nextArg(text: string, c: Cursor): string {
  return nextToken(text, c, CNLWS, true);
}

/** Moves past the end of the current line. */
export function nextLine(text: string, c: Cursor): void {
  while (c.pos < text.length && text[c.pos] !== '\n') c.pos++;
  if (c.pos < text.length) {
    c.line++;
    c.pos++;
  }
}

/** Requires that only a comment or the end of line remains, then moves past the line. */
export function skipComment(text: string, c: Cursor): void {
  if (hasToken(text, c)) fail('UNEXPECTED_TOKEN', c);
  nextLine(text, c);
}

/** Reads dequoted arguments to the end of the line (nih_config_parse_args); never "unexpected". */
export function parseArgs(text: string, c: Cursor): string[] {
  const args: string[] = [];
  while (hasToken(text, c)) args.push(nextArg(text, c));
  skipComment(text, c);
  return args;
}

/** Reads the rest of the line as a raw command, quotes and backslashes kept, trailing blanks cut. */
export function parseCommand(text: string, c: Cursor): string {
  const cmd = scanToken(text, c, CNL, false);
  skipComment(text, c);
  return cmd;
}

/** Returns the end of a block if the line at `c` is `end TYPE` (advancing past it), else -1. */
function blockEnd(text: string, c: Cursor, type: string): number {
  let p = c.pos;
  const len = text.length;
  while (p < len && inSet(WS, text[p])) p++;
  if (len - p < 4 || !text.startsWith('end', p)) return -1;
  if (!inSet(WS, text[p + 3])) return -1;
  p += 3;
  while (p < len && inSet(WS, text[p])) p++;
  if (len - p < type.length || !text.startsWith(type, p)) return -1;
  p += type.length;
  while (p < len && inSet(WS, text[p])) p++;
  if (p < len && text[p] === '#') while (p < len && text[p] !== '\n') p++;
  if (p < len && text[p] !== '\n') return -1;
  if (p < len) {
    c.line++;
    p++;
  }
  const end = c.pos;
  c.pos = p;
  return end;
}

/**
 * Reads a block up to its `end TYPE` line and removes the indentation common to all lines,
 * compared byte by byte with the first line's (so one empty line disables de-indenting).
 */
export function parseBlock(text: string, c: Cursor, type: string): string {
  const start = c.pos;
  let ws = -1;
  let end: number;
  while ((end = blockEnd(text, c, type)) < 0) {
    const lineStart = c.pos;
    let p = c.pos;
    if (ws < 0) {
      while (p < text.length && inSet(WS, text[p])) p++;
      ws = p - lineStart;
    } else {
      while (p < text.length && p - lineStart < ws && text[start + p - lineStart] === text[p]) p++;
      if (p - lineStart < ws) ws = p - lineStart;
    }
    c.pos = p;
    nextLine(text, c);
    if (c.pos >= text.length) fail('UNTERMINATED_BLOCK', c);
  }
  const lines: string[] = [];
  let pp = start;
  while (pp < end) {
    pp += ws;
    const lineStart = pp;
    while (text[pp++] !== '\n');
    // strncat: a line is copied up to a NUL, and the rest of it (its newline too) is lost
    lines.push(cString(text.slice(lineStart, pp)));
  }
  return lines.join(''); // one flat string, not a chain of one concatenation per line
}
