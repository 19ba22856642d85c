/**
 * The one way to report: `diagnostic()` builds a value for code that returns lists, and a
 * `Diagnostics` collector gathers them for a job or a pass. Both take the severity and the docs
 * link from the rule table, so a call site names only the rule, the place and the words. A
 * `SeverityPolicy` (the config file's `rules:`, docs/config.md) may change a rule's severity or turn it off.
 */
import type { Diagnostic, Place } from './diagnostic';
import { type RuleId, type Severity, ruleDoc } from './rules';

/** What a severity policy is asked about: a rule reported for a file (and the job, when known). */
export interface PolicySubject {
  ruleId: RuleId;
  file: string;
  job?: string;
}

/**
 * Overrides of the table's severities for a run (per rule, per file or per job): a severity, `off`
 * to drop the diagnostic, or undefined to keep the table's.
 */
export type SeverityPolicy = (subject: PolicySubject) => Severity | 'off' | undefined;

/** Builds a diagnostic at a place (line 0: the whole file), with its rule's severity and docs link. */
export function diagnostic(ruleId: RuleId, at: Place, message: string, hint?: string): Diagnostic {
  const rule = ruleDoc(ruleId);
  const d: Diagnostic = {
    ruleId,
    severity: rule.severity,
    url: rule.url,
    file: at.file,
    line: at.line ?? 0,
    column: at.column ?? 0,
    message,
  };
  if (at.endLine !== undefined) d.endLine = at.endLine;
  if (at.endColumn !== undefined) d.endColumn = at.endColumn;
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** The severity a policy gives a diagnostic: its own, another one, or `off`. */
function judged(d: Diagnostic, policy: SeverityPolicy | undefined, job: string | undefined): Severity | 'off' {
  return policy?.({ ruleId: d.ruleId, file: d.file, job }) ?? d.severity;
}

/** Applies a severity policy to diagnostics built elsewhere: changed severities, `off` ones dropped. */
export function applySeverityPolicy(
  diags: readonly Diagnostic[],
  policy: SeverityPolicy | undefined,
  job?: string,
): Diagnostic[] {
  return diags.flatMap((d) => {
    const s = judged(d, policy, job);
    if (s === 'off') return [];
    return s === d.severity ? [d] : [{ ...d, severity: s }];
  });
}

/** How a collector reports: its default file, its job, a severity policy, and words around each message. */
export interface CollectorOptions {
  /** Where a report without a place points (the job file). */
  file?: string;
  /** The job reported about, for the severity policy. */
  job?: string;
  policy?: SeverityPolicy;
  /** Put before every message of this collector (e.g. `NAME.service: `). */
  prefix?: string;
  /** Put after every message of this collector (e.g. ` [profile strict]`). */
  suffix?: string;
}

/** The list and the dedup keys a collector shares with its scoped views. */
interface Store {
  diagnostics: Diagnostic[];
  seen: Set<string>;
}

/** The identity of a diagnostic for dedup: same rule, place and message (the hint does not count). */
function keyOf(d: Diagnostic): string {
  return `${d.ruleId}\u0000${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.message}`;
}

/**
 * Collects the diagnostics of a job or a pass, in report order, each reported once: a second
 * report of the same rule at the same place with the same message is dropped (in O(1)).
 */
export class Diagnostics {
  private readonly store: Store;

  constructor(
    private readonly options: CollectorOptions = {},
    store?: Store,
  ) {
    this.store = store ?? { diagnostics: [], seen: new Set() };
  }

  /** What was reported so far (shared with scoped views). */
  get diagnostics(): Diagnostic[] {
    return this.store.diagnostics;
  }

  /** Reports a rule at a place (or at the collector's file when there is none). */
  report(ruleId: RuleId, at: Place | undefined, message: string, hint?: string): void {
    const o = this.options;
    const place = at ?? (o.file !== undefined ? { file: o.file } : undefined);
    if (!place) throw new Error(`report of ${ruleId} without a place, by a collector without a file`);
    this.add(diagnostic(ruleId, place, `${o.prefix ?? ''}${message}${o.suffix ?? ''}`, hint));
  }

  /** Adds diagnostics built elsewhere, through the same policy and dedup. */
  add(...diags: Diagnostic[]): void {
    for (const d of applySeverityPolicy(diags, this.options.policy, this.options.job)) {
      const key = keyOf(d);
      if (this.store.seen.has(key)) continue;
      this.store.seen.add(key);
      this.store.diagnostics.push(d);
    }
  }

  /** A view that reports into the same list with more words around each message (prefix outside, suffix inside). */
  scoped(words: { prefix?: string; suffix?: string }): Diagnostics {
    const o = this.options;
    return new Diagnostics(
      {
        ...o,
        prefix: `${o.prefix ?? ''}${words.prefix ?? ''}`,
        suffix: `${words.suffix ?? ''}${o.suffix ?? ''}`,
      },
      this.store,
    );
  }
}
