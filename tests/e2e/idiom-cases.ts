/**
 * The idiom jobs of tests/e2e/idioms (one per shell or event idiom issue 14 lists) and the differences
 * between their faithful and native units that are allowed, each with its reason. Plain data: the
 * e2e scenario (idioms.e2e.test.ts) and the unit test tests/convert/idiom-fixtures.test.ts both read it.
 */
import type { Behaviour } from './probes';

/** One idiom job: what it exercises, the probe it runs, and the files it writes. */
export interface IdiomCase {
  /** the job (tests/e2e/idioms/etc/init/JOB.conf) and its unit, JOB.service */
  job: string;
  /** the idiom, as the issue spells it */
  idiom: string;
  /** basename of the program the job runs (a probe under /usr/sbin), or null when nothing may run */
  program: string | null;
  /** paths whose owner, mode and type are compared while the unit runs and after it stopped */
  files?: string[];
  /** what the probe does (default: record, then run until stopped) */
  behaviour?: Behaviour;
  /** the unit ends by itself (a failed guard, a crash loop): compare its settled state instead */
  ends?: boolean;
  /** started by a boot daemon's event: compare what a boot pulls in and the ordering on the daemon */
  bootDaemon?: string;
}

/** The user the identity idioms switch to (primary group of its own, and one supplementary group). */
export const IDIOM_USER = 'u2sidiom';
export const IDIOM_EXTRA_GROUP = 'u2sidiomx';

/** Every idiom job, in the order of the list. */
export const IDIOM_CASES: readonly IdiomCase[] = [
  { job: 'idiom-ssd', idiom: 'exec start-stop-daemon --start --chuid U:G --exec B -- ARGS', program: 'u2s-idiom-ssd' },
  { job: 'idiom-su', idiom: "exec su -s /bin/sh -c 'exec B ARGS' U", program: 'u2s-idiom-su' },
  { job: 'idiom-sudo', idiom: 'exec sudo -u U B ARGS', program: 'u2s-idiom-sudo' },
  { job: 'idiom-runuser', idiom: 'exec runuser -u U -- B ARGS', program: 'u2s-idiom-runuser' },
  { job: 'idiom-chpst', idiom: 'exec chpst -u U B ARGS (runit)', program: 'u2s-idiom-chpst' },
  { job: 'idiom-setuidgid', idiom: 'exec setuidgid U B ARGS (daemontools)', program: 'u2s-idiom-setuidgid' },
  { job: 'idiom-daemon-var', idiom: 'DAEMON=B; OPTS=…; exec $DAEMON $OPTS', program: 'u2s-idiom-var' },
  { job: 'idiom-default', idiom: '. /etc/default/X; exec B $OPTS', program: 'u2s-idiom-default' },
  { job: 'idiom-guard-x', idiom: '[ -x B ] || exit 0; exec B (B present)', program: 'u2s-idiom-guardx' },
  { job: 'idiom-guard-x-absent', idiom: '[ -x B ] || exit 0; exec B (B missing)', program: null, ends: true },
  {
    job: 'idiom-stop-guard',
    idiom: 'pre-start: test -f CONF || { stop; exit 0; } (CONF present)',
    program: 'u2s-idiom-stopguard',
  },
  {
    job: 'idiom-stop-guard-absent',
    idiom: 'pre-start: test -f CONF || { stop; exit 0; } (CONF missing)',
    program: 'u2s-idiom-stopguard-absent',
    ends: true,
  },
  {
    job: 'idiom-rundir',
    idiom: 'pre-start: mkdir -p /var/run/X; chown U:G /var/run/X',
    program: 'u2s-idiom-rundir',
    files: ['/run/u2s-idiom-rundir'],
  },
  { job: 'idiom-cd', idiom: 'cd DIR; exec B', program: 'u2s-idiom-cd' },
  { job: 'idiom-ulimit', idiom: 'ulimit -n N; exec B', program: 'u2s-idiom-ulimit' },
  { job: 'idiom-export', idiom: 'export A=B; exec B', program: 'u2s-idiom-export' },
  {
    job: 'idiom-log',
    idiom: 'exec >>LOG 2>&1; exec B',
    program: 'u2s-idiom-log',
    files: ['/var/log/u2s-idiom/daemon.log'],
  },
  { job: 'idiom-null', idiom: 'exec B ARGS >/dev/null 2>&1', program: 'u2s-idiom-null' },
  {
    job: 'idiom-log-final',
    idiom: 'cd DIR; exec B ARGS >>LOG 2>&1',
    program: 'u2s-idiom-logfinal',
    files: ['/var/log/u2s-idiom/final.log'],
  },
  { job: 'idiom-nice', idiom: 'exec nice -n N B', program: 'u2s-idiom-nice' },
  { job: 'idiom-dbus', idiom: 'start on started dbus', program: 'u2s-idiom-dbus', bootDaemon: 'dbus.service' },
  {
    job: 'idiom-respawn',
    idiom: 'respawn, respawn limit 2 10; cd DIR; export A=B; exec B, B exiting 3',
    program: 'u2s-idiom-respawn',
    behaviour: { exit_after: 0.2, exit_code: 3 },
    ends: true,
  },
];

