/**
 * Paths under a root (`--root`, `--against`) resolved as the host would see them, as chroot does:
 * an absolute symlink target starts again at the root, `..` never climbs above it, and after 40
 * links the lookup gives up (the kernel's MAXSYMLINKS). Nothing outside the root is ever looked at.
 * A `..` that would climb above the root is refused rather than clamped: on the host `/..` is `/`,
 * but in a copy such a link was almost always made for another tree, and the user should know.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { type RootTree, type TreeStats, diskTree } from './tree';

export { type NoFollowFs, readNoFollow } from './tree';

/** The most symlinks one lookup follows, as the kernel (MAXSYMLINKS). */
export const MAX_SYMLINKS = 40;

/** The file-system calls resolution needs (lstat and readlink only: it never follows a link itself). */
export type ResolveFs = Pick<RootTree, 'lstatSync' | 'statSync' | 'readlinkSync'>;

/** How to resolve: follow a symlink in the last component or not; what an absolute target means. */
export interface ResolveOptions {
  /** Follow a symlink in the last component (stat) or stop at it (lstat); default true. */
  follow?: boolean;
  /** `reroot` (a host root: absolute targets start at the root, the default) or `leave` (a plain folder). */
  absolute?: 'reroot' | 'leave';
}

/** Where a path under a root leads (host paths are absolute, as the host sees them). */
export type Resolved =
  /** The path exists: `local` is where to read it, with no symlink left in it; `stats` its lstat. */
  | { kind: 'found'; host: string; local: string; stats: TreeStats; via?: string }
  /** A component does not exist (`via`: the last symlink followed, when it dangles) or is no folder. */
  | { kind: 'missing'; host: string; code: 'ENOENT' | 'ENOTDIR'; via?: string }
  /** The symlink `link` (or the path itself) points to `target`, which leaves the root. */
  | { kind: 'outside'; link: string; target: string }
  /** More than MAX_SYMLINKS links: a loop, at `link`. */
  | { kind: 'loop'; link: string }
  /** Another error (EACCES…) at `host`. */
  | { kind: 'error'; host: string; code: string };

/** The non-empty components of a path, without `.`. */
function parts(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

/** The errno code of a thrown error, or EIO. */
function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? 'EIO';
}

/** The state of one resolution: components done (each a real folder but the last), those to do, links followed. */
interface Walk {
  done: string[];
  todo: string[];
  links: number;
  /** The last symlink followed and its target, for messages. */
  via?: { link: string; target: string };
}

/**
 * Resolves `hostPath` (as the host sees it) under `root`, component by component with lstat, as
 * the kernel would inside a chroot to `root`; never reads outside the root.
 */
