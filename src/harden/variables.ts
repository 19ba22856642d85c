/**
 * The {{variables}} of directive values: the built-in ones every job provides (its names, user,
 * and what path analysis found), the profiles' defaults and --var values over them. Checked once
 * per run, before any job: every name used is defined (`harden/unknown-variable`), --var values
 * have no control characters, and a value whose variables do not depend on the job is checked
 * against its directive (`harden/invalid-value`) — at the profile's line, not in a unit.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ServiceFacts } from '../model/facts';
import type { ServiceModel } from '../model/service';
import { checkDirectiveValue } from './allowed';
import type { DirectiveSpec, ResolvedProfile } from './profile';
import { parseTemplate, placeholders, renderTemplate } from './template';
import { controlCharacter, shown } from './values';

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
  return {
    job: a.job,
    unit: svc.unitName,
    user: svc.identity.user ?? '',
    group: svc.identity.group ?? '',
    runtime_dirs: a.runtimeDirs,
    state_dirs: a.stateDirs,
    cache_dirs: a.cacheDirs,
    logs_dirs: a.logsDirs,
    config_dirs: a.configDirs,
    writable_paths: a.writable.map((w) => `-${w.path}`),
    readonly_paths: a.read.map((r) => `-${r.path}`),
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
    hidden_writable_paths: uses.filter((u) => u.write && under(u.path)).map((u) => `-${u.path}`),
    hidden_readonly_paths: uses.filter((u) => !u.write && under(u.path)).map((u) => `-${u.path}`),
  };
}

/** --var values: no control characters (they would reach unit files). */
export function checkCliVariables(vars: Readonly<Record<string, string>>): Diagnostic[] {
  return Object.entries(vars).flatMap(([name, value]) => {
    const control = controlCharacter(value);
    return control ? [diagnostic('harden/invalid-value', { file: `--var ${name}` }, `${shown(value)} ${control}`)] : [];
  });
}

/** A defined name close to an undefined one (one or two letters off), for the hint. */
function closest(name: string, names: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++)
        row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row;
    }
    return prev[b.length]!;
  };
  if (name.length > 64) return undefined;
  return names.find((n) => Math.abs(n.length - name.length) <= 2 && distance(name, n) <= 2);
}

/** The problems of one directive's values for the run: undefined names, and values the job cannot change that are wrong. */
function directiveProblems(d: DirectiveSpec, defined: readonly string[], fixed: Record<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  d.values.forEach((text, i) => {
    const parsed = parseTemplate(text);
    if ('error' in parsed) return; // refused when the profile loaded
    const at = { file: d.file, ...(d.valuesAt?.[i] ?? d.at) };
    const names = placeholders(parsed.template);
    for (const name of names.filter((n) => !defined.includes(n))) {
      const near = closest(name, defined);
      out.push(
        diagnostic(
          'harden/unknown-variable',
          at,
          `${d.key}: {{${name}}} is not defined (profile ${d.profile})`,
          `${near ? `did you mean {{${near}}}? or ` : ''}define it under variables: or pass --var ${name}=VALUE`,
        ),
      );
    }
    if (!names.length || !names.every((n) => Object.hasOwn(fixed, n))) return;
    const rendered = renderTemplate(parsed.template, fixed);
    for (const v of 'values' in rendered ? rendered.values : []) {
      const why = checkDirectiveValue(d.key, v);
      if (why) out.push(diagnostic('harden/invalid-value', at, `${d.key}: ${why} (the value of ${text})`));
    }
  });
  return out;
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
  const defined = [...new Set([...BUILTIN_VARIABLES, ...Object.keys(resolved.variables), ...Object.keys(cli)])];
  return resolved.directives.flatMap((d) => directiveProblems(d, defined, fixed));
}
