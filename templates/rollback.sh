# ---------------------------------------------------------------------------------------------
# The fixed part of every rollback.sh (templates/rollback.sh in upstart2systemd): the steps the
# plan's lists above call, and the order they run in. It undoes only what migrate.sh recorded in
# its state directory: the files it installed or replaced, the units it enabled, the units that
# were not active before it ran.

ROOT=${U2S_ROOT:-}
STATE=$ROOT/var/lib/upstart2systemd/$PLAN
DRY=0 FORCE=0
LABEL='' CHANGED=0 PROBLEMS=0

usage() {
  printf '%s\n' 'usage: sh rollback.sh [--dry-run] [--force]' \
    '  --dry-run  print every step, change nothing' \
    '  --force    also remove files migrate.sh installed that were changed since'
}

# @common

# job ID LABEL: the job the lines below it are about (rollback.sh names it by its label only)
job() {
  LABEL=$2
}

# problem FORMAT ARG...: something that could not be undone; said, and rollback.sh exits 1
problem() {
  PROBLEMS=$((PROBLEMS + 1))
  problem_fmt=$1
  shift
  say "  %s: $problem_fmt" "$LABEL" "$@"
}

# would FORMAT ARG...: in a dry run, says what would be done and returns 0; otherwise returns 1
would() {
  if [ "$DRY" = 0 ]; then return 1; fi
  would_fmt=$1
  shift
  say "  %s: would $would_fmt" "$LABEL" "$@"
}

# stop_unit UNIT-ID UNIT: stops a unit that was not active before migrate.sh ran
stop_unit() {
  if [ -e "$STATE/was-active/$1" ] || ! systemctl is-active --quiet -- "$2" 2> /dev/null; then return 0; fi
  if would 'stop %s' "$2"; then return 0; fi
  systemctl stop -- "$2" || problem 'systemctl stop %s failed' "$2"
  CHANGED=1
  say '  %s: stopped %s' "$LABEL" "$2"
}

# stop_instances PATTERN: stops every instance of a template migrate.sh installed (none ran before)
stop_instances() {
  if would 'stop %s' "$1"; then return 0; fi
  systemctl stop -- "$1" || problem 'systemctl stop %s failed' "$1"
}

# disable_unit UNIT-ID UNIT: disables a unit migrate.sh enabled
disable_unit() {
  if [ ! -e "$STATE/enabled/$1" ]; then return 0; fi
  if would 'disable %s' "$2"; then return 0; fi
  if systemctl --quiet disable -- "$2"; then
    rm -f "$STATE/enabled/$1"
    CHANGED=1
    say '  %s: disabled %s' "$LABEL" "$2"
  elif [ -s "$STATE/enabled/$1" ]; then
    # systemctl refuses to disable anything while some other link under /etc/systemd/system is
    # broken (a loop, say): remove the links migrate.sh recorded its enable made, and only those
    while IFS= read -r du_link; do
      if [ -L "$du_link" ]; then rm -f "$du_link"; fi
    done < "$STATE/enabled/$1"
    rm -f "$STATE/enabled/$1"
    CHANGED=1
    say '  %s: systemctl disable %s failed (see above); removed the links its enable made instead' "$LABEL" "$2"
  else
    problem 'systemctl disable %s failed' "$2"
  fi
}

# restore FILE-ID PATH SHA256 BEFORE: puts back the file migrate.sh replaced, or removes the one it
# installed (only when it is still the one installed, unless --force). A file migrate.sh found in
# place (the tree extracted at /) is removed like one it installed when nothing was at PATH when
# the plan was made (BEFORE "absent"); otherwise the extraction overwrote a file no one backed up:
# it is kept and said (--force removes it)
restore() {
  rs_path=$ROOT$2
  if [ -e "$STATE/in-place/$1" ] && [ "$4" != absent ]; then
    if [ "$FORCE" = 0 ]; then
      problem '%s was extracted over the file there before, which had no backup: kept (put the old one back' "$2"
      say '    from your own backup of the host, or remove ours with rollback.sh --force)'
      return 0
    fi
    if would 'remove %s' "$2"; then return 0; fi
    rm -f "$rs_path" "$STATE/in-place/$1"
    CHANGED=1
    say '  %s: removed %s (what it replaced was not backed up)' "$LABEL" "$2"
  elif [ -e "$STATE/backup/$1" ]; then
    if would 'restore %s' "$2"; then return 0; fi
    cp -p "$STATE/backup/$1" "$rs_path.u2s-old"
    mv -f "$rs_path.u2s-old" "$rs_path"
    rm -f "$STATE/backup/$1" "$STATE/created/$1"
    CHANGED=1
    say '  %s: restored %s' "$LABEL" "$2"
  elif [ -e "$STATE/created/$1" ] || [ -e "$STATE/in-place/$1" ]; then
    if [ ! -e "$rs_path" ] && [ ! -L "$rs_path" ]; then
      rm -f "$STATE/created/$1" "$STATE/in-place/$1"
      return 0
    fi
    rs_sha=''
    if [ -f "$rs_path" ] && [ ! -L "$rs_path" ]; then rs_sha=$(sha_of "$rs_path") || rs_sha=''; fi
    if [ "$rs_sha" != "$3" ] && [ "$FORCE" = 0 ]; then
      problem '%s changed since migrate.sh installed it: kept (rollback.sh --force removes it)' "$2"
      return 0
    fi
    if would 'remove %s' "$2"; then return 0; fi
    rm -f "$rs_path"
    rm -f "$STATE/created/$1" "$STATE/in-place/$1"
    CHANGED=1
    say '  %s: removed %s' "$LABEL" "$2"
  fi
}

