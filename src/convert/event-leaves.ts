/**
 * The event table: what each Ubuntu 14.04 event (docs/upstart-behaviour.md#ubuntu-1404-events)
 * asks of a unit when it appears in
 * `start on` / `stop on` — one handler per event, each row rendered into docs/mapping.md — and
 * the custom events jobs emit among themselves. events.ts combines the leaves of and/or trees.
 */
import type { ServiceModel, SocketSpec, PathSpec } from '../model/service';
import type { EventMatch, UpstartJob } from '../upstart/job';
import { expand } from '../upstart/expand';
import { classifyArg, fnmatch } from '../upstart/match';
import { escapePath } from '../systemd/escape';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext } from './context';
import { eventLeaves } from '../upstart/lint';
import { WELL_KNOWN_JOBS, unitForJob } from './names';

/** What one event (or a tree of them) asks of the unit. */
export interface Effect {
  /** Units that should pull this one in (`WantedBy=`), with how late in boot they happen. */
  pulls: Array<{ unit: string; rank: number }>;
  wants: string[];
  requires: string[];
  after: string[];
  before: string[];
  bindsTo: string[];
  partOf: string[];
  conflicts: string[];
  requiresMountsFor: string[];
  conditions: Array<[string, string]>;
  socket?: SocketSpec;
  path?: PathSpec;
  /** The job runs when the system goes down (runlevel 0/6): which levels. */
  atShutdown?: string[];
  /** Jobs of the batch whose scripts `initctl emit` the event: their shim starts this unit. */
  emittedBy?: string[];
}

/** An empty effect. */
export function none(): Effect {
  return {
    pulls: [],
    wants: [],
    requires: [],
    after: [],
    before: [],
    bindsTo: [],
    partOf: [],
    conflicts: [],
    requiresMountsFor: [],
    conditions: [],
  };
}

/** Pull ranks: later boot milestones win in an `and`. */
export const RANK = {
  job: 0.5,
  sysinit: 1,
  rescue: 2,
  multiUser: 5,
  graphical: 6,
  special: 9,
  activation: 10,
} as const;

/** Builds an effect from a partial description. */
function effect(e: Partial<Effect>): Effect {
  return { ...none(), ...e };
}

/** The value of a leaf's argument: the n-th positional one or KEY=…; undefined when absent. */
export function argValue(leaf: EventMatch, key: string, position?: number): string | undefined {
  let index = 0;
  for (const raw of leaf.args) {
    const a = classifyArg(raw);
    if (a.kind === 'positional') {
      if (index++ === position) return a.value;
    } else if (a.kind === 'named' && a.key === key) {
      return a.value;
    }
  }
  return undefined;
}

/** The runlevels (0-6, S) a pattern matches, expanded without an environment. */
export function runlevelsMatching(pattern: string | undefined): string[] {
  const levels = ['0', '1', '2', '3', '4', '5', '6', 'S'];
  if (pattern === undefined) return levels;
  const p = expand(pattern, []);
  if (!p.ok) return [];
  return levels.filter((l) => fnmatch(p.value, l));
}

/** Context for mapping one leaf. */
export interface LeafCtx {
  job: UpstartJob;
  ctx: ConvertContext;
  r: Diagnostics;
  svc: ServiceModel;
  role: 'start' | 'stop';
}

type LeafHandler = (leaf: EventMatch, c: LeafCtx) => Effect;

/** Reports an approximation of an event. */
function approx(c: LeafCtx, leaf: EventMatch, message: string, hint?: string): void {
  c.r.report('convert/event-approximated', leaf.pos, `${c.role} on ${describe(leaf)}: ${message}`, hint);
}

/** The leaf as written. */
function describe(leaf: EventMatch): string {
  return [leaf.name, ...leaf.args].join(' ');
}

