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
  const place = d.line > 0 ? `${visible(d.file)}:${d.line}:${d.column}` : visible(d.file);
  const head = `${place}: ${d.severity}: ${visible(d.message)} [${d.ruleId}]`;
  return d.hint ? `${head}\n    hint: ${visible(d.hint)}` : head;
}

/** Control characters (C0, DEL, C1) and Unicode line separators, which a terminal would act on. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Text from a job or a file name, fit for one terminal line: control characters (an escape
 * sequence, a CR that rewrites the line, a newline that forges another diagnostic) shown as \xNN.
 */
export function visible(text: string): string {
  return text.replace(CONTROL_CHARS, (c) => {
    const code = c.charCodeAt(0);
    const named: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };
    return (
      named[code] ??
      (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`)
    );
  });
}

/** Orders diagnostics by file, line, column so output is stable. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

/** Appends every item of `items` to `list` (push(...items) overflows the stack past ~120,000 items). */
export function appendAll<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}
