/**
 * Service model → systemd unit model: the `.service` file, plus a `.socket` or `.path` unit when
 * the service is activated by one. All unit syntax comes from src/systemd/escape.ts and
 * exec-line.ts; the version pass (src/systemd/downgrade.ts) then rewrites what the target's
 * systemd does not know.
 */
import type { Command, ExitSpec, ServiceModel } from '../model/service';
import { escapeSpecifiers, escapeValue, quoteEnvironment, quoteWord } from '../systemd/escape';
import { execLine, quoteExpandingArg } from '../systemd/exec-line';
import { UnitBuilder, type UnitFile, isListDirective } from '../systemd/unit';

/** First systemd with Type=exec (start fails when the program cannot be executed). */
export const TYPE_EXEC = 'exec';

/** An Exec*= value for a command, with `-` when its failure is ignored. */
export function execValue(cmd: Command): string {
  const prefix = cmd.ignoreFailure ? '-' : '';
  if (!cmd.systemdVars) return execLine(cmd.argv, prefix);
  return prefix + cmd.argv.map((a, i) => (i === 0 ? quoteExpandingArg(a) : quoteExpandingArg(a))).join(' ');
}

/** A time in seconds as systemd writes it; Infinity is `infinity` (no limit). */
function seconds(n: number): string {
  return Number.isFinite(n) ? String(n) : 'infinity';
}

/** An exit status or signal as systemd lists it. */
function exitValue(e: ExitSpec): string {
  return 'status' in e ? String(e.status) : `SIG${e.signal}`;
}

/** A space-separated list of words (unit names, paths), each quoted when needed. */
function words(list: readonly string[]): string {
  return list.map(quoteWord).join(' ');
}

/** The file name of the service unit. */
export function serviceFileName(svc: ServiceModel): string {
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
  files.unshift(u.build(name, 'service', svc.notes));
  return files;
}

/** [Unit]: description, dependencies and ordering, conditions, the start rate limit. */
function unitSection(u: UnitBuilder, svc: ServiceModel): void {
  const a = svc.activation;
  u.add('Unit', 'Description', escapeValue(svc.description ?? svc.unitName));
  if (!a.defaultDependencies) u.add('Unit', 'DefaultDependencies', 'no');
  for (const [key, list] of [
    ['Wants', a.wants],
    ['Requires', a.requires],
    ['BindsTo', a.bindsTo],
    ['PartOf', a.partOf],
    ['Conflicts', a.conflicts],
    ['After', a.after],
    ['Before', a.before],
  ] as const) {
    if (list.length) u.add('Unit', key, words(list));
  }
  if (a.requiresMountsFor.length) u.add('Unit', 'RequiresMountsFor', words(a.requiresMountsFor.map(escapeSpecifiers)));
  for (const [k, v] of a.conditions) u.add('Unit', k, escapeValue(v));
  if (svc.restart.when !== 'never') {
    if (svc.restart.limit) {
      u.add('Unit', 'StartLimitIntervalSec', String(svc.restart.limit.intervalSec));
      u.add('Unit', 'StartLimitBurst', String(svc.restart.limit.burst));
    } else {
      u.add('Unit', 'StartLimitIntervalSec', '0');
    }
  }
}

/** [Service]: type, identity, directories and process attributes, environment. */
function serviceSettings(u: UnitBuilder, svc: ServiceModel): void {
  const lc = svc.lifecycle;
  u.add('Service', 'Type', lc.kind === 'daemon' ? TYPE_EXEC : lc.kind);
  if (lc.kind === 'oneshot' && lc.remainActive) u.add('Service', 'RemainAfterExit', 'yes');
  if (lc.kind === 'forking' && lc.pidFile) u.add('Service', 'PIDFile', escapeValue(lc.pidFile));
  if (svc.identity.user) u.add('Service', 'User', escapeValue(svc.identity.user));
  if (svc.identity.group) u.add('Service', 'Group', escapeValue(svc.identity.group));
  if (svc.identity.supplementaryGroups.length)
    u.add('Service', 'SupplementaryGroups', words(svc.identity.supplementaryGroups.map(escapeSpecifiers)));
  const p = svc.process;
  if (p.workingDirectory) u.add('Service', 'WorkingDirectory', escapeValue(p.workingDirectory));
  if (p.rootDirectory) u.add('Service', 'RootDirectory', escapeValue(p.rootDirectory));
  if (p.umask) u.add('Service', 'UMask', p.umask);
  if (p.nice !== undefined) u.add('Service', 'Nice', String(p.nice));
  if (p.oomScoreAdjust !== undefined) u.add('Service', 'OOMScoreAdjust', String(p.oomScoreAdjust));
  for (const v of svc.environment.vars) {
    if ('pass' in v) continue;
    // %i must stay a specifier; every other value is literal
    u.add(
      'Service',
      'Environment',
      v.value === '%i' ? quoteEnvironment([[v.name, '']]).replace(/=$/, '=%i') : quoteEnvironment([[v.name, v.value]]),
    );
  }
  for (const f of svc.environment.files)
    u.add('Service', 'EnvironmentFile', (f.optional ? '-' : '') + escapeValue(f.path));
  const passed = svc.environment.vars.filter((v) => 'pass' in v).map((v) => v.name);
  if (passed.length) u.add('Service', 'PassEnvironment', words(passed));
}

