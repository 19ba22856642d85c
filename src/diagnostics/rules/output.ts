/** The output/… rules: writing the generated files. */
import type { FamilyRules } from './spec';

/** The output/… rules, by id. */
export const OUTPUT_RULES = {
  'output/exists': {
    severity: 'error',
    summary:
      'The file exists in --out and differs (or another run created it, with other content, while this one ' +
      'wrote); it is not overwritten. A file identical to the generated one is reported unchanged instead.',
    action:
      'See how it differs: run the same command with --out NEW (an empty folder) and diff -ru OUT NEW; for a unit, ' +
      'also with --against OUT --diff in place of --out (--diff alone compares with --root, not --out). Then rerun ' +
      'with --force to replace it.',
  },
  'output/write-failed': {
    severity: 'error',
    summary:
      'The file could not be written (or the existing one read); the message names the cause: permission denied ' +
      '(EACCES), read-only file system (EROFS), no space left (ENOSPC), a file where a folder should be.',
    action: 'Check permissions, mounts and space.',
  },
  'output/symlink': {
    severity: 'error',
    summary:
      'The file to write, or a folder between --out and it (such as UNIT.service.d), is a symlink (dangling or ' +
      'not); it is never followed nor replaced, even with --force, so nothing is written outside --out.',
    action: 'Remove the link, or write to another --out.',
  },
  'output/outside-out': {
    severity: 'error',
    summary: 'A file name is absolute or climbs out of --out (`..`); it is not written.',
    action: 'Report it: generated names are always plain relative paths.',
  },
  'output/unwritable-value': {
    severity: 'error',
    summary:
      'A value cannot be written in a unit file so that systemd reads it back as meant (a line break, a relative ' +
      'path, a name systemd refuses, a trailing backslash…); the unit is not written and the job fails. Values of ' +
      'the job are checked earlier, where they are written (convert/invalid-value); this catches what profiles, ' +
      '--var values and derived paths bring.',
    action: 'Change the value where the message says it comes from (the job, the profile or --var).',
  },
  'output/report-not-written': {
    severity: 'error',
    summary:
      'The --report file could not be written: it is a symlink (never followed nor replaced), not a regular ' +
      'file, or the write failed (the message names the cause). The units are written (or not) as without --report.',
    action: 'Choose another path for the report, or fix the permissions or space the message names.',
  },
  'output/baseline-not-written': {
    severity: 'error',
    summary:
      'The --baseline file could not be written (new, or with --update-baseline): it is a symlink (never ' +
      'followed nor replaced), not a regular file, or the write failed (the message names the cause).',
    action: 'Choose another path for the baseline, or fix the permissions or space the message names.',
  },
} as const satisfies FamilyRules<'output'>;
