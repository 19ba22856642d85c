/**
 * Names: which systemd unit an Upstart job becomes, and which unit stands for a job that another
 * job refers to in `start on started X`. Ubuntu's own Upstart jobs have well-known systemd
 * counterparts under other names (udev → systemd-udevd.service); that table is documented in
 * docs/mapping.md and used again when looking for existing units.
 */
import { escapeUnitName } from '../systemd/unit-names';

/**
 * Ubuntu 14.04 system jobs and the systemd units that replace them on later releases; a job event
 * on one of these (`start on started udev`) orders against the replacement. The first entry is
 * what we reference; the rest are other names the replacement is known by.
 */
export const WELL_KNOWN_JOBS: Readonly<Record<string, readonly string[]>> = {
  rc: ['multi-user.target'], // the SysV runlevel scripts: "stopped rc RUNLEVEL=[2345]" = boot finished
  rcS: ['sysinit.target'],
  'rc-sysinit': ['sysinit.target'],
  mountall: ['local-fs.target'],
  'mountall-net': ['remote-fs.target'],
  'mountnfs-sh': ['remote-fs.target'],
  udev: ['systemd-udevd.service', 'udev.service'],
  udevtrigger: ['systemd-udev-trigger.service'],
  'udev-finish': ['systemd-udev-settle.service'],
  dbus: ['dbus.service'],
  networking: ['networking.service'],
  'network-interface': ['ifup@.service'],
  'network-manager': ['NetworkManager.service', 'network-manager.service'],
  ssh: ['ssh.service', 'sshd.service'],
  cron: ['cron.service'],
  atd: ['atd.service'],
  rsyslog: ['rsyslog.service', 'syslog.service'],
  lightdm: ['display-manager.service', 'lightdm.service'],
  gdm: ['display-manager.service', 'gdm.service', 'gdm3.service'],
  kdm: ['display-manager.service', 'kdm.service'],
  cups: ['cups.service'],
  'avahi-daemon': ['avahi-daemon.service'],
  mysql: ['mysql.service', 'mariadb.service'],
  'console-setup': ['console-setup.service'],
  plymouth: ['plymouth-start.service'],
  procps: ['systemd-sysctl.service', 'procps.service'],
  apparmor: ['apparmor.service'],
  ufw: ['ufw.service'],
  resolvconf: ['resolvconf.service'],
  acpid: ['acpid.service'],
  irqbalance: ['irqbalance.service'],
  'systemd-logind': ['systemd-logind.service'],
  tty1: ['getty@tty1.service'],
  tty2: ['getty@tty2.service'],
  tty3: ['getty@tty3.service'],
  tty4: ['getty@tty4.service'],
  tty5: ['getty@tty5.service'],
  tty6: ['getty@tty6.service'],
  console: ['console-getty.service'],
  // the rest of Ubuntu 14.04's own boot, which systemd (or a unit of its own) does
  failsafe: ['network-online.target'],
  'control-alt-delete': ['ctrl-alt-del.target'],
  'upstart-socket-bridge': ['sockets.target'],
  'upstart-file-bridge': ['paths.target'],
  'upstart-udev-bridge': ['systemd-udevd.service'],
  'container-detect': ['sysinit.target'],
  'flush-early-job-log': ['systemd-journal-flush.service'],
  'console-font': ['systemd-vconsole-setup.service'],
  setvtrgb: ['systemd-vconsole-setup.service'],
  kmod: ['systemd-modules-load.service'],
  'module-init-tools': ['systemd-modules-load.service'],
  hostname: ['sysinit.target'],
  hwclock: ['sysinit.target'],
  cryptdisks: ['cryptsetup.target'],
  'cryptdisks-udev': ['cryptsetup.target'],
  'cryptdisks-enable': ['cryptsetup.target'],
  'mountall-shell': ['emergency.service'],
  'mountall-reboot': ['local-fs.target'],
  'mountall.sh': ['local-fs.target'],
  'mountall-bootclean.sh': ['local-fs.target'],
  'mountkernfs.sh': ['sysinit.target'],
  'mountdevsubfs.sh': ['sysinit.target'],
  'mountnfs.sh': ['remote-fs.target'],
  'mountnfs-bootclean.sh': ['remote-fs.target'],
  'checkfs.sh': ['local-fs.target'],
  'checkroot.sh': ['systemd-fsck-root.service'],
  'checkroot-bootclean.sh': ['local-fs.target'],
  'bootmisc.sh': ['local-fs.target'],
  'mtab.sh': ['local-fs.target'],
  'mounted-dev': ['sysinit.target'],
  'mounted-proc': ['sysinit.target'],
  'mounted-run': ['sysinit.target'],
  'mounted-tmp': ['systemd-tmpfiles-setup.service'],
  'mounted-var': ['systemd-tmpfiles-setup.service'],
  'mounted-debugfs': ['sys-kernel-debug.mount'],
  'friendly-recovery': ['rescue.target'],
  'plymouth-ready': ['plymouth-start.service'],
  'plymouth-splash': ['plymouth-start.service'],
  'plymouth-upstart-bridge': ['plymouth-start.service'],
  'plymouth-stop': ['plymouth-quit.service'],
  'plymouth-shutdown': ['plymouth-poweroff.service'],
  udevmonitor: ['systemd-udevd.service'],
  // packaged daemons whose package ships a unit of the same name on later releases
  anacron: ['anacron.service'],
  bluetooth: ['bluetooth.service'],
  whoopsie: ['whoopsie.service'],
  apport: ['apport.service'],
  'cups-browsed': ['cups-browsed.service'],
  'gpu-manager': ['gpu-manager.service'],
  'binfmt-support': ['binfmt-support.service'],
  'alsa-restore': ['alsa-restore.service'],
  docker: ['docker.service'],
  lxc: ['lxc.service'],
  'lxc-net': ['lxc-net.service'],
  lxcfs: ['lxcfs.service'],
  'isc-dhcp-server': ['isc-dhcp-server.service'],
  tgt: ['tgt.service'],
};

/** The unit base name (no suffix) a job converts to: systemd-escaped, `/` becoming `-`. */
export function unitBaseName(jobName: string): string {
  return escapeUnitName(jobName);
}

/**
 * The unit another job is known by under systemd: the well-known replacement, else the unit we
 * generate for it (a template instance glob is not expressible, so instance jobs map to the template).
 */
export function unitForJob(jobName: string, isInstanceJob: boolean): string {
  const known = WELL_KNOWN_JOBS[jobName];
  if (known) return known[0]!;
  return `${unitBaseName(jobName)}${isInstanceJob ? '@' : ''}.service`;
}
