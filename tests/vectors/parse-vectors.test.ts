/**
 * The parse vectors recorded from the real Upstart 1.13.2 parser (tests/vectors/upstart-vectors.json,
 * copied from the shared reference pack) are the specification: every one must agree exactly. The
 * parser's corners found since (tests/vectors/corner-vectors.json: issue 17) are vectors of our own
 * in the same format, each naming the Upstart behaviour and the source line it follows.
 */
import vectors from './upstart-vectors.json';
import cornerVectors from './corner-vectors.json';
import { ERROR_MESSAGES, applyOverride, parseJob, parseRuleId } from '../../src/upstart/parser';
import type { ParseErrorCode } from '../../src/upstart/lexer';
import { vectorShape } from '../helpers/vector-shape';

/** Where the real parser stopped: its error code, byte offset and line. */
interface VectorError {
  error: ParseErrorCode;
  pos: number;
  line: number;
}

interface ParseVector {
  id: string;
  title: string;
  input: string;
  override: string | null;
  expect: { result: Record<string, unknown>; override_error?: VectorError } | VectorError;
}

/** The 1-based column of a byte offset on its own line, as our diagnostics place it. */
function columnOf(text: string, pos: number): number {
  return pos - (text.lastIndexOf('\n', pos - 1) + 1) + 1;
}

/** Checks one vector: the .conf's error, or the job after the .override (and the override's own error). */
function check(v: ParseVector): void {
  // recorded from 1.13.2: read with its grammar, not the default (1.12, which has no cgroup)
  const base = parseJob(v.input, { file: 'job.conf', upstartVersion: '1.13' });
  if ('error' in v.expect) {
    expect(base.job).toBeNull();
    const d = base.diagnostics[0]!;
    const { error, pos, line } = v.expect;
    expect({ rule: d.ruleId, line: d.line, column: d.column }).toEqual({
      rule: parseRuleId(error),
      line,
      column: columnOf(v.input, pos),
    });
    return;
  }
  expect(base.diagnostics).toEqual([]);
  let job = base.job!;
  if (v.override !== null) {
    const o = applyOverride(job, v.override, { file: 'job.override', upstartVersion: '1.13' });
    const failed = v.expect.override_error;
    if (failed) {
      const d = o.diagnostics[0]!;
      expect({
        rule: d.ruleId,
        line: d.line,
        column: d.column,
        says: d.message.startsWith(ERROR_MESSAGES[failed.error]),
      }).toEqual({
        rule: 'parse/override-error',
        line: failed.line,
        column: columnOf(v.override, failed.pos),
        says: true,
      });
    } else expect(o.diagnostics).toEqual([]);
    job = o.job!;
  }
  expect(vectorShape(job)).toEqual(v.expect.result);
}

const parseVectors = (vectors as Array<Record<string, unknown>>).filter(
  (v) => !('kind' in v),
) as unknown as ParseVector[];

describe('the parser agrees with the real Upstart parser', () => {
  it('has all 157 recorded parse vectors to check', () => {
    expect(parseVectors).toHaveLength(157);
  });

  it.each(parseVectors.map((v) => [`${v.id}: ${v.title}`, v] as const))('%s', (_name, v) => check(v));
});

describe("the parser's corners agree with the real Upstart parser's code (issue 17)", () => {
  const corners = cornerVectors as unknown as ParseVector[];

  it('names the Upstart behaviour and source each corner vector follows', () => {
    for (const v of corners as unknown as Array<{ note: string; source: string }>) {
      expect(v.note.length).toBeGreaterThan(0);
      expect(v.source).toMatch(/config\.c|parse_job\.c/);
    }
  });

  it.each(corners.map((v) => [`${v.id}: ${v.title}`, v] as const))('%s', (_name, v) => check(v));
});
