/**
 * Handlers for the events of booting and of the machine itself: boot milestones, runlevels,
 * the special targets of kernel and console events, container detection.
 */
import type { EventMatch } from '../upstart/job';
import { type LeafHandler, RANK, approx, argValue, describe, effect, none, runlevelsMatching } from './event-effect';

/** A boot milestone event: ordering only, pulled by multi-user.target when used in start on. */
export function milestone(after: string[], wants: string[] = [], note?: string): LeafHandler {
  return (leaf, c) => {
    if (c.role === 'stop') {
      approx(c, leaf, 'a boot milestone as a stop condition has no systemd equivalent; ignored');
      return none();
    }
    if (note) approx(c, leaf, note);
    return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], after, wants });
  };
}

/** `runlevel [2345]` and friends. */
export const runlevel: LeafHandler = (leaf, c) => {
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
export function asRunlevel(leaf: EventMatch, pattern: string): EventMatch {
  return { ...leaf, name: 'runlevel', args: [`RUNLEVEL=${pattern}`] };
}

/** A special target pulled by a kernel/console event. */
export function specialTarget(unit: string): LeafHandler {
  return (leaf, c) => {
    if (c.role === 'stop') {
      approx(c, leaf, 'as a stop condition it has no equivalent; ignored');
      return none();
    }
    return effect({ pulls: [{ unit, rank: RANK.special }] });
  };
}

/** `container [CONTAINER=lxc]` / `not-container` (container-detect job). */
export function containerEvent(inside: boolean): LeafHandler {
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
