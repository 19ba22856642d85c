/**
 * `when:` conditions: `matches:` runs on RE2 (linear time, ^ and $ at each line), an expression
 * RE2 cannot compile and nesting past the cap are problems found when the profile loads, each
 * at its place in the condition.
 */
import { type Condition, type ConditionInput, conditionProblems, holds } from './conditions';
import { PROFILE_LIMITS } from './limits';
import { parseProfile } from './profile';

const input = (text: string): ConditionInput => ({
  stanzas: new Set(['setuid']),
  facts: new Set(),
  variables: {},
  text,
});

/** A `not:` chain `depth` conditions deep. */
const nested = (depth: number): Condition => {
  let c: Condition = { has: 'setuid' };
  for (let i = 1; i < depth; i++) c = { not: c };
  return c;
};

describe('matches:', () => {
  it('matches at the start and end of any line of the job text', () => {
    expect(holds({ matches: '^exec /usr/bin/node' }, input('pre-start script\nexec /usr/bin/node app\n'))).toBe(true);
    expect(holds({ matches: 'app$' }, input('exec /usr/bin/node app\nend script'))).toBe(true);
    expect(holds({ matches: '^node' }, input('exec /usr/bin/node app'))).toBe(false);
  });

  it('runs an expression that backtracks exponentially elsewhere without backtracking', () => {
    expect(holds({ matches: '^(a+)+$' }, input('a'.repeat(29) + '!'))).toBe(false);
    expect(holds({ matches: '^(a+)+$' }, input('a'.repeat(29)))).toBe(true);
  });

  it('refuses an expression RE2 cannot compile, or one longer than the cap', () => {
    expect(conditionProblems({ matches: 'a(b' })).toEqual([
      {
        path: ['matches'],
        ruleId: 'harden/invalid-regex',
        message: 'matches: not a valid RE2 expression: missing closing ): `a(b`',
      },
    ]);
    expect(conditionProblems({ any: [{ has: 'x' }, { matches: '(?=look)ahead' }] })[0]).toMatchObject({
      path: ['any', 1, 'matches'],
      ruleId: 'harden/invalid-regex',
    });
    expect(conditionProblems({ matches: 'a'.repeat(PROFILE_LIMITS.regexLength + 1) })[0]!.message).toContain(
      `longer than ${PROFILE_LIMITS.regexLength}`,
    );
  });

  it('reports an invalid expression at its line and column when the profile loads', () => {
    const r = parseProfile('description: x\nwhen:\n  matches: "a(b"\ndirectives: {PrivateTmp: yes}\n', 'p.yaml');
    expect(r.profile).toBeNull();
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'harden/invalid-regex', line: 3, column: 12 })]);
  });
});

describe('nesting', () => {
  it(`allows conditions ${PROFILE_LIMITS.whenDepth} deep and refuses one level more, where it is`, () => {
    expect(conditionProblems(nested(PROFILE_LIMITS.whenDepth))).toEqual([]);
    const [p, ...rest] = conditionProblems(nested(PROFILE_LIMITS.whenDepth + 1));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ ruleId: 'harden/profile-limit', path: Array(PROFILE_LIMITS.whenDepth).fill('not') });
  });

  it('checks a condition 10,000 deep without recursing', () => {
    expect(conditionProblems(nested(10_000))).toHaveLength(1);
  });
});
