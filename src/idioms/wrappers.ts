/**
 * The identity and priority wrappers a final `exec` may go through (`start-stop-daemon --start`,
 * `su`, `runuser`, `sudo`, `chpst`, `setuidgid`, `nice`), each read with its own semantics
 * (docs/idioms.md#group-semantics): which options it maps, what groups it gives the program. A
 * wrapper with an option we cannot map, or whose effect systemd cannot reproduce exactly, is kept.
 */
import type { RuleId } from '../diagnostics/rules';
import { type Env, type Simple, expandWords, literal, parseScript } from './shell';

/** What the wrappers around the program set, outermost first. */
export interface Wrapped {
  user?: string;
  group?: string;
  supplementary: string[];
  /** Niceness added (nice(2) increments). */
  niceDelta: number;
  workingDirectory?: string;
  umask?: string;
  /** The wrapper stays the main process's parent (su, sudo, runuser): only for non-forking lifecycles. */
  forks: boolean;
  /** The rules of the wrappers lifted, with what each did. */
  steps: Array<{ rule: RuleId; what: string }>;
  /** The job's environment is dropped by the wrapper (sudo's env_reset). */
  resetsEnv: boolean;
  /** The program runs with core dumps off, soft and hard (sudo; seen under systemd 252 with Debian's sudo). */
  noCoreDumps?: boolean;
}

/** One wrapper's reading: the argv it runs, or why it cannot be lifted. */
export type Unwrapped = { ok: true; argv: string[] } | { ok: false; why: string };

/** What a wrapper reader may consult. */
export interface WrapperContext {
  /** Exported variables with known values (what a `su -c` shell sees). */
  exportedEnv: Env;
  /** The host's /etc/passwd and /etc/group text, when --root holds them. */
  passwd: string | null;
  group: string | null;
}

/** Directories a wrapper tool is taken from when written with a path. */
const TOOL_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

/** The wrapper's name when argv[0] is one (bare, or in a system directory). */
export function wrapperName(program: string): string | undefined {
  const slash = program.lastIndexOf('/');
  const name = program.slice(slash + 1);
  if (slash >= 0 && !TOOL_DIRS.includes(program.slice(0, slash))) return undefined;
  return Object.hasOwn(WRAPPERS, name) ? name : undefined;
}

/** Shells whose `-c` text our reader stands for (POSIX sh semantics for the subset). */
const SHELLS = ['/bin/sh', '/bin/dash', '/bin/bash', '/usr/bin/sh', '/usr/bin/dash', '/usr/bin/bash'];

/** A user or group name we pass on (no variables left, no spaces or control characters, not numeric-only ambiguity). */
function plainName(s: string | undefined): s is string {
  return s !== undefined && /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(s);
}

/** The login shell of a user in /etc/passwd text, or undefined. */
function loginShell(passwd: string | null, user: string): string | undefined {
  for (const line of (passwd ?? '').split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f.length >= 7) return f[6]!.trim();
  }
  return undefined;
}

/** Whether a user is listed as a member of any group in /etc/group text (null: unknown). */
function hasMemberships(group: string | null, user: string): boolean | null {
  if (group === null) return null;
  return group.split('\n').some((line) =>
    (line.split(':')[3] ?? '')
      .split(',')
      .map((m) => m.trim())
      .includes(user),
  );
}

type Reader = (args: string[], w: Wrapped, c: WrapperContext) => Unwrapped;

/** Reads `name value` / `name=value` / `-xVALUE` style options: the value and how many words it took. */
function optionValue(args: string[], i: number, long: string, short?: string): { value: string; used: number } | null {
  const a = args[i]!;
  if (a === long || (short && a === short)) return args[i + 1] === undefined ? null : { value: args[i + 1]!, used: 2 };
  if (a.startsWith(`${long}=`)) return { value: a.slice(long.length + 1), used: 1 };
  if (short && a.startsWith(short) && a.length > 2 && !a.startsWith('--')) return { value: a.slice(2), used: 1 };
  return null;
}

