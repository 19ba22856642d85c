/**
 * The final recogniser: the script's last command, `exec PROGRAM ARGS` (or the only command of a
 * one-line script), folded with the variables known at that point and unwrapped through identity
 * and priority wrappers (wrappers.ts), becomes ExecStart= with the program's own argv plus the
 * settings the wrappers stood for. The daemon is then the main process itself: with `exec` it
 * already was (start-stop-daemon, chpst, setuidgid and nice exec too); su, runuser and sudo stayed
 * as its parent, which the message says.
 */
import type { Command, ServiceModel } from '../model/service';
import { executableProblem } from '../systemd/exec-line';
import { supports } from '../systemd/target';
import { startsWithExecPrefix } from '../systemd/value-rules';
import type { FinalRecogniser, Kept, Lift, ScriptState, Step } from './reduce';
import { type Simple, type Word, expandWords, literal } from './shell';
import { type Wrapped, type WrapperContext, unwrap, wrapperName } from './wrappers';

/** How many wrappers deep the pass looks (`nice -n 5 start-stop-daemon … su …`). */
const MAX_WRAPPERS = 4;

/** The roles besides ExecStart=: User=, Nice=… set on the unit apply to them too. */
const OTHER_ROLES = ['condition', 'startPre', 'startPost', 'reload', 'stop', 'stopPost'] as const;

/** The name of the idiom a final command looks like (a wrapper, or a program behind a variable), or undefined. */
export function idiomOf(words: readonly Word[]): string | undefined {
  const first = words[0];
  if (!first) return undefined;
  const text = literal(first);
  if (text === null) return `the program behind ${first.source}`;
  return wrapperName(text);
}

/** The final `exec` recogniser; `wrapperContext` gives what a wrapper reader may consult. */
export function finalExec(main: Command, wrapperContext: (state: ScriptState) => WrapperContext): FinalRecogniser {
  return {
    name: 'final exec',
    match(node, state): Step {
      if (node.kind !== 'simple') return null;
      const isExec = node.words[0] !== undefined && literal(node.words[0]) === 'exec';
      if (!isExec && !state.single) return null;
      const words = isExec ? node.words.slice(1) : node.words;
      const idiom = idiomOf(words);
      const kept = (why: string): Step => (idiom ? { kept: { idiom, line: node.line, why } } : null);
      if (!words.length) return null;
      if (node.assigns.length) return kept(`line ${node.line} sets variables for the command only`);
      if (node.redirects.length) return kept(`line ${node.line} redirects the program's output or input`);
      const folded = expandWords(words, state.env);
      if (!folded.ok) return kept(`line ${node.line}: ${folded.why}`);
      return lifted(node, folded.value, state, main, wrapperContext(state), idiom);
    },
  };
}

/**
 * A command the converter runs directly (an `exec` line without shell syntax: Upstart split it on
 * blanks) whose program is a wrapper: the same unwrapping, at line 1 of the exec line.
 */
export function liftDirect(main: Command, state: ScriptState, c: WrapperContext): Step {
  const node: Simple = { kind: 'simple', assigns: [], words: [], redirects: [], line: 1 };
  const name = wrapperName(main.argv[0] ?? '');
  return name ? lifted(node, main.argv, state, main, c, name) : null;
}

/** The wrappers read off the argv and checked against the service: the lift, or why not. */
function lifted(
  node: Simple,
  folded: string[],
  state: ScriptState,
  main: Command,
  c: WrapperContext,
  idiom: string | undefined,
): Step {
  const w: Wrapped = { supplementary: [], niceDelta: 0, forks: false, steps: [], resetsEnv: false };
  let argv = folded;
  for (let depth = 0; argv.length && wrapperName(argv[0]!) !== undefined; depth++) {
    const name = wrapperName(argv[0]!)!;
    const before = w.user;
    if (depth >= MAX_WRAPPERS) return keep(name, node, 'too many nested wrappers');
    const got = unwrap(argv, w, c);
    if (!got.ok) return keep(name, node, got.why);
    if (before !== undefined && w.user !== before)
      return keep(name, node, `${name} changes the user again after ${before}: root was already dropped`);
    argv = got.argv;
  }
  const outer = idiom ?? 'exec';
  const why = refusal(argv, w, state);
  if (why) return idiom || w.steps.length ? keep(outer, node, why) : null;
  return { consumed: 1, lifts: liftsFor(node, argv, w, state, main) };
}

/** A refusal at the line of the final command. */
function keep(idiom: string, node: Simple, why: string): { kept: Kept } {
  return { kept: { idiom, line: node.line, why: `line ${node.line}: ${why}` } };
}

