/**
 * The `start on` / `stop on` expression parser: Upstart's operator-stack algorithm (PJ parse_on*),
 * kept step for step so the trees, the equal precedence of `and`/`or` and every error position
 * match the real parser.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { EventExpr, EventMatch, EventOperator } from './job';
import {
  EVENT_DELIMS,
  type Cursor,
  commit,
  copy,
  fail,
  hasToken,
  nextToken,
  skipComment,
  skipWhitespace,
} from './lexer';

type StackItem =
  { kind: 'marker' } | { kind: 'match'; node: EventMatch } | { kind: 'operator'; type: 'and' | 'or'; left: EventExpr };

/** Mutable parse state for one expression. */
interface OnState {
  text: string;
  stack: StackItem[];
  root: EventExpr | null;
  paren: number;
  at: (c: Cursor) => SourcePos;
}

/**
 * Parses an event expression starting at `c`; on success `c` is past its last line. Newlines
 * end the expression unless a parenthesis is open.
 */
export function parseOn(text: string, c: Cursor, at: (c: Cursor) => SourcePos): EventExpr {
  const st: OnState = { text, stack: [], root: null, paren: 0, at };
  const on = copy(c);
  do {
    skipWhitespace(text, on);
    do {
      commit(c, on); // Upstart moves its error position to each token before reading it
      if (on.pos < text.length && '()'.includes(text[on.pos]!)) parseParen(st, on);
      else parseOperator(st, on);
    } while (hasToken(text, on));
    skipComment(text, on);
  } while (on.pos < text.length && st.paren !== 0);

  collect(st, c);
  if (st.stack.length > 0) fail('MISMATCHED_PARENS', on);
  commit(c, on);
  return st.root!;
}

/** Pops the stack down to the nearest group marker, building the tree into `root`. */
function collect(st: OnState, errAt: Cursor): void {
  while (st.stack.length > 0) {
    const item = st.stack[st.stack.length - 1]!;
    if (item.kind === 'marker') break;
    st.stack.pop();
    if (item.kind === 'operator') {
      if (!st.root) fail('EXPECTED_EVENT', errAt);
      st.root = { type: item.type, left: item.left, right: st.root } satisfies EventOperator;
    } else {
      if (st.root) fail('EXPECTED_OPERATOR', errAt);
      st.root = item.node;
    }
  }
  if (!st.root) fail('EXPECTED_EVENT', errAt);
}

/** Handles `(` (push a group marker) and `)` (collect the group and drop its marker). */
function parseParen(st: OnState, on: Cursor): void {
  if (st.text[on.pos] === '(') {
    st.paren++;
    const top = st.stack[st.stack.length - 1];
    if (st.root || top?.kind === 'match') fail('EXPECTED_OPERATOR', on);
    st.stack.push({ kind: 'marker' });
  } else {
    st.paren--;
    collect(st, on);
    if (st.stack.length === 0) fail('MISMATCHED_PARENS', on);
    st.stack.pop();
  }
  on.pos++;
  skipWhitespace(st.text, on);
}

/** Reads a raw token; `and`/`or` become operators taking the tree so far as their left side. */
function parseOperator(st: OnState, on: Cursor): void {
  const a = copy(on);
  const word = nextToken(st.text, a, EVENT_DELIMS, false);
  if (word !== 'and' && word !== 'or') {
    parseOperand(st, on);
    return;
  }
  collect(st, on);
  st.stack.push({ kind: 'operator', type: word, left: st.root! });
  st.root = null;
  commit(on, a);
}

/** Reads a dequoted operand: a new event name, or another argument of the event on top. */
function parseOperand(st: OnState, on: Cursor): void {
  const start = copy(on);
  const arg = nextToken(st.text, on, EVENT_DELIMS, true);
  const top = st.stack[st.stack.length - 1];
  if (top?.kind !== 'match') {
    st.stack.push({ kind: 'match', node: { type: 'event', name: arg, args: [], pos: st.at(start) } });
    return;
  }
  top.node.args.push(arg);
  let positional = true;
  for (const e of top.node.args) {
    if (e.includes('=')) positional = false;
    else if (!positional) fail('EXPECTED_VARIABLE', on);
  }
}