/** start-stop-daemon --start: execs the program after nice, umask, chdir (default /) and initgroups of --chuid. */
const startStopDaemon: Reader = (args, w) => {
  let start = false;
  let program: string | undefined;
  let startas: string | undefined;
  let chuid: string | undefined;
  let chdir = '/';
  let i = 0;
  for (; i < args.length && args[i] !== '--';) {
    const a = args[i]!;
    if (a === '--start' || a === '-S') {
      start = true;
      i++;
      continue;
    }
    if (['--quiet', '-q', '--oknodo', '-o', '--verbose', '-v'].includes(a)) {
      i++;
      continue;
    }
    const opts: Array<[string, string, (v: string) => string | undefined]> = [
      ['--exec', '-x', (v) => void (program = v)],
      ['--startas', '-a', (v) => void (startas = v)],
      ['--chuid', '-c', (v) => void (chuid = v)],
      ['--chdir', '-d', (v) => void (chdir = v)],
      ['--nicelevel', '-N', (v) => (/^-?[0-9]{1,3}$/.test(v) ? void (w.niceDelta += Number(v)) : `--nicelevel ${v}`)],
      ['--umask', '-k', (v) => umaskOf(v, w)],
      // match options: only for the "already running" check (docs/idioms.md)
      ['--pidfile', '-p', () => undefined],
      ['--name', '-n', () => undefined],
      ['--user', '-u', () => undefined],
    ];
    const hit = opts.map(([l, s, f]) => ({ o: optionValue(args, i, l, s), f })).find((x) => x.o);
    if (!hit) return { ok: false, why: `start-stop-daemon option "${a}" changes more than the pass can map` };
    const bad = hit.f(hit.o!.value);
    if (bad) return { ok: false, why: `start-stop-daemon ${bad} cannot be mapped` };
    i += hit.o!.used;
  }
  if (!start) return { ok: false, why: 'start-stop-daemon without --start' };
  const run = startas ?? program;
  if (!run) return { ok: false, why: 'start-stop-daemon without --exec or --startas' };
  if (chuid !== undefined) {
    const [user, group, ...more] = chuid.split(':');
    if (!plainName(user) || more.length || (group !== undefined && !plainName(group)))
      return { ok: false, why: `--chuid ${chuid} is not a plain USER[:GROUP]` };
    w.user = user;
    if (group !== undefined) w.group = group;
    w.steps.push({ rule: 'idiom/start-stop-daemon', what: `--chuid ${chuid}` });
  } else {
    w.steps.push({ rule: 'idiom/start-stop-daemon', what: 'start-stop-daemon --start' });
  }
  w.workingDirectory = chdir;
  return { ok: true, argv: [run, ...args.slice(i + 1)] };
};

/** An umask value as start-stop-daemon parses it (strtol base 0), as four octal digits; a problem otherwise. */
function umaskOf(v: string, w: Wrapped): string | undefined {
  const n = /^0[0-7]*$/.test(v) ? parseInt(v, 8) : /^[1-9][0-9]*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n > 0o777) return `--umask ${v}`;
  w.umask = n.toString(8).padStart(4, '0');
  return undefined;
}

