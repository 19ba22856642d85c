/**
 * The target-version pass: one walk over a unit that rewrites or drops whatever the target's
 * systemd does not know, asking the target (src/systemd/target.ts) about each entry. It is the
 * only place a directive is renamed, rewritten or dropped for a target; every change names the
 * directive, its value and the version that introduced it.
 */
import { Diagnostics } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { RuleId } from '../diagnostics/rules';
import type { ValueFeature } from './tables/value-features';
import { type Siblings, type Target, firstVersion, missingFeature, renameFor, supports } from './target';
import { UnitBuilder, type UnitFile } from './unit';
import { raw } from './value';

/** The unit as the target can load it, and what was changed to get there. */
export interface DowngradeResult {
  unit: UnitFile;
  diagnostics: Diagnostic[];
}

/** One `Key=value` of a section, as the pass reads and writes it. */
export interface PlacedEntry {
  section: string;
  key: string;
  value: string;
}

/** Something the pass says about an entry (the unit's name and the job file are added by downgrade()). */
export interface EntryNote {
  ruleId: RuleId;
  message: string;
  hint?: string;
}

/** One entry as the target gets it: as written, renamed or rewritten, or null when dropped. */
export interface EntryOutcome {
  entry: PlacedEntry | null;
  notes: EntryNote[];
}

/**
 * What the target pass does with one entry: renames it to an older spelling, rewrites a value
 * the target lacks to an older one, or drops it (lines the target cannot read whole are checked
 * on the rendered file, src/systemd/emit.ts). `hardening` marks a profile's sandboxing (dropping
 * it is a note, not a warning); `unit` is the
 * unit the entry belongs to, for values that depend on another key of its section.
 */
export function downgradeEntry(target: Target, entry: PlacedEntry, hardening = false, unit?: UnitFile): EntryOutcome {
  const bySection = unit ? sectionEntries(unit) : undefined;
  const outcome = rewriteEntry(target, { ...entry }, hardening, (s) => bySection?.get(s) ?? []);
  return { entry: outcome.entry, notes: [...outcome.notes] };
}

/** The entries of each section name of a unit, gathered once (looking them up per entry made a unit cost O(n²)). */
function sectionEntries(unit: UnitFile): Map<string, Siblings> {
  const bySection = new Map<string, Array<Siblings[number]>>();
  for (const x of unit.sections) {
    const list = bySection.get(x.name) ?? [];
    for (const e of x.entries) list.push(e);
    bySection.set(x.name, list);
  }
  return bySection;
}

/** Whether the target takes an entry as it is: no rename, no value feature it lacks, a key it knows. */
function takesAsItIs(
  target: Target,
  section: string,
  key: string,
  value: string,
  siblingsOf: (section: string) => Siblings,
): boolean {
  return (
    !renameFor(target, section, key) &&
    !missingFeature(target, section, key, value, siblingsOf(section)) &&
    supports(target, section, key)
  );
}

/** No notes (shared: an entry the target takes as it is says nothing). */
const NO_NOTES: readonly EntryNote[] = Object.freeze([]);

/**
 * downgradeEntry, with the entries of a section (after a rename) looked up by `siblingsOf`. An
 * entry the target takes as it is (no rename, no value feature it lacks, a key it knows) comes
 * back as the same object, without notes.
 */
function rewriteEntry(
  target: Target,
  placed: PlacedEntry,
  hardening: boolean,
  siblingsOf: (section: string) => Siblings,
): EntryOutcome {
  const { section, key, value } = placed;
  if (takesAsItIs(target, section, key, value, siblingsOf)) return { entry: placed, notes: NO_NOTES as EntryNote[] };
  const notes: EntryNote[] = [];
  const note = (ruleId: RuleId, message: string, hint?: string): void => {
    notes.push({ ruleId, message, ...(hint !== undefined ? { hint } : {}) });
  };
  // a profile's sandboxing the target lacks leaves the service as confined as the job was: a note
  const dropped = (message: string): void => {
    if (hardening) note('target/hardening-unsupported', `${message}; the service runs without this confinement there`);
    else note('target/unsupported', message, 'choose a newer --target, or accept the difference');
  };
  const { name, systemd } = target;
  let s = section;
  let k = key;
  let v = value;
  const rename = renameFor(target, s, k);
  if (rename) {
    s = rename.to.section;
    k = rename.to.key;
    v = rename.convert ? rename.convert(v) : v;
    note(
      'target/renamed',
      `${key}=${value} is written [${s}] ${k}=${v} for ${name} (systemd ${systemd}; ${key} needs ${rename.since})`,
    );
  }
  const siblings = siblingsOf(s);
  // a value may need a newer systemd than its key; rewrite to the older spelling until it fits
  for (let f = missingFeature(target, s, k, v, siblings); f; f = missingFeature(target, s, k, v, siblings)) {
    const why = featureNote(f, siblings);
    if (f.fallback === undefined) {
      dropped(`${k}=${v} needs systemd ${f.since}; dropped for ${name} (systemd ${systemd}): ${why}`);
      v = '';
      break;
    }
    note(
      'target/value-rewritten',
      `${k}=${v} needs systemd ${f.since}; written ${k}=${f.fallback} for ${name} (${why})`,
    );
    v = f.fallback;
  }
  if (v === '' && value !== '') return { entry: null, notes };
  if (!supports(target, s, k)) {
    dropped(`${k}=${v} needs systemd ${firstVersion(s, k)}; dropped for ${name} (systemd ${systemd})`);
    return { entry: null, notes };
  }
  return { entry: { section: s, key: k, value: v }, notes };
}

/** What a missing feature's fallback changes, for this section (its `noteWith` when the section sets that key). */
function featureNote(f: ValueFeature, siblings: Siblings): string {
  return f.noteWith && siblings.some((e) => e.key === f.noteWith!.key) ? f.noteWith.note : f.note;
}

/**
 * Rewrites `unit` for the target; `file` is where diagnostics point (the job file). An entry keeps
 * its typed value unless its text was rewritten (then the table's text is unit syntax).
 */
export function downgrade(unit: UnitFile, target: Target, file: string): DowngradeResult {
  const r = new Diagnostics({ file, prefix: `${unit.name}: ` });
  const b = new UnitBuilder().carry(unit.unwritable);
  const bySection = sectionEntries(unit);
  const siblingsOf = (s: string): Siblings => bySection.get(s) ?? [];
  for (const section of unit.sections) {
    for (const entry of section.entries) {
      const { key, value, typed, hardening } = entry;
      // the common entry: one the target takes as it is stays the same entry, and nothing is said
      if (takesAsItIs(target, section.name, key, value, siblingsOf)) {
        b.keep(section.name, entry);
        continue;
      }
      const placed = { section: section.name, key, value };
      const outcome = rewriteEntry(target, placed, Boolean(hardening), siblingsOf);
      for (const n of outcome.notes) r.report(n.ruleId, undefined, n.message, n.hint);
      const e = outcome.entry;
      // an entry the target takes as it is stays the same entry (its value was written when it was added)
      if (e === placed || (e && e.section === section.name && e.key === key && e.value === value))
        b.keep(section.name, entry);
      else if (e) b.add(e.section, e.key, e.value === value ? typed : raw(e.value), hardening);
    }
  }
  return { unit: b.build(unit.name, unit.kind, unit.header), diagnostics: r.diagnostics };
}
