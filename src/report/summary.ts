/**
 * The counts of a run, computed once: the report's summary in every format and the terminal's
 * end-of-run line read the same `ReportSummary`, so they can never disagree.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic';
import {
  EXISTING_STATES,
  type ExistingState,
  type InstallAction,
  REPORT_STATUSES,
  type ReportJob,
  type ReportStatus,
  type ReportSummary,
  type RuleCount,
} from './model';

/**
 * A job's status for a reviewer: failed when it did not convert; skipped when the install plan
 * says so; `review` when a warning or an error was reported for it; converted otherwise.
 */
export function reportStatus(
  converted: boolean,
  diagnostics: readonly Diagnostic[],
  install?: InstallAction,
): ReportStatus {
  if (!converted) return 'failed';
  if (install?.action === 'skip') return 'skipped';
  return diagnostics.some((d) => d.severity !== 'info') ? 'review' : 'converted';
}

/** A record with every key of `keys` set to 0. */
function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/** Diagnostics by rule id, most frequent first, ties by id (so the order is stable). */
function countRules(diagnostics: Iterable<Diagnostic>): RuleCount[] {
  const byId = new Map<string, RuleCount>();
  for (const d of diagnostics) {
    const c = byId.get(d.ruleId);
    if (c) c.count++;
    else byId.set(d.ruleId, { ruleId: d.ruleId, severity: d.severity, count: 1 });
  }
  return [...byId.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
}

/** Every diagnostic of the run: the batch's, then each job's. */
function* allDiagnostics(jobs: readonly ReportJob[], batch: readonly Diagnostic[]): Generator<Diagnostic> {
  yield* batch;
  for (const j of jobs) yield* j.diagnostics;
}

/**
 * The counts of a run: jobs by status, comparisons by outcome (when any job was compared, or
 * `compared` says the run compared), diagnostics by severity and by rule id.
 */
export function summarizeJobs(
  jobs: readonly ReportJob[],
  batch: readonly Diagnostic[],
  compared = jobs.some((j) => j.existing),
): ReportSummary {
  const status = zeros(REPORT_STATUSES);
  const existing = zeros<ExistingState>(EXISTING_STATES);
  const diagnostics = zeros<Severity>(['error', 'warning', 'info']);
  for (const j of jobs) {
    status[j.status]++;
    if (j.existing) existing[j.existing.state]++;
  }
  for (const d of allDiagnostics(jobs, batch)) diagnostics[d.severity]++;
  return {
    jobs: jobs.length,
    status,
    ...(compared ? { existing } : {}),
    diagnostics,
    rules: countRules(allDiagnostics(jobs, batch)),
  };
}
