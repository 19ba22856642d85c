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
} as const satisfies FamilyRules<'output'>;
