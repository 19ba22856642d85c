// The inputs of `npm run bench` (scripts/bench.js): N Upstart jobs of one realistic shape, and the
// same N services as Debian SysV init scripts (the /etc/init.d skeleton, LSB header, rc?.d links)
// for systemd-sysv-generator. Deterministic: job i is always the same text. No measurement here.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** Where Debian (and Ubuntu) install systemd's converter of SysV init scripts. */
const SYSV_GENERATOR = '/lib/systemd/system-generators/systemd-sysv-generator';

/** Words that service names, users, programs and paths are made of (cycled, with the index appended). */
const WORDS = [
  'ledger',
  'relay',
  'indexer',
  'mailer',
  'billing',
  'cache',
  'gateway',
  'scheduler',
  'thumbnailer',
  'metrics',
  'search',
  'queue',
  'auth',
  'reports',
  'sync',
  'notify',
  'uploader',
  'webhook',
  'importer',
  'exporter',
];

/** Service `i`: its name (unique), the user it runs as, its program, config file and runtime folder. */
function service(i) {
  const word = WORDS[i % WORDS.length];
  const name = `${word}-${i}`;
  return {
    name,
    user: word,
    daemon: `/usr/sbin/${word}d`,
    config: `/etc/${name}/${word}.conf`,
    rundir: `/var/run/${name}`,
    pidfile: `/var/run/${name}/${word}.pid`,
    description: `${word} service ${i}`,
  };
}

/**
 * The Upstart job of service `i`, the shape the issue names: `start on`, `respawn limit`, `setuid`,
 * `env`, a pre-start script that prepares the runtime folder, and an `exec` that uses the env.
 */
function upstartJob(i) {
  const s = service(i);
  return [
    `# ${s.name} - ${s.description}`,
    `description "${s.description}"`,
    'author "Operations <ops@example.com>"',
    '',
    'start on (local-filesystems and net-device-up IFACE!=lo)',
    'stop on runlevel [!2345]',
    '',
    'respawn',
    'respawn limit 10 5',
    '',
    `setuid ${s.user}`,
    `setgid ${s.user}`,
    '',
    `env DAEMON=${s.daemon}`,
    `env CONFIG=${s.config}`,
    `env RUNDIR=${s.rundir}`,
    '',
    'pre-start script',
    `    mkdir -p ${s.rundir}`,
    `    chown ${s.user}:${s.user} ${s.rundir}`,
    '    [ -r "$CONFIG" ] || { echo "missing $CONFIG"; exit 1; }',
    'end script',
    '',
    `exec ${s.daemon} --config $CONFIG --pidfile ${s.pidfile} --foreground`,
    '',
  ].join('\n');
}

/** The SysV init script of service `i`: Debian's /etc/init.d skeleton (LSB header, start-stop-daemon). */
function sysvScript(i) {
  const s = service(i);
  return `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${s.name}
# Required-Start:    $remote_fs $syslog $network
# Required-Stop:     $remote_fs $syslog $network
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: ${s.description}
# Description:       ${s.description}, run as ${s.user}
### END INIT INFO

# Author: Operations <ops@example.com>

PATH=/sbin:/usr/sbin:/bin:/usr/bin
DESC="${s.description}"
NAME=${s.name}
DAEMON=${s.daemon}
CONFIG=${s.config}
RUNDIR=${s.rundir}
DAEMON_ARGS="--config $CONFIG --pidfile ${s.pidfile} --foreground"
PIDFILE=${s.pidfile}
SCRIPTNAME=/etc/init.d/$NAME

[ -x "$DAEMON" ] || exit 0
[ -r /etc/default/$NAME ] && . /etc/default/$NAME
. /lib/init/vars.sh
. /lib/lsb/init-functions

do_start()
{
	mkdir -p $RUNDIR
	chown ${s.user}:${s.user} $RUNDIR
	[ -r "$CONFIG" ] || return 2
	start-stop-daemon --start --quiet --pidfile $PIDFILE --exec $DAEMON --test > /dev/null \\
		|| return 1
	start-stop-daemon --start --quiet --background --make-pidfile --pidfile $PIDFILE \\
		--chuid ${s.user}:${s.user} --exec $DAEMON -- $DAEMON_ARGS \\
		|| return 2
}

do_stop()
{
	start-stop-daemon --stop --quiet --retry=TERM/30/KILL/5 --pidfile $PIDFILE --name $NAME
	RETVAL="$?"
	[ "$RETVAL" = 2 ] && return 2
	start-stop-daemon --stop --quiet --oknodo --retry=0/30/KILL/5 --exec $DAEMON
	[ "$?" = 2 ] && return 2
	rm -f $PIDFILE
	return "$RETVAL"
}

case "$1" in
  start)
	[ "$VERBOSE" != no ] && log_daemon_msg "Starting $DESC" "$NAME"
	do_start
	case "$?" in
		0|1) [ "$VERBOSE" != no ] && log_end_msg 0 ;;
		2) [ "$VERBOSE" != no ] && log_end_msg 1 ;;
	esac
	;;
  stop)
	[ "$VERBOSE" != no ] && log_daemon_msg "Stopping $DESC" "$NAME"
	do_stop
	case "$?" in
		0|1) [ "$VERBOSE" != no ] && log_end_msg 0 ;;
		2) [ "$VERBOSE" != no ] && log_end_msg 1 ;;
	esac
	;;
  status)
	status_of_proc "$DAEMON" "$NAME" && exit 0 || exit $?
	;;
  restart|force-reload)
	log_daemon_msg "Restarting $DESC" "$NAME"
	do_stop
	case "$?" in
	  0|1)
		do_start
		case "$?" in
			0) log_end_msg 0 ;;
			1) log_end_msg 1 ;;
			*) log_end_msg 1 ;;
		esac
		;;
	  *)
		log_end_msg 1
		;;
	esac
	;;
  *)
	echo "Usage: $SCRIPTNAME {start|stop|status|restart|force-reload}" >&2
	exit 3
	;;
esac

:
`;
}

