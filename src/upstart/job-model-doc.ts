/**
 * The job model as documentation: one entry per field of UpstartJob — the stanzas that set it,
 * the JSON value `parse --format json` prints, and Upstart's default — rendered into
 * docs/job-model.md. The mapped type makes a field added to UpstartJob without an entry here a
 * compile error, and the defaults come from DEFAULTS, so the page cannot drift from the model.
 */
import { DEFAULTS, LIMIT_RESOURCES, PROCESS_NAMES, type UpstartJob } from './job';
import { signalName } from './signals';

/** What one field of the job model holds. */
export interface FieldDoc {
  /** The stanzas that set it, as written in a job file (none for the job's name and files). */
  stanzas: readonly string[];
  /** The JSON value: under `value` for a stanza, the field itself otherwise. */
  value: string;
  /** What Upstart does when no stanza sets it. */
  default: string;
}

/** Names as inline code, comma-separated. */
const quoted = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(', ');
/** The default of settings Upstart only applies when a stanza asks. */
const UNCHANGED = 'unchanged (as init runs)';
/** The value of an accumulating stanza. */
const listOf = (what: string): string => `array of stanzas, file order, duplicates kept: ${what}`;

/** Every field of the job model, in the model's order. */
export const JOB_FIELDS: { readonly [K in keyof UpstartJob]-?: FieldDoc } = {
  name: { stanzas: [], value: 'the job name: the path below the job directory without `.conf`', default: '' },
  file: { stanzas: [], value: 'the `.conf` path', default: '' },
  overrideFile: { stanzas: [], value: 'the `.override` path, when one was applied', default: '' },
  description: { stanzas: ['description'], value: 'string', default: '—' },
  author: { stanzas: ['author'], value: 'string', default: '—' },
  version: { stanzas: ['version'], value: 'string', default: '—' },
  usage: { stanzas: ['usage'], value: 'string', default: '—' },
  instance: { stanzas: ['instance'], value: 'the raw template, e.g. `"$PORT"`', default: 'one instance (singleton)' },
  env: { stanzas: ['env'], value: listOf('`"KEY=VALUE"` or `"KEY"`'), default: '[]' },
  export: { stanzas: ['export'], value: listOf('one name each'), default: '[]' },
  emits: { stanzas: ['emits'], value: listOf('one event name (or pattern) each'), default: '[]' },
  start_on: { stanzas: ['start on'], value: 'an event tree (below)', default: 'started only by hand' },
  stop_on: { stanzas: ['stop on'], value: 'an event tree (below)', default: 'stopped only by hand' },
  manual: { stanzas: ['manual'], value: '`true`, present only when no later `start on` undid it', default: '—' },
  process: {
    stanzas: ['exec', 'script', ...PROCESS_NAMES.filter((p) => p !== 'main')],
    value:
      `object keyed ${quoted(PROCESS_NAMES)}; each \`{ "kind": "exec"|"script", "text": ... }\` — ` +
      'exec text raw (quotes kept), script text de-indented, each line ending in `\\n`',
    default: 'none',
  },
  task: { stanzas: ['task'], value: '`true`', default: 'a service' },
  respawn: { stanzas: ['respawn'], value: '`true`', default: 'no respawn' },
  respawn_limit: {
    stanzas: ['respawn limit'],
    value: '`{ "count", "interval", "unlimited" }` (`unlimited` stores 0/0)',
    default: `${DEFAULTS.respawnLimit.count} in ${DEFAULTS.respawnLimit.interval} s`,
  },
  normal_exit: {
    stanzas: ['normal exit'],
    value:
      'array, one stanza per value: `{ "code", "text" }` — `code` is what Upstart stores: a status, ' +
      'or a signal as `signo × 256`',
    default: '[]',
  },
  expect: { stanzas: ['expect'], value: '`"stop"`|`"daemon"`|`"fork"`|`"none"`', default: 'none' },
  kill_timeout: { stanzas: ['kill timeout'], value: 'seconds', default: `${DEFAULTS.killTimeout} s` },
  kill_signal: {
    stanzas: ['kill signal'],
    value: '`{ "signo", "text" }`',
    default: signalName(DEFAULTS.killSignal) ?? '',
  },
  reload_signal: {
    stanzas: ['reload signal'],
    value: '`{ "signo", "text" }`',
    default: signalName(DEFAULTS.reloadSignal) ?? '',
  },
  console: { stanzas: ['console'], value: '`"log"`|`"none"`|`"output"`|`"owner"`', default: DEFAULTS.console },
  umask: { stanzas: ['umask'], value: 'number (print in octal)', default: `0${DEFAULTS.umask.toString(8)}` },
  nice: { stanzas: ['nice'], value: '−20..19', default: UNCHANGED },
  oom: {
    stanzas: ['oom', 'oom score'],
    value: '`{ "score", "text", "form": "adj"|"score" }`; `score` is the oom_score_adj Upstart writes',
    default: UNCHANGED,
  },
  limit: {
    stanzas: ['limit'],
    value:
      `object keyed by resource (${quoted(LIMIT_RESOURCES)}), each \`{ "soft", "hard" }\`: a number, ` +
      '`"unlimited"`, or a decimal string for values beyond 2^53',
    default: 'inherited from init',
  },
  chroot: { stanzas: ['chroot'], value: 'string', default: '—' },
  chdir: { stanzas: ['chdir'], value: 'string', default: '`/`' },
  setuid: { stanzas: ['setuid'], value: 'string', default: 'root' },
  setgid: { stanzas: ['setgid'], value: 'string', default: "the user's primary group" },
  apparmor_load: { stanzas: ['apparmor load'], value: 'string', default: '—' },
  apparmor_switch: { stanzas: ['apparmor switch'], value: 'string', default: '—' },
  cgroup: {
    stanzas: ['cgroup'],
    value: 'array of `{ "controller", "name"?, "settings": [{ "key", "value" }] }` (merged as Upstart merges)',
    default: '[]',
  },
  debug: { stanzas: ['debug'], value: '`true`', default: 'off' },
};

/** Escapes a table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The field table of docs/job-model.md. */
export function renderJobFieldTable(fields: Readonly<Record<string, FieldDoc>> = JOB_FIELDS): string {
  const rows = Object.entries(fields).map(
    ([name, f]) =>
      `| \`${name}\` | ${f.stanzas.length ? quoted(f.stanzas) : '—'} | ${cell(f.value)} | ${cell(f.default)} |`,
  );
  return ['| field | stanza | `value` | default |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
