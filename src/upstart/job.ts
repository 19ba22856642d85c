/**
 * The typed Upstart job model: one field per stanza, named after the stanza, each value keeping
 * the source position it came from. It describes what Upstart would load, nothing more; what the
 * job means under systemd is decided later (src/convert).
 */
import type { SourcePos } from '../diagnostics/diagnostic';

/** A stanza's value and where the stanza was written. */
export interface Stanza<T> {
  value: T;
  pos: SourcePos;
}

/** The five job processes a job file can define (plus the hidden apparmor "security" one). */
export const PROCESS_NAMES = ['main', 'pre-start', 'post-start', 'pre-stop', 'post-stop'] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];

/** A process: an `exec` command line (raw, quotes kept) or a de-indented `script` block. */
export interface ProcessDef {
  kind: 'exec' | 'script';
  text: string;
}

/** An event leaf of `start on`/`stop on`: the event name and its positional/KEY=VALUE arguments. */
export interface EventMatch {
  type: 'event';
  name: string;
  args: string[];
  pos: SourcePos;
}

/** An `and`/`or` node; Upstart gives both equal precedence, left to right. */
export interface EventOperator {
  type: 'and' | 'or';
  left: EventExpr;
  right: EventExpr;
}

/** An event expression tree. */
export type EventExpr = EventMatch | EventOperator;

/** A signal as written (`TERM`, `SIGHUP`, `15`) and the number Upstart stored. */
export interface SignalValue {
  signo: number;
  text: string;
}

/** A `normal exit` entry as Upstart stores it: a status, or a signal as `signo << 8`. */
export interface NormalExit {
  code: number;
  text: string;
}

/** `respawn limit COUNT INTERVAL`; `unlimited` is stored as 0/0, as Upstart does. */
export interface RespawnLimit {
  count: number;
  interval: number;
  unlimited: boolean;
}

/** `oom`/`oom score`: the written form and the oom_score_adj value Upstart derives from it. */
export interface OomValue {
  score: number;
  text: string;
  form: 'score' | 'adj';
}

/** One rlimit bound: a number, or the string of a number too large for a double, or unlimited. */
export type RlimitValue = number | string;

/** `limit RESOURCE SOFT HARD`. */
export interface LimitValue {
  soft: RlimitValue;
  hard: RlimitValue;
}

/** A `cgroup CONTROLLER [NAME] [KEY VALUE]` placement (Upstart 1.13+, merged like Upstart merges). */
export interface CgroupValue {
  controller: string;
  name?: string;
  settings: { key: string; value: string }[];
}

/** Resources `limit` accepts, in the order Upstart's table lists them. */
export const LIMIT_RESOURCES = [
  'as',
  'core',
  'cpu',
  'data',
  'fsize',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'sigpending',
  'stack',
] as const;
export type LimitResource = (typeof LIMIT_RESOURCES)[number];

/** An Upstart job: its name and files, and every stanza Upstart would have loaded. */
export interface UpstartJob {
  name: string;
  file: string;
  overrideFile?: string;
  description?: Stanza<string>;
  author?: Stanza<string>;
  version?: Stanza<string>;
  usage?: Stanza<string>;
  instance?: Stanza<string>;
  env: Stanza<string>[];
  export: Stanza<string>[];
  emits: Stanza<string>[];
  start_on?: Stanza<EventExpr>;
  stop_on?: Stanza<EventExpr>;
  /** Set when a `manual` stanza is in effect (no `start on` followed it). */
  manual?: Stanza<true>;
  process: Partial<Record<ProcessName, Stanza<ProcessDef>>>;
  task?: Stanza<true>;
  respawn?: Stanza<true>;
  respawn_limit?: Stanza<RespawnLimit>;
  normal_exit: Stanza<NormalExit>[];
  expect?: Stanza<'stop' | 'daemon' | 'fork' | 'none'>;
  kill_timeout?: Stanza<number>;
  kill_signal?: Stanza<SignalValue>;
  reload_signal?: Stanza<SignalValue>;
  console?: Stanza<'none' | 'output' | 'owner' | 'log'>;
  umask?: Stanza<number>;
  nice?: Stanza<number>;
  oom?: Stanza<OomValue>;
  limit: Partial<Record<LimitResource, Stanza<LimitValue>>>;
  chroot?: Stanza<string>;
  chdir?: Stanza<string>;
  setuid?: Stanza<string>;
  setgid?: Stanza<string>;
  apparmor_load?: Stanza<string>;
  apparmor_switch?: Stanza<string>;
  cgroup: Stanza<CgroupValue>[];
  debug?: Stanza<true>;
}

/** A job with no stanzas: Upstart's defaults. */
export function emptyJob(name: string, file: string): UpstartJob {
  return { name, file, env: [], export: [], emits: [], process: {}, normal_exit: [], limit: {}, cgroup: [] };
}

/** A copy of one node: a leaf whole, an operator still pointing at the original branches. */
function copyNode(x: EventExpr): EventExpr {
  return x.type === 'event'
    ? { type: 'event', name: x.name, args: [...x.args], pos: { ...x.pos } }
    : { type: x.type, left: x.left, right: x.right };
}

/** A deep copy of an event tree, made top-down with a stack (a tree may be 100,000 deep). */
export function cloneExpr(e: EventExpr): EventExpr {
  const root = copyNode(e);
  const work: EventExpr[] = [root];
  while (work.length > 0) {
    const x = work.pop()!;
    if (x.type === 'event') continue;
    x.left = copyNode(x.left);
    x.right = copyNode(x.right);
    work.push(x.right, x.left);
  }
  return root;
}

/**
 * A deep copy of a job, so an override can be applied without touching the original. The event
 * trees are copied by an iterative walk (structuredClone recurses, and a tree may be 100,000
 * deep); everything else by structuredClone, keeping the order of the fields.
 */
export function cloneJob(job: UpstartJob): UpstartJob {
  const trees = { start_on: job.start_on, stop_on: job.stop_on };
  const copy = structuredClone({
    ...job,
    ...(trees.start_on ? { start_on: undefined } : {}),
    ...(trees.stop_on ? { stop_on: undefined } : {}),
  });
  for (const field of ['start_on', 'stop_on'] as const) {
    const tree = trees[field];
    if (tree) copy[field] = { value: cloneExpr(tree.value), pos: { ...tree.pos } };
  }
  return copy;
}

/** Upstart's defaults for fields the model leaves unset (JC job_class_new). */
export const DEFAULTS = {
  respawnLimit: { count: 10, interval: 5 },
  killTimeout: 5,
  killSignal: 15,
  reloadSignal: 1,
  console: 'log',
  umask: 0o022,
} as const;
