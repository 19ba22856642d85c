/**
 * Events of daemons every boot starts (`idiom/boot-daemon-event`): `start on started dbus`
 * becomes `WantedBy=dbus.service` + `After=dbus.service` in the converter, which starts the job
 * exactly when dbus starts. When dbus starts at every boot anyway, the job starts at every boot,
 * so the unit a maintainer writes — `WantedBy=multi-user.target` + `After=dbus.service` (+
 * `Wants=dbus.service`, so that the daemon the job waited for still runs before it where someone
 * disabled it) — starts it at the same moment; and it survives a host where the daemon's unit is
 * named otherwise or is absent (networking.service on a host without ifupdown), where
 * `WantedBy=` of a missing unit never starts the job at all.
 *
 * Works on the model's activation alone: a daemon of the table that pulls the service in
 * (`wantedBy`) and that the service is ordered around (`after` for `started`, `before` for
 * `starting`) is replaced by the boot target. When another target already pulls the service in
 * (`start on runlevel [5] or started dbus`), that target stays and the daemon is just dropped;
 * otherwise multi-user.target (the target of runlevels 2-5) pulls it in. Daemons that not every
 * boot starts (display managers, cups, ssh…) stay as the converter wrote them.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Activation, ServiceModel } from '../model/service';

/** A daemon every boot starts: its unit as the converter names it, and what the lifted unit orders on. */
export interface BootDaemon {
  /** The unit the converter writes for the Upstart job (names.ts WELL_KNOWN_JOBS). */
  unit: string;
  /** The Upstart job it stands for. */
  job: string;
  /** Units to order on and want besides the daemon's own (networking: network-online.target). */
  alsoOrderOn: string[];
  /** Why every boot starts it, for docs/idioms.md. */
  why: string;
}

/** The daemons every boot starts, on Ubuntu 14.04 and on the systemd releases we target. */
export const BOOT_DAEMONS: readonly BootDaemon[] = [
  { unit: 'dbus.service', job: 'dbus', alsoOrderOn: [], why: 'the system bus; basic.target pulls in dbus.socket' },
  {
    unit: 'rsyslog.service',
    job: 'rsyslog',
    alsoOrderOn: [],
    why: 'the system log, enabled by its package (syslog.service)',
  },
  {
    unit: 'networking.service',
    job: 'networking',
    alsoOrderOn: ['network-online.target'],
    why: 'ifupdown brings up /etc/network/interfaces at boot; hosts without it reach network-online.target',
  },
  {
    unit: 'cgmanager.service',
    job: 'cgmanager',
    alsoOrderOn: [],
    why: 'the cgroup manager of Ubuntu 14.04, enabled by its package (WantedBy=multi-user.target)',
  },
  {
    unit: 'systemd-udevd.service',
    job: 'udev',
    alsoOrderOn: [],
    why: 'the device manager; sysinit.target pulls it in',
  },
];

/** The target the service is pulled in by when no other target is: the one of runlevels 2-5. */
const BOOT_TARGET = 'multi-user.target';

/** Adds the units to a list that does not hold them yet, in order. */
function addAll(list: string[], units: readonly string[]): void {
  for (const u of units) if (!list.includes(u)) list.push(u);
}

/** The table's daemons that pull the service in and that it is ordered around. */
function liftable(a: Activation): BootDaemon[] {
  return BOOT_DAEMONS.filter(
    (d) => a.wantedBy.includes(d.unit) && (a.after.includes(d.unit) || a.before.includes(d.unit)),
  );
}

/** Lifts `start on started|starting DAEMON` of boot daemons into the boot target (native style). */
export function liftBootDaemonEvents(service: ServiceModel): Diagnostic[] {
  const a = service.activation;
  const daemons = liftable(a);
  if (!daemons.length) return [];
  a.wantedBy = a.wantedBy.filter((u) => !daemons.some((d) => d.unit === u));
  // a custom event's target (upstart-event-…) is no boot milestone: the boot target is still added
  const target = a.wantedBy.find((u) => u.endsWith('.target') && !u.startsWith('upstart-event-'));
  if (!target) a.wantedBy.push(BOOT_TARGET);
  const ordered: string[] = [];
  for (const d of daemons) {
    // started: the job needed the daemon running; starting: the daemon waits for the job
    if (!a.after.includes(d.unit)) continue;
    addAll(ordered, [d.unit, ...d.alsoOrderOn]);
  }
  addAll(a.wants, ordered);
  addAll(a.after, ordered);
  const names = daemons.map((d) => d.unit).join(', ');
  const pulledBy = target ?? BOOT_TARGET;
  return [
    diagnostic(
      'idiom/boot-daemon-event',
      { file: service.facts.file },
      `${names} ${daemons.length > 1 ? 'start' : 'starts'} at every boot: WantedBy=${pulledBy}` +
        (ordered.length ? ` with Wants= and After=${ordered.join(' ')}` : ', ordering kept') +
        ` instead of WantedBy=${names}`,
      'use --style faithful to keep the unit pulled in by the daemon itself',
    ),
  ];
}
