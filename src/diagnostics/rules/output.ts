/** The output/… rules: writing the generated files. */
import type { FamilyRules } from './spec';

/** The output/… rules, by id. */
export const OUTPUT_RULES = {
  'output/exists': {
    severity: 'error',
    summary: 'The file exists in --out and differs; it is not overwritten.',
    action: 'Review it, then rerun with --force.',
  },
  'output/write-failed': {
    severity: 'error',
    summary: 'The file could not be written (or the existing one read).',
    action: 'Check permissions and space.',
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
} as const satisfies FamilyRules<'output'>;