/** A boot milestone event: ordering only, pulled by multi-user.target when used in start on. */
function milestone(after: string[], wants: string[] = [], note?: string): LeafHandler {
  return (leaf, c) => {
    if (c.role === 'stop') {
      approx(c, leaf, 'a boot milestone as a stop condition has no systemd equivalent; ignored');
      return none();
    }
    if (note) approx(c, leaf, note);
    return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], after, wants });
  };
}

/** Job events: `started JOB`, `starting JOB`, `stopping JOB`, `stopped JOB`. */
function jobEvent(kind: 'started' | 'starting' | 'stopping' | 'stopped'): LeafHandler {
  return (leaf, c) => {
    const name = argValue(leaf, 'JOB', 0);
    if (name === undefined) {
      approx(c, leaf, `every job's ${kind} event cannot be expressed in systemd; ignored`);
      return none();
    }
    if (/[*?[$]/.test(name)) {
      approx(
        c,
        leaf,
        `"${name}" is a pattern or variable, not one job; systemd needs one dependency per unit, so it is ignored`,
        'list the units explicitly',
      );
      return none();
    }
    if (SESSION_JOBS.test(name)) {
      c.r.report(
        'convert/user-session-job',
        leaf.pos,
        `${c.role} on ${describe(leaf)}: ${name} is a job of an Upstart user session; a system unit cannot follow it`,
        'convert this job to a systemd user unit (systemctl --user) by hand',
      );
      return none();
    }
    const rcLevel = RC_JOBS.includes(name) ? argValue(leaf, 'RUNLEVEL') : undefined;
    if (rcLevel !== undefined) {
      if (c.role === 'start' && kind === 'stopped' && runlevelsMatching(rcLevel).some((l) => '2345'.includes(l))) {
        approx(
          c,
          leaf,
          'Upstart started it only after every SysV rc script of the runlevel had finished; ' +
            'the unit starts with multi-user.target, in parallel with them',
          'add After= the units it really needs',
        );
      }
      return runlevel(asRunlevel(leaf, rcLevel), c);
    }
    const other = c.ctx.batch.get(name);
    if (other?.instance) {
      approx(
        c,
        leaf,
        `${name} is an instance job (a template unit); a dependency on all its instances cannot be expressed; ignored`,
      );
      return none();
    }
    if (!other && !WELL_KNOWN_JOBS[name]) {
      c.r.report(
        'convert/job-event-outside-batch',
        leaf.pos,
        `${kind} ${name}: job ${name} is not part of this conversion; assuming its unit is ${unitForJob(name, false)}`,
      );
    }
    const unit = unitForJob(name, false);
    const milestoneUnit = unit.endsWith('.target');
    if (
      argValue(leaf, 'RESULT') !== undefined ||
      (argValue(leaf, 'INSTANCE', 1) !== undefined && !RC_JOBS.includes(name))
    ) {
      approx(
        c,
        leaf,
        'conditions on RESULT/INSTANCE/EXIT_* of a job event cannot be expressed; only the job itself is used',
        'for RESULT=failed, use OnFailure= in the other unit',
      );
    }
    if (c.role === 'start') {
      // a job that stands for a boot milestone (rc = runlevel reached): pulled by the target, never
      // ordered after it (the target is ordered after what it pulls: that would be a cycle)
      if (milestoneUnit) return effect({ pulls: [{ unit, rank: RANK.multiUser }] });
      switch (kind) {
        case 'started':
          return effect({ pulls: [{ unit, rank: RANK.job }], after: [unit] });
        case 'starting':
          return effect({ pulls: [{ unit, rank: RANK.job }], before: [unit] });
        case 'stopped': {
          approx(
            c,
            leaf,
            'systemd cannot start a unit because another one stopped; ' +
              `ordered After=${unit} and started at boot instead`,
            `if ${name} is a task run at boot this matches; for "run after ${name} fails" use OnFailure= in ${unit}`,
          );
          return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], after: [unit] });
        }
        default:
          approx(c, leaf, 'systemd cannot start a unit because another one is stopping; ignored');
          return none();
      }
    }
    switch (kind) {
      case 'stopping':
        return effect({ partOf: [unit], after: [unit] });
      case 'stopped':
        return effect({ partOf: [unit] });
      default:
        approx(
          c,
          leaf,
          `stopping when ${name} ${kind === 'started' ? 'has started' : 'starts'} would be Conflicts=${unit}, ` +
            `which would also stop ${name} when this unit starts; ignored`,
        );
        return none();
    }
  };
}

