/**
 * Hardening profiles: YAML presets of sandbox directives (profiles/*.yaml or a user's file),
 * validated against a JSON Schema (ajv) with errors at file:line:column, directive names checked
 * against systemd's own list and the allow-list of what a profile may set, literal values against
 * their directive, conditions checked, `extends:` resolved (later wins, lists merge). Every cap
 * of PROFILE_LIMITS holds before anything walks the document.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import { appendAll, type Diagnostic, type Place } from '../diagnostics/diagnostic';
import { isListDirective } from '../systemd/unit';
import { type Condition, conditionProblems } from './conditions';
import { type DirectiveSpec, readEntry } from './entry';
import { PROFILE_LIMITS } from './limits';
import { PROFILE_DIR, presetNames } from './presets';
import { nearestName } from '../diagnostics/suggest';
import { schemaProblem } from './schema';
import { clip, controlCharacter, shown } from './values';
import { type LineCol, type PositionedYaml, loadYaml, readLimited } from './yaml';

export type { DirectiveSpec } from './entry';
export { PROFILE_SCHEMA } from './schema';
export { PROFILE_DIR, presetNames } from './presets';

/** A loaded profile, before `extends` is resolved. */
export interface Profile {
  name: string;
  file: string;
  description: string;
  extends: string[];
  /** Where `extends:` is written, when it is. */
  extendsAt?: LineCol;
  /** Where each name of `extends:` is written. */
  extendsRefsAt?: LineCol[];
  variables: Record<string, string>;
  when?: Condition;
  directives: DirectiveSpec[];
}

/** The document as the schema guarantees it. */
interface ProfileDoc {
  name?: string;
  description: string;
  extends?: string | string[];
  variables?: Record<string, unknown>;
  when?: Condition;
  directives: Record<string, unknown>;
}

/** A profile's YAML: the document, or its one error (a cap exceeded is `harden/profile-limit`). */
function loadDocument(text: string, file: string): { loaded: PositionedYaml } | { diagnostic: Diagnostic } {
  const loaded = loadYaml(text);
  if (!('error' in loaded)) return { loaded };
  const { message, line, column, limit } = loaded.error;
  return {
    diagnostic: limit
      ? diagnostic('harden/profile-limit', { file, line, column }, `cannot be loaded: ${message}`)
      : diagnostic('harden/profile-invalid', { file, line, column }, `not valid YAML: ${message}`),
  };
}

/** Texts a person reads (description, reasons) and variables: no control characters, names usable as {{name}}. */
function textProblems(doc: ProfileDoc, file: string, y: PositionedYaml): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (p: Array<string | number>, text: string, rule: 'harden/profile-invalid' | 'harden/invalid-value') => {
    const control = controlCharacter(text);
    if (control)
      out.push(diagnostic(rule, { file, ...y.positionOf(p) }, `${clip(p.join('.'))}: ${shown(text)} ${control}`));
  };
  check(['description'], doc.description, 'harden/profile-invalid');
  for (const [key, raw] of Object.entries(doc.directives)) {
    const reason = (raw as { reason?: unknown } | null)?.reason;
    if (typeof reason === 'string') check(['directives', key, 'reason'], reason, 'harden/profile-invalid');
  }
  for (const [name, value] of Object.entries(doc.variables ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      out.push(
        diagnostic(
          'harden/profile-invalid',
          { file, ...y.positionOf(['variables', name], true) },
          `variable name ${shown(name)} is not a name a {{placeholder}} can use (letters, digits and _)`,
        ),
      );
    } else check(['variables', name], String(value), 'harden/invalid-value');
  }
  return out;
}

/** The profile's and its directives' conditions: nesting, expressions and names, at their positions. */
function whenProblems(doc: ProfileDoc, file: string, y: PositionedYaml): Diagnostic[] {
  const roots: Array<[Array<string | number>, Condition]> = doc.when ? [[['when'], doc.when]] : [];
  for (const [key, raw] of Object.entries(doc.directives)) {
    const when = (raw as { when?: Condition } | null)?.when;
    if (when && typeof raw === 'object' && !Array.isArray(raw)) roots.push([['directives', key, 'when'], when]);
  }
  return roots.flatMap(([at, c]) =>
    conditionProblems(c).map((p) => diagnostic(p.ruleId, { file, ...y.positionOf([...at, ...p.path]) }, p.message)),
  );
}

