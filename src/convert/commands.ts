/**
 * Processes: `exec` lines and `script` blocks become commands with the exact argv Upstart
 * spawned (docs/upstart-behaviour.md#spawning-a-process) — direct exec when the line has no shell
 * characters, else `/bin/sh -e -c 'exec …'` — and the hooks become ExecStartPre/Post, ExecStop
 * (guarded so it only runs when a stop is requested while the main process lives) and ExecStopPost.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { Command, ServiceModel } from '../model/service';
import { escapeSpecifiers } from '../systemd/escape';
import { executableProblem, execLine } from '../systemd/exec-line';
import { startsWithExecPrefix } from '../systemd/value-rules';
import { firstVersion, supports } from '../systemd/target';
import type { ProcessName, Stanza, ProcessDef, UpstartJob } from '../upstart/job';
import { UPSTART_PATH, needsShell } from '../upstart/runtime';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext, ScriptMode } from './context';
import { unitBaseName, unitForJob } from './names';
import { emittedEvents } from './event-batch';
import { emitCalls, jobControlIn, jobControlShim, reportNoBlock, shimmed, unexecJobControl } from './job-control';

/** The PATH the job's processes saw: the last `env PATH=…`, else init's. */
export function jobPath(job: UpstartJob): { value: string; custom: boolean } {
  const set = [...job.env].reverse().find((e) => e.value.startsWith('PATH='));
  return set ? { value: set.value.slice(5), custom: true } : { value: UPSTART_PATH, custom: false };
}

/** The role names used for helper scripts and messages. */
type Role = ProcessName | 'condition';

/** For a job of runlevel 0 only or 6 only: a shell test that is true when that kind of shutdown is under way. */
export function shutdownGuard(levels: string[]): string | undefined {
  const kinds = new Set(levels);
  if (kinds.size !== 1) return undefined;
  const targets = kinds.has('6') ? 'reboot|kexec' : 'poweroff|halt';
  return `systemctl list-jobs --no-legend 2>/dev/null | grep -Eq '(${targets})\\.target +start'`;
}

/** A command that runs only when `guard` holds (and succeeds quietly otherwise). */
export function guarded(c: Command, guard: string): Command {
  const args = c.systemdVars ? '"$$@"' : '"$@"';
  return { ...c, argv: ['/bin/sh', '-c', `${guard} || exit 0; exec ${args}`, 'sh', ...c.argv] };
}

/** The longest key and prefix an Exec line gets (`ExecStartPost=-`), so a length check holds for every role. */
const EXEC_KEY_ROOM = 'ExecStartPost=-'.length;
/** What the shutdown guard may wrap around a command later (to-service.ts), so a checked line still fits then. */
const WRAPPER_ROOM = Math.max(
  ...['0', '6'].map((l) => execLine(guarded({ argv: [] }, shutdownGuard([l])!).argv).length + 1),
);

/**
 * The longest command `--scripts auto` keeps inline, counted as written after `ExecStart=` (quoting
 * and our guards included): it fits a 200-column review pane or diff beside its key. Anything longer
 * is our job-control shim or a long prelude around a one-liner, which reads better as a file.
 */
export const AUTO_INLINE_MAX = 200;

/** What decides where a script goes: the job's own text, the shell text run, and its inline command's length. */
export interface ScriptShape {
  /** The process as the job wrote it (script block or exec line). */
  written: string;
  /** The shell text the command runs (with our guards, prelude or shim). */
  body: string;
  /** Length of the inline command as the unit writes it (after `KEY=`). */
  inlineLength: number;
}

/**
 * Whether a script becomes a helper script under a --scripts mode (the forced case, a line longer
 * than the target reads, is apart): `files` for every multi-line body, `auto` when the job wrote
 * more than one line (after trimming blank lines and blanks around it) or the inline command would
 * be over AUTO_INLINE_MAX characters, `inline` never.
 */
