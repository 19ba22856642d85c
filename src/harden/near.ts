/**
 * "Did you mean": the known name nearest to a mistyped one (a profile, a variable), by edit
 * distance, so a typo is answered with the name instead of a list to read through.
 */

/** Longest name compared: beyond it a suggestion is unlikely and the distance costs more than it helps. */
const MAX_CHARS = 64;

/** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The name of `names` nearest to `name` (case ignored), when at most `max` edits away and not
 * `name` itself; the first of equally near ones.
 */
export function nearestName(name: string, names: Iterable<string>, max = 2): string | undefined {
  if (name.length > MAX_CHARS) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of names) {
    if (candidate === name || Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
