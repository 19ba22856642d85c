/**
 * Upstart's `$` expansion language (init/environ.c environ_expand), used for instance names and
 * event-match values. It is not the shell's: no quoting, no escaping, unknown names are errors.
 */

/** The result of an expansion: the text, or Upstart's error message. */
export type Expansion = { ok: true; value: string } | { ok: false; error: string };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Looks a variable up in a KEY=VALUE list (first occurrence wins, as in environ_get). */
export function envLookup(env: readonly string[], key: string): string | undefined {
  for (const e of env) {
    const eq = e.indexOf('=');
    if (eq >= 0 && e.slice(0, eq) === key) return e.slice(eq + 1);
  }
  return undefined;
}

/**
 * The `}` closing each `{` of a text (-1 when none does), found in one pass: counting braces from
 * every `${` again would make a deeply nested template cost O(n²).
 */
function braceMatches(s: string): Int32Array {
  const match = new Int32Array(s.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') open.push(i);
    else if (s[i] === '}' && open.length > 0) match[open.pop()!] = i;
  }
  return match;
}

/** A part of the template being expanded (the whole, or a default/alternative word) and its text so far. */
interface Frame {
  end: number;
  i: number;
  out: string;
}

/**
 * Expands `$NAME`, `${NAME}`, `${NAME-d}`, `${NAME:-d}`, `${NAME+a}`, `${NAME:+a}` and `${}`. Words
 * nested in `${…:-${…}}` are expanded on a stack of frames, not by recursion: nesting has no limit.
 */
export function expand(template: string, env: readonly string[]): Expansion {
  let match: Int32Array | undefined;
  const parents: Frame[] = [];
  let f: Frame = { end: template.length, i: 0, out: '' };
  for (;;) {
    if (f.i >= f.end) {
      const parent = parents.pop();
      if (!parent) return { ok: true, value: f.out };
      parent.out += f.out;
      f = parent;
      continue;
    }
    const dollar = template.indexOf('$', f.i);
    if (dollar < 0 || dollar >= f.end) {
      f.out += template.slice(f.i, f.end);
      f.i = f.end;
      continue;
    }
    f.out += template.slice(f.i, dollar);
    f.i = dollar;
    const next = template[dollar + 1];
    if (next === '{' && dollar + 1 < f.end) {
      match ??= braceMatches(template);
      const close = match[dollar + 1]!;
      if (close < 0 || close >= f.end) return { ok: false, error: 'Mismatched braces' };
      const r = expandBraced(template, dollar + 2, close, env);
      f.i = close + 1;
      if ('ok' in r) {
        if (!r.ok) return r;
        f.out += r.value;
      } else {
        parents.push(f);
        f = { end: close, i: r.word, out: '' };
      }
    } else if (next !== undefined && dollar + 1 < f.end && NAME_START.test(next)) {
      let j = dollar + 1;
      while (j < f.end && NAME_CHAR.test(template[j]!)) j++;
      const name = template.slice(dollar + 1, j);
      const value = envLookup(env, name);
      if (value === undefined) return { ok: false, error: `Unknown parameter: ${name}` };
      f.out += value;
      f.i = j;
    } else {
      f.out += '$';
      f.i++;
    }
  }
}

/** Where the operator of `${NAME<op>word}` between `start` and `end` is (the first one before a line break), if any. */
function operatorIn(template: string, start: number, end: number): { at: number; op: string } | null {
  for (let k = start; k < end; k++) {
    const c = template[k]!;
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return null;
    if (c === '-' || c === '+') return { at: k, op: c };
    if (c === ':' && k + 1 < end && (template[k + 1] === '-' || template[k + 1] === '+'))
      return { at: k, op: c + template[k + 1] };
  }
  return null;
}

/** Expands the text between `${` (at `start`) and `}` (at `end`): a value, or where the word to expand starts. */
function expandBraced(
  template: string,
  start: number,
  end: number,
  env: readonly string[],
): Expansion | { word: number } {
  if (start === end) return { ok: true, value: '$' };
  const m = operatorIn(template, start, end);
  const name = template.slice(start, m ? m.at : end);
  const value = envLookup(env, name);
  if (!m) return value === undefined ? { ok: false, error: `Unknown parameter: ${name}` } : { ok: true, value };
  const word = { word: m.at + m.op.length };
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (m.op) {
    case '-':
      return set ? { ok: true, value } : word;
    case ':-':
      return nonEmpty ? { ok: true, value } : word;
    case '+':
      return set ? word : { ok: true, value: '' };
    default:
      return nonEmpty ? word : { ok: true, value: '' };
  }
}
