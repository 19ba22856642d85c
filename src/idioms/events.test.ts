/**
 * The boot-daemon event lift (events.ts): `start on started dbus` and its kin become the boot
 * target with ordering on the daemon in the native style, and stay as the converter wrote them in
 * the faithful style.
 */
import { loaded } from '../../tests/helpers/convert';
import { unitForJob } from '../convert/names';
import { emptyService } from '../model/service';
import { convertLoaded } from '../pipeline';
import { targetForSystemd } from '../systemd/target';
import type { Style } from '.';
import { BOOT_DAEMONS, liftBootDaemonEvents } from './events';

/** The .service text of a job converted in the given style for systemd 252. */
function unitOf(text: string, style: Style): { unit: string; rules: string[] } {
  const run = convertLoaded([loaded('job', text)], { target: targetForSystemd(252), style, score: false });
  const job = run.jobs[0]!;
  return {
    unit: job.files.find((f) => f.name.endsWith('.service'))!.content,
    rules: job.diagnostics.map((d) => d.ruleId),
  };
}

/** A model pulled in by the given units and ordered after/before them. */
function model(wantedBy: string[], after: string[] = [], before: string[] = []) {
  const s = emptyService('job');
  s.activation.wantedBy = wantedBy;
  s.activation.after = after;
  s.activation.before = before;
  return s;
}

describe('events of daemons every boot starts', () => {
  it('turns start on started dbus into WantedBy=multi-user.target with Wants= and After=dbus.service', () => {
    const { unit, rules } = unitOf('start on started dbus\nexec /bin/d\n', 'native');
    expect(unit).toContain('Wants=dbus.service\nAfter=dbus.service\n');
    expect(unit).toContain('[Install]\nWantedBy=multi-user.target\n');
    expect(unit).not.toContain('WantedBy=dbus.service');
    expect(rules).toContain('idiom/boot-daemon-event');
  });

  it('keeps WantedBy=dbus.service in the faithful style', () => {
    const { unit, rules } = unitOf('start on started dbus\nexec /bin/d\n', 'faithful');
    expect(unit).toContain('WantedBy=dbus.service');
    expect(rules).not.toContain('idiom/boot-daemon-event');
  });

  it('orders on network-online.target too for started networking', () => {
    const { unit } = unitOf('start on started networking\nexec /bin/d\n', 'native');
    expect(unit).toContain('After=networking.service network-online.target\n');
    expect(unit).toContain('WantedBy=multi-user.target\n');
  });

  it('keeps the target another event already pulls the job in by, and drops only the daemon', () => {
    const s = model(['dbus.service', 'graphical.target'], ['dbus.service']);
    liftBootDaemonEvents(s);
    expect(s.activation.wantedBy).toEqual(['graphical.target']);
    expect(s.activation.after).toEqual(['dbus.service']);
  });

  it('keeps Before= for starting DAEMON and wants nothing more', () => {
    const s = model(['rsyslog.service'], [], ['rsyslog.service']);
    const [d] = liftBootDaemonEvents(s);
    expect(s.activation).toMatchObject({ wantedBy: ['multi-user.target'], before: ['rsyslog.service'], wants: [] });
    expect(d!.message).toContain('ordering kept');
  });

  it('leaves a daemon not every boot starts as it was', () => {
    const s = model(['display-manager.service'], ['display-manager.service']);
    expect(liftBootDaemonEvents(s)).toEqual([]);
    expect(s.activation.wantedBy).toEqual(['display-manager.service']);
  });

  it('leaves a daemon the job is not ordered around (pulled in for another reason)', () => {
    const s = model(['dbus.service']);
    expect(liftBootDaemonEvents(s)).toEqual([]);
  });

  it('lifts every daemon of a combined event once, and keeps other jobs that pull it in', () => {
    const s = model(['cgmanager.service', 'dbus.service', 'foo.service'], ['dbus.service', 'cgmanager.service']);
    const [d] = liftBootDaemonEvents(s);
    expect(s.activation.wantedBy).toEqual(['foo.service', 'multi-user.target']);
    expect(s.activation.wants).toEqual(['dbus.service', 'cgmanager.service']);
    expect(d!.message).toMatch(/^dbus\.service, cgmanager\.service start at every boot/);
  });

  it('names each daemon by the unit the converter writes for its job', () => {
    expect(BOOT_DAEMONS.map((d) => d.job)).toEqual(['dbus', 'rsyslog', 'networking', 'cgmanager', 'udev']);
    for (const d of BOOT_DAEMONS) expect(d.unit).toBe(unitForJob(d.job, false));
  });
});