/** `runlevel [2345]` and friends. */
const runlevel: LeafHandler = (leaf, c) => {
  const pattern = argValue(leaf, 'RUNLEVEL', 0);
  if (argValue(leaf, 'PREVLEVEL', 1) !== undefined)
    approx(c, leaf, 'PREVLEVEL cannot be expressed; only RUNLEVEL is used');
  if (c.role === 'stop') {
    if (pattern !== undefined && pattern.includes('$')) {
      c.r.report(
        'convert/runlevel-stop',
        leaf.pos,
        `stop on ${describe(leaf)}: "stop when the runlevel changes" is systemd's default ` +
          '(the unit stops at shutdown, and when another target is isolated)',
      );
      return none();
    }
    const levels = runlevelsMatching(pattern);
    if (levels.some((l) => '2345'.includes(l)))
      approx(c, leaf, 'stopping when entering a multi-user runlevel has no systemd equivalent; ignored');
    return none(); // [!2345], [016], [06]: the default Conflicts=shutdown.target does it
  }
  const levels = runlevelsMatching(pattern);
  if (levels.length === 0) {
    c.r.report(
      'convert/event-dead',
      leaf.pos,
      `start on ${describe(leaf)} never matches (a $variable in start on never expands); nothing pulls the unit in`,
    );
    return none();
  }
  const multi = levels.filter((l) => '2345'.includes(l));
  if (multi.length) {
    if (multi.length === 1 && multi[0] === '5')
      return effect({ pulls: [{ unit: 'graphical.target', rank: RANK.graphical }] });
    return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }] });
  }
  if (levels.includes('1') || levels.includes('S'))
    return effect({ pulls: [{ unit: 'rescue.target', rank: RANK.rescue }] });
  const shutdown = levels.filter((l) => l === '0' || l === '6');
  const onlyWhen =
    shutdown.length === 1
      ? `, only when ${shutdown[0] === '6' ? 'a reboot' : 'a poweroff or halt'} is under way (systemctl list-jobs)`
      : '';
  approx(
    c,
    leaf,
    `runs when the system goes down (runlevel ${shutdown.join(' or ')}): ` +
      'the unit is started at boot doing nothing (RemainAfterExit=yes) ' +
      `and the job's command runs as ExecStop= when it is stopped at shutdown${onlyWhen}`,
    shutdown.length === 1
      ? 'check the guard matches how the host is taken down'
      : 'it also runs on systemctl stop; check that is acceptable',
  );
  return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], atShutdown: shutdown });
};

/** A leaf as `runlevel RUNLEVEL=…`, for job events on the SysV rc jobs that carry RUNLEVEL. */
function asRunlevel(leaf: EventMatch, pattern: string): EventMatch {
  return { ...leaf, name: 'runlevel', args: [`RUNLEVEL=${pattern}`] };
}

/** Upstart's SysV runlevel jobs: their events carry the RUNLEVEL being entered. */
const RC_JOBS = ['rc', 'rcS', 'rc-sysinit'];
/** Jobs of an Upstart user session (init --user): their events mean nothing to system units. */
const SESSION_JOBS = new RegExp(
  '^(' +
    [
      'xsession-init',
      'unity8',
      'unity8-dash',
      'unity-panel-service',
      'unity-settings-daemon',
      'indicator-services(-start|-end)?',
      'gnome-session',
      'ubuntu-location-service-trust-stored',
    ].join('|') +
    ')$',
);

