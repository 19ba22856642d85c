/**
 * Applying resolved profiles to a service model so the hardened service still does its job:
 * values are rendered from their {{name}} templates (job, unit, user, group, --var values and the
 * paths the converter found, src/model/facts.ts) and checked against their directive, `when:`
 * conditions are checked, and every conflict between a directive and what the job needs is
 * resolved explicitly with its own rule id (docs/profiles.md).
 */
import { Diagnostics } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { RuleId } from '../diagnostics/rules';
import type { ServiceFacts } from '../model/facts';
import type { ServiceModel } from '../model/service';
import { unitWord } from '../systemd/escape';
import { MANAGED_DIRECTORIES } from '../systemd/tables/directive-metadata';
import { type Target, firstVersion, supports } from '../systemd/target';
import { isListDirective } from '../systemd/unit';
import { checkDirectiveValue } from './allowed';
import { type ConditionInput, type Fact, holds } from './conditions';
import type { DirectiveSpec, ResolvedProfile } from './profile';
import { type TemplateVariables, parseTemplate, renderTemplate } from './template';
import { clip, shown } from './values';
import { variablesFor } from './variables';

/** What applying a profile may consult. */
export interface HardenContext {
  /** The release the units are for: version questions are asked of it (supports()). */
  target: Target;
  /** Variables set on the command line (`--var k=v`), overriding profile defaults. */
  vars: Readonly<Record<string, string>>;
}

/** Facts for `fact:` conditions. */
function factsOf(svc: ServiceModel, a: ServiceFacts): Set<Fact> {
  const f = new Set<Fact>();
  if (!svc.identity.user || svc.identity.user === 'root') f.add('runs-as-root');
  if (a.hasMainProcess) f.add('has-main-process');
  if (a.isTask) f.add('is-task');
  if (svc.lifecycle.kind === 'forking') f.add('forking');
  if (a.jit) f.add('uses-jit');
  if (a.home.length) f.add('uses-home');
  if (a.devices.length) f.add('uses-devices');
  if (a.tmp.length) f.add('uses-tmp');
  if (a.writable.length || a.broad.length) f.add('writes-outside-managed');
  return f;
}

/** The rules renderValues reports. */
type ValueRule = 'harden/unknown-variable' | 'harden/invalid-value' | 'harden/job-value-left-out';

/**
 * A directive's values for one job: its templates rendered and each value checked against the
 * directive. A value the job's own data made wrong (an odd path or name from path analysis or a
 * stanza) is left out with a warning at the profile's line, the others kept; a template that is
 * not one or names a missing variable (which loading and the run's checks exclude) drops the
 * directive with an error.
 */
function renderValues(
  d: DirectiveSpec,
  vars: TemplateVariables,
  report: (ruleId: ValueRule, index: number, message: string) => void,
): string[] | null {
  const values: string[] = [];
  for (const [i, text] of d.values.entries()) {
    const parsed = parseTemplate(text);
    if ('error' in parsed) {
      report('harden/invalid-value', i, `${d.key}: ${parsed.error}`);
      return null;
    }
    const rendered = renderTemplate(parsed.template, vars);
    if ('missing' in rendered) {
      report('harden/unknown-variable', i, `${d.key}: {{${rendered.missing}}} is not defined`);
      return null;
    }
    if ('tooLong' in rendered) {
      report(
        'harden/job-value-left-out',
        i,
        `${d.key}= left out: ${clip(text)} renders longer than ${rendered.tooLong} characters`,
      );
      continue;
    }
    for (const v of rendered.values) {
      const why = checkDirectiveValue(d.key, v);
      if (why) report('harden/job-value-left-out', i, `${d.key}=${shown(v)} left out (from ${clip(text)}): ${why}`);
      else values.push(v);
    }
  }
  return values;
}

/** Resolves a conflict for one directive: the values to keep (possibly changed), or null to omit it. */
type Resolver = (d: DirectiveSpec, values: string[], a: ServiceFacts, say: Say) => string[] | null;
type Say = (ruleId: RuleId, message: string, hint?: string) => void;

/** Omits a directive when the job needs what it forbids. */
function omitWhen(need: keyof ServiceFacts['needs'], ruleId: RuleId, what: string): Resolver {
  return (d, values, a, say) => {
    const uses = a.needs[need];
    if (!uses.length) return values;
    say(
      ruleId,
      `${d.key}= left out: the job ${what} ("${uses[0]!.what}" at ${uses[0]!.pos.file}:${uses[0]!.pos.line})`,
      `add ${d.key}= by hand if that part of the job is not needed`,
    );
    return null;
  };
}

