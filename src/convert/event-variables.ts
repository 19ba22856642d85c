/**
 * Variables a job got from the events that started it (docs/upstart-behaviour.md#event-variables):
 * `runlevel` gave RUNLEVEL and PREVLEVEL, `mounted` MOUNTPOINT, `net-device-up` IFACE, `started JOB`
 * JOB and INSTANCE… They override the job's `env` defaults. systemd has no events, so a script reading
 * one gets its `env` default or nothing. When the job's `start on` fixes the value (every way it
 * can start names the same literal), the unit sets it; otherwise the loss is reported. pre-stop and
 * post-stop also saw the variables of the event that stopped the job (`stop on`): always a loss.
 */
import type { EnvVar, ServiceModel } from '../model/service';
import { eventLeaves, foldExpr } from '../upstart/event-tree';
import type { EventExpr, EventMatch, ProcessName, UpstartJob } from '../upstart/job';
import { PROCESS_NAMES } from '../upstart/job';
import { classifyArg } from '../upstart/match';
import type { Diagnostics } from '../diagnostics/collector';

const JOB_EVENT = ['JOB', 'INSTANCE'];
const JOB_END = [...JOB_EVENT, 'RESULT', 'PROCESS', 'EXIT_STATUS', 'EXIT_SIGNAL'];
const MOUNT = ['DEVICE', 'MOUNTPOINT', 'TYPE', 'OPTIONS'];
const NET = ['IFACE', 'LOGICAL', 'ADDRFAM', 'METHOD'];
const UDEV = ['KERNEL', 'DEVPATH', 'DEVNAME', 'SUBSYSTEM', 'ACTION', 'INTERFACE'];

/** The variables each Ubuntu 14.04 event carries, in the order positional arguments match them. */
const EVENT_VARIABLES: Record<string, readonly string[]> = {
  runlevel: ['RUNLEVEL', 'PREVLEVEL', 'INIT_HALT'],
  starting: JOB_EVENT,
  started: JOB_EVENT,
  stopping: JOB_END,
  stopped: JOB_END,
  mounting: MOUNT,
  mounted: MOUNT,
  'net-device-up': NET,
  'net-device-down': NET,
  socket: ['PROTO', 'PORT', 'ADDR', 'SOCKET_PATH'],
  file: ['FILE', 'EVENT', 'MATCH'],
  container: ['CONTAINER'],
};

/** The variables an event carries (udev bridge events: the device's properties). */
function variablesOf(event: string): readonly string[] {
  return EVENT_VARIABLES[event] ?? (/-device-(added|changed|removed)$/.test(event) ? UDEV : []);
}

/** What a `start on` tree says of one variable when the job starts: one literal, unknown, or never set. */
export type Known = { value: string } | 'unknown' | 'absent';

