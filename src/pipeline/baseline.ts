/**
 * The baseline of a run (`convert --baseline FILE`, docs/ci.md): the findings an operator has
 * reviewed, kept in a sorted JSON file that diffs well, so that a later run shows only new ones.
 * A finding is known by its job, rule id and fingerprint (src/triage/fingerprint.ts: the message
 * without line numbers), counted: three identical warnings in a job are one entry of count 3.
 * Warnings and errors are recorded, notes are not (they are hidden unless --verbose, and never
 * fail a run). A baselined warning is hidden; a baselined error is still shown and still fails:
 * its unit cannot be written, and hiding that would let a CI run pass with a job missing.
 */
import * as nodeFs from 'node:fs';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { type RuleId, RULE_TABLE } from '../diagnostics/rules';
import { nearestName } from '../diagnostics/suggest';
import { firstSchemaProblem, schemaCheck } from '../harden/schema';
import { shown } from '../harden/values';
import { checkFile, codeOf, describeWriteError } from '../output/paths';
import { writeAtomic } from '../output/write';
import { type Finding, findingOf } from '../triage/fingerprint';
import { jsonPlace, jsonPositionOf, lineColAt, syntaxErrorOffset } from '../triage/json-position';
import type { PipelineResult } from './run';

/** The format version a baseline file says it has; another one is refused. */
export const BASELINE_VERSION = 1;

/** The largest baseline file read (a real one holds a few thousand entries of ~300 bytes). */
const MAX_BYTES = 64 * 1024 * 1024;

/** One entry of a baseline: a finding of a job, by rule and fingerprint, and how many times it occurred. */
export interface BaselineEntry {
  /** The job's name ('' for a finding of the run itself, such as a file that could not be read). */
  job: string;
  ruleId: RuleId;
  /** As reported when the baseline was written (for the reader; matching ignores it). */
  severity: 'error' | 'warning';
  fingerprint: string;
  /** The message without positions, for the reviewer (matching uses the fingerprint). */
  message: string;
  count: number;
}

/** A baseline file, read and checked. */
export interface Baseline {
  file: string;
  entries: BaselineEntry[];
}

/** The JSON Schema of a baseline file (docs/ci.md). */
export const BASELINE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'findings'],
  properties: {
    version: { const: BASELINE_VERSION },
    tool: { type: 'string' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['job', 'ruleId', 'fingerprint', 'count'],
        properties: {
          job: { type: 'string' },
          ruleId: { type: 'string' },
          severity: { enum: ['error', 'warning'] },
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{16}$' },
          message: { type: 'string' },
          count: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

const checkBaseline = schemaCheck(BASELINE_SCHEMA);

/**
 * The findings of a run worth a baseline: warnings and errors of every job, then of the run itself
 * (with `notes`, the info diagnostics too, as SARIF with --verbose shows them).
 */
export function runFindings(
  run: Pick<PipelineResult, 'jobs' | 'diagnostics'>,
  strip: readonly string[],
  notes = false,
): Finding[] {
  const counted = (d: Diagnostic): boolean => notes || d.severity !== 'info';
  return [
    ...run.jobs.flatMap((j) => j.diagnostics.filter(counted).map((d) => findingOf(j.name, d, strip))),
    ...run.diagnostics.filter(counted).map((d) => findingOf('', d, strip)),
  ];
}

/** The key an entry and a finding are matched by. */
const keyOf = (job: string, ruleId: string, fingerprint: string): string => `${job}\0${ruleId}\0${fingerprint}`;

/** Orders entries by job, rule, message, fingerprint: the file diffs line by line as findings come and go. */
function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const by = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return by(a.job, b.job) || by(a.ruleId, b.ruleId) || by(a.message, b.message) || by(a.fingerprint, b.fingerprint);
}

/** The baseline of a list of findings: one entry per job, rule and fingerprint, counted, sorted. */
export function baselineOf(findings: readonly Finding[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const k = keyOf(f.job, f.diagnostic.ruleId, f.fingerprint);
    const e = byKey.get(k);
    // one error among identical findings makes the entry an error
    if (e) {
      e.count++;
      if (f.diagnostic.severity === 'error') e.severity = 'error';
    } else
      byKey.set(k, {
        job: f.job,
        ruleId: f.diagnostic.ruleId,
        severity: f.diagnostic.severity === 'error' ? 'error' : 'warning',
        fingerprint: f.fingerprint,
        message: f.text,
        count: 1,
      });
  }
  return [...byKey.values()].sort(compareEntries);
}

/** The text of a baseline file: pretty JSON, one key per line, ending in a newline. */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  return JSON.stringify({ version: BASELINE_VERSION, tool: 'upstart2systemd', findings: entries }, null, 2) + '\n';
}

/** A problem of a baseline file, at file:line:column. */
function invalid(file: string, at: { line?: number; column?: number }, message: string, hint?: string): Diagnostic {
  return diagnostic('input/baseline-invalid', { file, ...at }, message, hint ?? 'see docs/ci.md for the baseline file');
}

/** The text of a baseline file (a regular file, not over MAX_BYTES), or why it cannot be read. */
function readText(file: string, fs: typeof nodeFs): string | Diagnostic {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return invalid(file, {}, 'baseline file cannot be read (not a regular file)');
    if (st.size > MAX_BYTES) return invalid(file, {}, `baseline file is larger than ${MAX_BYTES} bytes`);
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    return invalid(file, {}, `baseline file cannot be read (${codeOf(err) ?? 'error'})`);
  }
}

