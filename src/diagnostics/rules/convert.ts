/** The convert/… rules: what mapping a job to systemd units changes, approximates or cannot express. */
import type { FamilyRules } from './spec';

/** The convert/… rules, by id. */
export const CONVERT_RULES = {
  'convert/abstract-job': {
    severity: 'info',
    summary:
      'The job has no main process: a Type=oneshot unit (RemainAfterExit=yes for a service) runs pre-start on start ' +
      'and post-stop on stop.',
    action: 'Nothing; check that "active" without a process is what you expect.',
  },
  'convert/apparmor-switch': {
    severity: 'info',
    summary: '`apparmor switch` confined only the main process; AppArmorProfile= confines every process of the unit.',
    action: 'Check that the profile allows the pre-start/post-stop commands.',
  },
  'convert/apparmor-switch-variable': {
    severity: 'warning',
    summary:
      'The `apparmor switch` profile name contains `$`: Upstart expanded it from the job environment; systemd does ' +
      'not.',
    action: 'Write the profile name without variables.',
  },
  'convert/control-characters': {
    severity: 'warning',
    summary:
      "A description, author, version, usage or emits stanza, or the job's file name, holds control characters " +
      'or line separators; they are shown as escapes (\\r, \\n, \\x1b) in Description= and the header comments, ' +
      'where a line break would end the line.',
    action: 'Remove them from the job.',
  },
  'convert/cgroup': {
    severity: 'warning',
    summary:
      'A `cgroup` setting has no resource-control equivalent and is dropped (memory limit_in_bytes and cpu shares ' +
      'are mapped).',
    action: 'Set the matching systemd.resource-control directive by hand.',
  },
  'convert/cgroup-controller': {
    severity: 'info',
    summary:
      'A `cgroup` stanza without settings: systemd puts every unit in its own cgroup already, so nothing is ' +
      'converted.',
    action: 'Nothing.',
  },
  'convert/console-log': {
    severity: 'info',
    summary: 'Output that went to /var/log/upstart/JOB.log now goes to the journal.',
    action: 'Read it with journalctl -u UNIT; adjust log shipping.',
  },
  'convert/console-output-stdin': {
    severity: 'info',
    summary: '`console output` on systemd < 236: stdin is /dev/null instead of the console.',
    action: 'Target systemd 236+ if the job reads the console.',
  },
  'convert/debug': {
    severity: 'info',
    summary: '`debug` has no systemd equivalent and is dropped.',
    action: 'Nothing, unless you debugged with it.',
  },
  'convert/defaults-environment-file': {
    severity: 'info',
    summary:
      'A main script that only sources /etc/default files and execs the daemon became EnvironmentFile= plus a direct ' +
      'ExecStart=.',
    action: 'Nothing; the defaults file keeps working.',
  },
  'convert/defaults-kept-shell': {
    severity: 'info',
    summary:
      'A script sourcing a defaults file stays a shell script, for the reason given (not plain assignments, unknown ' +
      'without --root, extra logic).',
    action: 'Nothing; give --root or simplify the defaults file to get EnvironmentFile=.',
  },
  'convert/emits': {
    severity: 'info',
    summary: '`emits` documents an Upstart event the job sends; systemd has no events.',
    action: 'Make the emitter start the waiting units directly.',
  },
  'convert/env-pass': {
    severity: 'warning',
    summary:
      "`env KEY` took KEY from init's own environment; PassEnvironment=KEY takes it from systemd's, which differs.",
    action: 'Set the value with Environment= or DefaultEnvironment=.',
  },
  'convert/env-dropped': {
    severity: 'warning',
    summary:
      'An `env` stanza systemd would ignore is left out: its name is not one systemd accepts (letters, digits and ' +
      '_, not starting with a digit, e.g. FOO-BAR or =x). (A value with control characters a target before 248 ' +
      'refuses is dropped by the target pass, target/unsupported.)',
    action: 'Rename the variable, or set it inside the command (env NAME=value in a script).',
  },
  'convert/event-approximated': {
    severity: 'warning',
    summary:
      'An event condition was mapped to the closest systemd construct (★ in mapping.md), with the difference stated.',
    action: 'Read the message; check the ordering/trigger is acceptable.',
  },
  'convert/event-dead': {
    severity: 'warning',
    summary: 'A condition that never matched under Upstart ($VAR in start on, an event named with $).',
    action: 'Decide what should start the unit and add WantedBy= by hand.',
  },
  'convert/event-unknown': {
    severity: 'warning',
    summary:
      'A custom event (from `initctl emit`) that no job of the batch emits from a script; its declared emitters are ' +
      'named, and in `start on` its target (upstart-event-NAME.target, `convert/event-target`) stands in for it.',
    action: 'Make whatever emitted it run systemctl start upstart-event-NAME.target (or start the unit) instead.',
  },
  'convert/event-unsupported': {
    severity: 'warning',
    summary:
      'A known Upstart/Ubuntu event with no unit-file equivalent (device, session, D-Bus, failsafe, rotate-logs…).',
    action: 'Follow the hint (udev rule, timer, user unit…).',
  },
  'convert/exec-relative': {
    severity: 'info',
    summary: 'A program without a path is left to systemd (≥ 239), which searches its own PATH.',
    action: 'Give --root to resolve it to an absolute path.',
  },
  'convert/exec-resolved': {
    severity: 'info',
    summary: "A program without a path was resolved to an absolute path under --root along the job's PATH.",
    action: 'Nothing.',
  },
  'convert/exec-via-shell': {
    severity: 'warning',
    summary:
      "A program could not be resolved to an absolute path, so the unit runs it through /bin/sh -e -c 'exec …' " +
      '(same argv; PATH searched by the shell).',
    action: 'Give --root, or write the absolute path.',
  },
  'convert/expect-stop': {
    severity: 'warning',
    summary:
      '`expect stop` is emulated with an ExecStartPost= that waits for the daemon to stop itself and resumes it.',
    action: 'Better: make the daemon notify readiness (Type=notify).',
  },
  'convert/expect-with-script': {
    severity: 'warning',
    summary:
      "`expect fork/daemon` with a multi-command script: Upstart tracked the shell's forks, possibly not the daemon.",
    action: 'Check the main PID; prefer a PIDFile=.',
  },
  'convert/export-consumed': {
    severity: 'warning',
    summary: "Another job matched on an `export`ed variable of this job's events, which systemd does not have.",
    action: 'Share the value another way (a common EnvironmentFile=).',
  },
  'convert/export-unused': {
    severity: 'info',
    summary: '`export` only affected Upstart events and nothing in the batch uses it.',
    action: 'Nothing.',
  },
  'convert/file-event-unclear': {
    severity: 'warning',
    summary: 'A `file` event without a FILE to watch; no .path unit.',
    action: 'Write the .path unit by hand.',
  },
  'convert/forking-no-pidfile': {
    severity: 'info',
    summary: 'Type=forking without PIDFile=: systemd guesses the main PID.',
    action: 'Add PIDFile= if the daemon writes one.',
  },
  'convert/instance-complex': {
    severity: 'warning',
    summary:
      'An instance template with several variables: the template unit only gets the whole instance string ' +
      '(UPSTART_INSTANCE=%i).',
    action: 'Set the variables per instance with drop-ins.',
  },
  'convert/activation-instance': {
    severity: 'info',
    summary:
      'An instance job started by a socket or file event: the .socket/.path unit starts the one instance the event ' +
      'named (`Service=`/`Unit=NAME@INSTANCE.service`).',
    action: 'Nothing; other instances are started by hand.',
  },
  'convert/activation-instance-unknown': {
    severity: 'warning',
    summary:
      'An instance job started by a socket or file event whose instance name uses a variable neither the event nor ' +
      '`env` sets: Upstart could not start it from the event, so no .socket/.path unit is written.',
    action: 'Name the instance from the event (PORT, SOCKET_PATH, FILE…) or start instances by hand.',
  },
  'convert/ordering-cycle': {
    severity: 'warning',
    summary:
      "The After=/Before= derived from several jobs' events form a loop, which systemd would break at boot by " +
      'dropping a start job of its choosing; the least-backed ordering (one no `start on` pulls in) is left out.',
    action:
      "Check the jobs' start on / stop on; put the ordering back in a drop-in if it matters more than another of " +
      'the loop.',
  },
  'convert/event-variable': {
    severity: 'warning',
    summary:
      'A process reads a variable Upstart took from the event that started the job (RUNLEVEL, MOUNTPOINT, IFACE, ' +
      'JOB…) and `start on` does not fix its value, or pre-stop/post-stop read one of the event that stopped it ' +
      '(`stop on`); under systemd it is empty or the `env` default.',
    action: 'Set the variable with Environment= (or a drop-in) to what the service needs, or compute it in the script.',
  },
  'convert/event-variable-set': {
    severity: 'info',
    summary:
      'A process reads an event variable whose value every way the job starts names (`start on mounted ' +
      'MOUNTPOINT=/srv`); the unit sets it with Environment=.',
    action: 'Nothing.',
  },
  'convert/script-too-long': {
    severity: 'warning',
    summary:
      "A script (with the job-control shim, if any) is longer than one unit-file line of the target's systemd holds " +
      '(2047 characters before v235); it is written as a helper script although --scripts inline was given.',
    action: 'Install the helper script at the path the unit runs it from (--script-dir) with the unit.',
  },
  'convert/event-emitted': {
    severity: 'info',
    summary:
      "A job starts (or stops) on a custom event other jobs of the batch emit with `initctl emit`: the emitters' " +
      'systemctl shim starts (or stops) this unit there and waits for it as the emit did (unless ' +
      '`convert/emit-no-block`); for `start on`, the event target pulls it in for other emitters.',
    action: 'Nothing; convert the emitters together with this job.',
  },
  'convert/instance-constant': {
    severity: 'info',
    summary: 'An `instance` without variables allows one instance only; converted as a plain unit.',
    action: 'Nothing.',
  },
  'convert/instance-template': {
    severity: 'info',
    summary: 'An instance job became a template unit NAME@.service with VAR=%i.',
    action: 'Start instances with systemctl start NAME@VALUE.service.',
  },
  'convert/invalid-value': {
    severity: 'error',
    summary:
      'A value of the job is one systemd refuses or reads differently, and there is no faithful way to write it: a ' +
      'line break in chdir, chroot, setuid, setgid or apparmor switch; a path with a ".." component or a trailing ' +
      'blank; a user or group name systemd 252 refuses (":", "/", ".", all digits, control characters).',
    action: 'Fix the stanza at the reported place (in the .override when it came from there).',
  },
  'convert/job-event-outside-batch': {
    severity: 'info',
    summary: 'A job event names a job that is not part of this conversion; its unit name is assumed.',
    action: 'Convert that job too, or check the unit name.',
  },
  'convert/identity-variable': {
    severity: 'warning',
    summary:
      'setuid/setgid contains `$`: Upstart looked the name up literally (no expansion), so the job never spawned.',
    action: 'Write the real user or group name.',
  },
  'convert/kill-timeout-zero': {
    severity: 'warning',
    summary: '`kill timeout 0` crashed Upstart and means "forever" to systemd; TimeoutStopSec=5 is used.',
    action: 'Choose a real timeout.',
  },
  'convert/manual': {
    severity: 'info',
    summary: '`manual`: the unit has no [Install] section.',
    action: 'Start it by hand, or add WantedBy= if it should start at boot.',
  },
  'convert/no-start-on': {
    severity: 'info',
    summary: 'No `start on`: the job was started by hand or by other jobs; no [Install] section.',
    action: 'Nothing.',
  },
  'convert/normal-exit-dropped': {
    severity: 'warning',
    summary: 'A `normal exit` value that is neither a status nor a signal is dropped.',
    action: 'Fix the job.',
  },
  'convert/not-enabled': {
    severity: 'warning',
    summary: 'Nothing in `start on` maps to a unit or target, so the unit is never started automatically.',
    action: 'Add WantedBy= once you know what should start it.',
  },
  'convert/pre-stop-without-main': {
    severity: 'info',
    summary: 'A pre-stop in a job without a main process never ran and is dropped.',
    action: 'Nothing.',
  },
  'convert/respawn-limit-without-respawn': {
    severity: 'info',
    summary: '`respawn limit` without `respawn` had no effect.',
    action: 'Nothing.',
  },
  'convert/respawn-without-main': {
    severity: 'info',
    summary: '`respawn` in a job without a main process had nothing to respawn; no Restart=.',
    action: 'Nothing.',
  },
  'convert/respawning-task': {
    severity: 'warning',
    summary:
      'A respawning task on systemd < 244 (no Restart= with Type=oneshot) runs as Type=simple: the start returns ' +
      'before the task finishes.',
    action: 'Target systemd 244+.',
  },
  'convert/runlevel-stop': {
    severity: 'info',
    summary: "`stop on runlevel [!$RUNLEVEL]` — stop when the runlevel changes — is systemd's default behaviour.",
    action: 'Nothing.',
  },
  'convert/setuid-root-group': {
    severity: 'warning',
    summary: '`setuid` without `setgid`: Upstart kept root as a supplementary group; User= does not.',
    action: 'Add SupplementaryGroups=root only if the job needs it.',
  },
  'convert/unknown-user': {
    severity: 'warning',
    summary:
      '`setuid USER`: the host `collect` ran on has no such user (/etc/passwd); Upstart could not start the job ' +
      'there, and the unit fails (status 217/USER) wherever the user is missing.',
    action:
      'Create the user on the target (adduser --system, sysusers.d), or fix the name; ignore if it comes from LDAP/NIS.',
  },
  'convert/unknown-group': {
    severity: 'warning',
    summary:
      '`setgid GROUP`: the host `collect` ran on has no such group (/etc/group); Upstart could not start the job ' +
      'there, and the unit fails (status 216/GROUP) wherever the group is missing.',
    action:
      'Create the group on the target (addgroup --system, sysusers.d), or fix the name; ignore if it comes from LDAP/NIS.',
  },
  'convert/signal-unknown': {
    severity: 'warning',
    summary: 'A kill/reload signal number systemd does not know is dropped.',
    action: 'Use a signal name.',
  },
  'convert/socket-activation': {
    severity: 'warning',
    summary:
      'A `start on socket` job became a .socket unit; the daemon gets the listening socket as fd 3 with ' +
      'UPSTART_FDS=3.',
    action: 'Check the daemon reads UPSTART_FDS (or LISTEN_FDS); enable the .socket unit.',
  },
  'convert/socket-unclear': {
    severity: 'warning',
    summary: 'A `socket` event without a usable address; no .socket unit.',
    action: 'Write the .socket unit by hand.',
  },
  'convert/stop-idiom': {
    severity: 'info',
    summary: 'A pre-start that calls `stop; exit 0` runs as ExecCondition=: the unit is skipped, not failed.',
    action: 'Nothing.',
  },
  'convert/stop-idiom-fails-start': {
    severity: 'warning',
    summary:
      'A pre-start that calls `stop; exit 0` on systemd < 243 (no ExecCondition=): the unit fails instead of being ' +
      'skipped.',
    action: 'Target systemd 243+ or use a Condition…= directive.',
  },
  'convert/template-default-instance': {
    severity: 'info',
    summary:
      "An enabled instance job's `start on` names its instance (a literal for the instance variable, or its env " +
      'default): DefaultInstance= makes `systemctl enable NAME@.service` enable that instance.',
    action: 'Nothing.',
  },
  'convert/template-no-default-instance': {
    severity: 'info',
    summary:
      "An enabled instance job's instance name came from the event that started it: no DefaultInstance=, so only " +
      'instances can be enabled, by name (enabling NAME@.service itself fails: "non-template unit").',
    action: 'Enable each instance: systemctl enable "$(systemd-escape --template NAME@.service VALUE)".',
  },
  'convert/event-and-requisite': {
    severity: 'warning',
    summary:
      '`start on started A and started B`: pulled in by both, ordered after both, and Requisite= both, so it starts ' +
      'only once both are active; the message names what still differs (stopped with them, refused by hand).',
    action: 'Read the message; drop Requisite= if the unit may run with only one of them.',
  },
  'convert/event-target': {
    severity: 'info',
    summary:
      'A custom event the job starts on became a target (upstart-event-NAME.target) the unit is wanted by: ' +
      '`systemctl start upstart-event-NAME.target` does what `initctl emit NAME` did.',
    action: 'Tell operators and scripts outside the conversion to start the target instead of emitting the event.',
  },
  'convert/emit-no-block': {
    severity: 'warning',
    summary:
      '`initctl emit` in a script does not wait for the jobs it starts (systemctl --no-block): they are ordered around ' +
      'the emitting unit, and waiting for them inside its start or stop job would deadlock (or `--no-wait` said so).',
    action: 'Nothing, unless the script relies on the started job being up; then move the emit to the main process.',
  },
  'convert/on-failure': {
    severity: 'info',
    summary:
      '`start on stopped A RESULT=failed` (or EXIT_STATUS=/EXIT_SIGNAL=): OnFailure= in the unit of A starts this ' +
      'unit when A fails; it is not pulled in at boot.',
    action: 'Nothing.',
  },
  'convert/on-failure-outside-batch': {
    severity: 'warning',
    summary:
      '`start on stopped A RESULT=failed` for a job A that is not part of the conversion: A needs OnFailure= this ' +
      'unit, which only a drop-in for A can add.',
    action: 'Add the drop-in the message shows (systemctl edit A.service).',
  },
  'convert/on-failure-status': {
    severity: 'warning',
    summary:
      'EXIT_STATUS=/EXIT_SIGNAL= on `stopped A`: checked by an ExecCondition= that reads how the main process of A ' +
      'ended (systemctl show), or not at all before systemd 243; the message says which.',
    action: 'Read the message.',
  },
  'convert/unit-name-collision': {
    severity: 'error',
    summary: 'Two jobs become the same unit file; neither is written.',
    action: 'Rename one job.',
  },
  'convert/unit-name-escaped': {
    severity: 'info',
    summary: 'The job name had characters unit names cannot hold; they are escaped as \\xNN.',
    action: 'Nothing; refer to the unit by its escaped name.',
  },
  'convert/user-nobody': {
    severity: 'warning',
    summary:
      "The job ran as nobody; systemd flags User=nobody as unsafe (services sharing nobody can touch each other's " +
      'files).',
    action: 'Use a dedicated user or --profile dynamic-user.',
  },
  'convert/upstart-command': {
    severity: 'warning',
    summary:
      "A script runs an initctl command with no systemd equivalent (set-env, notify-…): the unit's shell function " +
      'prints a note and succeeds.',
    action: 'Rewrite the line for systemd.',
  },
  'convert/upstart-command-shim': {
    severity: 'info',
    summary:
      'A script (or exec) runs start/stop/restart/reload/status/initctl: shell functions of those names in the unit ' +
      'run them through systemctl with the unit the job became (`initctl emit` is ignored).',
    action: 'Nothing; rewrite with systemctl when convenient.',
  },
  'convert/user-session-job': {
    severity: 'warning',
    summary: 'The job follows a job of an Upstart user session (xsession-init, unity8…); a system unit cannot.',
    action: 'Convert it to a systemd user unit by hand.',
  },
  'convert/stop-timeout': {
    severity: 'info',
    summary:
      'systemd limits pre-stop and post-stop to TimeoutStopSec=; Upstart let them run to the end (jobs without a ' +
      'main process get TimeoutStopSec=infinity).',
    action: 'Raise TimeoutStopSec= if they take longer.',
  },
  'convert/kill-mode': {
    severity: 'info',
    summary: 'systemd signals every process of the unit on stop and restart; Upstart only the main process group.',
    action: 'Add KillMode=process if the daemon must keep detached children.',
  },
  'convert/relative-path': {
    severity: 'warning',
    summary:
      "`chdir` or `chroot` names a relative path: Upstart resolved it from init's working directory, /, and " +
      'systemd refuses a relative WorkingDirectory= or RootDirectory=, so the unit uses the path under /.',
    action: 'Write the absolute path in the job.',
  },
  'convert/replaced-by-systemd': {
    severity: 'warning',
    summary: "A job of Ubuntu's own Upstart boot (tty1, udev, mountall…) whose work a systemd unit already does.",
    action: 'Skip the job; configure the systemd unit named instead.',
  },
  'convert/distro-unit': {
    severity: 'info',
    summary: 'A job whose package ships its own unit on the target release (ssh, cron, mysql…); ours would replace it.',
    action: 'Diff against a target root, or write a drop-in (--mode dropin).',
  },
  'convert/pre-start-restart': {
    severity: 'info',
    summary:
      'For a respawning job, a failing pre-start makes systemd restart the unit up to its start limit; Upstart ' +
      'failed the job at once.',
    action: 'Use the stop; exit 0 idiom for checks that cannot succeed on retry.',
  },
  'convert/upstart-events-variable': {
    severity: 'warning',
    summary: 'A script reads UPSTART_EVENTS/UPSTART_STOP_EVENTS, which only Upstart sets.',
    action: 'Remove the dependency on it.',
  },
} as const satisfies FamilyRules<'convert'>;
