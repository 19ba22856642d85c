/**
 * `mkdir -p /run/X` (or `/var/run/X`, a symbolic link to /run on every Upstart release), with
 * `chown U[:G] /run/X` and `chmod MODE /run/X` after it, in the main script → RuntimeDirectory=X
 * (RuntimeDirectoryMode=MODE). systemd makes the directory owned by the unit's User=/Group=, so the
 * lift needs the owner the script gave it to be exactly that (the unit's identity after the final
 * `exec`'s wrappers are lifted too), and the mode the script's umask or chmod gave it. systemd removes
 * the directory when the service stops: where another job of the batch uses it too,
 * RuntimeDirectoryPreserve=yes keeps it (systemd 235+). docs/idioms.md#runtime-directory.
 */
import { supports } from '../systemd/target';
import type { LeadingRecogniser, ScriptState, Step } from './reduce';
import { commandName, fold, keep, noteEffect, plainCommand, scriptIsRoot } from './setup-common';
import { type Node, type Word, expandValue, expandWords, literal } from './shell';
import { type Wrapped, unwrap, wrapperName } from './wrappers';

const IDIOM = '"mkdir -p /run/X"';

/** A directory name RuntimeDirectory= takes as it is: plain components, nothing to quote or escape. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** The name under /run of a path, or null. */
function runName(path: string): string | null {
  const m = /^\/(?:var\/)?run\/+(.*?)\/*$/.exec(path);
  return m && NAME.test(m[1]!) ? m[1]! : null;
}

/** Whether a command sources a file (its variables are not known to this look-ahead). */
function sources(n: Node): boolean {
  if (n.kind === 'group') return n.body.some(sources);
  if (n.kind !== 'simple') return sources(n.left) || sources(n.right);
  return n.words.length > 0 && literal(n.words[0]!) === '.';
}

/** `NAME=VALUE` as an `export` argument, read as an assignment (null for a bare NAME). */
function exportAssignment(w: Word): { name: string; value: Word } | null {
  const head = w.parts[0];
  const m = head && 'text' in head && !head.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(head.text) : null;
  if (!m) return null;
  const rest = (head as { text: string }).text.slice(m[0].length);
  return {
    name: m[1]!,
    value: { parts: [...(rest ? [{ text: rest, quoted: false }] : []), ...w.parts.slice(1)], source: w.source },
  };
}

/** The user and group the unit will have once the final `exec`'s wrappers are lifted (null: not knowable here). */
function unitIdentity(commands: readonly Node[], state: ScriptState): { user?: string; group?: string } | null {
  const env = new Map(state.env);
  for (const n of commands.slice(0, -1)) {
    if (sources(n)) return null;
    if (n.kind !== 'simple') continue;
    const name = n.words.length ? literal(n.words[0]!) : null;
    if (n.words.length && name !== 'export') continue;
    const assigns =
      name === 'export'
        ? n.words
            .slice(1)
            .map(exportAssignment)
            .filter((a) => a !== null)
        : n.assigns;
    for (const a of assigns) {
      const v = expandValue(a.value, env);
      if (v.ok) env.set(a.name, v.value);
      else env.delete(a.name);
    }
  }
  const last = commands[commands.length - 1];
  const svc = state.service;
  const base = { user: svc.identity.user, group: svc.identity.group };
  if (!last || last.kind !== 'simple' || !last.words.length) return base;
  const words = literal(last.words[0]!) === 'exec' ? last.words.slice(1) : last.words;
  const folded = expandWords(words, env);
  if (!folded.ok) return null;
  const w: Wrapped = { supplementary: [], niceDelta: 0, forks: false, steps: [], resetsEnv: false };
  const passwd = state.ctx.host.known ? state.ctx.host.readText('/etc/passwd') : null;
  const group = state.ctx.host.known ? state.ctx.host.readText('/etc/group') : null;
  const exportedEnv = new Map([...env].filter(([k]) => state.exported.has(k)));
  let argv = folded.value;
  for (let depth = 0; argv.length && wrapperName(argv[0]!) !== undefined && depth < 4; depth++) {
    const got = unwrap(argv, w, { exportedEnv, passwd, group });
    if (!got.ok) return base;
    argv = got.argv;
  }
  return { user: w.user ?? base.user, group: w.group ?? base.group };
}

/** The set-up read: directory, owner and mode commands consumed. */
interface SetUp {
  name: string;
  path: string;
  consumed: number;
  owner?: { user: string; group?: string };
  mode?: string;
}

/** `mkdir -p [-m MODE] P` then `chown`/`chmod` of exactly P; null when the first command is not that mkdir. */
function readSetUp(
  commands: readonly Node[],
  state: ScriptState,
): SetUp | { kept: ReturnType<typeof keep>['kept'] } | null {
  const mk = plainCommand(commands[0]);
  if (!mk || commandName(mk) !== 'mkdir') return null;
  const f = fold(mk, state, IDIOM);
  if ('kept' in f) return f;
  const args = f.fields.slice(1);
  let mode: string | undefined;
  const p = args.indexOf('-p');
  if (p < 0) return null;
  args.splice(p, 1);
  if (args[0] === '-m' && args.length === 3) mode = args.splice(0, 2)[1];
  if (args.length !== 1) return null;
  const path = args[0]!;
  const name = runName(path);
  if (name === null) return null;
  const out: SetUp = { name, path, consumed: 1, ...(mode !== undefined ? { mode } : {}) };
  for (let i = 1; i < commands.length - 1 && i < 3; i++) {
    const c = plainCommand(commands[i]);
    const cmd = c ? commandName(c) : null;
    if (!c || (cmd !== 'chown' && cmd !== 'chmod')) break;
    const g = fold(c, state, IDIOM);
    if ('kept' in g || g.fields.length !== 3 || runName(g.fields[2]!) !== name) break;
    if (cmd === 'chown') {
      const m = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]*))?$/.exec(g.fields[1]!);
      if (!m || out.owner) return keep(IDIOM, c.line, `"chown ${g.fields[1]}" is not "chown USER[:GROUP]"`);
      out.owner = { user: m[1]!, ...(m[2] ? { group: m[2] } : {}) };
    } else {
      if (out.mode !== undefined && out.consumed > 1) return keep(IDIOM, c.line, 'the mode is set twice');
      out.mode = g.fields[1];
    }
    out.consumed = i + 1;
  }
  return out;
}