/** Writes the Upstart jobs of services 0..n-1 into `dir` as NAME.conf; returns their names. */
function writeUpstartJobs(dir, n) {
  fs.mkdirSync(dir, { recursive: true });
  const names = [];
  for (let i = 0; i < n; i++) {
    const { name } = service(i);
    fs.writeFileSync(path.join(dir, `${name}.conf`), upstartJob(i));
    names.push(name);
  }
  return names;
}

/** The runlevels a script starts in and stops in (its LSB Default-Start and Default-Stop). */
const START_LEVELS = ['2', '3', '4', '5'];
const STOP_LEVELS = ['0', '1', '6'];

/**
 * Writes the SysV scripts of services 0..n-1 as `root`/init.d/NAME (executable) and their links as
 * update-rc.d makes them: `root`/rcN.d/S01NAME for runlevels 2-5, K01NAME for 0, 1 and 6.
 * Returns the two folders for SYSTEMD_SYSVINIT_PATH and SYSTEMD_SYSVRCND_PATH.
 */
function writeSysvScripts(root, n) {
  const initd = path.join(root, 'init.d');
  fs.mkdirSync(initd, { recursive: true });
  for (const level of [...START_LEVELS, ...STOP_LEVELS]) fs.mkdirSync(path.join(root, `rc${level}.d`));
  for (let i = 0; i < n; i++) {
    const { name } = service(i);
    fs.writeFileSync(path.join(initd, name), sysvScript(i), { mode: 0o755 });
    for (const level of START_LEVELS)
      fs.symlinkSync(`../init.d/${name}`, path.join(root, `rc${level}.d`, `S01${name}`));
    for (const level of STOP_LEVELS) fs.symlinkSync(`../init.d/${name}`, path.join(root, `rc${level}.d`, `K01${name}`));
  }
  return { initPath: initd, rcndPath: root };
}

/**
 * The environment that points systemd-sysv-generator at the generated scripts (and nowhere else),
 * logging at its default level to stderr (a file, like ours), never to the journal or kmsg.
 */
function generatorEnv(initPath, rcndPath) {
  return {
    ...process.env,
    SYSTEMD_SYSVINIT_PATH: initPath,
    SYSTEMD_SYSVRCND_PATH: rcndPath,
    SYSTEMD_LOG_TARGET: 'console',
  };
}

/** The command line of systemd-sysv-generator writing into `out` (its normal, early and late folders). */
function generatorArgs(out) {
  return [out, out, out];
}

/** Runs systemd-sysv-generator over the scripts once, without measuring (for tests). */
function runGenerator(sysv, out) {
  fs.mkdirSync(out, { recursive: true });
  return spawnSync(SYSV_GENERATOR, generatorArgs(out), {
    env: generatorEnv(sysv.initPath, sysv.rcndPath),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

/** The names of the regular `*.service` files directly in `dir` (the units a converter wrote there). */
function unitFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.service'))
    .map((e) => e.name)
    .sort();
}

module.exports = {
  SYSV_GENERATOR,
  service,
  upstartJob,
  sysvScript,
  writeUpstartJobs,
  writeSysvScripts,
  generatorEnv,
  generatorArgs,
  runGenerator,
  unitFiles,
};
