/**
 * How a script is reduced to native settings, step by step: leading recognisers each consume
 * set-up commands from the front (an assignment, a guard, `mkdir -p`…) and give the settings they
 * stand for; the final recogniser consumes the last command (the `exec` of the main process).
 * Only a script consumed to its end is lifted; the first command no recogniser takes stops the
 * reduction, and the script stays as written. New idioms are new recognisers (recognisers.ts),
 * each in its own file.
 */
import type { RuleId } from '../diagnostics/rules';
import type { ServiceModel } from '../model/service';
import type { IdiomContext } from './context';
import type { Node, Simple } from './shell';

/** One setting (or set of settings) a recogniser proved equivalent to the commands it consumed. */
export interface Lift {
  rule: RuleId;
  /** The script line (1-based) of the first command it stands for. */
  line: number;
  /** What was lifted into what, for the info diagnostic. */
  message: string;
  /** Applies the settings to the service (run only when the whole script reduces). */
  apply(service: ServiceModel): void;
}

/** Why a command that looks like an idiom cannot be lifted: the idiom, the script line and the reason. */
export interface Kept {
  idiom: string;
  line: number;
  why: string;
}

/** What the reduction of one script knows as it goes. */
export interface ScriptState {
  readonly service: ServiceModel;
  readonly ctx: IdiomContext;
  /** Variables whose value is known at this point of the script (the job's env, then its assignments). */
  readonly env: Map<string, string>;
  /** Names in the process environment (exported): assigning one changes what the daemon sees. */
  readonly exported: { has(name: string): boolean };
  /** The whole script has exactly one command (a one-line script without `exec` counts as its final exec). */
  readonly single: boolean;
}

/** A recogniser's answer: commands consumed with their lifts, a refusal worth a note, or null (not its idiom). */
export type Step = { consumed: number; lifts: Lift[] } | { kept: Kept } | null;

/** Consumes leading set-up commands (`commands` are those left, the final one included). */
export interface LeadingRecogniser {
  name: string;
  match(commands: readonly Node[], state: ScriptState): Step;
}

/** Consumes the script's last command, the one that becomes the main process. */
export interface FinalRecogniser {
  name: string;
  match(command: Node, state: ScriptState): Step;
}

/** The outcome for one script: every command consumed (lifted), or where it stopped and whether it looked like an idiom. */
export type Reduction = { lifted: true; lifts: Lift[] } | { lifted: false; kept?: Kept; stuckAt?: Node };

/** Reduces a script's commands with the recognisers, front to back, then the final one. */
export function reduce(
  commands: readonly Node[],
  state: ScriptState,
  leading: readonly LeadingRecogniser[],
  final: readonly FinalRecogniser[],
): Reduction {
  const lifts: Lift[] = [];
  let rest = commands;
  while (rest.length > 1) {
    const step = firstStep(leading, (r) => r.match(rest, state));
    if (step === null) return { lifted: false, stuckAt: rest[0] };
    if ('kept' in step) return { lifted: false, kept: step.kept };
    if (step.consumed < 1 || step.consumed >= rest.length) return { lifted: false, stuckAt: rest[0] };
    lifts.push(...step.lifts);
    rest = rest.slice(step.consumed);
  }
  if (!rest.length) return { lifted: false };
  const split = splitRedirects(rest[0]!, state);
  if (split) {
    const step = firstStep(leading, (r) => r.match(split, state));
    if (step === null) return { lifted: false, stuckAt: rest[0] };
    if ('kept' in step) return { lifted: false, kept: step.kept };
    if (step.consumed !== 1) return { lifted: false, stuckAt: rest[0] };
    lifts.push(...step.lifts);
    rest = split.slice(1);
  }
  const last = firstStep(final, (r) => r.match(rest[0]!, state));
  if (last === null) return { lifted: false, stuckAt: rest[0] };
  if ('kept' in last) return { lifted: false, kept: last.kept };
  return { lifted: true, lifts: [...lifts, ...last.lifts] };
}

/** The first recogniser's step that is not null. */
function firstStep<R>(recognisers: readonly R[], ask: (r: R) => Step): Step {
  for (const r of recognisers) {
    const step = ask(r);
    if (step !== null) return step;
  }
  return null;
}

/**
 * `exec B ARGS >LOG 2>&1` as the two commands it amounts to, `exec >LOG 2>&1` then `exec B ARGS`: the
 * shell opens the files before it replaces itself either way, so the redirections go to the
 * redirection recogniser and the program to the final one. Null when the final command has none.
 */
function splitRedirects(node: Node, state: ScriptState): [Simple, Simple] | null {
  if (node.kind !== 'simple' || !node.redirects.length || !node.words.length) return null;
  const first = node.words[0]!;
  const isExec = first.parts.length === 1 && 'text' in first.parts[0]! && first.parts[0].text === 'exec';
  if (isExec ? node.words.length < 2 : !state.single) return null;
  const exec = { parts: [{ text: 'exec', quoted: false }], source: 'exec' };
  return [
    { kind: 'simple', assigns: [], words: [exec], redirects: node.redirects, line: node.line },
    { ...node, redirects: [] },
  ];
}
