/**
 * `when:` conditions of profiles and their directives, evaluated against facts about the job
 * (its stanzas, what path analysis found, the variables set). A small closed language, so a
 * profile is data, not code: has / missing / fact / var / matches / all / any / not.
 */

/** A condition as written in YAML. */
export type Condition =
  | { has: string }
  | { missing: string }
  | { fact: string }
  | { var: string }
  | { matches: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/** Derived facts a condition may test with `fact:`. */
export const FACTS = [
  'runs-as-root',
  'has-main-process',
  'is-task',
  'forking',
  'uses-jit',
  'uses-home',
  'uses-devices',
  'uses-tmp',
  'writes-outside-managed',
] as const;
export type Fact = (typeof FACTS)[number];

/** The JSON Schema of a condition (referenced by the profile schema). */
export const CONDITION_SCHEMA = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    has: { type: 'string' },
    missing: { type: 'string' },
    fact: { enum: [...FACTS] },
    var: { type: 'string' },
    matches: { type: 'string' },
    all: { type: 'array', items: { $ref: '#/$defs/condition' } },
    any: { type: 'array', items: { $ref: '#/$defs/condition' } },
    not: { $ref: '#/$defs/condition' },
  },
} as const;

/** What a condition can look at. */
export interface ConditionInput {
  /** Stanza names present in the job (job model field names: setuid, chroot, respawn, …). */
  stanzas: ReadonlySet<string>;
  facts: ReadonlySet<Fact>;
  variables: Readonly<Record<string, string>>;
  /** All process text (exec lines and scripts) of the job. */
  text: string;
}

/** Evaluates a condition. */
export function holds(c: Condition, input: ConditionInput): boolean {
  if ('has' in c) return input.stanzas.has(c.has);
  if ('missing' in c) return !input.stanzas.has(c.missing);
  if ('fact' in c) return input.facts.has(c.fact as Fact);
  if ('var' in c) return (input.variables[c.var] ?? '') !== '';
  if ('matches' in c) return new RegExp(c.matches, 'm').test(input.text);
  if ('all' in c) return c.all.every((x) => holds(x, input));
  if ('any' in c) return c.any.some((x) => holds(x, input));
  return !holds(c.not, input);
}

/** A condition as text, for `profiles show`. */
export function describeCondition(c: Condition): string {
  if ('has' in c) return `job has ${c.has}`;
  if ('missing' in c) return `job has no ${c.missing}`;
  if ('fact' in c) return c.fact;
  if ('var' in c) return `variable ${c.var} is set`;
  if ('matches' in c) return `job text matches /${c.matches}/`;
  if ('all' in c) return c.all.map(describeCondition).join(' and ');
  if ('any' in c) return `(${c.any.map(describeCondition).join(' or ')})`;
  return `not (${describeCondition(c.not)})`;
}
