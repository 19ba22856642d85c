/**
 * What each Upstart stanza becomes, with a sample job and the lines it must produce. The table is
 * rendered into docs/mapping.md, and a test converts every sample and checks the lines, so the
 * published mapping cannot drift from what the converter does.
 */
import type { RuleId } from '../diagnostics/rules';

/** One row: a stanza, a sample job using it, the unit lines it yields, and the rules it may report. */
export interface StanzaRow {
  stanza: string;
  becomes: string;
  /** A complete job file exercising the stanza. */
  sample: string;
  /** Lines the converted .service (or its companion unit) must contain, for the default target. */
  yields: string[];
  rules: RuleId[];
}

const daemon = 'exec /usr/sbin/exampled --foreground\n';

/** Every stanza of Upstart 1.13 and what it becomes. */
export const STANZA_TABLE: readonly StanzaRow[] = [
  {
    stanza: 'description',
    becomes: 'Description= (% escaped)',
    sample: `description "100% example"\n${daemon}`,
    yields: ['Description=100%% example'],
    rules: [],
  },
  {
    stanza: 'author',
    becomes: 'a header comment',
    sample: `author "Jane <j@example.org>"\n${daemon}`,
    yields: ['# Author: Jane <j@example.org>'],
    rules: [],
  },
  {
    stanza: 'version',
    becomes: 'a header comment',
    sample: `version 1.2\n${daemon}`,
    yields: ['# Version: 1.2'],
    rules: [],
  },
  {
    stanza: 'usage',
    becomes: 'a header comment',
    sample: `usage "start example PORT=n"\n${daemon}`,
    yields: ['# Usage: start example PORT=n'],
    rules: [],
  },
  {
    stanza: 'emits',
    becomes: 'a header comment; jobs waiting for the event are told who emits it',
    sample: `emits example-ready\n${daemon}`,
    yields: ['# Emitted Upstart event: example-ready (no systemd equivalent)'],
    rules: ['convert/emits', 'convert/event-unknown'],
  },
  {
    stanza: 'exec',
    becomes:
      'ExecStart= with the argv Upstart spawned: ' +
      'direct when the line has no shell characters, else /bin/sh -e -c "exec …"; ' +
      'a bare program name is resolved under --root, left to systemd (≥ 239) or run through the shell',
    sample: 'exec /usr/sbin/exampled --port=80 "$OPTS"\n',
    yields: ['ExecStart=/bin/sh -e -c "exec /usr/sbin/exampled --port=80 \\"$$OPTS\\""'],
    rules: ['convert/exec-resolved', 'convert/exec-relative', 'convert/exec-via-shell'],
  },
  {
    stanza: 'script',
    becomes:
      'ExecStart=/bin/sh -e -c "…" with the de-indented text, ' +
      'or a helper script run as /bin/sh -e PATH (--scripts: by default when it is longer than one line); ' +
      'a script that only sources /etc/default/NAME and execs becomes EnvironmentFile= + a direct ExecStart=',
    sample: 'script\n  echo starting\n  exec /usr/sbin/exampled\nend script\n',
    yields: ['ExecStart=/bin/sh -e -c "echo starting\\nexec /usr/sbin/exampled"'],
    rules: [
      'convert/defaults-environment-file',
      'convert/defaults-kept-shell',
      'convert/upstart-command',
      'convert/upstart-events-variable',
    ],
  },
  {
    stanza: 'pre-start',
    becomes:
      'ExecStartPre= (its failure fails the start, as in Upstart); ' +
      'a pre-start that calls "stop; exit 0" becomes ExecCondition= (≥ 243) so the unit is skipped, not failed; ' +
      'in a job without main process it is ExecStart=',
    sample: `pre-start exec /bin/mkdir -p /run/example\n${daemon}`,
    yields: ['ExecStartPre=/bin/mkdir -p /run/example'],
    rules: ['convert/stop-idiom', 'convert/stop-idiom-fails-start', 'convert/abstract-job'],
  },
  {
    stanza: 'post-start',
    becomes: 'ExecStartPost=- (failure ignored, as in Upstart)',
    sample: `${daemon}post-start exec /usr/bin/example-ready\n`,
    yields: ['ExecStartPost=-/usr/bin/example-ready'],
    rules: [],
  },
  {
    stanza: 'pre-stop',
    becomes:
      'ExecStop=- guarded by [ -n "$MAINPID" ] ' +
      'so it only runs when a stop is requested while the main process lives ' +
      '(systemd also runs ExecStop= after a clean exit; Upstart does not)',
    sample: `${daemon}pre-stop exec /usr/bin/example-drain\n`,
    yields: ['ExecStop=-/bin/sh -e -c "[ -n \\"$$MAINPID\\" ] || exit 0\\nexec /usr/bin/example-drain"'],
    rules: ['convert/pre-stop-without-main'],
  },
  {
    stanza: 'post-stop',
    becomes: 'ExecStopPost= (also runs after a failed start and between restarts, as in Upstart)',
    sample: `${daemon}post-stop exec /bin/rm -f /run/example.sock\n`,
    yields: ['ExecStopPost=/bin/rm -f /run/example.sock'],
    rules: [],
  },
  {
    stanza: 'start on',
    becomes: '[Install] WantedBy= and [Unit] dependencies per event (see the event table)',
    sample: `start on runlevel [2345]\n${daemon}`,
    yields: ['WantedBy=multi-user.target'],
    rules: [
      'convert/event-approximated',
      'convert/event-unknown',
      'convert/event-unsupported',
      'convert/event-dead',
      'convert/not-enabled',
      'convert/job-event-outside-batch',
    ],
  },
  {
    stanza: 'stop on',
    becomes:
      'PartOf=/After=… per event; ' + 'runlevel [!2345] and friends need nothing (default Conflicts=shutdown.target)',
    sample: `start on started exampledb\nstop on stopping exampledb\n${daemon}`,
    yields: ['PartOf=exampledb.service', 'After=exampledb.service'],
    rules: ['convert/runlevel-stop'],
  },
  {
    stanza: 'manual',
    becomes: 'no [Install] section (the unit is only started by hand)',
    sample: `start on runlevel [2345]\nmanual\n${daemon}`,
    yields: ['Type=exec'],
    rules: ['convert/manual', 'convert/no-start-on'],
  },
  {
    stanza: 'task',
    becomes: 'Type=oneshot (the start finishes when the task does)',
    sample: 'task\nexec /usr/bin/example-migrate\n',
    yields: ['Type=oneshot'],
    rules: [],
  },
  {
    stanza: 'respawn',
    becomes:
      'Restart=always (Upstart respawned even after exit 0) and RestartSec=0 (Upstart respawned at once; ' +
      'systemd waits 100 ms by default) ' +
      "with Upstart's default limit written out: StartLimitBurst=11 in StartLimitIntervalSec=5; " +
      'a respawning task: Restart=on-failure',
    sample: `respawn\n${daemon}`,
    yields: ['Restart=always', 'RestartSec=0', 'StartLimitIntervalSec=5', 'StartLimitBurst=11'],
    rules: ['convert/respawning-task'],
  },
  {
    stanza: 'respawn limit',
    becomes:
      'StartLimitBurst=COUNT+1 (Upstart allows the first run plus COUNT respawns) ' +
      'and StartLimitIntervalSec=INTERVAL ([Service] StartLimitInterval= before systemd 230); ' +
      'unlimited or 0 → StartLimitIntervalSec=0',
    sample: `respawn\nrespawn limit 3 10\n${daemon}`,
    yields: ['StartLimitIntervalSec=10', 'StartLimitBurst=4'],
    rules: ['convert/respawn-limit-without-respawn'],
  },
  {
    stanza: 'normal exit',
    becomes: 'SuccessExitStatus= and, when respawning, RestartPreventExitStatus= (signals as SIGNAME)',
    sample: `respawn\nnormal exit 0 78 TERM\n${daemon}`,
    yields: ['SuccessExitStatus=0 78 SIGTERM', 'RestartPreventExitStatus=0 78 SIGTERM'],
    rules: ['convert/normal-exit-dropped'],
  },
  {
    stanza: 'expect',
    becomes:
      'fork/daemon → Type=forking (+ PIDFile= when the command line names one); ' +
      'stop → emulated with an ExecStartPost= that resumes the self-stopped daemon; ' +
      'none → Type=exec',
    sample: 'expect fork\nexec /usr/sbin/exampled --pidfile /run/example.pid\n',
    yields: ['Type=forking', 'PIDFile=/run/example.pid'],
    rules: ['convert/forking-no-pidfile', 'convert/expect-with-script', 'convert/expect-stop'],
  },
  {
    stanza: 'kill timeout',
    becomes: "TimeoutStopSec= (Upstart's default 5 is always written: systemd waits 90 s); 0 → 5 with a warning",
    sample: `kill timeout 30\n${daemon}`,
    yields: ['TimeoutStopSec=30'],
    rules: ['convert/kill-timeout-zero'],
  },
  {
    stanza: 'kill signal',
    becomes: 'KillSignal=SIGNAME',
    sample: `kill signal INT\n${daemon}`,
    yields: ['KillSignal=SIGINT'],
    rules: ['convert/signal-unknown'],
  },
  {
    stanza: 'reload signal',
    becomes: 'ExecReload=/bin/kill -SIGNAME $MAINPID (default HUP, as `initctl reload` sent)',
    sample: `reload signal USR1\n${daemon}`,
    yields: ['ExecReload=/bin/kill -USR1 $MAINPID'],
    rules: [],
  },
  {
    stanza: 'console',
    becomes:
      'log (default) → the journal; ' +
      'none → StandardOutput=null StandardError=null; ' +
      'output → tty on /dev/console (stdin file:/dev/console from 236); ' +
      'owner → StandardInput=tty-force',
    sample: `console none\n${daemon}`,
    yields: ['StandardOutput=null', 'StandardError=null'],
    rules: ['convert/console-log', 'convert/console-output-stdin'],
  },
  {
    stanza: 'env',
    becomes: 'Environment="K=V" (literal, last value wins); env K → PassEnvironment=K with a warning',
    sample: `env GREETING="hello $USER"\n${daemon}`,
    yields: ['Environment="GREETING=hello $USER"'],
    rules: ['convert/env-pass'],
  },
  {
    stanza: 'export',
    becomes: 'nothing (only Upstart events carry it); a warning when another job matches on it',
    sample: `export PORT\n${daemon}`,
    yields: ['Type=exec'],
    rules: ['convert/export-consumed', 'convert/export-unused'],
  },
  {
    stanza: 'instance',
    becomes:
      'a template unit NAME@.service with VAR=%I (the instance name unescaped) for `instance $VAR`; ' +
      'other templates → UPSTART_INSTANCE=%I with a warning; DefaultInstance= when start on names the instance',
    sample: `instance $QUEUE\n${daemon}`,
    yields: ['Environment=QUEUE=%I'],
    rules: [
      'convert/instance-template',
      'convert/instance-complex',
      'convert/instance-constant',
      'convert/template-default-instance',
      'convert/template-no-default-instance',
    ],
  },
  {
    stanza: 'umask',
    becomes: 'UMask=',
    sample: `umask 027\n${daemon}`,
    yields: ['UMask=0027'],
    rules: [],
  },
  {
    stanza: 'nice',
    becomes: 'Nice=',
    sample: `nice 10\n${daemon}`,
    yields: ['Nice=10'],
    rules: [],
  },
  {
    stanza: 'oom',
    becomes: 'OOMScoreAdjust= (the old -17..15 scale converted as Upstart did: -5 → -294)',
    sample: `oom -5\n${daemon}`,
    yields: ['OOMScoreAdjust=-294'],
    rules: [],
  },
  {
    stanza: 'limit',
    becomes: 'LimitRESOURCE=SOFT:HARD (unlimited → infinity; one value when equal)',
    sample: `limit nofile 4096 65536\nlimit core unlimited unlimited\n${daemon}`,
    yields: ['LimitNOFILE=4096:65536', 'LimitCORE=infinity'],
    rules: [],
  },
  {
    stanza: 'chroot',
    becomes: 'RootDirectory=',
    sample: `chroot /srv/jail\n${daemon}`,
    yields: ['RootDirectory=/srv/jail'],
    rules: [],
  },
  {
    stanza: 'chdir',
    becomes: 'WorkingDirectory=',
    sample: `chdir /var/lib/example\n${daemon}`,
    yields: ['WorkingDirectory=/var/lib/example'],
    rules: [],
  },
  {
    stanza: 'setuid',
    becomes:
      'User= (all processes, as in Upstart); without setgid a warning: Upstart kept root as a supplementary group',
    sample: `setuid example\nsetgid example\n${daemon}`,
    yields: ['User=example', 'Group=example'],
    rules: ['convert/setuid-root-group'],
  },
  {
    stanza: 'setgid',
    becomes: 'Group=',
    sample: `setgid adm\n${daemon}`,
    yields: ['Group=adm'],
    rules: [],
  },
  {
    stanza: 'apparmor',
    becomes:
      'load P → ExecStartPre=-/sbin/apparmor_parser -r -W P; ' +
      'switch N → AppArmorProfile=N (then confining every process, not only main)',
    sample: `apparmor switch /usr/sbin/exampled\n${daemon}`,
    yields: ['AppArmorProfile=/usr/sbin/exampled'],
    rules: ['convert/apparmor-switch', 'convert/apparmor-switch-variable'],
  },
  {
    stanza: 'cgroup',
    becomes:
      'memory limit_in_bytes → MemoryMax= (MemoryLimit= before 231); ' +
      'cpu shares → CPUWeight= (CPUShares= before 234); ' +
      'others dropped with a warning',
    sample: `cgroup memory $UPSTART_CGROUP limit_in_bytes 52428800\n${daemon}`,
    yields: ['MemoryMax=52428800'],
    rules: ['convert/cgroup', 'convert/cgroup-controller'],
  },
  {
    stanza: 'debug',
    becomes: 'dropped with a note (no equivalent)',
    sample: `debug\n${daemon}`,
    yields: ['Type=exec'],
    rules: ['convert/debug'],
  },
];
