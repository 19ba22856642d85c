/**
 * The end-of-run summary line of `convert`: the same counts as the report's summary (one function
 * computes both, src/report/summary.ts), in one line on stderr.
 */
import { visible } from '../diagnostics/diagnostic';
import {
  EXISTING_STATES,
  REPORT_STATUSES,
  type ReportSummary,
  STATUS_LABELS,
  type Target,
  severityCounts,
} from '../pipeline';

/** What the line says besides the counts. */
export interface SummaryLineOptions {
  verbose: boolean;
  dryRun: boolean;
  /** The report file, when one was written. */
  report?: string;
}

/**
 * `16 jobs for debian-12 (systemd 252): 13 converted, 3 need review, 0 failed, 0 skipped;` then,
 * when comparing, `existing units: 2 same, 14 differ, 0 none, 0 unreadable;` then the diagnostics
 * by severity, and what was not written or where the report went.
 */
export function summaryLine(
  s: ReportSummary,
  target: Pick<Target, 'name' | 'systemd'>,
  opts: SummaryLineOptions,
): string {
  const jobs = `${s.jobs} job${s.jobs === 1 ? '' : 's'} for ${target.name} (systemd ${target.systemd})`;
  const status = REPORT_STATUSES.map((k) => `${s.status[k]} ${STATUS_LABELS[k]}`).join(', ');
  const existing = s.existing;
  const compared = existing ? `; existing units: ${EXISTING_STATES.map((k) => `${existing[k]} ${k}`).join(', ')}` : '';
  const notes = !opts.verbose && s.diagnostics.info ? ' (--verbose shows the notes)' : '';
  const dryRun = opts.dryRun ? '; dry run: nothing written' : '';
  const report = opts.report !== undefined ? `; report: ${visible(opts.report)}` : '';
  return `${jobs}: ${status}${compared}; ${severityCounts(s)}${notes}${dryRun}${report}`;
}
