/**
 * The event table: what each Ubuntu 14.04 event (docs/upstart-behaviour.md#ubuntu-1404-events)
 * asks of a unit when it appears in `start on` / `stop on` — one handler per event, each row
 * rendered into docs/mapping.md, with examples a test converts.
 */
import { containerEvent, milestone, runlevel, specialTarget } from './event-boot';
import { fileEvent, socketEvent } from './event-bridges';
import { mountEvent, netDeviceUp } from './event-devices';
import { type LeafHandler, effect, unsupported } from './event-effect';
import { jobEvent } from './event-jobs';

/** One row of the event table: the handler and what docs/mapping.md says about it. */
export interface EventRow {
  event: string;
  handle: LeafHandler;
  start: string;
  stop: string;
  /** `start on`/`stop on` lines and unit lines they must yield (checked by a test). */
  examples?: Array<{ on: string; yields: string[]; absent?: string[] }>;
}

/** Every Ubuntu 14.04 event we know (docs/upstart-behaviour.md#ubuntu-1404-events) and what it becomes. */
export const EVENTS: readonly EventRow[] = [
  {
    event: 'runlevel',
    handle: runlevel,
    start:
      '[2345] → WantedBy=multi-user.target; ' +
      '5 only → graphical.target; ' +
      'S/1 → rescue.target; ' +
      '0/6 → a oneshot active from boot whose commands run as ExecStop= at shutdown ' +
      '(0 only / 6 only: guarded by the kind of shutdown) ★',
    stop: '[!2345], [016], [06], no argument → nothing: the default Conflicts=shutdown.target stops it',
    examples: [
      { on: 'start on runlevel [2345]\nstop on runlevel [!2345]', yields: ['WantedBy=multi-user.target'] },
      { on: 'start on runlevel 5', yields: ['WantedBy=graphical.target'] },
      { on: 'start on runlevel [S1]', yields: ['WantedBy=rescue.target'] },
    ],
  },
  {
    event: 'startup',
    handle: milestone([], [], 'Upstart runs it at the very start of boot; the unit starts with multi-user.target'),
    start: 'WantedBy=multi-user.target ★ (Upstart ran it before anything else)',
    stop: 'ignored ★',
    examples: [{ on: 'start on startup', yields: ['WantedBy=multi-user.target'] }],
  },
  {
    event: 'virtual-filesystems',
    handle: milestone(['sysinit.target'], [], 'virtual file systems are mounted before sysinit.target'),
    start: 'After=sysinit.target, WantedBy=multi-user.target ★',
    stop: 'ignored ★',
    examples: [{ on: 'start on virtual-filesystems', yields: ['After=sysinit.target'] }],
  },
  {
    event: 'local-filesystems',
    handle: milestone(['local-fs.target']),
    start: 'After=local-fs.target, WantedBy=multi-user.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on local-filesystems', yields: ['After=local-fs.target', 'WantedBy=multi-user.target'] }],
  },
  {
    event: 'remote-filesystems',
    handle: milestone(['remote-fs.target'], ['remote-fs.target']),
    start: 'Wants= and After=remote-fs.target, WantedBy=multi-user.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on remote-filesystems', yields: ['Wants=remote-fs.target', 'After=remote-fs.target'] }],
  },
  {
    event: 'filesystem',
    handle: milestone(['local-fs.target', 'remote-fs.target']),
    start: 'After=local-fs.target remote-fs.target, WantedBy=multi-user.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on filesystem', yields: ['After=local-fs.target remote-fs.target'] }],
  },
  {
    event: 'all-swaps',
    handle: milestone(['swap.target']),
    start: 'After=swap.target, WantedBy=multi-user.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on all-swaps', yields: ['After=swap.target'] }],
  },
  {
    event: 'mounted',
    handle: mountEvent('mounted'),
    start: 'MOUNTPOINT=/x → RequiresMountsFor=/x, WantedBy=multi-user.target',
    stop: 'ignored ★',
    examples: [
      {
        on: 'start on mounted MOUNTPOINT=/srv/data',
        yields: ['RequiresMountsFor=/srv/data', 'WantedBy=multi-user.target'],
      },
    ],
  },
  {
    event: 'mounting',
    handle: mountEvent('mounting'),
    start: 'MOUNTPOINT=/x → Before= and WantedBy=x.mount, DefaultDependencies=no ★',
    stop: 'ignored ★',
    examples: [
      {
        on: 'start on mounting MOUNTPOINT=/srv/data',
        yields: ['Before=srv-data.mount', 'WantedBy=srv-data.mount', 'DefaultDependencies=no'],
      },
    ],
  },
  {
    event: 'net-device-up',
    handle: netDeviceUp,
    start:
      'IFACE!=lo or none → Wants= and After=network-online.target; ' +
      'IFACE=eth0 → BindsTo=/After=sys-subsystem-net-devices-eth0.device ★; ' +
      'IFACE=lo → After=network-pre.target ★',
    stop: 'After=network.target (stopped before the network goes down)',
    examples: [
      {
        on: 'start on net-device-up IFACE!=lo',
        yields: ['Wants=network-online.target', 'After=network-online.target'],
      },
      { on: 'start on net-device-up IFACE=eth0', yields: ['BindsTo=sys-subsystem-net-devices-eth0.device'] },
    ],
  },
  {
    event: 'static-network-up',
    handle: milestone(['network-online.target'], ['network-online.target']),
    start: 'Wants= and After=network-online.target, WantedBy=multi-user.target',
    stop: 'ignored ★',
    examples: [
      { on: 'start on static-network-up', yields: ['Wants=network-online.target', 'After=network-online.target'] },
    ],
  },
  {
    event: 'net-device-down',
    handle: (l, c) =>
      c.role === 'stop'
        ? effect({ after: ['network.target'] })
        : unsupported('no systemd event for an interface going down')(l, c),
    start: 'unsupported ★',
    stop: 'After=network.target',
    examples: [
      { on: 'start on runlevel [2345]\nstop on net-device-down IFACE=eth0', yields: ['After=network.target'] },
    ],
  },
  {
    event: 'net-device-removed',
    handle: (l, c) =>
      c.role === 'stop'
        ? effect({ after: ['network.target'] })
        : unsupported('no systemd event for an interface being removed', 'use a udev rule')(l, c),
    start: 'unsupported ★',
    stop: 'After=network.target',
    examples: [{ on: 'start on runlevel [2345]\nstop on net-device-removed', yields: ['After=network.target'] }],
  },
  {
    event: 'deconfiguring-networking',
    handle: (l, c) =>
      c.role === 'stop' ? effect({ after: ['network.target'] }) : unsupported('only meaningful at shutdown')(l, c),
    start: 'unsupported ★',
    stop: 'After=network.target',
    examples: [{ on: 'start on runlevel [2345]\nstop on deconfiguring-networking', yields: ['After=network.target'] }],
  },
  {
    event: 'unmounted-remote-filesystems',
    handle: (l, c) =>
      c.role === 'stop' ? effect({ after: ['remote-fs.target'] }) : unsupported('only meaningful at shutdown')(l, c),
    start: 'unsupported ★',
    stop: 'After=remote-fs.target',
    examples: [
      { on: 'start on runlevel [2345]\nstop on unmounted-remote-filesystems', yields: ['After=remote-fs.target'] },
    ],
  },
  {
    event: 'started',
    handle: jobEvent('started'),
    start: 'After=JOB.service, WantedBy=JOB.service (starts whenever JOB starts)',
    stop: 'ignored ★ (would be Conflicts=, which is symmetric)',
    examples: [
      { on: 'start on started exampledb', yields: ['After=exampledb.service', 'WantedBy=exampledb.service'] },
      { on: 'start on started udev', yields: ['After=systemd-udevd.service'] },
    ],
  },
  {
    event: 'starting',
    handle: jobEvent('starting'),
    start: 'Before=JOB.service, WantedBy=JOB.service (JOB waits for it)',
    stop: 'ignored ★ (would be Conflicts=)',
    examples: [
      { on: 'start on starting exampledb', yields: ['Before=exampledb.service', 'WantedBy=exampledb.service'] },
    ],
  },
  {
    event: 'stopping',
    handle: jobEvent('stopping'),
    start: 'ignored ★ (no "start because another unit stops")',
    stop: 'PartOf=JOB.service, After=JOB.service',
    examples: [
      {
        on: 'start on runlevel [2345]\nstop on stopping exampledb',
        yields: ['PartOf=exampledb.service', 'After=exampledb.service'],
      },
    ],
  },
  {
    event: 'stopped',
    handle: jobEvent('stopped'),
    start:
      'After=JOB.service, WantedBy=multi-user.target ★; ' +
      'stopped rc RUNLEVEL=[2345] (boot finished) → WantedBy=multi-user.target only ' +
      '(After= it would be an ordering cycle)',
    stop: 'PartOf=JOB.service',
    examples: [
      {
        on: 'start on stopped rc RUNLEVEL=[2345]',
        yields: ['WantedBy=multi-user.target'],
        absent: ['After=multi-user.target'],
      },
      { on: 'start on runlevel [2345]\nstop on stopped exampledb', yields: ['PartOf=exampledb.service'] },
    ],
  },
  {
    event: 'socket',
    handle: socketEvent,
    start:
      'a NAME.socket unit (ListenStream=[ADDR:]PORT or a unix path, Accept=no) activates the service; ' +
      'UPSTART_FDS=3 is set; ' +
      'for an instance job, Service=NAME@INSTANCE.service with the instance named from the event ' +
      '(or no socket when it cannot be) ★',
    stop: 'ignored ★',
    examples: [
      {
        on: 'start on socket PROTO=inet PORT=7411 ADDR=127.0.0.1',
        yields: ['ListenStream=127.0.0.1:7411', 'Accept=no', 'WantedBy=sockets.target', 'Environment=UPSTART_FDS=3'],
      },
      { on: 'start on socket PROTO=unix PATH=/run/example.sock', yields: ['ListenStream=/run/example.sock'] },
    ],
  },
  {
    event: 'file',
    handle: fileEvent,
    start:
      'a NAME.path unit: create → PathExists=/PathExistsGlob=, modify → PathModified=, FILE/ → DirectoryNotEmpty=; ' +
      'delete unsupported; ' +
      'for an instance job, Unit=NAME@INSTANCE.service named from the event ★',
    stop: 'ignored ★',
    examples: [
      {
        on: 'start on file FILE=/etc/example.conf EVENT=modify',
        yields: ['PathModified=/etc/example.conf', 'WantedBy=paths.target'],
      },
      { on: 'start on file FILE=/var/spool/example/ EVENT=create', yields: ['DirectoryNotEmpty=/var/spool/example/'] },
    ],
  },
  {
    event: 'control-alt-delete',
    handle: specialTarget('ctrl-alt-del.target'),
    start: 'WantedBy=ctrl-alt-del.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on control-alt-delete', yields: ['WantedBy=ctrl-alt-del.target'] }],
  },
  {
    event: 'keyboard-request',
    handle: specialTarget('kbrequest.target'),
    start: 'WantedBy=kbrequest.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on keyboard-request', yields: ['WantedBy=kbrequest.target'] }],
  },
  {
    event: 'power-status-changed',
    handle: specialTarget('sigpwr.target'),
    start: 'WantedBy=sigpwr.target',
    stop: 'ignored ★',
    examples: [{ on: 'start on power-status-changed', yields: ['WantedBy=sigpwr.target'] }],
  },
  {
    event: 'container',
    handle: containerEvent(true),
    start: 'ConditionVirtualization=container (CONTAINER=lxc → =lxc)',
    stop: 'ignored ★',
    examples: [{ on: 'start on container CONTAINER=lxc', yields: ['ConditionVirtualization=lxc'] }],
  },
  {
    event: 'not-container',
    handle: containerEvent(false),
    start: 'ConditionVirtualization=!container',
    stop: 'ignored ★',
    examples: [{ on: 'start on not-container', yields: ['ConditionVirtualization=!container'] }],
  },
  {
    event: 'failsafe-boot',
    handle: unsupported('no systemd counterpart (network-online.target has its own timeout)'),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
  {
    event: 'recovery',
    handle: unsupported('recovery mode is rescue.target under systemd', 'WantedBy=rescue.target if it must run there'),
    start: 'unsupported ★ (rescue.target)',
    stop: 'unsupported ★',
  },
  {
    event: 'desktop-session-start',
    handle: unsupported(
      'a desktop session event',
      'After=display-manager.service and WantedBy=graphical.target, or a user unit',
    ),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
  {
    event: 'login-session-start',
    handle: unsupported('a login session event', 'use a user unit (systemctl --user)'),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
  {
    event: 'desktop-shutdown',
    handle: unsupported('a desktop session event'),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
  {
    event: 'device-not-ready',
    handle: unsupported('no systemd counterpart'),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
  {
    event: 'rotate-logs',
    handle: unsupported('emitted daily by cron', 'use a .timer unit with OnCalendar=daily'),
    start: 'unsupported ★ (a .timer with OnCalendar=daily)',
    stop: 'unsupported ★',
  },
  {
    event: 'dbus',
    handle: unsupported(
      'D-Bus signal events have no generic equivalent',
      'for bus-name activation use Type=dbus with BusName=',
    ),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
  {
    event: 'dbus-activation',
    handle: unsupported('D-Bus activation', 'Type=dbus, BusName= and Alias=dbus-NAME.service'),
    start: 'unsupported ★',
    stop: 'unsupported ★',
  },
];
