/**
 * Where a value of a JSON document starts, by its path: so a problem that a schema finds in a
 * baseline file is reported at its file:line:column. The text is known to be valid JSON
 * (JSON.parse read it first); this only walks it, without building values.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';

/** A 1-based line and column. */
export interface LineCol {
  line: number;
  column: number;
}

/** The line and column of an offset of `text`. */
export function lineColAt(text: string, offset: number): LineCol {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: before.length - nl };
}

/** The offset JSON.parse names in its message (`at position 12`, or `line 2 column 5`), else 0. */
export function syntaxErrorOffset(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (!lc) return message.includes('end of JSON') ? text.length : 0;
  const lines = text.split('\n').slice(0, Number(lc[1]) - 1);
  return lines.reduce((n, l) => n + l.length + 1, 0) + Number(lc[2]) - 1;
}

/** The offset just past the blanks at `i`. */
function blanks(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  return i;
}

/** The offset just past the string that starts at `i`, and its value. */
function stringAt(text: string, i: number): { end: number; value: string } {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  return { end: j + 1, value: JSON.parse(text.slice(i, j + 1)) as string };
}

/** The offset just past the value at `i` (after blanks). */
function skipValue(text: string, i: number): number {
  i = blanks(text, i);
  const c = text[i];
  if (c === '"') return stringAt(text, i).end;
  if (c !== '{' && c !== '[') {
    while (i < text.length && !',]} \t\r\n'.includes(text[i]!)) i++;
    return i;
  }
  const close = c === '{' ? '}' : ']';
  i = blanks(text, i + 1);
  while (text[i] !== close && i < text.length) {
    if (c === '{') i = blanks(text, stringAt(text, i).end) + 1; // the key and its colon
    i = blanks(text, skipValue(text, i));
    if (text[i] === ',') i = blanks(text, i + 1);
  }
  return i + 1;
}

/** Where the value at `path` starts (for a key of an object: `keyOf` gives the key); the deepest found part else. */
export function jsonPositionOf(text: string, path: ReadonlyArray<string | number>, keyOf = false): LineCol {
  let i = blanks(text, 0);
  for (const [depth, seg] of path.entries()) {
    const c = text[i];
    if (c !== '{' && c !== '[') break;
    const close = c === '{' ? '}' : ']';
    let j = blanks(text, i + 1);
    let found = -1;
    for (let index = 0; text[j] !== close && j < text.length; index++) {
      let key: string | number = index;
      const keyAt = j;
      if (c === '{') {
        const k = stringAt(text, j);
        key = k.value;
        j = blanks(text, k.end) + 1;
      }
      j = blanks(text, j);
      if (String(key) === String(seg)) {
        found = keyOf && depth === path.length - 1 && c === '{' ? keyAt : j;
        break;
      }
      j = blanks(text, skipValue(text, j));
      if (text[j] === ',') j = blanks(text, j + 1);
    }
    if (found < 0) break;
    i = found;
  }
  return lineColAt(text, i);
}

/** The place of a diagnostic about a JSON file at `path`. */
export function jsonPlace(file: string, text: string, path: ReadonlyArray<string | number>, keyOf = false) {
  return { file, ...jsonPositionOf(text, path, keyOf) } satisfies Pick<Diagnostic, 'file' | 'line' | 'column'>;
}
