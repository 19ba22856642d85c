/**
 * Shell text from typed data, for the POSIX sh scripts of the plan (they run under dash): every
 * value is one single-quoted word (a `'` written `'\''`), a comment shows control characters as
 * escapes so it stays one line, and a script line is a call of one of the scripts' own functions
 * with such words, or an identifier the generator made. Nothing from a job reaches a script any
 * other way.
 */
import { visible } from '../diagnostics/diagnostic';

/**
 * One shell word holding exactly `value` (single quotes: nothing inside is expanded). Throws for
 * NUL, which no shell word (and no file name or unit name) can hold.
 */
export function shQuote(value: string): string {
  if (value.includes('\0')) throw new RangeError('a shell word cannot hold a NUL character');
  return value.includes("'") ? `'${value.replace(/'/g, `'\\''`)}'` : `'${value}'`;
}

/** A word of a script line: a value to quote, or an identifier made by the generator (`j1`, `f3`, a number). */
export type ShellArg = string | { id: string };

/** An identifier the generator made (checked: letters, digits, `_`), written as it is. */
export function id(token: string | number): { id: string } {
  const text = String(token);
  if (!/^[A-Za-z0-9_]+$/.test(text)) throw new RangeError(`not a generated identifier: ${JSON.stringify(text)}`);
  return { id: text };
}

/** Function names already checked (a script calls a handful of them, once per job each). */
const FUNCTION_NAMES = new Set<string>();

/** A call of one of the script's functions: `name 'value' id …`, indented by `indent` spaces. */
export function call(name: string, args: readonly ShellArg[], indent = 2): string {
  if (!FUNCTION_NAMES.has(name)) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`not a function name: ${JSON.stringify(name)}`);
    FUNCTION_NAMES.add(name);
  }
  let line = ' '.repeat(indent) + name;
  for (const a of args) line += ' ' + (typeof a === 'string' ? shQuote(a) : a.id);
  return line;
}

/** A comment line: `# text`, control characters and line separators shown as escapes (one line whatever the text). */
export function comment(text: string): string {
  const line = `# ${visible(text)}`.trimEnd();
  return line;
}

/** Text for a comment or a message: a job name or path as the operator should read it, one line. */
export function shown(text: string): string {
  return visible(text);
}