export function resolveUnder(
  root: string,
  hostPath: string,
  opts: ResolveOptions = {},
  fs: ResolveFs = diskTree,
): Resolved {
  const follow = opts.follow ?? true;
  const walk: Walk = { done: [], todo: parts(hostPath), links: 0 };
  let stats: TreeStats | undefined;
  while (walk.todo.length) {
    const c = walk.todo.shift()!;
    if (c === '..') {
      if (!walk.done.length) return outside(walk, hostPath);
      walk.done.pop();
      stats = undefined;
      continue;
    }
    const host = '/' + [...walk.done, c].join('/');
    const local = path.join(root, ...walk.done, c);
    let st: TreeStats;
    try {
      st = fs.lstatSync(local);
    } catch (err) {
      const code = codeOf(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', host, code, via: walk.via?.link };
      return { kind: 'error', host, code };
    }
    if (st.isSymbolicLink() && (walk.todo.length > 0 || follow)) {
      const step = followLink(walk, host, local, opts, fs);
      if (step) return step;
      stats = undefined;
      continue;
    }
    if (walk.todo.length && !st.isDirectory()) return { kind: 'missing', host, code: 'ENOTDIR', via: walk.via?.link };
    walk.done.push(c);
    stats = st;
  }
  return found(root, walk, stats, fs);
}

/** Replaces a symlink by its target in the walk; a result when the walk ends there (loop, outside, unreadable). */
function followLink(walk: Walk, host: string, local: string, opts: ResolveOptions, fs: ResolveFs): Resolved | null {
  if (++walk.links > MAX_SYMLINKS) return { kind: 'loop', link: host };
  let target: string;
  try {
    target = fs.readlinkSync(local);
  } catch (err) {
    return { kind: 'error', host, code: codeOf(err) };
  }
  walk.via = { link: host, target };
  if (target.startsWith('/')) {
    if (opts.absolute === 'leave') return { kind: 'outside', link: host, target };
    walk.done = [];
  }
  walk.todo = [...parts(target), ...walk.todo];
  return null;
}

/** The result for a `..` above the root: blamed on the last link followed, else on the path itself. */
function outside(walk: Walk, hostPath: string): Resolved {
  return walk.via ? { kind: 'outside', ...walk.via } : { kind: 'outside', link: hostPath, target: hostPath };
}

/** The result for a walk that reached its end; the stats of the last component (of the root itself when none). */
function found(root: string, walk: Walk, stats: TreeStats | undefined, fs: ResolveFs): Resolved {
  const host = '/' + walk.done.join('/');
  const local = walk.done.length ? path.join(root, ...walk.done) : root;
  try {
    const st = stats ?? (walk.done.length ? fs.lstatSync(local) : fs.statSync(root));
    return { kind: 'found', host, local, stats: st, ...(walk.via ? { via: walk.via.link } : {}) };
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', host, code };
    return { kind: 'error', host, code };
  }
}

/** An error thrown by a rooted file system for a path that leads outside its root, with the link to blame. */
export class OutsideRootError extends Error {
  /** The errno-like code describeFsError recognises. */
  readonly code = 'EOUTSIDEROOT';
  /** @param link the symlink (host path) whose target leaves the root; @param target its target. */
  constructor(
    readonly link: string,
    readonly target: string,
  ) {
    super(`${link} points to ${target}, outside the root`);
  }
}

/** The error a rooted file system throws for a resolution that found nothing usable. */
export function resolutionError(r: Exclude<Resolved, { kind: 'found' }>): Error {
  if (r.kind === 'outside') return new OutsideRootError(r.link, r.target);
  const code = r.kind === 'loop' ? 'ELOOP' : r.code;
  const at = r.kind === 'loop' ? r.link : r.host;
  return Object.assign(new Error(`${code}: ${at}`), { code, ...(r.kind === 'missing' && r.via ? { via: r.via } : {}) });
}

/** The file-system calls of job discovery and loading, confined to a root for paths inside it. */
export interface RootedFs {
  statSync(p: string): TreeStats;
  lstatSync(p: string): TreeStats;
  readdirSync(p: string): string[];
  readFileSync(p: string): Buffer;
}

/**
 * The file system for job discovery and loading, with every path inside `root` resolved as the
 * host would (resolveUnder) in `tree` (the disk, or a tarball read into memory); paths outside
 * the root were named by the user and are read from the disk as they are.
 */
export function rootedFs(root: string, tree: RootTree = diskTree): RootedFs {
  const base = path.resolve(root);
  /** The resolution of a local path inside the root, or null for a path outside it. */
  const under = (p: string, follow: boolean): Resolved | null => {
    const rel = path.relative(base, path.resolve(p));
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return null;
    return resolveUnder(root, '/' + rel, { follow }, tree);
  };
  /** Where to access a local path: its resolution's local path; throws what the resolution found instead. */
  const local = (p: string, follow: boolean): { local: string; stats?: TreeStats } => {
    const r = under(p, follow);
    if (r === null) return { local: p };
    if (r.kind !== 'found') throw resolutionError(r);
    return { local: r.local, stats: r.stats };
  };
  return {
    statSync: (p) => {
      const r = local(p, true);
      return r.stats ?? nodeFs.statSync(p);
    },
    lstatSync: (p) => {
      const r = local(p, false);
      return r.stats ?? nodeFs.lstatSync(p);
    },
    readdirSync: (p) => {
      const r = local(p, true);
      return r.stats ? tree.readdirSync(r.local) : nodeFs.readdirSync(p);
    },
    readFileSync: (p) => {
      const r = local(p, true);
      return r.stats ? tree.readFileNoFollow(r.local) : nodeFs.readFileSync(p);
    },
  };
}