/** Conflict rules, one per directive they guard. */
const RESOLVERS: Record<string, Resolver> = {
  PrivateTmp: (_d, values, a, say) => {
    if (values[0] !== 'yes' || !a.sharesTmpWith.length) return values;
    say(
      'harden/private-tmp-shared',
      `PrivateTmp= left out: the job shares ${a.tmp.map((t) => t.path).join(', ')} in /tmp with ${a.sharesTmpWith.join(', ')}`,
      'give both units JoinsNamespaceOf= each other, or move the shared files out of /tmp',
    );
    return null;
  },
  MemoryDenyWriteExecute: (_d, values, a, say) => {
    if (!a.jit) return values;
    say(
      'harden/mdwe-jit',
      `MemoryDenyWriteExecute= left out: the job runs ${a.jit.what}, a JIT runtime that needs writable executable memory (${a.jit.pos.file}:${a.jit.pos.line})`,
    );
    return null;
  },
  ProtectHome: (_d, values, a, say) => {
    if (!a.home.length || values[0] === 'no') return values;
    const written = a.home.filter((h) => h.write);
    if (written.length) {
      say(
        'harden/protect-home',
        `ProtectHome= left out: the job writes ${written[0]!.path} (${written[0]!.pos.file}:${written[0]!.pos.line})`,
      );
      return null;
    }
    say(
      'harden/protect-home-read-only',
      `ProtectHome=read-only instead of ${values[0]}: the job reads ${a.home[0]!.path} (${a.home[0]!.pos.file}:${a.home[0]!.pos.line})`,
    );
    return ['read-only'];
  },
  PrivateDevices: (_d, values, a, say) => {
    if (values[0] !== 'yes' || !a.devices.length) return values;
    say(
      'harden/private-devices',
      `PrivateDevices= left out: the job uses ${a.devices[0]!.path} (${a.devices[0]!.pos.file}:${a.devices[0]!.pos.line})`,
      'or keep PrivateDevices=yes and add DeviceAllow= plus BindPaths= for that device',
    );
    return null;
  },
  NoNewPrivileges: omitWhen('setuid-binary', 'harden/setuid-binary', 'runs a set-uid program'),
  RestrictSUIDSGID: omitWhen('setuid-binary', 'harden/setuid-binary', 'runs a set-uid program'),
  ProtectKernelModules: omitWhen('kernel-modules', 'harden/kernel-modules', 'loads kernel modules'),
  ProtectKernelTunables: omitWhen('kernel-tunables', 'harden/kernel-tunables', 'changes kernel tunables'),
  ProtectClock: omitWhen('clock', 'harden/clock', 'sets the clock'),
  ProtectHostname: omitWhen('hostname', 'harden/hostname', 'sets the host name'),
  RestrictNamespaces: omitWhen('namespaces', 'harden/namespaces', 'creates namespaces or containers'),
  RestrictRealtime: omitWhen('realtime', 'harden/realtime', 'uses real-time scheduling'),
  ProtectKernelLogs: omitWhen('kernel-logs', 'harden/kernel-logs', 'reads the kernel log'),
  SystemCallFilter: (_d, values, a, say) => {
    const need = [...a.needs.mount, ...a.needs['kernel-modules'], ...a.needs.clock][0];
    if (!need || !values.some((v) => v.includes('@system-service'))) return values;
    say(
      'harden/syscall-filter',
      `SystemCallFilter= left out: the job runs "${need.what}" (${need.pos.file}:${need.pos.line}), whose system calls @system-service does not allow`,
    );
    return null;
  },
  RestrictAddressFamilies: (_d, values, a, say) => {
    if (!a.needs.netlink.length || values.some((v) => v.includes('AF_NETLINK'))) return values;
    say(
      'harden/address-families',
      `AF_NETLINK added to RestrictAddressFamilies=: the job runs "${a.needs.netlink[0]!.what}" ` +
        `(${a.needs.netlink[0]!.pos.file}:${a.needs.netlink[0]!.pos.line})`,
    );
    return values.map((v, i) => (i === values.length - 1 ? `${v} AF_NETLINK` : v));
  },
};

