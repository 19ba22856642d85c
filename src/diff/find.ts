/**
 * Finding the unit that already exists for a job, as systemd would load it: the unit search path
 * in precedence order, symlinked aliases, `Alias=` names, drop-ins from every directory merged in
 * systemd's order; trying the job's own unit name, then well-known renames, then the user's
 * `--unit-name JOB=UNIT`.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import { appendAll, type Diagnostic } from '../diagnostics/diagnostic';
import { describeFsError } from '../read/files';
import { MAX_SYMLINKS, type Resolved, resolveUnder } from '../read/rooted';
import { type RootTree, diskTree } from '../read/tree';
import { type MergedUnit, dropinOrder, mergeUnit } from '../systemd/unit-merge';
import { isValidUnitName } from '../systemd/unit-names';
import { type ParsedUnit, parseUnitFile } from '../systemd/unit-parser';

/** systemd's system unit directories, highest priority first. */
export const UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
];

/**
 * Where existing units are looked for: a host root (with the unit directories) or one flat
 * directory of units; `fs` is where its files are (the disk by default, or a tarball in memory).
 */
export interface UnitTree {
  dir: string;
  kind: 'root' | 'flat';
  fs?: RootTree;
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
  /** The SHA-256 (hex) of each of `files`, as read: the plan records them to notice a unit that changed since. */
  digests: string[];
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
export function treeFor(dir: string, fs: RootTree = diskTree): UnitTree {
  const isRoot = UNIT_DIRS.some((d) => resolveUnder(dir, d, {}, fs).kind === 'found');
  const tree: UnitTree = isRoot ? { dir, kind: 'root' } : { dir, kind: 'flat' };
  return fs === diskTree ? tree : { ...tree, fs };
}

/**
 * A tree as the resolver sees it: its directories as paths under the tree (a flat folder is its
 * own `/`, where an absolute link target leaves it) and the calls to look at it.
 */
interface Place {
  tree: UnitTree;
  dirs: readonly string[];
  absolute: 'reroot' | 'leave';
  fs: RootTree;
}

/** The place of a tree. */
function placeOf(tree: UnitTree, fs: RootTree): Place {
  return tree.kind === 'root'
    ? { tree, dirs: UNIT_DIRS, absolute: 'reroot', fs }
    : { tree, dirs: ['/'], absolute: 'leave', fs };
}

/** A path under the tree as the user knows it: the host path in a root, the real path in a flat folder. */
function shown(place: Place, p: string): string {
  return place.tree.kind === 'root' ? p : path.join(place.tree.dir, p);
}

/** Resolves a path under the tree (never outside it). */
function resolve(place: Place, p: string, follow = true): Resolved {
  return resolveUnder(place.tree.dir, p, { follow, absolute: place.absolute }, place.fs);
}

/** A unit file found for a name: where it leads (read later), the path shown, the unit's real name. */
interface Hit {
  resolved: Resolved;
  host: string;
  unit: string;
  alias: boolean;
}

/** A unit file as read: parsed, and the SHA-256 of its bytes. */
interface ReadUnit {
  parsed: ParsedUnit;
  sha256: string;
}

/** Reads a unit file, or says why it cannot (not a file, a symlink leading out of the tree, an errno). */
function readUnit(hit: Pick<Hit, 'resolved' | 'host'>, place: Place): ReadUnit | Diagnostic {
  const r = hit.resolved;
  const at = { file: hit.host };
  if (r.kind === 'outside') {
    const where = place.tree.kind === 'root' ? 'the root' : place.tree.dir;
    return diagnostic(
      'diff/unit-outside-root',
      at,
      `${shown(place, r.link)} points to ${r.target}, outside ${where}; the existing unit is not read`,
      'fix the link in the copy, or compare with --against a tree that holds the unit',
    );
  }
  const code = r.kind === 'found' ? undefined : r.kind === 'loop' ? 'ELOOP' : r.code;
  try {
    if (code) throw Object.assign(new Error(code), { code });
    if (r.kind !== 'found' || !r.stats.isFile())
      return diagnostic('diff/unit-unreadable', at, 'is not a regular file; the existing unit cannot be compared');
    const bytes = place.fs.readFileNoFollow(r.local);
    return {
      parsed: parseUnitFile(bytes.toString('utf8'), at.file),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  } catch (err) {
    const { message } = describeFsError(err);
    return diagnostic('diff/unit-unreadable', at, `${message}; the existing unit cannot be compared`);
  }
}

/** The drop-in files of a unit name across the tree, in systemd's order, after drop-in folders leading out of it. */
function dropinsOf(names: string[], place: Place): Hit[] {
  const outside: Hit[] = [];
  const found: Array<{ dir: string; name: string; priority: number; hit: Hit }> = [];
  place.dirs.forEach((d, priority) => {
    for (const n of names) {
      const dir = path.posix.join(d, `${n}.d`);
      const r = resolve(place, dir);
      if (r.kind === 'outside') outside.push({ resolved: r, host: shown(place, dir), unit: n, alias: false });
      if (r.kind !== 'found') continue;
      for (const e of confFiles(r.local, place)) {
        const host = path.posix.join(dir, e);
        const hit = { resolved: resolve(place, host), host: shown(place, host), unit: n, alias: false };
        found.push({ dir, name: e, priority, hit });
      }
    }
  });
  const ordered = dropinOrder(found).map((o) => found.find((x) => x.dir === o.dir && x.name === o.name)!.hit);
  return [...outside, ...ordered];
}

/** The `.conf` files of a drop-in folder (none when it cannot be listed). */
function confFiles(local: string, place: Place): string[] {
  try {
    return place.fs.readdirSync(local).filter((f) => f.endsWith('.conf'));
  } catch {
    return [];
  }
}

/** Finds a unit declaring `Alias=NAME` in its [Install] section. */
function byAlias(name: string, place: Place): Hit | null {
  const alias = new RegExp(`^\\s*Alias\\s*=\\s*(.*\\s)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'm');
  for (const d of place.dirs) {
    const dir = resolve(place, d);
    if (dir.kind !== 'found') continue;
    let entries: string[] = [];
    try {
      entries = place.fs.readdirSync(dir.local).filter((f) => /\.(service|socket|target|path|timer)$/.test(f));
    } catch {
      continue;
    }
    for (const e of entries) {
      const host = path.posix.join(d, e);
      // a symlink is itself an alias (lookupName follows it), not a unit file declaring one
      const r = resolve(place, host, false);
      if (r.kind !== 'found' || !r.stats.isFile()) continue;
      try {
        if (alias.test(place.fs.readFileNoFollow(r.local).toString('utf8')))
          return { resolved: r, host: shown(place, host), unit: e, alias: true };
      } catch {
        // unreadable units cannot declare aliases we can see
      }
    }
  }
  return null;
}

/**
 * Looks one unit name up in the tree: file, alias symlink or /dev/null mask. `depth` counts the
 * alias symlinks followed by name, so two aliases of each other cannot recurse forever.
 */
function lookupName(name: string, place: Place, depth = 0): Hit | { masked: string } | null {
  for (const d of place.dirs) {
    const p = path.posix.join(d, name);
    const at = resolve(place, p, false);
    // a unit directory that cannot be searched holds no unit we can see; one leading out of the tree is said
    if (at.kind === 'missing' || at.kind === 'error' || at.kind === 'loop') continue;
    const host = shown(place, p);
    if (at.kind !== 'found' || !at.stats.isSymbolicLink()) return { resolved: at, host, unit: name, alias: false };
    let target: string;
    try {
      target = place.fs.readlinkSync(at.local);
    } catch (err) {
      return {
        resolved: { kind: 'error', host: p, code: (err as NodeJS.ErrnoException).code ?? 'EIO' },
        host,
        unit: name,
        alias: false,
      };
    }
    if (target === '/dev/null') return { masked: host };
    const base = path.basename(target);
    if (base !== name && depth < MAX_SYMLINKS) {
      const real = lookupName(base, place, depth + 1);
      if (real && !('masked' in real)) return { ...real, alias: true };
    }
    const resolved = resolve(place, p);
    const real = resolved.kind === 'found' ? shown(place, resolved.host) : host;
    return { resolved, host: real, unit: base, alias: base !== name };
  }
  return null;
}

/** Finds the existing unit for a job, trying each candidate name in order (names that are no unit name are not looked up). */
export function findExisting(
  candidates: ReadonlyArray<{ name: string; by: MatchedBy }>,
  tree: UnitTree,
  fs: RootTree = tree.fs ?? diskTree,
): Lookup {
  const place = placeOf(tree, fs);
  for (const c of candidates) {
    if (!isValidUnitName(c.name)) continue; // never a path: `../x.service` must not leave the unit directories
    const hit = lookupName(c.name, place) ?? byAlias(c.name, place);
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
    const by: MatchedBy = hit.alias ? 'alias' : c.by;
    const main = readUnit(hit, place);
    if (!('parsed' in main)) return { unit: null, diagnostics: [main], unreadable: true };
    const parsed: ParsedUnit[] = [main.parsed];
    const digests = [main.sha256];
    const diagnostics: Diagnostic[] = [...main.parsed.diagnostics];
    for (const dropin of dropinsOf([...new Set([hit.unit, c.name])], place)) {
      const d = readUnit(dropin, place);
      if (!('parsed' in d)) return { unit: null, diagnostics: [d], unreadable: true };
      parsed.push(d.parsed);
      digests.push(d.sha256);
      appendAll(diagnostics, d.parsed.diagnostics);
    }
    const merged = mergeUnit(hit.unit, parsed);
    const files = parsed.map((p) => p.file);
    return { unit: { requested: c.name, name: hit.unit, matchedBy: by, files, digests, merged, parsed }, diagnostics };
  }
  return { unit: null, diagnostics: [] };
}
