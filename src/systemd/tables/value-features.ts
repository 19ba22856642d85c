/**
 * Value features: values (and command-line forms) of a directive that systemd accepted only from
 * a later release than the directive itself, with the older spelling to fall back to where there
 * is one, and the combinations of values no release accepts. Pure data; src/systemd/target.ts
 * answers questions with it. Each row's note or comment names its source (NEWS, a pull request).
 */

import type { Section } from '../sections';
import { FIRST_VERSION } from './first-versions';

/** A value of a directive that systemd accepted only from a later release than the directive itself. */
export interface ValueFeature {
  directive: string;
  value: RegExp;
  since: number;
  note: string;
  /** The older spelling to write for earlier targets, when there is one. */
  fallback?: string;
  /** Limits the feature to these sections (e.g. Type= of [Service], not [Mount]). */
  sections?: readonly Section[];
  /** The feature depends on another key of the same section (firstVersion() cannot see it). */
  onlyWith?: { key: string; value: RegExp };
  /** The note to give instead of `note` when the section also sets `key` (what the fallback changes there). */
  noteWith?: { key: string; note: string };
}

/** The Exec*= keys that take command lines, for the command-line features below. */
export const EXEC_COMMAND_DIRECTIVES: readonly string[] = [
  'ExecCondition',
  'ExecStartPre',
  'ExecStart',
  'ExecStartPost',
  'ExecReload',
  'ExecStop',
  'ExecStopPost',
  'ExecStopPre',
];

// 231: NEWS 231 (named sets, the original list); @default/@basic-io/@resources: 232 (present in a
// 232-era seccomp-util.h that lacks 233's groups, never announced; uncertain, may be 231);
// @file-system/@reboot/@swap: NEWS 233; @aio … @timer: NEWS 235; @system-service: 239
// (systemd/systemd#8766, merged June 2018; 237 logs "Unknown system call group"); @pkey: NEWS 244;
// @known: NEWS 247; @sandbox: NEWS 254.
/** SystemCallFilter= group name (without "@") → first release that knows it. */
export const SYSCALL_FILTER_GROUPS: Readonly<Record<string, number>> = {
  clock: 231,
  'cpu-emulation': 231,
  debug: 231,
  'io-event': 231,
  ipc: 231,
  keyring: 231,
  module: 231,
  mount: 231,
  'network-io': 231,
  obsolete: 231,
  privileged: 231,
  process: 231,
  'raw-io': 231,
  default: 232,
  'basic-io': 232,
  resources: 232,
  'file-system': 233,
  reboot: 233,
  swap: 233,
  aio: 235,
  chown: 235,
  memlock: 235,
  setuid: 235,
  signal: 235,
  sync: 235,
  timer: 235,
  'system-service': 239,
  pkey: 244,
  known: 247,
  sandbox: 254,
};

