/**
 * JSON text made piece by piece: the same bytes as `JSON.stringify(value, null, space)`, without
 * ever holding the whole text (a plan of 10,000 jobs is about 15 MB of it). Plain data only: no
 * `toJSON`, no shared or cyclic references (the plan is made of plain objects and arrays).
 */

/** Whether JSON.stringify leaves a property out (in an array it writes `null` instead). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** A value as one piece, indented to sit at `indent` (JSON escapes every newline inside strings). */
function whole(value: unknown, space: number, indent: string): string {
  const text = JSON.stringify(value, null, space);
  return space && indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

/**
 * The pieces of `JSON.stringify(value, null, space)`: the outer `depth` levels of objects and arrays
 * piece by piece (an element of a batch-sized array at a time), what is below each in one piece.
 */
export function* jsonChunks(value: unknown, space = 0, depth = 2, indent = ''): Generator<string> {
  if (depth === 0 || value === null || typeof value !== 'object' || 'toJSON' in value) {
    yield whole(value, space, indent);
    return;
  }
  const inner = space ? indent + ' '.repeat(space) : '';
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v): [string, unknown] => ['', omitted(v) ? null : v])
    : Object.entries(value).filter(([, v]) => !omitted(v));
  if (!entries.length) {
    yield open + close;
    return;
  }
  const [before, colon] = space ? [`\n${inner}`, ': '] : ['', ':'];
  yield open;
  let first = true;
  for (const [key, v] of entries) {
    yield (first ? '' : ',') + before + (Array.isArray(value) ? '' : JSON.stringify(key) + colon);
    first = false;
    yield* jsonChunks(v, space, depth - 1, inner);
  }
  yield (space ? `\n${indent}` : '') + close;
}
