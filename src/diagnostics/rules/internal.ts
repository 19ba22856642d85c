/** The internal/… rules: faults of the tool itself. */
import type { FamilyRules } from './spec';

/** The internal/… rules, by id. */
export const INTERNAL_RULES = {
  'internal/error': {
    severity: 'error',
    summary:
      'The tool itself failed on this job (a fault of ours, not of the job); the job is not converted, the rest of ' +
      'the batch is.',
    action: 'Report it with the job file; convert the job by hand meanwhile.',
  },
} as const satisfies FamilyRules<'internal'>;
