/**
 * Exposure scores of a hardened run: every job's service unit before and after hardening, scored
 * by `systemd-analyze security` in chunks (src/harden/exposure.ts). A job whose unit gets no score
 * has a diagnostic saying which score was lost and why; only a missing or too old analyser is a
 * note for the whole run.
 */
import type { ConvertedJob } from '../convert';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { type AnalysedUnit, type AnalyserOptions, type UnitScore, scoreUnits } from '../harden/exposure';

/** A job's exposure before and after hardening (0 = most confined, 10 = fully exposed), when scored. */
export interface Exposure {
  before?: number;
  after?: number;
}

/** What scoring gave each job: its exposure, and a diagnostic for each score it lost. */
export interface ScoredJobs {
  /** Each `after` job's exposure, in order. */
  exposure: Exposure[];
  /** Each `after` job's diagnostics about lost scores, in order. */
  diagnostics: Diagnostic[][];
  /** Why there are no scores at all (the analyser is missing or too old). */
  note?: string;
}

/** A job's service unit file, when it has one (drop-ins are not scored). */
function serviceOf(job: ConvertedJob | undefined): AnalysedUnit | undefined {
  return job?.files.find((f) => f.name.endsWith('.service') && !f.name.includes('/'));
}

/**
 * Keeps of an unhardened job only what scoring it reads: its name, its service unit file and the
 * names of its other files (the batch's check that no two jobs make the same file reads them);
 * its model, units, diagnostics and other files' text go as soon as it is made (a batch's worth
 * was about 150 MB at 10,000 jobs).
 */
export function keepScoredUnit(job: ConvertedJob): void {
  const unit = serviceOf(job);
  job.files = job.files.map((f) => (f === unit ? f : { name: f.name, content: '' }));
  job.units = [];
  job.diagnostics = [];
  delete job.service;
}

/** The diagnostics of one job's lost scores: one per reason (before and after together when they share it). */
function lostScores(job: ConvertedJob, unit: string, before?: UnitScore, after?: UnitScore): Diagnostic[] {
  const lost = new Map<string, string[]>();
  for (const [when, s] of [
    ['before', before],
    ['after', after],
  ] as const)
    if (s && 'why' in s) lost.set(s.why, [...(lost.get(s.why) ?? []), when]);
  return [...lost].map(([why, whens]) =>
    diagnostic(
      'harden/exposure-unscored',
      { file: job.conf },
      `${unit}: no exposure score ${whens.join(' or ')} hardening: ${why}`,
      'score the written unit with `systemd-analyze security --offline=true FILE`',
    ),
  );
}

/**
 * Scores the services of `before` (unhardened, the same jobs in the same order) and `after`
 * (hardened) together; returns each `after` job's exposure and its lost-score diagnostics.
 */
export function scoreExposure(
  before: readonly ConvertedJob[],
  after: readonly ConvertedJob[],
  options?: AnalyserOptions,
): ScoredJobs {
  const pairs = after.map((j, i) => {
    const plain = before[i]?.name === j.name ? serviceOf(before[i]) : undefined;
    return { plain, hardened: serviceOf(j) };
  });
  const units = pairs.flatMap((p) => [p.plain, p.hardened].filter((u): u is AnalysedUnit => u !== undefined));
  const scored = scoreUnits(units, options);
  if (scored.note !== undefined)
    return { exposure: after.map(() => ({})), diagnostics: after.map(() => []), note: scored.note };
  let k = 0;
  const next = (u: AnalysedUnit | undefined): UnitScore | undefined => (u ? scored.results[k++] : undefined);
  const exposure: Exposure[] = [];
  const diagnostics = pairs.map((p, i) => {
    const b = p.plain ? next(p.plain) : p.hardened && { why: 'the job has no unit before hardening to score' };
    const a = next(p.hardened);
    exposure.push({
      ...(b && 'score' in b ? { before: b.score } : {}),
      ...(a && 'score' in a ? { after: a.score } : {}),
    });
    return p.hardened ? lostScores(after[i]!, p.hardened.name, b, a) : [];
  });
  return { exposure, diagnostics };
}