export function scriptAsFile(mode: ScriptMode, shape: ScriptShape): boolean {
  if (mode === 'files') return shape.body.includes('\n');
  if (mode === 'auto') return shape.written.trim().includes('\n') || shape.inlineLength > AUTO_INLINE_MAX;
  return false;
}

/** How a shell command is built: the job's own text (for auto), and whether the job-control shim goes first. */
interface ShellHow {
  written: string;
  /** Default: whether the job's text runs an Upstart command. */
  shim?: boolean;
}

/**
 * Turns shell text into a command: inline `/bin/sh -e -c TEXT`, or a helper script run as
 * `/bin/sh -e PATH` when the --scripts mode asks for one (scriptAsFile) — also, whatever the
 * mode, when the inline line would be longer than the target's systemd reads as one line (2047
 * characters before v235).
 */
function shellCommand(
  text: string,
  role: Role,
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  source: SourcePos,
  r: Diagnostics,
  how: ShellHow,
): Command {
  const { written, shim = jobControlIn(written).length > 0 } = how;
  const body = (shim ? `${jobControlShim(job.name, ctx, text, role)}\n${unexecJobControl(text)}` : text).replace(
    /\n+$/,
    '',
  );
  const inline: Command = { argv: ['/bin/sh', '-e', '-c', body], source };
  const inlineLength = execLine(inline.argv).length;
  const tooLong = EXEC_KEY_ROOM + WRAPPER_ROOM + inlineLength > ctx.target.maxLineLength;
  if (scriptAsFile(ctx.scripts, { written, body, inlineLength }) || tooLong) {
    const fileName = `${svc.unitName}-${role}.sh`;
    const installPath = `${ctx.scriptDir.replace(/\/+$/, '')}/${fileName}`;
    const unit = `${svc.unitName}${svc.template ? '@' : ''}.service`;
    svc.scripts.push({
      fileName,
      installPath,
      header: { process: role, job: job.name, source: `${ctx.hostPath(source.file)}:${source.line}`, unit },
      body: body + '\n',
    });
    if (tooLong && ctx.scripts === 'inline') {
      r.report(
        'convert/script-too-long',
        source,
        `the ${role} script is longer than the ${ctx.target.maxLineLength} characters systemd ${ctx.target.systemd} ` +
          `reads as one unit-file line; it is written as the helper script ${fileName}, run from ${installPath}`,
        `install ${fileName} at ${installPath} (--script-dir) with the unit`,
      );
    }
    return { argv: ['/bin/sh', '-e', installPath], source };
  }
  return inline;
}

/** Resolves a bare program name along the job's PATH under --root; null when it cannot. */
function resolveProgram(name: string, job: UpstartJob, ctx: ConvertContext): string | null {
  for (const dir of jobPath(job).value.split(':')) {
    if (!dir.startsWith('/')) continue;
    const candidate = `${dir.replace(/\/+$/, '')}/${name}`;
    if (ctx.root.isExecutable(candidate)) return candidate;
  }
  return null;
}

/**
 * Why systemd would refuse a program as an executable or read its first character as a prefix
 * (`@PLACEHOLDER@`, `exec - foo`): such a program runs through the shell, as Upstart exec'd it.
 */
function refusedProgram(program: string): string | undefined {
  if (startsWithExecPrefix(program))
    return `"${program}" starts with "${program[0]}", which systemd reads as an executable prefix`;
  const problem = program.startsWith('/') || !program.includes('/') ? executableProblem(program) : undefined;
  return problem ? `systemd refuses "${program}" as an executable (${problem})` : undefined;
}

/**
 * The command for one Upstart process, as Upstart ran it. Direct exec keeps the argv Upstart
 * split; a program without a path is resolved under --root, left to systemd's search (≥ 239,
 * default PATH), or run through the shell so PATH is searched as Upstart did — and we say which.
 */
