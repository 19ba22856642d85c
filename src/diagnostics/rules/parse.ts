/** The parse/… rules: what the real Upstart parser rejects (ERRORS.md), reported at the same line. */
import type { FamilyRules } from './spec';

/** The parse/… rules, by id. */
export const PARSE_RULES = {
  'parse/expected-token': {
    severity: 'error',
    summary:
      'A required word is missing (or is empty after quotes are removed), e.g. `description ""`, `exec` alone, ' +
      '`limit nofile 4096` with one value.',
    action: 'Add the missing value; the hint shows the stanza syntax.',
  },
  'parse/unexpected-token': {
    severity: 'error',
    summary: 'Extra text after a stanza that takes one argument, e.g. `description my job` or `env A = 1`.',
    action: 'Quote values with blanks (`description "my job"`, `env A="x y"`).',
  },
  'parse/trailing-slash': {
    severity: 'error',
    summary: 'The file ends with a backslash.',
    action: 'Remove it or add the continued line.',
  },
  'parse/unterminated-quote': {
    severity: 'error',
    summary: 'A quote is never closed; Upstart read to the end of the file looking for it.',
    action: 'Close the quote.',
  },
  'parse/unterminated-block': {
    severity: 'error',
    summary: 'A script block has no `end script` line (`END SCRIPT`, `endscript`, `end script now` do not count).',
    action: 'Add a line `end script`.',
  },
  'parse/unknown-stanza': {
    severity: 'error',
    summary: 'Not a stanza (or not a valid word after one), case-sensitive; also `cgroup` on Upstart 1.12.',
    action: 'Fix the spelling; the hint lists what is accepted.',
  },
  'parse/illegal-interval': {
    severity: 'error',
    summary: 'A time value is not a non-negative decimal integer (`kill timeout`, respawn interval).',
    action: 'Write whole seconds, e.g. `kill timeout 30`.',
  },
  'parse/illegal-exit': {
    severity: 'error',
    summary: 'A `normal exit` value is neither a signal name nor a decimal status.',
    action: 'Use statuses 0-255 or upper-case signal names (TERM, SIGHUP).',
  },
  'parse/illegal-signal': {
    severity: 'error',
    summary:
      'A `kill signal`/`reload signal` value is neither a signal name nor a number (Upstart logs this one without a ' +
      'line number).',
    action: 'Use an upper-case signal name.',
  },
  'parse/illegal-umask': {
    severity: 'error',
    summary: 'A `umask` is not an octal number within 0777.',
    action: 'Write e.g. `umask 022`.',
  },
  'parse/illegal-nice': {
    severity: 'error',
    summary: 'A `nice` value is outside -20..19.',
    action: 'Use -20..19.',
  },
  'parse/illegal-oom': {
    severity: 'error',
    summary: 'An `oom` value is outside -17..15 (or `oom score` outside -1000..1000), or not a number or `never`.',
    action: 'Use `oom score N` with -1000..1000 or `never`.',
  },
  'parse/illegal-limit': {
    severity: 'error',
    summary: 'A `limit` value (or respawn limit count) is not `unlimited` or a plain decimal (no units, no hex).',
    action: 'Write bytes or counts as plain integers.',
  },
  'parse/expected-event': {
    severity: 'error',
    summary: 'An event expression has an operator where an event is needed (first, last, doubled, empty parentheses).',
    action: 'Put an event on each side of `and`/`or`.',
  },
  'parse/expected-operator': {
    severity: 'error',
    summary: 'Two events or groups follow each other without `and`/`or`, e.g. `a (b or c)`.',
    action: 'Insert the operator you mean.',
  },
  'parse/expected-variable': {
    severity: 'error',
    summary: 'A positional event argument follows a KEY=VALUE one.',
    action: 'Put positional arguments first.',
  },
  'parse/mismatched-parens': {
    severity: 'error',
    summary: 'Parentheses do not balance; an unclosed `(` swallows the rest of the file.',
    action: 'Balance the parentheses.',
  },
  'parse/conf-rejected-with-override': {
    severity: 'warning',
    summary:
      'Upstart rejected the .conf (the message names its error) and, because an .override is beside it, ' +
      'defined the job from the override alone; the conversion does the same.',
    action: 'Fix the .conf, or make the override the whole job.',
  },
  'parse/override-error': {
    severity: 'warning',
    summary:
      'A line of an .override file is rejected by the Upstart parser (the message names the error, as the rules ' +
      'above do); Upstart has applied the lines before it and ignores the rest, and so does the conversion.',
    action: 'Fix the override.',
  },
} as const satisfies FamilyRules<'parse'>;
