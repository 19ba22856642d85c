/**
 * Finding the unit that already exists for a job, as systemd would load it: the unit search path
 * in precedence order, symlinked aliases, `Alias=` names, drop-ins from every directory merged in
 * systemd's order; trying the job's own unit name, then well-known renames, then the user's
 * `--unit-name JOB=UNIT`.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { describeFsError } from '../read/files';
import { type MergedUnit, dropinOrder, mergeUnit } from '../systemd/unit-merge';
import { type ParsedUnit, parseUnitFile } from '../systemd/unit-parser';

/** systemd's system unit directories, highest priority first. */
export const UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
];

/** Where existing units are looked for: a host root (with the unit directories) or one flat directory of units. */
export interface UnitTree {
  dir: string;
  kind: 'root' | 'flat';
}

/** How a unit was matched to the job. */
export type MatchedBy = 'name' | 'rename' | 'user' | 'alias';

/** An existing unit with its drop-ins, merged. */
export interface ExistingUnit {
  /** The name looked up (job's unit name, rename or user mapping). */
  requested: string;
  /** The unit's real name (differs when the requested name is an alias). */
  name: string;
  matchedBy: MatchedBy;
  /** Host paths of the unit file and its drop-ins, in application order. */
  files: string[];
  merged: MergedUnit;
  parsed: ParsedUnit[];
}

/** The result of a lookup. */
export interface Lookup {
  unit: ExistingUnit | null;
  diagnostics: Diagnostic[];
  /** True when a unit was found but could not be read (so the comparison is impossible). */
  unreadable?: boolean;
  /** Set when the unit is masked (a symlink to /dev/null). */
  masked?: string;
}

/** The directories of a tree, highest priority first, as [local path, host path]. */
export function unitDirs(tree: UnitTree): Array<[string, string]> {
  if (tree.kind === 'flat') return [[tree.dir, tree.dir]];
  return UNIT_DIRS.map((d) => [path.join(tree.dir, d), d]);
}

/** Guesses whether a directory is a host root (has unit directories) or a flat unit directory. */
export function treeFor(dir: string, fs: typeof nodeFs = nodeFs): UnitTree {
  return UNIT_DIRS.some((d) => fs.existsSync(path.join(dir, d))) ? { dir, kind: 'root' } : { dir, kind: 'flat' };
}

/** Reads a unit file, or says why it cannot. */
function readUnit(local: string, host: string, fs: typeof nodeFs): ParsedUnit | Diagnostic {
  try {
    const st = fs.statSync(local);
    if (!st.isFile())
      return diagnostic(
        'diff/unit-unreadable',
        { file: host },
        'is not a regular file; the existing unit cannot be compared',
      );
    return parseUnitFile(fs.readFileSync(local, 'utf8'), host);
  } catch (err) {
    const { message } = describeFsError(err);
    return diagnostic('diff/unit-unreadable', { file: host }, `${message}; the existing unit cannot be compared`);
  }
}

/** The drop-in files of a unit name across the tree, in systemd's order. */
function dropinsOf(names: string[], tree: UnitTree, fs: typeof nodeFs): Array<[string, string]> {
  const found: Array<{ dir: string; name: string; priority: number; host: string }> = [];
  unitDirs(tree).forEach(([local, host], priority) => {
    for (const n of names) {
      const d = path.join(local, `${n}.d`);
      let entries: string[] = [];
      try {
        entries = fs.readdirSync(d).filter((f) => f.endsWith('.conf'));
      } catch {
        continue;
      }
      for (const e of entries) found.push({ dir: d, name: e, priority, host: path.join(host, `${n}.d`, e) });
    }
  });
  return dropinOrder(found).map((o) => {
    const f = found.find((x) => x.dir === o.dir && x.name === o.name)!;
    return [path.join(f.dir, f.name), f.host];
  });
}

/** Finds units declaring `Alias=NAME` in their [Install] section. */
function byAlias(
  name: string,
  tree: UnitTree,
  fs: typeof nodeFs,
): { local: string; host: string; unit: string } | null {
  for (const [local, host] of unitDirs(tree)) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(local).filter((f) => /\.(service|socket|target|path|timer)$/.test(f));
    } catch {
      continue;
    }
    for (const e of entries) {
      try {
        const text = fs.readFileSync(path.join(local, e), 'utf8');
        if (
          new RegExp(`^\\s*Alias\\s*=\\s*(.*\\s)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm').test(text)
        ) {
          return { local: path.join(local, e), host: path.join(host, e), unit: e };
        }
      } catch {
        // unreadable units cannot declare aliases we can see
      }
    }
  }
  return null;
}

/** Looks one unit name up in the tree: file, alias symlink or /dev/null mask. */
function lookupName(
  name: string,
  tree: UnitTree,
  fs: typeof nodeFs,
): { local: string; host: string; unit: string; alias: boolean } | { masked: string } | null {
  for (const [local, host] of unitDirs(tree)) {
    const p = path.join(local, name);
    let st: nodeFs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) {
      const target = fs.readlinkSync(p);
      if (target === '/dev/null') return { masked: path.join(host, name) };
      const base = path.basename(target);
      if (base !== name) {
        const real = lookupName(base, tree, fs);
        if (real && !('masked' in real)) return { ...real, alias: true };
      }
      const resolved = path.isAbsolute(target)
        ? tree.kind === 'root'
          ? path.join(tree.dir, target)
          : target
        : path.join(local, target);
      return {
        local: resolved,
        host: path.isAbsolute(target) ? target : path.join(host, target),
        unit: base,
        alias: base !== name,
      };
    }
    return { local: p, host: path.join(host, name), unit: name, alias: false };
  }
  return null;
}

/** Finds the existing unit for a job, trying each candidate name in order. */
export function findExisting(
  candidates: ReadonlyArray<{ name: string; by: MatchedBy }>,
  tree: UnitTree,
  fs: typeof nodeFs = nodeFs,
): Lookup {
  for (const c of candidates) {
    let hit = lookupName(c.name, tree, fs);
    let by: MatchedBy = c.by;
    if (!hit) {
      const a = byAlias(c.name, tree, fs);
      if (a) {
        hit = { ...a, alias: true };
      }
    }
    if (!hit) continue;
    if ('masked' in hit)
      return {
        unit: null,
        diagnostics: [
          diagnostic(
            'diff/unit-masked',
            { file: hit.masked },
            `${c.name} is masked (a symlink to /dev/null): systemd will not start it`,
            'unmask it (systemctl unmask) once the converted unit is in place',
          ),
        ],
        masked: hit.masked,
      };
    if (hit.alias) by = 'alias';
    const main = readUnit(hit.local, hit.host, fs);
    if (!('sections' in main)) return { unit: null, diagnostics: [main], unreadable: true };
    const parsed: ParsedUnit[] = [main];
    const diagnostics: Diagnostic[] = [...main.diagnostics];
    for (const [local, host] of dropinsOf([...new Set([hit.unit, c.name])], tree, fs)) {
      const d = readUnit(local, host, fs);
      if (!('sections' in d)) return { unit: null, diagnostics: [d], unreadable: true };
      parsed.push(d);
      diagnostics.push(...d.diagnostics);
    }
    const merged = mergeUnit(hit.unit, parsed);
    return {
      unit: { requested: c.name, name: hit.unit, matchedBy: by, files: parsed.map((p) => p.file), merged, parsed },
      diagnostics,
    };
  }
  return { unit: null, diagnostics: [] };
}
