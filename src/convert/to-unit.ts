/**
 * Service model → systemd unit model: the `.service` file, plus a `.socket` or `.path` unit when
 * the service is activated by one. Every value is given as typed data (src/systemd/value.ts:
 * a path, a command, an assignment, a word list, free text, or unit syntax already, as hardening
 * profiles write it), which the one writer there escapes; the version pass
 * (src/systemd/downgrade.ts) then rewrites what the target's systemd does not know.
 */
import type { Command, ExitSpec, ServiceModel, Streams } from '../model/service';
import { UnitBuilder, type UnitFile, isListDirective } from '../systemd/unit';
import { type UnitValue, type WordList, absolutePath, freeText, raw, wordList } from '../systemd/value';

/** First systemd with Type=exec (start fails when the program cannot be executed). */
export const TYPE_EXEC = 'exec';

/** An Exec*= value for a command, with `-` when its failure is ignored. */
export function execValue(cmd: Command): UnitValue {
  return {
    kind: 'exec',
    argv: cmd.argv,
    prefixes: (cmd.ignoreFailure ? '-' : '') + (cmd.fullPrivileges ? '+' : cmd.privileged ? '!' : ''),
    ...(cmd.systemdVars ? { expanding: true } : {}),
    ...(cmd.source ? { at: cmd.source } : {}),
  };
}

/** A time in seconds as systemd writes it; Infinity is `infinity` (no limit). */
function seconds(n: number): string {
  return Number.isFinite(n) ? String(n) : 'infinity';
}

/** An exit status or signal as systemd lists it. */
function exitValue(e: ExitSpec): string {
  return 'status' in e ? String(e.status) : `SIG${e.signal}`;
}

/** A space-separated list of words of one kind (unit names, paths…). */
function words(list: readonly string[], of: WordList = 'units'): UnitValue {
  return wordList(of, list);
}

/** Names per line of a dependency list: systemd adds up repeated lines, and no line grows past what it reads. */
const NAMES_PER_LINE = 100;

/** A list cut into lines of at most NAMES_PER_LINE names (none for an empty list). */
function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += NAMES_PER_LINE) out.push(list.slice(i, i + NAMES_PER_LINE));
  return out;
}

/** The file name of the service unit. */
export function serviceFileName(svc: Pick<ServiceModel, 'unitName' | 'template'>): string {
  return `${svc.unitName}${svc.template ? '@' : ''}.service`;
}

/** Builds the service unit (and its socket/path unit) from the model. */
export function toUnits(svc: ServiceModel): UnitFile[] {
  const u = new UnitBuilder();
  unitSection(u, svc);
  serviceSettings(u, svc);
  serviceCommands(u, svc);
  servicePolicy(u, svc);
  const name = serviceFileName(svc);
  const files = activatingUnits(u, svc, name);
  files.unshift(u.build(name, 'service', serviceHeader(svc)));
  for (const t of svc.activation.eventTargets ?? []) files.push(eventTarget(svc, t));
  return files;
}

/**
 * The target of a custom event (src/convert/event-targets.ts): starting it pulls in the units it is
 * wanted by and waits for them (a target is ordered after what it wants); it stops once reached.
 */
function eventTarget(svc: ServiceModel, t: { event: string; unit: string }): UnitFile {
  const b = new UnitBuilder();
  b.add('Unit', 'Description', freeText(`Upstart event ${t.event}`));
  b.add('Unit', 'StopWhenUnneeded', raw('yes'));
  return b.build(t.unit, 'target', [
    ...svc.notes.slice(0, 2),
    `"systemctl start ${t.unit}" does what "initctl emit ${t.event}" did: it starts the units wanted by it ` +
      'and returns once they are up.',
  ]);
}

/** The service unit's header: where it came from, for which target, the profiles applied, what the job said. */
function serviceHeader(svc: ServiceModel): string[] {
  if (svc.profilesNote === undefined) return svc.notes;
  return [...svc.notes.slice(0, 2), svc.profilesNote, ...svc.notes.slice(2)];
}

/** [Unit]: description, dependencies and ordering, conditions, the start rate limit. */
function unitSection(u: UnitBuilder, svc: ServiceModel): void {
  const a = svc.activation;
  u.add('Unit', 'Description', freeText(svc.description ?? svc.unitName));
  if (!a.defaultDependencies) u.add('Unit', 'DefaultDependencies', raw('no'));
  for (const [key, list] of [
    ['Wants', a.wants],
    ['Requires', a.requires],
    ['Requisite', a.requisite ?? []],
    ['OnFailure', a.onFailure ?? []],
    ['BindsTo', a.bindsTo],
    ['PartOf', a.partOf],
    ['Conflicts', a.conflicts],
    ['After', a.after],
    ['Before', a.before],
  ] as const) {
    for (const part of chunks(list)) u.add('Unit', key, words(part));
  }
  for (const part of chunks(a.requiresMountsFor)) u.add('Unit', 'RequiresMountsFor', words(part, 'paths'));
  for (const [k, v] of a.conditions) u.add('Unit', k, freeText(v));
  if (svc.restart.when !== 'never') {
    if (svc.restart.limit) {
      u.add('Unit', 'StartLimitIntervalSec', raw(String(svc.restart.limit.intervalSec)));
      u.add('Unit', 'StartLimitBurst', raw(String(svc.restart.limit.burst)));
    } else {
      u.add('Unit', 'StartLimitIntervalSec', raw('0'));
    }
  }
}