/** Applies resolved profiles to one service; returns what was decided and why. */
export function applyProfile(svc: ServiceModel, profile: ResolvedProfile, h: HardenContext): Diagnostic[] {
  const a = svc.facts;
  const r = new Diagnostics({ file: a.file });
  const vars = variablesFor(svc, a, profile.variables, h.vars);
  const input: ConditionInput = {
    stanzas: new Set(a.stanzas),
    facts: factsOf(svc, a),
    variables: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : v])),
    text: a.text,
  };
  const set = (section: string, key: string, values: string[]): void => {
    const list = (svc.extra[section] ??= []);
    if (!isListDirective(key)) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i]![0] === key) list.splice(i, 1);
    }
    const present = new Set(list.filter(([k]) => k === key).map(([, x]) => x));
    for (const v of values) {
      if (present.has(v)) continue;
      list.push([key, v]);
      present.add(v);
    }
  };
  const applied = new Set<string>();
  for (const d of profile.directives) {
    const about = r.scoped({ prefix: `${svc.unitName}: `, suffix: ` [profile ${d.profile}]` });
    const say: Say = (ruleId, message, hint) => about.report(ruleId, undefined, message, hint);
    const pc = profile.conditions[d.profile];
    if ((pc && !holds(pc, input)) || (d.when && !holds(d.when, input))) continue;
    const values = renderValues(d, vars, (ruleId, i, message) =>
      r.report(
        ruleId,
        { file: d.file, ...(d.valuesAt?.[i] ?? d.at) },
        `${svc.unitName}: ${message} [profile ${d.profile}]`,
      ),
    );
    if (!values?.length) continue;
    const resolved = RESOLVERS[d.key] ? RESOLVERS[d.key]!(d, values, a, say) : values;
    if (!resolved) continue;
    if (d.key.startsWith('Limit') || d.key === 'TasksMax' || d.key === 'MemoryMax') {
      const fromJob = svc.process.limits.find((l) => l.resource === d.key);
      if (fromJob) {
        say(
          'harden/job-limit-kept',
          `${d.key}= from the job (limit stanza) is kept; the profile's ${resolved[0]} is not applied`,
        );
        continue;
      }
    }
    set(d.section, d.key, resolved);
    applied.add(d.key);
  }
  fixUps(svc, a, applied, h, r, set);
  return r.diagnostics;
}

/** What the fix-ups work on: the service, its facts, the directives applied, and how to add and report. */
interface FixUp {
  svc: ServiceModel;
  a: ServiceFacts;
  applied: Set<string>;
  h: HardenContext;
  r: Diagnostics;
  set: (s: string, k: string, v: string[]) => void;
  say: Say;
}

/** Adjustments that follow from the applied directives as a whole. */
function fixUps(
  svc: ServiceModel,
  a: ServiceFacts,
  applied: Set<string>,
  h: HardenContext,
  r: Diagnostics,
  set: (s: string, k: string, v: string[]) => void,
): void {
  const about = r.scoped({ prefix: `${svc.unitName}: ` });
  const say: Say = (ruleId, message, hint) => about.report(ruleId, undefined, message, hint);
  const confining = applied.has('ProtectSystem') || applied.has('DynamicUser') || applied.has('TemporaryFileSystem');
  const f: FixUp = { svc, a, applied, h, r, set, say };
  dynamicUser(f);
  runtimeDirectories(f);
  managedDirectories(f);
  if (!confining) return;
  broadWrites(f);
}

/** DynamicUser= only where the target knows it and the job's files do not belong to its own user. */
function dynamicUser({ svc, a, applied, h, set, say }: FixUp): void {
  if (applied.has('DynamicUser') && !supports(h.target, 'Service', 'DynamicUser')) {
    svc.extra.Service = (svc.extra.Service ?? []).filter(([k]) => k !== 'DynamicUser');
    applied.delete('DynamicUser');
    say(
      'harden/dynamic-user-target',
      `DynamicUser= needs systemd ${firstVersion('Service', 'DynamicUser')}; left out for this target, ` +
        `and the job keeps its own user (${svc.identity.user ?? 'root'})`,
      'choose a newer --target to run it as an ephemeral user',
    );
  }
  if (applied.has('DynamicUser')) {
    const user = svc.identity.user;
    if (user && user !== 'nobody' && user !== 'root') {
      svc.extra.Service = (svc.extra.Service ?? []).filter(([k]) => k !== 'DynamicUser');
      applied.delete('DynamicUser');
      say(
        'harden/dynamic-user-owner',
        `DynamicUser= left out: the job runs as ${user}, who owns its files; an ephemeral user could not read or write them`,
        `keep User=${user}; use DynamicUser= only after moving the data to StateDirectory= ownership`,
      );
    } else {
      if (!user || user === 'root')
        say(
          'harden/dynamic-user-root',
          'the job ran as root and now runs as an ephemeral unprivileged user: binding ports below 1024, ' +
            'chown and writes outside its own directories will fail',
          'check the job needs no root privileges',
        );
      delete svc.identity.user;
      if (svc.identity.group) {
        if (a.setsGroup) set('Service', 'SupplementaryGroups', [unitWord(svc.identity.group)]);
        delete svc.identity.group;
      }
      if (a.writable.length)
        say(
          'harden/dynamic-user-paths',
          `the ephemeral user does not own ${a.writable.map((w) => w.path).join(', ')}, which the job writes`,
          'move them into StateDirectory=/CacheDirectory=/LogsDirectory= or keep a static User=',
        );
    }
  }
}

