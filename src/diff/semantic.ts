/**
 * A semantic diff of two units by directive: what is added, removed or changed once order,
 * comments, quoting, defaults and equivalent spellings (yes/true/on, 5/5s, StartLimitInterval/
 * StartLimitIntervalSec) are set aside — with the differences a reviewer must read first (who the
 * service runs as, what it runs, how it restarts, when it starts, how it is sandboxed) on top.
 */
import { parseEnvironment } from '../systemd/escape';
import { parseExecLine } from '../systemd/exec-line';
import { CATEGORIES, type Category, DIRECTIVE_CATEGORIES } from '../systemd/tables/directive-metadata';
import { RENAMES } from '../systemd/tables/renames';
import { isListDirective } from '../systemd/unit';
import type { MergedUnit } from '../systemd/unit-merge';

/** What a difference is about, in the order a reviewer should read them (the directive-metadata table). */
export { CATEGORIES, type Category } from '../systemd/tables/directive-metadata';

/** One directive that differs. */
export interface DirectiveChange {
  section: string;
  key: string;
  kind: 'added' | 'removed' | 'changed';
  /** Values in the existing unit, and in the generated one (as written). */
  existing: string[];
  generated: string[];
  category: Category;
  /** A sentence for humans: "existing unit runs as root; the job ran as www-data". */
  message: string;
}

/**
 * Old spellings that mean the same directive (compared under the new name and section): the
 * target pass's renames that keep the value's scale, plus aliases no target needs us to write.
 */
const SYNONYMS: Record<string, [string, string]> = {
  ...Object.fromEntries(
    RENAMES.filter((r) => !r.convert).map((r) => [`${r.to.section}.${r.to.key}`, [r.from.section, r.from.key]]),
  ),
  'Unit.StartLimitInterval': ['Unit', 'StartLimitIntervalSec'],
  'Service.StartLimitIntervalSec': ['Unit', 'StartLimitIntervalSec'],
  'Service.MemoryLimit': ['Service', 'MemoryMax'],
  'Unit.BindTo': ['Unit', 'BindsTo'],
};

/** What systemd assumes when a directive is absent, so "absent" and "the default" compare equal. */
const DEFAULTS: Record<string, string> = {
  'Service.Type': 'simple',
  'Service.Restart': 'no',
  'Service.RemainAfterExit': 'no',
  'Service.KillMode': 'control-group',
  'Service.KillSignal': 'SIGTERM',
  'Service.User': 'root',
  'Service.UMask': '0022',
  'Service.StandardInput': 'null',
  'Service.StandardOutput': 'journal',
  'Service.StandardError': 'inherit',
  'Service.TimeoutStopSec': '90s',
  'Service.DynamicUser': 'no',
  'Service.PrivateTmp': 'no',
  'Service.NoNewPrivileges': 'no',
  'Service.ProtectSystem': 'no',
  'Service.ProtectHome': 'no',
  'Unit.DefaultDependencies': 'yes',
  'Socket.Accept': 'no',
};

/** Directives whose value is a boolean (yes/true/on/1 = yes). */
const BOOLEAN = new RegExp(
  '^(' +
    [
      ...['RemainAfterExit', 'DefaultDependencies', 'Accept', 'DynamicUser', 'NoNewPrivileges', 'LockPersonality'],
      ...[
        'MemoryDenyWriteExecute',
        'RestrictRealtime',
        'RestrictSUIDSGID',
        'RemoveIPC',
        'MountAPIVFS',
        'IgnoreSIGPIPE',
      ],
      'Private(Tmp|Devices|Network|Users|Mounts|IPC)',
      'Protect(KernelTunables|KernelModules|KernelLogs|ControlGroups|Clock|Hostname)',
      ...['GuessMainPID', 'PermissionsStartOnly', 'RootDirectoryStartOnly', 'SendSIGKILL', 'SendSIGHUP'],
      '\\w+Accounting',
    ].join('|') +
    ')$',
);
/** Directives that are time spans (a bare number means seconds). */
const TIME = /(Sec|USec)$|^(StartLimitInterval|RestartSec)$/;

