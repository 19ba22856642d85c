/**
 * The target pass: what a target's systemd lacks is renamed, rewritten or dropped, and each time
 * said — as a warning when the job's own meaning is lost, as a note when only a profile's extra
 * confinement is.
 */
import { downgrade, downgradeEntry } from './downgrade';
import { TARGETS } from './target';
import { UnitBuilder } from './unit';
import { raw } from './value';

/** A supported target by name. */
const target = (name: string) => TARGETS.find((t) => t.name === name)!;

/** A one-service unit with the given [Service] entries (hardening ones flagged). */
function unit(entries: Array<[string, string, boolean?]>) {
  const b = new UnitBuilder().add('Unit', 'Description', raw('x'));
  for (const [k, v, hardening] of entries) b.add('Service', k, raw(v), hardening ?? false);
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
      target('ubuntu-16.04'),
      '/etc/init/x.conf',
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
      target('ubuntu-16.04'),
      '/etc/init/x.conf',
    );
    expect(keys(r.unit)).toEqual(['ExecStart', 'ProtectSystem']);
    expect(r.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['target/hardening-unsupported', 'info']]);
    expect(r.diagnostics[0]!.message).toContain('ProtectKernelLogs=yes needs systemd 244');
  });

  it('says that Type=simple below 240 lets ExecStartPost= run before the program has started, when there is one', () => {
    const note = (entries: Array<[string, string]>) =>
      downgrade(unit([['Type', 'exec'], ...entries]), target('ubuntu-18.04'), '/etc/init/x.conf').diagnostics[0]!
        .message;
    const withPost = note([
      ['ExecStart', '/usr/bin/d'],
      ['ExecStartPost', '/bin/true'],
    ]);
    expect(withPost).toContain('written Type=simple');
    expect(withPost).toContain('runs ExecStartPost= as soon as the main process is forked');
    expect(withPost).not.toContain('differs only');
    expect(note([['ExecStart', '/usr/bin/d']])).toContain('"simple" differs only in reporting a failed exec()');
  });

  it('keeps what the target knows, and says nothing', () => {
    const r = downgrade(
      unit([
        ['ExecStart', '/usr/bin/d'],
        ['ProtectKernelLogs', 'yes', true],
      ]),
      target('debian-12'),
      '/etc/init/x.conf',
    );
    expect(keys(r.unit)).toEqual(['ExecStart', 'ProtectKernelLogs']);
    expect(r.diagnostics).toEqual([]);
  });

  it('answers for one entry as it does inside a unit, for profiles show', () => {
    const old = target('ubuntu-16.04');
    expect(downgradeEntry(old, { section: 'Service', key: 'ProtectSystem', value: 'strict' }, true).entry).toEqual({
      section: 'Service',
      key: 'ProtectSystem',
      value: 'full',
    });
    expect(downgradeEntry(old, { section: 'Service', key: 'ReadWritePaths', value: '-/srv' }, true).entry).toEqual({
      section: 'Service',
      key: 'ReadWriteDirectories',
      value: '-/srv',
    });
    const dropped = downgradeEntry(old, { section: 'Service', key: 'ProtectKernelLogs', value: 'yes' }, true);
    expect(dropped.entry).toBeNull();
    expect(dropped.notes.map((n) => n.ruleId)).toEqual(['target/hardening-unsupported']);
    expect(downgradeEntry(target('debian-12'), { section: 'Service', key: 'Type', value: 'exec' })).toEqual({
      entry: { section: 'Service', key: 'Type', value: 'exec' },
      notes: [],
    });
  });

  it('keeps Type=oneshot with Restart=on-failure from 244 and rewrites the restart before it', () => {
    const b = new UnitBuilder().add('Service', 'Type', raw('oneshot')).add('Service', 'Restart', raw('on-failure'));
    const u = b.build('x.service', 'service', []);
    const restart = (name: string) => downgrade(u, target(name), '/etc/init/x.conf').unit.sections[0]!.entries[1];
    expect(restart('ubuntu-20.04')).toMatchObject({ key: 'Restart', value: 'on-failure' });
    expect(restart('ubuntu-18.04')).toMatchObject({ key: 'Restart', value: 'no', typed: raw('no') });
  });
});