/**
 * Upstart never removed /var/run/NAME; systemd removes a RuntimeDirectory= when the unit stops,
 * which would also pull it from under other jobs using it: keep it (235+), or on older targets
 * use ReadWritePaths= for directories another job of the batch also uses.
 */
function runtimeDirectories({ svc, a, h, set, say }: FixUp): void {
  const runtime = (svc.extra.Service ?? []).filter(([k]) => k === 'RuntimeDirectory').map(([, v]) => v);
  if (runtime.length) {
    if (supports(h.target, 'Service', 'RuntimeDirectoryPreserve')) set('Service', 'RuntimeDirectoryPreserve', ['yes']);
    else {
      const shared = runtime.filter((d) => a.sharedRuntimeWith[d]?.length);
      if (shared.length) {
        svc.extra.Service = svc.extra.Service!.filter(([k, v]) => !(k === 'RuntimeDirectory' && shared.includes(v)));
        set(
          'Service',
          'ReadWritePaths',
          shared.map((d) => `-/run/${d}`),
        );
        say(
          'harden/runtime-dir-shared',
          `/run/${shared.join(', /run/')} is also used by ` +
            `${[...new Set(shared.flatMap((d) => a.sharedRuntimeWith[d]!))].join(', ')}; ` +
            'systemd before 235 would delete a RuntimeDirectory= when this unit stops, ' +
            'so ReadWritePaths= is used (the directory must exist)',
        );
      }
    }
  }
}

/** Managed directories need systemd 235 (RuntimeDirectory= 211): older targets get ReadWritePaths=. */
function managedDirectories({ svc, h, set, say }: FixUp): void {
  for (const { key, base } of MANAGED_DIRECTORIES) {
    const entries = (svc.extra.Service ?? []).filter(([k]) => k === key);
    if (!entries.length || supports(h.target, 'Service', key)) continue;
    svc.extra.Service = svc.extra.Service!.filter(([k]) => k !== key);
    set(
      'Service',
      'ReadWritePaths',
      entries.map(([, v]) => `-${base}/${v}`),
    );
    say(
      'harden/managed-dir-fallback',
      `${key}= needs systemd ${firstVersion('Service', key)}: ReadWritePaths=-${base}/… instead (the directory must already exist)`,
    );
  }
}

/** Under a confining profile, writes into shared trees stay possible, and unknown paths are reported. */
function broadWrites({ svc, a, set, r }: FixUp): void {
  for (const b of a.broad) {
    const parent = /^\/(run|var\/log|etc|usr|bin|sbin|lib\w*|boot)(\/[^/]*)?/.exec(b.path);
    const target =
      b.path.startsWith('/etc/') || /^\/(usr|bin|sbin|lib)/.test(b.path)
        ? `-${b.path}`
        : parent?.[1]
          ? `/${parent[1]}`
          : `-${b.path}`;
    set('Service', 'ReadWritePaths', [unitWord(target)]);
    r.report(
      b.path.startsWith('/run/') || b.path.startsWith('/var/log/')
        ? 'harden/path-broad'
        : 'harden/protect-system-write',
      b.pos,
      `${svc.unitName}: the job writes ${b.path}; ReadWritePaths=${target} keeps that working`,
      b.path.startsWith('/run/')
        ? 'move the file into its own directory (e.g. /run/NAME/) so RuntimeDirectory= can confine it'
        : 'confirm the service really has to write there',
    );
  }
  for (const u of a.unknown) {
    r.report(
      'harden/path-unknown',
      u.pos,
      `${svc.unitName}: cannot tell which path "${u.path}" is; if the job writes there, add it with ReadWritePaths=`,
    );
  }
}