/** Parses a boolean as systemd does, or null. */
function bool(v: string): 'yes' | 'no' | null {
  const x = v.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(x)) return 'yes';
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(x)) return 'no';
  return null;
}

const UNITS: Record<string, number> = {
  us: 1,
  usec: 1,
  µs: 1,
  ms: 1e3,
  msec: 1e3,
  s: 1e6,
  sec: 1e6,
  second: 1e6,
  seconds: 1e6,
  m: 6e7,
  min: 6e7,
  minute: 6e7,
  minutes: 6e7,
  h: 3.6e9,
  hr: 3.6e9,
  hour: 3.6e9,
  hours: 3.6e9,
  d: 8.64e10,
  day: 8.64e10,
  days: 8.64e10,
  w: 6.048e11,
  week: 6.048e11,
  weeks: 6.048e11,
};

/** A systemd time span in microseconds ("1min 30s" = 90e6), or null when it is not one. */
export function timeSpan(v: string): number | null {
  const x = v.trim();
  if (x === 'infinity') return Infinity;
  if (/^\d+(\.\d+)?$/.test(x)) return Number(x) * 1e6;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)\s*([a-z\u00b5]+)\s*/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(x))) {
    const unit = UNITS[m[2]!];
    if (unit === undefined) return null;
    total += Number(m[1]) * unit;
    consumed = re.lastIndex;
  }
  return consumed === x.length && consumed > 0 ? total : null;
}

/** The comparable form of one value of a directive. */
function normalize(key: string, value: string): string {
  if (BOOLEAN.test(key)) return bool(value) ?? value.trim();
  if (key === 'ProtectSystem' || key === 'ProtectHome') {
    const b = bool(value);
    return b === 'yes' ? 'yes' : b === 'no' ? 'no' : value.trim();
  }
  if (TIME.test(key)) {
    const t = timeSpan(value);
    return t === null ? value.trim() : String(t);
  }
  if (key.startsWith('Exec')) {
    const p = parseExecLine(value);
    return JSON.stringify([[...p.prefixes].sort().join(''), p.argv]);
  }
  if (key === 'KillSignal' || key === 'RestartKillSignal') return value.trim().replace(/^(?!SIG)/, 'SIG');
  if (key === 'UMask') return value.trim().padStart(4, '0');
  return value.trim().replace(/\s+/g, ' ');
}

/** A directive's effective values, normalized: lists as sorted multisets (Exec* keep their order). */
function effective(key: string, values: string[]): string[] {
  if (key === 'Environment') {
    const env = new Map<string, string>();
    for (const v of values) for (const [k, x] of parseEnvironment(v)) env.set(k, x);
    return [...env].map(([k, x]) => `${k}=${x}`).sort();
  }
  const spread =
    isListDirective(key) && !key.startsWith('Exec') && key !== 'EnvironmentFile'
      ? values.flatMap((v) => v.trim().split(/\s+/)).filter(Boolean)
      : values;
  const norm = spread.map((v) => normalize(key, v)).filter((v) => !(key === 'SuccessExitStatus' && v === '0')); // 0 is always a success
  return key.startsWith('Exec') ? norm : norm.sort();
}

/** The settings of a merged unit under canonical names, with defaults filled in. */
function canonical(m: MergedUnit): Map<string, { section: string; key: string; raw: string[]; norm: string[] }> {
  const out = new Map<string, { section: string; key: string; raw: string[]; norm: string[] }>();
  for (const [section, keys] of m.sections) {
    for (const [key, values] of keys) {
      const [s, k] = SYNONYMS[`${section}.${key}`] ?? [section, key];
      if (values.length === 0) continue;
      out.set(`${s}.${k}`, { section: s, key: k, raw: values, norm: effective(k, values) });
    }
  }
  if (m.sections.has('Service')) {
    for (const [id, def] of Object.entries(DEFAULTS)) {
      if (!id.startsWith('Service.') && !id.startsWith('Unit.')) continue;
      if (!out.has(id)) {
        const [s, k] = id.split('.') as [string, string];
        out.set(id, { section: s, key: k, raw: [], norm: effective(k, [def]) });
      }
    }
  }
  return out;
}

