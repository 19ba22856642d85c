/**
 * The target: one value for the release units are written for, and the one place every version
 * question is answered — may this target's systemd see this directive, this value of it, this
 * command-line form, this combination with another key? The answers come from the tables under
 * src/systemd/tables/ (first versions, value features, renames, targets, host tools); nothing
 * outside this module and those tables compares version numbers.
 */
import { visible } from '../diagnostics/diagnostic';
import { closest } from '../diagnostics/suggest';
import { isKnownDirective } from './directives';
import { FIRST_VERSION, SECTION_FIRST_VERSION } from './tables/first-versions';
import { HOST_TOOL_FEATURES, type HostToolFeatureName } from './tables/host-tools';
import { RENAMES, type Rename } from './tables/renames';
import { DEFAULT_TARGET, MAX_LINE, SYSTEMD_RANGE, TARGET_ROWS, type TargetRow } from './tables/targets';
import { REFUSED_COMBINATIONS, VALUE_FEATURES, type ValueFeature } from './tables/value-features';

/** The target when none is given (see the targets table). */
export { DEFAULT_TARGET } from './tables/targets';

/** A release the converter writes units for, with what follows from its systemd version. */
export interface Target {
  /** `ubuntu-18.04`…, or `systemd-N` for `--systemd N`. */
  readonly name: string;
  /** The systemd version the release shipped. */
  readonly systemd: number;
  /** Other names `--target` takes for it: the release's code name (`bionic`). */
  readonly aliases: readonly string[];
  /** For listings: `Ubuntu 18.04 LTS (bionic)`. */
  readonly description: string;
  /** The longest physical unit-file line (without its newline) this systemd parses intact. */
  readonly maxLineLength: number;
  /** Reports print a target as the release (name, systemd, description), not what follows from it. */
  toJSON(): TargetRow;
}

/** The longest physical unit-file line `systemd` parses intact: 2047 characters before 235, then 1 MiB. */
function lineLimit(systemd: number): number {
  return systemd < MAX_LINE.longLinesSince ? MAX_LINE.LINE_MAX - 1 : MAX_LINE.LONG_LINE_MAX;
}

/** The Target of a row of the targets table (or of an ad-hoc release, which has no alias). */
function targetOf(row: TargetRow & { aliases?: readonly string[] }): Target {
  const { name, systemd, description } = row;
  return {
    name,
    systemd,
    aliases: row.aliases ?? [],
    description,
    maxLineLength: lineLimit(systemd),
    toJSON: () => ({ name, systemd, description }),
  };
}

/** The supported targets, in the order of the targets table. */
export const TARGETS: readonly Target[] = TARGET_ROWS.map(targetOf);

/** The ad-hoc target `systemd-N` for `--systemd N` (no range check: see resolveTarget). */
export function targetForSystemd(systemd: number): Target {
  return targetOf({ name: `systemd-${systemd}`, systemd, description: `systemd ${systemd} (given with --systemd)` });
}

/** The target `--target` names by its name or a code name (any case, blanks around ignored). */
export function targetNamed(name: string): Target | undefined {
  const wanted = name.trim().toLowerCase();
  return TARGETS.find((t) => t.name === wanted || t.aliases.includes(wanted));
}

/** The version numbers in a name: `ubuntu-18.04` → [18, 4]. */
const numbersIn = (name: string): string => (name.match(/\d+/g) ?? []).map(Number).join('.');

// A near miss by letters or a lost zero (`ubunt-18.04`, `ubuntu-18.4`), never another version:
// `ubuntu-14.04` is no typo of `ubuntu-16.04`.
/** Why `--target NAME` names no target: the near miss it may be, and the valid names. */
function unknownTarget(name: string): string {
  const near = closest(
    name.trim(),
    TARGETS.flatMap((t) => [t.name, ...t.aliases]),
  );
  const guess = near !== undefined && numbersIn(near) === numbersIn(name) ? near : undefined;
  const meant = guess === undefined ? undefined : targetNamed(guess)!;
  const hint = meant ? `did you mean ${guess}${guess === meant.name ? '' : ` (${meant.name})`}? Valid` : 'valid';
  const valid = TARGETS.map((t) => `${t.name} (${t.aliases.join(', ')})`).join(', ');
  return `unknown target "${visible(name)}"; ${hint} targets: ${valid}`;
}

// Neither given: DEFAULT_TARGET. Both may be given only if they agree. Errors name the valid choices.
/** The target for `--target NAME` (or code name) or `--systemd N` (an integer from 200 to 400), or an error. */
export function resolveTarget(opts: { target?: string; systemd?: number }): Target | { error: string } {
  let byName: Target | undefined;
  if (opts.target !== undefined) {
    byName = targetNamed(opts.target);
    if (!byName) return { error: unknownTarget(opts.target) };
  }
  if (opts.systemd !== undefined) {
    const n = opts.systemd;
    const [lo, hi] = SYSTEMD_RANGE;
    if (!Number.isInteger(n) || n < lo || n > hi) {
      return { error: `--systemd must be an integer from ${lo} to ${hi}, got ${String(n)}` };
    }
    if (byName && byName.systemd !== n) {
      return {
        error: `target ${byName.name} runs systemd ${byName.systemd}, not ${n}; give one of --target or --systemd`,
      };
    }
    return byName ?? targetForSystemd(n);
  }
  return byName ?? TARGETS.find((t) => t.name === DEFAULT_TARGET)!;
}

/** The other entries of the entry's section, for features that depend on another key (Type= for Restart=). */
export type Siblings = ReadonlyArray<{ readonly key: string; readonly value: string }>;

