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

/** fnmatch(pattern, text, 0): `*` `?` `[...]` `[!...]`, backslash escapes; `*` crosses `/`. */
export function fnmatch(pattern: string, text: string): boolean {
  return matchAt(pattern, 0, text, 0);
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

function matchAt(pattern: string, p: number, text: string, t: number): boolean {
  while (p < pattern.length) {
    const pc = pattern[p]!;
    if (pc === '*') {
      while (pattern[p] === '*') p++;
      if (p === pattern.length) return true;
      for (let k = t; k <= text.length; k++) if (matchAt(pattern, p, text, k)) return true;
      return false;
    }
    if (t >= text.length) return false;
    if (pc === '?') {
      p++;
      t++;
    } else if (pc === '[') {
      const b = bracket(pattern, p, text[t]!);
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
