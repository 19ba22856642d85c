/**
 * The systemd unit model: files made of sections of key=value entries, each value typed (value.ts)
 * and written by the one writer there when it is added. Converters build it; the version pass
 * rewrites it; the renderer (render.ts, emit.ts) lays it out and reads it back. Keys are kept in a
 * documented order (docs/mapping.md) so output is stable and easy to review.
 */
import { KEY_ORDER, LIST_DIRECTIVES, SECTION_ORDER } from './tables/directive-metadata';
import { type UnitValue, writeValue } from './value';

/** Key order within each section (kept in the directive-metadata table). */
export { KEY_ORDER } from './tables/directive-metadata';

/** One `Key=value` line. */
export interface UnitEntry {
  key: string;
  /** The value as written in the file (unit syntax): writeValue(typed). */
  value: string;
  /** What the value is; the renderer writes it again from this and checks it reads back. */
  typed: UnitValue;
  /** Set on sandboxing a hardening profile added (not a mapping of the job): the target pass tells them apart. */
  hardening?: true;
}

/** One `[Section]`. */
export interface UnitSection {
  name: string;
  entries: UnitEntry[];
}

/** The kinds of file we write. */
export type UnitKind = 'service' | 'socket' | 'path' | 'target' | 'dropin';

/** A value that could not be written, so it is not in the unit (the emission reports it as an error). */
export interface UnwritableValue {
  section: string;
  key: string;
  value: UnitValue;
  problem: string;
}

/** A unit file (or drop-in) to render. */
export interface UnitFile {
  /** File name, e.g. `acme-relayd.service` or `acme-relayd.service.d/50-upstart2systemd.conf`. */
  name: string;
  kind: UnitKind;
  /** Comment lines shown at the top (without `# `), as plain text: the renderer escapes them. */
  header: string[];
  sections: UnitSection[];
  /** Values left out because they cannot be written (absent when there are none). */
  unwritable?: UnwritableValue[];
}

/** Each section's KEY_ORDER as a map from key to position, made once per section. */
const KEY_POSITIONS = new Map<string, Map<string, number>>();

/** The position of a key in its section's KEY_ORDER, or -1. */
function keyPosition(section: string, key: string): number {
  let positions = KEY_POSITIONS.get(section);
  if (!positions) {
    positions = new Map();
    (KEY_ORDER[section] ?? []).forEach((k, i) => positions!.has(k) || positions!.set(k, i));
    KEY_POSITIONS.set(section, positions);
  }
  return positions.get(key) ?? -1;
}

/** The rank of a key in its section: known keys by table, `Condition*`/`Limit*` grouped, the rest last. */
function keyRank(section: string, key: string): number {
  const order = KEY_ORDER[section] ?? [];
  const i = keyPosition(section, key);
  if (i >= 0) return i;
  if (key.startsWith('Condition') || key.startsWith('Assert')) return order.indexOf('RequiresMountsFor') + 0.5;
  if (key.startsWith('Limit')) return order.length + 1;
  return order.length + 2;
}

/** An entry with its rank and place, for sorting a section. */
interface Ranked {
  e: UnitEntry;
  rank: number;
  i: number;
}

/** Orders two entries of a section: by table rank, keys outside the table alphabetically, then as added. */
function compareRanked(x: Ranked, y: Ranked, outside: number): number {
  if (x.rank !== y.rank) return x.rank - y.rank;
  const a = x.e.key;
  const b = y.e.key;
  if (x.rank >= outside && a !== b) return a < b ? -1 : 1;
  return x.i - y.i;
}

/**
 * Collects entries per section in insertion order; `build` sorts them into the documented order.
 * Every value is written as it is added; one that cannot be written is kept aside as unwritable.
 */
export class UnitBuilder {
  private readonly sections = new Map<string, UnitEntry[]>();
  private readonly unwritable: UnwritableValue[] = [];