/** su / runuser in su mode: `[-s SHELL] -c 'CMD' USER` or `USER -c 'CMD'`; initgroups, a forked parent. */
function suLike(tool: 'su' | 'runuser', rule: RuleId): Reader {
  return (args, w, c) => {
    let shell: string | undefined;
    let command: string | undefined;
    const users: string[] = [];
    for (let i = 0; i < args.length;) {
      const a = args[i]!;
      const s = optionValue(args, i, '--shell', '-s');
      const cmd = optionValue(args, i, '--command', '-c');
      if (s) [shell, i] = [s.value, i + s.used];
      else if (cmd) [command, i] = [cmd.value, i + cmd.used];
      else if (a.startsWith('-'))
        return {
          ok: false,
          why: `${tool} ${a}${a === '-' || a === '-l' || a === '--login' ? ' (a login shell: environment and directory change)' : ''} is not mapped`,
        };
      else [users[users.length], i] = [a, i + 1];
    }
    const user = users[0];
    if (users.length !== 1 || !plainName(user)) return { ok: false, why: `${tool} needs exactly one plain user name` };
    if (command === undefined) return { ok: false, why: `${tool} without -c runs an interactive shell` };
    const sh = shell ?? loginShell(c.passwd, user);
    if (sh === undefined)
      return {
        ok: false,
        why: `${tool} -c runs ${user}'s login shell, which is unknown without -s (give --root with /etc/passwd)`,
      };
    if (!SHELLS.includes(sh)) return { ok: false, why: `${tool} -c runs ${sh}, not a POSIX shell the pass reads` };
    const inner = innerCommand(command, c.exportedEnv);
    if (!inner.ok) return { ok: false, why: `${tool} -c '${command}': ${inner.why}` };
    w.user = user;
    w.forks = true;
    w.steps.push({ rule, what: `${tool} ${user}` });
    return inner;
  };
}

/** The argv of a `-c` command string: one simple command, `exec` optional, folded with the exported env. */
function innerCommand(text: string, env: Env): Unwrapped {
  const parsed = parseScript(text);
  if (!parsed.ok) return { ok: false, why: parsed.why };
  const cmd = parsed.commands[0];
  if (parsed.commands.length !== 1 || cmd!.kind !== 'simple') return { ok: false, why: 'not a single simple command' };
  const simple = cmd as Simple;
  if (simple.assigns.length || simple.redirects.length) return { ok: false, why: 'assignments or redirections' };
  const words = literal(simple.words[0]!) === 'exec' ? simple.words.slice(1) : simple.words;
  const got = expandWords(words, env);
  if (!got.ok) return { ok: false, why: got.why };
  return got.value.length ? { ok: true, argv: got.value } : { ok: false, why: 'no command' };
}

/** runuser -u USER [--] CMD…: initgroups like su; `runuser USER -c` is su's form. */
const runuser: Reader = (args, w, c) => {
  const u = args.length ? optionValue(args, 0, '--user', '-u') : null;
  if (!u) return suLike('runuser', 'idiom/runuser')(args, w, c);
  let rest = args.slice(u.used);
  if (rest[0] === '--') rest = rest.slice(1);
  else if (rest[0]?.startsWith('-')) return { ok: false, why: `runuser option "${rest[0]}" is not mapped` };
  if (!plainName(u.value)) return { ok: false, why: `runuser -u ${u.value} is not a plain user name` };
  w.user = u.value;
  w.forks = true;
  w.steps.push({ rule: 'idiom/runuser', what: `runuser -u ${u.value}` });
  return rest.length ? { ok: true, argv: rest } : { ok: false, why: 'runuser without a command' };
};

/** sudo -u USER CMD…: initgroups (sudoers' default), a forked parent, and env_reset (the job's variables dropped). */
const sudo: Reader = (args, w) => {
  let i = 0;
  let user: string | undefined;
  while (i < args.length && args[i]!.startsWith('-')) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    const u = optionValue(args, i, '--user', '-u');
    if (u) [user, i] = [u.value, i + u.used];
    else if (a === '-n' || a === '--non-interactive' || a === '-H' || a === '--set-home') i++;
    else return { ok: false, why: `sudo option "${a}" is not mapped` };
  }
  if (!plainName(user)) return { ok: false, why: 'sudo without a plain -u USER' };
  w.user = user;
  w.forks = true;
  w.resetsEnv = true;
  w.noCoreDumps = true;
  w.steps.push({ rule: 'idiom/sudo', what: `sudo -u ${user}` });
  return i < args.length ? { ok: true, argv: args.slice(i) } : { ok: false, why: 'sudo without a command' };
};

