import { type SeverityPolicy, Diagnostics, applySeverityPolicy, diagnostic } from './collector';
import { isRuleId, ruleDoc } from './rules';

const at = { file: 'job.conf', line: 3, column: 7 };

describe('a diagnostic built for a rule', () => {
  it('takes its severity from the rule table, not from the call site', () => {
    expect(diagnostic('input/not-found', { file: 'x.conf' }, 'missing').severity).toBe('error');
    expect(diagnostic('convert/event-dead', at, 'never matches').severity).toBe('warning');
    expect(diagnostic('convert/console-log', at, 'journal').severity).toBe('info');
  });

  it('links to the row of its rule in docs/rules.md', () => {
    expect(diagnostic('convert/event-dead', at, 'never matches').url).toBe('docs/rules.md#convert-event-dead');
    expect(ruleDoc('input/not-found').url).toBe('docs/rules.md#input-not-found');
  });

  it('points at the whole file (line 0) when the place has no line', () => {
    expect(diagnostic('input/too-large', { file: 'x.conf' }, 'big')).toMatchObject({ line: 0, column: 0 });
  });

  it('carries the end of a range only when the place is one', () => {
    const point = diagnostic('convert/emits', at, 'emits x');
    expect('endLine' in point || 'endColumn' in point).toBe(false);
    const range = diagnostic('convert/emits', { ...at, endLine: 5, endColumn: 1 }, 'emits x');
    expect(range).toMatchObject({ line: 3, column: 7, endLine: 5, endColumn: 1 });
  });

  it('has a hint only when one is given', () => {
    expect('hint' in diagnostic('convert/emits', at, 'emits x')).toBe(false);
    expect(diagnostic('convert/emits', at, 'emits x', 'do y').hint).toBe('do y');
  });
});

describe('a collector', () => {
  it('reports at its file when a report has no place', () => {
    const r = new Diagnostics({ file: 'job.conf' });
    r.report('convert/no-start-on', undefined, 'no start on');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'convert/no-start-on', severity: 'info', file: 'job.conf', line: 0 }),
    ]);
  });

  it('refuses a report without a place when it has no file to fall back on', () => {
    expect(() => new Diagnostics().report('convert/no-start-on', undefined, 'no start on')).toThrow(/without a place/);
  });

  it('keeps one of the same rule at the same place with the same message, whatever the hint', () => {
    const r = new Diagnostics({ file: 'job.conf' });
    r.report('convert/event-dead', at, 'never matches', 'one hint');
    r.report('convert/event-dead', at, 'never matches', 'another hint');
    r.report('convert/event-dead', at, 'never matches either');
    r.report('convert/event-dead', { ...at, line: 4 }, 'never matches');
    r.report('convert/event-unknown', at, 'never matches');
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.message, d.hint])).toEqual([
      ['convert/event-dead', 3, 'never matches', 'one hint'],
      ['convert/event-dead', 3, 'never matches either', undefined],
      ['convert/event-dead', 4, 'never matches', undefined],
      ['convert/event-unknown', 3, 'never matches', undefined],
    ]);
  });

  it('collects 100,000 reports (one per emits line) in linear time', () => {
    const r = new Diagnostics({ file: 'big.conf' });
    const start = Date.now();
    for (let line = 1; line <= 100_000; line++) {
      r.report('convert/emits', { file: 'big.conf', line, column: 1 }, `emits e${line}`);
      r.report('convert/emits', { file: 'big.conf', line, column: 1 }, `emits e${line}`);
    }
    expect(r.diagnostics).toHaveLength(100_000);
    expect(Date.now() - start).toBeLessThan(5_000);
  });

  it('puts the words of a scoped view around its messages, into the same list and dedup', () => {
    const r = new Diagnostics({ file: 'job.conf' });
    const unit = r.scoped({ prefix: 'job.service: ' });
    const profile = unit.scoped({ suffix: ' [profile strict]' });
    profile.report('harden/mdwe-jit', undefined, 'MemoryDenyWriteExecute= left out');
    unit.report('harden/dynamic-user-root', undefined, 'runs as an ephemeral user');
    r.add(...profile.diagnostics);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'job.service: MemoryDenyWriteExecute= left out [profile strict]',
      'job.service: runs as an ephemeral user',
    ]);
  });
});

describe('a severity policy', () => {
  const policy: SeverityPolicy = ({ ruleId, file, job }) => {
    if (ruleId === 'convert/console-log') return 'off';
    if (ruleId === 'convert/event-dead' && job === 'legacy') return 'info';
    if (ruleId === 'convert/not-enabled' && file.endsWith('strict.conf')) return 'error';
    return undefined;
  };

  it('changes the severity of a rule, per job or per file, or turns it off', () => {
    const legacy = new Diagnostics({ file: 'legacy.conf', job: 'legacy', policy });
    legacy.report('convert/console-log', undefined, 'journal');
    legacy.report('convert/event-dead', at, 'never matches');
    legacy.report('convert/not-enabled', undefined, 'no [Install]');
    expect(legacy.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['convert/event-dead', 'info'],
      ['convert/not-enabled', 'warning'],
    ]);
    const strict = new Diagnostics({ file: 'strict.conf', job: 'strict', policy });
    strict.report('convert/event-dead', at, 'never matches');
    strict.report('convert/not-enabled', undefined, 'no [Install]');
    expect(strict.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([
      ['convert/event-dead', 'warning'],
      ['convert/not-enabled', 'error'],
    ]);
  });

  it('applies the same way to diagnostics built as values, keeping the untouched ones as they are', () => {
    const built = [
      diagnostic('convert/console-log', { file: 'strict.conf' }, 'journal'),
      diagnostic('convert/not-enabled', { file: 'strict.conf' }, 'no [Install]'),
      diagnostic('convert/emits', { file: 'strict.conf' }, 'emits x'),
    ];
    const judged = applySeverityPolicy(built, policy, 'strict');
    expect(judged.map((d) => [d.ruleId, d.severity])).toEqual([
      ['convert/not-enabled', 'error'],
      ['convert/emits', 'info'],
    ]);
    expect(judged[1]).toBe(built[2]);
    expect(built[1]!.severity).toBe('warning');
  });

  it('leaves every severity to the table when there is none', () => {
    const built = [diagnostic('convert/emits', { file: 'a.conf' }, 'emits x')];
    expect(applySeverityPolicy(built, undefined)).toEqual(built);
  });
});

describe('rule ids from outside the code', () => {
  it('are recognised only when the table has them', () => {
    expect(isRuleId('convert/event-dead')).toBe(true);
    expect(isRuleId('convert/no-such-rule')).toBe(false);
    expect(isRuleId('toString')).toBe(false);
  });
});
