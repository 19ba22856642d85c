# ---------------------------------------------------------------------------------------------
# The fixed part of every migrate.sh (templates/migrate.sh in upstart2systemd): the steps the
# plan's lists above call, and the order they run in. Values only ever arrive as arguments.

ROOT=${U2S_ROOT:-}
SETTLE=${U2S_SETTLE:-2}
STATE=$ROOT/var/lib/upstart2systemd/$PLAN
# this script's folder as it was reached (not resolved: the tree's root is four levels up from it)
HERE=$(cd "$(dirname "$0")" && pwd)
KIT=/var/lib/upstart2systemd/migration
# the tree convert --out wrote ('' when it was extracted at /), and whether it is the host's root
TREE=${HERE%"$KIT"}
IN_PLACE=0

DRY=0 KEEP=0
JOB='' LABEL='' LEFT_OUT='' CHANGED='' STARTED_NOW='' IN_PLACE_SAID=0
CHECKS=0 PROBLEMS=0 HOST_BAD=0 FAILURES=0 N_FILES=0 N_PLACED=0 N_ENABLED=0 N_STARTED=0

usage() {
  printf '%s\n' 'usage: sh migrate.sh [--dry-run] [--keep-going]' \
    '  --dry-run     print every step, change nothing' \
    '  --keep-going  leave out the jobs that fail a check or a step, and go on with the others'
}

# @common

# job ID LABEL: the job the lines below it are about
job() {
  JOB=$1 LABEL=$2
}

# left_out ID: whether the job was left out (--keep-going)
left_out() {
  case " $LEFT_OUT " in
    *" $1 "*) return 0 ;;
  esac
  return 1
}

# skipping: whether the current job was left out
skipping() {
  left_out "$JOB"
}

# problem FORMAT ARG...: a check failed for the current job (or for the host, outside any job)
problem() {
  PROBLEMS=$((PROBLEMS + 1))
  problem_fmt=$1
  shift
  if [ -n "$JOB" ]; then
    if ! left_out "$JOB"; then LEFT_OUT="$LEFT_OUT $JOB"; fi
    say "  %s: $problem_fmt" "$LABEL" "$@"
  else
    HOST_BAD=1
    say "  $problem_fmt" "$@"
  fi
}

# fail_step FORMAT ARG...: a step of the current job failed: stop here, or leave the job out (--keep-going)
fail_step() {
  FAILURES=$((FAILURES + 1))
  fail_fmt=$1
  shift
  say "  %s: FAILED: $fail_fmt" "$LABEL" "$@"
  if [ "$KEEP" = 1 ]; then
    if ! left_out "$JOB"; then LEFT_OUT="$LEFT_OUT $JOB"; fi
    return 0
  fi
  say 'Stopped at the first failure. Fix it and run migrate.sh again (it goes on where it stopped),'
  say 'or undo what was done: sh %s/rollback.sh (a copy is in %s).' "$HERE" "$STATE"
  exit 1
}

# ---- pre-flight ------------------------------------------------------------------------------

need_root() {
  if [ "$DRY" = 0 ] && [ -z "$ROOT" ] && [ "$(id -u)" != 0 ]; then
    problem 'migrate.sh changes /etc/systemd/system and runs systemctl: run it as root'
  fi
}

# need_tree: migrate.sh sits in var/lib/upstart2systemd/migration/ of the tree it installs from;
# when that tree is the host's root (extracted at / already), its files are their own source
need_tree() {
  CHECKS=$((CHECKS + 1))
  if [ "$TREE" = "$HERE" ]; then
    problem 'migrate.sh is not in %s of the tree convert --out wrote (it is in %s): copy the whole tree' \
      "${KIT#/}/" "$HERE"
    return 0
  fi
  nt_tree=$(cd -P "${TREE:-/}" && pwd) || nt_tree=''
  nt_root=$(cd -P "${ROOT:-/}" && pwd) || nt_root=''
  if [ -n "$nt_tree" ] && [ "$nt_tree" = "$nt_root" ]; then IN_PLACE=1; fi
}

need_systemd() {
  CHECKS=$((CHECKS + 1))
  ns_version=$(systemctl --version 2>/dev/null | sed -n '1s/^systemd \([0-9][0-9]*\).*/\1/p') || ns_version=''
  if [ -z "$ns_version" ]; then
    problem 'systemctl --version does not answer: this host does not run systemd yet (upgrade it first)'
  elif [ "$ns_version" -lt "$SYSTEMD_MIN" ]; then
    problem 'systemd %s is older than %s, the version the units were made for (convert --target)' \
      "$ns_version" "$SYSTEMD_MIN"
  fi
}

