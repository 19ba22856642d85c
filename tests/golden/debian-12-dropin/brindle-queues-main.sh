#!/bin/sh -e
# brindle-queues-main.sh: the main of Upstart job brindle-queues, from /etc/init/brindle-queues.conf:13.
# Installed by upstart2systemd; run by brindle-queues.service as /bin/sh -e /usr/local/lib/upstart2systemd/brindle-queues-main.sh
# upstart2systemd: Upstart job-control commands, run through systemctl
u2s_job() {
  u2s_verb=$1; shift; u2s_opt=
  while [ $# -gt 0 ]; do case "$1" in -n|--no-wait) u2s_opt=--no-block; shift;; -*) shift;; *) break;; esac; done
  u2s_name=${1:-${UPSTART_JOB:-brindle-queues}}; [ $# -gt 0 ] && shift
  u2s_unit=$u2s_name; u2s_var=
  case "$u2s_name" in
    brindle-worker) u2s_unit=brindle-worker; u2s_var=QUEUE;;
  esac
  u2s_inst=
  for u2s_a in "$@"; do case "$u2s_a" in "$u2s_var="*) [ -n "$u2s_var" ] && u2s_inst=${u2s_a#*=};; esac; done
  [ -n "$u2s_var" ] && u2s_unit="$u2s_unit@$(systemd-escape -- "$u2s_inst")"
  case "$u2s_unit" in *.service|*.target|*.socket) ;; *) u2s_unit="$u2s_unit.service";; esac
  if [ "$u2s_verb" = status ]; then
    if systemctl is-active --quiet "$u2s_unit"; then echo "$u2s_name start/running"; else echo "$u2s_name stop/waiting"; fi
    return 0
  fi
  [ "$u2s_verb" = stop ] && [ "$u2s_name" = "${UPSTART_JOB:-brindle-queues}" ] && u2s_opt=--no-block
  systemctl $u2s_opt "$u2s_verb" "$u2s_unit"
}
start() { u2s_job start "$@"; }
stop() { u2s_job stop "$@"; }
restart() { u2s_job restart "$@"; }
reload() { u2s_job reload "$@"; }
status() { u2s_job status "$@"; }
u2s_emit() {
  shift; while [ $# -gt 0 ]; do case "$1" in -*) shift;; *) break;; esac; done
  case "$1" in
    *) echo "initctl emit $1: Upstart events do not exist under systemd; ignored" >&2;;
  esac
}
initctl() {
  case "$1" in
    start|stop|restart|reload|status) u2s_job "$@";;
    emit) u2s_emit "$@";;
    *) echo "initctl $1: no systemd equivalent; ignored" >&2;;
  esac
}
QUEUES="default"
[ -f /etc/default/brindle ] && . /etc/default/brindle
for q in $QUEUES; do
    start brindle-worker QUEUE="$q" || true
done