export function processCommand(
  p: Stanza<ProcessDef>,
  role: Role,
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
): Command {
  const { kind, text } = p.value;
  if (kind === 'script') return shellCommand(text, role, job, svc, ctx, p.pos, r, { written: text });
  if (new RegExp(`^(initctl|start|stop|restart|reload|status)(\\s|$)`).test(text))
    return shellCommand(text, role, job, svc, ctx, p.pos, r, { written: text, shim: true });
  if (needsShell(text)) return { argv: ['/bin/sh', '-e', '-c', `exec ${text}`], source: p.pos };
  const argv = text.split(/[ \t\r\n]+/).filter((w) => w.length > 0);
  const program = argv[0]!;
  const refused = refusedProgram(program);
  if (program.startsWith('/') && !refused) return { argv, source: p.pos };
  // whether the target's systemd searches a PATH of its own for a program written without one
  const searched =
    !program.includes('/') && !refused && supports(ctx.target, 'Service', 'ExecStart', escapeSpecifiers(program));
  if (!program.includes('/')) {
    const resolved = resolveProgram(program, job, ctx);
    if (resolved) {
      r.report(
        'convert/exec-resolved',
        p.pos,
        `${role}: "${program}" resolved to ${resolved} along the job's PATH under --root`,
      );
      return { argv: [resolved, ...argv.slice(1)], source: p.pos };
    }
    if (searched && !jobPath(job).custom) {
      r.report(
        'convert/exec-relative',
        p.pos,
        `${role}: "${program}" has no path; systemd ${ctx.target.systemd} searches its own PATH for it (Upstart searched ${UPSTART_PATH})`,
        'give --root to resolve it to an absolute path',
      );
      return { argv, source: p.pos };
    }
  }
  const why = /@[A-Za-z_]+@/.test(program)
    ? `"${program}" still contains a build-system placeholder`
    : (refused ??
      (program.includes('/')
        ? `"${program}" is relative to the working directory (chdir), as Upstart resolved it`
        : ctx.root.known
          ? `"${program}" was not found along the job's PATH under --root`
          : !searched
            ? `"${program}" has no path and systemd ${ctx.target.systemd} needs an absolute one (give --root to resolve it)`
            : `"${program}" must be searched along the job's own PATH`));
  const how = program.includes('/') ? 'so it is found the same way' : 'so the shell searches PATH as Upstart did';
  r.report(
    'convert/exec-via-shell',
    p.pos,
    `${role}: ${why}; the unit runs it through /bin/sh -e -c 'exec …' ${how}`,
    program.includes('/')
      ? 'write the absolute path'
      : 'give --root pointing at a copy of the host to resolve it to an absolute path',
  );
  return { argv: ['/bin/sh', '-e', '-c', `exec ${text}`], source: p.pos };
}

/** Shell text equivalent to a process (`exec CMD` for exec lines), for wrapping in guards. */
function processAsShell(p: ProcessDef): string {
  return p.kind === 'script' ? p.text : `exec ${p.text}\n`;
}

/** Finds `stop` used as a command (the `stop; exit 0` idiom), not `stop SOMEJOB`. */
export function usesStopIdiom(text: string): boolean {
  return /(^|[\s;&|{(])stop\s*(;|&&|\|\||\}|\)|$)/m.test(text);
}

/** The systemctl command that replaces an Upstart job-control command, as a hint. */
export function systemctlFor(command: string, ctx: ConvertContext): string {
  const words = command.split(/\s+/);
  const verb = words[0] === 'initctl' ? words[1] : words[0];
  const args = words[0] === 'initctl' ? words.slice(2) : words.slice(1);
  const job = args.find((a) => !a.includes('=') && !a.startsWith('-'));
  if (!verb || !job || !['start', 'stop', 'restart', 'reload', 'status'].includes(verb))
    return 'systemctl start|stop|restart UNIT';
  const target = ctx.batch.get(job);
  const instanceVar = target?.instance
    ? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(target.instance.value)?.[1]
    : undefined;
  const value = instanceVar
    ? args.find((a) => a.startsWith(`${instanceVar}=`))?.slice(instanceVar.length + 1)
    : undefined;
  const unit =
    value !== undefined
      ? `${unitBaseName(job)}@${value.replace(/^"(.*)"$/, '$1')}.service`
      : /[$*]/.test(job)
        ? `${job}.service`
        : unitForJob(job, false);
  return `systemctl ${verb} ${unit}`;
}

