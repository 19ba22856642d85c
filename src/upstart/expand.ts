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

/** Finds the `}` closing the brace opened just before `from`, or -1. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Expands `$NAME`, `${NAME}`, `${NAME-d}`, `${NAME:-d}`, `${NAME+a}`, `${NAME:+a}` and `${}`. */
export function expand(template: string, env: readonly string[]): Expansion {
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
      const close = closingBrace(template, i + 2);
      if (close < 0) return { ok: false, error: 'Mismatched braces' };
      const inner = template.slice(i + 2, close);
      const r = expandBraced(inner, env);
      if (!r.ok) return r;
      out += r.value;
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < template.length && NAME_CHAR.test(template[j]!)) j++;
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

/** Expands the text between `${` and `}`. */
function expandBraced(inner: string, env: readonly string[]): Expansion {
  if (inner === '') return { ok: true, value: '$' };
  const m = /^(.*?)(:-|:\+|-|\+)([\s\S]*)$/.exec(inner);
  const name = m ? m[1]! : inner;
  const value = envLookup(env, name);
  if (!m) return value === undefined ? { ok: false, error: `Unknown parameter: ${name}` } : { ok: true, value };
  const op = m[2]!;
  const word = m[3]!;
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case '-':
      return set ? { ok: true, value } : expand(word, env);
    case ':-':
      return nonEmpty ? { ok: true, value } : expand(word, env);
    case '+':
      return set ? expand(word, env) : { ok: true, value: '' };
    default:
      return nonEmpty ? expand(word, env) : { ok: true, value: '' };
  }
}
