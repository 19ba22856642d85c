/**
 * What the set-up and guard recognisers (guards.ts, runtime-dir.ts, workdir.ts, ulimit.ts,
 * export.ts, output.ts, source.ts) share: a simple command's folded words, the job's other
 * processes (a unit-wide setting reaches them too), whether a value can be written, and which
 * set-up with side effects was lifted before (a guard after it would skip it).
 * docs/idioms.md#set-up-and-guards.
 */
import type { Command, ServiceModel } from '../model/service';
import { type UnitValue, writeValue } from '../systemd/value';
import type { Kept, ScriptState, Step } from './reduce';
import { type Node, type Simple, expandWords, literal } from './shell';

/** The roles besides the main process. */
const OTHER_ROLES = ['condition', 'startPre', 'startPost', 'stop', 'stopPost'] as const;

/** The converter's reload (`/bin/kill -SIG $MAINPID`): no process setting changes what it does. */
function isSignal(c: Command): boolean {
  return (
    c.argv.length === 3 && c.argv[0] === '/bin/kill' && /^-[A-Z0-9]+$/.test(c.argv[1]!) && c.argv[2] === '$MAINPID'
  );
}

/** The job's other processes that a unit-wide setting would also reach (reload signals excepted). */
export function otherProcesses(svc: ServiceModel): Command[] {
  return [...OTHER_ROLES.flatMap((r) => svc.commands[r]), ...svc.commands.reload.filter((c) => !isSignal(c))];
}

/** The text of the other processes, for "does any of them mention X". */
export function otherText(svc: ServiceModel): string {
  const scripts = svc.scripts.map((s) => s.body).join('\n');
  return [...otherProcesses(svc).map((c) => c.argv.join(' ')), scripts].join('\n');
}

/** Why a unit-wide setting would change the job's other processes, or undefined when there are none. */
export function othersProblem(svc: ServiceModel, setting: string): string | undefined {
  return otherProcesses(svc).length
    ? `${setting} would apply to the job's other processes (pre-start, post-stop…) too, ` +
        'which the script did not change'
    : undefined;
}

/** Whether the script runs as root (no setuid): a root shell's test, mkdir or ulimit is what systemd does as root. */
export function scriptIsRoot(svc: ServiceModel): boolean {
  return svc.identity.user === undefined || svc.identity.user === 'root' || svc.identity.user === '0';
}

/** A simple command without assignments or redirections, and its words folded; null when it is not one. */
export function plainCommand(node: Node | undefined): Simple | null {
  if (!node || node.kind !== 'simple' || node.assigns.length || node.redirects.length || !node.words.length)
    return null;
  return node;
}

/** The command's name when its first word is literal text. */
export function commandName(node: Simple): string | null {
  return literal(node.words[0]!);
}

/** The folded fields of a command, or a kept step naming the idiom (an unknown variable, a pattern). */
export function fold(node: Simple, state: ScriptState, idiom: string): { fields: string[] } | { kept: Kept } {
  const got = expandWords(node.words, state.env);
  return got.ok ? { fields: got.value } : keep(idiom, node.line, got.why);
}

/** A refusal at a script line. */
export function keep(idiom: string, line: number, why: string): { kept: Kept } {
  return { kept: { idiom, line, why: `line ${line}: ${why}` } };
}

/** Why a value could not be written to the unit as it is (a line break, a trailing blank…), or undefined. */
export function unwritable(value: UnitValue, key: string): string | undefined {
  const w = writeValue(value, key);
  return 'problem' in w ? `${key}= cannot hold it (${w.problem})` : undefined;
}

/** Set-up with side effects (a directory made, a log opened) lifted so far in each script. */
const effects = new WeakMap<ScriptState, string[]>();

/** Records a lifted set-up with a side effect that a later guard would skip. */
export function noteEffect(state: ScriptState, what: string): void {
  effects.set(state, [...(effects.get(state) ?? []), what]);
}

/** The side effects lifted before this point of the script. */
export function effectsSoFar(state: ScriptState): readonly string[] {
  return effects.get(state) ?? [];
}

/** A step consuming one command with one lift. */
export function one(lift: Extract<Step, { lifts: unknown }>['lifts'][number]): Step {
  return { consumed: 1, lifts: [lift] };
}

/** An absolute path, normalised as the kernel reads it (`.` and repeated `/` dropped), or null with `..`. */
export function normalPath(p: string): string | null {
  if (!p.startsWith('/')) return null;
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return null;
  return '/' + parts.join('/');
}
