/**
 * A diagnostic is a value: what went wrong (or was approximated), where, and what to do.
 * Nothing in the pipeline throws for a problem in the input; it returns diagnostics.
 */

/** How serious a diagnostic is: errors stop a job from converting, warnings lose meaning, info is advice. */
export type Severity = 'error' | 'warning' | 'info';

/** A place in a source file; line and column are 1-based, offset is 0-based (characters). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
  offset: number;
}

/** One message about one place, with a stable rule id documented in docs/rules.md. */
export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

/** Builds a diagnostic at a position (or at the top of a file when the place is unknown). */
export function diag(
  ruleId: string,
  severity: Severity,
  at: SourcePos | { file: string; line?: number; column?: number },
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = {
    ruleId,
    severity,
    file: at.file,
    line: at.line ?? 0,
    column: at.column ?? 0,
    message,
  };
  if (hint !== undefined) d.hint = hint;
  return d;
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
