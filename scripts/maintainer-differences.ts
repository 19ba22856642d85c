/**
 * Every fact on which our units (`convert --style native --target debian-12`) still differ from the
 * maintainers' units of ../shared/corpus, as scripts/compare-maintainers.ts prints them, each with
 * its class and a one-sentence reason naming the evidence (issue 14: every remaining difference is
 * either a maintainer's deliberate change of behaviour or ours to do next).
 *
 * - `maintainer`: the maintainers changed behaviour relative to the Upstart job (Type=notify/dbus,
 *   a foreground daemon, Restart= added or dropped, their own target, a template, a wrapper, other
 *   arguments, multi-user.target for another job's event); no conversion should copy it.
 * - `host`: we keep a script because it reads a file of the host that the corpus does not hold;
 *   under --root with that file holding plain assignments the tool lifts it (ours to do next, on
 *   the host).
 * - `ours`: our unit could say the same without a change of behaviour and does not yet; the reason
 *   names the lift or mapping not built.
 *
 * Classified by reading the job (jobs/JOB.conf), the maintainers' unit (units/) and our native unit;
 * where `maintainer` and `ours` were in doubt, `ours`. A row is keyed by job and kind; the script
 * reports a row that matches no difference (stale) and a difference without a row (unclassified),
 * and its test fails on either, so a lift that lands must update this table. The `arguments` rows
 * are listed too, though that kind is not in the total. This file is data, hence its length.
 */
import type { FactKind } from './compare-maintainers';

/** The classes of a remaining difference, in the order they are printed. */
export const DIFFERENCE_CLASSES = ['maintainer', 'host', 'ours'] as const;

/** One class of difference. */
export type DifferenceClass = (typeof DIFFERENCE_CLASSES)[number];

/** One classified difference: a fact of a job on which our unit and the maintainers' differ. */
export interface MaintainerDifference {
  job: string;
  kind: FactKind;
  class: DifferenceClass;
  reason: string;
}

