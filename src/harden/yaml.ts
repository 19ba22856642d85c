/**
 * YAML with positions: js-yaml loads the document, and its parse listener (open/close events
 * around every node) is replayed into a tree so any path (`directives.ProtectSytem`) can be mapped
 * back to a line and column for error messages. The same listener enforces the caps of
 * PROFILE_LIMITS while parsing: nesting depth (before js-yaml's own recursion could overflow),
 * alias count, and the size of the document as if every alias were expanded (js-yaml shares an
 * anchored node by reference, so a few hundred bytes of aliases would otherwise be walked as
 * billions of nodes), each failing at the node where it was exceeded.
 */
import * as fs from 'node:fs';
import type * as Yaml from 'js-yaml';
import { PROFILE_LIMITS } from './limits';

/** A 1-based line and column. */
export interface LineCol {
  line: number;
  column: number;
}

/** What a node weighs once aliases are expanded: its nodes, its scalars' characters, its height. */
interface Weight {
  nodes: number;
  chars: number;
  height: number;
}

/** A node of the replayed tree: where it starts, its children in document order and its weight. */
interface Frame extends Weight {
  start: number;
  kind?: string;
  result?: unknown;
  children: Frame[];
  keys?: Map<string, number>;
}

/** A loaded document, and the position of any key or value in it. */
export interface PositionedYaml {
  value: unknown;
  /** Where the value at `path` starts (for a mapping key: `keyOf: true` gives the key itself). */
  positionOf(path: ReadonlyArray<string | number>, keyOf?: boolean): LineCol;
}

/** The YAML error, with its position; `limit` when a cap of PROFILE_LIMITS was exceeded. */
export interface YamlError {
  message: string;
  line: number;
  column: number;
  limit?: boolean;
}

/** A cap exceeded while parsing, thrown from the listener to stop js-yaml at once. */
class LimitExceeded extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The offset of the first character at or after `offset` that is not a blank or in a comment. */
function skipBlank(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
    if (text[i] !== '#') return i;
    while (i < text.length && text[i] !== '\n') i++;
  }
}

/** Converts offsets to lines and columns (skipping the blanks and comments before a node), by binary search. */
function lineColOf(text: string): (offset: number) => LineCol {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const at = skipBlank(text, offset);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - starts[lo]! + 1 };
  };
}

/**
 * Weighs a closed node from its children, or for an alias from the node it names (recorded when
 * that node closed; an anchor still open is an ancestor: the alias would make the document
 * infinite). Throws LimitExceeded when a cap is passed.
 */
function weigh(f: Frame, text: string, weights: WeakMap<object, Weight>, aliases: { count: number }): void {
  const isAlias = f.kind === undefined && text[skipBlank(text, f.start)] === '*';
  let w: Weight;
  if (isAlias) {
    if (++aliases.count > PROFILE_LIMITS.aliases)
      throw new LimitExceeded(`more than ${PROFILE_LIMITS.aliases} aliases`, f.start);
    const target = f.result;
    if (typeof target === 'object' && target !== null) {
      const known = weights.get(target);
      if (!known) throw new LimitExceeded('an alias refers to a node that contains it', f.start);
      w = known;
    } else {
      w = { nodes: 1, chars: String(target).length, height: 1 };
    }
  } else {
    w = { nodes: 1, chars: typeof f.result === 'string' ? f.result.length : 0, height: 1 };
    for (const c of f.children) {
      w.nodes += c.nodes;
      w.chars += c.chars;
      w.height = Math.max(w.height, c.height + 1);
    }
    if (typeof f.result === 'object' && f.result !== null) weights.set(f.result, w);
  }
  Object.assign(f, w);
  if (w.nodes > PROFILE_LIMITS.expandedNodes)
    throw new LimitExceeded(
      `more than ${PROFILE_LIMITS.expandedNodes} nodes (aliases counted as what they name)`,
      f.start,
    );
  if (w.chars > PROFILE_LIMITS.expandedChars)
    throw new LimitExceeded(
      `more than ${PROFILE_LIMITS.expandedChars} characters (aliases counted as what they name)`,
      f.start,
    );
  if (w.height > PROFILE_LIMITS.yamlDepth)
    throw new LimitExceeded(`nested deeper than ${PROFILE_LIMITS.yamlDepth} levels`, f.start);
}

