/**
 * Upstart's job-control commands (`start`, `stop`, `restart`, `reload`, `status`, `initctl …`)
 * inside job scripts. They do not exist under systemd, so a script that uses them gets shell
 * functions of the same names that call systemctl with the unit the job became (templates
 * instantiated from the instance variable: `start worker QUEUE=x` → `systemctl start worker@x.service`).
 */
import type { BatchJob, ConvertContext } from './context';
import { instanceVariable } from './environment';
import { batchEvents, emittedEvents } from './event-batch';
import { isCustomEvent } from './event-leaves';
import { argValue } from './event-effect';
import { eventLeaves } from '../upstart/event-tree';
import type { SourcePos } from '../diagnostics/diagnostic';
import type { Diagnostics } from '../diagnostics/collector';
import { WELL_KNOWN_JOBS, unitBaseName } from './names';

/** Job-control verbs of Upstart's command line. */
const VERBS = 'start|stop|restart|reload|status';

/** A job-control command in one line of shell (compiled once: no `g` flag, so it keeps no state between uses). */
const JOB_CONTROL = new RegExp(
  // where a command starts: the line, an operator or a keyword
  `(?:^|[;&|{(\`]|\\bthen\\b|\\bdo\\b|\\belse\\b|\\bexec\\b)\\s*` +
    // initctl [VERB], or a bare verb
    `((initctl)(?:\\s+(\\S+))?|(${VERBS}))` +
    // as a whole word, and not a function definition (`stop()`)
    `(?=\\s|$|;|\\)|\`)(?!\\s*\\()` +
    // its arguments, up to the end of the command
    `((?:[^;&|\`]|&(?!&)|\\|(?!\\|))*)`,
);

/** Finds Upstart job-control commands in shell text, with their line offsets (not `start-stop-daemon`, not `stop()`). */
export function jobControlIn(text: string): Array<{ line: number; command: string; verb: string }> {
  const out: Array<{ line: number; command: string; verb: string }> = [];
  const re = JOB_CONTROL;
  text.split('\n').forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    const m = re.exec(line);
    if (!m) return;
    const verb = m[2] ? (m[3] ?? '') : m[4]!;
    out.push({ line: i, command: (m[1]! + m[5]!).trim(), verb: m[2] ? `initctl ${verb}` : verb });
  });
  return out;
}

/** True when a command is handled by the shim (the rest has no systemd equivalent). */
export function shimmed(verb: string): boolean {
  return new RegExp(`^(initctl )?(${VERBS})$`).test(verb) || verb === 'initctl emit';
}