/** The table: every difference of `--style native --target debian-12`, grouped by job. */
export const MAINTAINER_DIFFERENCES: readonly MaintainerDifference[] = [
  {
    job: 'cloudinit-cloud-config',
    kind: 'install',
    class: 'maintainer',
    reason:
      "WantedBy=cloud-init.target is the maintainers' own target; the job started on " +
      '`filesystem and started rsyslog`, which we write as multi-user.target.',
  },
  {
    job: 'cloudinit-cloud-final',
    kind: 'install',
    class: 'maintainer',
    reason:
      "WantedBy=cloud-init.target is the maintainers' own target; the job started on `stopped " +
      'rc RUNLEVEL=[2345] and stopped cloud-config`.',
  },
  {
    job: 'cloudinit-cloud-init-local',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's script runs `cloud-init init --local || ret=$?` and then records the status " +
      'and uptime in /run/cloud-init/local-finished, which the maintainers dropped (they touch ' +
      'network-config-ready instead), so our unit keeps the script.',
  },
  {
    job: 'cloudinit-cloud-init-local',
    kind: 'install',
    class: 'maintainer',
    reason:
      "WantedBy=cloud-init.target is the maintainers' own target; the job started on `mounted " +
      'MOUNTPOINT=/ and mounted MOUNTPOINT=/run`.',
  },
  {
    job: 'cloudinit-cloud-init-local',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'As for program: the script around `cloud-init init --local` writes ' +
      '/run/cloud-init/local-finished, which the maintainers dropped.',
  },
  {
    job: 'cloudinit-cloud-init',
    kind: 'install',
    class: 'maintainer',
    reason:
      "WantedBy=cloud-init.target is the maintainers' own target; the job started on `mounted " +
      'MOUNTPOINT=/ and stopped cloud-init-nonet`.',
  },
  {
    job: 'cgmanager',
    kind: 'program',
    class: 'host',
    reason:
      'The main script sources /etc/default/cgmanager (`[ -r F ] && . F`), which the corpus ' +
      'does not hold; under --root with plain assignments the converter writes ' +
      'EnvironmentFile=-/etc/default/cgmanager and ExecStart=/sbin/cgmanager (checked with a ' +
      'made-up file).',
  },
  {
    job: 'cgmanager',
    kind: 'environment',
    class: 'maintainer',
    reason:
      'The job\'s `env cgmanager_opts=""` and `env cgm_extra_mounts="-m name=systemd"` (and ' +
      'UPSTART_JOB/UPSTART_INSTANCE for its pre-start and post-start scripts) reach the daemon; ' +
      'the maintainers wrote the mount option into ExecStart= and dropped the variables, the ' +
      'scripts and /etc/default/cgmanager.',
  },
  {
    job: 'cgmanager',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers dropped `--sigstop` (the job's `expect stop` handshake; their unit is " +
      'Type=simple) and `$cgmanager_opts` from /etc/default/cgmanager.',
  },
  {
    job: 'cgproxy',
    kind: 'program',
    class: 'host',
    reason:
      'The main script sources /etc/default/cgmanager (`[ -r F ] && . F`), which the corpus ' +
      'does not hold; under --root with plain assignments the converter writes ' +
      'EnvironmentFile=-/etc/default/cgmanager and ExecStart=/sbin/cgproxy (checked with a ' +
      'made-up file).',
  },
  {
    job: 'cgproxy',
    kind: 'environment',
    class: 'maintainer',
    reason:
      'The job\'s `env NESTED="no"` (read by its pre-start, which the maintainers replaced with ' +
      'ConditionVirtualization=container) and `env cgmanager_opts=""` reach the daemon; the ' +
      'maintainers set no variable.',
  },
  {
    job: 'cgproxy',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers dropped `--sigstop` (the job's `expect stop` handshake) and " +
      '`$cgmanager_opts` from /etc/default/cgmanager.',
  },
  {
    job: 'collectd',
    kind: 'type',
    class: 'maintainer',
    reason:
      'Type=notify: the job used `expect stop` (collectd raises SIGSTOP when ready), which we ' +
      "emulate with an ExecStartPost= under Type=exec; the maintainers rely on collectd's " +
      'sd_notify instead.',
  },
  {
    job: 'collectd',
    kind: 'environment',
    class: 'maintainer',
    reason:
      'The maintainers read /etc/sysconfig/collectd and /etc/default/collectd, which the job ' +
      'never read, and dropped its `env DAEMON=/usr/sbin/collectd` (and ' +
      'UPSTART_JOB/UPSTART_INSTANCE for its pre-start).',
  },
  {
    job: 'tie-neutron-ovs-cleanup',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's pre-start is guarded by `[ ! -e /etc/neutron/neutron.conf ] && exit 0` and " +
      'runs `start-stop-daemon --chuid neutron`; a condition is not equal on a ' +
      'RemainAfterExit=yes unit (docs/idioms.md, Conditions), so the script stays, where the ' +
      'maintainers run the program unconditionally as root.',
  },
  {
    job: 'tie-neutron-ovs-cleanup',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on `started openvswitch-switch` (WantedBy=openvswitch-switch.service); ' +
      'the maintainers start at multi-user.target, ordered around openvswitch-nonetwork.service ' +
      'and network.service instead.',
  },
  {
    job: 'tie-neutron-ovs-cleanup',
    kind: 'arguments',
    class: 'maintainer',
    reason: "The maintainers dropped the job's `--config-dir /etc/neutron` (and its guard and --chuid " + 'neutron).',
  },
  {
    job: 'syncthing-system',
    kind: 'user',
    class: 'maintainer',
    reason:
      'The maintainers made an instance template (User=%i); the job\'s `setuid "$USER"` is ' +
      'looked up literally (Upstart never expanded it, so the job failed to spawn), and our ' +
      'unit keeps that.',
  },
  {
    job: 'syncthing-system',
    kind: 'group',
    class: 'maintainer',
    reason:
      "The maintainers' template has no Group= (%i's primary group); the job's `setgid \"$USER\"` " +
      'is literal, as our unit keeps it.',
  },
  {
    job: 'syncthing-system',
    kind: 'environment',
    class: 'maintainer',
    reason:
      "The maintainers dropped the job's `env HOME=/home/$USER` (their User=%i sets HOME from " + 'the passwd entry).',
  },
  {
    job: 'syncthing-system',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'The maintainers added `-no-browser -logflags=0`; the job runs /usr/local/bin/syncthing ' + 'without arguments.',
  },
  {
    job: 'syncthing-user',
    kind: 'program',
    class: 'maintainer',
    reason:
      'The job runs `exec $SYNCTHING_EXE -no-browser` with `env ' +
      'SYNCTHING_EXE="/usr/local/bin"`, a directory; the maintainers run /usr/bin/syncthing.',
  },
  {
    job: 'syncthing-user',
    kind: 'environment',
    class: 'maintainer',
    reason: "The maintainers dropped the job's `env SYNCTHING_EXE` (they name the program in " + 'ExecStart=).',
  },
  {
    job: 'syncthing-user',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The maintainers wrote a user unit WantedBy=default.target (any login of the user); the ' +
      "job started on the desktop session's `desktop-start`, which a system unit cannot follow " +
      'and which is graphical-session.target, not default.target, for a user unit.',
  },
  {
    job: 'syncthing-user',
    kind: 'arguments',
    class: 'maintainer',
    reason: "The maintainers added `-logflags=0` to the job's `-no-browser`.",
  },
  {
    job: 'bitcoind',
    kind: 'environment',
    class: 'maintainer',
    reason:
      "The job's seven `env BITCOIND_*` stanzas feed its pre-start (rpcpassword check, pid " +
      'directory, chown of the configuration), which the maintainers dropped with the ' +
      'variables.',
  },
  {
    job: 'bitcoind',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'The maintainers moved the pid file to /var/lib/bitcoind/bitcoind.pid (`-pid=`, PIDFile=) ' +
      "from the job's /var/run/bitcoind and put `-daemon` first.",
  },
  {
    job: 'glusterfs-server',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers write `-p /run/glusterd.pid` for the job's `-p /var/run/glusterd.pid` " +
      "(the same file where /var/run links to /run; we keep the job's argument).",
  },
  {
    job: 'salt-minion',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn` (our Restart=always); the maintainers' unit has no Restart=.",
  },
  {
    job: 'indicator-datetime',
    kind: 'install',
    class: 'maintainer',
    reason:
      "WantedBy=indicators.target is the maintainers' own (user-session) target; the job " +
      "started on the session's `indicator-services-start` event, which a system unit cannot " +
      'follow.',
  },
  {
    job: 'touch-lxc-android-config',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The maintainers start the container in early boot (DefaultDependencies=no, ' +
      'Before=sysinit.target) with no [Install]; the job started on `cgmanager-ready and ' +
      'started cgroup-lite and started udev`.',
  },
  {
    job: 'touch-force-mtp',
    kind: 'program',
    class: 'ours',
    reason:
      "The task's script is `if ! android-gadget-service status mtp|grep -q enabled; then " +
      'android-gadget-service enable mtp; fi`: a lift of that `if` form (the test as ' +
      'ExecCondition=, the command as ExecStart=, equal for a task) is not built.',
  },
  {
    job: 'touch-rild',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on the custom event `android` (emitted outside the corpus, by the Android container ' +
      'start): WantedBy=upstart-event-android.target, so `systemctl start upstart-event-android.target` does ' +
      "what `initctl emit android` did (issue 17); the maintainers' unit is not enabled at all.",
  },
  {
    job: 'touch-repowerd',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on `started dbus and android`: multi-user.target for dbus (started at every boot), and ' +
      'upstart-event-android.target for the custom event (issue 17); the maintainers start at multi-user.target only.',
  },
  {
    job: 'touch-force-mtp',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on `android and started lightdm` (WantedBy=display-manager.service); the ' +
      'maintainers start at multi-user.target with Requires=lxc-android-config.service.',
  },
  {
    job: 'touch-force-mtp',
    kind: 'arguments',
    class: 'ours',
    reason: 'As for program: with the `if` form lifted, ExecStart= would run `android-gadget-service ' + 'enable mtp`.',
  },
  {
    job: 'touch-upstart-local-bridge',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'touch-upstart-local-bridge',
    kind: 'type',
    class: 'maintainer',
    reason:
      'The job forks (`expect daemon`, `--daemon`); the maintainers run the bridge in the ' +
      'foreground (no --daemon, Type=simple).',
  },
  {
    job: 'touch-upstart-local-bridge',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on `starting lxc-android-config` (WantedBy=lxc-android-config.service); ' +
      'the maintainers start at multi-user.target, ordered Before=lxc-android-config.service.',
  },
  {
    job: 'touch-upstart-local-bridge',
    kind: 'arguments',
    class: 'maintainer',
    reason: 'The maintainers dropped `--daemon` to run the bridge in the foreground.',
  },
  {
    job: 'click-user-hooks',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The maintainers wrote a user unit WantedBy=default.target; the job started on `starting ' +
      'xsession-init` of the user session (and `started dbus`), which a system unit cannot ' +
      'follow.',
  },
  {
    job: 'url-dispatcher',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's script runs url-dispatcher and, when it fails, removes the URL cache and " +
      'starts url-dispatcher-refresh; the maintainers dropped that recovery, so our unit keeps ' +
      'the script.',
  },
  {
    job: 'url-dispatcher',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'url-dispatcher',
    kind: 'type',
    class: 'maintainer',
    reason: 'Type=dbus with BusName=com.canonical.URLDispatcher: the job did not wait for the bus ' + 'name.',
  },
  {
    job: 'url-dispatcher',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'As for program: the recovery script around url-dispatcher, which the maintainers ' + 'dropped, keeps our shell.',
  },
  {
    job: 'lxd-ubuntu-pkg',
    kind: 'install',
    class: 'maintainer',
    reason:
      "The job started on `started lxc` (WantedBy=lxc.service); the maintainers' unit is " +
      'socket-activated (Also=lxd-unix.socket lxd-startup.service, no WantedBy=).',
  },
  {
    job: 'mongod-percona-tokumxse',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's script probes numactl at run time (`if which numactl … && numactl " +
      '--interleave=all ls /`) and honours ENABLE_MONGOD; the maintainers dropped both, so our ' +
      'unit keeps the script.',
  },
  {
    job: 'mongod-percona-tokumxse',
    kind: 'user',
    class: 'maintainer',
    reason:
      'The job switches to `$DAEMONUSER` (default mongod) inside that script ' +
      '(`start-stop-daemon --chuid $DAEMONUSER --make-pidfile`), which stays for the numactl ' +
      'probe the maintainers dropped; they write User=mongod.',
  },
  {
    job: 'mongod-percona-tokumxse',
    kind: 'group',
    class: 'maintainer',
    reason:
      "As for user: the daemon got mongod's primary group from `--chuid $DAEMONUSER` inside the " +
      'kept script; the maintainers write Group=mongod.',
  },
  {
    job: 'mongod-percona-tokumxse',
    kind: 'environment',
    class: 'maintainer',
    reason:
      'The maintainers read EnvironmentFile=/etc/sysconfig/mongod, a file the job never read ' +
      '(it sources /etc/default/mongod inside its script).',
  },
  {
    job: 'mongod-percona-tokumxse',
    kind: 'arguments',
    class: 'maintainer',
    reason: "The maintainers run `mongod $OPTIONS run` without the job's numactl wrapper and its `--` " + 'handling.',
  },
  {
    job: 'aurora-vagrant-scheduler',
    kind: 'environment',
    class: 'maintainer',
    reason: 'The maintainers added MESOS_NATIVE_JAVA_LIBRARY=/usr/lib/libmesos.so, which the job does ' + 'not set.',
  },
  {
    job: 'aurora-deb-scheduler',
    kind: 'program',
    class: 'maintainer',
    reason:
      'The maintainers run their wrapper /usr/bin/aurora-scheduler-startup; the job runs ' +
      '/usr/share/aurora/bin/aurora-scheduler through start-stop-daemon.',
  },
  {
    job: 'aurora-deb-scheduler',
    kind: 'user',
    class: 'host',
    reason:
      'The script sources /etc/default/aurora-scheduler, which the corpus does not hold; under ' +
      '--root with plain assignments the idiom pass lifts it whole (EnvironmentFile=, the ' +
      '`export` line, `start-stop-daemon -c aurora` as User=aurora; checked with a made-up ' +
      'file).',
  },
  {
    job: 'aurora-deb-scheduler',
    kind: 'group',
    class: 'host',
    reason:
      "As for user: once lifted, User=aurora without Group= runs with aurora's primary group, " +
      "which agrees with the maintainers' Group=aurora.",
  },
  {
    job: 'aurora-deb-scheduler',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers' wrapper takes no arguments; the job passes its flags from " + '/etc/default/aurora-scheduler.',
  },
  {
    job: 'aurora-deb-thermos',
    kind: 'program',
    class: 'maintainer',
    reason:
      'The maintainers run their wrapper /usr/bin/thermos-observer-startup; the job runs ' +
      '/usr/sbin/thermos_observer through start-stop-daemon.',
  },
  {
    job: 'aurora-deb-thermos',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers' wrapper takes no arguments; the job passes `--root=… " + '--port=${OBSERVER_PORT:-1338} …`.',
  },
  {
    job: 'ceph-osd',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's exec reads `$cluster` and `$id` from the instance's start event (`instance " +
      "${cluster:-ceph}/$id`), which a template's one %i cannot split, so the shell stays; the " +
      "maintainers' template takes the id as %i and the cluster from CLUSTER=ceph.",
  },
  {
    job: 'ceph-osd',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn` and `respawn limit 5 30`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'ceph-osd',
    kind: 'environment',
    class: 'maintainer',
    reason:
      'The maintainers added EnvironmentFile=-/etc/sysconfig/ceph and Environment=CLUSTER=ceph, ' +
      'which the job does not have (ours sets UPSTART_INSTANCE=%i for the instance).',
  },
  {
    job: 'ceph-osd',
    kind: 'install',
    class: 'maintainer',
    reason:
      "The job started on the `ceph-osd` event that ceph's own tooling emits (so no [Install] " +
      'here); the maintainers start the template at multi-user.target.',
  },
  {
    job: 'ceph-osd',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers write `-f --cluster ${CLUSTER} --id %i` for the job's " +
      '`--cluster="${cluster:-ceph}" -i "$id" -f`.',
  },
  {
    job: 'ceph-mon',
    kind: 'program',
    class: 'maintainer',
    reason:
      'Upstart refuses this job: `limit nofile 16384` gives one value where the stanza needs a ' +
      'soft and a hard one (parse error at 9:19), so it never ran and we do not convert it; the ' +
      "maintainers' unit is new behaviour.",
  },
  {
    job: 'ceph-mon',
    kind: 'environment',
    class: 'maintainer',
    reason:
      "Not converted (Upstart refuses `limit nofile 16384`); the maintainers' " +
      'EnvironmentFile=-/etc/sysconfig/ceph and CLUSTER=ceph are theirs in any case.',
  },
  {
    job: 'ceph-mon',
    kind: 'install',
    class: 'maintainer',
    reason:
      'Not converted (Upstart refuses `limit nofile 16384`); WantedBy=ceph.target is the ' + "maintainers' own target.",
  },
  {
    job: 'ceph-mon',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'Not converted (Upstart refuses `limit nofile 16384`); the maintainers write `-f ' +
      '--cluster ${CLUSTER} --id %i` for the job\'s `--cluster="${cluster:-ceph}" -i "$id" -f`.',
  },
  {
    job: 'ceph-rbdmap',
    kind: 'program',
    class: 'maintainer',
    reason:
      'The job maps the devices with an inline `while read DEV PARAMS` loop over $RBDMAPFILE in ' +
      'the pre-start of a job without main process; the maintainers ship that work as the ' +
      'program /usr/bin/rbdmap.',
  },
  {
    job: 'ceph-rbdmap',
    kind: 'environment',
    class: 'maintainer',
    reason: 'The maintainers added EnvironmentFile=-/etc/sysconfig/ceph; the job sets only ' + 'RBDMAPFILE.',
  },
  {
    job: 'ceph-rbdmap',
    kind: 'arguments',
    class: 'maintainer',
    reason: "The maintainers call `rbdmap map`; the job's inline loop has no program of its own.",
  },
  {
    job: 'i2pd',
    kind: 'user',
    class: 'maintainer',
    reason: 'The job runs i2pd as root (no setuid, no wrapper); the maintainers run it as User=i2pd.',
  },
  {
    job: 'i2pd',
    kind: 'group',
    class: 'maintainer',
    reason: "The job ran with root's group; the maintainers write Group=i2pd.",
  },
  {
    job: 'i2pd',
    kind: 'environment',
    class: 'maintainer',
    reason:
      "The maintainers dropped the job's `env LOGFILE`, which the daemon saw (we fold its value " +
      'into the argv and keep the variable).',
  },
  {
    job: 'i2pd',
    kind: 'arguments',
    class: 'maintainer',
    reason: "The maintainers added `--conf=… --pidfile=…` and dropped the job's `--log=file`.",
  },
  {
    job: 'tvheadend',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's script builds the arguments from TVH_* variables of /etc/default/tvheadend " +
      'with `[ -z "$X" ] || ARGS=…` tests and exits unless TVH_ENABLED=1; the maintainers ' +
      'replaced that with one $OPTIONS, so our unit keeps the script.',
  },
  {
    job: 'tvheadend',
    kind: 'environment',
    class: 'maintainer',
    reason:
      'The maintainers read /etc/default/tvheadend as a required EnvironmentFile= for their ' +
      '$OPTIONS; the job sourced it (when readable) inside the argument-building script that ' +
      'our unit keeps.',
  },
  {
    job: 'tvheadend',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'The maintainers run `tvheadend -f -p /var/run/tvheadend.pid $OPTIONS`, a pid file and an ' +
      '$OPTIONS the job did not have.',
  },
  {
    job: 'mythtv-backend',
    kind: 'program',
    class: 'ours',
    reason:
      'The script is `test -f /etc/default/locale && . /etc/default/locale || true` then ' +
      '`LANG=$LANG exec /usr/bin/mythbackend …`: the `&& . F || true` form and the `VAR=$VAR ' +
      'exec` prefix assignment are not lifted, even under --root (checked; the file is also not ' +
      'in the corpus).',
  },
  {
    job: 'mythtv-backend',
    kind: 'type',
    class: 'maintainer',
    reason:
      'The job forks (`expect fork`, `--daemon`); the maintainers run mythbackend in the ' +
      'foreground (no --daemon, Type=simple).',
  },
  {
    job: 'mythtv-backend',
    kind: 'arguments',
    class: 'maintainer',
    reason: 'The maintainers dropped `--daemon` to run mythbackend in the foreground.',
  },
  {
    job: 'gce-accounts-daemon',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'gce-accounts-daemon',
    kind: 'install',
    class: 'ours',
    reason:
      'The job starts on `started google-network-daemon`, which every boot of a GCE image ' +
      'starts (on `stopped google-instance-setup`, itself on `started rsyslog`); the ' +
      'boot-daemon-event lift knows only its fixed table and does not derive a boot daemon from ' +
      'the batch.',
  },
  {
    job: 'gce-instance-setup',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The maintainers add WantedBy=sshd.service (and Before=sshd.service) so sshd pulls the ' +
      'setup in; the job started on `started rsyslog` only.',
  },
  {
    job: 'gce-network-daemon',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'gce-startup-scripts',
    kind: 'type',
    class: 'maintainer',
    reason:
      'Type=oneshot: the job is a service (no `task`), running while the script runner runs; ' +
      'the maintainers make the start wait until it has finished.',
  },
  {
    job: 'gce-startup-scripts',
    kind: 'install',
    class: 'ours',
    reason:
      'The job starts on `started google-network-daemon`, which every boot of a GCE image ' +
      'starts (on `stopped google-instance-setup`, itself on `started rsyslog`); the ' +
      'boot-daemon-event lift knows only its fixed table and does not derive a boot daemon from ' +
      'the batch.',
  },
  {
    job: 'gce2014-accounts-manager-service',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'gce2015-clock-sync-manager',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'gce2015-clock-sync-manager',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on the custom event `google-rc-local-has-run` (no [Install]: an emitter ' +
      'in the batch starts it through systemctl); the maintainers start at multi-user.target.',
  },
  {
    job: 'gce2015-google-onboot',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on the custom event `google-rc-local-has-run` (no [Install]: an emitter ' +
      'in the batch starts it through systemctl); the maintainers start at multi-user.target.',
  },
  {
    job: 'gce2015-run-startup-scripts',
    kind: 'program',
    class: 'maintainer',
    reason:
      "The job's script logs with logger, runs run-startup-scripts and emits " +
      '`google-startup-scripts-have-run`; the maintainers run the program alone (and ' +
      'run-shutdown-scripts at stop), so our unit keeps the script.',
  },
  {
    job: 'gce2015-run-startup-scripts',
    kind: 'type',
    class: 'maintainer',
    reason:
      'Type=oneshot with RemainAfterExit=true: the job is a service (no `task`) that ends when ' + 'its script ends.',
  },
  {
    job: 'gce2015-run-startup-scripts',
    kind: 'install',
    class: 'maintainer',
    reason:
      'The job started on the custom events `google-rc-local-has-run and ' +
      'google-onboot-has-run`; the maintainers start at multi-user.target.',
  },
  {
    job: 'gce2015-run-startup-scripts',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'As for program: the logger line and the `initctl emit` around run-startup-scripts, which ' +
      'the maintainers dropped, keep our shell.',
  },
  {
    job: 'ecs-init-amzn',
    kind: 'restart',
    class: 'maintainer',
    reason: 'Restart=on-failure: the job has no `respawn`.',
  },
  {
    job: 'ecs-init-amzn',
    kind: 'environment',
    class: 'maintainer',
    reason: 'The maintainers read EnvironmentFile=-/etc/ecs/ecs.config, which the job never read.',
  },
  {
    job: 'ecs-init-trusty',
    kind: 'restart',
    class: 'maintainer',
    reason: 'Restart=on-failure: the job has no `respawn`.',
  },
  {
    job: 'zfs-zed',
    kind: 'restart',
    class: 'maintainer',
    reason: 'Restart=on-abort: the job has no `respawn`.',
  },
  {
    job: 'zfs-zed',
    kind: 'type',
    class: 'maintainer',
    reason: 'The job forks (`expect daemon`); the maintainers run zed in the foreground (`-F`, ' + 'Type=simple).',
  },
  {
    job: 'zfs-zed',
    kind: 'install',
    class: 'maintainer',
    reason:
      "The maintainers' unit has no [Install] (their zfs units pull it in); the job started on " +
      '`local-filesystems`.',
  },
  {
    job: 'zfs-zed',
    kind: 'arguments',
    class: 'maintainer',
    reason: 'The maintainers added `-F` to run zed in the foreground.',
  },
  {
    job: 'touch-repowerd',
    kind: 'restart',
    class: 'maintainer',
    reason: "The job has `respawn`; the maintainers' unit has no Restart=.",
  },
  {
    job: 'touch-repowerd',
    kind: 'type',
    class: 'maintainer',
    reason:
      "Type=dbus with BusName=com.canonical.powerd: the job's post-start polled the name with " +
      'dbus-send for at most 30 s and then let the start succeed anyway.',
  },
  {
    job: 'gitlab-recipes-sidekiq',
    kind: 'program',
    class: 'maintainer',
    reason:
      'The job has no main process: its post-start runs `bundle exec rake sidekiq:start` and ' +
      'its post-stop `rake sidekiq:stop` (ours: a RemainAfterExit oneshot running /bin/true); ' +
      "the maintainers make the daemonising sidekiq the unit's main process.",
  },
  {
    job: 'gitlab-recipes-sidekiq',
    kind: 'restart',
    class: 'maintainer',
    reason: "Restart=on-failure: the job's `respawn` had no main process to act on.",
  },
  {
    job: 'gitlab-recipes-sidekiq',
    kind: 'type',
    class: 'maintainer',
    reason: 'Type=forking with PIDFile=: the job had no main process (our RemainAfterExit oneshot).',
  },
  {
    job: 'gitlab-recipes-sidekiq',
    kind: 'workdir',
    class: 'ours',
    reason:
      "Both of the job's scripts start with `cd /home/git/gitlab` and it has no main process; " +
      'lifting a `cd` common to every script of a job into WorkingDirectory= is not built (the ' +
      'working-directory lift reads the main script only).',
  },
  {
    job: 'gitlab-recipes-sidekiq',
    kind: 'environment',
    class: 'maintainer',
    reason:
      "The maintainers dropped the job's `env HOME`, `env PATH` and `env GEM_PATH` (the rvm " +
      'paths) and kept RAILS_ENV.',
  },
  {
    job: 'gitlab-recipes-sidekiq',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'The maintainers run sidekiq itself through `bundle exec` with its flags; the job runs ' +
      'rake tasks in its post-start and post-stop.',
  },
  {
    job: 'foreman-export-app',
    kind: 'program',
    class: 'ours',
    reason:
      "The job has no process at all (only `start on` and `stop on`), as the maintainers' " +
      'foreman-export-app.target; converting such a job to a .target instead of a ' +
      'RemainAfterExit oneshot running /bin/true is not built.',
  },
  {
    job: 'foreman-export-app',
    kind: 'arguments',
    class: 'ours',
    reason: 'As for program: a job without processes could be a .target, which states no ExecStart=.',
  },
  {
    job: 'foreman-export-app-alpha',
    kind: 'program',
    class: 'ours',
    reason:
      "The job has no process at all (only `start on` and `stop on`), as the maintainers' " +
      'foreman-export-app-alpha.target; converting such a job to a .target instead of a ' +
      'RemainAfterExit oneshot running /bin/true is not built.',
  },
  {
    job: 'foreman-export-app-alpha',
    kind: 'install',
    class: 'maintainer',
    reason:
      "foreman's export flattens the tree: app.target wants app-alpha.1.service directly and " +
      'app-alpha.target is only PartOf=app.target with no [Install]; the job started on ' +
      '`starting app` (WantedBy=app.service).',
  },
  {
    job: 'foreman-export-app-alpha',
    kind: 'arguments',
    class: 'ours',
    reason: 'As for program: a job without processes could be a .target, which states no ExecStart=.',
  },
  {
    job: 'foreman-export-app-alpha-1',
    kind: 'program',
    class: 'maintainer',
    reason:
      'The maintainers run ./alpha through a bash login shell renamed with `exec -a ' +
      'app-alpha.1` (`bash -lc`, read here as program "-a"); the job ran ./alpha directly (our ' +
      "`sh -c 'exec ./alpha'` only resolves the relative path).",
  },
  {
    job: 'foreman-export-app-alpha-1',
    kind: 'environment',
    class: 'maintainer',
    reason: "The maintainers add PS=alpha.1 (foreman's process name), which the job does not set.",
  },
  {
    job: 'foreman-export-app-alpha-1',
    kind: 'install',
    class: 'maintainer',
    reason:
      "The job started on `starting app-alpha` (WantedBy=app-alpha.service); in foreman's " +
      'flattened tree app.target wants app-alpha.1.service directly and this unit has no ' +
      '[Install].',
  },
  {
    job: 'foreman-export-app-alpha-1',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "As for program: the maintainers' `bash -lc 'exec -a \"app-alpha.1\" ./alpha'` renames the " +
      'process and reads the login profile.',
  },
  {
    job: 'ubuntu-irqbalance',
    kind: 'program',
    class: 'ours',
    reason:
      'The script sources /etc/default/irqbalance, then `test "$ENABLED" != "0" || exit 0` and ' +
      '`if test "$ONESHOT" != "0"; then DOPTIONS="--oneshot"; fi`: a guard on a variable of the ' +
      'file and the `if` form are not lifted, even under --root (checked).',
  },
  {
    job: 'ubuntu-irqbalance',
    kind: 'type',
    class: 'maintainer',
    reason:
      'The job forks (`expect fork`); the maintainers run irqbalance in the foreground ' +
      '(`--foreground`, Type=simple).',
  },
  {
    job: 'ubuntu-irqbalance',
    kind: 'environment',
    class: 'ours',
    reason:
      'The job reads /etc/default/irqbalance inside the kept script; with the script lifted ' +
      '(see program) it would be EnvironmentFile=-/etc/default/irqbalance, as the maintainers ' +
      'read an environment file.',
  },
  {
    job: 'ubuntu-irqbalance',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      "The maintainers run `irqbalance --foreground` and drop the job's $OPTIONS and $DOPTIONS " + '(`--oneshot`).',
  },
  {
    job: 'ubuntu-cups',
    kind: 'type',
    class: 'maintainer',
    reason:
      "Type=notify: the job's post-start waited up to 30 s for /var/run/cups/cups.sock and then " +
      'let the start succeed anyway.',
  },
  {
    job: 'ubuntu-cups',
    kind: 'install',
    class: 'maintainer',
    reason:
      "WantedBy=printer.target (with cups.socket and cups.path) is the maintainers' choice; the " +
      'job started on `filesystem and (started dbus or runlevel [2345])`.',
  },
  {
    job: 'ubuntu-cups',
    kind: 'arguments',
    class: 'maintainer',
    reason: "The maintainers run `cupsd -l` (started on demand from cups.socket) for the job's `-f`.",
  },
  {
    job: 'ubuntu-rsyslog',
    kind: 'program',
    class: 'ours',
    reason:
      'The script is `. /etc/default/rsyslog` then `exec rsyslogd $RSYSLOGD_OPTIONS`: besides ' +
      "the host's file, the bare `rsyslogd` (Upstart searched its PATH) keeps the shell even " +
      'under --root (checked); resolving a bare program under --root is not built.',
  },
  {
    job: 'ubuntu-rsyslog',
    kind: 'type',
    class: 'maintainer',
    reason:
      'Type=notify: the job forks (`expect fork`); the maintainers run rsyslogd in the ' +
      'foreground (`-n`) with sd_notify.',
  },
  {
    job: 'ubuntu-rsyslog',
    kind: 'arguments',
    class: 'maintainer',
    reason:
      'The maintainers run `rsyslogd -n` (foreground) with a build-time options placeholder for ' +
      "the job's `$RSYSLOGD_OPTIONS`.",
  },
];
