/**
 * Hardening profiles: YAML presets of sandbox directives (profiles/*.yaml or a user's file),
 * validated against a JSON Schema (ajv) with errors at file:line:column, directive names checked
 * against systemd's own list, `extends:` resolved (later wins, lists merge).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { isKnownDirective, suggestDirective } from '../systemd/directives';
import { isListDirective } from '../systemd/unit';
import { type Condition, CONDITION_SCHEMA } from './conditions';
import { type LineCol, loadYaml } from './yaml';

/** Where the bundled presets live (same depth from src/ and dist/). */
export const PROFILE_DIR = path.join(__dirname, '..', '..', 'profiles');

/** One directive of a profile: where it goes, its value template(s), why, and when. */
export interface DirectiveSpec {
  section: string;
  key: string;
  values: string[];
  reason?: string;
  when?: Condition;
  /** The profile that set it, and where. */
  profile: string;
  file: string;
  at: LineCol;
}

/** A loaded profile, before `extends` is resolved. */
export interface Profile {
  name: string;
  file: string;
  description: string;
  extends: string[];
  variables: Record<string, string>;
  when?: Condition;
  directives: DirectiveSpec[];
}

const SCALAR = { type: ['string', 'number', 'boolean'] };
const VALUE = { oneOf: [SCALAR, { type: 'array', items: SCALAR, minItems: 1 }] };

/** The JSON Schema of a profile file (docs/profiles.md explains each field). */
export const PROFILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['description', 'directives'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    description: { type: 'string', minLength: 1 },
    extends: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    variables: { type: 'object', additionalProperties: SCALAR },
    when: { $ref: '#/$defs/condition' },
    directives: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          VALUE,
          {
            type: 'object',
            additionalProperties: false,
            required: ['value'],
            properties: {
              value: VALUE,
              reason: { type: 'string' },
              when: { $ref: '#/$defs/condition' },
              section: { enum: ['Unit', 'Service'] },
            },
          },
        ],
      },
    },
  },
  $defs: { condition: CONDITION_SCHEMA },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;

/** Compiles the schema once. */
function validate(value: unknown): ReturnType<Ajv['compile']>['errors'] {
  validator ??= new Ajv({ allErrors: false, strict: false, verbose: true }).compile(PROFILE_SCHEMA);
  return validator(value) ? null : validator.errors;
}