# remove_dir DIR-ID PATH: removes a directory migrate.sh created, when nothing else is in it
remove_dir() {
  if [ ! -e "$STATE/dirs/$1" ]; then return 0; fi
  if would 'remove the directory %s (when empty)' "$2"; then return 0; fi
  if rmdir "$ROOT$2" 2> /dev/null || [ ! -d "$ROOT$2" ]; then
    say '  removed the directory %s' "$2"
  else
    say '  kept the directory %s: it holds other files' "$2"
  fi
  rm -f "$STATE/dirs/$1"
  CHANGED=1
}

# restart_unit UNIT-ID UNIT: restarts a unit that was running before migrate.sh, which restarted
# it with the files it changed, so that it runs with the restored ones again
restart_unit() {
  if [ ! -e "$STATE/restarted/$1" ]; then return 0; fi
  if would 'restart %s' "$2"; then return 0; fi
  if systemctl restart -- "$2"; then
    say '  %s: restarted %s' "$LABEL" "$2"
  else
    problem 'systemctl restart %s failed' "$2"
  fi
  rm -f "$STATE/restarted/$1"
  CHANGED=1
}

main() {
  for arg do
    case $arg in
      --dry-run) DRY=1 ;;
      --force) FORCE=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        say 'rollback.sh: unknown option %s' "$arg" >&2
        usage >&2
        exit 2
        ;;
    esac
  done
  if [ ! -d "$STATE/was-active" ]; then
    say 'Nothing to roll back: migrate.sh of plan %s has not changed this host (no %s).' "$PLAN" "$STATE/was-active"
    exit 0
  fi
  if [ "$DRY" = 0 ] && [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
    say 'rollback.sh changes /etc/systemd/system and runs systemctl: run it as root'
    exit 1
  fi
  if [ "$DRY" = 1 ]; then rb_how=' (dry run: nothing is changed)'; else rb_how=''; fi
  say 'upstart2systemd rollback, plan %s%s' "$PLAN" "$rb_how"
  say 'stop:'
  stop_units
  say 'disable:'
  disable_units
  say 'files:'
  restore_files
  LABEL=''
  if [ "$DRY" = 1 ]; then
    say '  would run: systemctl daemon-reload'
  elif [ "$CHANGED" = 1 ]; then
    systemctl daemon-reload
    say '  systemctl daemon-reload'
  fi
  say 'restart:'
  restart_units
  LABEL=''
  if [ "$DRY" = 1 ]; then
    say 'Dry run: nothing was changed.'
  elif [ "$PROBLEMS" -gt 0 ]; then
    say '%s thing(s) could not be undone (see above); %s is kept: run rollback.sh again when they are fixed.' \
      "$PROBLEMS" "$STATE"
    exit 1
  else
    for rb_dir in backup created in-place dirs enabled restarted was-active; do
      rm -rf "${STATE:?}/$rb_dir"
    done
    rm -f "$STATE/rollback.sh" "$STATE/plan.json" "$STATE/reload-pending"
    rmdir "$STATE" "${STATE%/*}" 2> /dev/null || :
    if [ "$CHANGED" = 1 ]; then
      say 'Rolled back: the host is as it was before migrate.sh (plan %s).' "$PLAN"
    else
      say 'Nothing to roll back: migrate.sh of plan %s left nothing in place.' "$PLAN"
    fi
  fi
  exit 0
}
