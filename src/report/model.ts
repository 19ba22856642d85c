/**
 * The report of a conversion run as a value: what `convert --report FILE` renders as Markdown,
 * HTML or JSON (docs/report.md) and what the terminal's end-of-run summary counts. The pipeline
 * builds it from its result (src/pipeline/report.ts); renderers read nothing else, so a new fact
 * about a job (the install plan's action) is one optional field here and one cell in each format.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic';
import type { DirectiveChange } from '../diff/semantic';

/** The version of the JSON report's schema (docs/report.md): bumped when a field changes meaning or goes. */
export const REPORT_SCHEMA_ID = 'upstart2systemd-report/1';

/**
 * A job's status for a reviewer: converted (nothing to read first), converted with warnings or
 * errors (`review`), not converted (`failed`), or converted but not to be installed (`skipped`,
 * when the install plan says so).
 */
export type ReportStatus = 'converted' | 'review' | 'failed' | 'skipped';

/** Every status, in the order reports list and count them. */
export const REPORT_STATUSES: readonly ReportStatus[] = ['converted', 'review', 'failed', 'skipped'];

/** How a status is written for people (reports and the terminal say the same words). */
export const STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  converted: 'converted',
  review: 'need review',
  failed: 'failed',
  skipped: 'skipped',
};

/** How a job's unit compares with the unit that exists: the same, different, no unit, or one that cannot be read. */
export type ExistingState = 'same' | 'differ' | 'none' | 'unreadable';

/** Every comparison outcome, in the order reports list and count them. */
export const EXISTING_STATES: readonly ExistingState[] = ['same', 'differ', 'none', 'unreadable'];

/** What to do with a job's files on the host (from the install plan, when there is one). */
export interface InstallAction {
  action: 'install' | 'dropin' | 'use-existing' | 'skip';
  /** Why, in a sentence (always given for `skip`). */
  reason?: string;
}

/** One generated file: its name and content, and where it went when written to --out. */
export interface ReportFile {
  name: string;
  content: string;
  /** The path under --out, when the run wrote (or would write) files. */
  path?: string;
  /** What happened to it: written, unchanged, would-write, exists (not overwritten), failed. */
  written?: 'written' | 'unchanged' | 'would-write' | 'exists' | 'failed';
}

/** A job's unit compared with the existing one. */
export interface ReportExisting {
  state: ExistingState;
  /** The existing unit found (null when none, or when it cannot be read). */
  unit: { name: string; files: string[]; matchedBy: string } | null;
  /** The unit names looked for, in order. */
  lookedFor: string[];
  /** Whether the job's output is the full unit or a drop-in. */
  mode: 'full' | 'dropin';
  /** The masked unit's name, when the unit is masked. */
  masked?: string;
  /** Differences by directive, the ones to read first on top. */
  changes: DirectiveChange[];
  /** Unified diff of the effective settings (existing → generated), '' when equal or no unit. */
  unified: string;
}

/** Exposure before and after hardening (systemd-analyze security, 0 = most confined, 10 = fully exposed). */
export interface ReportExposure {
  before?: number;
  after?: number;
}

/** One job of the run, as a reviewer reads it. */
export interface ReportJob {
  name: string;
  conf: string;
  override?: string;
  status: ReportStatus;
  /** The hardening profiles applied to the job, in order (empty without hardening). */
  profiles: string[];
  exposure?: ReportExposure;
  /** The install plan's action for the job, when there is a plan. */
  install?: InstallAction;
  /** Every diagnostic of the job, in the order they were reported. */
  diagnostics: Diagnostic[];
  files: ReportFile[];
  /** The comparison with the existing unit, when the run compared. */
  existing?: ReportExisting;
}

/** How often one rule was reported in the run. */
export interface RuleCount {
  ruleId: string;
  severity: Severity;
  count: number;
}

/** The counts of a run: the same numbers in every report format and in the terminal's summary. */
export interface ReportSummary {
  jobs: number;
  status: Record<ReportStatus, number>;
  /** Comparison outcomes, only when the run compared with existing units. */
  existing?: Record<ExistingState, number>;
  diagnostics: Record<Severity, number>;
  /** Diagnostics by rule id, most frequent first (ties by id). */
  rules: RuleCount[];
}

/** What the run was asked to do, as far as a reader of the report needs to know. */
export interface ReportRun {
  /** The output directory, when files were written (or would have been, in a dry run). */
  out?: string;
  dryRun: boolean;
  /** --check: nothing was written; differences fail the run. */
  check: boolean;
  /** The comparison mode, when the run compared with existing units. */
  mode?: 'full' | 'dropin' | 'auto';
}

/** The whole report of a run. */
export interface Report {
  schema: typeof REPORT_SCHEMA_ID;
  tool: { name: 'upstart2systemd'; version: string };
  target: { name: string; systemd: number };
  run: ReportRun;
  summary: ReportSummary;
  jobs: ReportJob[];
  /** Diagnostics of the batch rather than of one job (a path that cannot be read…). */
  diagnostics: Diagnostic[];
  /** Why exposure scores are missing, when scoring. */
  exposureNote?: string;
}