/** The directives of a profile, read until PROFILE_LIMITS.problems problems have been found. */
function readEntries(doc: ProfileDoc, name: string, file: string, y: PositionedYaml, diagnostics: Diagnostic[]) {
  const directives: DirectiveSpec[] = [];
  for (const [key, raw] of Object.entries(doc.directives)) {
    if (diagnostics.length >= PROFILE_LIMITS.problems) {
      const more = `more than ${PROFILE_LIMITS.problems} problems; the rest of the file was not checked`;
      diagnostics.push(diagnostic('harden/profile-limit', { file, ...y.positionOf(['directives', key], true) }, more));
      break;
    }
    const entry = readEntry(key, raw, { name, file, positionOf: (p, k) => y.positionOf(p, k) });
    if ('diagnostics' in entry) appendAll(diagnostics, entry.diagnostics);
    else directives.push(entry.spec);
  }
  return directives;
}

/** Reads and validates one profile file; `name` defaults to the file's base name. */
export function parseProfile(text: string, file: string): { profile: Profile | null; diagnostics: Diagnostic[] } {
  const read = loadDocument(text, file);
  if ('diagnostic' in read) return { profile: null, diagnostics: [read.diagnostic] };
  const y = read.loaded;
  const invalid = schemaProblem(y.value, file, (p, k) => y.positionOf(p, k));
  if (invalid) return { profile: null, diagnostics: [invalid] };
  const doc = y.value as ProfileDoc;
  const name = doc.name ?? path.basename(file).replace(/\.ya?ml$/, '');
  const diagnostics = [...textProblems(doc, file, y), ...whenProblems(doc, file, y)].slice(0, PROFILE_LIMITS.problems);
  const directives = readEntries(doc, name, file, y, diagnostics);
  const profile: Profile = {
    name,
    file,
    description: doc.description,
    extends: doc.extends === undefined ? [] : Array.isArray(doc.extends) ? doc.extends : [doc.extends],
    ...(doc.extends === undefined
      ? {}
      : {
          extendsAt: y.positionOf(['extends'], true),
          extendsRefsAt: Array.isArray(doc.extends)
            ? doc.extends.map((_, i) => y.positionOf(['extends', i]))
            : [y.positionOf(['extends'])],
        }),
    variables: Object.fromEntries(Object.entries(doc.variables ?? {}).map(([k, v]) => [k, String(v)])),
    ...(doc.when ? { when: doc.when } : {}),
    directives,
  };
  return { profile: diagnostics.some((d) => d.severity === 'error') ? null : profile, diagnostics };
}

