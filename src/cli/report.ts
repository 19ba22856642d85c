/**
 * Printing diagnostics for people: one line per diagnostic (`file:line:col: severity: message
 * [rule]`), an indented hint, optional colour, and a summary count.
 */
import { createColors } from 'picocolors';
import { type Diagnostic, type Severity, formatDiagnostic } from '../diagnostics/diagnostic';
import type { Io } from './io';

/** Whether to colour output: only on a terminal, never with NO_COLOR or --no-color. */
export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  return io.isTTY;
}

const pc = createColors(true);
const PAINT: Record<Severity, (s: string) => string> = { error: pc.red, warning: pc.yellow, info: pc.cyan };

/** Formats diagnostics, coloured by severity when asked. */
export function formatDiagnostics(diags: readonly Diagnostic[], color: boolean): string {
  return diags
    .map((d) => {
      const line = formatDiagnostic(d);
      return color ? line.replace(`${d.severity}:`, PAINT[d.severity](`${d.severity}:`)) : line;
    })
    .map((l) => l + '\n')
    .join('');
}

/** "2 errors, 1 warning" style counts. */
export function summarize(diags: readonly Diagnostic[]): string {
  const n = (s: Severity): number => diags.filter((d) => d.severity === s).length;
  const plural = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'note')}`;
}
