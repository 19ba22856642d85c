/**
 * Handlers for job events (`started JOB`, `starting JOB`, `stopping JOB`, `stopped JOB`): a
 * dependency on the other job's unit where systemd has one, the runlevel for the SysV rc jobs.
 */
import type { EventMatch } from '../upstart/job';
import { asRunlevel, runlevel } from './event-boot';
import {
  type Effect,
  type LeafCtx,
  type LeafHandler,
  RANK,
  approx,
  argValue,
  describe,
  effect,
  none,
  runlevelsMatching,
} from './event-effect';
import { WELL_KNOWN_JOBS, unitForJob } from './names';
import { fnmatch, classifyArg } from '../upstart/match';

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

/** The kinds of job event, named after the moment of the other job's life they mark. */
type JobEventKind = 'started' | 'starting' | 'stopping' | 'stopped';

/** Job events: `started JOB`, `starting JOB`, `stopping JOB`, `stopped JOB`. */
export function jobEvent(kind: JobEventKind): LeafHandler {
  return (leaf, c) => {
    const name = oneJobNamed(kind, leaf, c);
    if (name === undefined) return none();
    const rcLevel = RC_JOBS.includes(name) ? argValue(leaf, 'RUNLEVEL') : undefined;
    if (rcLevel !== undefined) return rcJobEvent(kind, rcLevel, leaf, c);
    const unit = followedUnit(kind, name, leaf, c);
    if (unit === undefined) return none();
    // a job that stands for a boot milestone (mountall → local-fs.target) has no unit to fail
    if (kind === 'stopped' && c.role === 'start' && unit.endsWith('.service') && onlyOnFailure(leaf))
      return onFailureOf(name, unit, leaf, c);
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
    return c.role === 'start' ? startOnJob(kind, name, unit, leaf, c) : stopOnJob(kind, name, unit, leaf, c);
  };
}

/** The one job a job event names, or undefined (reported) for all jobs, a pattern, or a user-session job. */
function oneJobNamed(kind: JobEventKind, leaf: EventMatch, c: LeafCtx): string | undefined {
  const name = argValue(leaf, 'JOB', 0);
  if (name === undefined) {
    approx(c, leaf, `every job's ${kind} event cannot be expressed in systemd; ignored`);
    return undefined;
  }
  if (name === '') {
    approx(c, leaf, 'an empty job name matches no job (Upstart never started on it); ignored');
    return undefined;
  }
  if (/[*?[$]/.test(name)) {
    approx(
      c,
      leaf,
      `"${name}" is a pattern or variable, not one job; systemd needs one dependency per unit, so it is ignored`,
      'list the units explicitly',
    );
    return undefined;
  }
  if (SESSION_JOBS.test(name)) {
    c.r.report(
      'convert/user-session-job',
      leaf.pos,
      `${c.role} on ${describe(leaf)}: ${name} is a job of an Upstart user session; a system unit cannot follow it`,
      'convert this job to a systemd user unit (systemctl --user) by hand',
    );
    return undefined;
  }
  return name;
}

/** An event of a SysV rc job carries the runlevel being entered: it means that runlevel. */
function rcJobEvent(kind: JobEventKind, rcLevel: string, leaf: EventMatch, c: LeafCtx): Effect {
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

/** The unit of the job followed, or undefined (reported) for an instance job, whose instances have no one unit. */
function followedUnit(kind: JobEventKind, name: string, leaf: EventMatch, c: LeafCtx): string | undefined {
  const other = c.ctx.batch.get(name);
  if (other?.instance) {
    approx(
      c,
      leaf,
      `${name} is an instance job (a template unit); a dependency on all its instances cannot be expressed; ignored`,
    );
    return undefined;
  }
  if (!other && !WELL_KNOWN_JOBS[name]) {
    c.r.report(
      'convert/job-event-outside-batch',
      leaf.pos,
      `${kind} ${name}: job ${name} is not part of this conversion; assuming its unit is ${unitForJob(name, false)}`,
    );
  }
  return unitForJob(name, false);
}

/** `start on` a job event: pulled in by the other unit and ordered around it; systemd cannot start on a stop. */
function startOnJob(kind: JobEventKind, name: string, unit: string, leaf: EventMatch, c: LeafCtx): Effect {
  // a job that stands for a boot milestone (rc = runlevel reached): pulled by the target, never
  // ordered after it (the target is ordered after what it pulls: that would be a cycle)
  if (unit.endsWith('.target')) return effect({ pulls: [{ unit, rank: RANK.multiUser }] });
  switch (kind) {
    case 'started':
      // a task does not stay active after it ran: an `and` cannot require it (Requisite=);
      return effect({
        pulls: [{ unit, rank: RANK.job }],
        after: [unit],
        // only units this conversion writes: Requisite= of a unit that is not there fails every start
        ...(!c.ctx.batch.has(name) || c.ctx.batch.get(name)!.task ? {} : { allOf: [unit] }),
      });
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

/** `stop on` a job event: PartOf= the other unit; stopping when it starts would be a symmetric Conflicts=. */
function stopOnJob(kind: JobEventKind, name: string, unit: string, leaf: EventMatch, c: LeafCtx): Effect {
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
}

/** Variables a `stopped` event carries only when the job failed. */
const FAILURE_ONLY = ['PROCESS', 'EXIT_STATUS', 'EXIT_SIGNAL'];

/**
 * Whether a `stopped JOB` leaf matches only the events of a failed job: RESULT=failed (or a
 * pattern that matches "failed" and not "ok", or RESULT!=ok), or a variable only failures carry.
 */
export function onlyOnFailure(leaf: EventMatch): boolean {
  return leaf.args.map(classifyArg).some((a) => {
    if (a.kind === 'positional') return false;
    if (FAILURE_ONLY.includes(a.key)) return true;
    if (a.key !== 'RESULT') return false;
    const [failed, ok] = [fnmatch(a.value, 'failed'), fnmatch(a.value, 'ok')];
    return a.kind === 'named' ? failed && !ok : ok && !failed;
  });
}

/**
 * `start on stopped A RESULT=failed`: OnFailure= in A's unit starts this one when A fails (the
 * batch pass in on-failure.ts adds it when A is converted too), and nothing pulls it in at boot.
 */
function onFailureOf(name: string, unit: string, leaf: EventMatch, c: LeafCtx): Effect {
  if (!c.ctx.batch.has(name)) {
    const self = `${c.svc.unitName}${c.svc.template ? '@' : ''}.service`;
    c.r.report(
      'convert/on-failure-outside-batch',
      leaf.pos,
      `start on ${describe(leaf)}: Upstart started this job when ${name} failed; systemd does so with ` +
        `OnFailure=${self} in ${unit}, which is not part of this conversion; nothing starts this unit until it has one`,
      `add a drop-in: mkdir -p /etc/systemd/system/${unit}.d && printf '[Unit]\\nOnFailure=${self}\\n' ` +
        `> /etc/systemd/system/${unit}.d/upstart2systemd-on-failure.conf && systemctl daemon-reload`,
    );
    return effect({ onFailureOf: [] });
  }
  c.r.report(
    'convert/on-failure',
    leaf.pos,
    `start on ${describe(leaf)}: OnFailure= in ${unit} starts this unit when ${name} fails ` +
      '(not when it is stopped or ends successfully); it is not pulled in at boot',
  );
  return effect({ onFailureOf: [unit] });
}
