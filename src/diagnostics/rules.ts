/**
 * Every rule id the tool can report, with what it means and what to do. docs/rules.md is generated
 * from this table (`npm run docs`) and a test checks that every id used in the code is listed here.
 */
import type { Severity } from './diagnostic';

/** One documented rule. */
export interface RuleDoc {
  id: string;
  severity: Severity;
  /** What happened, in one sentence. */
  summary: string;
  /** What the operator should do. */
  action: string;
}

const parseError = (id: string, summary: string, action: string): RuleDoc => ({
  id: `parse/${id}`,
  severity: 'error',
  summary,
  action,
});

/** The rule table, grouped by pipeline stage. */
export const RULES: readonly RuleDoc[] = [
  // input: reading files
  {
    id: 'input/not-found',
    severity: 'error',
    summary: 'The path does not exist (or is a dangling symlink).',
    action: 'Check the path; with --root, paths are inside the root.',
  },
  {
    id: 'input/symlink-loop',
    severity: 'error',
    summary: 'A symlink points back to itself, or a directory symlink loops back to a directory already walked.',
    action: 'Remove or fix the link; the rest of the batch is processed.',
  },
  {
    id: 'input/unreadable',
    severity: 'error',
    summary: 'The file or directory cannot be read (permission denied or an I/O error).',
    action: 'Run with enough privileges or copy the tree somewhere readable.',
  },
  {
    id: 'input/is-directory',
    severity: 'error',
    summary:
      'A directory was given where a job file was expected (or, while walking, a directory is named like a job file; Upstart walks it as a sub-directory).',
    action: 'Pass the directory itself to process every job in it.',
  },
  {
    id: 'input/not-regular',
    severity: 'error',
    summary: 'A device, FIFO or socket is named like a job file; Upstart only loads regular files.',
    action: 'Remove it from the job directory.',
  },
  {
    id: 'input/too-large',
    severity: 'error',
    summary: 'The file is larger than 1 MiB, far beyond any job file; it is not read.',
    action: 'Check that the path is right.',
  },
  {
    id: 'input/binary',
    severity: 'error',
    summary: 'The file contains NUL bytes: a binary file, not a job.',
    action: 'Check the path; Upstart would stop reading at the NUL.',
  },
  {
    id: 'input/invalid-utf8',
    severity: 'error',
    summary: 'The file is not valid UTF-8; Upstart reads raw bytes but unit files must be UTF-8.',
    action: 'Re-encode it (iconv -f latin1 -t utf-8) and convert again.',
  },
  {
    id: 'input/orphan-override',
    severity: 'info',
    summary: 'An .override file has no .conf beside it; Upstart ignores it.',
    action: 'Delete it or restore its job.',
  },
  {
    id: 'input/symlink',
    severity: 'info',
    summary: 'A job file is a symlink; Upstart does not support symlinked jobs consistently (followed here).',
    action: 'Replace the link with the file if the job matters.',
  },
  // parse: what the real Upstart parser rejects (ERRORS.md), at the same line
  parseError(
    'expected-token',
    'A required word is missing (or is empty after quotes are removed), e.g. `description ""`, `exec` alone, `limit nofile 4096` with one value.',
    'Add the missing value; the hint shows the stanza syntax.',
  ),
  parseError(
    'unexpected-token',
    'Extra text after a stanza that takes one argument, e.g. `description my job` or `env A = 1`.',
    'Quote values with blanks (`description "my job"`, `env A="x y"`).',
  ),
  parseError('trailing-slash', 'The file ends with a backslash.', 'Remove it or add the continued line.'),
  parseError(
    'unterminated-quote',
    'A quote is never closed; Upstart read to the end of the file looking for it.',
    'Close the quote.',
  ),
  parseError(
    'unterminated-block',
    'A script block has no `end script` line (`END SCRIPT`, `endscript`, `end script now` do not count).',
    'Add a line `end script`.',
  ),
  parseError(
    'unknown-stanza',
    'Not a stanza (or not a valid word after one), case-sensitive; also `cgroup` on Upstart 1.12.',
    'Fix the spelling; the hint lists what is accepted.',
  ),
  parseError(
    'illegal-interval',
    'A time value is not a non-negative decimal integer (`kill timeout`, respawn interval).',
    'Write whole seconds, e.g. `kill timeout 30`.',
  ),
  parseError(
    'illegal-exit',
    'A `normal exit` value is neither a signal name nor a decimal status.',
    'Use statuses 0-255 or upper-case signal names (TERM, SIGHUP).',
  ),
  parseError(
    'illegal-signal',
    'A `kill signal`/`reload signal` value is neither a signal name nor a number (Upstart logs this one without a line number).',
    'Use an upper-case signal name.',
  ),
  parseError('illegal-umask', 'A `umask` is not an octal number within 0777.', 'Write e.g. `umask 022`.'),
  parseError('illegal-nice', 'A `nice` value is outside -20..19.', 'Use -20..19.'),
  parseError(
    'illegal-oom',
    'An `oom` value is outside -17..15 (or `oom score` outside -1000..1000), or not a number or `never`.',
    'Use `oom score N` with -1000..1000 or `never`.',
  ),
  parseError(
    'illegal-limit',
    'A `limit` value (or respawn limit count) is not `unlimited` or a plain decimal (no units, no hex).',
    'Write bytes or counts as plain integers.',
  ),
  parseError(
    'expected-event',
    'An event expression has an operator where an event is needed (first, last, doubled, empty parentheses).',
    'Put an event on each side of `and`/`or`.',
  ),
  parseError(
    'expected-operator',
    'Two events or groups follow each other without `and`/`or`, e.g. `a (b or c)`.',
    'Insert the operator you mean.',
  ),
  parseError(
    'expected-variable',
    'A positional event argument follows a KEY=VALUE one.',
    'Put positional arguments first.',
  ),
  parseError(
    'mismatched-parens',
    'Parentheses do not balance; an unclosed `(` swallows the rest of the file.',
    'Balance the parentheses.',
  ),
  {
    id: 'parse/conf-rejected-with-override',
    severity: 'info',
    summary: 'The .conf was rejected; Upstart would then define the job from the override alone.',
    action: 'Fix the .conf; such a job is not converted.',
  },
  // upstart: loads, but does not do what it seems to
  {
    id: 'upstart/kill-timeout-zero',
    severity: 'warning',
    summary: '`kill timeout 0` parses, but Upstart asserts (PID 1 aborts) when it stops the job.',
    action: 'Use a positive timeout.',
  },
  {
    id: 'upstart/cgroup-not-in-trusty',
    severity: 'info',
    summary: '`cgroup` exists from Upstart 1.13; Ubuntu 14.04 (1.12.1) rejects the job.',
    action: 'Parse with --upstart-version 1.12 to see the job as Trusty saw it.',
  },
  {
    id: 'upstart/normal-exit-alias',
    severity: 'warning',
    summary: 'A `normal exit` number of 256 or more is stored as a signal (256 = HUP), not an exit status.',
    action: 'Write exit statuses 0-255, or the signal name you mean.',
  },
  {
    id: 'upstart/limit-soft-above-hard',
    severity: 'warning',
    summary: 'A `limit` soft value is above its hard value: setrlimit fails and the job cannot spawn.',
    action: 'Make soft <= hard.',
  },
  {
    id: 'upstart/start-on-variable',
    severity: 'warning',
    summary:
      '`start on` is matched without an environment: `$VAR` in it never matches (and event names are never expanded).',
    action: 'Use a literal value or ${VAR:-default}.',
  },
  {
    id: 'upstart/export-variable',
    severity: 'warning',
    summary: '`export $A` names a variable literally called `$A`.',
    action: 'Write `export A`.',
  },
  {
    id: 'upstart/debug',
    severity: 'info',
    summary: '`debug` only acts when init runs with --debug.',
    action: 'Nothing to do unless you relied on it.',
  },
  // convert: mapping a job to systemd
  {
    id: 'convert/abstract-job',
    severity: 'info',
    summary:
      'The job has no main process: a Type=oneshot unit (RemainAfterExit=yes for a service) runs pre-start on start and post-stop on stop.',
    action: 'Nothing; check that "active" without a process is what you expect.',
  },
  {
    id: 'convert/apparmor-switch',
    severity: 'info',
    summary:
      '`apparmor switch` confined only the main process; AppArmorProfile= confines every process of the unit (a `$` in the name is not expanded).',
    action: 'Check that the profile allows the pre-start/post-stop commands.',
  },
  {
    id: 'convert/cgroup',
    severity: 'warning',
    summary: 'A `cgroup` setting has no resource-control equivalent (memory limit_in_bytes and cpu shares are mapped).',
    action: 'Set the matching systemd.resource-control directive by hand.',
  },
  {
    id: 'convert/console-log',
    severity: 'info',
    summary: 'Output that went to /var/log/upstart/JOB.log now goes to the journal.',
    action: 'Read it with journalctl -u UNIT; adjust log shipping.',
  },
  {
    id: 'convert/console-output-stdin',
    severity: 'info',
    summary: '`console output` on systemd < 236: stdin is /dev/null instead of the console.',
    action: 'Target systemd 236+ if the job reads the console.',
  },
  {
    id: 'convert/debug',
    severity: 'info',
    summary: '`debug` has no systemd equivalent and is dropped.',
    action: 'Nothing, unless you debugged with it.',
  },
  {
    id: 'convert/defaults-environment-file',
    severity: 'info',
    summary:
      'A main script that only sources /etc/default files and execs the daemon became EnvironmentFile= plus a direct ExecStart=.',
    action: 'Nothing; the defaults file keeps working.',
  },
  {
    id: 'convert/defaults-kept-shell',
    severity: 'info',
    summary:
      'A script sourcing a defaults file stays a shell script, for the reason given (not plain assignments, unknown without --root, extra logic).',
    action: 'Nothing; give --root or simplify the defaults file to get EnvironmentFile=.',
  },
  {
    id: 'convert/emits',
    severity: 'info',
    summary: '`emits` documents an Upstart event the job sends; systemd has no events.',
    action: 'Make the emitter start the waiting units directly.',
  },
  {
    id: 'convert/env-pass',
    severity: 'warning',
    summary:
      "`env KEY` took KEY from init's own environment; PassEnvironment=KEY takes it from systemd's, which differs.",
    action: 'Set the value with Environment= or DefaultEnvironment=.',
  },
  {
    id: 'convert/event-approximated',
    severity: 'warning',
    summary:
      'An event condition was mapped to the closest systemd construct (★ in mapping.md), with the difference stated.',
    action: 'Read the message; check the ordering/trigger is acceptable.',
  },
  {
    id: 'convert/event-dead',
    severity: 'warning',
    summary: 'A condition that never matched under Upstart ($VAR in start on, an event named with $).',
    action: 'Decide what should start the unit and add WantedBy= by hand.',
  },
  {
    id: 'convert/event-unknown',
    severity: 'warning',
    summary: 'A custom event (from `initctl emit`) has no systemd counterpart; its emitters in the batch are named.',
    action: 'Make the emitter run systemctl start UNIT instead of emitting.',
  },
  {
    id: 'convert/event-unsupported',
    severity: 'warning',
    summary:
      'A known Upstart/Ubuntu event with no unit-file equivalent (device, session, D-Bus, failsafe, rotate-logs…).',
    action: 'Follow the hint (udev rule, timer, user unit…).',
  },
  {
    id: 'convert/exec-relative',
    severity: 'info',
    summary: 'A program without a path is left to systemd (≥ 239), which searches its own PATH.',
    action: 'Give --root to resolve it to an absolute path.',
  },
  {
    id: 'convert/exec-resolved',
    severity: 'info',
    summary: "A program without a path was resolved to an absolute path under --root along the job's PATH.",
    action: 'Nothing.',
  },
  {
    id: 'convert/exec-via-shell',
    severity: 'warning',
    summary:
      "A program could not be resolved to an absolute path, so the unit runs it through /bin/sh -e -c 'exec …' (same argv; PATH searched by the shell).",
    action: 'Give --root, or write the absolute path.',
  },
  {
    id: 'convert/expect-stop',
    severity: 'warning',
    summary:
      '`expect stop` is emulated with an ExecStartPost= that waits for the daemon to stop itself and resumes it.',
    action: 'Better: make the daemon notify readiness (Type=notify).',
  },
  {
    id: 'convert/expect-with-script',
    severity: 'warning',
    summary:
      "`expect fork/daemon` with a multi-command script: Upstart tracked the shell's forks, possibly not the daemon.",
    action: 'Check the main PID; prefer a PIDFile=.',
  },
  {
    id: 'convert/export-consumed',
    severity: 'warning',
    summary: "Another job matched on an `export`ed variable of this job's events, which systemd does not have.",
    action: 'Share the value another way (a common EnvironmentFile=).',
  },
  {
    id: 'convert/export-unused',
    severity: 'info',
    summary: '`export` only affected Upstart events and nothing in the batch uses it.',
    action: 'Nothing.',
  },
  {
    id: 'convert/file-event-unclear',
    severity: 'warning',
    summary: 'A `file` event without a FILE to watch; no .path unit.',
    action: 'Write the .path unit by hand.',
  },
  {
    id: 'convert/forking-no-pidfile',
    severity: 'info',
    summary: 'Type=forking without PIDFile=: systemd guesses the main PID.',
    action: 'Add PIDFile= if the daemon writes one.',
  },
  {
    id: 'convert/instance-complex',
    severity: 'warning',
    summary:
      'An instance template with several variables: the template unit only gets the whole instance string (UPSTART_INSTANCE=%i).',
    action: 'Set the variables per instance with drop-ins.',
  },
  {
    id: 'convert/activation-instance',
    severity: 'info',
    summary:
      'An instance job started by a socket or file event: the .socket/.path unit starts the one instance the event named (`Service=`/`Unit=NAME@INSTANCE.service`).',
    action: 'Nothing; other instances are started by hand.',
  },
  {
    id: 'convert/activation-instance-unknown',
    severity: 'warning',
    summary:
      'An instance job started by a socket or file event whose instance name uses a variable neither the event nor `env` sets: Upstart could not start it from the event, so no .socket/.path unit is written.',
    action: 'Name the instance from the event (PORT, SOCKET_PATH, FILE…) or start instances by hand.',
  },
  {
    id: 'convert/ordering-cycle',
    severity: 'warning',
    summary:
      "The After=/Before= derived from several jobs' events form a loop, which systemd would break at boot by dropping a start job of its choosing; the least-backed ordering (one no `start on` pulls in) is left out.",
    action:
      "Check the jobs' start on / stop on; put the ordering back in a drop-in if it matters more than another of the loop.",
  },
  {
    id: 'convert/event-variable',
    severity: 'warning',
    summary:
      'A process reads a variable Upstart took from the event that started the job (RUNLEVEL, MOUNTPOINT, IFACE, JOB…) and `start on` does not fix its value, or pre-stop/post-stop read one of the event that stopped it (`stop on`); under systemd it is empty or the `env` default.',
    action: 'Set the variable with Environment= (or a drop-in) to what the service needs, or compute it in the script.',
  },
  {
    id: 'convert/event-variable-set',
    severity: 'info',
    summary:
      'A process reads an event variable whose value every way the job starts names (`start on mounted MOUNTPOINT=/srv`); the unit sets it with Environment=.',
    action: 'Nothing.',
  },
  {
    id: 'convert/script-too-long',
    severity: 'warning',
    summary:
      "A script (with the job-control shim, if any) is longer than one unit-file line of the target's systemd holds (2047 characters before v235); it is written as a helper script even without --scripts files.",
    action: 'Install the helper script at the path the unit runs it from (--script-dir) with the unit.',
  },
  {
    id: 'convert/event-emitted',
    severity: 'info',
    summary:
      "A job starts (or stops) on a custom event other jobs of the batch emit with `initctl emit`: the emitters' systemctl shim starts (or stops) this unit there, without waiting for it; the unit has no [Install] of its own for that event.",
    action: 'Nothing; convert the emitters together with this job.',
  },
  {
    id: 'convert/instance-constant',
    severity: 'info',
    summary: 'An `instance` without variables allows one instance only; converted as a plain unit.',
    action: 'Nothing.',
  },
  {
    id: 'convert/instance-template',
    severity: 'info',
    summary: 'An instance job became a template unit NAME@.service with VAR=%i.',
    action: 'Start instances with systemctl start NAME@VALUE.service.',
  },
  {
    id: 'convert/job-event-outside-batch',
    severity: 'info',
    summary: 'A job event names a job that is not part of this conversion; its unit name is assumed.',
    action: 'Convert that job too, or check the unit name.',
  },
  {
    id: 'convert/identity-variable',
    severity: 'warning',
    summary:
      'setuid/setgid contains `$`: Upstart looked the name up literally (no expansion), so the job never spawned.',
    action: 'Write the real user or group name.',
  },
  {
    id: 'convert/kill-timeout-zero',
    severity: 'warning',
    summary: '`kill timeout 0` crashed Upstart and means "forever" to systemd; TimeoutStopSec=5 is used.',
    action: 'Choose a real timeout.',
  },
  {
    id: 'convert/manual',
    severity: 'info',
    summary: '`manual`: the unit has no [Install] section.',
    action: 'Start it by hand, or add WantedBy= if it should start at boot.',
  },
  {
    id: 'convert/no-start-on',
    severity: 'info',
    summary: 'No `start on`: the job was started by hand or by other jobs; no [Install] section.',
    action: 'Nothing.',
  },
  {
    id: 'convert/normal-exit-dropped',
    severity: 'warning',
    summary: 'A `normal exit` value that is neither a status nor a signal is dropped.',
    action: 'Fix the job.',
  },
  {
    id: 'convert/not-enabled',
    severity: 'warning',
    summary: 'Nothing in `start on` maps to a unit or target, so the unit is never started automatically.',
    action: 'Add WantedBy= once you know what should start it.',
  },
  {
    id: 'convert/pre-stop-without-main',
    severity: 'info',
    summary: 'A pre-stop in a job without a main process never ran and is dropped.',
    action: 'Nothing.',
  },
  {
    id: 'convert/respawn-limit-without-respawn',
    severity: 'info',
    summary: '`respawn limit` without `respawn` had no effect.',
    action: 'Nothing.',
  },
  {
    id: 'convert/respawn-without-main',
    severity: 'info',
    summary: '`respawn` in a job without a main process had nothing to respawn; no Restart=.',
    action: 'Nothing.',
  },
  {
    id: 'convert/respawning-task',
    severity: 'warning',
    summary:
      'A respawning task on systemd < 244 (no Restart= with Type=oneshot) runs as Type=simple: the start returns before the task finishes.',
    action: 'Target systemd 244+.',
  },
  {
    id: 'convert/runlevel-stop',
    severity: 'info',
    summary: "`stop on runlevel [!$RUNLEVEL]` — stop when the runlevel changes — is systemd's default behaviour.",
    action: 'Nothing.',
  },
  {
    id: 'convert/setuid-root-group',
    severity: 'warning',
    summary: '`setuid` without `setgid`: Upstart kept root as a supplementary group; User= does not.',
    action: 'Add SupplementaryGroups=root only if the job needs it.',
  },
  {
    id: 'convert/signal-unknown',
    severity: 'warning',
    summary: 'A kill/reload signal number systemd does not know is dropped.',
    action: 'Use a signal name.',
  },
  {
    id: 'convert/socket-activation',
    severity: 'warning',
    summary:
      'A `start on socket` job became a .socket unit; the daemon gets the listening socket as fd 3 with UPSTART_FDS=3.',
    action: 'Check the daemon reads UPSTART_FDS (or LISTEN_FDS); enable the .socket unit.',
  },
  {
    id: 'convert/socket-unclear',
    severity: 'warning',
    summary: 'A `socket` event without a usable address; no .socket unit.',
    action: 'Write the .socket unit by hand.',
  },
  {
    id: 'convert/stop-idiom',
    severity: 'info',
    summary: 'A pre-start that calls `stop; exit 0` runs as ExecCondition=: the unit is skipped, not failed.',
    action: 'Nothing.',
  },
  {
    id: 'convert/stop-idiom-fails-start',
    severity: 'warning',
    summary:
      'A pre-start that calls `stop; exit 0` on systemd < 243 (no ExecCondition=): the unit fails instead of being skipped.',
    action: 'Target systemd 243+ or use a Condition…= directive.',
  },
  {
    id: 'convert/unit-name-collision',
    severity: 'error',
    summary: 'Two jobs become the same unit file; neither is written.',
    action: 'Rename one job.',
  },
  {
    id: 'convert/unit-name-escaped',
    severity: 'info',
    summary: 'The job name had characters unit names cannot hold; they are escaped as \\xNN.',
    action: 'Nothing; refer to the unit by its escaped name.',
  },
  {
    id: 'convert/user-nobody',
    severity: 'warning',
    summary:
      "The job ran as nobody; systemd flags User=nobody as unsafe (services sharing nobody can touch each other's files).",
    action: 'Use a dedicated user or --profile dynamic-user.',
  },
  {
    id: 'convert/upstart-command',
    severity: 'warning',
    summary:
      "A script runs an initctl command with no systemd equivalent (set-env, notify-…): the unit's shell function prints a note and succeeds.",
    action: 'Rewrite the line for systemd.',
  },
  {
    id: 'convert/upstart-command-shim',
    severity: 'info',
    summary:
      'A script (or exec) runs start/stop/restart/reload/status/initctl: shell functions of those names in the unit run them through systemctl with the unit the job became (`initctl emit` is ignored).',
    action: 'Nothing; rewrite with systemctl when convenient.',
  },
  {
    id: 'convert/user-session-job',
    severity: 'warning',
    summary: 'The job follows a job of an Upstart user session (xsession-init, unity8…); a system unit cannot.',
    action: 'Convert it to a systemd user unit by hand.',
  },
  {
    id: 'convert/stop-timeout',
    severity: 'info',
    summary:
      'systemd limits pre-stop and post-stop to TimeoutStopSec=; Upstart let them run to the end (jobs without a main process get TimeoutStopSec=infinity).',
    action: 'Raise TimeoutStopSec= if they take longer.',
  },
  {
    id: 'convert/kill-mode',
    severity: 'info',
    summary: 'systemd signals every process of the unit on stop and restart; Upstart only the main process group.',
    action: 'Add KillMode=process if the daemon must keep detached children.',
  },
  {
    id: 'convert/replaced-by-systemd',
    severity: 'warning',
    summary: "A job of Ubuntu's own Upstart boot (tty1, udev, mountall…) whose work a systemd unit already does.",
    action: 'Skip the job; configure the systemd unit named instead.',
  },
  {
    id: 'convert/distro-unit',
    severity: 'info',
    summary: 'A job whose package ships its own unit on the target release (ssh, cron, mysql…); ours would replace it.',
    action: 'Diff against a target root, or write a drop-in (--mode dropin).',
  },
  {
    id: 'convert/pre-start-restart',
    severity: 'info',
    summary:
      'For a respawning job, a failing pre-start makes systemd restart the unit up to its start limit; Upstart failed the job at once.',
    action: 'Use the stop; exit 0 idiom for checks that cannot succeed on retry.',
  },
  {
    id: 'convert/upstart-events-variable',
    severity: 'warning',
    summary: 'A script reads UPSTART_EVENTS/UPSTART_STOP_EVENTS, which only Upstart sets.',
    action: 'Remove the dependency on it.',
  },
  // target: the target systemd version
  {
    id: 'internal/error',
    severity: 'error',
    summary:
      'The tool itself failed on this job (a fault of ours, not of the job); the job is not converted, the rest of the batch is.',
    action: 'Report it with the job file; convert the job by hand meanwhile.',
  },
  {
    id: 'target/renamed',
    severity: 'info',
    summary: 'A directive is written in the older spelling (and section) the target understands.',
    action: 'Nothing.',
  },
  {
    id: 'target/value-rewritten',
    severity: 'info',
    summary: 'A value the target does not know was replaced by its older equivalent (Type=exec → simple…).',
    action: 'Read the note for what changes.',
  },
  {
    id: 'target/unsupported',
    severity: 'warning',
    summary: 'A directive or value is newer than the target systemd and was dropped.',
    action: 'Choose a newer --target, or accept the difference.',
  },
  {
    id: 'target/hardening-unsupported',
    severity: 'info',
    summary:
      'A sandboxing directive of a hardening profile is newer than the target systemd and was left out: the service runs as confined as the job was, not more.',
    action: 'Nothing, or choose a newer --target; `profiles show NAME --target T` lists what a target drops.',
  },
  {
    id: 'target/line-too-long',
    severity: 'warning',
    summary:
      'A line of the unit is longer than the target systemd reads as one line (2047 characters before v235), which would split it into a broken second line.',
    action: 'Shorten the value (a helper script, an EnvironmentFile=), or choose a target with systemd 235 or newer.',
  },
  // output: writing files
  {
    id: 'output/exists',
    severity: 'error',
    summary: 'The file exists in --out and differs; it is not overwritten.',
    action: 'Review it, then rerun with --force.',
  },
  {
    id: 'output/write-failed',
    severity: 'error',
    summary: 'The file could not be written (or the existing one read).',
    action: 'Check permissions and space.',
  },
  // harden: sandboxing profiles
  {
    id: 'harden/profile-invalid',
    severity: 'error',
    summary:
      'A profile (or profile map) is not valid: YAML syntax, a key the format does not have, a value of the wrong shape; reported at file:line:column.',
    action: 'Fix the file; docs/profiles.md describes the format.',
  },
  {
    id: 'harden/profile-not-found',
    severity: 'error',
    summary: 'No preset of that name and no such file.',
    action: 'Use a preset name from `profiles list` or a path to a .yaml file.',
  },
  {
    id: 'harden/profile-cycle',
    severity: 'error',
    summary: 'Profiles extend each other in a cycle.',
    action: 'Break the cycle of extends.',
  },
  {
    id: 'harden/unknown-directive',
    severity: 'error',
    summary:
      "A profile names a directive systemd does not have (checked against systemd's own list), usually a typo; the hint suggests the closest name.",
    action: 'Correct the name.',
  },
  {
    id: 'harden/unknown-variable',
    severity: 'error',
    summary:
      "A directive value uses a {{variable}} that is neither built in, nor in the profile's variables, nor given with --var.",
    action: 'Define it, or pass --var NAME=VALUE.',
  },
  {
    id: 'harden/path-unknown',
    severity: 'warning',
    summary:
      'The job uses a path made of a variable whose value is unknown, so it cannot be kept writable automatically.',
    action: 'Add it with ReadWritePaths= if the job writes there.',
  },
  {
    id: 'harden/path-broad',
    severity: 'warning',
    summary: 'The job writes a file directly in /run or /var/log, so the whole directory had to stay writable.',
    action: 'Move the file into its own directory so RuntimeDirectory=/LogsDirectory= can confine it.',
  },
  {
    id: 'harden/protect-system-write',
    severity: 'warning',
    summary:
      'The job writes below /etc or /usr; ReadWritePaths= for that path keeps it working under ProtectSystem=strict.',
    action: 'Confirm the service has to write there.',
  },
  {
    id: 'harden/managed-dir-fallback',
    severity: 'info',
    summary:
      'State/Cache/Logs/ConfigurationDirectory= need systemd 235; ReadWritePaths= is used for older targets (the directory must exist).',
    action: 'Create the directory at install time.',
  },
  {
    id: 'harden/private-tmp-shared',
    severity: 'warning',
    summary: 'PrivateTmp= left out: the job shares files in /tmp with other jobs.',
    action: 'Use JoinsNamespaceOf= or move the shared files.',
  },
  {
    id: 'harden/mdwe-jit',
    severity: 'warning',
    summary: 'MemoryDenyWriteExecute= left out: the job runs a JIT runtime (node, java, mono, luajit, pypy…).',
    action: 'Nothing; it cannot work with JIT.',
  },
  {
    id: 'harden/protect-home',
    severity: 'warning',
    summary: 'ProtectHome= changed to read-only (the job reads a home directory) or left out (it writes there).',
    action: 'Move the data out of /home to confine it.',
  },
  {
    id: 'harden/private-devices',
    severity: 'warning',
    summary: 'PrivateDevices= left out: the job uses a device node.',
    action: 'Or keep it and add DeviceAllow= and BindPaths= for the device.',
  },
  {
    id: 'harden/setuid-binary',
    severity: 'warning',
    summary: 'NoNewPrivileges=/RestrictSUIDSGID= left out: the job runs a set-uid program (su, sudo, ping…).',
    action: 'Remove the need for it, then add them back.',
  },
  {
    id: 'harden/kernel-modules',
    severity: 'warning',
    summary: 'ProtectKernelModules= left out: the job loads kernel modules.',
    action: 'Load them at boot (modules-load.d) instead.',
  },
  {
    id: 'harden/kernel-tunables',
    severity: 'warning',
    summary: 'ProtectKernelTunables= left out: the job changes sysctls.',
    action: 'Use sysctl.d instead.',
  },
  {
    id: 'harden/kernel-logs',
    severity: 'warning',
    summary: 'ProtectKernelLogs= left out: the job reads the kernel log.',
    action: 'Nothing, if it needs to.',
  },
  {
    id: 'harden/clock',
    severity: 'warning',
    summary: 'ProtectClock= left out: the job sets the clock.',
    action: 'Nothing, if it needs to.',
  },
  {
    id: 'harden/hostname',
    severity: 'warning',
    summary: 'ProtectHostname= left out: the job sets the host name.',
    action: 'Nothing, if it needs to.',
  },
  {
    id: 'harden/namespaces',
    severity: 'warning',
    summary: 'RestrictNamespaces= left out: the job creates namespaces or containers.',
    action: 'Nothing, if it needs to.',
  },
  {
    id: 'harden/realtime',
    severity: 'warning',
    summary: 'RestrictRealtime= left out: the job uses real-time scheduling.',
    action: 'Nothing, if it needs to.',
  },
  {
    id: 'harden/syscall-filter',
    severity: 'warning',
    summary:
      'SystemCallFilter=@system-service left out: the job runs mount, modprobe or hwclock, whose system calls the set denies.',
    action: 'Write a filter that adds the needed groups.',
  },
  {
    id: 'harden/address-families',
    severity: 'info',
    summary: 'AF_NETLINK added to RestrictAddressFamilies=: the job configures the network.',
    action: 'Nothing.',
  },
  {
    id: 'harden/dynamic-user-owner',
    severity: 'warning',
    summary: 'DynamicUser= left out: the job runs as its own user, who owns its files.',
    action: 'Keep User=, or move the data to managed directories first.',
  },
  {
    id: 'harden/dynamic-user-root',
    severity: 'warning',
    summary: 'A job that ran as root now runs as an ephemeral unprivileged user.',
    action: 'Check it needs no root privileges (ports < 1024, chown…).',
  },
  {
    id: 'harden/dynamic-user-paths',
    severity: 'warning',
    summary: 'The ephemeral user does not own paths the job writes outside its managed directories.',
    action: 'Move them into StateDirectory= etc., or keep a static User=.',
  },
  {
    id: 'harden/dynamic-user-target',
    severity: 'warning',
    summary: "DynamicUser= is newer than the target's systemd: left out, and the job keeps its own user.",
    action: 'Choose a newer --target.',
  },
  {
    id: 'harden/runtime-dir-shared',
    severity: 'info',
    summary:
      'A runtime directory other jobs also use gets ReadWritePaths= on systemd < 235, whose RuntimeDirectory= would be deleted when this unit stops (235+: RuntimeDirectoryPreserve=yes).',
    action: 'Create the directory at boot (tmpfiles.d).',
  },
  {
    id: 'harden/job-limit-kept',
    severity: 'info',
    summary: "The job's own `limit` wins over the profile's value for the same resource.",
    action: 'Nothing; edit the job to change it.',
  },
  // diff: existing units
  {
    id: 'diff/unit-syntax',
    severity: 'warning',
    summary:
      "A line of an existing unit that systemd ignores (Missing '=', an assignment outside a section, .include) or that stops it reading the file (a bad section header), with its line.",
    action: 'Fix the unit; the comparison uses what systemd reads.',
  },
  {
    id: 'diff/unit-ignored-setting',
    severity: 'info',
    summary:
      'An assignment in an existing unit that systemd does not apply as written (an empty value a directive refuses, a dependency that cannot be reset).',
    action: 'Read the message; the comparison uses what systemd applies.',
  },
  {
    id: 'diff/unit-unreadable',
    severity: 'error',
    summary:
      'The existing unit (or a drop-in) cannot be read: permission denied, a symlink loop, not a regular file. The job is not compared or written.',
    action: 'Fix the file or its permissions and run again.',
  },
  {
    id: 'diff/unit-masked',
    severity: 'warning',
    summary: 'The existing unit is masked (a symlink to /dev/null).',
    action: 'Unmask it once the converted unit is in place.',
  },
  {
    id: 'diff/unit-renamed',
    severity: 'info',
    summary:
      'The job was compared with a unit of another name: an alias, a well-known replacement, or the one given with --unit-name.',
    action: 'Check that it is the right unit.',
  },
  {
    id: 'diff/no-existing-unit',
    severity: 'info',
    summary: 'Drop-in mode, but no unit exists for the job: the full unit is written.',
    action: 'Nothing.',
  },
  {
    id: 'diff/dropin-manual',
    severity: 'warning',
    summary: 'The job is manual, but a drop-in cannot stop the existing unit from being enabled.',
    action: 'Run systemctl disable UNIT.',
  },
  {
    id: 'diff/dropin-cannot-unset',
    severity: 'info',
    summary: 'The existing unit sets a single-valued directive the job does not; a drop-in leaves it as it is.',
    action: 'Set the value you want in the drop-in by hand.',
  },
];

