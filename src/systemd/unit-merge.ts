/**
 * The settings in effect for a unit: the order systemd reads its drop-ins in (`dropinOrder`),
 * what its file and drop-ins add up to (`mergeUnit`: what an empty assignment does — a list
 * parser resets, config_parse_unit_deps ignores it, many single-valued parsers refuse it), and
 * a normalized text of those settings for unified diffs (`renderMerged`). Reading one file is
 * unit-parser.ts.
 *
 * Sources: src/basic/conf-files.c and src/shared/dropin.c (drop-in discovery and order),
 * src/core/load-fragment.c (what an empty assignment does), systemd.unit(5) (drop-ins, the
 * httpd.service example, "Dependencies (After=, etc.) cannot be reset to an empty list"),
 * systemd.path(5), systemd.timer(5), systemd.socket(5) (one empty assignment resets the whole
 * family of watch paths / timers / listening addresses).
 *
 * Confirmed on the real systemd 252 with `systemd-analyze verify`: drop-ins named `.x.conf` are
 * skipped and the rest are applied in byte order (`10-` before `9-` before `Z` before `a`);
 * `Requires=` (in the same file or a drop-in) does not remove a dependency while `ExecStart=`
 * does reset the commands; and many single-valued directives refuse an empty value and keep the
 * earlier one (`Restart=`, `Type=`, booleans, times; see REFUSES_EMPTY), while `DynamicUser=`
 * with an empty value stops the unit from starting.
 *
 * Version differences:
 * - Drop-ins: NAME.d/ since the beginning; template `foo@.service.d/` for instances; dash
 *   prefixes `foo-.service.d/` for `foo-bar.service` since PR #8271 (2018, not in v229); per type
 *   `service.d/` since v244 (PR #13942). Only the per-unit NAME.d/ of each name is looked up by
 *   the caller (src/diff/find.ts); `dropinOrder` orders whatever directories it is given.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { KEY_ORDER, isListDirective } from './unit';
import { type ParsedUnit, type UnitEntryLoc, continues } from './unit-parser';

/** The settings in effect for a unit after its file and drop-ins: per section and key, the values. */
export interface MergedUnit {
  name: string;
  sources: string[];
  sections: Map<string, Map<string, string[]>>;
  diagnostics: Diagnostic[];
}

/** Rule of assignments that systemd reads but that do not do what they seem to (empty values). */
const IGNORED = 'diff/unit-ignored-setting';

/** Rule of empty assignments that stop the unit from starting. */
const FATAL_SETTING = 'diff/unit-fatal-setting';

// ---------------------------------------------------------------------------------------------
// Drop-in order

/** strcmp() of the UTF-8 bytes, the order of hashmap_dump_sorted / conf_files_list. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * systemd's drop-in order: `*.conf` files that are not hidden, sorted by file name across all
 * directories; of equally named files only the one in the highest-priority directory (lowest
 * `priority`; on a tie the first given, so list NAME.d/ before its prefix directories) is read,
 * which is also how a `/dev/null` symlink masks a lower one.
 */
export function dropinOrder(
  dropins: Array<{ dir: string; name: string; priority: number }>,
): Array<{ dir: string; name: string }> {
  const best = new Map<string, { dir: string; name: string; priority: number }>();
  for (const d of dropins) {
    if (!d.name.endsWith('.conf') || d.name.startsWith('.')) continue;
    const cur = best.get(d.name);
    if (!cur || d.priority < cur.priority) best.set(d.name, d);
  }
  return [...best.values()].sort((x, y) => compareBytes(x.name, y.name)).map(({ dir, name }) => ({ dir, name }));
}

// ---------------------------------------------------------------------------------------------
// Merging

/** Dependencies (config_parse_unit_deps) and other lists that an empty assignment leaves alone. */
const NO_RESET: Record<string, ReadonlySet<string>> = {
  Unit: new Set([
    'After',
    'Before',
    'Wants',
    'Requires',
    'Requisite',
    'BindsTo',
    'PartOf',
    'Conflicts',
    'Upholds',
    'OnFailure',
    'OnSuccess',
    'PropagatesReloadTo',
    'ReloadPropagatedFrom',
    'PropagatesStopTo',
    'StopPropagatedFrom',
    'JoinsNamespaceOf',
    'RequiresMountsFor',
    'RequiresOverridable',
    'RequisiteOverridable',
    'PropagateReloadTo',
    'PropagateReloadFrom',
  ]),
  Service: new Set(['Sockets']),
};