/** The literal a leaf requires of a variable (a named or positional match without wildcards), if any. */
function leafValue(leaf: EventMatch, name: string): Known {
  const vars = variablesOf(leaf.name);
  if (!vars.includes(name)) return 'absent';
  let index = 0;
  for (const raw of leaf.args) {
    const a = classifyArg(raw);
    const key = a.kind === 'positional' ? vars[index++] : a.key;
    if (key !== name) continue;
    if (a.kind === 'negated' || /[*?[\\$]/.test(a.value)) return 'unknown';
    return { value: a.value };
  }
  return 'unknown';
}

/** The value of a variable over an and/or tree: `and` takes what either side fixes, `or` needs both to agree. */
export function treeValue(e: EventExpr, name: string): Known {
  return foldExpr<Known>(
    e,
    (leaf) => leafValue(leaf, name),
    (op, l, r) => {
      const same = typeof l === 'object' && typeof r === 'object' && l.value === r.value;
      if (op.type === 'or') return same ? l : l === 'absent' && r === 'absent' ? 'absent' : 'unknown';
      if (typeof l === 'object' && (r === 'absent' || same)) return l;
      if (typeof r === 'object' && l === 'absent') return r;
      return l === 'absent' && r === 'absent' ? 'absent' : 'unknown';
    },
  );
}

/** The only processes Upstart gave the stop event's variables (docs/upstart-behaviour.md#event-variables). */
const STOP_PROCESSES: readonly ProcessName[] = ['pre-stop', 'post-stop'];

/** The patterns of reading and assigning each variable, compiled once per name. */
const PATTERNS = new Map<string, { read: RegExp; assign: RegExp }>();

/** How shell text reads `$NAME`/`${NAME}` and assigns NAME (neither pattern has the `g` flag: no state). */
function variablePatterns(name: string): { read: RegExp; assign: RegExp } {
  let p = PATTERNS.get(name);
  if (!p) {
    p = {
      read: new RegExp(`\\$\\{?${name}\\b`),
      assign: new RegExp(`(^|[;&|({]\\s*|\\b(export|local|read|for)\\s+(-\\w+\\s+)*)${name}\\b(=|\\s|$)`, 'm'),
    };
    PATTERNS.set(name, p);
  }
  return p;
}

/** The first of `processes` that reads `$NAME`/`${NAME}` without assigning it first, with the line it does so. */
function firstRead(
  job: UpstartJob,
  name: string,
  processes: readonly ProcessName[] = PROCESS_NAMES,
): { process: ProcessName; file: string; line: number } | undefined {
  let patterns: { read: RegExp; assign: RegExp } | undefined;
  for (const p of processes) {
    const s = job.process[p];
    // a text that does not hold the name neither reads nor assigns it
    if (!s || !s.value.text.includes(name)) continue;
    const { read, assign } = (patterns ??= variablePatterns(name));
    if (assign.test(s.value.text)) continue;
    const i = s.value.text.split('\n').findIndex((l) => read.test(l));
    // the process's own file: an .override's process is reported there, not in the .conf
    if (i >= 0) return { process: p, file: s.pos.file, line: s.pos.line + i + (s.value.kind === 'script' ? 1 : 0) };
  }
  return undefined;
}

/**
 * Sets the event variables the job's processes read when `start on` fixes them, and reports the
 * others. `instanceVar` (set from %i) and the names in `skip` are left alone.
 */
export function convertEventVariables(
  job: UpstartJob,
  svc: ServiceModel,
  r: Diagnostics,
  skip: ReadonlySet<string>,
): void {
  // pre-stop/post-stop first: the stop event's value is the one Upstart overlaid for them
  const warned = new Set<string>();
  if (job.stop_on) stopVariables(job, job.stop_on.value, r, skip, warned);
  if (job.start_on) startVariables(job, job.start_on.value, svc, r, skip, warned);
}

/** The variables the events of a tree carry, sorted. */
function carried(tree: EventExpr): string[] {
  const names = new Set<string>();
  for (const leaf of eventLeaves(tree)) for (const v of variablesOf(leaf.name)) names.add(v);
  return [...names].sort();
}

/** `stop on` variables pre-stop and post-stop read: Upstart set them only when an event stopped the job; never under systemd. */
function stopVariables(
  job: UpstartJob,
  tree: EventExpr,
  r: Diagnostics,
  skip: ReadonlySet<string>,
  warned: Set<string>,
): void {
  for (const name of carried(tree)) {
    const read = firstRead(job, name, STOP_PROCESSES);
    if (skip.has(name) || !read) continue;
    warned.add(`${name}@${read.line}`);
    r.report(
      'convert/event-variable',
      { file: read.file, line: read.line, column: 1 },
      `${read.process} reads $${name}, which Upstart took from the event that stopped the job ` +
        `(stop on); systemd has no events, so ${read.process} never sees that value`,
      `decide in the script without $${name} (e.g. ask systemctl is-system-running or list-jobs whether the system is going down)`,
    );
  }
}

/** `start on` variables every process reads: set when the tree fixes them, reported otherwise. */
function startVariables(
  job: UpstartJob,
  tree: EventExpr,
  svc: ServiceModel,
  r: Diagnostics,
  skip: ReadonlySet<string>,
  warned: Set<string>,
): void {
  for (const name of carried(tree)) {
    if (skip.has(name)) continue;
    const read = firstRead(job, name);
    if (!read) continue;
    const at = { file: read.file, line: read.line, column: 1, offset: 0 };
    const known = treeValue(tree, name);
    const fallback = svc.environment.vars.find(
      (v): v is Extract<EnvVar, { value: string }> => v.name === name && 'value' in v,
    );
    if (typeof known === 'object') {
      svc.environment.vars = [...svc.environment.vars.filter((v) => v.name !== name), { name, value: known.value }];
      r.report(
        'convert/event-variable-set',
        at,
        `${read.process} reads $${name}, which the start on event gave it; every way the job starts names ${name}=${known.value}, so the unit sets that`,
      );
    } else if (!warned.has(`${name}@${read.line}`)) {
      r.report(
        'convert/event-variable',
        at,
        `${read.process} reads $${name}, which Upstart took from the event that started the job ` +
          `(start on); systemd has no events, so it is ` +
          `${fallback ? `always "${fallback.value}" (the env default)` : 'empty'}`,
        `set ${name} with Environment= (or a drop-in) to the value the service needs, or compute it in the script`,
      );
    }
  }
}
