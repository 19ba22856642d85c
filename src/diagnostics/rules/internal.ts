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
  'internal/read-back-mismatch': {
    severity: 'error',
    summary:
      'A rendered unit, drop-in or helper script, read back the way systemd reads it, does not hold exactly the ' +
      'sections, keys and values it was made from (or a header line is not a comment); it is not written and the ' +
      'job fails, the rest of the batch is converted.',
    action: 'Report it with the job file; it is a fault of the escaping, not of the job.',
  },
} as const satisfies FamilyRules<'internal'>;
