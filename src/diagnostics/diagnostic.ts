/**
 * A diagnostic is a value: what went wrong (or was approximated), where, and what to do.
 * Nothing in the pipeline throws for a problem in the input; it returns diagnostics, built by
 * `diagnostic()` or collected by `Diagnostics` (collector.ts), which take the severity and the
 * docs link from the rule table.
 */
import type { RuleId, Severity } from './rules';

export type { Severity } from './rules';

/** A place in a source file; line and column are 1-based, offset is 0-based (characters). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
  offset: number;
}

/**
 * Where a diagnostic points: a file, a line and column when known (0 or absent: the whole file),
 * and the end of the range when the place is known as one (as vfile-message's position).
 */
export interface Place {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** One message about one place, with a stable rule id documented in docs/rules.md. */
export interface Diagnostic {
  ruleId: RuleId;
  /** The rule's severity from the table (or the one a severity policy chose). */
  severity: Severity;
  /** The rule's documentation, e.g. `docs/rules.md#convert-event-dead`. */
  url: string;
  file: string;
  line: number;
  column: number;
  /** End of the range (inclusive line, column just past it), only when the place is a known range. */
  endLine?: number;
  endColumn?: number;
  message: string;
  hint?: string;
}

/** True when any diagnostic in the list is an error. */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Formats one diagnostic as `file:line:column: severity: message [rule]` plus an indented hint. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const head = `${place}: ${d.severity}: ${d.message} [${d.ruleId}]`;
  return d.hint ? `${head}\n    hint: ${d.hint}` : head;
}

/** Orders diagnostics by file, line, column so output is stable. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}