/**
 * The shell prelude that makes a `stop; exit 0` pre-start work as ExecCondition=
 * (docs/upstart-behaviour.md#the-stop-exit-0-idiom):
 * `stop` only records the request; a clean exit after it means "skip" (1), any failure is a real
 * failure (255), as a failing pre-start was in Upstart.
 */
export const STOP_IDIOM_PRELUDE = [
  'stop() { UPSTART2SYSTEMD_STOP=1; }',
  'trap \'rc=$?; if [ "$rc" -ne 0 ]; then exit 255; elif [ -n "${UPSTART2SYSTEMD_STOP:-}" ]; then exit 1; fi\' EXIT',
].join('\n');

/** Keeps a pre-stop from running once the main process has ended (docs/upstart-behaviour.md#pre-stop). */
export const PRE_STOP_GUARD = '[ -n "$MAINPID" ] || exit 0';

/** Fills the service's commands from the job's processes (`mainCommand` replaces the main one when given). */
export function convertCommands(
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
  mainCommand?: Command,
): void {
  const proc = job.process;
  const hasMain = Boolean(proc.main);
  loadAppArmorProfile(job, svc);
  const pre = proc['pre-start'];
  if (pre) convertPreStart(pre, job, svc, ctx, r, hasMain);

  if (hasMain) {
    svc.commands.start.push(mainCommand ?? processCommand(proc.main!, 'main', job, svc, ctx, r));
  } else if (pre && !usesStopIdiom(pre.value.text)) {
    // An abstract job: pre-start is what "starting" does (docs/upstart-behaviour.md#jobs-without-a-main-process).
    svc.commands.start.push(processCommand(pre, 'pre-start', job, svc, ctx, r));
  }

  const postStart = proc['post-start'];
  if (postStart)
    svc.commands.startPost.push({ ...processCommand(postStart, 'post-start', job, svc, ctx, r), ignoreFailure: true });

  const preStop = proc['pre-stop'];
  if (preStop) convertPreStop(preStop, job, svc, ctx, r, hasMain);

  const postStop = proc['post-stop'];
  if (postStop) svc.commands.stopPost.push(processCommand(postStop, 'post-stop', job, svc, ctx, r));

  reportJobControl(job, ctx, r);
}

/** `apparmor load` loaded the profile before the job started: so does the unit, tolerating failure as Upstart did. */
function loadAppArmorProfile(job: UpstartJob, svc: ServiceModel): void {
  if (!job.apparmor_load) return;
  svc.commands.startPre.push({
    argv: ['/sbin/apparmor_parser', '-r', '-W', job.apparmor_load.value],
    ignoreFailure: true,
    source: job.apparmor_load.pos,
  });
}

/** A pre-start runs before the main process; with the `stop; exit 0` idiom it decides whether the job starts at all. */
function convertPreStart(
  pre: Stanza<ProcessDef>,
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
  hasMain: boolean,
): void {
  if (usesStopIdiom(pre.value.text)) convertStopIdiom(pre, job, svc, ctx, r);
  else if (hasMain) svc.commands.startPre.push(processCommand(pre, 'pre-start', job, svc, ctx, r));
}

