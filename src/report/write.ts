/**
 * Writing a report file: the format follows the file's extension, and the file is written
 * atomically with src/output's writer (a temporary file beside it, synced, renamed into place).
 * A report is regenerated output, so an existing regular file is replaced without --force; a
 * symlink is never followed nor replaced, and anything else but a regular file is left alone.
 */
import * as nodeFs from 'node:fs';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { checkFile, codeOf, describeWriteError } from '../output/paths';
import { writeAtomic } from '../output/write';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { Report } from './model';

/** A report format, named by its file extension. */
export type ReportFormat = 'md' | 'html' | 'json';

/** The extensions `--report` accepts, in the order usage messages list them. */
export const REPORT_EXTENSIONS: readonly ReportFormat[] = ['md', 'html', 'json'];

/** The format a report file's extension asks for (case does not matter), or undefined for any other name. */
export function reportFormatOf(file: string): ReportFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(file);
  const ext = m?.[1]?.toLowerCase();
  return REPORT_EXTENSIONS.find((f) => f === ext);
}

/** The JSON report: the report value itself (its schema is in docs/report.md). */
export function renderJson(r: Report): string {
  return JSON.stringify(r, null, 2) + '\n';
}

/** The report rendered in a format. */
export function renderReport(r: Report, format: ReportFormat): string {
  return format === 'html' ? renderHtml(r) : format === 'md' ? renderMarkdown(r) : renderJson(r);
}

/** Why a report cannot go to `file` as it stands (a symlink, a folder…), or undefined when it can. */
function blockedReason(file: string, fs: typeof nodeFs): string | undefined {
  const found = checkFile(file, fs);
  if (!('blocked' in found)) return undefined;
  const b = found.blocked;
  if (b.kind === 'symlink') return `is a symlink to ${b.target}; not followed, not written`;
  if (b.kind === 'error') return `cannot be written: ${describeWriteError(b.code)}`;
  return 'is not a regular file; not written';
}

/** Writes `text` to the report file `file`; returns the diagnostic when it could not be written. */
export function writeReportFile(file: string, text: string, fs: typeof nodeFs = nodeFs): Diagnostic | undefined {
  const blocked = blockedReason(file, fs);
  const fail = (message: string): Diagnostic => diagnostic('output/report-not-written', { file }, message);
  if (blocked) return fail(blocked);
  try {
    writeAtomic(file, text, 0o644, true, fs); // rename replaces a link that appeared meanwhile; never follows it
    return undefined;
  } catch (err) {
    return fail(`cannot be written: ${describeWriteError(codeOf(err))}`);
  }
}
