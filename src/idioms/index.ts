/**
 * The idiom pass: between conversion and hardening, it lifts shell and event idioms out of a
 * service's scripts into native settings (`exec su -c 'exec B' U` → User=U + ExecStart=B,
 * `[ -x B ] || exit 0` → ConditionFileIsExecutable=B…), only where the lifted form provably behaves
 * as the script did; anything it cannot prove stays as the converter wrote it, with a note naming the
 * idiom and why. `--style faithful` skips the pass (the converter's output, byte for byte).
 * docs/idioms.md lists every lift with its rule id and a before/after example.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic, Place } from '../diagnostics/diagnostic';
import type { Command, ServiceModel } from '../model/service';
import type { IdiomContext } from './context';
import { liftBootDaemonEvents } from './events';
import { finalExec, idiomOf, liftDirect } from './exec';
import { LEADING } from './recognisers';
import { type ScriptState, reduce } from './reduce';
import { type Node, parseScript } from './shell';
import type { WrapperContext } from './wrappers';

export type { HostFiles, IdiomContext } from './context';

/** `native`: idioms lifted into directives (the command line's default); `faithful`: the scripts kept as written. */
export type Style = 'native' | 'faithful';

/** The styles, for option choices and docs. */
export const STYLES: readonly Style[] = ['native', 'faithful'];

/** Names systemd itself may put in a service's environment (so a script assigning one changes what the daemon sees). */
const SYSTEMD_ENV = new Set(['PATH', 'LANG', 'LANGUAGE', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'INVOCATION_ID']);

/** The shell text a command runs: inline (`/bin/sh -e -c TEXT`) or its helper script (`/bin/sh -e PATH`). */
function shellBody(c: Command, svc: ServiceModel): { text: string; file?: string } | undefined {
  const [sh, e, third, fourth, ...more] = c.argv;
  if (sh !== '/bin/sh' || e !== '-e' || c.systemdVars || more.length) return undefined;
  if (third === '-c' && fourth !== undefined) return { text: fourth };
  if (third === undefined || fourth !== undefined) return undefined;
  const script = svc.scripts.find((s) => s.installPath === third);
  return script ? { text: script.body.replace(/\n$/, ''), file: script.installPath } : undefined;
}

/** The place of a diagnostic about a command: its stanza (the message names the script line). */
function placeOf(c: Command, svc: ServiceModel): Place {
  return c.source ? { file: c.source.file, line: c.source.line, column: c.source.column } : { file: svc.facts.file };
}

/** The known variables and exported names at the start of the main script: the job's env stanzas. */
function initialState(svc: ServiceModel, ctx: IdiomContext, single: boolean): ScriptState {
  const env = new Map<string, string>();
  const names = new Set<string>();
  for (const v of svc.environment.vars) {
    names.add(v.name);
    if (!('pass' in v) && !v.instance) env.set(v.name, v.value);
  }
  const anyName = svc.environment.files.length > 0;
  const exported = {
    has: (n: string): boolean => anyName || names.has(n) || SYSTEMD_ENV.has(n) || n.startsWith('UPSTART_'),
  };
  return { service: svc, ctx, env, exported, single };
}

/** What a wrapper reader may consult at this point of the script: the exported variables, the host's users and groups. */
function wrapperContext(state: ScriptState, ctx: IdiomContext): WrapperContext {
  return {
    exportedEnv: new Map([...state.env].filter(([k]) => state.exported.has(k))),
    passwd: ctx.host.known ? ctx.host.readText('/etc/passwd') : null,
    group: ctx.host.known ? ctx.host.readText('/etc/group') : null,
  };
}

/** A final line that reads like a wrapper or variable idiom, for scripts outside the reader's subset. */
const LOOKS_LIKE = /^\s*exec\s+(?:(?:\S*\/)?(?:start-stop-daemon|su|runuser|sudo|chpst|setuidgid|nice)(?:\s|$)|"?\$)/;

/** The idiom a script's last command looks like, if any (for the note when it is not lifted). */
function lookedLike(commands: readonly Node[]): string | undefined {
  const last = commands[commands.length - 1];
  if (!last || last.kind !== 'simple' || last.words[0]?.source !== 'exec') return undefined;
  return idiomOf(last.words.slice(1));
}

/** The text of a script line, shortened for a message. */
function lineText(text: string, line: number): string {
  const s = (text.split('\n')[line - 1] ?? '').trim();
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/**
 * Lifts the service's idioms in place (native style) and returns what it did and left, as
 * diagnostics: one info per lift, at most one idiom/kept per command.
 */
export function liftIdioms(service: ServiceModel, ctx: IdiomContext): Diagnostic[] {
  return [...liftMainProcess(service, ctx), ...liftBootDaemonEvents(service)];
}

/** The main process's script or exec line reduced to native settings, or kept with the reason. */
function liftMainProcess(service: ServiceModel, ctx: IdiomContext): Diagnostic[] {
  if (!service.facts.hasMainProcess || service.commands.start.length !== 1) return [];
  const main = service.commands.start[0]!;
  const body = shellBody(main, service);
  const at = placeOf(main, service);
  const kept = (idiom: string, why: string): Diagnostic[] => [
    diagnostic('idiom/kept', at, `main: looks like ${idiom}, kept as written: ${why}`),
  ];
  if (!body) {
    if (main.systemdVars) return [];
    const state = initialState(service, ctx, true);
    const step = liftDirect(main, state, wrapperContext(state, ctx));
    if (step === null) return [];
    if ('kept' in step) return kept(step.kept.idiom, step.kept.why);
    for (const l of step.lifts) l.apply(service);
    return step.lifts.map((l) => diagnostic(l.rule, at, l.message));
  }
  const parsed = parseScript(body.text);
  if (!parsed.ok) {
    const last = body.text.trimEnd().split('\n').pop() ?? '';
    const m = LOOKS_LIKE.exec(last);
    return m
      ? kept(`"${lineText(last, 1)}"`, `line ${parsed.line} uses ${parsed.why}, outside what the pass reads`)
      : [];
  }
  const state = initialState(service, ctx, parsed.commands.length === 1);
  const final = finalExec(main, (s) => wrapperContext(s, ctx));
  const r = reduce(parsed.commands, state, LEADING, [final]);
  if (r.lifted) {
    for (const l of r.lifts) l.apply(service);
    if (body.file) service.scripts = service.scripts.filter((s) => s.installPath !== body.file);
    return r.lifts.map((l) => diagnostic(l.rule, at, l.message));
  }
  if (r.kept) return kept(r.kept.idiom, r.kept.why);
  const idiom = lookedLike(parsed.commands);
  if (idiom && r.stuckAt)
    return kept(
      idiom,
      `line ${r.stuckAt.line} ("${lineText(body.text, r.stuckAt.line)}") is set-up the pass does not lift`,
    );
  return [];
}
