/**
 * Exposure scores from the real `systemd-analyze security --offline=true` (systemd 250+), for any
 * number of units: each security shape analysed once (src/harden/exposure-distinct.ts), in chunks,
 * a few processes at a time (src/harden/exposure-run.ts), the "Overall exposure level" of each
 * read back by unit name. When the tool is missing or too
 * old there are no scores and a note says why; a unit the tool did not score has its reason.
 */
import { HOST_TOOL_FEATURES } from '../systemd/tables/host-tools';
import { hostToolSupports } from '../systemd/target';
import { type DistinctOptions, analyseDistinct } from './exposure-distinct';
import { type AnalysedUnit, type UnitScore, childProcess } from './exposure-run';

export type { AnalysedUnit, AnalyserOptions, UnitScore } from './exposure-run';
export type { DistinctOptions } from './exposure-distinct';

/** Scores by unit file name (0 = most confined, 10 = fully exposed), the units without one, or why there are none. */
export interface ExposureResult {
  scores: Map<string, number>;
  /** Units the analyser did not score, and why (refused, stopped, no score printed). */
  unscored: Map<string, string>;
  /** Why no unit was scored at all: the analyser is missing or too old. */
  note?: string;
}

/** The version of systemd-analyze on this machine, or null when it is not installed. */
export function systemdAnalyzeVersion(): number | null {
  const r = childProcess().spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8', env: process.env });
  if (r.error || r.status !== 0) return null;
  const m = /systemd (\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : null;
}

/** Why this machine's systemd-analyze cannot score unit files, or undefined when it can. */
export function analyserMissing(): string | undefined {
  const version = systemdAnalyzeVersion();
  if (version === null) return 'no exposure scores: systemd-analyze is not installed (apt-get install systemd)';
  if (!hostToolSupports('offlineSecurity', version))
    return (
      `no exposure scores: systemd-analyze ${version} is older than ${HOST_TOOL_FEATURES.offlineSecurity.since} ` +
      'and cannot analyse unit files offline'
    );
  return undefined;
}

/**
 * Scores service unit files (plain file names; the same name may come more than once, e.g. a unit
 * before and after hardening): one score or reason per unit in the order given, each security
 * shape analysed once, or a note when the analyser cannot run here. Drop-ins must already be
 * merged into their unit.
 */
export function scoreUnits(
  units: readonly AnalysedUnit[],
  options?: DistinctOptions,
): { results: UnitScore[]; note?: undefined } | { results?: undefined; note: string } {
  if (!units.length) return { results: [] };
  const note = options?.command ? undefined : analyserMissing();
  return note ? { note } : { results: analyseDistinct(units, options) };
}

/**
 * Scores the service units among `units` (file name → content; names unique), by name. Only
 * `.service` files are scored; drop-ins must already be merged into their unit.
 */
export function exposureScores(units: readonly AnalysedUnit[], options?: DistinctOptions): ExposureResult {
  const services = units.filter((u) => u.name.endsWith('.service') && !u.name.includes('/'));
  const scored = scoreUnits(services, options);
  const scores = new Map<string, number>();
  const unscored = new Map<string, string>();
  if (scored.note !== undefined) return { scores, unscored, note: scored.note };
  scored.results.forEach((r, i) =>
    'score' in r ? scores.set(services[i]!.name, r.score) : unscored.set(services[i]!.name, r.why),
  );
  return { scores, unscored };
}