/** Reads and checks a baseline file: its entries, or its first problem at file:line:column. */
export function loadBaseline(
  file: string,
  fs: typeof nodeFs = nodeFs,
): { baseline: Baseline } | { diagnostic: Diagnostic } {
  const text = readText(file, fs);
  if (typeof text !== 'string') return { diagnostic: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = lineColAt(text, syntaxErrorOffset(text, message));
    return { diagnostic: invalid(file, at, `not valid JSON: ${shown(message)}`) };
  }
  const positionOf = (p: Array<string | number>, k?: boolean) => jsonPositionOf(text, p, k);
  const report = { ruleId: 'input/baseline-invalid' as const, hint: 'see docs/ci.md for the baseline file' };
  const bad = firstSchemaProblem(checkBaseline, value, file, positionOf, report);
  if (bad) return { diagnostic: bad };
  const entries = (value as { findings: BaselineEntry[] }).findings;
  for (const [i, e] of entries.entries()) {
    if (Object.hasOwn(RULE_TABLE, e.ruleId)) continue;
    const near = nearestName(e.ruleId, Object.keys(RULE_TABLE));
    const hint = `${near ? `did you mean ${near}? ` : ''}the rules are listed in docs/rules.md`;
    return {
      diagnostic: invalid(
        file,
        jsonPlace(file, text, ['findings', i, 'ruleId']),
        `unknown rule ${shown(e.ruleId)}`,
        hint,
      ),
    };
  }
  return { baseline: { file, entries } };
}

/** Writes a baseline file atomically (never through a symlink); the diagnostic when it could not be written. */
export function writeBaseline(file: string, text: string, fs: typeof nodeFs = nodeFs): Diagnostic | undefined {
  const fail = (message: string): Diagnostic => diagnostic('output/baseline-not-written', { file }, message);
  const found = checkFile(file, fs);
  if ('blocked' in found) {
    const b = found.blocked;
    if (b.kind === 'symlink') return fail(`is a symlink to ${b.target}; not followed, not written`);
    if (b.kind === 'error') return fail(`cannot be written: ${describeWriteError(b.code)}`);
    return fail('is not a regular file; not written');
  }
  try {
    writeAtomic(file, text, 0o644, true, fs);
    return undefined;
  } catch (err) {
    return fail(`cannot be written: ${describeWriteError(codeOf(err))}`);
  }
}

/** What a baseline did to a run: warnings hidden, and entries that no longer (fully) occur. */
export interface BaselineOutcome {
  hidden: number;
  /** Entries of the file matched fewer times than their count (fixed since: --update-baseline prunes them). */
  stale: number;
}

/**
 * Hides the run's warnings that the baseline knows (each entry at most `count` times), in place,
 * once the severity policy has been applied; errors are matched but stay (see the file's comment).
 */
export function applyBaseline(
  run: Pick<PipelineResult, 'jobs' | 'diagnostics'>,
  baseline: Baseline,
  strip: readonly string[],
): BaselineOutcome {
  const left = new Map<string, number>();
  for (const e of baseline.entries) {
    const k = keyOf(e.job, e.ruleId, e.fingerprint);
    left.set(k, (left.get(k) ?? 0) + e.count);
  }
  let hidden = 0;
  const judge = (list: Diagnostic[], job: string): void => {
    const kept = list.filter((d) => {
      if (d.severity === 'info') return true;
      const f = findingOf(job, d, strip);
      const k = keyOf(job, d.ruleId, f.fingerprint);
      const n = left.get(k) ?? 0;
      if (n === 0) return true;
      left.set(k, n - 1);
      if (d.severity === 'error') return true;
      hidden++;
      return false;
    });
    list.length = 0;
    for (const d of kept) list.push(d);
  };
  for (const j of run.jobs) judge(j.diagnostics, j.name);
  judge(run.diagnostics, '');
  const stale = baseline.entries.filter((e) => (left.get(keyOf(e.job, e.ruleId, e.fingerprint)) ?? 0) > 0).length;
  return { hidden, stale };
}