/** The mode of the runtime directories lifted so far in each script. */
const modes = new WeakMap<ScriptState, string>();

/** The mode a new directory gets from a root shell with the job's umask. */
function umaskMode(umask: string | undefined): string {
  const u = parseInt(umask ?? '022', 8);
  return (0o777 & ~u).toString(8).padStart(4, '0');
}

/** Why the owner the script leaves differs from the one systemd gives (User=/Group=), or undefined. */
function ownerProblem(
  s: SetUp,
  unit: { user?: string; group?: string },
  scriptGroup: string | undefined,
): string | undefined {
  const scriptOwner = {
    user: s.owner?.user ?? 'root',
    group: s.owner?.group ?? (s.owner ? undefined : (scriptGroup ?? 'root')),
  };
  const unitOwner = {
    user: unit.user ?? 'root',
    group: unit.group ?? (unit.user === undefined ? 'root' : undefined),
  };
  if (scriptOwner.group === undefined)
    return `"chown ${s.owner!.user}" leaves the group as it was; systemd sets it to Group=`;
  if (unitOwner.group === undefined)
    return `the unit has User=${unit.user} without Group=: systemd gives the directory that user's login group`;
  if (scriptOwner.user !== unitOwner.user || scriptOwner.group !== unitOwner.group)
    return (
      `the script leaves it owned by ${scriptOwner.user}:${scriptOwner.group}; ` +
      `systemd would make it ${unitOwner.user}:${unitOwner.group}`
    );
  return undefined;
}

/** `mkdir -p /run/X` [+ chown, chmod] → RuntimeDirectory=X [+ RuntimeDirectoryMode=, RuntimeDirectoryPreserve=]. */
export const runtimeDirectory: LeadingRecogniser = {
  name: 'runtime directory',
  match(commands, state): Step {
    const s = readSetUp(commands, state);
    if (s === null || 'kept' in s) return s;
    const line = commands[0]!.line;
    const svc = state.service;
    if (!scriptIsRoot(svc)) return keep(IDIOM, line, `the script makes it as ${svc.identity.user}; systemd as root`);
    if (s.mode !== undefined && !/^0?[0-7]{3}$/.test(s.mode))
      return keep(IDIOM, line, `the mode "${s.mode}" is not an octal mode`);
    const mode = s.mode !== undefined ? s.mode.padStart(4, '0') : umaskMode(svc.process.umask);
    const unit = unitIdentity(commands.slice(s.consumed), state);
    if (!unit) return keep(IDIOM, line, 'the user the unit will run as is not known at this line');
    const owner = ownerProblem(s, unit, svc.identity.group);
    if (owner) return keep(IDIOM, line, owner);
    const shared = Object.entries(svc.facts.sharedRuntimeWith)
      .filter(([d]) => d === s.name || d === s.name.split('/')[0])
      .flatMap(([, jobs]) => jobs);
    if (shared.length && !supports(state.ctx.target, 'Service', 'RuntimeDirectoryPreserve'))
      return keep(
        IDIOM,
        line,
        `${shared.join(', ')} use it too, and systemd ${state.ctx.target.systemd} cannot keep it at stop`,
      );
    const earlier = modes.get(state);
    if (earlier !== undefined && earlier !== mode)
      return keep(
        IDIOM,
        line,
        `another directory made before has mode ${earlier}; RuntimeDirectoryMode= is one for all`,
      );
    modes.set(state, mode);
    const runtime = {
      names: [s.name],
      ...(mode !== '0755' ? { mode } : {}),
      ...(shared.length ? { preserve: true } : {}),
    };
    noteEffect(state, `making ${s.path}`);
    const settings = [`RuntimeDirectory=${s.name}`, ...(runtime.mode ? [`RuntimeDirectoryMode=${mode}`] : [])];
    const kept = shared.length
      ? `RuntimeDirectoryPreserve=yes (${[...new Set(shared)].join(', ')} use it too)`
      : 'systemd removes it when the service stops';
    return {
      consumed: s.consumed,
      lifts: [
        {
          rule: 'idiom/runtime-directory',
          line,
          message: `main: "mkdir -p ${s.path}" (script line ${line}) lifted: ${settings.join(', ')}; ${kept}`,
          apply: (svc2) => {
            const rd = svc2.process.runtimeDirectory;
            if (rd && (rd.mode ?? '0755') === (runtime.mode ?? '0755')) {
              if (!rd.names.includes(s.name)) rd.names.push(s.name);
              rd.preserve ||= runtime.preserve;
            } else svc2.process.runtimeDirectory = runtime;
          },
        },
      ],
    };
  },
};