/** Turns the first ajv error into "file:line:column: what was expected". */
function schemaDiagnostic(
  err: NonNullable<ReturnType<typeof validate>>[number],
  file: string,
  positionOf: (p: Array<string | number>, key?: boolean) => LineCol,
): Diagnostic {
  const segs = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = segs.length ? segs.join('.') : 'the document';
  let message: string;
  let at: LineCol;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      at = positionOf([...segs, key], true);
      const allowed = Object.keys((err.parentSchema as { properties?: object }).properties ?? {});
      message = `unknown key "${key}" in ${where}; expected one of: ${allowed.join(', ')}`;
      break;
    }
    case 'required':
      at = positionOf(segs);
      message = `${where} needs "${(err.params as { missingProperty: string }).missingProperty}"`;
      break;
    case 'enum':
      at = positionOf(segs);
      message = `${where} must be one of: ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
      break;
    case 'oneOf':
    case 'type':
      at = positionOf(segs);
      message =
        segs[0] === 'directives' && segs.length >= 2
          ? `directive ${segs[1]} must be a value, a list of values, or { value, reason, when }`
          : `${where} ${err.message ?? 'has the wrong type'}`;
      break;
    default:
      at = positionOf(segs);
      message = `${where} ${err.message ?? 'is invalid'}`;
  }
  return diagnostic('harden/profile-invalid', { file, ...at }, message, 'see docs/profiles.md for the profile format');
}

/** One `directives:` entry of profile `name`, short or long form: its spec, or why it cannot be applied. */
function directiveSpec(
  key: string,
  raw: unknown,
  at: LineCol,
  name: string,
  file: string,
): { spec: DirectiveSpec } | { diagnostic: Diagnostic } {
  const long =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as { value: unknown; reason?: string; when?: Condition; section?: string })
      : undefined;
  const value = long ? long.value : raw;
  const section = long?.section ?? (isKnownDirective('Unit', key) ? 'Unit' : 'Service');
  if (!isKnownDirective(section, key)) {
    const guess = suggestDirective('Service', key) ?? suggestDirective('Unit', key);
    return {
      diagnostic: diagnostic(
        'harden/unknown-directive',
        { file, ...at },
        `unknown directive "${key}" in [${section}]`,
        guess ? `did you mean ${guess}?` : 'check the name in systemd.directives(7)',
      ),
    };
  }
  const values = (Array.isArray(value) ? value : [value]).map((v) =>
    typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v),
  );
  if (values.length > 1 && !isListDirective(key)) {
    return { diagnostic: diagnostic('harden/profile-invalid', { file, ...at }, `${key} takes one value, not a list`) };
  }
  return {
    spec: {
      section,
      key,
      values,
      ...(long?.reason ? { reason: long.reason } : {}),
      ...(long?.when ? { when: long.when } : {}),
      profile: name,
      file,
      at,
    },
  };
}

/** Reads and validates one profile file; `name` defaults to the file's base name. */
export function parseProfile(text: string, file: string): { profile: Profile | null; diagnostics: Diagnostic[] } {
  const loaded = loadYaml(text);
  if ('error' in loaded) {
    return {
      profile: null,
      diagnostics: [
        diagnostic(
          'harden/profile-invalid',
          { file, line: loaded.error.line, column: loaded.error.column },
          `not valid YAML: ${loaded.error.message}`,
        ),
      ],
    };
  }
  const errors = validate(loaded.value);
  if (errors?.length) {
    const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
    return { profile: null, diagnostics: [schemaDiagnostic(deepest, file, (p, k) => loaded.positionOf(p, k))] };
  }
  const doc = loaded.value as {
    name?: string;
    description: string;
    extends?: string | string[];
    variables?: Record<string, unknown>;
    when?: Condition;
    directives: Record<string, unknown>;
  };
  const name = doc.name ?? path.basename(file).replace(/\.ya?ml$/, '');
  const diagnostics: Diagnostic[] = [];
  const directives: DirectiveSpec[] = [];
  for (const [key, raw] of Object.entries(doc.directives)) {
    const read = directiveSpec(key, raw, loaded.positionOf(['directives', key], true), name, file);
    if ('diagnostic' in read) diagnostics.push(read.diagnostic);
    else directives.push(read.spec);
  }
  const profile: Profile = {
    name,
    file,
    description: doc.description,
    extends: doc.extends === undefined ? [] : Array.isArray(doc.extends) ? doc.extends : [doc.extends],
    variables: Object.fromEntries(Object.entries(doc.variables ?? {}).map(([k, v]) => [k, String(v)])),
    ...(doc.when ? { when: doc.when } : {}),
    directives,
  };
  return { profile: diagnostics.some((d) => d.severity === 'error') ? null : profile, diagnostics };
}

/** The bundled preset names (profiles/*.yaml). */
export function presetNames(dir = PROFILE_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** Finds a profile by preset name or path. */
function locate(ref: string, dir: string): string | null {
  if (ref.includes('/') || /\.ya?ml$/.test(ref)) return fs.existsSync(ref) ? ref : null;
  for (const ext of ['.yaml', '.yml']) {
    const p = path.join(dir, ref + ext);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

/** Loads a profile by name or path, reporting a missing one. */
export function loadProfile(ref: string, dir = PROFILE_DIR): { profile: Profile | null; diagnostics: Diagnostic[] } {
  const file = locate(ref, dir);
  if (!file) {
    return {
      profile: null,
      diagnostics: [
        diagnostic(
          'harden/profile-not-found',
          { file: ref },
          `no profile "${ref}"`,
          `presets: ${presetNames(dir).join(', ')}; or give a path to a .yaml file`,
        ),
      ],
    };
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return {
      profile: null,
      diagnostics: [
        diagnostic('harden/profile-not-found', { file }, `cannot be read (${(err as NodeJS.ErrnoException).code})`),
      ],
    };
  }
  return parseProfile(text, file);
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

/**
 * Resolves profiles (each with its `extends` parents first, depth-first, each once) and merges
 * them in order: a later scalar directive replaces an earlier one, list directives accumulate.
 */
export function resolveProfiles(
  refs: readonly string[],
  dir = PROFILE_DIR,
): { resolved: ResolvedProfile | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const chain: Profile[] = [];
  const visit = (ref: string, trail: string[]): void => {
    if (trail.includes(ref)) {
      diagnostics.push(
        diagnostic(
          'harden/profile-cycle',
          { file: ref },
          `profiles extend each other in a cycle: ${[...trail, ref].join(' → ')}`,
        ),
      );
      return;
    }
    const { profile, diagnostics: d } = loadProfile(ref, dir);
    diagnostics.push(...d);
    if (!profile || chain.some((p) => p.file === profile.file)) return;
    for (const parent of profile.extends) visit(parent, [...trail, ref]);
    chain.push(profile);
  };
  for (const ref of refs) visit(ref, []);
  if (diagnostics.some((d) => d.severity === 'error')) return { resolved: null, diagnostics };
  const directives: DirectiveSpec[] = [];
  for (const p of chain) {
    for (const d of p.directives) {
      const same = directives.findIndex((x) => x.section === d.section && x.key === d.key);
      if (same >= 0 && !isListDirective(d.key)) directives.splice(same, 1);
      directives.push(d);
    }
  }
  return {
    resolved: {
      chain: chain.map((p) => p.name),
      conditions: Object.fromEntries(chain.filter((p) => p.when).map((p) => [p.name, p.when!])),
      variables: Object.assign({}, ...chain.map((p) => p.variables)),
      directives,
    },
    diagnostics,
  };
}
