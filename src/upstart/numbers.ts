/**
 * C library number parsing as Upstart's stanza handlers use it (strtol/strtoul with their
 * whitespace, sign, overflow and end-pointer rules), so we accept and reject what Upstart did.
 */

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const ULONG_MAX = (1n << 64n) - 1n;
/** The largest value of a C `int`, the bound Upstart checks exit statuses and signals against. */
export const INT_MAX = 2147483647;

/** The outcome of strtol/strtoul: the value, whether errno was ERANGE, and whether text remains. */
export interface CNumber {
  value: bigint;
  range: boolean;
  rest: boolean;
}

const C_SPACE = ' \t\n\v\f\r';

/** Splits a number into sign and digits the way strtol reads it; null when no digit follows. */
function scan(s: string, base: 8 | 10): { negative: boolean; digits: string; end: number } | null {
  let i = 0;
  while (i < s.length && C_SPACE.includes(s[i]!)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  const start = i;
  const digit = base === 8 ? /[0-7]/ : /[0-9]/;
  while (i < s.length && digit.test(s[i]!)) i++;
  if (i === start) return null;
  return { negative, digits: s.slice(start, i), end: i };
}

/** C strtol(s, &end, base): a signed long, ERANGE outside 64 bits. */
export function strtol(s: string, base: 8 | 10 = 10): CNumber {
  const m = scan(s, base);
  if (!m) return { value: 0n, range: false, rest: s.length > 0 };
  let v = BigInt(base === 8 ? '0o' + m.digits : m.digits);
  if (m.negative) v = -v;
  const range = v > LONG_MAX || v < LONG_MIN;
  if (range) v = v > 0n ? LONG_MAX : LONG_MIN;
  return { value: v, range, rest: m.end < s.length };
}

/** C strtoul(s, &end, base): unsigned long; a leading '-' negates modulo 2^64. */
export function strtoul(s: string, base: 8 | 10 = 10): CNumber {
  const m = scan(s, base);
  if (!m) return { value: 0n, range: false, rest: s.length > 0 };
  let v = BigInt(base === 8 ? '0o' + m.digits : m.digits);
  if (v > ULONG_MAX) return { value: ULONG_MAX, range: true, rest: m.end < s.length };
  if (m.negative) v = (ULONG_MAX + 1n - v) % (ULONG_MAX + 1n);
  return { value: v, range: false, rest: m.end < s.length };
}

/** Truncates a C long to a 32-bit int, as an assignment to an `int` field does on 64-bit Linux. */
export function toInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** RLIM_INFINITY on 64-bit Linux: what `unlimited` (and `-1`) mean to setrlimit. */
export const RLIM_INFINITY = ULONG_MAX;
