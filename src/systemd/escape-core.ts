/**
 * The two halves every escaping module builds on: how systemd reads a word of a unit-file value
 * (extract_first_word with its flags, cunescape_one, the `%%` of specifier_printf), and how we
 * write one so that every systemd since 229 reads it back (a whole word in double quotes, with
 * only the escapes \\ \" \n \t \r \xNN, which every cunescape_one since 2015 accepts).
 *
 * Sources: src/basic/extract-word.c (extract_first_word), src/basic/escape.c (cunescape_one),
 * src/shared/specifier.c (specifier_printf), systemd.syntax(7) "Quoting".
 */

/** The separators of extract_first_word when none are given (systemd's WHITESPACE). */
export const WHITESPACE = ' \t\n\r';

/** Characters that force quoting of an Exec argument or Environment assignment. */
const NEEDS_QUOTES = /[ "'\\\x00-\x1f\x7f]/;

/** Characters escaped inside our double quotes: the quote, the backslash and control characters. */
const ESCAPED_IN_QUOTES = /[\\"\x00-\x1f\x7f]/g;

/** Undoes escapeSpecifiers the way specifier_printf does, leaving real specifiers (`%n`…) as text. */
export function expandPercent(s: string): string {
  if (!s.includes('%')) return s;
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
export function quoteEscaped(s: string): string {
  if (s === '') return '""';
  if (!NEEDS_QUOTES.test(s)) return s;
  return '"' + s.replace(ESCAPED_IN_QUOTES, escapeChar) + '"';
}

/** Refuses NUL, which no argument, environment value or unit file line can carry. */
export function refuseNul(s: string, what: string): void {
  if (s.includes('\0')) throw new RangeError(`${what} contains a NUL character, which systemd cannot pass on`);
}

/** Which extract_first_word flags a directive uses. */
export interface ExtractFlags {
  unquote: boolean;
  cunescape: boolean;
  cunescapeRelax?: boolean;
  /** EXTRACT_RETAIN_ESCAPE: a backslash is an ordinary character. */
  retainEscape?: boolean;
}

/** The outcome of one extract_first_word call: a word (null at the end), or EINVAL. */
export type Extracted = { word: string | null; next: number } | { error: 'escape' | 'quote'; next: number };

const hexValue = (c: string | undefined): number => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
const octValue = (c: string | undefined): number => (c !== undefined && /^[0-7]$/.test(c) ? parseInt(c, 8) : -1);

/** UTF-8 bytes of a code point, the way utf8_encode_unichar writes them (surrogates included). */
function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/** Appends the UTF-8 bytes of a code point as Buffer.from would (a lone surrogate as U+FFFD), without a Buffer. */
function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp >= 0xd800 && cp <= 0xdfff) out.push(0xef, 0xbf, 0xbd);
  else out.push(...utf8Bytes(cp));
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

/**
 * Where a word starting at chars[i] ends when it is plain — no quote to remove, no backslash to
 * read, no lone surrogate (which the UTF-8 round trip would replace) — or -1 when it is not.
 */
function plainWordEnd(chars: readonly string[], i: number, flags: ExtractFlags): number {
  for (let j = i; j < chars.length; j++) {
    const c = chars[j]!;
    if (WHITESPACE.includes(c)) return j;
    if (((c === '"' || c === "'") && flags.unquote) || (c === '\\' && !flags.retainEscape)) return -1;
    if (c.length === 1) {
      const code = c.charCodeAt(0);
      if (code >= 0xd800 && code <= 0xdfff) return -1;
    }
  }
  return chars.length;
}

/** A plain word at chars[i] (nothing in it to unquote or unescape): its characters as they are. */
function plainWord(chars: readonly string[], i: number, flags: ExtractFlags): Extracted | undefined {
  const end = plainWordEnd(chars, i, flags);
  if (end < 0) return undefined;
  let next = end;
  while (next < chars.length && WHITESPACE.includes(chars[next]!)) next++;
  return { word: chars.slice(i, end).join(''), next };
}

/** extract_first_word over code points from index i, with WHITESPACE separators coalesced. */
export function extractFirstWord(chars: string[], i: number, flags: ExtractFlags): Extracted {
  const n = chars.length;
  while (i < n && WHITESPACE.includes(chars[i]!)) i++;
  if (i >= n) return { word: null, next: n };
  const plain = plainWord(chars, i, flags);
  if (plain) return plain;
  const out: number[] = [];
  const push = (s: string): void => {
    for (const ch of s) pushUtf8(out, ch.codePointAt(0)!);
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
export function extractAndWarn(chars: string[], i: number, flags: ExtractFlags, warnings: string[]): Extracted {
  const r = extractFirstWord(chars, i, flags);
  if (!('error' in r)) return r;
  const relaxed = extractFirstWord(chars, i, { ...flags, cunescapeRelax: true });
  if ('error' in relaxed) return relaxed;
  warnings.push(`Ignoring unknown escape sequences: "${relaxed.word}"`);
  return relaxed;
}