/** `net-device-up [IFACE=…]`. */
const netDeviceUp: LeafHandler = (leaf, c) => {
  if (c.role === 'stop') return effect({ after: ['network.target'] });
  const iface = argValue(leaf, 'IFACE', 0);
  const negated = leaf.args.map(classifyArg).some((a) => a.kind === 'negated' && a.key === 'IFACE' && a.value === 'lo');
  if (iface === 'lo') {
    approx(c, leaf, 'the loopback interface is up early in systemd boots; ordered After=network-pre.target');
    return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], after: ['network-pre.target'] });
  }
  if (iface !== undefined && !/[*?[$]/.test(iface)) {
    const dev = `sys-subsystem-net-devices-${iface}.device`;
    approx(
      c,
      leaf,
      `"interface ${iface} is up" is approximated by binding to its device unit ${dev} ` +
        '(device present, not necessarily configured)',
    );
    return effect({
      pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
      after: [dev, 'network.target'],
      bindsTo: [dev],
    });
  }
  if (iface !== undefined && !negated)
    approx(c, leaf, `IFACE pattern "${iface}" is approximated by "the network is online"`);
  return effect({
    pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
    wants: ['network-online.target'],
    after: ['network-online.target'],
  });
};

/** `mounted MOUNTPOINT=/x` / `mounting MOUNTPOINT=/x`. */
function mountEvent(kind: 'mounted' | 'mounting'): LeafHandler {
  return (leaf, c) => {
    const mp = argValue(leaf, 'MOUNTPOINT', 1);
    if (c.role === 'stop') {
      approx(c, leaf, 'a mount event as a stop condition has no equivalent; ignored');
      return none();
    }
    if (mp === undefined || /[*?[$]/.test(mp)) {
      approx(
        c,
        leaf,
        'no single MOUNTPOINT given: ordered after all local and remote file systems',
        'name the mount point to get RequiresMountsFor=',
      );
      return effect({
        pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
        after: ['local-fs.target', 'remote-fs.target'],
      });
    }
    if (kind === 'mounted') {
      if (/^\/(run|usr|var|proc|sys|dev|tmp|boot)?$/.test(mp)) {
        approx(
          c,
          leaf,
          `${mp} is mounted in early boot; ` +
            'Upstart ran the job then (mounted is a blocking event, before local-filesystems), ' +
            'the unit runs after basic.target',
          'for early-boot work add DefaultDependencies=no and Before=local-fs.target (or network-pre.target) by hand',
        );
      }
      return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], requiresMountsFor: [mp] });
    }
    const unit = `${escapePath(mp)}.mount`;
    approx(c, leaf, `"before ${mp} is mounted" becomes Before=${unit} and WantedBy=${unit}`);
    c.svc.activation.defaultDependencies = false;
    return effect({ pulls: [{ unit, rank: RANK.sysinit }], before: [unit] });
  };
}

