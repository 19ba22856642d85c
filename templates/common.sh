# The functions migrate.sh and rollback.sh share (templates/common.sh in upstart2systemd), put into
# each at its `# @common` line by src/plan/scripts.ts: each script stays one self-contained file.
# say FORMAT ARG...: one line for the operator; control characters in the ARGs are shown as '?'
say() {
  say_fmt=$1
  shift
  for say_arg do
    set -- "$@" "$(printf '%s' "$say_arg" | LC_ALL=C tr '\000-\037\177' '[?*]')"
    shift
  done
  # shellcheck disable=SC2059 # the format is always a literal of this file
  printf "$say_fmt\n" "$@"
}

# sha_of FILE: the SHA-256 of a file's content
sha_of() {
  sha_out=$(sha256sum < "$1") || return 1
  printf '%s' "${sha_out%% *}"
}