/** [Service]: type, identity, directories and process attributes, environment. */
function serviceSettings(u: UnitBuilder, svc: ServiceModel): void {
  const lc = svc.lifecycle;
  u.add('Service', 'Type', raw(lc.kind === 'daemon' ? TYPE_EXEC : lc.kind));
  if (lc.kind === 'oneshot' && lc.remainActive) u.add('Service', 'RemainAfterExit', raw('yes'));
  if (lc.kind === 'forking' && lc.pidFile) u.add('Service', 'PIDFile', absolutePath(lc.pidFile));
  if (svc.identity.user) u.add('Service', 'User', { kind: 'user', name: svc.identity.user });
  if (svc.identity.group) u.add('Service', 'Group', { kind: 'user', name: svc.identity.group });
  if (svc.identity.supplementaryGroups.length)
    u.add('Service', 'SupplementaryGroups', words(svc.identity.supplementaryGroups, 'groups'));
  const p = svc.process;
  if (p.workingDirectory) u.add('Service', 'WorkingDirectory', absolutePath(p.workingDirectory));
  if (p.rootDirectory) u.add('Service', 'RootDirectory', absolutePath(p.rootDirectory));
  if (p.umask) u.add('Service', 'UMask', raw(p.umask));
  if (p.nice !== undefined) u.add('Service', 'Nice', raw(String(p.nice)));
  const rd = p.runtimeDirectory;
  if (rd) {
    // names checked plain by the idiom pass (src/idioms/runtime-dir.ts: no quoting or specifier to escape);
    // writeValue still refuses any raw text that could add a line
    u.add('Service', 'RuntimeDirectory', raw(rd.names.join(' ')));
    if (rd.mode) u.add('Service', 'RuntimeDirectoryMode', raw(rd.mode));
    if (rd.preserve) u.add('Service', 'RuntimeDirectoryPreserve', raw('yes'));
  }
  if (p.oomScoreAdjust !== undefined) u.add('Service', 'OOMScoreAdjust', raw(String(p.oomScoreAdjust)));
  for (const v of svc.environment.vars) {
    if ('pass' in v) continue;
    // the instance variable holds the %i specifier; every other value is literal
    u.add('Service', 'Environment', {
      kind: 'env',
      name: v.name,
      value: v.value,
      ...(v.instance ? { instance: true } : {}),
    });
  }
  for (const f of svc.environment.files)
    u.add('Service', 'EnvironmentFile', absolutePath(f.path, f.optional ? '-' : ''));
  const passed = svc.environment.vars.filter((v) => 'pass' in v).map((v) => v.name);
  if (passed.length) u.add('Service', 'PassEnvironment', words(passed, 'env-names'));
}

/** [Service]: the commands by role, in the order systemd runs them. */
function serviceCommands(u: UnitBuilder, svc: ServiceModel): void {
  const lc = svc.lifecycle;
  const c = svc.commands;
  for (const cmd of c.condition) u.add('Service', 'ExecCondition', execValue(cmd));
  for (const cmd of c.startPre) u.add('Service', 'ExecStartPre', execValue(cmd));
  const start: Command[] = c.start.length ? c.start : lc.kind === 'oneshot' ? [{ argv: ['/bin/true'] }] : [];
  for (const cmd of start) u.add('Service', 'ExecStart', execValue(cmd));
  for (const cmd of c.startPost) u.add('Service', 'ExecStartPost', execValue(cmd));
  for (const cmd of c.reload) u.add('Service', 'ExecReload', execValue({ ...cmd, systemdVars: true, argv: cmd.argv }));
  for (const cmd of c.stop) u.add('Service', 'ExecStop', execValue(cmd));
  for (const cmd of c.stopPost) u.add('Service', 'ExecStopPost', execValue(cmd));
}

/** A stream's value: a keyword, or `append:`/`truncate:` and the file's path. */
function streamValue(s: NonNullable<Streams['stderr']>): UnitValue {
  return typeof s === 'string' ? raw(s) : absolutePath(s.file, `${s.mode}:`);
}

