/**
 * The parse vectors recorded from the real Upstart 1.13.2 parser (tests/vectors/upstart-vectors.json,
 * copied from the shared reference pack) are the specification: every one must agree exactly.
 */
import vectors from './upstart-vectors.json';
import { applyOverride, parseJob, parseRuleId } from '../../src/upstart/parser';
import type { ParseErrorCode } from '../../src/upstart/lexer';
import { vectorShape } from '../helpers/vector-shape';

interface ParseVector {
  id: string;
  title: string;
  input: string;
  override: string | null;
  expect: { result: Record<string, unknown> } | { error: ParseErrorCode; pos: number; line: number };
}

const parseVectors = (vectors as Array<Record<string, unknown>>).filter(
  (v) => !('kind' in v),
) as unknown as ParseVector[];

describe('the parser agrees with the real Upstart parser', () => {
  it('has all 157 recorded parse vectors to check', () => {
    expect(parseVectors).toHaveLength(157);
  });

  it.each(parseVectors.map((v) => [`${v.id}: ${v.title}`, v] as const))('%s', (_name, v) => {
    // recorded from 1.13.2: read with its grammar, not the default (1.12, which has no cgroup)
    const base = parseJob(v.input, { file: 'job.conf', upstartVersion: '1.13' });
    if ('error' in v.expect) {
      expect(base.job).toBeNull();
      const d = base.diagnostics[0]!;
      const { error, pos, line } = v.expect;
      const column = pos - (v.input.lastIndexOf('\n', pos - 1) + 1) + 1;
      expect({ rule: d.ruleId, line: d.line, column: d.column }).toEqual({ rule: parseRuleId(error), line, column });
      return;
    }
    expect(base.diagnostics).toEqual([]);
    let job = base.job!;
    if (v.override !== null) {
      const o = applyOverride(job, v.override, { file: 'job.override', upstartVersion: '1.13' });
      expect(o.diagnostics).toEqual([]);
      job = o.job!;
    }
    expect(vectorShape(job)).toEqual(v.expect.result);
  });
});