# need_file FILE-ID PATH SOURCE SHA256 BEFORE: the file in the tree is intact, and PATH holds what
# it held when the plan was made (BEFORE: its SHA-256, or "absent") or already our file
need_file() {
  CHECKS=$((CHECKS + 1))
  if [ ! -f "$TREE/$3" ] || [ "$(sha_of "$TREE/$3")" != "$4" ]; then
    problem '%s is missing from the tree in %s or differs from the plan: copy the whole tree again' "$3" "${TREE:-/}"
  fi
  nf_path=$ROOT$2
  if [ -L "$nf_path" ] || { [ -e "$nf_path" ] && [ ! -f "$nf_path" ]; }; then
    problem '%s is a symlink or not a regular file (a masked or aliased unit?): it was not expected there' "$2"
  elif [ -f "$nf_path" ]; then
    nf_sha=$(sha_of "$nf_path") || nf_sha=''
    if [ "$nf_sha" != "$4" ] && [ "$nf_sha" != "$5" ]; then
      problem '%s changed since the plan was made (it would be replaced): make the plan again' "$2"
    fi
  fi
}

# need_program PATH: a program the job's commands run exists (a bare name: in PATH)
need_program() {
  CHECKS=$((CHECKS + 1))
  case $1 in
    /*) if [ -f "$ROOT$1" ] && [ -x "$ROOT$1" ]; then return 0; fi ;;
    *) if command -v "$1" > /dev/null 2>&1; then return 0; fi ;;
  esac
  problem 'program %s is missing: install its package first (or make the plan without this job)' "$1"
}

# need_user NAME / need_group NAME: the job runs as a user or group that exists
need_user() {
  CHECKS=$((CHECKS + 1))
  if ! getent passwd "$1" > /dev/null 2>&1; then problem 'user %s does not exist: create it first' "$1"; fi
}

need_group() {
  CHECKS=$((CHECKS + 1))
  if ! getent group "$1" > /dev/null 2>&1; then problem 'group %s does not exist: create it first' "$1"; fi
}

# need_unit MODE UNIT SHA256...: the files systemd reads for UNIT (its unit file, then every
# drop-in) are exactly those the plan was made against. MODE: full (our unit file in
# /etc/systemd/system is checked by need_file), dropin (so is our drop-in), none.
need_unit() {
  CHECKS=$((CHECKS + 1))
  nu_mode=$1 nu_unit=$2
  shift 2
  nu_want=" $* " nu_found=' ' nu_main=''
  for nu_dir in /etc/systemd/system /run/systemd/system /usr/local/lib/systemd/system \
    /lib/systemd/system /usr/lib/systemd/system; do
    nu_file=$ROOT$nu_dir/$nu_unit
    if [ -z "$nu_main" ] && { [ -e "$nu_file" ] || [ -L "$nu_file" ]; }; then
      if [ "$nu_mode" != full ] || [ "$nu_dir" != /etc/systemd/system ]; then
        nu_main=$nu_file
        unit_file "$nu_file"
      fi
    fi
    for nu_file in "$ROOT$nu_dir/$nu_unit.d"/*.conf; do
      if [ ! -e "$nu_file" ] && [ ! -L "$nu_file" ]; then continue; fi
      if [ "$nu_mode" = dropin ] && [ "$nu_file" = "$ROOT/etc/systemd/system/$nu_unit.d/50-upstart2systemd.conf" ]; then
        continue
      fi
      unit_file "$nu_file"
    done
  done
  for nu_sha in $nu_want; do
    case $nu_found in
      *" $nu_sha "*) ;;
      *) problem '%s: a file of it (SHA-256 %s) was there when the plan was made and is gone: make the plan again' \
        "$nu_unit" "$nu_sha" ;;
    esac
  done
}

# unit_file PATH: one file need_unit found; it must be one the plan was made against
unit_file() {
  uf_shown=${1#"$ROOT"}
  if [ -L "$1" ] && [ "$(readlink "$1")" = /dev/null ]; then
    problem '%s is masked (%s links to /dev/null): unmask it first, or make the plan without this job' \
      "$nu_unit" "$uf_shown"
    return 0
  fi
  uf_sha=''
  if [ -f "$1" ]; then uf_sha=$(sha_of "$1") || uf_sha=''; fi
  case $nu_want in
    *" $uf_sha "*)
      if [ -n "$uf_sha" ]; then
        nu_found="$nu_found$uf_sha "
        return 0
      fi
      ;;
  esac
  problem '%s is new or changed since the plan was made (the plan would shadow or miss it): make the plan again' \
    "$uf_shown"
}

# ---- changes ---------------------------------------------------------------------------------

# make_dir DIR-ID PATH: creates a missing directory (rollback.sh removes it again when empty)
make_dir() {
  if skipping || [ -d "$ROOT$2" ]; then return 0; fi
  if [ "$DRY" = 1 ]; then
    say '  %s: would create %s' "$LABEL" "$2"
    return 0
  fi
  : > "$STATE/dirs/$1"
  mkdir -p "$ROOT$2"
  say '  %s: created %s' "$LABEL" "$2"
}

# put FILE-ID PATH SOURCE MODE SHA256: installs one file from the tree, backing up what it replaces
put() {
  if skipping; then return 0; fi
  if [ "$IN_PLACE" = 1 ]; then
    in_place "$@"
    return 0
  fi
  put_path=$ROOT$2
  if [ -f "$put_path" ] && [ ! -L "$put_path" ] && [ "$(sha_of "$put_path")" = "$5" ]; then
    say '  %s: unchanged %s' "$LABEL" "$2"
    return 0
  fi
  CHANGED="$CHANGED $JOB"
  N_FILES=$((N_FILES + 1))
  if [ "$DRY" = 1 ]; then
    if [ -e "$put_path" ]; then put_verb='back up and replace'; else put_verb='install'; fi
    say '  %s: would %s %s' "$LABEL" "$put_verb" "$2"
    return 0
  fi
  if [ -e "$put_path" ]; then
    if [ ! -e "$STATE/backup/$1" ]; then
      cp -p "$put_path" "$STATE/backup/$1.tmp"
      mv -f "$STATE/backup/$1.tmp" "$STATE/backup/$1"
    fi
    put_verb="replaced (the old one is kept as $STATE/backup/$1)"
  else
    : > "$STATE/created/$1"
    put_verb='installed'
  fi
  : > "$STATE/reload-pending"
  cp "$TREE/$3" "$put_path.u2s-new"
  chmod "$4" "$put_path.u2s-new"
  mv -f "$put_path.u2s-new" "$put_path"
  say '  %s: %s %s' "$LABEL" "$put_verb" "$2"
}

# in_place FILE-ID PATH SOURCE MODE SHA256: the tree was extracted at / already, so PATH holds our
# file (need_file checked it): taken as it is, once (rollback.sh removes it when nothing was there
# before); what it replaced was overwritten by the extraction and could not be backed up
in_place() {
  if [ -e "$STATE/in-place/$1" ] || [ -e "$STATE/created/$1" ] || [ -e "$STATE/backup/$1" ]; then
    say '  %s: unchanged %s' "$LABEL" "$2"
    return 0
  fi
  if [ "$IN_PLACE_SAID" = 0 ]; then
    IN_PLACE_SAID=1
    say '  the tree was extracted at /: its files are already in place, no backup possible of what they replaced'
  fi
  CHANGED="$CHANGED $JOB"
  N_PLACED=$((N_PLACED + 1))
  if [ "$DRY" = 1 ]; then
    say '  %s: would take %s as it is (already in place)' "$LABEL" "$2"
    return 0
  fi
  chmod "$4" "$ROOT$2"
  : > "$STATE/in-place/$1"
  : > "$STATE/reload-pending"
  say '  %s: already in place %s' "$LABEL" "$2"
}

# reload: systemctl daemon-reload when a file changed (also after a run stopped before it)
reload() {
  if [ "$DRY" = 1 ]; then
    if [ -n "$CHANGED" ]; then say '  would run: systemctl daemon-reload'; fi
    return 0
  fi
  if [ -e "$STATE/reload-pending" ]; then
    systemctl daemon-reload
    rm -f "$STATE/reload-pending"
    say '  systemctl daemon-reload'
  fi
}

# was_active UNIT-ID UNIT: records, on the first run only, which units were active before it
was_active() {
  if systemctl is-active --quiet -- "$2" 2> /dev/null; then : > "$STATE/was-active.new/$1"; fi
}

# links_to UNIT: the symlinks named UNIT under /etc/systemd/system (what enable makes), one a line
links_to() {
  find "$ROOT/etc/systemd/system" -type l -name "$1" 2> /dev/null | sort
}

# enable_unit UNIT-ID UNIT: systemctl enable (rollback.sh disables only what this enabled)
enable_unit() {
  if skipping; then return 0; fi
  eu_state=$(systemctl is-enabled -- "$2" 2> /dev/null) || eu_state=''
  case $eu_state in
    enabled | enabled-runtime | alias)
      say '  %s: %s is already enabled' "$LABEL" "$2"
      return 0
      ;;
    masked | masked-runtime)
      fail_step '%s is masked: unmask it first (systemctl unmask %s)' "$2" "$2"
      return 0
      ;;
  esac
  N_ENABLED=$((N_ENABLED + 1))
  if [ "$DRY" = 1 ]; then
    say '  %s: would enable %s' "$LABEL" "$2"
    return 0
  fi
  : > "$STATE/enabled/$1"
  eu_before=$(links_to "$2")
  if systemctl --quiet enable -- "$2"; then
    # the links this enable made, for rollback.sh when systemctl disable cannot run
    links_to "$2" | while IFS= read -r eu_link; do
      case "
$eu_before
" in
        *"
$eu_link
"*) ;;
        *) printf '%s\n' "$eu_link" ;;
      esac
    done > "$STATE/enabled/$1.new" && mv -f "$STATE/enabled/$1.new" "$STATE/enabled/$1"
    say '  %s: enabled %s' "$LABEL" "$2"
  else
    fail_step 'systemctl enable %s failed (see above)' "$2"
  fi
}

# unit_state UNIT: whether the unit is up, saying how in UP: active, or for a task (Type=oneshot
# without RemainAfterExit) that it ran and exited 0
unit_state() {
  us_active=$(prop ActiveState "$1")
  us_result=$(prop Result "$1")
  us_type=$(prop Type "$1")
  us_remain=$(prop RemainAfterExit "$1")
  if [ "$us_type" = oneshot ] && [ "$us_remain" = no ]; then
    UP="a task: ActiveState=$us_active, Result=$us_result"
    if [ "$us_active" = inactive ] && [ "$us_result" = success ]; then UP='ran and exited 0'; fi
    [ "$UP" = 'ran and exited 0' ]
    return
  fi
  UP="ActiveState=$us_active, Result=$us_result"
  if [ "$us_active" = active ]; then UP=active; fi
  [ "$UP" = active ]
}

# prop NAME UNIT: one property of a unit (systemctl show), '' when there is none
prop() {
  prop_line=$(systemctl show -p "$1" -- "$2" 2> /dev/null) || prop_line=''
  printf '%s' "${prop_line#*=}"
}

# start_unit UNIT-ID UNIT: starts a unit that ran under Upstart (restarts it when this run changed
# its files) and checks it is up
start_unit() {
  if skipping; then return 0; fi
  if systemctl is-active --quiet -- "$2" 2> /dev/null; then
    # restarted only when it ran before this migration and its files changed: a unit another one
    # started since the install (a job starting its instances) already runs with the new files
    su_verb=''
    case " $CHANGED " in
      *" $JOB "*) if [ -e "$STATE/was-active/$1" ]; then su_verb='restart'; fi ;;
    esac
    if [ -z "$su_verb" ]; then
      say '  %s: %s is already active' "$LABEL" "$2"
      return 0
    fi
  else
    su_verb='start'
  fi
  N_STARTED=$((N_STARTED + 1))
  if [ "$DRY" = 1 ]; then
    say '  %s: would %s %s' "$LABEL" "$su_verb" "$2"
    return 0
  fi
  if [ "$su_verb" = restart ]; then : > "$STATE/restarted/$1"; fi
  STARTED_NOW="$STARTED_NOW $1"
  systemctl "$su_verb" -- "$2" || :
  if unit_state "$2"; then
    say '  %s: %sed %s: %s' "$LABEL" "$su_verb" "$2" "$UP"
  else
    fail_step '%s did not start (%s): see systemctl status %s, journalctl -u %s' "$2" "$UP" "$2" "$2"
  fi
}

# verify_unit UNIT-ID UNIT: a unit started by this run is still up a moment later
verify_unit() {
  if skipping; then return 0; fi
  case " $STARTED_NOW " in
    *" $1 "*) ;;
    *) return 0 ;;
  esac
  if unit_state "$2"; then
    say '  %s: %s: %s' "$LABEL" "$2" "$UP"
  else
    fail_step '%s stopped after it started (%s): see systemctl status %s, journalctl -u %s' "$2" "$UP" "$2" "$2"
  fi
}

# not_migrated LABEL REASON: a job the plan skips although it ran under Upstart
not_migrated() {
  say '  %s ran under Upstart and is not migrated: %s' "$1" "$2"
}

# ---- the run ---------------------------------------------------------------------------------

main() {
  for arg do
    case $arg in
      --dry-run) DRY=1 ;;
      --keep-going) KEEP=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        say 'migrate.sh: unknown option %s' "$arg" >&2
        usage >&2
        exit 2
        ;;
    esac
  done
  if [ "$DRY" = 1 ]; then main_how=' (dry run: nothing is changed)'; else main_how=''; fi
  say 'upstart2systemd migration, plan %s: %s job(s) for %s (systemd %s)%s' \
    "$PLAN" "$JOBS" "$TARGET" "$SYSTEMD_MIN" "$main_how"
  say 'pre-flight:'
  need_root
  need_tree
  need_systemd
  preflight
  JOB='' LABEL=''
  if [ "$HOST_BAD" = 1 ] || { [ "$PROBLEMS" -gt 0 ] && [ "$KEEP" = 0 ]; }; then
    say '%s problem(s) found. Nothing was changed.' "$PROBLEMS"
    if [ "$HOST_BAD" = 0 ]; then
      say 'Fix them and run migrate.sh again, make the plan again from the host as it is now,'
      say 'or run migrate.sh --keep-going to migrate the other jobs without these.'
    fi
    exit 1
  fi
  if [ "$PROBLEMS" -gt 0 ]; then
    say '  %s problem(s): the jobs named above are left out (--keep-going)' "$PROBLEMS"
  else
    say '  %s checks passed' "$CHECKS"
  fi
  if [ "$DRY" = 0 ]; then
    mkdir -p "$STATE/backup" "$STATE/created" "$STATE/in-place" "$STATE/dirs" "$STATE/enabled" "$STATE/restarted"
    if [ ! -d "$STATE/was-active" ]; then
      rm -rf "$STATE/was-active.new"
      mkdir "$STATE/was-active.new"
      record_active
      mv "$STATE/was-active.new" "$STATE/was-active"
    fi
    cp "$HERE/rollback.sh" "$STATE/rollback.sh.new" && mv -f "$STATE/rollback.sh.new" "$STATE/rollback.sh"
    cp "$HERE/plan.json" "$STATE/plan.json.new" && mv -f "$STATE/plan.json.new" "$STATE/plan.json"
  fi
  say 'install:'
  install_files
  reload
  say 'enable:'
  enable_units
  say 'start:'
  start_units
  if [ -n "$STARTED_NOW" ]; then
    sleep "$SETTLE"
    say 'check, %s s later:' "$SETTLE"
    verify_units
  fi
  JOB='' LABEL=''
  ran_but_skipped
  if [ "$N_PLACED" = 0 ]; then main_placed=''; else main_placed=" ($N_PLACED already in place)"; fi
  if [ "$DRY" = 1 ]; then
    say 'Dry run: nothing was changed (%s file(s) to install%s, %s unit(s) to enable, %s to start).' \
      "$N_FILES" "$main_placed" "$N_ENABLED" "$N_STARTED"
  elif [ "$N_FILES" = 0 ] && [ "$N_PLACED" = 0 ] && [ "$N_ENABLED" = 0 ] && [ "$N_STARTED" = 0 ]; then
    say 'Nothing to change: everything in plan %s is already in place.' "$PLAN"
  else
    say 'Done: %s file(s) installed%s, %s unit(s) enabled, %s unit(s) started.' \
      "$N_FILES" "$main_placed" "$N_ENABLED" "$N_STARTED"
    say 'Undo with: sh %s/rollback.sh (a copy is in %s)' "$HERE" "$STATE"
  fi
  if [ -n "$LEFT_OUT" ]; then
    say 'Some jobs were left out (see above): migrate.sh exits 1.'
    exit 1
  fi
  exit 0
}
