#!/bin/bash
# lab.sh - boot the machine's systemd as PID 1 of private pid/mount/uts/ipc/net/cgroup namespaces
# over a copy-on-write overlay of / (upper layer on tmpfs), for upstart2systemd's end-to-end tests.
# Adapted from the organisation's reference lab (../shared/systemd-lab/lab.sh), cut down to what
# tests/e2e needs.
#
# Usage: lab.sh check | up | down | exec CMD... | pid
#   check  says in one line why a lab cannot run here (exit 1), or "ok"
#   up     boots the lab and waits until systemd reports running (or degraded)
#   down   powers it off, kills leftovers in its cgroup, frees the tmpfs
#   exec   runs a command inside (all namespaces, clean environment)
#   pid    prints the host PID of the lab's systemd
# Env:   LAB_NAME  instance name (default e2e), several can run side by side
#        LAB_DIR   state directory (default /var/tmp/upstart2systemd-e2e)
#        LAB_BOOT_TIMEOUT seconds (default 30)
#        U2S_E2E_SIMULATE=unavailable|boot-fail  make `check` or `up` fail (to test the harness)
# Inside the lab /tmp, /run and /dev are fresh; the rest of the host root is visible copy-on-write
# and nothing written inside reaches the host.
set -euo pipefail

SELF=$(readlink -f "$0")
LAB_DIR=${LAB_DIR:-/var/tmp/upstart2systemd-e2e}
LAB_NAME=${LAB_NAME:-e2e}
ST=$LAB_DIR/$LAB_NAME
BOOT_TIMEOUT=${LAB_BOOT_TIMEOUT:-30}
SYSTEMD=/lib/systemd/systemd
CPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# units that make no sense in a container, could touch the shared kernel, or are slow
MASK_UNITS="getty.target console-getty.service serial-getty@.service getty@.service
 systemd-timesyncd.service systemd-binfmt.service proc-sys-fs-binfmt_misc.automount
 sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount sys-fs-fuse-connections.mount
 systemd-modules-load.service kmod-static-nodes.service systemd-journald-audit.socket
 systemd-pstore.service systemd-firstboot.service systemd-hwdb-update.service
 apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer
 man-db.timer dpkg-db-backup.timer"
# removed from the bounding set of everything in the lab (roughly what systemd-nspawn drops)
DROP_CAPS="-sys_module,-sys_rawio,-sys_time,-syslog,-mac_admin,-mac_override,-wake_alarm,-block_suspend,-sys_pacct,-audit_read,-audit_control,-bpf,-perfmon,-checkpoint_restore,-ipc_lock"