/** Whether an empty assignment leaves a list alone (dependencies): a drop-in can add to it, never take away. */
export function cannotReset(section: string, key: string): boolean {
  return NO_RESET[section]?.has(key) ?? false;
}

/** Families where an empty assignment to any member resets all of them (conditions, timers, paths, ports). */
const RESET_FAMILIES: Record<string, ReadonlyArray<[string, RegExp]>> = {
  Unit: [
    ['conditions', /^Condition/],
    ['assertions', /^Assert/],
  ],
  Timer: [['timers', /^(OnActiveSec|OnBootSec|OnStartupSec|OnUnitActiveSec|OnUnitInactiveSec|OnCalendar)$/]],
  Path: [['paths', /^(PathExists|PathExistsGlob|PathChanged|PathModified|DirectoryNotEmpty)$/]],
  Socket: [['addresses', /^Listen(Stream|Datagram|SequentialPacket|FIFO|Special|Netlink|MessageQueue|USBFunction)$/]],
};

/** Accumulating directives that unit.ts's list does not name. */
const MORE_LISTS = new Set(['Alias', 'Symlinks']);

/** Single-valued directives whose parser refuses an empty value and keeps the earlier one (measured on v252). */
const REFUSES_EMPTY = new Set([
  'Type',
  'Restart',
  'RemainAfterExit',
  'RestartSec',
  'TimeoutSec',
  'TimeoutStartSec',
  'TimeoutStopSec',
  'TimeoutStopFailureMode',
  'StartLimitInterval',
  'StartLimitIntervalSec',
  'StartLimitBurst',
  'StartLimitAction',
  'FailureAction',
  'SuccessAction',
  'JobTimeoutSec',
  'DefaultDependencies',
  'RefuseManualStart',
  'StopWhenUnneeded',
  'WatchdogSec',
  'NotifyAccess',
  'OOMPolicy',
  'BusName',
  'KillSignal',
  'RestartKillSignal',
  'FinalKillSignal',
  'SendSIGKILL',
  'SendSIGHUP',
  'StandardInput',
  'StandardOutput',
  'StandardError',
  'SyslogFacility',
  'SyslogLevel',
  'LogLevelMax',
  'UMask',
  'RuntimeDirectoryMode',
  'Slice',
  'FileDescriptorStoreMax',
  'TimerSlackNSec',
  'IgnoreSIGPIPE',
  'KeyringMode',
  'NoNewPrivileges',
  'PrivateTmp',
  'PrivateDevices',
  'PrivateNetwork',
  'PrivateUsers',
  'ProtectSystem',
  'ProtectHome',
  'ProtectHostname',
  'ProtectClock',
  'ProtectKernelTunables',
  'ProtectKernelModules',
  'ProtectKernelLogs',
  'ProtectControlGroups',
  'ProtectProc',
  'ProcSubset',
  'LockPersonality',
  'MemoryDenyWriteExecute',
  'RestrictRealtime',
  'RestrictSUIDSGID',
  'RemoveIPC',
  'Accept',
  'Backlog',
  'BindIPv6Only',
  'Service',
  'SocketMode',
  'DirectoryMode',
  'MakeDirectory',
  'Unit',
  'Persistent',
  'AccuracySec',
  'RandomizedDelaySec',
  'WakeSystem',
]);

/** Directives whose empty value is a fatal error: systemd will not start the unit. */
const FATAL_EMPTY = new Set(['DynamicUser']);

/** The family an empty assignment of this key resets, if any. */
function familyOf(section: string, key: string): string | undefined {
  return (RESET_FAMILIES[section] ?? []).find(([, re]) => re.test(key))?.[0];
}

/** True for directives whose assignments add up. */
function accumulates(section: string, key: string): boolean {
  return (
    isListDirective(key) ||
    MORE_LISTS.has(key) ||
    familyOf(section, key) !== undefined ||
    (NO_RESET[section]?.has(key) ?? false)
  );
}