/** The job names a script may address: the words of its job-control commands, or 'all' when one is computed (`start $JOB`). */
function addressed(script: string): Set<string> | 'all' {
  const names = jobControlIn(script).map(
    (c) =>
      c.command
        .split(/\s+/)
        .slice(c.verb.startsWith('initctl') ? 2 : 1)
        .find((w) => !w.startsWith('-')) ?? '',
  );
  if (names.some((n) => /[$`*?[]/.test(n))) return 'all';
  return new Set(names.map((n) => n.replace(/^["']|["']$/g, '')));
}

/** The `case` arms mapping the job names a script addresses to units (renamed, escaped or template jobs). */
function caseArms(ctx: ConvertContext, script: string): string[] {
  const arms: string[] = [];
  const names = addressed(script);
  const wanted = (name: string): boolean => names === 'all' || names.has(name);
  // only the jobs named (in batch order), so a batch of shims stays linear
  const { order } = batchEvents(ctx);
  const jobs =
    names === 'all'
      ? [...ctx.batch]
      : [...names]
          .filter((n) => ctx.batch.has(n))
          .sort((a, b) => order.get(a)! - order.get(b)!)
          .map((n) => [n, ctx.batch.get(n)!] as const);
  for (const [name, job] of jobs) {
    const unit = unitBaseName(name);
    const variable = job.instance ? (instanceVariable(job.instance.value) ?? 'UPSTART_INSTANCE') : '';
    if (unit !== name || variable)
      arms.push(`    ${shellWord(name)}) u2s_unit=${shellWord(unit)}; u2s_var=${variable};;`);
  }
  for (const [name, units] of Object.entries(WELL_KNOWN_JOBS)) {
    if (wanted(name) && !ctx.batch.has(name) && units[0]!.endsWith('.service') && units[0] !== `${name}.service`)
      arms.push(`    ${shellWord(name)}) u2s_unit=${shellWord(units[0]!)}; u2s_var=;;`);
  }
  return arms;
}

/** A word for the shell, single-quoted when it has anything unusual. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./@:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The shell functions that stand in for Upstart's commands in `script` (run as `role`) of job `job`. */
export function jobControlShim(job: string, ctx: ConvertContext, script: string, role?: string): string {
  const arms = emitArms(job, ctx, script, role);
  return [
    '# upstart2systemd: Upstart job-control commands, run through systemctl',
    'u2s_job() {',
    '  u2s_verb=$1; shift; u2s_opt=',
    '  while [ $# -gt 0 ]; do case "$1" in -n|--no-wait) u2s_opt=--no-block; shift;; -*) shift;; *) break;; esac; done',
    `  u2s_name=\${1:-\${UPSTART_JOB:-${shellWord(job)}}}; [ $# -gt 0 ] && shift`,
    '  u2s_unit=$u2s_name; u2s_var=',
    '  case "$u2s_name" in',
    ...caseArms(ctx, script),
    '  esac',
    '  u2s_inst=',
    '  for u2s_a in "$@"; do case "$u2s_a" in "$u2s_var="*) [ -n "$u2s_var" ] && u2s_inst=${u2s_a#*=};; esac; done',
    // the instance name escaped as systemd-escape does: the unit's %I gives the job the name itself
    '  [ -n "$u2s_var" ] && u2s_unit="$u2s_unit@$(systemd-escape -- "$u2s_inst")"',
    '  case "$u2s_unit" in *.service|*.target|*.socket) ;; *) u2s_unit="$u2s_unit.service";; esac',
    '  if [ "$u2s_verb" = status ]; then',
    '    if systemctl is-active --quiet "$u2s_unit"; then echo "$u2s_name start/running"; else echo "$u2s_name stop/waiting"; fi',
    '    return 0',
    '  fi',
    `  [ "$u2s_verb" = stop ] && [ "$u2s_name" = "\${UPSTART_JOB:-${shellWord(job)}}" ] && u2s_opt=--no-block`,
    '  systemctl $u2s_opt "$u2s_verb" "$u2s_unit"',
    '}',
    'start() { u2s_job start "$@"; }',
    'stop() { u2s_job stop "$@"; }',
    'restart() { u2s_job restart "$@"; }',
    'reload() { u2s_job reload "$@"; }',
    'status() { u2s_job status "$@"; }',
    'u2s_emit() {',
    ...emitOptions(arms),
    '  case "$1" in',
    ...arms,
    '    *) echo "initctl emit $1: Upstart events do not exist under systemd; ignored" >&2;;',
    '  esac',
    '}',
    'initctl() {',
    '  case "$1" in',
    `    ${VERBS}) u2s_job "$@";;`,
    '    emit) u2s_emit "$@";;',
    '    *) echo "initctl $1: no systemd equivalent; ignored" >&2;;',
    '  esac',
    '}',
  ].join('\n');
}

/**
 * How `initctl emit` reads its options: with `--no-wait` Upstart's emit returned at once, without it
 * it waited for the jobs the event started (u2s_nb, used by the arms; none to read without arms).
 */
function emitOptions(arms: readonly string[]): string[] {
  if (!arms.length) return ['  shift; while [ $# -gt 0 ]; do case "$1" in -*) shift;; *) break;; esac; done'];
  return [
    '  shift; u2s_nb=',
    '  while [ $# -gt 0 ]; do case "$1" in -n|--no-wait) u2s_nb=--no-block; shift;; -*) shift;; *) break;; esac; done',
  ];
}

/**
 * The `case` arms of `initctl emit`: a custom event the script emits starts (stops) the jobs of
 * the batch that start (stop) on it, and waits for them as Upstart's emit did, unless that would
 * deadlock (emitBlocks).
 */
function emitArms(job: string, ctx: ConvertContext, script: string, role?: string): string[] {
  const emitted = new Set(emittedEvents(script));
  const { startsOn, stopsOn } = batchEvents(ctx);
  const events = emitted.has('$') ? [...startsOn.keys(), ...stopsOn.keys()] : [...emitted];
  return [...new Set(events)].sort().flatMap((event) => {
    const calls = emitCalls(job, event, ctx, role);
    return calls.length ? [`    ${shellWord(event)}) ${calls.join('; ')};;`] : [];
  });
}

/** Where in the emitting unit's life a process runs: inside its start job, its stop job, or neither. */
export function emitterPhase(job: BatchJob | undefined, role: string | undefined): 'start' | 'stop' | undefined {
  if (role === 'pre-start' || role === 'post-start' || role === 'condition') return 'start';
  if (role === 'pre-stop' || role === 'post-stop') return 'stop';
  // a task's main process (Type=oneshot) and a forking daemon's parent run inside the start job
  if (role === 'main' && (job?.task || job?.expect?.value === 'fork' || job?.expect?.value === 'daemon'))
    return 'start';
  return undefined;
}

/** Whether a job's start on / stop on names `other` in a job event (so its unit is ordered around other's). */
export function orderedAround(waiter: BatchJob, other: string): boolean {
  for (const on of [waiter.start_on, waiter.stop_on]) {
    if (!on) continue;
    for (const leaf of eventLeaves(on.value))
      if (JOB_EVENT_NAMES.has(leaf.name) && argValue(leaf, 'JOB', 0) === other) return true;
  }
  return false;
}

/** The job events, whose first argument names a job. */
const JOB_EVENT_NAMES = new Set(['starting', 'started', 'stopping', 'stopped']);

/**
 * Whether `emitter`'s emit may wait for `waiter`'s start or stop: not when the emit runs inside the
 * emitter's start or stop job and the waiter is ordered around the emitter — its job would wait for
 * the emitter's, which waits for the emit (systemd runs a stop before a start whatever the order).
 */
export function emitBlocks(emitter: string, waiter: string, ctx: ConvertContext, role: string | undefined): boolean {
  if (emitterPhase(ctx.batch.get(emitter), role) === undefined) return true;
  const w = ctx.batch.get(waiter);
  return !(w && orderedAround(w, emitter));
}

/**
 * What `initctl emit EVENT` from job `job` (in its process `role`) becomes: `systemctl stop|start`
 * of the other plain (non-template) jobs of the batch that stop or start on the custom event,
 * waiting for them (`--no-block` under `initctl emit --no-wait`, and where emitBlocks says waiting
 * would deadlock); none for other events.
 */
export function emitCalls(job: string, event: string, ctx: ConvertContext, role?: string): string[] {
  if (!isCustomEvent(event)) return [];
  const { startsOn, stopsOn } = batchEvents(ctx);
  const waiting = (names: readonly string[] | undefined): string[] =>
    (names ?? []).filter((name) => name !== job && !ctx.batch.get(name)!.instance?.value.includes('$'));
  const calls: string[] = [];
  for (const [verb, names] of [
    ['stop', waiting(stopsOn.get(event))],
    ['start', waiting(startsOn.get(event))],
  ] as const) {
    const unit = (name: string): string => shellWord(`${unitBaseName(name)}.service`);
    const wait = names.filter((n) => emitBlocks(job, n, ctx, role)).map(unit);
    const nowait = names.filter((n) => !emitBlocks(job, n, ctx, role)).map(unit);
    if (nowait.length) calls.push(`systemctl --no-block ${verb} ${nowait.join(' ')}`);
    if (wait.length) calls.push(`systemctl $u2s_nb ${verb} ${wait.join(' ')}`);
  }
  return calls;
}

/**
 * `initctl emit EVENT` that cannot wait for some of the jobs it starts or stops (convert/emit-no-block):
 * they are ordered around the emitter and the emit runs inside its start or stop job.
 */
export function reportNoBlock(
  command: string,
  self: string,
  ctx: ConvertContext,
  role: string,
  at: SourcePos,
  r: Diagnostics,
): void {
  const [event] = emittedEvents(command);
  if (!event || event === '$' || !isCustomEvent(event)) return;
  const { startsOn, stopsOn } = batchEvents(ctx);
  const waiting = [...new Set([...(startsOn.get(event) ?? []), ...(stopsOn.get(event) ?? [])])].filter(
    (n) => n !== self && !emitBlocks(self, n, ctx, role),
  );
  if (!waiting.length) return;
  const phase = emitterPhase(ctx.batch.get(self), role);
  r.report(
    'convert/emit-no-block',
    at,
    `${role} runs "${command}" inside the ${phase} job of ${unitBaseName(self)}.service, and ` +
      `${waiting.join(', ')} ${waiting.length > 1 ? 'are' : 'is'} ordered around it (a job event on ${self}): ` +
      'waiting for them there would deadlock, so the emit does not wait (systemctl --no-block), ' +
      'where Upstart returned once they were up',
    'emit from the main process of a service (after its start) if the script needs them up',
  );
}

/** `exec` before a job-control command (global: replace() starts it from the beginning each time). */
const EXEC_JOB_CONTROL = new RegExp(
  `(^|[;&|{(]\\s*|\\bthen\\s+|\\bdo\\s+|\\belse\\s+)exec\\s+(?=(initctl|${VERBS})(\\s|$))`,
  'gm',
);

/** Drops `exec` before a job-control command (a shell function cannot be exec'd). */
export function unexecJobControl(text: string): string {
  return text.replace(EXEC_JOB_CONTROL, '$1');
}
