/**
 * A job's outline: the little of its service model and units that the migration plan reads
 * (unit names and kinds, what starts it, its helper scripts' places, the programs, users and
 * groups it needs). A lean run (the command line) keeps it instead of the models and units, which
 * are about ten times larger, once the job's files are rendered (docs/performance.md#memory).
 */
import type { Activation, ServiceModel } from '../model/service';
import type { UnitFile, UnitKind } from '../systemd/unit';

/** A unit as the plan sees it: its file name, its kind, whether `systemctl enable` has anything to do. */
export interface UnitOutline {
  name: string;
  kind: UnitKind;
  /** Whether the unit has an [Install] section with anything in it. */
  installable: boolean;
}

/** What the plan reads of a service model. */
export interface ServiceOutline {
  unitName: string;
  template: boolean;
  enabled: boolean;
  activation: Pick<Activation, 'after' | 'before' | 'requires' | 'wants' | 'bindsTo' | 'eventTargets'>;
  /** Each helper script's file name and the path it is installed at. */
  scripts: Array<{ fileName: string; installPath: string }>;
  /** argv[0] of every command, in role order (condition, pre-start … post-stop). */
  programs: string[];
  /** Whether the hardening gave it DynamicUser= (a user made at start: none to need on the host). */
  dynamicUser: boolean;
  identity: ServiceModel['identity'];
}

/** The outline of a job: its units, and its service when it has one. */
export interface JobOutline {
  units: UnitOutline[];
  service?: ServiceOutline;
}

/** Whether a unit file has an [Install] section with anything in it (else `systemctl enable` has nothing to do). */
function installable(unit: UnitFile): boolean {
  return unit.sections.some((s) => s.name === 'Install' && s.entries.length > 0);
}

/** The outline of a service model. */
export function serviceOutline(svc: ServiceModel): ServiceOutline {
  const c = svc.commands;
  const programs: string[] = [];
  for (const role of [c.condition, c.startPre, c.start, c.startPost, c.reload, c.stop, c.stopPost])
    for (const cmd of role) if (cmd.argv[0] !== undefined) programs.push(cmd.argv[0]);
  const a = svc.activation;
  return {
    unitName: svc.unitName,
    template: svc.template,
    enabled: svc.enabled,
    activation: {
      after: a.after,
      before: a.before,
      requires: a.requires,
      wants: a.wants,
      bindsTo: a.bindsTo,
      ...(a.eventTargets ? { eventTargets: a.eventTargets } : {}),
    },
    scripts: svc.scripts.map((s) => ({ fileName: s.fileName, installPath: s.installPath })),
    programs,
    dynamicUser: (svc.extra.Service ?? []).some(([k, v]) => k === 'DynamicUser' && /^(yes|true|on|1)$/.test(v)),
    identity: svc.identity,
  };
}

/** The outline of a job's units and service. */
export function outlineOf(job: { units: readonly UnitFile[]; service?: ServiceModel }): JobOutline {
  const units = job.units.map((u) => ({ name: u.name, kind: u.kind, installable: installable(u) }));
  return job.service ? { units, service: serviceOutline(job.service) } : { units };
}

/** A job's outline: the one it kept (a lean run), else made from its units and service. */
export function jobOutline(job: {
  units: readonly UnitFile[];
  service?: ServiceModel;
  outline?: JobOutline;
}): JobOutline {
  return job.outline ?? outlineOf(job);
}
