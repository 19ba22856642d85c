/**
 * A tarball of a host's root as a RootTree, in memory: the members become folders, files,
 * symlinks and hard links (sharing the file), addressed by local paths under the tarball's own
 * path (HOST.tar.gz/etc/init/x.conf), so job paths name the tarball. Members are applied in order
 * and the last of a name wins, as tar extracts. Names are read as inside the archive: a leading
 * `/` is dropped (as tar does); a member whose name climbs out (`..`), holds a NUL, or lies under
 * something that is not a folder is skipped and reported. Symlinks are kept as they are and
 * resolved, like every read under --root, as the host would see them (src/read/rooted.ts).
 */
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { resolutionError, resolveUnder } from './rooted';
import type { TarMember } from './tar';
import type { RootTree, TreeStats } from './tree';

/** A node of the tree: a folder with its entries, a file with its bytes, a symlink, or something unreadable. */
type Node =
  | { kind: 'directory'; mode: number; ino: number; entries: Map<string, Node> }
  | { kind: 'file'; mode: number; ino: number; data: Buffer }
  | { kind: 'symlink'; mode: number; ino: number; target: string }
  | { kind: 'other'; mode: number; ino: number };

/** The longest member name kept, in bytes (PATH_MAX). */
export const MAX_MEMBER_NAME = 4096;

/** File-type bits of st_mode, so a node's mode reads like a real one. */
const TYPE_BITS = { directory: 0o040000, file: 0o100000, symlink: 0o120000, other: 0o010000 } as const;

/** Stats of a node, as lstat would give them. */
function statsOf(node: Node, dev: number): TreeStats {
  return {
    isFile: () => node.kind === 'file',
    isDirectory: () => node.kind === 'directory',
    isSymbolicLink: () => node.kind === 'symlink',
    size: node.kind === 'file' ? node.data.length : node.kind === 'symlink' ? Buffer.byteLength(node.target) : 0,
    mode: TYPE_BITS[node.kind] | node.mode,
    dev,
    ino: node.ino,
  };
}

/** An error with an errno code, as node's fs throws them. */
function errno(code: string, p: string): Error {
  return Object.assign(new Error(`${code}: ${p}`), { code });
}

/** The components of a member name inside the archive, or why the member is skipped. */
export function memberParts(name: string): string[] | { skip: string } {
  if (name.includes('\0')) return { skip: 'its name holds a NUL byte' };
  if (Buffer.byteLength(name) > MAX_MEMBER_NAME) return { skip: `its name is longer than ${MAX_MEMBER_NAME} bytes` };
  const parts = name.split('/').filter((c) => c !== '' && c !== '.');
  if (parts.includes('..')) return { skip: 'its name climbs out of the archive (..)' };
  return parts;
}

