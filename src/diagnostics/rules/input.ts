/** The input/… rules: a path that cannot be read as a job file, and oddities found while walking job directories. */
import type { FamilyRules } from './spec';

/** The input/… rules, by id. */
export const INPUT_RULES = {
  'input/not-found': {
    severity: 'error',
    summary: 'The path does not exist (or is a dangling symlink).',
    action: 'Check the path; with --root, paths are inside the root.',
  },
  'input/symlink-loop': {
    severity: 'error',
    summary: 'A symlink points back to itself, so the file (or directory) cannot be read.',
    action: 'Remove or fix the link; the rest of the batch is processed.',
  },
  'input/outside-root': {
    severity: 'error',
    summary:
      'Under --root, a symlink on the way to a job file (or directory) points above the root (`..` past `/`); ' +
      'it is not followed outside the root, so the file is not read.',
    action: 'Fix the link in the copy (an absolute target is read inside the root), or name the file directly.',
  },
  'input/directory-loop': {
    severity: 'warning',
    summary: 'While walking, a directory symlink loops back to a directory already walked; Upstart skips it too.',
    action: 'Nothing: its jobs are read once. Remove the link if it is a mistake.',
  },
  'input/unreadable': {
    severity: 'error',
    summary: 'The file or directory cannot be read (permission denied or an I/O error).',
    action: 'Run with enough privileges or copy the tree somewhere readable.',
  },
  'input/is-directory': {
    severity: 'error',
    summary: 'A path given as a job file is a directory.',
    action: 'Pass the directory itself to process every job in it.',
  },
  'input/directory-named-like-job': {
    severity: 'warning',
    summary:
      'While walking, a directory is named like a job file (x.conf); Upstart walks it as a sub-directory of jobs, ' +
      'and so does the conversion.',
    action: 'Rename it if the job names inside (x.conf/JOB) are not what you meant.',
  },
  'input/not-regular': {
    severity: 'error',
    summary:
      'A path given as a job file is a device, FIFO or socket; Upstart only loads regular files (it is never opened).',
    action: 'Check the path.',
  },
  'input/not-regular-skipped': {
    severity: 'warning',
    summary:
      'While walking, a device, FIFO or socket is named like a job file; Upstart skips it, and so does the ' +
      'conversion.',
    action: 'Remove it from the job directory.',
  },
  'input/too-large': {
    severity: 'error',
    summary: 'The file is larger than 1 MiB, far beyond any job file; it is not read.',
    action: 'Check that the path is right.',
  },
  'input/nul-byte': {
    severity: 'warning',
    summary:
      'The file contains NUL bytes. Upstart reads past them (a NUL is a blank to its parser and ends the word ' +
      'or line it is in, and cuts a quoted value or script line there); the conversion reads the job the same way.',
    action: 'Remove the NUL bytes, and check that the file is the job you meant.',
  },
  'input/not-utf8': {
    severity: 'warning',
    summary:
      'The file is not valid UTF-8. Upstart reads raw bytes; bytes that are not UTF-8 are read as Latin-1 and ' +
      'the unit is written in UTF-8, so a byte in a path, user name or command is spelled differently there.',
    action: 'Re-encode the job (iconv -f latin1 -t utf-8) if such a byte names a file, or check the unit.',
  },
  'input/orphan-override': {
    severity: 'info',
    summary: 'An .override file has no .conf beside it; Upstart ignores it.',
    action: 'Delete it or restore its job.',
  },
  'input/symlink': {
    severity: 'info',
    summary: 'A job file is a symlink; Upstart does not support symlinked jobs consistently (followed here).',
    action: 'Replace the link with the file if the job matters.',
  },
  'input/override-not-read': {
    severity: 'warning',
    summary:
      'An .override file cannot be used: it is missing, unreadable, too large, binary or not UTF-8 (the message says ' +
      'which); the job is converted without it.',
    action: 'Fix or remove the override and convert again.',
  },
  'input/tarball-member-skipped': {
    severity: 'warning',
    summary:
      'A member of the --root tarball is not used: its name climbs out of the archive (`..`) or holds a NUL, it lies ' +
      'under a member that is not a folder, or it is a hard link to nothing before it.',
    action: 'A tarball made by `upstart2systemd collect` has no such member: check where this one came from.',
  },
  'input/host-facts': {
    severity: 'info',
    summary:
      'The root holds what `upstart2systemd collect` recorded on the host (docs/collect.md); the message says which ' +
      'facts the conversion uses (the Upstart version picks the grammar unless --upstart-version is given).',
    action: 'Nothing.',
  },
  'input/host-facts-unreadable': {
    severity: 'warning',
    summary:
      "A file of the root's `upstart2systemd/` folder cannot be read, or the folder has another format than this " +
      'version reads: the facts it holds are unknown.',
    action: 'Collect again with the script of this version (`upstart2systemd collect`).',
  },
  'input/config-invalid': {
    severity: 'error',
    summary:
      'The config file (`upstart2systemd.yaml`, or `--config FILE`) cannot be used: it cannot be read, is not ' +
      'YAML, has a key or value the format does not have, names an unknown target, profile or rule, or lowers a ' +
      'rule that is an error; reported at file:line:column, and nothing is converted (exit 2).',
    action: 'Fix the file (docs/config.md describes it), or run with --no-config to ignore it.',
  },
  'input/baseline-invalid': {
    severity: 'error',
    summary:
      'The --baseline file cannot be used: it cannot be read, is not JSON, or has a key or value the format does ' +
      'not have (an unknown rule, a count that is not a positive whole number); reported at file:line:column, ' +
      'and nothing is converted (exit 2).',
    action: 'Fix the file (docs/ci.md describes it), or write it anew: delete it, or run with --update-baseline.',
  },
} as const satisfies FamilyRules<'input'>;