/** A mapping's keys → the index of the key's frame among its children (built once per mapping). */
function keysOf(frame: Frame): Map<string, number> {
  if (!frame.keys) {
    frame.keys = new Map();
    for (let i = 0; i + 1 < frame.children.length; i += 2) {
      const key = String(frame.children[i]!.result);
      if (!frame.keys.has(key)) frame.keys.set(key, i);
    }
  }
  return frame.keys;
}

/** js-yaml, required on the first document: most runs read no YAML (docs/performance.md, "Start-up"). */
function jsYaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return require('js-yaml') as typeof Yaml;
}

/** Loads YAML and indexes node positions; returns the error (with position) on invalid YAML or a cap exceeded. */
export function loadYaml(text: string): PositionedYaml | { error: YamlError } {
  const root: Frame = { start: 0, children: [], nodes: 0, chars: 0, height: 0 };
  const stack: Frame[] = [root];
  const weights = new WeakMap<object, Weight>();
  const aliases = { count: 0 };
  const lineCol = lineColOf(text);
  let value: unknown;
  try {
    const yaml = jsYaml();
    value = yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          if (stack.length > PROFILE_LIMITS.yamlDepth)
            throw new LimitExceeded(`nested deeper than ${PROFILE_LIMITS.yamlDepth} levels`, state.position);
          const f: Frame = { start: state.position, children: [], nodes: 0, chars: 0, height: 0 };
          stack[stack.length - 1]!.children.push(f);
          stack.push(f);
        } else {
          const f = stack.pop()!;
          f.kind = state.kind ?? undefined;
          f.result = state.result;
          weigh(f, text, weights, aliases);
        }
      },
    });
  } catch (err) {
    if (err instanceof LimitExceeded) return { error: { message: err.message, ...lineCol(err.offset), limit: true } };
    const e = err as { reason?: string; mark?: { line: number; column: number }; message: string };
    return {
      error: { message: e.reason ?? e.message, line: (e.mark?.line ?? 0) + 1, column: (e.mark?.column ?? 0) + 1 },
    };
  }
  const top = root.children[0];
  return {
    value,
    positionOf(path, keyOf = false) {
      let frame = top;
      let keyFrame: Frame | undefined;
      for (const seg of path) {
        if (!frame) break;
        if (frame.kind === 'mapping') {
          const k = keysOf(frame).get(String(seg));
          if (k === undefined) break;
          keyFrame = frame.children[k];
          frame = frame.children[k + 1]!;
        } else if (frame.kind === 'sequence' && typeof seg === 'number' && frame.children[seg]) {
          keyFrame = undefined;
          frame = frame.children[seg];
        } else {
          break;
        }
      }
      const target = keyOf && keyFrame ? keyFrame : frame;
      return lineCol(target?.start ?? 0);
    },
  };
}

/**
 * Reads a profile or profile map: a regular file (a FIFO or device could block or never end) of
 * at most PROFILE_LIMITS.fileBytes, read no further than that.
 */
export function readLimited(file: string): { text: string } | { error: string; limit?: boolean } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { error: `cannot be read (${(err as NodeJS.ErrnoException).code})` };
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return { error: 'cannot be read (not a regular file)' };
    const max = PROFILE_LIMITS.fileBytes;
    const buf = Buffer.alloc(max + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= max; length += n) n = fs.readSync(fd, buf, length, max + 1 - length, null);
    if (length > max) return { error: `is larger than ${max} bytes`, limit: true };
    return { text: buf.toString('utf8', 0, length) };
  } catch (err) {
    return { error: `cannot be read (${(err as NodeJS.ErrnoException).code})` };
  } finally {
    fs.closeSync(fd);
  }
}
