/**
 * Scoring each security shape once: the units of one shape (src/harden/exposure-key.ts) share
 * the score the real analyser gives the first of them, so a batch of thousands of units of a few
 * shapes costs a few analyses. When that first unit has no score for a reason in its own words
 * (which name it: a refusal, with its line numbers), every other unit of its shape is analysed on
 * its own, so each keeps the analyser's words about itself.
 */
import { hostDropInStems, securityShape } from './exposure-key';
import { reportedName } from './exposure-output';
import { type AnalysedUnit, type AnalyserOptions, type UnitScore, analyseUnits } from './exposure-run';

/** How to score units once per shape: the analyser's options, and where the host's units are. */
export interface DistinctOptions extends AnalyserOptions {
  /** The host's service unit folders whose drop-ins apply by unit name (default: HOST_UNIT_DIRS). */
  unitDirs?: readonly string[];
}

/** The units' indexes grouped by security shape, each group in order, the groups by first unit. */
export function groupByShape(units: readonly AnalysedUnit[], dropInStems: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  units.forEach((u, i) => {
    const shape = securityShape(u, dropInStems);
    const group = groups.get(shape);
    if (group) group.push(i);
    else groups.set(shape, [i]);
  });
  return [...groups.values()];
}

/** Whether the reason a unit has no score names it (the analyser's words about that unit): it is not shared. */
function namesUnit(why: string, name: string): boolean {
  return why.includes(name) || why.includes(reportedName(name));
}

/**
 * Scores unit files (plain file names, unique or not) with the analyser, each shape once; returns
 * one score or reason per unit, in the order given, as analysing every unit would.
 */
export function analyseDistinct(units: readonly AnalysedUnit[], options: DistinctOptions = {}): UnitScore[] {
  const { unitDirs, ...analyser } = options;
  const groups = groupByShape(units, hostDropInStems(unitDirs));
  const firsts = analyseUnits(
    groups.map((g) => units[g[0]!]!),
    analyser,
  );
  const results: UnitScore[] = new Array<UnitScore>(units.length);
  const alone: number[] = [];
  groups.forEach((group, k) => {
    const first = firsts[k]!;
    const own = 'why' in first && namesUnit(first.why, units[group[0]!]!.name);
    group.forEach((i, n) => (n > 0 && own ? alone.push(i) : (results[i] = { ...first })));
  });
  if (alone.length)
    analyseUnits(
      alone.map((i) => units[i]!),
      analyser,
    ).forEach((s, n) => (results[alone[n]!] = s));
  return results;
}