/** Why the unwrapped command cannot replace the script in this service, or undefined. */
function refusal(argv: string[], w: Wrapped, state: ScriptState): string | undefined {
  const svc = state.service;
  const program = argv[0] ?? '';
  if (!program.startsWith('/')) return `the program "${program}" has no absolute path (the shell searched PATH)`;
  const problem = executableProblem(program);
  if (problem || startsWithExecPrefix(program)) return `systemd refuses "${program}" as an executable`;
  if (w.forks && svc.lifecycle.kind === 'forking')
    return 'the wrapper stays as the parent and the job expects a fork: the tracked process would change';
  const identity = w.user !== undefined || w.group !== undefined;
  if (identity && (svc.identity.user !== undefined || svc.identity.group !== undefined))
    return 'the job already sets its user or group (setuid/setgid): the wrapper ran without root and could not change them';
  if (w.resetsEnv && (svc.environment.vars.length || svc.environment.files.length))
    return "sudo's env_reset dropped the job's environment variables, which the unit would pass";
  if (w.niceDelta < 0 && svc.identity.user !== undefined && svc.identity.user !== 'root')
    return 'a negative nice increment needs root, which the job had dropped';
  const others = OTHER_ROLES.some((r) => svc.commands[r].length);
  if (!others) return undefined;
  const changed = processChanges(w, svc);
  if (changed.length && OTHER_ROLES.some((r) => svc.commands[r].some((c) => !isSignal(c))))
    return `${changed.join(', ')} would apply to the job's other processes (pre-start, post-stop…) too`;
  if (identity && !supports(state.ctx.target, 'Service', 'ExecStartPre', '!/bin/true'))
    return `User= would apply to the job's other processes, and systemd ${state.ctx.target.systemd} has no "!" prefix to exempt them`;
  return undefined;
}

/** The converter's reload (`/bin/kill -SIG $MAINPID`): niceness, directory and umask do not change what it does. */
function isSignal(c: Command): boolean {
  return (
    c.argv.length === 3 && c.argv[0] === '/bin/kill' && /^-[A-Z0-9]+$/.test(c.argv[1]!) && c.argv[2] === '$MAINPID'
  );
}

/** The unit-wide process settings (besides identity) the wrappers change, by directive name. */
function processChanges(w: Wrapped, svc: ServiceModel): string[] {
  const out: string[] = [];
  if (w.niceDelta !== 0) out.push('Nice=');
  if (w.workingDirectory !== undefined && w.workingDirectory !== (svc.process.workingDirectory ?? '/'))
    out.push('WorkingDirectory=');
  if (w.umask !== undefined && w.umask !== (svc.process.umask ?? '0022')) out.push('UMask=');
  if (w.noCoreDumps && !svc.process.limits.some((l) => l.resource === 'LimitCORE' && l.soft === '0' && l.hard === '0'))
    out.push('LimitCORE=');
  return out;
}

/** The lifts: the settings each wrapper stood for, and ExecStart= with the program's argv. */
function liftsFor(node: Simple, argv: string[], w: Wrapped, state: ScriptState, main: Command): Lift[] {
  const settings = settingsText(w, state.service);
  const parent = w.forks ? '; the daemon is now the main process (the wrapper was its parent)' : '';
  const rule = w.steps[0]?.rule ?? 'idiom/exec';
  const what = w.steps.length ? w.steps.map((s) => s.what).join(', ') : 'the script';
  const message =
    `main: ${what} (script line ${node.line}) lifted: ${[...settings, `ExecStart=${argv.join(' ')}`].join(', ')}` +
    parent;
  return [
    {
      rule,
      line: node.line,
      message,
      apply: (svc) => {
        applySettings(w, svc);
        main.argv = argv;
      },
    },
  ];
}

/** The settings a wrapper chain gives, as `Key=value` for the message. */
function settingsText(w: Wrapped, svc: ServiceModel): string[] {
  const out: string[] = [];
  if (w.user !== undefined) out.push(`User=${w.user}`);
  if (w.group !== undefined) out.push(`Group=${w.group}`);
  if (w.supplementary.length) out.push(`SupplementaryGroups=${w.supplementary.join(' ')}`);
  if (w.niceDelta !== 0) out.push(`Nice=${niceOf(w, svc)}`);
  if (processChanges(w, svc).includes('WorkingDirectory=')) out.push(`WorkingDirectory=${w.workingDirectory}`);
  if (processChanges(w, svc).includes('UMask=')) out.push(`UMask=${w.umask}`);
  if (processChanges(w, svc).includes('LimitCORE=')) out.push('LimitCORE=0');
  return out;
}

/** The niceness after the wrappers' increments, clamped as the kernel does. */
function niceOf(w: Wrapped, svc: ServiceModel): number {
  return Math.max(-20, Math.min(19, (svc.process.nice ?? 0) + w.niceDelta));
}

/** Sets what the wrappers stood for; other commands keep root with `!` when the identity moves to the unit. */
function applySettings(w: Wrapped, svc: ServiceModel): void {
  const changes = processChanges(w, svc);
  if (w.user !== undefined) svc.identity.user = w.user;
  if (w.group !== undefined) {
    svc.identity.group = w.group;
    svc.facts.setsGroup = true;
  }
  svc.identity.supplementaryGroups.push(
    ...w.supplementary.filter((g) => !svc.identity.supplementaryGroups.includes(g)),
  );
  if (w.niceDelta !== 0) svc.process.nice = niceOf(w, svc);
  if (changes.includes('WorkingDirectory=')) svc.process.workingDirectory = w.workingDirectory;
  if (changes.includes('UMask=')) svc.process.umask = w.umask;
  if (changes.includes('LimitCORE=')) {
    svc.process.limits = svc.process.limits.filter((l) => l.resource !== 'LimitCORE');
    svc.process.limits.push({ resource: 'LimitCORE', soft: '0', hard: '0' });
  }
  if (w.user !== undefined || w.group !== undefined)
    for (const role of OTHER_ROLES) for (const c of svc.commands[role]) c.privileged = true;
}
