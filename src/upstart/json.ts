/**
 * The job model as JSON for `parse --format json`: every stanza's value with its line and column
 * (and its file when it came from the override). The shape is documented in docs/job-model.md.
 * Both steps walk with their own stack, because an event tree may be 100,000 levels deep and
 * JSON.stringify (like any recursive walk) overflows the call stack long before that.
 */
import type { UpstartJob } from './job';

/** Where a converted value goes: the slot of its parent, or the result. */
type Put = (value: unknown) => void;

/** Converts a job to plain JSON, turning each `pos` into `line`/`column` (+`file` for overrides). */
export function jobToJson(job: UpstartJob): Record<string, unknown> {
  let result: unknown;
  const work: Array<{ value: unknown; put: Put }> = [{ value: job, put: (v) => (result = v) }];
  while (work.length > 0) {
    const { value, put } = work.pop()!;
    if (Array.isArray(value)) {
      const out: unknown[] = new Array<unknown>(value.length);
      put(out);
      value.forEach((item, i) => work.push({ value: item, put: (v) => (out[i] = v) }));
    } else if (value === null || typeof value !== 'object') {
      put(value);
    } else {
      put(convertObject(value as Record<string, unknown>, job.file, work));
    }
  }
  return result as Record<string, unknown>;
}

/** One object of the model: its fields (queued for conversion, in their order) and its position as line/column. */
function convertObject(
  o: Record<string, unknown>,
  jobFile: string,
  work: Array<{ value: unknown; put: Put }>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) {
    if (k === 'pos') continue;
    out[k] = undefined; // keeps the field's place until its value is converted
    work.push({ value: val, put: (v) => (out[k] = v) });
  }
  const pos = o.pos as { file: string; line: number; column: number } | undefined;
  if (pos) {
    out.line = pos.line;
    out.column = pos.column;
    if (pos.file !== jobFile) out.file = pos.file;
  }
  return out;
}

/** An object or array being written, and how far. */
interface Frame {
  close: string;
  entries: Array<[string | null, unknown]>;
  next: number;
  level: number;
}

/** Levels past which the JSON text indents no further (a real job file stays under 12; the corpus under 10). */
const MAX_INDENT_LEVEL = 32;

/**
 * `JSON.stringify(value, null, 2)` for plain data (objects, arrays, strings, numbers, booleans,
 * null; `toJSON` honoured), byte for byte, without recursion. Deeper than MAX_INDENT_LEVEL levels
 * the indentation stops growing, so a 100,000-deep tree is O(n) text, not O(n²) blanks. A
 * top-level value JSON cannot hold (undefined, a function) is written as null.
 */
export function formatJson(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const indents = Array.from({ length: MAX_INDENT_LEVEL + 1 }, (_, i) => '\n' + '  '.repeat(i));
  const indent = (level: number): string => indents[Math.min(level, MAX_INDENT_LEVEL)]!;
  // writes one value: a scalar at once, a container by opening a frame its entries are written from
  const write = (v: unknown, level: number): void => {
    if (v === null || typeof v !== 'object') {
      out.push(scalarJson(v) ?? 'null');
      return;
    }
    const entries = containerEntries(v);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) out.push(open + close);
    else {
      out.push(open);
      stack.push({ close, entries, next: 0, level });
    }
  };
  write(jsonValue(value, ''), 0);
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.next === f.entries.length) {
      out.push(indent(f.level), f.close);
      stack.pop();
      continue;
    }
    const [key, v] = f.entries[f.next]!;
    if (f.next++ > 0) out.push(',');
    out.push(indent(f.level + 1));
    if (key !== null) out.push(JSON.stringify(key), ': ');
    write(v, f.level + 1);
  }
  return out.join('');
}

/** A value as JSON.stringify sees it: after its `toJSON`, if it has one. */
function jsonValue(v: unknown, key: string): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    return (v as { toJSON: (k: string) => unknown }).toJSON(key);
  return v;
}

/** A container's entries as written: array items (unwritable ones as null), object fields that have a value. */
function containerEntries(v: object): Array<[string | null, unknown]> {
  if (Array.isArray(v)) return Array.from(v, (item: unknown, i) => [null, jsonValue(item, String(i))]);
  const entries: Array<[string | null, unknown]> = [];
  for (const [k, item] of Object.entries(v)) {
    const x = jsonValue(item, k);
    if (x !== undefined && typeof x !== 'function' && typeof x !== 'symbol') entries.push([k, x]);
  }
  return entries;
}

/** A scalar as JSON (undefined for what JSON cannot hold, which an array writes as null). */
function scalarJson(v: unknown): string | undefined {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return JSON.stringify(v);
}