/** What an empty `Key=` does: nothing (dependencies), a refusal (many enums, booleans, times), or a reset. */
function assignEmpty(m: MergedUnit, keys: Map<string, string[]>, section: string, e: UnitEntryLoc): void {
  const now = keys.get(e.key) ?? [];
  const at = { file: e.file, line: e.line, column: 1 };
  if (NO_RESET[section]?.has(e.key)) {
    m.diagnostics.push(
      diagnostic(
        IGNORED,
        at,
        `an empty ${e.key}= does not reset the list: systemd ignores it${now.length ? `, so ${e.key}=${now.join(' ')} stays` : ''}`,
        'dependencies can only be added by a drop-in; to remove one, override the whole unit (systemd.unit(5))',
      ),
    );
    return;
  }
  if (FATAL_EMPTY.has(e.key)) {
    m.diagnostics.push(
      diagnostic(
        FATAL_SETTING,
        at,
        `an empty ${e.key}= is a fatal error: systemd will not start the unit`,
        `write ${e.key}=no for the default`,
      ),
    );
    return;
  }
  if (REFUSES_EMPTY.has(e.key) || (section === 'Service' && /^Limit[A-Z]/.test(e.key))) {
    m.diagnostics.push(
      diagnostic(
        IGNORED,
        at,
        `systemd refuses an empty ${e.key}= ("Failed to parse …, ignoring")${now.length ? ` and keeps ${e.key}=${now[now.length - 1]}` : ''}`,
        `write the default value explicitly instead of ${e.key}=`,
      ),
    );
    return;
  }
  const family = familyOf(section, e.key);
  if (family !== undefined) for (const k of keys.keys()) if (familyOf(section, k) === family) keys.set(k, []);
  keys.set(e.key, []);
}

/** Applies one assignment to the merged settings. */
function assign(m: MergedUnit, section: string, e: UnitEntryLoc): void {
  const keys = m.sections.get(section)!;
  if (e.value === '') return assignEmpty(m, keys, section, e);
  const now = keys.get(e.key);
  if (now && accumulates(section, e.key)) now.push(e.value);
  else keys.set(e.key, [e.value]);
}

/** The settings systemd ends up with for a unit file followed by its drop-ins (in application order). */
export function mergeUnit(name: string, files: ParsedUnit[]): MergedUnit {
  const m: MergedUnit = {
    name,
    sources: files.map((f) => f.file),
    sections: new Map(),
    diagnostics: files.flatMap((f) => f.diagnostics),
  };
  for (const f of files) {
    for (const s of f.sections) {
      if (!m.sections.has(s.name)) m.sections.set(s.name, new Map());
      for (const e of s.entries) assign(m, s.name, e);
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** Sections in the order units are written; others follow alphabetically. */
const SECTION_ORDER = ['Unit', 'Service', 'Socket', 'Path', 'Timer', 'Install'];

/** Orders two names by a table, names outside it after, alphabetically. */
function byTable(table: readonly string[], a: string, b: string): number {
  const ra = table.indexOf(a);
  const rb = table.indexOf(b);
  if (ra >= 0 || rb >= 0) return (ra < 0 ? table.length : ra) - (rb < 0 ? table.length : rb);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One `Key=value` line that reads back as the same value (a trailing backslash gets a blank after it). */
function settingLine(key: string, value: string): string {
  return `${key}=${value}${continues(value) ? ' ' : ''}`;
}

/** The lines of one key: each value, `Key=` for a list emptied on purpose, nothing for a default. */
function keyLines(section: string, key: string, values: readonly string[]): string[] {
  if (values.length) return values.map((v) => settingLine(key, v));
  return accumulates(section, key) && familyOf(section, key) === undefined ? [`${key}=`] : [];
}

/** The merged settings as one normalized unit text (stable section and key order), for unified diffs. */
export function renderMerged(m: MergedUnit): string {
  const blocks: string[] = [];
  for (const section of [...m.sections.keys()].sort((a, b) => byTable(SECTION_ORDER, a, b))) {
    const keys = m.sections.get(section)!;
    const order = KEY_ORDER[section] ?? [];
    const lines = [...keys.keys()]
      .sort((a, b) => byTable(order, a, b))
      .flatMap((k) => keyLines(section, k, keys.get(k)!));
    if (lines.length) blocks.push([`[${section}]`, ...lines].join('\n') + '\n');
  }
  return blocks.join('\n');
}
