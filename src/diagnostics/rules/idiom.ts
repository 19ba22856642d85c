/** The idiom/… rules: shell idioms of a job's scripts lifted into native settings (docs/idioms.md), or kept. */
import type { FamilyRules } from './spec';

/** The idiom/… rules, by id. */
export const IDIOM_RULES = {
  'idiom/exec': {
    severity: 'info',
    summary:
      "The main process's script only ran its program (`exec $DAEMON $OPTS`, variables assigned in the script or by " +
      '`env`): ExecStart= now runs the program with the argv the shell gave it (docs/idioms.md#exec).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/start-stop-daemon': {
    severity: 'info',
    summary:
      '`exec start-stop-daemon --start [--chuid U[:G]] [--chdir D] [--nicelevel N] [--umask M] --exec B -- ARGS` ' +
      'became User=/Group=, WorkingDirectory=, Nice=, UMask= and ExecStart=B ARGS; User= also sets HOME, USER and ' +
      'LOGNAME, which --chuid left unset (docs/idioms.md#start-stop-daemon).',
    action: 'Nothing; the message names the settings. `--style faithful` keeps the script.',
  },
  'idiom/su': {
    severity: 'info',
    summary:
      "`exec su [-s SHELL] -c 'exec B ARGS' U` became User=U and ExecStart=B ARGS: su's initgroups gives the same " +
      "groups as User=; the daemon is now the main process, not su, stays in the unit's cgroup (no PAM session), " +
      'and SHELL comes from the passwd entry, not -s (docs/idioms.md#su).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/runuser': {
    severity: 'info',
    summary: '`exec runuser -u U -- B ARGS` became User=U and ExecStart=B ARGS (docs/idioms.md#runuser).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/sudo': {
    severity: 'info',
    summary:
      '`exec sudo -u U B ARGS` became User=U and ExecStart=B ARGS, for a job without environment variables ' +
      "(sudo's env_reset would have dropped them); LimitCORE=0 keeps sudo's core dumps off, and SHELL comes " +
      'from the passwd entry (docs/idioms.md#sudo).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/chpst': {
    severity: 'info',
    summary:
      '`exec chpst -u U[:G…] B ARGS` became User=/Group=/SupplementaryGroups=, where the host shows that U belongs ' +
      'to no other group (chpst sets only the groups it names) (docs/idioms.md#chpst-and-setuidgid).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/setuidgid': {
    severity: 'info',
    summary:
      '`exec setuidgid U B ARGS` became User=U, where the host shows that U belongs to no other group ' +
      '(docs/idioms.md#chpst-and-setuidgid).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/nice': {
    severity: 'info',
    summary: "`exec nice -n N B ARGS` became Nice= (the job's nice plus N) and ExecStart=B ARGS (docs/idioms.md#nice).",
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/condition': {
    severity: 'info',
    summary:
      '`[ -x B ] || exit 0` (`test`, `-e`, `-f`, `-d`, `!`) at the head of the main script became ' +
      'ConditionFileIsExecutable= / ConditionPathExists= / ConditionPathIsDirectory=: the unit is skipped ' +
      '(inactive, not failed) where the script ended cleanly, for a job that did not respawn on exit 0 ' +
      '(docs/idioms.md#conditions).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/runtime-directory': {
    severity: 'info',
    summary:
      "`mkdir -p /run/X` (`/var/run/X`), with `chown`/`chmod` matching the unit's User=/Group=, became " +
      'RuntimeDirectory=X (RuntimeDirectoryMode=); systemd removes it at stop unless another job shares it ' +
      '(RuntimeDirectoryPreserve=yes) (docs/idioms.md#runtime-directory).',
    action: 'Nothing, unless something outside the job expects the directory to outlive the service.',
  },
  'idiom/working-directory': {
    severity: 'info',
    summary: '`cd DIR` in the main script became WorkingDirectory=DIR (docs/idioms.md#working-directory).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/limit': {
    severity: 'info',
    summary:
      '`ulimit -n N` (and -c, -s, -f, -d, -m, -l, -p, -v, -t, -w, -r) became Limit…=N, soft and hard as dash sets ' +
      'them (docs/idioms.md#limits).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/environment': {
    severity: 'info',
    summary:
      '`export A=B` (or `A=B` then `export A`) became Environment=A=B, for a job whose other processes the ' +
      'unit-wide setting cannot change (docs/idioms.md#environment).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/output': {
    severity: 'info',
    summary:
      '`exec >>LOG 2>&1` became StandardOutput=append:LOG and StandardError=inherit (systemd 240+); `exec >LOG` ' +
      'became truncate:LOG (248+) (docs/idioms.md#output).',
    action: 'Nothing; `--style faithful` keeps the script.',
  },
  'idiom/environment-file': {
    severity: 'info',
    summary:
      '`. /etc/default/X` (or `[ -r X ] && . X`) became EnvironmentFile=[-]X, where the file under --root holds ' +
      'only assignments systemd reads as sh does; later commands are folded with its values ' +
      '(docs/idioms.md#environment-file).',
    action: 'Reconvert after changing the file: the values folded into ExecStart= are those under --root.',
  },
  'idiom/kept': {
    severity: 'info',
    summary:
      'A script looks like an idiom the pass lifts, but it could not prove the lifted form equivalent; the script ' +
      'stays as the converter wrote it. The message names the idiom, the script line and the reason.',
    action: 'Nothing, or rewrite the job so the idiom stands alone (docs/idioms.md#kept).',
  },
} as const satisfies FamilyRules<'idiom'>;
