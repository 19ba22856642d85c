/**
 * The {{variables}} of directive values: the built-in ones every job provides (its names, user,
 * and what path analysis found), the profiles' defaults and --var values over them. Checked once
 * per run, before any job: every name used is defined (`harden/unknown-variable`), --var values
 * have no control characters, and a value whose variables do not depend on the job is checked
 * against its directive (`harden/invalid-value`) — at the profile's line, not in a unit.
 */
import { unitWord } from '../systemd/escape';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic, Place } from '../diagnostics/diagnostic';
import type { ServiceFacts } from '../model/facts';
import type { ServiceModel } from '../model/service';
import { checkDirectiveValue } from './allowed';
import { PROFILE_LIMITS } from './limits';
import { nearestName } from '../diagnostics/suggest';
import type { DirectiveSpec, ResolvedProfile } from './profile';
import { parseTemplate, placeholders, renderTemplate } from './template';
import { clip, controlCharacter, shown } from './values';

/** The variables every job provides (docs/profiles.md, "Values and variables"). */
export const BUILTIN_VARIABLES = [
  'job',
  'unit',
  'user',
  'group',
  'runtime_dirs',
  'state_dirs',
  'cache_dirs',
  'logs_dirs',
  'config_dirs',
  'writable_paths',
  'readonly_paths',
  'hidden_writable_paths',
  'hidden_readonly_paths',
] as const;

/** Built-ins computed from others (hidden_trees), which neither a profile nor --var replaces. */
const COMPUTED: readonly string[] = ['hidden_writable_paths', 'hidden_readonly_paths'];

/** The template variables of a job: job facts, analysis lists, profile defaults, then --var values. */
export function variablesFor(
  svc: ServiceModel,
  a: ServiceFacts,
  profileVars: Record<string, string>,
  cli: Readonly<Record<string, string>>,
): Record<string, string | string[]> {
  // values taken from the job are written as unit-file words (`%` doubled, quoted around blanks),
  // so a path such as `/srv/%n data` stays one literal path; profile and --var values are unit syntax
  const optional = (paths: ReadonlyArray<{ path: string }>): string[] => paths.map((p) => unitWord(`-${p.path}`));
  return {
    job: unitWord(a.job),
    unit: unitWord(svc.unitName),
    user: svc.identity.user ? unitWord(svc.identity.user) : '',
    group: svc.identity.group ? unitWord(svc.identity.group) : '',
    runtime_dirs: a.runtimeDirs.map(unitWord),
    state_dirs: a.stateDirs.map(unitWord),
    cache_dirs: a.cacheDirs.map(unitWord),
    logs_dirs: a.logsDirs.map(unitWord),
    config_dirs: a.configDirs.map(unitWord),
    writable_paths: optional(a.writable),
    readonly_paths: optional(a.read),
    ...profileVars,
    ...cli,
    ...hiddenBinds(a, cli.hidden_trees ?? profileVars.hidden_trees ?? ''),
  };
}

/** The paths under hidden trees (TemporaryFileSystem=) the job writes or reads, to bind back. */
function hiddenBinds(
  a: ServiceFacts,
  trees: string,
): { hidden_writable_paths: string[]; hidden_readonly_paths: string[] } {
  const roots = trees
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replace(/:.*$/, '').replace(/\/+$/, ''));
  const under = (p: string): boolean => roots.some((r) => p === r || p.startsWith(r + '/'));
  const uses = [...a.writable, ...a.read, ...a.home];
  return {
    hidden_writable_paths: uses.filter((u) => u.write && under(u.path)).map((u) => unitWord(`-${u.path}`)),
    hidden_readonly_paths: uses.filter((u) => !u.write && under(u.path)).map((u) => unitWord(`-${u.path}`)),
  };
}

/** --var values: no control characters (they would reach unit files). */
export function checkCliVariables(vars: Readonly<Record<string, string>>): Diagnostic[] {
  return Object.entries(vars).flatMap(([name, value]) => {
    const control = controlCharacter(value);
    return control ? [diagnostic('harden/invalid-value', { file: `--var ${name}` }, `${shown(value)} ${control}`)] : [];
  });
}

/** What the run's checks know: the names defined, the values that do not depend on the job, those --var set. */
interface Known {
  defined: ReadonlySet<string>;
  fixed: Record<string, string>;
  cli: ReadonlySet<string>;
}

/** Where a wrong rendered value came from: the template, and the --var values in it (the ones to change). */
function origin(text: string, names: readonly string[], known: Known): string {
  const given = names.filter((n) => known.cli.has(n)).map((n) => `--var ${clip(n)}`);
  return `the value of ${clip(text)}${given.length ? `, set by ${given.join(', ')}` : ''}`;
}

/** The undefined names of one value, each an error with the nearest defined name as a hint. */
function undefinedNames(d: DirectiveSpec, names: readonly string[], at: Place, known: Known): Diagnostic[] {
  return names
    .filter((n) => !known.defined.has(n))
    .map((name) => {
      const near = known.defined.size <= 1000 ? nearestName(name, known.defined) : undefined;
      return diagnostic(
        'harden/unknown-variable',
        at,
        `${d.key}: {{${clip(name)}}} is not defined (profile ${d.profile})`,
        `${near ? `did you mean {{${near}}}? or ` : ''}define it under variables: or pass --var ${clip(name)}=VALUE`,
      );
    });
}

/** The problems of one directive's values for the run: undefined names, and values the job cannot change that are wrong. */
function directiveProblems(d: DirectiveSpec, known: Known, out: Diagnostic[]): void {
  for (const [i, text] of d.values.entries()) {
    if (out.length >= PROFILE_LIMITS.problems) return;
    const parsed = parseTemplate(text);
    if ('error' in parsed) continue; // refused when the profile loaded
    const at = { file: d.file, ...(d.valuesAt?.[i] ?? d.at) };
    const names = placeholders(parsed.template);
    out.push(...undefinedNames(d, names, at, known));
    if (!names.length || !names.every((n) => Object.hasOwn(known.fixed, n))) continue;
    const rendered = renderTemplate(parsed.template, known.fixed);
    if ('tooLong' in rendered) {
      out.push(
        diagnostic(
          'harden/profile-limit',
          at,
          `${d.key}: ${clip(text)} renders longer than ${rendered.tooLong} characters`,
        ),
      );
      continue;
    }
    for (const v of 'values' in rendered ? rendered.values : []) {
      const why = checkDirectiveValue(d.key, v);
      if (why) out.push(diagnostic('harden/invalid-value', at, `${d.key}: ${why} (${origin(text, names, known)})`));
    }
  }
}

/**
 * Checks resolved profiles for a run before any job: every {{name}} defined, and every value
 * whose variables come only from the profiles and --var valid for its directive.
 */
export function checkProfileVariables(resolved: ResolvedProfile, cli: Readonly<Record<string, string>>): Diagnostic[] {
  const fixed: Record<string, string> = { ...resolved.variables, ...cli };
  // computed ones depend on the job; a --var with a control character is reported by checkCliVariables
  for (const name of COMPUTED) delete fixed[name];
  for (const [name, value] of Object.entries(cli)) if (controlCharacter(value)) delete fixed[name];
  const defined = new Set([...BUILTIN_VARIABLES, ...Object.keys(resolved.variables), ...Object.keys(cli)]);
  const out: Diagnostic[] = [];
  const known: Known = { defined, fixed, cli: new Set(Object.keys(cli)) };
  for (const d of resolved.directives) directiveProblems(d, known, out);
  return out.slice(0, PROFILE_LIMITS.problems);
}
