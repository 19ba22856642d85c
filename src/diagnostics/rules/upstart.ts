/** The upstart/… rules: jobs that Upstart loads, but that do not do what they seem to. */
import type { FamilyRules } from './spec';

/** The upstart/… rules, by id. */
export const UPSTART_RULES = {
  'upstart/kill-timeout-zero': {
    severity: 'warning',
    summary: '`kill timeout 0` parses, but Upstart asserts (PID 1 aborts) when it stops the job.',
    action: 'Use a positive timeout.',
  },
  'upstart/cgroup-not-in-trusty': {
    severity: 'info',
    summary: '`cgroup` exists from Upstart 1.13; Ubuntu 14.04 (1.12.1) rejects the job.',
    action: 'Parse with --upstart-version 1.12 to see the job as Trusty saw it.',
  },
  'upstart/normal-exit-alias': {
    severity: 'warning',
    summary: 'A `normal exit` number of 256 or more is stored as a signal (256 = HUP), not an exit status.',
    action: 'Write exit statuses 0-255, or the signal name you mean.',
  },
  'upstart/limit-soft-above-hard': {
    severity: 'warning',
    summary: 'A `limit` soft value is above its hard value: setrlimit fails and the job cannot spawn.',
    action: 'Make soft <= hard.',
  },
  'upstart/start-on-variable': {
    severity: 'warning',
    summary:
      '`start on` is matched without an environment: `$VAR` in it never matches (and event names are never expanded).',
    action: 'Use a literal value or ${VAR:-default}.',
  },
  'upstart/export-variable': {
    severity: 'warning',
    summary: '`export $A` names a variable literally called `$A`.',
    action: 'Write `export A`.',
  },
  'upstart/debug': {
    severity: 'info',
    summary: '`debug` only acts when init runs with --debug.',
    action: 'Nothing to do unless you relied on it.',
  },
} as const satisfies FamilyRules<'upstart'>;
