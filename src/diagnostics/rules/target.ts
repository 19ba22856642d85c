/** The target/… rules: what the target systemd version does not know. */
import type { FamilyRules } from './spec';

/** The target/… rules, by id. */
export const TARGET_RULES = {
  'target/renamed': {
    severity: 'info',
    summary: 'A directive is written in the older spelling (and section) the target understands.',
    action: 'Nothing.',
  },
  'target/value-rewritten': {
    severity: 'info',
    summary: 'A value the target does not know was replaced by its older equivalent (Type=exec → simple…).',
    action: 'Read the note for what changes.',
  },
  'target/unsupported': {
    severity: 'warning',
    summary: 'A directive or value is newer than the target systemd and was dropped.',
    action: 'Choose a newer --target, or accept the difference.',
  },
  'target/hardening-unsupported': {
    severity: 'info',
    summary:
      'A sandboxing directive of a hardening profile is newer than the target systemd and was left out: the service ' +
      'runs as confined as the job was, not more.',
    action: 'Nothing, or choose a newer --target; `profiles show NAME --target T` lists what a target drops.',
  },
  'target/line-too-long': {
    severity: 'error',
    summary:
      'A line of the unit is longer than the target systemd reads as one line (2047 bytes before v235), which ' +
      'would split it and read the rest as another line (possibly another directive); the unit is not written.',
    action: 'Shorten the value (a helper script, an EnvironmentFile=), or choose a target with systemd 235 or newer.',
  },
} as const satisfies FamilyRules<'target'>;
