/**
 * The target pass: what a target's systemd lacks is renamed, rewritten or dropped, and each time
 * said — as a warning when the job's own meaning is lost, as a note when only a profile's extra
 * confinement is.
 */
import { downgrade } from './downgrade';
import { UnitBuilder } from './unit';

/** A one-service unit with the given [Service] entries (hardening ones flagged). */
function unit(entries: Array<[string, string, boolean?]>) {
  const b = new UnitBuilder().add('Unit', 'Description', 'x');
  for (const [k, v, hardening] of entries) b.add('Service', k, v, hardening ?? false);
  return b.build('x.service', 'service', []);
}

/** The [Service] keys of a unit. */
const keys = (u: ReturnType<typeof unit>): string[] =>
  u.sections.find((s) => s.name === 'Service')!.entries.map((e) => e.key);

describe('the target pass', () => {
  it("drops a directive the target lacks with a warning when it carried the job's meaning", () => {
    const r = downgrade(
      unit([
        ['ExecStart', '/usr/bin/d'],
        ['ExecCondition', '/bin/true'],
      ]),
      229,
      '/etc/init/x.conf',
      'ubuntu-16.04',
    );
    expect(keys(r.unit)).toEqual(['ExecStart']);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['target/unsupported', 'warning']]);
  });

  it("drops a profile's sandboxing the target lacks with a note, the rest of the profile kept", () => {
    const r = downgrade(
      unit([
        ['ExecStart', '/usr/bin/d'],
        ['ProtectKernelLogs', 'yes', true],
        ['ProtectSystem', 'full', true],
      ]),
      229,
      '/etc/init/x.conf',
      'ubuntu-16.04',
    );
    expect(keys(r.unit)).toEqual(['ExecStart', 'ProtectSystem']);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['target/hardening-unsupported', 'info']]);
    expect(r.diagnostics[0]!.message).toContain('ProtectKernelLogs=yes needs systemd 244');
  });

  it('reports a line longer than systemd before 235 reads as one line, and not on a newer target', () => {
    const long = unit([
      ['ExecStart', '/usr/bin/d'],
      ['Environment', `LIST=${'x'.repeat(2100)}`],
    ]);
    expect(
      downgrade(long, 229, '/etc/init/x.conf', 'ubuntu-16.04').diagnostics.map((d) => [d.ruleId, d.severity]),
    ).toEqual([['target/line-too-long', 'warning']]);
    expect(downgrade(long, 237, '/etc/init/x.conf', 'ubuntu-18.04').diagnostics).toEqual([]);
  });

  it('keeps what the target knows, and says nothing', () => {
    const r = downgrade(
      unit([
        ['ExecStart', '/usr/bin/d'],
        ['ProtectKernelLogs', 'yes', true],
      ]),
      252,
      '/etc/init/x.conf',
      'debian-12',
    );
    expect(keys(r.unit)).toEqual(['ExecStart', 'ProtectKernelLogs']);
    expect(r.diagnostics).toEqual([]);
  });
});