/** Builds the tree of an archive's members; what had to be skipped is reported. */
class Builder {
  private ino = 1;
  readonly root: Node & { kind: 'directory' } = { kind: 'directory', mode: 0o755, ino: this.ino++, entries: new Map() };
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly label: string) {}

  /** Applies one member (the last of a name wins). */
  add(m: TarMember): void {
    const parts = memberParts(m.name);
    if (!Array.isArray(parts)) return this.skip(m, parts.skip);
    if (parts.length === 0) {
      if (m.type === 'directory') this.root.mode = m.mode;
      else this.skip(m, 'its name is empty');
      return;
    }
    const parent = this.folder(parts.slice(0, -1));
    if (typeof parent === 'string') return this.skip(m, `${parent} is not a folder in the archive`);
    const name = parts[parts.length - 1]!;
    const node = this.node(m);
    if (typeof node === 'string') return this.skip(m, node);
    const old = parent.entries.get(name);
    // a folder named again keeps what was extracted into it, as tar does
    if (old?.kind === 'directory' && node.kind === 'directory') old.mode = node.mode;
    else parent.entries.set(name, node);
  }

  /** The node a member becomes, or why it cannot be made. */
  private node(m: TarMember): Node | string {
    switch (m.type) {
      case 'directory':
        return { kind: 'directory', mode: m.mode, ino: this.ino++, entries: new Map() };
      case 'file':
        return { kind: 'file', mode: m.mode, ino: this.ino++, data: m.data };
      case 'symlink':
        return { kind: 'symlink', mode: 0o777, ino: this.ino++, target: m.linkname };
      case 'other':
        return { kind: 'other', mode: m.mode, ino: this.ino++ };
      case 'hardlink': {
        const target = memberParts(m.linkname);
        const found = Array.isArray(target) ? this.existing(target) : undefined;
        if (!found || found.kind === 'directory')
          return `it is a hard link to "${m.linkname}", which the archive does not hold as a file before it`;
        return found; // the same node: a hard link shares the file
      }
    }
  }

  /** The folder at some components, created where missing; the first component that is no folder otherwise. */
  private folder(parts: readonly string[]): (Node & { kind: 'directory' }) | string {
    let at = this.root;
    for (let i = 0; i < parts.length; i++) {
      const next = at.entries.get(parts[i]!);
      if (!next) {
        const made = { kind: 'directory' as const, mode: 0o755, ino: this.ino++, entries: new Map<string, Node>() };
        at.entries.set(parts[i]!, made);
        at = made;
      } else if (next.kind === 'directory') at = next;
      else return parts.slice(0, i + 1).join('/');
    }
    return at;
  }

  /** The node at some components, through folders only. */
  private existing(parts: readonly string[]): Node | undefined {
    let at: Node = this.root;
    for (const c of parts) {
      if (at.kind !== 'directory') return undefined;
      const next: Node | undefined = at.entries.get(c);
      if (!next) return undefined;
      at = next;
    }
    return at;
  }

  /** Reports a skipped member. */
  private skip(m: TarMember, why: string): void {
    this.diagnostics.push(
      diagnostic(
        'input/tarball-member-skipped',
        { file: this.label },
        `member "${m.name}" is skipped: ${why}`,
        'a tarball made by `upstart2systemd collect` has no such member; check where this one came from',
      ),
    );
  }
}

/** Device numbers of trees, so two trees never share a dev:ino pair. */
let nextDev = 0x7a000000;

/**
 * The tree of an archive's members under `label` (the tarball's path as the user gave it): local
 * paths are `label/…`; the diagnostics say which members were skipped.
 */
export function tarballTree(
  label: string,
  members: readonly TarMember[],
): { tree: RootTree; diagnostics: Diagnostic[] } {
  const b = new Builder(label);
  for (const m of members) b.add(m);
  const root = b.root;
  const base = path.resolve(label);
  const dev = nextDev++;
  /** The components of a local path under the tarball; ENOENT for a path outside it. */
  const partsOf = (p: string): string[] => {
    const rel = path.relative(base, path.resolve(p));
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) throw errno('ENOENT', p);
    return rel.split('/').filter((c) => c !== '');
  };
  /** The node at a local path through folders only; null when a component on the way is a symlink. */
  const walk = (p: string): Node | null => {
    let at: Node = root;
    for (const c of partsOf(p)) {
      if (at.kind === 'symlink') return null;
      if (at.kind !== 'directory') throw errno('ENOTDIR', p);
      const next: Node | undefined = at.entries.get(c);
      if (!next) throw errno('ENOENT', p);
      at = next;
    }
    return at;
  };
  /** The node at a local path, following symlinks on the way (all of them with `follow`) as the host would. */
  const lookup = (p: string, follow: boolean): Node => {
    const direct = walk(p);
    if (direct && !(follow && direct.kind === 'symlink')) return direct;
    const r = resolveUnder(label, '/' + partsOf(p).join('/'), { follow }, tree);
    if (r.kind !== 'found') throw resolutionError(r);
    return walk(r.local)!;
  };
  const tree: RootTree = {
    lstatSync: (p) => statsOf(lookup(p, false), dev),
    statSync: (p) => statsOf(lookup(p, true), dev),
    readlinkSync: (p) => {
      const n = lookup(p, false);
      if (n.kind !== 'symlink') throw errno('EINVAL', p);
      return n.target;
    },
    readdirSync: (p) => {
      const n = lookup(p, true);
      if (n.kind !== 'directory') throw errno('ENOTDIR', p);
      return [...n.entries.keys()];
    },
    readFileNoFollow: (p) => {
      const n = lookup(p, false);
      if (n.kind === 'symlink') throw errno('ELOOP', p);
      if (n.kind === 'directory') throw errno('EISDIR', p);
      if (n.kind !== 'file') throw errno('EINVAL', p);
      return n.data;
    },
  };
  return { tree, diagnostics: b.diagnostics };
}
