/**
 * Lifecycle and policy: task/service/abstract job and `expect` → how the start completes;
 * `respawn`, `respawn limit`, `normal exit` → restart policy; `kill`/`reload` → stop and reload;
 * `console` → standard streams. Each choice follows what Upstart did:
 * docs/upstart-behaviour.md#job-states, docs/upstart-behaviour.md#jobs-without-a-main-process,
 * docs/upstart-behaviour.md#respawn, docs/upstart-behaviour.md#respawn-limit,
 * docs/upstart-behaviour.md#a-program-that-cannot-be-run, docs/upstart-behaviour.md#expect,
 * docs/upstart-behaviour.md#console, docs/upstart-behaviour.md#stopping,
 * docs/upstart-behaviour.md#kill-timeout and docs/upstart-behaviour.md#reloading.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { ExitSpec, ServiceModel } from '../model/service';
import { firstVersion, restartFirstVersion, supports } from '../systemd/target';
import type { UpstartJob } from '../upstart/job';
import { DEFAULTS } from '../upstart/job';
import { signalName } from '../upstart/signals';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext } from './context';

/** Finds a PID file named in the main command line (`--pidfile X`, `--pid-file=X`, `-p X.pid`, `*.pid`). */
export function pidFileIn(command: string): string | undefined {
  const opt = /(?:^|\s)--?pid-?file(?:=|\s+)["']?([^\s"']+)/i.exec(command);
  if (opt) return opt[1];
  const bare = /(?:^|[\s=])["']?(\/[^\s"']+\.pid)\b/.exec(command);
  return bare ? bare[1] : undefined;
}

/** Shell builtins and syntax that run without forking. */
const NO_FORK = new RegExp(
  '^(' +
    [
      ...['\\[', 'test', '\\.', ':', 'true', 'false', 'export', 'unset', 'set', 'cd', 'umask', 'ulimit'],
      ...['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', ';;'],
      ...['echo', 'printf', 'exit', 'return', 'shift', 'read', 'local'],
      // an assignment alone on its line, or one before an exec
      /[A-Za-z_][A-Za-z0-9_]*=\S*$/.source,
      /[A-Za-z_][A-Za-z0-9_]*=.*\bexec\b/.source,
    ].join('|') +
    ')',
);

/** True when a script may fork before its final `exec` (a command, a pipeline, $(…)), so Upstart may have tracked the wrong PID. */
export function forksBeforeExec(script: string): boolean {
  const lines = script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const execAt = lines.findIndex((l) => /(^|\s)exec\s/.test(l));
  const before = execAt < 0 ? lines : lines.slice(0, execAt);
  return before.some((l) => /\$\(|`|\|/.test(l.replace(/\|\|/g, '')) || !NO_FORK.test(l));
}

/** Converts a stored normal-exit code to an exit status or a signal name, or null when neither. */
export function exitSpec(code: number): ExitSpec | null {
  if (code >= 0 && code < 256) return { status: code };
  if ((code & 0xff) === 0) {
    const name = signalName(code >> 8);
    if (name) return { signal: name };
  }
  return null;
}

/** Signals systemd counts as a clean exit of a service's main process (and Upstart as a failure). */
const CLEAN_SIGNALS = ['HUP', 'INT', 'TERM', 'PIPE'];

/** Sets the lifecycle, restart policy, kill and reload behaviour, and streams. */
export function convertLifecycle(job: UpstartJob, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics): void {
  const hasMain = Boolean(job.process.main);
  const task = Boolean(job.task);
  startLifecycle(job, svc, r, hasMain, task);
  restartPolicy(job, svc, ctx, r, hasMain, task);
  stopAndReload(job, svc, r, hasMain, task);
  standardStreams(job, svc, ctx, r, hasMain);
}

/** How the start completes: a oneshot, a forking daemon (with its PID file), or a simple daemon. */
function startLifecycle(job: UpstartJob, svc: ServiceModel, r: Diagnostics, hasMain: boolean, task: boolean): void {
  if (!hasMain) {
    svc.lifecycle = { kind: 'oneshot', remainActive: !task };
    r.report(
      'convert/abstract-job',
      undefined,
      task
        ? 'task without a main process: a oneshot that runs its pre-start'
        : 'job without a main process: a oneshot that stays active (RemainAfterExit=yes) — pre-start runs on start, post-stop on stop',
    );
  } else if (task) {
    svc.lifecycle = { kind: 'oneshot', remainActive: false };
  } else if (job.expect?.value === 'fork' || job.expect?.value === 'daemon') {
    forkingLifecycle({ ...job, expect: job.expect }, svc, r);
  } else {
    svc.lifecycle = { kind: 'daemon' };
    if (job.expect?.value === 'stop') {
      svc.commands.startPost.unshift({
        argv: [
          '/bin/sh',
          '-c',
          'while ! grep -q "^State:[[:space:]]*T" /proc/$MAINPID/status 2>/dev/null; do ' +
            '[ -n "$MAINPID" ] && [ -d /proc/$MAINPID ] || ' +
            '{ echo "the daemon exited or forked instead of stopping itself (expect stop)" >&2; exit 1; }; ' +
            'sleep 0.1; done; kill -CONT $MAINPID',
        ],
        source: job.expect.pos,
      });
      r.report(
        'convert/expect-stop',
        job.expect.pos,
        'expect stop has no systemd equivalent; emulated with an ExecStartPost= that waits until the daemon stops itself (SIGSTOP) and resumes it',
        'better: patch the daemon to call sd_notify(READY=1) and use Type=notify',
      );
    }
  }
}

/** A job with an `expect` stanza. */
type ExpectingJob = UpstartJob & { expect: NonNullable<UpstartJob['expect']> };

/** Type=forking for `expect fork|daemon`, with the PID file the main command names when it is usable. */
function forkingLifecycle(job: ExpectingJob, svc: ServiceModel, r: Diagnostics): void {
  const main = job.process.main!.value;
  const named =
    main.kind === 'exec'
      ? pidFileIn(main.text)
      : pidFileIn(
          main.text
            .split('\n')
            .filter((l) => /\bexec\b/.test(l))
            .join(' '),
        );
  // systemd does not expand variables in PIDFile=: use the env stanza's value, or leave it out
  const pidFile = named?.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, v: string) => {
    const set = [...job.env].reverse().find((e) => e.value.startsWith(`${v}=`));
    return set ? set.value.slice(v.length + 1) : m;
  });
  const usable = pidFile && !/[$`]/.test(pidFile) && pidFile.startsWith('/') ? pidFile : undefined;
  if (pidFile && !usable)
    r.report(
      'convert/forking-no-pidfile',
      job.expect.pos,
      `the PID file ${named} depends on a variable whose value is not known here; PIDFile= left out (systemd does not expand variables in it)`,
    );
  svc.lifecycle = usable ? { kind: 'forking', pidFile: usable } : { kind: 'forking' };
  if (!named)
    r.report(
      'convert/forking-no-pidfile',
      job.expect.pos,
      `expect ${job.expect.value}: Type=forking without PIDFile=; systemd guesses the main PID`,
      'add PIDFile= if the daemon writes one',
    );
  if (main.kind === 'script' && forksBeforeExec(main.text)) {
    r.report(
      'convert/expect-with-script',
      job.expect.pos,
      `expect ${job.expect.value} with a multi-command script: Upstart tracked the shell's first fork(s), not necessarily the daemon`,
      'check which PID the job really tracked; a PIDFile= is safer',
    );
  }
}

/** The `normal exit` codes as exit statuses and signals; one that is neither is dropped. */
function successExits(job: UpstartJob, r: Diagnostics): ExitSpec[] {
  const normal = job.normal_exit.map((n) => ({ n, spec: exitSpec(n.value.code) }));
  for (const { n, spec } of normal) {
    if (!spec)
      r.report(
        'convert/normal-exit-dropped',
        n.pos,
        `normal exit ${n.value.text} is neither an exit status nor a known signal; dropped`,
      );
  }
  return normal.flatMap(({ spec }) => (spec ? [spec] : []));
}

/** A respawning task restarts only on failure; a clean signal still counts as one, as Upstart respawned it then. */
function restartTask(at: SourcePos, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics, specs: ExitSpec[]): void {
  svc.restart.when = 'on-failure';
  const cleanSignals = CLEAN_SIGNALS.filter((s) => !specs.some((x) => 'signal' in x && x.signal === s));
  if (svc.lifecycle.kind !== 'oneshot') svc.restart.force = cleanSignals.map((signal) => ({ signal }));
  const oneshot = [{ key: 'Type', value: 'oneshot' }];
  if (svc.lifecycle.kind === 'oneshot' && !supports(ctx.target, 'Service', 'Restart', svc.restart.when, oneshot)) {
    const since = restartFirstVersion('oneshot', svc.restart.when);
    svc.lifecycle = { kind: 'daemon' };
    svc.restart.force = cleanSignals.map((signal) => ({ signal }));
    r.report(
      'convert/respawning-task',
      at,
      `a respawning task needs Type=oneshot with Restart=on-failure, which systemd ${ctx.target.systemd} refuses ` +
        `(${since}+); it runs as Type=simple, so "systemctl start" returns before the task finishes`,
      `target systemd ${since} or later to keep the start waiting for the task`,
    );
  }
}

/** Restart policy: `respawn`, `respawn limit` and `normal exit`. */
function restartPolicy(
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
  hasMain: boolean,
  task: boolean,
): void {
  const specs = successExits(job, r);
  svc.restart.success = specs;
  if (job.respawn && !hasMain) {
    r.report(
      'convert/respawn-without-main',
      job.respawn.pos,
      'respawn has no effect on a job without a main process (there is nothing to respawn); no Restart=',
    );
  } else if (job.respawn) {
    const limit = job.respawn_limit?.value ?? {
      count: DEFAULTS.respawnLimit.count,
      interval: DEFAULTS.respawnLimit.interval,
      unlimited: false,
    };
    svc.restart.limit =
      limit.count === 0 || limit.interval === 0 ? null : { burst: limit.count + 1, intervalSec: limit.interval };
    // Upstart respawns at once; systemd's 100 ms wait lets a crash loop under load outlast the limit's interval
    svc.restart.delaySec = 0;
    if (task) {
      restartTask(job.respawn.pos, svc, ctx, r, specs);
    } else {
      svc.restart.when = 'always';
      svc.restart.prevent = specs;
      if (job.process['pre-start']) {
        r.report(
          'convert/pre-start-restart',
          job.process['pre-start'].pos,
          'when pre-start fails, systemd restarts the unit (up to the start limit) and then marks it ' +
            'failed; Upstart marked the job failed at once (respawn only applies to the main process)',
          'make pre-start checks that cannot succeed on retry exit 0 after "stop" (the stop; exit 0 idiom) instead of failing',
        );
      }
    }
  } else if (job.respawn_limit) {
    r.report(
      'convert/respawn-limit-without-respawn',
      job.respawn_limit.pos,
      'respawn limit without respawn has no effect in Upstart; nothing to convert',
    );
  }
}

/** Stopping and reloading: kill timeout and signal, the reload signal. */
function stopAndReload(job: UpstartJob, svc: ServiceModel, r: Diagnostics, hasMain: boolean, task: boolean): void {
  const killTimeout = job.kill_timeout?.value ?? DEFAULTS.killTimeout;
  if (killTimeout === 0) {
    r.report(
      'convert/kill-timeout-zero',
      job.kill_timeout!.pos,
      'kill timeout 0 crashes Upstart when the job stops, and means "wait forever" to systemd; TimeoutStopSec=5 (Upstart\'s default) is used instead',
    );
    svc.kill.timeoutSec = DEFAULTS.killTimeout;
  } else {
    svc.kill.timeoutSec = killTimeout;
  }
  if (job.kill_signal) {
    const name = signalName(job.kill_signal.value.signo);
    if (name) svc.kill.signal = name;
    else
      r.report(
        'convert/signal-unknown',
        job.kill_signal.pos,
        `kill signal ${job.kill_signal.value.text} is not a signal systemd knows; KillSignal= left at SIGTERM`,
      );
  }
  if (hasMain && !task) {
    const signo = job.reload_signal?.value.signo ?? DEFAULTS.reloadSignal;
    const name = signalName(signo);
    if (name) svc.commands.reload.push({ argv: ['/bin/kill', `-${name}`, '$MAINPID'], source: job.reload_signal?.pos });
    else
      r.report(
        'convert/signal-unknown',
        job.reload_signal!.pos,
        `reload signal ${job.reload_signal!.value.text} is not a signal systemd knows; no ExecReload=`,
      );
  }
}

/** Standard streams: `console none|output|owner|log`. */
function standardStreams(
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
  hasMain: boolean,
): void {
  const consoleValue = job.console?.value ?? DEFAULTS.console;
  if (consoleValue === 'none') svc.streams = { stdout: 'null', stderr: 'null' };
  else if (consoleValue === 'output') {
    const consoleInput = 'file:/dev/console';
    svc.streams = {
      stdout: 'tty',
      stderr: 'tty',
      ttyPath: '/dev/console',
      stdin: supports(ctx.target, 'Service', 'StandardInput', consoleInput) ? { file: '/dev/console' } : 'null',
    };
    if (!supports(ctx.target, 'Service', 'StandardInput', consoleInput))
      r.report(
        'convert/console-output-stdin',
        job.console!.pos,
        'console output: standard input is /dev/null, not the console ' +
          `(StandardInput=file: needs systemd ${firstVersion('Service', 'StandardInput', consoleInput)})`,
      );
  } else if (consoleValue === 'owner') {
    svc.streams = { stdin: 'tty-force', stdout: 'tty', stderr: 'tty', ttyPath: '/dev/console' };
  } else if (hasMain || job.process['pre-start'] || job.process['post-stop']) {
    r.report(
      'convert/console-log',
      job.console?.pos,
      `output goes to the journal (journalctl -u ${svc.unitName}), no longer to /var/log/upstart/${job.name.replace(/\//g, '_')}.log`,
    );
  }
}