/** The file of a profile given by preset name or path; null when there is none. */
export function locateProfile(ref: string, dir = PROFILE_DIR): string | null {
  if (ref.includes('/') || /\.ya?ml$/.test(ref)) return fs.existsSync(ref) ? ref : null;
  for (const ext of ['.yaml', '.yml']) {
    const p = path.join(dir, ref + ext);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** The error for a profile that does not exist, at `at` (default: the reference itself), with the nearest preset. */
export function unknownProfile(ref: string, at: Place = { file: ref }, dir = PROFILE_DIR): Diagnostic {
  const presets = presetNames(dir);
  const near = ref.includes('/') ? undefined : nearestName(ref.replace(/\.ya?ml$/, ''), presets);
  return diagnostic(
    'harden/profile-not-found',
    at,
    `unknown profile ${shown(ref)}`,
    `${near ? `did you mean ${near}? ` : ''}presets: ${presets.join(', ')}; or give a path to a .yaml file`,
  );
}

/** Loads a profile by name or path, reporting a missing, unreadable or too large one. */
export function loadProfile(ref: string, dir = PROFILE_DIR): { profile: Profile | null; diagnostics: Diagnostic[] } {
  const file = locateProfile(ref, dir);
  if (!file) return { profile: null, diagnostics: [unknownProfile(ref, { file: ref }, dir)] };
  const read = readLimited(file);
  if ('error' in read) {
    const rule = read.limit ? 'harden/profile-limit' : 'harden/profile-not-found';
    return { profile: null, diagnostics: [diagnostic(rule, { file }, read.error)] };
  }
  return parseProfile(read.text, file);
}

/** Profiles resolved into one ordered list of directives, and the variables they define. */
export interface ResolvedProfile {
  /** Profile names in application order (parents before children). */
  chain: string[];
  /** Profile-level conditions, by profile name. */
  conditions: Record<string, Condition>;
  variables: Record<string, string>;
  directives: DirectiveSpec[];
}

/** Loaded profiles by directory and reference, so a run reads and checks each file once. */
export type ProfileCache = Map<string, { profile: Profile | null; diagnostics: Diagnostic[] }>;

/** Loads a profile through the cache (the same result, diagnostics included, for the same reference). */
function loadCached(
  ref: string,
  dir: string,
  cache: ProfileCache,
): { profile: Profile | null; diagnostics: Diagnostic[] } {
  const key = `${dir}\u0000${ref}`;
  if (!cache.has(key)) cache.set(key, loadProfile(ref, dir));
  return cache.get(key)!;
}

/** The chain of profiles `refs` name, parents first, each once; depth-checked, so never deeper than the cap. */
function profileChain(
  refs: readonly string[],
  dir: string,
  cache: ProfileCache,
): { chain: Profile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const chain: Profile[] = [];
  const reported = new Set<object>();
  const visit = (ref: string, trail: Profile[], refTrail: string[], index = 0): void => {
    const parent = trail[trail.length - 1];
    const place = parent ? { file: parent.file, ...parent.extendsAt } : { file: ref };
    if (parent && !locateProfile(ref, dir)) {
      // a parent that does not exist is reported where `extends:` names it
      diagnostics.push(unknownProfile(ref, { file: parent.file, ...parent.extendsRefsAt?.[index] }, dir));
      return;
    }
    if (refTrail.includes(ref)) {
      const cycle = [...refTrail, ref].map((r) => clip(r)).join(' → ');
      diagnostics.push(diagnostic('harden/profile-cycle', place, `profiles extend each other in a cycle: ${cycle}`));
      return;
    }
    if (trail.length >= PROFILE_LIMITS.extendsDepth) {
      const [first] = refTrail;
      diagnostics.push(
        diagnostic(
          'harden/profile-limit',
          place,
          `extends: more than ${PROFILE_LIMITS.extendsDepth} profiles deep (${clip(first!)} → … → ${clip(refTrail.at(-1)!)} → ${clip(ref)})`,
        ),
      );
      return;
    }
    const loaded = loadCached(ref, dir, cache);
    if (!reported.has(loaded)) appendAll(diagnostics, loaded.diagnostics);
    reported.add(loaded);
    const { profile } = loaded;
    if (!profile || chain.some((p) => p.file === profile.file)) return;
    if (trail.some((p) => p.file === profile.file)) {
      const cycle = [...refTrail, ref].map((r) => clip(r)).join(' → ');
      diagnostics.push(diagnostic('harden/profile-cycle', place, `profiles extend each other in a cycle: ${cycle}`));
      return;
    }
    for (const [i, p] of profile.extends.entries()) visit(p, [...trail, profile], [...refTrail, ref], i);
    chain.push(profile);
  };
  for (const ref of refs) visit(ref, [], []);
  return { chain, diagnostics };
}

/** The error when the profiles applied together set more values than the cap, at the directive that passes it. */
function tooManyValues(chain: readonly Profile[]): Diagnostic | undefined {
  let count = 0;
  for (const d of chain.flatMap((p) => p.directives)) {
    count += d.values.length;
    if (count > PROFILE_LIMITS.values)
      return diagnostic(
        'harden/profile-limit',
        { file: d.file, ...d.at },
        `the profiles applied together set more than ${PROFILE_LIMITS.values} values (${d.key}= passes it)`,
      );
  }
  return undefined;
}

/**
 * Resolves profiles (each with its `extends` parents first, depth-first, each once) and merges
 * them in order: a later scalar directive replaces an earlier one, list directives accumulate.
 */
export function resolveProfiles(
  refs: readonly string[],
  dir = PROFILE_DIR,
  cache: ProfileCache = new Map(),
): { resolved: ResolvedProfile | null; diagnostics: Diagnostic[] } {
  const { chain, diagnostics } = profileChain(refs, dir, cache);
  const tooMany = tooManyValues(chain);
  if (tooMany) diagnostics.push(tooMany);
  if (diagnostics.some((d) => d.severity === 'error')) return { resolved: null, diagnostics };
  // a later single-valued directive replaces the earlier one (its slot emptied, it goes last)
  const slots: Array<DirectiveSpec | undefined> = [];
  const single = new Map<string, number>();
  for (const d of chain.flatMap((p) => p.directives)) {
    if (!isListDirective(d.key)) {
      const id = `${d.section}\u0000${d.key}`;
      if (single.has(id)) slots[single.get(id)!] = undefined;
      single.set(id, slots.length);
    }
    slots.push(d);
  }
  return {
    resolved: {
      chain: chain.map((p) => p.name),
      conditions: Object.fromEntries(chain.filter((p) => p.when).map((p) => [p.name, p.when!])),
      variables: Object.assign({}, ...chain.map((p) => p.variables)),
      directives: slots.filter((d): d is DirectiveSpec => d !== undefined),
    },
    diagnostics,
  };
}