/** [Service]: the commands by role, in the order systemd runs them. */
function serviceCommands(u: UnitBuilder, svc: ServiceModel): void {
  const lc = svc.lifecycle;
  const c = svc.commands;
  for (const cmd of c.condition) u.add('Service', 'ExecCondition', execValue(cmd));
  for (const cmd of c.startPre) u.add('Service', 'ExecStartPre', execValue(cmd));
  const start = c.start.length ? c.start : lc.kind === 'oneshot' ? [{ argv: ['/bin/true'] }] : [];
  for (const cmd of start) u.add('Service', 'ExecStart', execValue(cmd));
  for (const cmd of c.startPost) u.add('Service', 'ExecStartPost', execValue(cmd));
  for (const cmd of c.reload) u.add('Service', 'ExecReload', execValue({ ...cmd, systemdVars: true, argv: cmd.argv }));
  for (const cmd of c.stop) u.add('Service', 'ExecStop', execValue(cmd));
  for (const cmd of c.stopPost) u.add('Service', 'ExecStopPost', execValue(cmd));
}

/** [Service]: restart, timeouts, stopping, streams, limits and resources, then hardening's directives. */
function servicePolicy(u: UnitBuilder, svc: ServiceModel): void {
  const p = svc.process;
  const rs = svc.restart;
  if (rs.when !== 'never') u.add('Service', 'Restart', rs.when);
  if (rs.success.length) u.add('Service', 'SuccessExitStatus', rs.success.map(exitValue).join(' '));
  if (rs.prevent.length) u.add('Service', 'RestartPreventExitStatus', rs.prevent.map(exitValue).join(' '));
  if (rs.force.length) u.add('Service', 'RestartForceExitStatus', rs.force.map(exitValue).join(' '));
  if (svc.startTimeoutSec !== undefined) u.add('Service', 'TimeoutStartSec', seconds(svc.startTimeoutSec));
  u.add('Service', 'TimeoutStopSec', seconds(svc.kill.timeoutSec));
  if (svc.kill.mode) u.add('Service', 'KillMode', svc.kill.mode);
  if (svc.kill.signal) u.add('Service', 'KillSignal', `SIG${svc.kill.signal}`);
  const s = svc.streams;
  if (s.stdin)
    u.add('Service', 'StandardInput', typeof s.stdin === 'string' ? s.stdin : `file:${escapeValue(s.stdin.file)}`);
  if (s.stdout) u.add('Service', 'StandardOutput', s.stdout);
  if (s.stderr) u.add('Service', 'StandardError', s.stderr);
  if (s.ttyPath) u.add('Service', 'TTYPath', escapeValue(s.ttyPath));
  for (const l of p.limits) u.add('Service', l.resource, l.soft === l.hard ? l.soft : `${l.soft}:${l.hard}`);
  if (p.appArmorProfile) u.add('Service', 'AppArmorProfile', escapeValue(p.appArmorProfile));
  for (const [k, v] of svc.resources) u.add('Service', k, v);
  // extra directives (hardening) come last; a single-valued one replaces what the job set
  for (const [section, entries] of Object.entries(svc.extra)) {
    for (const [k, v] of entries) {
      if (isListDirective(k)) u.add(section, k, v, true);
      else u.set(section, k, v, true);
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
    sock.add('Unit', 'Description', escapeValue(`Socket activating ${activated}`));
    for (const l of a.socket.listen)
      sock.add('Socket', l.kind === 'stream' ? 'ListenStream' : 'ListenDatagram', escapeValue(l.address));
    sock.add('Socket', 'Accept', 'no');
    if (a.socket.instance) sock.add('Socket', 'Service', `${svc.unitName}@${a.socket.instance}.service`);
    sock.add('Install', 'WantedBy', 'sockets.target');
    files.push(
      sock.build(`${svc.unitName}.socket`, 'socket', [
        ...svc.notes.slice(0, 2),
        `Starts ${activated} on the first connection (upstart-socket-bridge did this before).`,
      ]),
    );
    if (svc.enabled) u.add('Install', 'Also', `${svc.unitName}.socket`);
  } else if (a.path) {
    const path = new UnitBuilder();
    path.add('Unit', 'Description', escapeValue(`Watch activating ${activated}`));
    for (const w of a.path.watches) path.add('Path', w.kind, escapeValue(w.path));
    if (a.path.instance) path.add('Path', 'Unit', `${svc.unitName}@${a.path.instance}.service`);
    path.add('Install', 'WantedBy', 'paths.target');
    files.push(
      path.build(`${svc.unitName}.path`, 'path', [
        ...svc.notes.slice(0, 2),
        `Starts ${activated} when the watched path changes (upstart-file-bridge did this before).`,
      ]),
    );
    if (svc.enabled) u.add('Install', 'Also', `${svc.unitName}.path`);
  } else if (svc.enabled) {
    for (const t of a.wantedBy) u.add('Install', 'WantedBy', quoteWord(t));
    for (const t of a.requiredBy) u.add('Install', 'RequiredBy', quoteWord(t));
  }
  return files;
}