die() { echo "lab.sh: $*" >&2; exit 1; }
alive() { local s; s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1; [ -n "$s" ] && [ "$s" != Z ]; }
cgroup2_base() {
    local d
    for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
        [ "$(stat -fc %T "$d" 2>/dev/null)" = cgroup2fs ] && { echo "$d"; return 0; }
    done
    return 1
}
CG() { echo "$(cgroup2_base)/upstart2systemd-e2e-$LAB_NAME"; }
init_pid() {
    [ -f "$ST/init.pid" ] || return 1
    local p; p=$(cat "$ST/init.pid")
    [ -n "$p" ] && alive "$p" && [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$(readlink -f $SYSTEMD)" ] || return 1
    echo "$p"
}
need_pid() { init_pid || die "lab '$LAB_NAME' is not running"; }
in_lab() { local p; p=$(need_pid); nsenter -t "$p" -a -- env -i PATH=$CPATH TERM=dumb SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@"; }

# one line on stdout saying why not, exit 1; or "ok"
cmd_check() {
    local why=""
    if [ "${U2S_E2E_SIMULATE:-}" = unavailable ]; then why="simulated (U2S_E2E_SIMULATE=unavailable)"
    elif [ "$(id -u)" != 0 ]; then why="needs root (running as uid $(id -u))"
    elif ! grep -qw overlay /proc/filesystems && ! modprobe overlay 2>/dev/null; then why="kernel has no overlayfs"
    elif ! grep -qw cgroup2 /proc/filesystems; then why="kernel has no cgroup2"
    elif ! cgroup2_base >/dev/null; then why="no cgroup2 hierarchy mounted (/sys/fs/cgroup or /sys/fs/cgroup/unified)"
    elif [ ! -x $SYSTEMD ]; then why="no systemd at $SYSTEMD (apt-get install systemd dbus libnss-systemd)"
    elif [ ! -x /usr/bin/python3 ]; then why="no /usr/bin/python3 (the probe program needs it)"
    else
        local t
        for t in unshare nsenter setpriv; do command -v $t >/dev/null || { why="missing $t (util-linux)"; break; }; done
        [ -n "$why" ] || unshare --pid --fork --mount --uts --ipc --net --cgroup true 2>/dev/null ||
            why="creating pid/mount/uts/ipc/net/cgroup namespaces is not permitted here"
    fi
    if [ -n "$why" ]; then echo "$why"; return 1; fi
    echo ok
}

# runs as PID 1 of the new namespaces: builds the root and execs systemd
cmd___stage2() {
    local M=$ST/root n u
    exec 5>>"$ST/systemd.log" 1>>"$ST/stage2.log" 2>&1
    set -x
    mkdir -p "$ST/ovl" "$M"
    mount -t tmpfs -o "mode=755,size=${LAB_UPPER_SIZE:-2g}" tmpfs "$ST/ovl"
    mkdir -p "$ST/ovl/upper" "$ST/ovl/work"
    mount -t overlay overlay -o "lowerdir=/,upperdir=$ST/ovl/upper,workdir=$ST/ovl/work" "$M"
    mount -t proc -o nosuid,nodev,noexec proc "$M/proc"
    mount --bind "$M/proc/sys" "$M/proc/sys"; mount -o remount,bind,ro "$M/proc/sys"
    mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$M/sys"
    mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$M/sys/fs/cgroup"
    mount -t tmpfs -o mode=755,nosuid,size=64m tmpfs "$M/dev"
    for n in null zero full random urandom tty; do touch "$M/dev/$n"; mount --bind "/dev/$n" "$M/dev/$n"; done
    mkdir -p "$M/dev/pts" "$M/dev/shm" "$M/dev/mqueue"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5,nosuid,noexec devpts "$M/dev/pts"
    ln -s pts/ptmx "$M/dev/ptmx"
    # /dev/console is a pty (as systemd-nspawn does it) so units with StandardOutput=tty work;
    # a small copier holds its master side and appends what is written to console.log
    local slave; slave=$(/usr/bin/python3 - "$M/dev/pts/ptmx" "$ST/console.log" <<'PY'
import fcntl, os, struct, sys, termios
m = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
fcntl.ioctl(m, getattr(termios, 'TIOCSPTLCK', 0x40045431), struct.pack('i', 0))   # unlockpt
n = struct.unpack('i', fcntl.ioctl(m, getattr(termios, 'TIOCGPTN', 0x80045430), struct.pack('i', 0)))[0]
print(n, flush=True)
if os.fork():
    os._exit(0)
os.setsid()
for fd in (0, 1, 2):
    os.dup2(os.open('/dev/null', os.O_RDWR), fd)
log = os.open(sys.argv[2], os.O_WRONLY | os.O_APPEND)
s = os.open(os.path.join(os.path.dirname(sys.argv[1]), str(n)), os.O_RDWR | os.O_NOCTTY)  # keeps it open
while True:
    try:
        data = os.read(m, 65536)
    except OSError:
        data = b''
    if not data:
        break
    os.write(log, data)
PY
)
    touch "$M/dev/console"; mount --bind "$M/dev/pts/$slave" "$M/dev/console"
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$M/dev/shm"
    ln -s /proc/self/fd "$M/dev/fd"
    ln -s /proc/self/fd/0 "$M/dev/stdin"; ln -s /proc/self/fd/1 "$M/dev/stdout"; ln -s /proc/self/fd/2 "$M/dev/stderr"
    mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$M/run"
    mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$M/tmp"
    rm -f "$M"/etc/systemd/system/*.wants/* 2>/dev/null || true
    for u in $MASK_UNITS; do ln -sfn /dev/null "$M/etc/systemd/system/$u"; done
    mkdir -p "$M/etc/systemd/system.conf.d"
    printf '[Manager]\nShowStatus=no\n' > "$M/etc/systemd/system.conf.d/50-e2e.conf"
    tr -d '-' < /proc/sys/kernel/random/uuid > "$M/etc/machine-id"
    echo "$LAB_NAME" > "$M/etc/hostname"; hostname "$LAB_NAME"
    printf '127.0.1.1\t%s.e2e.test %s\n' "$LAB_NAME" "$LAB_NAME" >> "$M/etc/hosts"   # so `hostname -f` works
    cd "$M"; mkdir -p .oldroot; pivot_root . .oldroot; umount -l /.oldroot; rmdir /.oldroot
    local init=$SYSTEMD; [ "${U2S_E2E_SIMULATE:-}" = boot-fail ] && init=/nonexistent/systemd
    exec setpriv --bounding-set "$DROP_CAPS" env -i container=u2s-e2e PATH=$CPATH LANG=C.UTF-8 \
        "$init" --unit=multi-user.target 1>&5 2>&5 5>&-
}

cmd_up() {
    local p
    if p=$(init_pid); then echo "already up: PID $p"; return 0; fi
    cmd_down >/dev/null 2>&1 || true
    local cg; cg=$(CG) || die "no cgroup2 hierarchy"
    mkdir -p "$ST" "$cg"
    : > "$ST/stage2.log"; : > "$ST/systemd.log"; : > "$ST/unshare.log"; : > "$ST/console.log"
    setsid bash -c 'echo $$ > "$1/unshare.pid"; echo $$ > "$2/cgroup.procs"; shift 2; exec "$@"' _ "$ST" "$cg" \
        env LAB_DIR="$LAB_DIR" LAB_NAME="$LAB_NAME" U2S_E2E_SIMULATE="${U2S_E2E_SIMULATE:-}" LAB_UPPER_SIZE="${LAB_UPPER_SIZE:-2g}" \
        unshare --pid --fork --mount --uts --ipc --net --cgroup --propagation private --kill-child \
        "$SELF" __stage2 </dev/null >>"$ST/unshare.log" 2>&1 &
    local i u="" c=""
    for i in $(seq 1 100); do
        [ -s "$ST/unshare.pid" ] && u=$(cat "$ST/unshare.pid")
        [ -n "$u" ] && c=$(awk '{print $1}' "/proc/$u/task/$u/children" 2>/dev/null)
        [ -n "$c" ] && break
        sleep 0.05
    done
    [ -n "$c" ] || die "lab init did not appear; see $ST/unshare.log"
    echo "$c" > "$ST/init.pid"
    for i in $(seq 1 $((BOOT_TIMEOUT * 20))); do
        alive "$c" || die "lab init exited during boot; see $ST/stage2.log $ST/systemd.log"
        [ -S "/proc/$c/root/run/systemd/private" ] && break
        sleep 0.05
    done
    local state
    state=$(in_lab timeout "$BOOT_TIMEOUT" systemctl is-system-running --wait 2>&1 || true)
    case "$state" in
        running|degraded) echo "lab '$LAB_NAME' up: systemd PID $c, state $state" ;;
        *) echo "lab.sh: systemd did not finish booting (state '$state')" >&2; tail -20 "$ST/systemd.log" >&2 || true; return 1 ;;
    esac
}

cmd_down() {
    local p u i
    if p=$(init_pid); then
        kill -s RTMIN+4 "$p" 2>/dev/null || true      # systemd: poweroff
        for i in $(seq 1 200); do alive "$p" || break; sleep 0.05; done
        alive "$p" && kill -9 "$p" 2>/dev/null || true
    fi
    if [ -f "$ST/unshare.pid" ]; then
        u=$(cat "$ST/unshare.pid")
        if [ -n "$u" ] && alive "$u" && grep -q unshare "/proc/$u/comm" 2>/dev/null; then
            for i in $(seq 1 60); do alive "$u" || break; sleep 0.05; done
            alive "$u" && kill -9 "$u" 2>/dev/null || true
        fi
    fi
    local cg; cg=$(CG 2>/dev/null) || cg=""
    if [ -n "$cg" ] && [ -d "$cg" ]; then
        # anything left in OUR sub-cgroup is ours
        [ -e "$cg/cgroup.kill" ] && [ -n "$(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null)" ] && echo 1 > "$cg/cgroup.kill" || true
        for i in $(seq 1 50); do
            find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
            [ -d "$cg" ] || break; sleep 0.05
        done
    fi
    rm -f "$ST/init.pid" "$ST/unshare.pid"
    echo "lab '$LAB_NAME' down"
}

c=${1:-}; shift || true
case "$c" in
    check) cmd_check ;;
    up) cmd_up ;;
    down) cmd_down ;;
    exec) [ $# -ge 1 ] || die "usage: exec CMD..."; in_lab "$@" ;;
    pid) need_pid ;;
    __stage2) cmd___stage2 ;;
    *) sed -n '2,18p' "$SELF" | sed 's/^# \{0,1\}//'; [ -z "$c" ] || exit 2 ;;
esac
