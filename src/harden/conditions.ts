/**
 * `when:` conditions of profiles and their directives, evaluated against facts about the job
 * (its stanzas, what path analysis found, the variables set). A small closed language, so a
 * profile is data, not code: has / missing / fact / var / matches / all / any / not. `matches:`
 * is an RE2 expression run by re2js, whose time is linear in the text (no backtracking), and a
 * condition nests at most PROFILE_LIMITS.whenDepth deep; both are checked when a profile loads.
 */
import type { RE2JS } from 're2js';
import { PROFILE_LIMITS } from './limits';
import { controlCharacter } from './values';

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

/** A problem in a condition: where (path below the `when:`), which rule, and what. */
export interface ConditionProblem {
  path: Array<string | number>;
  ruleId: 'harden/invalid-regex' | 'harden/profile-limit' | 'harden/profile-invalid';
  message: string;
}

const compiled = new Map<string, RE2JS | null>();

/** re2js, required on the first expression: most runs match none (docs/performance.md, "Start-up"). */
function re2js(): { RE2JS: typeof RE2JS } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return require('re2js') as { RE2JS: typeof RE2JS };
}

/** Compiles a `matches:` expression once (multi-line: ^ and $ match at each line); null when invalid. */
function regex(pattern: string): RE2JS | null {
  if (!compiled.has(pattern)) {
    let re: RE2JS | null = null;
    try {
      const { RE2JS } = re2js();
      re = RE2JS.compile(pattern, RE2JS.MULTILINE);
    } catch {
      re = null;
    }
    compiled.set(pattern, re);
  }
  return compiled.get(pattern)!;
}

/** Why a `matches:` expression cannot be used (too long, a control character, not RE2 syntax); undefined when fine. */
export function regexProblem(pattern: string): string | undefined {
  if (pattern.length > PROFILE_LIMITS.regexLength)
    return `the expression is longer than ${PROFILE_LIMITS.regexLength} characters`;
  const control = controlCharacter(pattern);
  if (control) return `the expression ${control}`;
  try {
    re2js().RE2JS.compile(pattern); // the same syntax as with MULTILINE, whose messages would show a (?m) prefix
    return undefined;
  } catch (err) {
    const why = (err as Error).message.replace(/^error parsing regexp: /, '');
    return `not a valid RE2 expression: ${controlCharacter(why) ? 'syntax error' : why}`;
  }
}

/**
 * Checks a condition as loaded (its shape is the schema's): nesting within the limit, every
 * expression valid, no control characters in names. Walks with its own stack, never recursing.
 */
export function conditionProblems(root: Condition): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  const stack: Array<{ c: Condition; path: Array<string | number>; depth: number }> = [{ c: root, path: [], depth: 1 }];
  while (stack.length) {
    const { c, path, depth } = stack.pop()!;
    if (depth > PROFILE_LIMITS.whenDepth) {
      problems.push({
        path,
        ruleId: 'harden/profile-limit',
        message: `conditions nest deeper than ${PROFILE_LIMITS.whenDepth} levels`,
      });
      continue;
    }
    if ('matches' in c) {
      const why = regexProblem(c.matches);
      if (why)
        problems.push({ path: [...path, 'matches'], ruleId: 'harden/invalid-regex', message: `matches: ${why}` });
    } else if ('all' in c || 'any' in c) {
      const [key, list] = 'all' in c ? ['all', c.all] : ['any', c.any];
      list.forEach((x, i) => stack.push({ c: x, path: [...path, key, i], depth: depth + 1 }));
    } else if ('not' in c) {
      stack.push({ c: c.not, path: [...path, 'not'], depth: depth + 1 });
    } else {
      const [key, name] = Object.entries(c)[0] as [string, string];
      const control = controlCharacter(name);
      if (control)
        problems.push({ path: [...path, key], ruleId: 'harden/profile-invalid', message: `${key}: ${control}` });
    }
  }
  return problems;
}

/** Evaluates a condition (an expression that does not compile, which a loaded profile never has, never matches). */
export function holds(c: Condition, input: ConditionInput): boolean {
  if ('has' in c) return input.stanzas.has(c.has);
  if ('missing' in c) return !input.stanzas.has(c.missing);
  if ('fact' in c) return input.facts.has(c.fact as Fact);
  if ('var' in c) return (input.variables[c.var] ?? '') !== '';
  if ('matches' in c) return regex(c.matches)?.matcher(input.text).find() ?? false;
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