/**
 * A difference allowed between the faithful and the native unit of an idiom: the fact (a field of
 * the comparison, e.g. `env.PWD`, matched whole by `field`), why it is by design, and the heading of
 * docs/idioms.md ("Proven under systemd") that says so. `jobs` limits it to some idioms (default: all).
 */
export interface AllowedDifference {
  field: RegExp;
  jobs?: readonly string[];
  reason: string;
  /** the exact text of its bullet's bold lead in docs/idioms.md */
  doc: string;
}

/** The differences the lifts may make, each documented in docs/idioms.md under "Proven under systemd". */
export const ALLOWED_DIFFERENCES: readonly AllowedDifference[] = [
  {
    field: /^env\.(PWD|OLDPWD)$/,
    reason:
      'dash exports PWD (and OLDPWD after cd); a unit that runs the program directly has neither ' +
      '(the folder itself is compared as cwd)',
    doc: 'PWD',
  },
  {
    field: /^env\.(SUDO_COMMAND|SUDO_USER|SUDO_UID|SUDO_GID|MAIL|TERM|INVOCATION_ID|JOURNAL_STREAM|SYSTEMD_EXEC_PID)$/,
    jobs: ['idiom-sudo'],
    reason:
      "sudo's own variables for the command it runs, and systemd's per-run ones its env_reset dropped; " +
      'User= sets HOME, USER, LOGNAME and SHELL only',
    doc: 'sudo variables',
  },
  {
    field: /^env\.(HOME|USER|LOGNAME)$/,
    jobs: ['idiom-ssd'],
    reason:
      'start-stop-daemon --chuid changes only the uid and groups: the daemon kept the environment Upstart gave, ' +
      "which has no HOME, USER or LOGNAME; User= sets them from the user's passwd entry",
    doc: 'login variables',
  },
  {
    field: /^env\.SHELL$/,
    jobs: ['idiom-su', 'idiom-sudo'],
    reason:
      "su -s SHELL sets SHELL to that shell and sudo to the user's login shell; User= sets it from the passwd " +
      'entry too, but leaves it unset when that shell is a nologin placeholder (as for the fixture user)',
    doc: 'SHELL',
  },
  {
    field: /^env\.JOURNAL_STREAM$/,
    jobs: ['idiom-log', 'idiom-log-final', 'idiom-null'],
    reason:
      'systemd sets JOURNAL_STREAM only when stdout or stderr is the journal; after `exec >>LOG` or `>/dev/null` ' +
      'it was stale',
    doc: 'JOURNAL_STREAM',
  },
  {
    field: /^(cgroup|env\.(XDG_\w+|DBUS_SESSION_BUS_ADDRESS|MAIL))$/,
    jobs: ['idiom-su'],
    reason:
      "su's PAM session (pam_systemd) moves the daemon into a logind session scope, out of the unit's cgroup, " +
      'and sets the session variables (XDG_*, DBUS_SESSION_BUS_ADDRESS, MAIL); with User= it stays in the unit',
    doc: 'su session scope',
  },
  {
    field: /^(mainIsProgram|stop\.signals)$/,
    jobs: ['idiom-su', 'idiom-sudo', 'idiom-runuser'],
    reason:
      'su, sudo and runuser fork and wait for the daemon (to close their PAM session), so the main process was ' +
      'the tool, which relayed the stop signal; with User= the daemon is the main process and gets it directly',
    doc: 'main process',
  },
  {
    field: /^after-stop:\/run\/u2s-idiom-rundir$/,
    jobs: ['idiom-rundir'],
    reason: 'RuntimeDirectory= is removed when the unit stops (unless RuntimeDirectoryPreserve=); mkdir -p left it',
    doc: 'RuntimeDirectory removed at stop',
  },
];

/** The allowance that covers a differing field of an idiom, if any. */
export function allowanceFor(job: string, field: string): AllowedDifference | undefined {
  return ALLOWED_DIFFERENCES.find((a) => a.field.test(field) && (!a.jobs || a.jobs.includes(job)));
}
