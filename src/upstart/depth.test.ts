/**
 * Event expressions of any depth: Upstart set no limit (its parser is an operator stack, its tree
 * walks iterative), so parsing, printing, linting, copying and the JSON view never recurse on the
 * depth of a tree — 100,000 nested parentheses or `or` terms load like any other job.
 */
import { eventLeaves, foldExpr } from './event-tree';
import { expand } from './expand';
import type { EventExpr, UpstartJob } from './job';
import { cloneJob } from './job';
import { formatJson, jobToJson } from './json';
import { lintJob } from './lint';
import { fnmatch } from './match';
import { applyOverride, parseJob } from './parser';
import { printExpr, printJob } from './printer';

/** `e0 and (e1 and (… and (z)…))`: one parenthesis deeper per term. */
const nested = (n: number): string =>
  Array.from({ length: n }, (_, i) => `e${i.toString(36)} and (`).join('') + 'z' + ')'.repeat(n);
/** `((…(e0 or e1) or e2) …)`: every operator in its own parentheses, nested to the left. */
const leftNested = (n: number): string =>
  '('.repeat(n) + 'e' + Array.from({ length: n }, (_, i) => ` or e${i.toString(36)})`).join('');
/** `e or e0 or e1 or …`: no parentheses, yet one level per operator (Upstart's left-to-right tree). */
const chain = (n: number): string => 'e' + Array.from({ length: n }, (_, i) => ` or e${i.toString(36)}`).join('');

const load = (text: string): UpstartJob => {
  const r = parseJob(text, { file: 'deep.conf' });
  expect(r.diagnostics).toEqual([]);
  return r.job!;
};

/** How many operators deep a tree goes. */
const depth = (e: EventExpr): number =>
  foldExpr(
    e,
    () => 0,
    (_op, l, r) => 1 + Math.max(l, r),
  );

describe.each([10_000, 100_000])('an event expression %i levels deep', (n) => {
  it.each([
    ['start on', 'nested to the right', nested],
    ['stop on', 'nested to the left', leftNested],
    ['start on', 'as a chain of or', chain],
  ] as const)('loads in %s %s, and prints back to the same tree', (stanza, _how, make) => {
    const job = load(`${stanza} ${make(n)}\nexec /bin/true\n`);
    const tree = (stanza === 'start on' ? job.start_on : job.stop_on)!.value;
    expect(depth(tree)).toBe(n);
    expect(eventLeaves(tree)).toHaveLength(n + 1);
    const again = load(printJob(job));
    expect(printExpr((stanza === 'start on' ? again.start_on : again.stop_on)!.value)).toBe(printExpr(tree));
  });

  it('is linted, copied for an override and shown as JSON', () => {
    const job = load(`start on ${nested(n)}\nstop on ${chain(n)}\nexec /bin/true\n`);
    expect(lintJob(job, '1.13')).toEqual([]);
    const copy = cloneJob(job);
    expect(copy.start_on!.value).not.toBe(job.start_on!.value);
    expect(printExpr(copy.start_on!.value)).toBe(printExpr(job.start_on!.value));
    const overridden = applyOverride(job, 'env X=1\n', { file: 'deep.override' }).job!;
    expect(depth(overridden.stop_on!.value)).toBe(n);
    const json = formatJson(jobToJson({ ...job, stop_on: undefined }));
    expect(json.startsWith('{\n  "name": "deep",')).toBe(true);
    expect(JSON.parse(json).start_on.value.left).toEqual({ type: 'event', name: 'e0', args: [], line: 1, column: 10 });
  });
});

describe('formatJson', () => {
  it('writes what JSON.stringify(value, null, 2) writes', () => {
    const value = {
      a: [1, 'two', null, true, undefined, () => 1, { b: {} }, []],
      c: undefined,
      d: { e: 'quote " and \\ and \n', f: -0, g: NaN, h: { toJSON: () => ({ i: 1 }) } },
      date: new Date(0),
    };
    expect(formatJson(value)).toBe(JSON.stringify(value, null, 2));
    expect(formatJson([])).toBe('[]');
    expect(formatJson('x')).toBe('"x"');
  });
});

describe('expansion and matching of deep or long values', () => {
  it('expands a default nested 100,000 times, one frame per level on its own stack', () => {
    const n = 100_000;
    const template = '${A:-'.repeat(n) + 'x' + '}'.repeat(n);
    expect(expand(template, [])).toEqual({ ok: true, value: 'x' });
    expect(expand(template, ['A=set'])).toEqual({ ok: true, value: 'set' });
    expect(expand('${A:-'.repeat(n) + 'x', [])).toEqual({ ok: false, error: 'Mismatched braces' });
  });

  it('matches a pattern of many stars without trying every way to split the text', () => {
    const text = 'a'.repeat(5_000);
    expect(fnmatch('*a'.repeat(2_000) + 'b', text)).toBe(false);
    expect(fnmatch('*a'.repeat(2_000) + '*', text)).toBe(true);
  });
});