  /** The entry for a value, or null (and the value kept aside) when it cannot be written. */
  private entry(section: string, key: string, value: UnitValue, hardening: boolean): UnitEntry | null {
    const w = writeValue(value, key);
    if ('problem' in w) {
      this.unwritable.push({ section, key, value, problem: w.problem });
      return null;
    }
    return { key, value: w.text, typed: value, ...(hardening ? { hardening: true as const } : {}) };
  }

  /** Adds `key=value` to a section (repeated keys are kept in order). */
  add(section: string, key: string, value: UnitValue, hardening = false): this {
    const e = this.entry(section, key, value, hardening);
    const list = this.sections.get(section) ?? [];
    if (e) list.push(e);
    this.sections.set(section, list);
    return this;
  }

  /** Adds an entry already written (by another builder: the target pass keeps what it does not change). */
  keep(section: string, entry: UnitEntry): this {
    const list = this.sections.get(section);
    if (list) list.push(entry);
    else this.sections.set(section, [entry]);
    return this;
  }

  /** Replaces every earlier entry of a key in a section with one value. */
  set(section: string, key: string, value: UnitValue, hardening = false): this {
    const e = this.entry(section, key, value, hardening);
    const list = (this.sections.get(section) ?? []).filter((x) => x.key !== key);
    this.sections.set(section, e ? [...list, e] : list);
    return this;
  }

  /** Adds one entry per value. */
  addAll(section: string, key: string, values: readonly UnitValue[]): this {
    for (const v of values) this.add(section, key, v);
    return this;
  }

  /** Keeps values another builder could not write (a pass that rebuilds a unit carries them on). */
  carry(unwritable: readonly UnwritableValue[] | undefined): this {
    this.unwritable.push(...(unwritable ?? []));
    return this;
  }

  /** The unit file with sections and keys in the documented order; empty sections are left out. */
  build(name: string, kind: UnitKind, header: string[]): UnitFile {
    const sections = [...this.sections.entries()]
      .filter(([, entries]) => entries.length > 0)
      .sort(([a], [b]) => rank(SECTION_ORDER, a) - rank(SECTION_ORDER, b))
      .map(([sectionName, entries]) => ({ name: sectionName, entries: inKeyOrder(sectionName, entries) }));
    return { name, kind, header, sections, ...(this.unwritable.length ? { unwritable: [...this.unwritable] } : {}) };
  }
}

/** Up to how many entries a section is sorted by insertion (in place, nothing allocated per comparison). */
const INSERTION_SORT_MAX = 64;

/** A section's entries in the documented order, ties in the order they were added (a stable sort). */
function inKeyOrder(section: string, entries: readonly UnitEntry[]): UnitEntry[] {
  const outside = (KEY_ORDER[section]?.length ?? 0) + 1;
  if (entries.length > INSERTION_SORT_MAX)
    return entries
      .map((e, i): Ranked => ({ e, rank: keyRank(section, e.key), i }))
      .sort((x, y) => compareRanked(x, y, outside))
      .map(({ e }) => e);
  const out = entries.slice();
  const ranks = out.map((e) => keyRank(section, e.key));
  for (let i = 1; i < out.length; i++) {
    const e = out[i]!;
    const r = ranks[i]!;
    let j = i - 1;
    // move left past every entry that sorts strictly after it: equal ones keep their order
    while (j >= 0 && (ranks[j]! > r || (ranks[j] === r && r >= outside && out[j]!.key > e.key))) {
      out[j + 1] = out[j]!;
      ranks[j + 1] = ranks[j]!;
      j--;
    }
    out[j + 1] = e;
    ranks[j + 1] = r;
  }
  return out;
}

/** Index of a name in an order list, unknown names last. */
function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** All entries of a key in a section. */
export function entriesOf(unit: UnitFile, section: string, key: string): string[] {
  return unit.sections
    .filter((s) => s.name === section)
    .flatMap((s) => s.entries.filter((e) => e.key === key).map((e) => e.value));
}

/** True for directives whose repeated assignments add up instead of replacing each other. */
export function isListDirective(key: string): boolean {
  return LIST_DIRECTIVES.has(key);
}