/** Which category a directive belongs to: the first matching row of DIRECTIVE_CATEGORIES, else "other". */
export function categoryOf(section: string, key: string): Category {
  const row = DIRECTIVE_CATEGORIES.find((r) => (!r.section || r.section === section) && (!r.keys || r.keys.test(key)));
  return row?.category ?? 'other';
}

/** Within a category, the directives to read before the rest. */
const READ_FIRST = ['User', 'DynamicUser', 'Group', 'Type', 'ExecStart', 'Restart', 'WantedBy', 'ProtectSystem'];

/** A human sentence for a change in an important directive. */
function sentence(c: Omit<DirectiveChange, 'message'>): string {
  const ex = c.existing.length ? c.existing.join(' ') : null;
  const gen = c.generated.length ? c.generated.join(' ') : null;
  switch (c.key) {
    case 'User':
      return `existing unit runs as ${ex ?? 'root'}; the job ran as ${gen ?? 'root'}`;
    case 'Group':
      return `existing unit's group is ${ex ?? "the user's primary group"}; the job's was ${gen ?? "the user's primary group"}`;
    case 'DynamicUser':
      return (
        `existing unit ${bool(ex ?? 'no') === 'yes' ? 'uses' : 'does not use'} an ephemeral user; ` +
        `the generated one ${bool(gen ?? 'no') === 'yes' ? 'does' : 'does not'}`
      );
    case 'ExecStart':
      return `existing unit runs ${ex ?? 'nothing'}; the job ran ${gen ?? 'nothing'}`;
    case 'Type':
      return `existing unit is Type=${ex ?? 'simple'}; the job behaves as Type=${gen ?? 'simple'}`;
    case 'Restart':
      return `existing unit restarts ${ex ?? 'no'}; the job respawned ${gen === 'always' ? 'always (even after exit 0)' : (gen ?? 'never')}`;
    case 'WantedBy':
      return `existing unit is started by ${ex ?? 'nothing (no WantedBy=)'}; the job started with ${gen ?? 'nothing (manual)'}`;
  }
  if (c.kind === 'added') return `generated unit adds ${c.key}=${gen}`;
  if (c.kind === 'removed') return `existing unit has ${c.key}=${ex}, the generated one does not`;
  return `${c.key}: existing ${ex ?? '(default)'}; generated ${gen ?? '(default)'}`;
}

/** The semantic differences between an existing unit and a generated one, most important first. */
export function semanticDiff(existing: MergedUnit, generated: MergedUnit): DirectiveChange[] {
  const a = canonical(existing);
  const b = canonical(generated);
  const out: DirectiveChange[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(id);
    const y = b.get(id);
    if (x && y && JSON.stringify(x.norm) === JSON.stringify(y.norm)) continue;
    const { section, key } = (x ?? y)!;
    if (section === 'Unit' && (key === 'Description' || key === 'Documentation')) continue;
    const kind = !x?.raw.length ? 'added' : !y?.raw.length ? 'removed' : 'changed';
    const change = {
      section,
      key,
      kind,
      existing: x?.raw ?? [],
      generated: y?.raw ?? [],
      category: categoryOf(section, key),
    } as const;
    out.push({ ...change, kind, message: sentence({ ...change, kind }) });
  }
  const rank = (c: DirectiveChange): number => CATEGORIES.indexOf(c.category);
  const first = (c: DirectiveChange): number => {
    const i = READ_FIRST.indexOf(c.key);
    return i < 0 ? READ_FIRST.length : i;
  };
  return out.sort(
    (p, q) =>
      rank(p) - rank(q) ||
      first(p) - first(q) ||
      (p.section < q.section ? -1 : p.section > q.section ? 1 : 0) ||
      (p.key < q.key ? -1 : p.key > q.key ? 1 : 0),
  );
}
