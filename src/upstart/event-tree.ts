/**
 * Walks over `start on` / `stop on` trees without recursion. Upstart puts no limit on their depth
 * (its parser is an operator stack, its tree walks are iterative), and a plain `a or b or c …`
 * already nests one level per operator, so 100,000 terms make a tree 100,000 deep: every walk
 * here keeps its own stack and costs O(nodes).
 */
import type { EventExpr, EventMatch, EventOperator } from './job';

/** The leaves of an event expression, left to right. */
export function eventLeaves(e: EventExpr): EventMatch[] {
  const out: EventMatch[] = [];
  const work: EventExpr[] = [e];
  while (work.length > 0) {
    const x = work.pop()!;
    if (x.type === 'event') out.push(x);
    else work.push(x.right, x.left);
  }
  return out;
}

/**
 * Folds a tree bottom-up, left before right, as a recursive walk would (so side effects such as
 * reports come in the same order): `leaf` maps each leaf, `node` combines an operator's two values.
 */
export function foldExpr<T>(
  e: EventExpr,
  leaf: (m: EventMatch) => T,
  node: (op: EventOperator, left: T, right: T) => T,
): T {
  const values: T[] = [];
  // an operator is pushed twice: first to visit its branches, then (marked) to combine them
  const work: Array<EventExpr | { combine: EventOperator }> = [e];
  while (work.length > 0) {
    const x = work.pop()!;
    if ('combine' in x) {
      const right = values.pop()!;
      const left = values.pop()!;
      values.push(node(x.combine, left, right));
    } else if (x.type === 'event') {
      values.push(leaf(x));
    } else {
      work.push({ combine: x }, x.right, x.left);
    }
  }
  return values[0]!;
}
