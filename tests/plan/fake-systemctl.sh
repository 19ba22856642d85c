#!/bin/sh
# A fake systemctl for the plan's script tests: units are files in $FAKE_STATE (enabled/, active/,
# failed/), every call is logged to $FAKE_STATE/log as its arguments in brackets.
set -eu
S=$FAKE_STATE
mkdir -p "$S/enabled" "$S/active" "$S/failed" "$S/result"
{ for a do printf '[%s]' "$a"; done; printf '\n'; } >> "$S/log"
quiet=0
while [ $# -gt 0 ]; do
  case $1 in
    --quiet) quiet=1; shift ;;
    --version) echo "systemd ${FAKE_SYSTEMD:-252} (252.38-1~fake)"; exit 0 ;;
    *) break ;;
  esac
done
verb=$1; shift
prop=''
while [ $# -gt 0 ]; do
  case $1 in
    --quiet) quiet=1; shift ;;
    -p) prop=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
unit=${1:-}
case $verb in
  daemon-reload|reset-failed) exit 0 ;;
  is-enabled) if [ -e "$S/enabled/$unit" ]; then echo enabled; exit 0; fi; echo disabled; exit 1 ;;
  enable) : > "$S/enabled/$unit" ;;
  disable) rm -f "$S/enabled/$unit" ;;
  is-active) if [ -e "$S/active/$unit" ]; then [ $quiet = 1 ] || echo active; exit 0; fi; [ $quiet = 1 ] || echo inactive; exit 3 ;;
  start|restart)
    if [ -e "$S/failed/$unit" ]; then echo "Job for $unit failed." >&2; echo exit-code > "$S/result/$unit"; exit 1; fi
    echo success > "$S/result/$unit"
    if [ -e "$S/task/$unit" ]; then exit 0; fi
    : > "$S/active/$unit" ;;
  stop)
    # a unit pattern (NAME@*.service) matches as systemctl's does: fnmatch with FNM_NOESCAPE, so a
    # backslash of an escaped unit name (\x20) is itself, not an escape
    pattern=$(printf '%s' "$unit" | sed 's/\\/\\\\/g')
    for f in "$S/active"/*; do
      [ -e "$f" ] || continue
      # shellcheck disable=SC2254 # the pattern is a glob on purpose
      case ${f##*/} in $pattern) rm -f "$f" ;; esac
    done ;;
  show)
    case $prop in
      ActiveState) if [ -e "$S/active/$unit" ]; then v=active; elif [ -e "$S/failed/$unit" ]; then v=failed; else v=inactive; fi ;;
      Result) v=$(cat "$S/result/$unit" 2>/dev/null || echo success) ;;
      Type) if [ -e "$S/task/$unit" ]; then v=oneshot; else v='exec'; fi ;;
      RemainAfterExit) v=no ;;
      *) v='' ;;
    esac
    echo "$prop=$v" ;;
  *) echo "fake systemctl: $verb?" >&2; exit 1 ;;
esac