/** [Service]: restart, timeouts, stopping, streams, limits and resources, then hardening's directives. */
function servicePolicy(u: UnitBuilder, svc: ServiceModel): void {
  const p = svc.process;
  const rs = svc.restart;
  if (rs.when !== 'never') u.add('Service', 'Restart', raw(rs.when));
  if (rs.when !== 'never' && rs.delaySec !== undefined) u.add('Service', 'RestartSec', raw(seconds(rs.delaySec)));
  if (rs.success.length) u.add('Service', 'SuccessExitStatus', raw(rs.success.map(exitValue).join(' ')));
  if (rs.prevent.length) u.add('Service', 'RestartPreventExitStatus', raw(rs.prevent.map(exitValue).join(' ')));
  if (rs.force.length) u.add('Service', 'RestartForceExitStatus', raw(rs.force.map(exitValue).join(' ')));
  if (svc.startTimeoutSec !== undefined) u.add('Service', 'TimeoutStartSec', raw(seconds(svc.startTimeoutSec)));
  u.add('Service', 'TimeoutStopSec', raw(seconds(svc.kill.timeoutSec)));
  if (svc.kill.mode) u.add('Service', 'KillMode', raw(svc.kill.mode));
  if (svc.kill.signal) u.add('Service', 'KillSignal', raw(`SIG${svc.kill.signal}`));
  const s = svc.streams;
  if (s.stdin)
    u.add('Service', 'StandardInput', typeof s.stdin === 'string' ? raw(s.stdin) : absolutePath(s.stdin.file, 'file:'));
  if (s.stdout) u.add('Service', 'StandardOutput', streamValue(s.stdout));
  if (s.stderr) u.add('Service', 'StandardError', streamValue(s.stderr));
  if (s.ttyPath) u.add('Service', 'TTYPath', absolutePath(s.ttyPath));
  for (const l of p.limits) u.add('Service', l.resource, raw(l.soft === l.hard ? l.soft : `${l.soft}:${l.hard}`));
  if (p.appArmorProfile) u.add('Service', 'AppArmorProfile', freeText(p.appArmorProfile));
  for (const [k, v] of svc.resources) u.add('Service', k, raw(v));
  // extra directives (hardening profiles: unit syntax) come last; a single-valued one replaces what the job set
  for (const [section, entries] of Object.entries(svc.extra)) {
    for (const [k, v] of entries) {
      if (isListDirective(k)) u.add(section, k, raw(v), true);
      else u.set(section, k, raw(v), true);
    }
  }
}

/**
 * The .socket or .path unit that activates the service (the service's [Install] then only pulls
 * it in with Also=), or the service's own [Install]; returns the activating units.
 */
function activatingUnits(u: UnitBuilder, svc: ServiceModel, name: string): UnitFile[] {
  const a = svc.activation;
  const activated = (a.socket ?? a.path)?.instance ? `${svc.unitName}@${(a.socket ?? a.path)!.instance}.service` : name;
  const files: UnitFile[] = [];
  if (a.socket) {
    const sock = new UnitBuilder();
    const at = a.socket.source;
    sock.add('Unit', 'Description', freeText(`Socket activating ${activated}`));
    for (const l of a.socket.listen)
      sock.add('Socket', l.kind === 'stream' ? 'ListenStream' : 'ListenDatagram', freeText(l.address, at));
    sock.add('Socket', 'Accept', raw('no'));
    if (a.socket.instance)
      sock.add('Socket', 'Service', wordList('units', [`${svc.unitName}@${a.socket.instance}.service`], at));
    sock.add('Install', 'WantedBy', words(['sockets.target']));
    files.push(
      sock.build(`${svc.unitName}.socket`, 'socket', [
        ...svc.notes.slice(0, 2),
        `Starts ${activated} on the first connection (upstart-socket-bridge did this before).`,
      ]),
    );
    if (svc.enabled) u.add('Install', 'Also', words([`${svc.unitName}.socket`]));
  } else if (a.path) {
    const path = new UnitBuilder();
    const at = a.path.source;
    path.add('Unit', 'Description', freeText(`Watch activating ${activated}`));
    for (const w of a.path.watches) path.add('Path', w.kind, absolutePath(w.path, '', at));
    if (a.path.instance)
      path.add('Path', 'Unit', wordList('units', [`${svc.unitName}@${a.path.instance}.service`], at));
    path.add('Install', 'WantedBy', words(['paths.target']));
    files.push(
      path.build(`${svc.unitName}.path`, 'path', [
        ...svc.notes.slice(0, 2),
        `Starts ${activated} when the watched path changes (upstart-file-bridge did this before).`,
      ]),
    );
    if (svc.enabled) u.add('Install', 'Also', words([`${svc.unitName}.path`]));
  } else if (svc.enabled) {
    for (const t of a.wantedBy) u.add('Install', 'WantedBy', words([t]));
    for (const t of a.requiredBy) u.add('Install', 'RequiredBy', words([t]));
    // escaped by the converter (systemd-escape): only unit-name characters and \xNN
    if (svc.template && a.defaultInstance) u.add('Install', 'DefaultInstance', raw(a.defaultInstance));
  }
  return files;
}