/** Command-line features of Exec*= values (prefixes may come in any order, NEWS 231/235/242). */
function execFeatures(directive: string): ValueFeature[] {
  const all: ValueFeature[] = [
    {
      directive,
      value: /^[-@:]*\+/,
      since: 231,
      note: '"+" (run with full privileges) is NEWS 231; before it only PermissionsStartOnly=yes, which covers every non-main command',
    },
    {
      directive,
      value: /^[-@:]*!/,
      since: 235,
      note: '"!" and "!!" (skip only the credential change) are NEWS 235',
    },
    {
      directive,
      value: /^[-@+!]*:/,
      since: 242,
      note: '":" (no environment variable expansion) is NEWS 242; before it, write each "$" as "$$"',
    },
    {
      directive,
      // "%%" is a literal "%" (a lone "%" starts a specifier such as %h, which expands to an absolute path)
      value: /^[-@:+!]*["']?([^-@:+!/%\s"']|%%)/,
      since: 239,
      note: 'a command without an absolute path is searched in $PATH from NEWS 239; give the absolute path before it',
    },
  ];
  return all.filter((f) => f.since > (FIRST_VERSION[directive] ?? 0));
}

const STD_OUTPUTS = ['StandardOutput', 'StandardError'] as const;

/** Values of directives that appeared after the directive itself (the directive's own version is in FIRST_VERSION). */
export const VALUE_FEATURES: ReadonlyArray<ValueFeature> = [
  {
    directive: 'Type',
    value: /^exec$/,
    since: 240,
    sections: ['Service'],
    fallback: 'simple',
    note: 'NEWS 240; "simple" differs only in reporting a failed exec() as a start failure',
    // with "simple" the start is done at fork(), so ExecStartPost= may run before the exec() (Upstart's post-start ran after it)
    noteWith: {
      key: 'ExecStartPost',
      note:
        'NEWS 240; "simple" does not report a failed exec() as a start failure, and it runs ExecStartPost= as soon ' +
        'as the main process is forked, possibly before the program has started (Upstart ran post-start after it)',
    },
  },
  {
    directive: 'Type',
    value: /^notify-reload$/,
    since: 253,
    sections: ['Service'],
    fallback: 'notify',
    note: 'NEWS 253; with "notify" keep reloads working through ExecReload=/bin/kill -HUP $MAINPID',
  },
  {
    directive: 'Restart',
    value: /^on-abnormal$/,
    since: 214,
    sections: ['Service'],
    fallback: 'on-failure',
    note: 'NEWS 214; "on-failure" also restarts after an unclean exit code',
  },
  {
    directive: 'Restart',
    value: /^(on-failure|on-abnormal|on-watchdog|on-abort)$/,
    since: 244,
    sections: ['Service'],
    onlyWith: { key: 'Type', value: /^oneshot$/ },
    fallback: 'no',
    note:
      'Type=oneshot units refused every Restart= but "no" until 244 (systemd/systemd#13754); "always" and ' +
      '"on-success" are still refused (see restartFirstVersion)',
  },
  {
    directive: 'ProtectSystem',
    value: /^strict$/,
    since: 232,
    fallback: 'full',
    note: 'NEWS 232; "full" only makes /usr, the boot loader directories and /etc read-only',
  },
  {
    directive: 'ProtectHome',
    value: /^tmpfs$/,
    since: 238,
    fallback: 'yes',
    note: 'NEWS 238; "yes" also hides the home directories, but then BindPaths= cannot expose paths below them',
  },
  {
    directive: 'StandardInput',
    value: /^file:/,
    since: 236,
    fallback: 'null',
    note: 'NEWS 236; for a terminal device, StandardInput=tty with TTYPath= was the older way',
  },
  {
    directive: 'StandardInput',
    value: /^data$/,
    since: 236,
    note: 'NEWS 236, with StandardInputText=/StandardInputData=',
  },
  ...STD_OUTPUTS.flatMap((directive): ValueFeature[] => [
    {
      directive,
      value: /^file:/,
      since: 236,
      fallback: 'journal',
      note: 'NEWS 236; earlier output can only go to the journal',
    },
    { directive, value: /^append:/, since: 240, fallback: 'journal', note: 'NEWS 240' },
    { directive, value: /^truncate:/, since: 248, fallback: 'journal', note: 'NEWS 248' },
  ]),
  ...['CPUWeight', 'StartupCPUWeight'].map((directive): ValueFeature => ({
    directive,
    value: /^idle$/,
    since: 252,
    fallback: '1',
    note: 'NEWS 252 ("idle" scheduling); 1 is the lowest weight',
  })),
  ...[
    'LimitAS',
    'LimitCORE',
    'LimitCPU',
    'LimitDATA',
    'LimitFSIZE',
    'LimitLOCKS',
    'LimitMEMLOCK',
    'LimitMSGQUEUE',
    'LimitNICE',
    'LimitNOFILE',
    'LimitNPROC',
    'LimitRSS',
    'LimitRTPRIO',
    'LimitRTTIME',
    'LimitSIGPENDING',
    'LimitSTACK',
  ].map((directive): ValueFeature => ({
    directive,
    value: /^[^:]+:[^:]+$/,
    since: 229,
    note: 'separate soft:hard limits are NEWS 229 ("hard and soft limits individually"); earlier one value sets both',
  })),
  // our writer puts control characters of an Environment= value inside quotes as \n, \r or \xNN (escape-core.ts)
  {
    directive: 'Environment',
    value: /(^|[^\\])(\\\\)*\\n/,
    since: 239,
    note:
      'env_value_is_valid() takes a newline in a value from 239 (see src/systemd/escape.ts); ' +
      'before, the assignment is ignored',
  },
  {
    directive: 'Environment',
    value: /(^|[^\\])(\\\\)*\\(r|x[0-9a-f]{2})/,
    since: 248,
    note:
      'env_value_is_valid() takes control characters other than tab and newline from 248; ' +
      'before, the assignment is ignored',
  },
  { directive: 'SystemCallFilter', value: /(^|[\s~])@[a-z]/, since: 231, note: 'named groups are NEWS 231' },
  ...Object.entries(SYSCALL_FILTER_GROUPS)
    .filter(([, since]) => since > 231)
    .map(([group, since]): ValueFeature => ({
      directive: 'SystemCallFilter',
      value: new RegExp(`(^|[\\s~])@${group}(?![a-z-])`),
      since,
      note: `group @${group} (see SYSCALL_FILTER_GROUPS)`,
    })),
  ...EXEC_COMMAND_DIRECTIVES.flatMap(execFeatures),
];

/** A value of a directive that no release accepts next to another key's value (the unit fails to load). */
export interface RefusedCombination {
  directive: string;
  value: RegExp;
  sections: readonly Section[];
  with: { key: string; value: RegExp };
  note: string;
}

/** Combinations every release refuses; the value features above date the ones that became possible. */
export const REFUSED_COMBINATIONS: ReadonlyArray<RefusedCombination> = [
  {
    directive: 'Restart',
    value: /^(always|on-success)$/,
    sections: ['Service'],
    with: { key: 'Type', value: /^oneshot$/ },
    note: 'Type=oneshot services may restart on failure from 244 (systemd/systemd#13754), never always or on success',
  },
];
