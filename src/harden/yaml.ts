/**
 * YAML with positions: js-yaml loads the document, and its parse listener (open/close events
 * around every node) is replayed into a tree so any path (`directives.ProtectSytem`) can be mapped
 * back to a line and column for error messages.
 */
import yaml from 'js-yaml';

/** A 1-based line and column. */
export interface LineCol {
  line: number;
  column: number;
}

/** A node of the replayed tree: where it starts and its children in document order. */
interface Frame {
  start: number;
  kind?: string;
  result?: unknown;
  children: Frame[];
}

/** A loaded document, and the position of any key or value in it. */
export interface PositionedYaml {
  value: unknown;
  /** Where the value at `path` starts (for a mapping key: `keyOf: true` gives the key itself). */
  positionOf(path: ReadonlyArray<string | number>, keyOf?: boolean): LineCol;
}

/** The YAML error, with its position. */
export interface YamlError {
  message: string;
  line: number;
  column: number;
}

/** Converts an offset to a line and column, skipping the blanks and comments before a node. */
function lineCol(text: string, offset: number): LineCol {
  let i = offset;
  for (;;) {
    while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
    if (text[i] !== '#') break;
    while (i < text.length && text[i] !== '\n') i++;
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Loads YAML and indexes node positions; returns the error (with position) on invalid YAML. */
export function loadYaml(text: string): PositionedYaml | { error: YamlError } {
  const root: Frame = { start: 0, children: [] };
  const stack: Frame[] = [root];
  let value: unknown;
  try {
    value = yaml.load(text, {
      schema: yaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          const f: Frame = { start: state.position, children: [] };
          stack[stack.length - 1]!.children.push(f);
          stack.push(f);
        } else {
          const f = stack.pop()!;
          f.kind = state.kind ?? undefined;
          f.result = state.result;
        }
      },
    });
  } catch (err) {
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
          const kids = frame.children;
          let next: Frame | undefined;
          for (let i = 0; i + 1 < kids.length; i += 2) {
            if (String(kids[i]!.result) === String(seg)) {
              keyFrame = kids[i];
              next = kids[i + 1];
              break;
            }
          }
          if (!next) break;
          frame = next;
        } else if (frame.kind === 'sequence' && typeof seg === 'number' && frame.children[seg]) {
          keyFrame = undefined;
          frame = frame.children[seg];
        } else {
          break;
        }
      }
      const target = keyOf && keyFrame ? keyFrame : frame;
      return lineCol(text, target?.start ?? 0);
    },
  };
}
