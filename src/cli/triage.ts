/**
 * Triage on the command line (docs/ci.md): `--baseline FILE` (written when it does not exist or
 * with `--update-baseline`, else read so that only new findings show), `--max-warnings N`, and
 * what they add to the summary line, the JSON summary and SARIF.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Diagnostic, visible } from '../diagnostics/diagnostic';
import {
  type Baseline,
  type PipelineResult,
  type SarifTool,
  applyBaseline,
  baselineOf,
  loadBaseline,
  renderBaseline,
  runFindings,
  sarifLog,
  writeBaseline,
} from '../pipeline';
import { VERSION } from './version';

/** What triage was asked for. */
export interface TriageArgs {
  baseline?: string;
  updateBaseline?: boolean;
  maxWarnings?: number;
}

/** Why --baseline / --update-baseline cannot be used as given, or undefined. */
export function baselineProblem(file: unknown, update: boolean): string | undefined {
  if (Array.isArray(file)) return '--baseline: give one baseline file';
  if (file === undefined) return update ? '--update-baseline needs --baseline FILE' : undefined;
  const name = String(file);
  if (name === '') return '--baseline: give a file name';
  const dir = path.dirname(name);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch {
    st = undefined;
  }
  if (!st?.isDirectory()) return `--baseline ${visible(name)}: no such folder ${visible(dir)}`;
  if (fs.existsSync(name) && fs.statSync(name).isDirectory()) return `--baseline ${visible(name)}: is a folder`;
  return undefined;
}

/** The baseline to read, 'write' when this run writes it, or its problem; undefined without --baseline. */
export function openBaseline(args: TriageArgs): Baseline | 'write' | Diagnostic | undefined {
  if (args.baseline === undefined) return undefined;
  if (args.updateBaseline || !fs.existsSync(args.baseline)) return 'write';
  const read = loadBaseline(args.baseline);
  return 'diagnostic' in read ? read.diagnostic : read.baseline;
}

/** What triage did: findings hidden by the config file and by the baseline, stale entries, the file written. */
export interface TriageOutcome {
  hiddenByConfig: number;
  hiddenByBaseline: number;
  /** Baseline entries that no longer occur (only when the baseline was read). */
  stale: number;
  /** The baseline file written by this run, and its entries. */
  written?: { file: string; entries: number };
}

/** The folders a finding's message may name that differ between checkouts: the root, the paths, each job's. */
export function stripped(run: PipelineResult, given: { root?: string; paths: readonly string[] }): string[] {
  const dirs = [given.root, ...given.paths, ...run.jobs.map((j) => path.dirname(j.conf))];
  return [...new Set(dirs.filter((d): d is string => d !== undefined).map((d) => d.replace(/\/+$/, '')))];
}

/**
 * Writes the baseline (new, or --update-baseline) and hides what it knows, or reads it and hides
 * what it knows; a baseline that cannot be written is the run's error (the run fails).
 */
export function applyTriage(
  run: PipelineResult,
  baseline: Baseline | 'write' | undefined,
  file: string | undefined,
  strip: readonly string[],
): Omit<TriageOutcome, 'hiddenByConfig'> {
  if (baseline === undefined || file === undefined) return { hiddenByBaseline: 0, stale: 0 };
  if (baseline !== 'write') {
    const o = applyBaseline(run, baseline, strip);
    return { hiddenByBaseline: o.hidden, stale: o.stale };
  }
  const entries = baselineOf(runFindings(run, strip));
  const failure = writeBaseline(file, renderBaseline(entries));
  if (failure) {
    run.diagnostics.push(failure);
    return { hiddenByBaseline: 0, stale: 0 };
  }
  // the run shows what the next run with this baseline will: only what is not in it
  const o = applyBaseline(run, { file, entries }, strip);
  return { hiddenByBaseline: o.hidden, stale: 0, written: { file, entries: entries.length } };
}

/** Diagnostics of the whole run (every job's and the run's own). */
export function allDiagnostics(run: PipelineResult): Diagnostic[] {
  return [...run.diagnostics, ...run.jobs.flatMap((j) => j.diagnostics)];
}

/** The warnings that remain shown (after the config file and the baseline). */
export function shownWarnings(run: PipelineResult): number {
  return allDiagnostics(run).filter((d) => d.severity === 'warning').length;
}

/** The one line that says the run is over --max-warnings. */
export function overWarningsLine(count: number, max: number): string {
  return `upstart2systemd: ${count} warning${count === 1 ? '' : 's'} shown, more than --max-warnings ${max} allows\n`;
}

/** What the summary line adds for triage: hidden counts, stale entries, the baseline written. */
export function triageText(t: TriageOutcome): string {
  const parts: string[] = [];
  if (t.hiddenByConfig) parts.push(`${t.hiddenByConfig} turned off by the config file`);
  if (t.written)
    parts.push(
      `baseline written: ${visible(t.written.file)} (${t.written.entries} entr${t.written.entries === 1 ? 'y' : 'ies'})`,
    );
  if (t.hiddenByBaseline)
    parts.push(`${t.hiddenByBaseline} warning${t.hiddenByBaseline === 1 ? '' : 's'} hidden by the baseline`);
  if (t.stale)
    parts.push(
      `${t.stale} baseline entr${t.stale === 1 ? 'y' : 'ies'} no longer occur${t.stale === 1 ? 's' : ''} ` +
        '(--update-baseline prunes them)',
    );
  return parts.map((p) => `; ${p}`).join('');
}

/** The tool as a SARIF log names it; the rules link to the docs of this version as published. */
export const SARIF_TOOL: SarifTool = {
  name: 'upstart2systemd',
  version: VERSION,
  informationUri: 'https://www.npmjs.com/package/upstart2systemd',
  docsUri: `https://unpkg.com/upstart2systemd@${VERSION}/docs`,
};

/** The SARIF log of what the run shows (notes only with --verbose), locations relative to --root. */
export function sarifText(
  run: PipelineResult,
  opts: { root?: string; verbose: boolean },
  strip: readonly string[],
): string {
  const findings = runFindings(run, strip, opts.verbose);
  return JSON.stringify(sarifLog(findings, SARIF_TOOL, opts.root), null, 2) + '\n';
}
