#!/bin/sh
# upstart2systemd collect (format 1), written by upstart2systemd @VERSION@.
#
# Records what converting this Upstart host's jobs needs, in ONE tarball, for
#     upstart2systemd convert --root THE.tar.gz
# Run it as root on the host (a stock Ubuntu 14.04 has all it needs: sh, coreutils, findutils,
# tar, gzip; no Node, no Python):
#     sudo sh collect.sh [OUT.tar.gz]
# It only reads the system; it writes the tarball (never over an existing file) and a temporary
# folder it removes. It collects /etc/init, /etc/default, /etc/init.d, /etc/systemd and
# /lib/systemd/system (symlinks kept as symlinks, never followed), and in upstart2systemd/: the
# Upstart version, `initctl list`, /etc/lsb-release, which package owns each job file, user and
# group NAMES (no passwords or hashes), and which programs exist. Layout: docs/collect.md.
set -eu

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
umask 022

FORMAT=1
TOOL='upstart2systemd @VERSION@'
# the trees collected, relative to /
TREES='etc/init etc/default etc/init.d etc/systemd lib/systemd/system'
# folders whose programs are listed (plus /opt/*/bin)
BIN_DIRS='/bin /sbin /usr/bin /usr/sbin /usr/local/bin /usr/local/sbin'
NL='
'

die() {
  printf 'upstart2systemd-collect: %s\n' "$*" >&2
  exit 1
}

# a fact that could not be recorded: said on stderr and kept in upstart2systemd/notes
note() {
  printf 'upstart2systemd-collect: note: %s\n' "$*" >&2
  printf '%s\n' "$*" >>"$meta/notes"
}

# the path of a program installed as a file along PATH, or nothing: a shell builtin or one of
# busybox's applets is not the host's init, initctl or dpkg
program() {
  saved_ifs=$IFS
  IFS=:
  for dir in $PATH; do
    if [ -f "$dir/$1" ] && [ -x "$dir/$1" ]; then
      IFS=$saved_ifs
      printf '%s\n' "$dir/$1"
      return 0
    fi
  done
  IFS=$saved_ifs
  return 1
}

usage() {
  printf 'usage: sh collect.sh [OUT.tar.gz]\n'
  printf '  writes OUT.tar.gz (default ./upstart2systemd-HOSTNAME-DATE.tar.gz) and prints its path\n'
}

case ${1:-} in
  -h | --help)
    usage
    exit 0
    ;;
  --)
    shift
    ;;
  -?*) die "unknown option $1 (a path starting with - is written ./-NAME)" ;;
esac
[ "$#" -le 1 ] || die 'one argument at most: the tarball to write'
case ${1:-} in -*) set -- "./$1" ;; esac

[ "$(id -u)" = 0 ] || die 'run me as root (sudo sh collect.sh): job files, dpkg and initctl need it'
for tool in tar gzip mktemp cp find sed cut tr sort; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: it is needed to collect (apt-get install $tool)"
done

host=$(hostname 2>/dev/null || cat /etc/hostname 2>/dev/null || echo host)
host=$(printf '%s' "$host" | tr -c 'A-Za-z0-9._-' '_')
out=${1:-./upstart2systemd-$host-$(date +%Y%m%d%H%M%S).tar.gz}
case $out in
  '') die 'the tarball path is empty' ;;
  */) die "$out names a folder; give a file name" ;;
  */*) outdir=${out%/*} ;;
  *) outdir=. ;;
esac
[ -n "$outdir" ] || outdir=/
[ -d "$outdir" ] || die "$outdir is not a folder"
if [ -e "$out" ] || [ -L "$out" ]; then
  die "$out exists; give another path (an existing file is never overwritten)"
fi
case $outdir in
  /*) ;;
  *) outdir=$(pwd)/$outdir ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/upstart2systemd.XXXXXX") || die 'cannot create a temporary folder'
part=$outdir/.upstart2systemd-collect.$$.part
trap 'rm -rf "$tmp"; rm -f "$part"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

stage=$tmp/root
meta=$stage/upstart2systemd
mkdir "$stage" "$meta"

# the trees, copied as they are: cp -a keeps symlinks as symlinks (never follows one) and modes
for tree in $TREES; do
  if [ -e "/$tree" ] || [ -L "/$tree" ]; then
    mkdir -p "$stage/${tree%/*}"
    cp -a "/$tree" "$stage/$tree"
  fi
done

printf '%s\n' "$FORMAT" >"$meta/format"
{
  printf 'tool=%s\n' "$TOOL"
  printf 'hostname=%s\n' "$host"
  printf 'date=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$meta/collected"

# the Upstart version picks the grammar the jobs are read with
if ! init=$(program init); then
  note 'no init command: the Upstart version is unknown'
elif ! "$init" --version >"$meta/init-version" 2>/dev/null; then
  rm -f "$meta/init-version"
  note 'init --version failed: the Upstart version is unknown'
fi

# which jobs and instances run
if ! initctl=$(program initctl); then
  note 'no initctl command: which jobs run is unknown'
elif ! "$initctl" list >"$meta/initctl-list" 2>/dev/null; then
  rm -f "$meta/initctl-list"
  note 'initctl list failed: which jobs run is unknown'
fi

if [ -f /etc/lsb-release ]; then
  cp /etc/lsb-release "$meta/lsb-release"
else
  note 'no /etc/lsb-release: the release is unknown'
fi

# which package owns each job file: one dpkg -S for all (exit 1 when it owns none of them)
if dpkg=$(program dpkg); then
  "$dpkg" -S '/etc/init/*' >"$meta/dpkg-search" 2>/dev/null || :
else
  note 'no dpkg: which package owns each job is unknown'
fi

# user and group names only: never a password field or a hash
if [ -f /etc/passwd ]; then cut -d: -f1 /etc/passwd >"$meta/users"; fi
if [ -f /etc/group ]; then cut -d: -f1 /etc/group >"$meta/groups"; fi

# which programs exist: the usual bin folders, and the absolute paths the jobs name
list_bin_dirs() {
  for dir in $BIN_DIRS /opt/*/bin; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*; do
      case $f in *"$NL"*) continue ;; esac
      if [ -f "$f" ] && [ -x "$f" ]; then printf '%s\n' "$f"; fi
    done
  done
}
named_programs() {
  for dir in /etc/init /etc/default; do
    if [ -d "$dir" ]; then find "$dir" -type f -exec cat {} + 2>/dev/null || :; fi
  done | tr -c 'A-Za-z0-9_./+-' '\n' | sed -n 's|^\(/[A-Za-z0-9_.+-].*\)|\1|p' | sort -u |
    while IFS= read -r p; do
      if [ -f "$p" ] && [ -x "$p" ]; then printf '%s\n' "$p"; fi
    done
}
{
  list_bin_dirs
  named_programs
} | sort -u >"$meta/programs"

set --
for top in etc lib upstart2systemd; do
  if [ -e "$stage/$top" ]; then set -- "$@" "$top"; fi
done
# the tarball is readable by root only: it names users, groups and every job
(umask 077 && cd "$stage" && tar -czf "$part" "$@") || die 'tar failed; nothing was written'
if [ -e "$out" ] || [ -L "$out" ]; then
  die "$out appeared while collecting; not overwritten"
fi
mv "$part" "$out"
printf '%s\n' "$out"
