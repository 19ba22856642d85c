/**
 * What a `start on` / `stop on` leaf asks of a unit (an Effect), and the small vocabulary every
 * event handler is written in: reading a leaf's arguments, reporting an approximation, the pull
 * ranks that decide which branch of an `and` wins.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { ServiceModel, SocketSpec, PathSpec } from '../model/service';
import type { EventMatch, UpstartJob } from '../upstart/job';
import { expand } from '../upstart/expand';
import { classifyArg, fnmatch } from '../upstart/match';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext } from './context';

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
  /** Custom events whose target (upstart-event-NAME.target) pulls this unit in. */
  eventTargets?: string[];
  /** Units whose failure starts this one (`stopped A RESULT=failed`: OnFailure= in A). */
  onFailureOf?: string[];
  /** Units that stay active once the event happened (`started X` of a service): an `and` needs all of them. */
  allOf?: string[];
  /** Where `and`s of `started` events were folded (events.ts reports them for the whole tree). */
  pendingAnd?: SourcePos[];
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
export function effect(e: Partial<Effect>): Effect {
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

/** What one event of the table does with a leaf naming it, in `start on` or `stop on`. */
export type LeafHandler = (leaf: EventMatch, c: LeafCtx) => Effect;

/** Reports an approximation of an event. */
export function approx(c: LeafCtx, leaf: EventMatch, message: string, hint?: string): void {
  c.r.report('convert/event-approximated', leaf.pos, `${c.role} on ${describe(leaf)}: ${message}`, hint);
}

/** The leaf as written. */
export function describe(leaf: EventMatch): string {
  return [leaf.name, ...leaf.args].join(' ');
}

/** An event with no systemd counterpart: reported, nothing pulled. */
export function unsupported(why: string, hint?: string): LeafHandler {
  return (leaf, c) => {
    c.r.report('convert/event-unsupported', leaf.pos, `${c.role} on ${describe(leaf)}: ${why}`, hint);
    return none();
  };
}
