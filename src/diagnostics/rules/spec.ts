/**
 * What a rule is: the one severity it is reported with (decided in the table, never at the call
 * site), what happened and what the operator should do.
 */

/** How serious a diagnostic is: errors stop a job from converting, warnings lose meaning, info is advice. */
export type Severity = 'error' | 'warning' | 'info';

/** One row of the rule table. */
export interface RuleSpec {
  /** The rule's only severity (a severity policy may still change it for a run). */
  severity: Severity;
  /** What happened, in one sentence. */
  summary: string;
  /** What the operator should do. */
  action: string;
}

/** The rules of one family (`input`, `convert`…), keyed by id; every id starts with the family and a slash. */
export type FamilyRules<F extends string> = Record<`${F}/${string}`, RuleSpec>;