/** The `stop; exit 0` idiom skips the start: ExecCondition= where the target has it, else a start that fails loudly. */
function convertStopIdiom(
  pre: Stanza<ProcessDef>,
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
): void {
  const shim = jobControlIn(pre.value.text).some((u) => u.command !== 'stop');
  const guarded = `${STOP_IDIOM_PRELUDE}\n${processAsShell(pre.value)}`;
  if (supports(ctx.target, 'Service', 'ExecCondition')) {
    const how = { written: pre.value.text, shim };
    svc.commands.condition.push(shellCommand(guarded, 'condition', job, svc, ctx, pre.pos, r, how));
    r.report(
      'convert/stop-idiom',
      pre.pos,
      'pre-start calls "stop; exit 0": it runs as ExecCondition=, so the unit is skipped (not failed) when it asks to stop',
    );
    return;
  }
  const since = firstVersion('Service', 'ExecCondition');
  const failing =
    `stop() { echo "${job.name}: pre-start asked to stop; failing the start ` +
    `(no ExecCondition= before systemd ${since})" >&2; exit 1; }\n${processAsShell(pre.value)}`;
  svc.commands.startPre.push(
    shellCommand(failing, 'pre-start', job, svc, ctx, pre.pos, r, { written: pre.value.text, shim }),
  );
  r.report(
    'convert/stop-idiom-fails-start',
    pre.pos,
    `pre-start calls "stop; exit 0", but systemd ${ctx.target.systemd} has no ExecCondition= (${since}+): ` +
      'when it asks to stop, the unit fails instead of being skipped',
    `target systemd ${since} or later, or replace the check with a Condition…= directive`,
  );
}

/** Upstart ran pre-stop only while the main process lived: guarded ExecStop=, or dropped when there is no main. */
function convertPreStop(
  preStop: Stanza<ProcessDef>,
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
  hasMain: boolean,
): void {
  if (hasMain) {
    const text = `${PRE_STOP_GUARD}\n${processAsShell(preStop.value)}`;
    const how = { written: preStop.value.text };
    svc.commands.stop.push({
      ...shellCommand(text, 'pre-stop', job, svc, ctx, preStop.pos, r, how),
      ignoreFailure: true,
    });
  } else {
    r.report(
      'convert/pre-stop-without-main',
      preStop.pos,
      'pre-stop never ran: Upstart only runs it while a main process lives, and this job has none; dropped',
    );
  }
}

/** Each Upstart command a process runs gets a note: what the shim does with it, or that it is only a no-op now. */
function reportJobControl(job: UpstartJob, ctx: ConvertContext, r: Diagnostics): void {
  const proc = job.process;
  for (const name of ['pre-start', 'main', 'post-start', 'pre-stop', 'post-stop'] as const) {
    const p = proc[name];
    if (!p) continue;
    for (const use of jobControlIn(p.value.text)) {
      if (name === 'pre-start' && use.command === 'stop') continue; // the idiom, handled above
      const at = p.value.kind === 'script' ? { ...p.pos, line: p.pos.line + 1 + use.line, column: 1 } : p.pos;
      if (shimmed(use.verb)) {
        const effect = use.verb.includes('emit')
          ? emitEffect(use.command, job.name, ctx, name)
          : systemctlFor(use.command, ctx);
        if (use.verb.includes('emit')) reportNoBlock(use.command, job.name, ctx, name, at, r);
        r.report(
          'convert/upstart-command-shim',
          at,
          `${name} runs "${use.command}", an Upstart command: ` +
            `a shell function in the unit runs it through systemctl (${effect})`,
        );
      } else {
        r.report(
          'convert/upstart-command',
          at,
          `${name} runs "${use.command}", an Upstart command with no systemd equivalent; it only prints a note and succeeds`,
          `rewrite it with systemctl (${systemctlFor(use.command, ctx)})`,
        );
      }
    }
  }
}

/** What `initctl emit EVENT` does through the shim: start the batch jobs that start on it, or nothing. */
function emitEffect(command: string, self: string, ctx: ConvertContext, role: ProcessName): string {
  const [event] = emittedEvents(command);
  if (!event || event === '$')
    return 'custom events start or stop the converted jobs that wait for them; others are ignored';
  // $u2s_nb is --no-block under `initctl emit --no-wait`
  const calls = emitCalls(self, event, ctx, role).map((call) => call.replace('$u2s_nb ', ''));
  return calls.length
    ? `${calls.join('; ')}, the jobs that wait for ${event}`
    : `no converted job starts or stops on ${event}: ignored`;
}
