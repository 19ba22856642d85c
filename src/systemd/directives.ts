/**
 * Which unit-file directives exist, per section: the systemd 252 parser table plus the keys
 * 253–255 added (so units for Ubuntu 24.04 validate), with lookups and "did you mean" for typos.
 * Which release has which directive is the target's question (src/systemd/target.ts, tables in
 * src/systemd/tables/).
 */

import { type Section, SECTIONS } from './sections';
import { SYSTEMD_252_DIRECTIVES } from './directives-252.generated';
import { LATER_DIRECTIVES } from './tables/first-versions';
import { editDistance } from '../diagnostics/suggest';

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
