/**
 * The fingerprint of a finding: what a baseline (baseline.ts) and SARIF's partialFingerprints
 * (sarif.ts) know it by. It is made of the job, the rule and the message with line and column
 * numbers and the run's own folders taken out, so that editing a job above the line a warning is
 * about, or converting the same root from another checkout, keeps the finding the same finding.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic';

/** A finding as triage knows it: the diagnostic, its job ('' for the run's own), its text and fingerprint. */
export interface Finding {
  job: string;
  diagnostic: Diagnostic;
  /** The message as the fingerprint reads it: positions and the run's folders taken out. */
  text: string;
  fingerprint: string;
}

/** Escapes a string for a regular expression. */
const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The message without what moves: `line 12`, `column 3`, `file.conf:12:3` become `line N`,
 * `column N`, `file.conf:N`, and each folder of `strip` (the job's own folder) is taken out.
 */
export function findingText(message: string, strip: readonly string[] = []): string {
  let text = message;
  for (const dir of strip.filter((d) => d.length > 1)) text = text.replace(new RegExp(literal(dir + '/'), 'g'), '');
  return text
    .replace(/\b(lines?|columns?) \d+/g, '$1 N')
    .replace(/(\S):\d+(?::\d+)?\b/g, '$1:N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The fingerprint of a finding: 16 hex digits of SHA-256 over job, rule id and text (NUL-separated). */
export function fingerprintOf(job: string, ruleId: string, text: string): string {
  return createHash('sha256').update(`${job}\0${ruleId}\0${text}`).digest('hex').slice(0, 16);
}

/** One finding of a diagnostic: its job, its text without positions and the folders of `strip`, its fingerprint. */
export function findingOf(job: string, d: Diagnostic, strip: readonly string[] = []): Finding {
  const text = findingText(d.message, strip);
  return { job, diagnostic: d, text, fingerprint: fingerprintOf(job, d.ruleId, text) };
}