/** Whether another entry of the section has `with.key` set to a value matching `with.value`. */
function holds(wanted: { key: string; value: RegExp }, siblings: Siblings): boolean {
  return siblings.some((e) => e.key === wanted.key && wanted.value.test(e.value.trim()));
}

/** Rows of a table by a key of theirs, in table order (so a lookup per entry does not walk the whole table). */
function indexBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = index.get(k);
    if (list) list.push(row);
    else index.set(k, [row]);
  }
  return index;
}

/** VALUE_FEATURES by directive. */
const FEATURES_BY_KEY = indexBy(VALUE_FEATURES, (f) => f.directive);
/** RENAMES by the section and key they rename. */
const RENAMES_BY_KEY = indexBy(RENAMES, (r) => `${r.from.section}\0${r.from.key}`);
/** Nothing, for keys without rows. */
const NONE: readonly never[] = [];

// Without `siblings`, features that depend on another key (`onlyWith`) are left out.
/** The value features `value` of `key` uses in `section`. */
function featuresOf(section: string, key: string, value: string, siblings?: Siblings): ValueFeature[] {
  const rows = FEATURES_BY_KEY.get(key) ?? NONE;
  if (rows.length === 0) return [];
  const trimmed = value.trim();
  return rows.filter(
    (f) =>
      (!f.sections || (f.sections as readonly string[]).includes(section)) &&
      f.value.test(trimmed) &&
      (!f.onlyWith || (siblings !== undefined && holds(f.onlyWith, siblings))),
  );
}

/** The first release of each key by section (undefined for keys unknown there), looked up once. */
const KEY_FIRST_VERSION = new Map<string, Map<string, number | undefined>>();

/** The first release in which `key` works in `section` (undefined for keys unknown there). */
function keyFirstVersion(section: string, key: string): number | undefined {
  let bySection = KEY_FIRST_VERSION.get(section);
  if (!bySection) KEY_FIRST_VERSION.set(section, (bySection = new Map()));
  if (bySection.has(key)) return bySection.get(key);
  const version = isKnownDirective(section, key)
    ? (SECTION_FIRST_VERSION[`${section}.${key}`] ?? FIRST_VERSION[key])
    : undefined;
  bySection.set(key, version);
  return version;
}

// Undefined for keys unknown in the section. Features that depend on another key (Restart= with
// Type=oneshot, see `onlyWith`) are not seen here: use firstVersionWith() or restartFirstVersion().
/** The first release in which `key` works in `section` and, if `value` is given, that value too. */
export function firstVersion(section: string, key: string, value?: string): number | undefined {
  const version = keyFirstVersion(section, key);
  if (version === undefined || value === undefined) return version;
  if (!FEATURES_BY_KEY.has(key)) return version;
  return Math.max(version, ...featuresOf(section, key, value).map((f) => f.since));
}

/**
 * The first release that accepts `key=value` in `section` next to the other entries `siblings`:
 * as firstVersion(), plus the features that depend on another key; null when no release accepts
 * the combination (REFUSED_COMBINATIONS), undefined for keys unknown in the section.
 */
export function firstVersionWith(
  section: string,
  key: string,
  value: string,
  siblings: Siblings,
): number | null | undefined {
  const base = firstVersion(section, key);
  if (base === undefined) return undefined;
  const refused = REFUSED_COMBINATIONS.some(
    (c) =>
      c.directive === key &&
      (c.sections as readonly string[]).includes(section) &&
      c.value.test(value.trim()) &&
      holds(c.with, siblings),
  );
  if (refused) return null;
  return Math.max(base, ...featuresOf(section, key, value, siblings).map((f) => f.since));
}

// Type=oneshot with on-failure/on-abnormal/on-watchdog/on-abort needs 244 (systemd/systemd#13754);
// with always/on-success every release refuses the unit (null). Other types: as firstVersion().
/** The first release that accepts `Restart=<restart>` in a service of `Type=<type>`, or null for never. */
export function restartFirstVersion(type: string | undefined, restart: string): number | null {
  const v = firstVersionWith('Service', 'Restart', restart, type === undefined ? [] : [{ key: 'Type', value: type }]);
  return v === undefined ? FIRST_VERSION.Restart! : v;
}

/**
 * Whether the target's systemd accepts `key` in `section` — and `value`, given the section's other
 * entries `siblings`, when a value is given. Keys the tables do not know are not refused here (a
 * profile's unknown keys are refused when it loads, and the read-back check sees the rest).
 */
export function supports(
  target: Target,
  section: string,
  key: string,
  value?: string,
  siblings: Siblings = [],
): boolean {
  const since = value === undefined ? firstVersion(section, key) : firstVersionWith(section, key, value, siblings);
  return since === undefined || (since !== null && since <= target.systemd);
}

/**
 * The newest value feature of `key=value` in `section` that the target lacks (features depending
 * on another key counted when `siblings` hold it), or undefined when the target has them all.
 */
export function missingFeature(
  target: Target,
  section: string,
  key: string,
  value: string,
  siblings: Siblings,
): ValueFeature | undefined {
  if (!FEATURES_BY_KEY.has(key)) return undefined;
  return featuresOf(section, key, value, siblings)
    .filter((f) => target.systemd < f.since)
    .sort((a, b) => b.since - a.since)[0];
}

/** The rename to apply to `section`/`key` for the target, if its systemd predates the new spelling. */
export function renameFor(target: Target, section: string, key: string): Rename | undefined {
  return (RENAMES_BY_KEY.get(`${section}\0${key}`) ?? NONE).find((r) => target.systemd < r.since);
}

/** Whether a systemd tool of release `version` on this machine (not the target) can do `feature`. */
export function hostToolSupports(feature: HostToolFeatureName, version: number): boolean {
  return version >= HOST_TOOL_FEATURES[feature].since;
}