/** `socket PROTO=inet PORT=n ADDR=a` / `socket PROTO=unix PATH=p` (upstart-socket-bridge). */
const socketEvent: LeafHandler = (leaf, c) => {
  if (c.role === 'stop') {
    approx(c, leaf, 'a socket event as a stop condition has no equivalent; ignored');
    return none();
  }
  const proto = argValue(leaf, 'PROTO', 0);
  let address: string | undefined;
  if (proto === 'unix') {
    address = argValue(leaf, 'PATH') ?? argValue(leaf, 'SOCKET_PATH') ?? argValue(leaf, 'PATH', 1);
  } else if (proto === 'inet' || proto === 'inet6') {
    const port = argValue(leaf, 'PORT', 1);
    const addr = argValue(leaf, 'ADDR', 2);
    if (port !== undefined) address = addr ? (proto === 'inet6' ? `[${addr}]:${port}` : `${addr}:${port}`) : port;
  }
  if (!address || /[*?[$]/.test(address)) {
    c.r.report(
      'convert/socket-unclear',
      leaf.pos,
      `start on ${describe(leaf)}: cannot tell which socket to listen on ` +
        '(need PROTO=inet PORT=… [ADDR=…] or PROTO=unix PATH=…); no .socket unit',
    );
    return none();
  }
  c.r.report(
    'convert/socket-activation',
    leaf.pos,
    `started by connections to ${address}: ` +
      `a ${c.svc.unitName}.socket unit listens instead of upstart-socket-bridge; ` +
      'the listening socket is passed as fd 3 (UPSTART_FDS=3 is set for the daemon)',
    'check that the daemon takes its socket from UPSTART_FDS (or switch it to LISTEN_FDS); ' +
      'enable the .socket unit, not the service',
  );
  const eventEnv =
    proto === 'unix'
      ? ['PROTO=unix', `SOCKET_PATH=${address}`]
      : [
          `PROTO=${proto}`,
          `PORT=${argValue(leaf, 'PORT', 1)}`,
          ...(argValue(leaf, 'ADDR', 2) ? [`ADDR=${argValue(leaf, 'ADDR', 2)}`] : []),
        ];
  return effect({
    socket: { listen: [{ kind: 'stream', address }], source: leaf.pos, eventEnv },
    pulls: [{ unit: 'sockets.target', rank: RANK.activation }],
  });
};

/** `file FILE=/path EVENT=create|modify|delete` (upstart-file-bridge). */
const fileEvent: LeafHandler = (leaf, c) => {
  if (c.role === 'stop') {
    approx(c, leaf, 'a file event as a stop condition has no equivalent; ignored');
    return none();
  }
  const file = argValue(leaf, 'FILE', 0);
  const ev = argValue(leaf, 'EVENT', 1);
  if (!file || file.includes('$') || !file.startsWith('/')) {
    const problem = file ? `"${file}" is not an absolute path, which a .path unit needs` : 'no FILE to watch';
    c.r.report(
      'convert/file-event-unclear',
      leaf.pos,
      `start on ${describe(leaf)}: ${problem}; no .path unit`,
      file?.startsWith('~')
        ? 'a path under ~ belongs to a user session job: write a user .path unit with the expanded path'
        : undefined,
    );
    return none();
  }
  if (ev === 'delete') {
    approx(
      c,
      leaf,
      'systemd path units cannot react to a file being deleted; ignored',
      'use a watcher service, or invert the logic with PathExists=',
    );
    return none();
  }
  const glob = /[*?[]/.test(file);
  const kind = file.endsWith('/')
    ? 'DirectoryNotEmpty'
    : ev === 'modify'
      ? 'PathModified'
      : glob
        ? 'PathExistsGlob'
        : ev === 'create'
          ? 'PathExists'
          : 'PathChanged';
  if (ev === undefined)
    approx(c, leaf, 'no EVENT given (create, modify or delete all match): watched with PathChanged=');
  const eventEnv = [`FILE=${file}`, ...(ev ? [`EVENT=${ev}`] : [])];
  return effect({
    path: { watches: [{ kind, path: file }], source: leaf.pos, eventEnv },
    pulls: [{ unit: 'paths.target', rank: RANK.activation }],
  });
};

/** A special target pulled by a kernel/console event. */
function specialTarget(unit: string): LeafHandler {
  return (leaf, c) => {
    if (c.role === 'stop') {
      approx(c, leaf, 'as a stop condition it has no equivalent; ignored');
      return none();
    }
    return effect({ pulls: [{ unit, rank: RANK.special }] });
  };
}

/** `container [CONTAINER=lxc]` / `not-container` (container-detect job). */
function containerEvent(inside: boolean): LeafHandler {
  return (leaf, c) => {
    if (c.role === 'stop') {
      approx(c, leaf, 'as a stop condition it has no equivalent; ignored');
      return none();
    }
    const which = argValue(leaf, 'CONTAINER', 0);
    const value = inside ? (which && !/[*?[$]/.test(which) ? which : 'container') : '!container';
    return effect({
      conditions: [['ConditionVirtualization', value]],
      pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
    });
  };
}

/** An event with no systemd counterpart: reported, nothing pulled. */
function unsupported(why: string, hint?: string): LeafHandler {
  return (leaf, c) => {
    c.r.report('convert/event-unsupported', leaf.pos, `${c.role} on ${describe(leaf)}: ${why}`, hint);
    return none();
  };
}

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

/** Device events from the udev bridge: `*-device-added|changed|removed`. */
const DEVICE_EVENT = /^[a-z0-9_]+-device-(added|changed|removed)$/;

/** Whether an event is none Upstart, Ubuntu or the udev bridge emits: one jobs emit among themselves. */
export function isCustomEvent(name: string): boolean {
  return (
    !EVENTS.some((e) => e.event === name) &&
    !DEVICE_EVENT.test(name) &&
    !name.startsWith(':sys:') &&
    !name.includes('$')
  );
}

/** Maps one leaf, dispatching on its name; unknown events are reported with their emitters. */
export function mapLeaf(leaf: EventMatch, c: LeafCtx): Effect {
  const row = EVENTS.find((e) => e.event === leaf.name);
  if (row) return row.handle(leaf, c);
  if (DEVICE_EVENT.test(leaf.name) && leaf.name !== 'net-device-removed') {
    c.r.report(
      'convert/event-unsupported',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: udev device events have no unit-file equivalent`,
      'add a udev rule with TAG+="systemd", ENV{SYSTEMD_WANTS}+="UNIT", or WantedBy= the device unit',
    );
    return none();
  }
  if (
    leaf.name.startsWith(':sys:') ||
    [
      'session-end',
      'desktop-start',
      'desktop-end',
      'xsession',
      'dconf',
      'indicator-services-start',
      'indicator-services-end',
      'unity8-greeter-started',
    ].includes(leaf.name)
  ) {
    c.r.report(
      'convert/event-unsupported',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: an Upstart user-session event`,
      'convert the job to a systemd user unit by hand',
    );
    return none();
  }
  if (leaf.name.includes('$')) {
    c.r.report(
      'convert/event-dead',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: event names are never expanded, ` +
        `so this waits for an event literally named "${leaf.name}"`,
    );
    return none();
  }
  const scripted = !c.job.instance?.value.includes('$')
    ? scriptedEmitters(leaf.name, c.ctx).filter((n) => n !== c.job.name)
    : [];
  if (scripted.length) {
    const verb = c.role === 'start' ? 'starts' : 'stops';
    c.r.report(
      'convert/event-emitted',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: a custom event that ${scripted.join(', ')} emit(s) ` +
        `with "initctl emit ${leaf.name}"; ` +
        `their units' systemctl shim ${verb} ${c.svc.unitName}.service there instead ` +
        `(systemctl ${c.role} --no-block: the emitter does not wait for it)`,
      leaf.args.length
        ? `the event's variables (${leaf.args.join(' ')}) are not matched: every emit ${verb} the unit`
        : undefined,
    );
    return c.role === 'start' ? effect({ emittedBy: scripted }) : none();
  }
  const emitters = emittersOf(leaf.name, c.ctx);
  const emitted = emitters.length ? `emitted by ${emitters.join(', ')}` : 'nothing in this conversion emits it';
  c.r.report(
    'convert/event-unknown',
    leaf.pos,
    `${c.role} on ${describe(leaf)}: "${leaf.name}" is not an Upstart or Ubuntu event; ${emitted}`,
    emitters.length
      ? `make the emitter start this unit (systemctl start ${c.svc.unitName}) instead of emitting the event`
      : 'find what runs "initctl emit ' + leaf.name + '" and make it start this unit with systemctl',
  );
  return none();
}

/** `initctl emit [OPTIONS] EVENT` in shell text: the event names (a computed one as `$`). */
export function emittedEvents(text: string): string[] {
  return [
    ...text.matchAll(
      /(?:^|[;&|{(`]|\bthen\b|\bdo\b|\belse\b)\s*(?:exec\s+)?initctl\s+emit\s+((?:-\S+\s+)*)["']?([^\s"';&|)`]+)/gm,
    ),
  ].map((m) => (m[2]!.includes('$') ? '$' : m[2]!));
}

/** Who emits and who waits for which event in one batch: built once, so lookups stay linear in the batch. */
interface BatchEvents {
  /** event → jobs whose scripts run `initctl emit EVENT` */
  scripted: Map<string, string[]>;
  /** `emits` patterns with their jobs */
  declared: Array<{ pattern: string; job: string }>;
  /** event → jobs with that event in `start on` */
  startsOn: Map<string, string[]>;
  /** event → jobs with that event in `stop on` */
  stopsOn: Map<string, string[]>;
  /** KEY → jobs matching `KEY=…` on a job event (started/stopped… X KEY=…) in start on or stop on */
  jobEventKeys: Map<string, string[]>;
  /** job name → its place in the batch (lists come out in batch order) */
  order: Map<string, number>;
}

const BATCH_EVENTS = new WeakMap<ReadonlyMap<string, UpstartJob>, BatchEvents>();

/** The batch's event index (cached per batch). */
export function batchEvents(ctx: ConvertContext): BatchEvents {
  const cached = BATCH_EVENTS.get(ctx.batch);
  if (cached) return cached;
  const index: BatchEvents = {
    scripted: new Map(),
    declared: [],
    startsOn: new Map(),
    stopsOn: new Map(),
    jobEventKeys: new Map(),
    order: new Map(),
  };
  const add = (m: Map<string, string[]>, k: string, v: string): void => {
    const list = m.get(k) ?? [];
    if (!list.includes(v)) m.set(k, [...list, v]);
  };
  for (const [name, job] of ctx.batch) {
    index.order.set(name, index.order.size);
    for (const p of Object.values(job.process))
      for (const e of emittedEvents(p!.value.text)) add(index.scripted, e, name);
    for (const e of job.emits) index.declared.push({ pattern: e.value, job: name });
    if (job.start_on) for (const leaf of eventLeaves(job.start_on.value)) add(index.startsOn, leaf.name, name);
    if (job.stop_on) for (const leaf of eventLeaves(job.stop_on.value)) add(index.stopsOn, leaf.name, name);
    for (const on of [job.start_on, job.stop_on]) {
      if (!on) continue;
      for (const leaf of eventLeaves(on.value)) {
        if (!['starting', 'started', 'stopping', 'stopped'].includes(leaf.name)) continue;
        for (const a of leaf.args.map(classifyArg)) if (a.kind !== 'positional') add(index.jobEventKeys, a.key, name);
      }
    }
  }
  BATCH_EVENTS.set(ctx.batch, index);
  return index;
}

/** Jobs of the batch whose scripts run `initctl emit EVENT`. */
export function scriptedEmitters(event: string, ctx: ConvertContext): string[] {
  return batchEvents(ctx).scripted.get(event) ?? [];
}

/** Jobs of the batch that declare (`emits`) or run (`initctl emit`) an event, in batch order. */
export function emittersOf(event: string, ctx: ConvertContext): string[] {
  const index = batchEvents(ctx);
  const names = new Set([
    ...index.declared.filter((d) => fnmatch(d.pattern, event)).map((d) => d.job),
    ...scriptedEmitters(event, ctx),
  ]);
  return [...names].sort((a, b) => index.order.get(a)! - index.order.get(b)!);
}
