/**
 * `$` expansion (expand.ts) and fnmatch (match.ts) without recursion: checked against the
 * recursive versions they replaced, which followed Upstart's C code line by line.
 */
import fc from 'fast-check';
import { envLookup, expand, type Expansion } from './expand';
import { fnmatch } from './match';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 3000);

// ---- the recursive expansion this module had (the reference) ----
function refClosingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
function refExpand(template: string, env: readonly string[]): Expansion {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = template[i + 1];
    if (next === '{') {
      const close = refClosingBrace(template, i + 2);
      if (close < 0) return { ok: false, error: 'Mismatched braces' };
      const r = refBraced(template.slice(i + 2, close), env);
      if (!r.ok) return r;
      out += r.value;
      i = close + 1;
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      let j = i + 1;
      while (j < template.length && /[A-Za-z0-9_]/.test(template[j]!)) j++;
      const name = template.slice(i + 1, j);
      const value = envLookup(env, name);
      if (value === undefined) return { ok: false, error: `Unknown parameter: ${name}` };
      out += value;
      i = j;
    } else {
      out += '$';
      i++;
    }
  }
  return { ok: true, value: out };
}
function refBraced(inner: string, env: readonly string[]): Expansion {
  if (inner === '') return { ok: true, value: '$' };
  const m = /^(.*?)(:-|:\+|-|\+)([\s\S]*)$/.exec(inner);
  const name = m ? m[1]! : inner;
  const value = envLookup(env, name);
  if (!m) return value === undefined ? { ok: false, error: `Unknown parameter: ${name}` } : { ok: true, value };
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (m[2]) {
    case '-':
      return set ? { ok: true, value } : refExpand(m[3]!, env);
    case ':-':
      return nonEmpty ? { ok: true, value } : refExpand(m[3]!, env);
    case '+':
      return set ? refExpand(m[3]!, env) : { ok: true, value: '' };
    default:
      return nonEmpty ? refExpand(m[3]!, env) : { ok: true, value: '' };
  }
}

// ---- the recursive fnmatch this module had (the reference) ----
function refBracket(pattern: string, p: number, ch: string): { next: number; hit: boolean } | null {
  let i = p + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let hit = false;
  let first = true;
  while (i < pattern.length && (first || pattern[i] !== ']')) {
    first = false;
    let lo = pattern[i]!;
    if (lo === '\\' && i + 1 < pattern.length) lo = pattern[++i]!;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2]!;
      let skip = 3;
      if (hi === '\\' && i + 3 < pattern.length) {
        hi = pattern[i + 3]!;
        skip = 4;
      }
      if (lo <= ch && ch <= hi) hit = true;
      i += skip;
    } else {
      if (lo === ch) hit = true;
      i++;
    }
  }
  if (i >= pattern.length) return null;
  return { next: i + 1, hit: hit !== negate };
}
function refMatchAt(pattern: string, p: number, text: string, t: number): boolean {
  while (p < pattern.length) {
    const pc = pattern[p]!;
    if (pc === '*') {
      while (pattern[p] === '*') p++;
      if (p === pattern.length) return true;
      for (let k = t; k <= text.length; k++) if (refMatchAt(pattern, p, text, k)) return true;
      return false;
    }
    if (t >= text.length) return false;
    if (pc === '?') {
      p++;
      t++;
    } else if (pc === '[') {
      const b = refBracket(pattern, p, text[t]!);
      if (b === null) {
        if (text[t] !== '[') return false;
        p++;
        t++;
      } else {
        if (!b.hit) return false;
        p = b.next;
        t++;
      }
    } else {
      let lit = pc;
      if (pc === '\\' && p + 1 < pattern.length) lit = pattern[++p]!;
      if (text[t] !== lit) return false;
      p++;
      t++;
    }
  }
  return t === text.length;
}

const chars = (alphabet: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((a) => a.join(''));

describe('expand', () => {
  it('gives what the recursive expansion gave, for any template and environment', () => {
    const template = chars(['$', '{', '}', ':', '-', '+', 'A', 'B', '_', 'x', '\n', ' '], 30);
    const env = fc.array(
      fc.tuple(fc.constantFrom('A', 'B', 'AB', 'A_'), chars(['', 'v', '$', '{', '}'], 3)).map(([k, v]) => `${k}=${v}`),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(template, env, (t, e) => {
        expect(expand(t, e)).toEqual(refExpand(t, e));
      }),
      { numRuns: RUNS },
    );
  });

  it('reports mismatched braces and unknown names as Upstart does', () => {
    expect(expand('${A:-${B}', ['A='])).toEqual({ ok: false, error: 'Mismatched braces' });
    expect(expand('x${A:+${C}}y', ['A=1'])).toEqual({ ok: false, error: 'Unknown parameter: C' });
    expect(expand('${A-${B:-d}}', [])).toEqual({ ok: true, value: 'd' });
  });
});

describe('fnmatch', () => {
  it('gives what the recursive matcher gave, for any pattern and text', () => {
    const pattern = chars(['*', '?', '[', ']', '!', '-', '\\', 'a', 'b', 'c'], 12);
    const text = chars(['a', 'b', 'c', '[', ']', '-', '\\', '*'], 10);
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(fnmatch(p, t)).toBe(refMatchAt(p, 0, t, 0));
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