/** Looks a rule up by id. */
export function ruleDoc(id: string): RuleDoc | undefined {
  return RULES.find((r) => r.id === id);
}

/** Renders docs/rules.md. */
export function renderRulesMarkdown(): string {
  const groups = new Map<string, RuleDoc[]>();
  for (const r of RULES) {
    const g = r.id.split('/')[0]!;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const titles: Record<string, string> = {
    input: 'input — reading files',
    parse: 'parse — what the real Upstart parser rejects',
    upstart: 'upstart — loads, but does not do what it seems to',
    convert: 'convert — mapping a job to systemd',
    target: 'target — the target systemd version',
    harden: 'harden — sandboxing profiles',
    diff: 'diff — existing units',
    output: 'output — writing files',
    internal: 'internal — faults of the tool itself',
  };
  let md =
    '# Rule ids\n\nEvery diagnostic carries a stable rule id. This page is generated from `src/diagnostics/rules.ts` (`npm run docs`); a test fails when it is out of date.\n\n';
  md +=
    'Severity: **error** — the job is not converted (or the command fails); **warning** — converted, but meaning is lost or approximated; **info** — advice.\n';
  for (const [g, rules] of groups) {
    md += `\n## ${titles[g] ?? g}\n\n| rule id | severity | what it means | what to do |\n|---|---|---|---|\n`;
    for (const r of rules)
      md += `| \`${r.id}\` | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} | ${r.action.replace(/\|/g, '\\|')} |\n`;
  }
  return md;
}
