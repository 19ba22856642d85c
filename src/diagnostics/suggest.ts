/**
 * "Did you mean": the known name closest to one the operator typed (a command, an option, a
 * target, a profile), so a near miss is answered with the right name instead of a list to scan.
 */

/** Optimal-string-alignment distance: Levenshtein, plus an adjacent transposition counting 1. */
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

// A third of the word's letters may be wrong, at most 2 (`shw` → show, `convrt` → convert, not `x`
// → `h`); failing that, the one candidate the word begins (`conv` → convert). Case is ignored; a
// tie goes to the earlier candidate; words over 64 characters are no near miss of anything.
/** The candidate the operator most likely meant by `word`, or undefined when none is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length === 0 || w.length > 64) return undefined;
  const limit = Math.min(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const lower = c.toLowerCase();
    if (lower === w) return c;
    if (Math.abs(lower.length - w.length) >= bestDistance) continue;
    const d = editDistance(w, lower);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best !== undefined) return best;
  const prefixed = candidates.filter((c) => w.length >= 3 && c.toLowerCase().startsWith(w));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * The name of `names` nearest to `name` (case ignored), when at most `max` edits away and not
 * `name` itself; the first of equally near ones. Unlike `closest`, a fixed budget: for names an
 * author wrote in a file (profiles, variables, rule ids), where short names are as easily mistyped.
 */
export function nearestName(name: string, names: Iterable<string>, max = 2): string | undefined {
  if (name.length > 64) return undefined;
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
