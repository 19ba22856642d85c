/**
 * Which unit-file directives exist, per section: the systemd 252 parser table plus the keys
 * 253–255 added (so units for Ubuntu 24.04 validate), with lookups and "did you mean" for typos.
 * Which release has which directive is the target's question (src/systemd/target.ts, tables in
 * src/systemd/tables/).
 */

import { type Section, SECTIONS } from './sections';
import { SYSTEMD_252_DIRECTIVES } from './directives-252.generated';
import { LATER_DIRECTIVES } from './tables/first-versions';

export { type Section, SECTIONS } from './sections';
export { SYSTEMD_252_DIRECTIVES } from './directives-252.generated';

/** Sorted, de-duplicated union of a section's 252 keys and its 253–255 additions. */
function buildKnown(): Record<string, readonly string[]> {
  const known: Record<string, readonly string[]> = {};
  for (const section of SECTIONS) {
    const keys = new Set(SYSTEMD_252_DIRECTIVES[section]);
    for (const d of LATER_DIRECTIVES) if (d.sections.includes(section)) keys.add(d.key);
    known[section] = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  return known;
}

/** Section → every directive systemd 255 accepts there: the 252 dump plus the 253–255 additions. */
export const KNOWN_DIRECTIVES: Readonly<Record<string, readonly string[]>> = buildKnown();

const KNOWN_SETS = new Map(Object.entries(KNOWN_DIRECTIVES).map(([s, keys]) => [s, new Set(keys)]));

/** Whether systemd 255 accepts this key in this section (exact, case-sensitive, like systemd). */
export function isKnownDirective(section: string, key: string): boolean {
  return KNOWN_SETS.get(section)?.has(key) ?? false;
}

/** The sections in which a key is known, for hints like "StartLimitIntervalSec= belongs in [Unit]". */
export function sectionsOf(key: string): Section[] {
  return SECTIONS.filter((s) => isKnownDirective(s, key));
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

// The known key that matches ignoring case, else the nearest by edit distance (at most 2, compared
// case-insensitively, transpositions count 1; ties go to the alphabetically first). Undefined when
// the key is already known, the section is unknown, or nothing is that close.
/** "Did you mean" for a key unknown in `section`: the closest known key there, if any is close. */
export function suggestDirective(section: string, key: string): string | undefined {
  const known = KNOWN_DIRECTIVES[section];
  if (!known || isKnownDirective(section, key)) return undefined;
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    if (Math.abs(candidate.length - key.length) >= bestDistance) continue;
    const dist = editDistance(lower, candidate.toLowerCase());
    if (dist < bestDistance) {
      best = candidate;
      bestDistance = dist;
    }
  }
  return best;
}
