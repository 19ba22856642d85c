/**
 * The words every report format uses for the same facts (a place, an exposure, an install action,
 * a comparison), as plain text: each renderer escapes them for its format.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { InstallAction, Report, ReportExisting, ReportExposure, ReportJob, ReportSummary } from './model';

/** Where a diagnostic points: `file:line:column`, or the file alone when it is about the whole file. */
export function placeOf(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
}

/** What a row of the jobs table lists: warnings and errors (notes are counted here, listed in the details). */
export function findingsOf(job: Pick<ReportJob, 'diagnostics'>): { listed: Diagnostic[]; notes: number } {
  const listed = job.diagnostics.filter((d) => d.severity !== 'info');
  return { listed, notes: job.diagnostics.length - listed.length };
}

/** "3 notes", "1 note". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Exposure before → after, one decimal, `?` for a missing score; '' when the job was not scored. */
export function exposureText(e: ReportExposure | undefined): string {
  if (!e || (e.before === undefined && e.after === undefined)) return '';
  const n = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(1));
  return `${n(e.before)} → ${n(e.after)}`;
}

/** The install action in words: install, drop-in, or skip with its reason. */
export function installText(i: InstallAction | undefined): string {
  if (!i) return '';
  const action = { install: 'install', dropin: 'drop-in', 'use-existing': 'use the existing unit', skip: 'skip' }[
    i.action
  ];
  return i.reason ? `${action}: ${i.reason}` : action;
}

/** One line on the existing unit: same, differs (how many directives), none (what was looked for), unreadable. */
export function existingText(e: ReportExisting): string {
  const where = e.unit ? e.unit.files.join(' + ') : '';
  switch (e.state) {
    case 'same':
      return `same as ${where}`;
    case 'differ':
      return `${plural(e.changes.length, 'difference')} from ${where}`;
    case 'none':
      return `no existing unit (looked for ${e.lookedFor.join(', ')})${e.masked ? `; ${e.masked} is masked` : ''}`;
    case 'unreadable':
      return 'the existing unit cannot be read';
  }
}

/** "0 errors, 3 warnings, 46 notes". */
export function severityCounts(s: ReportSummary): string {
  const d = s.diagnostics;
  return `${plural(d.error, 'error')}, ${plural(d.warning, 'warning')}, ${plural(d.info, 'note')}`;
}

/** What the run did with files: written to DIR, a dry run, a check, or printed. */
export function runText(run: { out?: string; dryRun: boolean; check: boolean }): string {
  if (run.check) return 'check: nothing written';
  if (run.out === undefined) return 'no --out: nothing written';
  return run.dryRun ? `dry run: nothing written to ${run.out}` : `written to ${run.out}`;
}

/** Which optional columns a jobs table has: only those some job has a value for (comparison: when the run compared). */
export interface JobColumns {
  profiles: boolean;
  exposure: boolean;
  install: boolean;
  existing: boolean;
}

/** The optional columns of a report's jobs table. */
export function jobColumns(r: Report): JobColumns {
  return {
    profiles: r.jobs.some((j) => j.profiles.length),
    exposure: r.jobs.some((j) => exposureText(j.exposure) !== ''),
    install: r.jobs.some((j) => j.install),
    existing: r.summary.existing !== undefined,
  };
}
