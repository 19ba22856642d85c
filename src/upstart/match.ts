/**
 * How Upstart matches an event against a leaf of `start on`/`stop on` (init/event_operator.c):
 * positional arguments by index, KEY=VALUE by name, KEY!=VALUE inverted, values `$`-expanded and
 * compared with fnmatch(3) without flags. Used to classify and explain event conditions.
 */
import { envLookup, expand } from './expand';

/** A concrete event: its name and ordered KEY=VALUE pairs. */
export interface EventInstance {
  name: string;
  env: readonly string[];
}

/**
 * fnmatch(pattern, text, 0): `*` `?` `[...]` `[!...]`, backslash escapes; `*` crosses `/`. Every
 * token but `*` matches one character, so on a mismatch only the last `*` needs to take one more
 * character: no recursion and no exponential backtracking, O(|pattern| × |text|) at worst.
 */
export function fnmatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1; // the pattern index after the last `*` seen
  let starT = 0; // where in the text that `*` stopped matching
  while (t < text.length) {
    if (pattern[p] === '*') {
      while (pattern[p] === '*') p++;
      if (p === pattern.length) return true;
      starP = p;
      starT = t;
      continue;
    }
    const next = p < pattern.length ? matchOne(pattern, p, text[t]!) : -1;
    if (next >= 0) {
      p = next;
      t++;
    } else if (starP >= 0) {
      p = starP;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Matches one pattern token (not `*`) at `p` against one character: the index after the token, or -1. */
function matchOne(pattern: string, p: number, ch: string): number {
  const pc = pattern[p]!;
  if (pc === '?') return p + 1;
  if (pc === '[') {
    const b = bracket(pattern, p, ch);
    if (b === null) return ch === '[' ? p + 1 : -1;
    return b.hit ? b.next : -1;
  }
  let lit = pc;
  if (pc === '\\' && p + 1 < pattern.length) lit = pattern[++p]!;
  return ch === lit ? p + 1 : -1;
}

/** Matches a bracket expression at pattern[p] ('['); returns the index after it and whether ch is in it. */
function bracket(pattern: string, p: number, ch: string): { next: number; hit: boolean } | null {
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
  if (i >= pattern.length) return null; // no closing bracket: '[' is literal
  return { next: i + 1, hit: hit !== negate };
}

/** Splits an event-match argument into its kind, key and value pattern. */
export function classifyArg(
  arg: string,
): { kind: 'positional'; value: string } | { kind: 'named' | 'negated'; key: string; value: string } {
  const eq = arg.indexOf('=');
  if (eq < 0) return { kind: 'positional', value: arg };
  if (eq > 0 && arg[eq - 1] === '!') return { kind: 'negated', key: arg.slice(0, eq - 1), value: arg.slice(eq + 1) };
  return { kind: 'named', key: arg.slice(0, eq), value: arg.slice(eq + 1) };
}

/**
 * True when `event` matches a leaf. `env` is the environment values are expanded against: none
 * for `start on` (Upstart passes NULL), the instance's environment for `stop on`.
 */
export function matchLeaf(
  leaf: { name: string; args: readonly string[] },
  event: EventInstance,
  env: readonly string[] | null,
): boolean {
  if (leaf.name !== event.name) return false;
  let index = 0;
  for (const raw of leaf.args) {
    const arg = classifyArg(raw);
    let actual: string | undefined;
    if (arg.kind === 'positional') {
      const pair = event.env[index++];
      actual = pair === undefined ? undefined : pair.slice(pair.indexOf('=') + 1);
    } else {
      actual = envLookup(event.env, arg.key);
    }
    if (actual === undefined) return false;
    const pattern = expand(arg.value, env ?? []);
    if (!pattern.ok) return false;
    const hit = fnmatch(pattern.value, actual);
    if (arg.kind === 'negated' ? hit : !hit) return false;
  }
  return true;
}
