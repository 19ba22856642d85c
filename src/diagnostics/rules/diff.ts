/** The diff/… rules: reading and comparing the units that already exist. */
import type { FamilyRules } from './spec';

/** The diff/… rules, by id. */
export const DIFF_RULES = {
  'diff/unit-syntax': {
    severity: 'warning',
    summary:
      "A line of an existing unit that systemd ignores (Missing '=', an assignment outside a section, .include, an " +
      'unknown section) or that stops it reading a drop-in (a bad section header), with its line.',
    action: 'Fix the unit; the comparison uses what systemd reads.',
  },
  'diff/unit-fails-to-load': {
    severity: 'error',
    summary:
      'A line of an existing unit file stops systemd reading it (a bad section header, a line of 1 MiB or more): the ' +
      'unit fails to load.',
    action: 'Fix the unit; the comparison uses the lines before that one.',
  },
  'diff/unit-ignored-setting': {
    severity: 'warning',
    summary:
      'An assignment in an existing unit that systemd does not apply as written: an empty value a directive refuses, ' +
      'or an empty dependency, which cannot reset the list.',
    action: 'Read the message; the comparison uses what systemd applies.',
  },
  'diff/unit-fatal-setting': {
    severity: 'error',
    summary:
      'An empty value in an existing unit that systemd treats as fatal (`DynamicUser=`): the unit does not start.',
    action: 'Write the value (e.g. `DynamicUser=no`) or remove the line.',
  },
  'diff/unit-unreadable': {
    severity: 'error',
    summary:
      'The existing unit (or a drop-in) cannot be read: permission denied, a symlink loop, not a regular file. The ' +
      'job is not compared or written.',
    action: 'Fix the file or its permissions and run again.',
  },
  'diff/unit-outside-root': {
    severity: 'error',
    summary:
      'The existing unit (or a drop-in, or its folder) is a symlink whose target leaves the tree compared with: ' +
      '`..` above --root or --against, or an absolute target in a plain folder of units. It is not read; the job is ' +
      'not compared or written.',
    action: 'Fix the link in the copy, or compare with --against a tree that holds the unit.',
  },
  'diff/unit-masked': {
    severity: 'warning',
    summary: 'The existing unit is masked (a symlink to /dev/null).',
    action: 'Unmask it once the converted unit is in place.',
  },
  'diff/unit-renamed': {
    severity: 'info',
    summary:
      'The job was compared with a unit of another name: an alias, a well-known replacement, or the one given with ' +
      '--unit-name.',
    action: 'Check that it is the right unit.',
  },
  'diff/no-existing-unit': {
    severity: 'info',
    summary: 'Drop-in mode, but no unit exists for the job: the full unit is written.',
    action: 'Nothing.',
  },
  'diff/packaged-dropin': {
    severity: 'info',
    summary:
      'A job file owned by a Debian package (`collect` asked dpkg) whose package ships its own unit: compared in auto ' +
      'mode by default, so it becomes a drop-in over the packaged unit when the root holds that unit.',
    action: 'Nothing; give --mode full to write the whole unit instead.',
  },
  'diff/dropin-manual': {
    severity: 'warning',
    summary: 'The job is manual, but a drop-in cannot stop the existing unit from being enabled.',
    action: 'Run systemctl disable UNIT.',
  },
  'diff/dropin-cannot-unset': {
    severity: 'info',
    summary: 'The existing unit sets a single-valued directive the job does not; a drop-in leaves it as it is.',
    action: 'Set the value you want in the drop-in by hand.',
  },
  'diff/dropin-leaves-out': {
    severity: 'warning',
    summary:
      'A drop-in carries only what the job adds (its override, environment, limits, identity, hardening): the ' +
      'existing unit with the drop-in still differs from the unit the job converts to — another Restart=, an ' +
      'ExecReload= the job lacks, a dependency or an [Install] setting. The message lists each difference left as it ' +
      'is (the semantic diff of the unit with the drop-in against the full unit).',
    action:
      'Where the job was right, set those directives in a drop-in of your own (systemctl edit UNIT); for ' +
      '[Install] and dependencies the unit has and the job had not, which a drop-in cannot change, write the ' +
      'whole unit (--mode full). Or keep the package unit as it is.',
  },
} as const satisfies FamilyRules<'diff'>;
