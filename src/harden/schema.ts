/**
 * The JSON Schema of a profile file (ajv), and a document's first schema error as a diagnostic at
 * the file:line:column of the offending key or value (profiles, profile maps, the config file).
 */
import type Ajv from 'ajv';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { RuleId } from '../diagnostics/rules';
import { CONDITION_SCHEMA } from './conditions';
import { clip, shown } from './values';
import type { LineCol } from './yaml';

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

/** A compiled schema's check: null when the value is valid, else ajv's errors. */
export type SchemaCheck = (value: unknown) => ReturnType<Ajv['compile']>['errors'];

/** ajv, required on the first compile: most runs read no profile, config or baseline (docs/performance.md). */
function ajv(): typeof Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return (require('ajv') as { default: typeof Ajv }).default;
}

/** Compiles a JSON Schema once, on first use (ajv with the first error per branch, its schema path kept). */
export function schemaCheck(schema: object): SchemaCheck {
  let compiled: ReturnType<Ajv['compile']> | undefined;
  return (value) => {
    compiled ??= new (ajv())({ allErrors: false, strict: false, verbose: true }).compile(schema);
    return compiled(value) ? null : compiled.errors;
  };
}

/** How a document's schema errors are reported: the rule, the hint, and words for a value of the wrong shape. */
export interface SchemaReport {
  ruleId: RuleId;
  hint: string;
  /** The message for a value of the wrong type at `segs`, when the default is not clear enough. */
  shape?: (segs: readonly string[]) => string | undefined;
}

/** Turns an ajv error into "file:line:column: what was expected". */
function schemaDiagnostic(
  err: NonNullable<ReturnType<SchemaCheck>>[number],
  file: string,
  positionOf: (p: Array<string | number>, key?: boolean) => LineCol,
  report: SchemaReport,
): Diagnostic {
  const segs = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = segs.length ? clip(segs.join('.')) : 'the document';
  let message: string;
  let at: LineCol;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      at = positionOf([...segs, key], true);
      const allowed = Object.keys((err.parentSchema as { properties?: object }).properties ?? {});
      message = `unknown key ${shown(key)} in ${where}; expected one of: ${allowed.join(', ')}`;
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
      message = report.shape?.(segs) ?? `${where} ${err.message ?? 'has the wrong type'}`;
      break;
    default:
      at = positionOf(segs);
      message = `${where} ${err.message ?? 'is invalid'}`;
  }
  return diagnostic(report.ruleId, { file, ...at }, message, report.hint);
}

/** A document's first schema error (the deepest ajv reports) as a diagnostic; undefined when it is valid. */
export function firstSchemaProblem(
  check: SchemaCheck,
  value: unknown,
  file: string,
  positionOf: (p: Array<string | number>, key?: boolean) => LineCol,
  report: SchemaReport,
): Diagnostic | undefined {
  const errors = check(value);
  if (!errors?.length) return undefined;
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
  return schemaDiagnostic(deepest, file, positionOf, report);
}

const checkProfile = schemaCheck(PROFILE_SCHEMA);

/** How a profile's schema errors read. */
const PROFILE_REPORT: SchemaReport = {
  ruleId: 'harden/profile-invalid',
  hint: 'see docs/profiles.md for the profile format',
  shape: (segs) =>
    segs[0] === 'directives' && segs.length >= 2
      ? `directive ${clip(String(segs[1]))} must be a value, a list of values, or { value, reason, when }`
      : undefined,
};

/** The profile's first schema error (the deepest ajv reports) as a diagnostic; undefined when it is valid. */
export function schemaProblem(
  value: unknown,
  file: string,
  positionOf: (p: Array<string | number>, key?: boolean) => LineCol,
): Diagnostic | undefined {
  return firstSchemaProblem(checkProfile, value, file, positionOf, PROFILE_REPORT);
}