/**
 * setgroups to the primary group only (chpst -u, setuidgid): equal to User= (which adds the user's
 * memberships by initgroups) only when the user is a member of no group in the host's /etc/group.
 */
function onlyPrimary(tool: string, user: string, c: WrapperContext): string | undefined {
  const member = hasMemberships(c.group, user);
  if (member === null)
    return `${tool} drops supplementary groups, User= adds ${user}'s: unknown whether ${user} has any (give --root with /etc/group)`;
  if (member) return `${tool} drops supplementary groups, but ${user} is a member of groups User= would add`;
  return undefined;
}

/** chpst -u USER[:GROUP…] CMD…: gid = first group (else the user's), supplementary = exactly those groups. */
const chpst: Reader = (args, w, c) => {
  const u = args.length ? optionValue(args, 0, '-u') : null;
  if (!u) return { ok: false, why: 'chpst without -u (or with other options first) is not mapped' };
  if (args[u.used]?.startsWith('-')) return { ok: false, why: `chpst option "${args[u.used]}" is not mapped` };
  const [user, ...groups] = u.value.split(':');
  if (!plainName(user) || !groups.every(plainName)) return { ok: false, why: `chpst -u ${u.value} is not plain names` };
  const why = onlyPrimary('chpst -u', user, c);
  if (why) return { ok: false, why };
  w.user = user;
  if (groups.length) {
    w.group = groups[0];
    w.supplementary.push(...groups.slice(1));
  }
  w.steps.push({ rule: 'idiom/chpst', what: `chpst -u ${u.value}` });
  const rest = args.slice(u.used);
  return rest.length ? { ok: true, argv: rest } : { ok: false, why: 'chpst without a command' };
};

/** setuidgid USER CMD…: uid and gid of USER, supplementary groups removed. */
const setuidgid: Reader = (args, w, c) => {
  const [user, ...rest] = args;
  if (!plainName(user)) return { ok: false, why: 'setuidgid without a plain user name' };
  const why = onlyPrimary('setuidgid', user, c);
  if (why) return { ok: false, why };
  w.user = user;
  w.steps.push({ rule: 'idiom/setuidgid', what: `setuidgid ${user}` });
  return rest.length ? { ok: true, argv: rest } : { ok: false, why: 'setuidgid without a command' };
};

/** nice [-n N | -N | --adjustment=N] CMD…: adds N (default 10) to the niceness, then execs. */
const nice: Reader = (args, w) => {
  let delta = 10;
  let i = 0;
  const n = args.length ? optionValue(args, 0, '--adjustment', '-n') : null;
  if (n) [delta, i] = [Number(n.value), n.used];
  else if (/^-[0-9]+$/.test(args[0] ?? '')) [delta, i] = [-Number(args[0]), 1];
  if (args[i] === '--') i++;
  if (!Number.isInteger(delta) || Math.abs(delta) > 999) return { ok: false, why: `nice adjustment "${n?.value}"` };
  if (args[i]?.startsWith('-')) return { ok: false, why: `nice option "${args[i]}" is not mapped` };
  w.niceDelta += delta;
  w.steps.push({ rule: 'idiom/nice', what: `nice ${delta >= 0 ? '+' : ''}${delta}` });
  return i < args.length ? { ok: true, argv: args.slice(i) } : { ok: false, why: 'nice without a command' };
};

/** The wrappers by program name. */
const WRAPPERS: Record<string, Reader> = {
  'start-stop-daemon': startStopDaemon,
  su: suLike('su', 'idiom/su'),
  runuser,
  sudo,
  chpst,
  setuidgid,
  nice,
};

/** Reads one wrapper (argv[0] a wrapperName) into `w`: the argv it runs, or why not. */
export function unwrap(argv: string[], w: Wrapped, c: WrapperContext): Unwrapped {
  const name = wrapperName(argv[0]!)!;
  return WRAPPERS[name]!(argv.slice(1), w, c);
}
