/**
 * The one abstraction every read under --root goes through: a tree of files addressed by local
 * paths (ROOT/etc/init/x.conf), with the calls resolution and reading need. The real file system
 * is one (diskTree); a tarball read into memory is another (src/read/tarball.ts). Resolution as
 * the host sees it (src/read/rooted.ts) sits on top, so a folder and a tarball behave the same.
 */
import * as nodeFs from 'node:fs';

/** What reading needs to know of a file (a node Stats has it; so does a tarball member). */
export type TreeStats = Pick<
  nodeFs.Stats,
  'isFile' | 'isDirectory' | 'isSymbolicLink' | 'size' | 'mode' | 'dev' | 'ino'
>;

/**
 * A tree of files: lstat, stat (follows links, used for the root itself and paths outside it),
 * readlink, readdir, and reading a file whose path holds no symlink. Failures throw errors with
 * an errno `code` (ENOENT, ENOTDIR, ELOOP…), as node's fs does.
 */
export interface RootTree {
  lstatSync(p: string): TreeStats;
  statSync(p: string): TreeStats;
  readlinkSync(p: string): string;
  readdirSync(p: string): string[];
  /** The bytes of a file at a path without symlinks (a resolution's `local`); a symlink there is refused (ELOOP). */
  readFileNoFollow(p: string): Buffer;
}

/** Reads a file whose path holds no symlink (a resolution's `local`), refusing one that became a link since. */
export function readNoFollow(local: string, fs: NoFollowFs = nodeFs): Buffer {
  const fd = fs.openSync(local, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The calls readNoFollow needs. */
export type NoFollowFs = Pick<typeof nodeFs, 'openSync' | 'readFileSync' | 'closeSync'>;

/** The real file system as a tree. */
export const diskTree: RootTree = {
  lstatSync: (p) => nodeFs.lstatSync(p),
  statSync: (p) => nodeFs.statSync(p),
  readlinkSync: (p) => nodeFs.readlinkSync(p),
  readdirSync: (p) => nodeFs.readdirSync(p),
  readFileNoFollow: (p) => readNoFollow(p),
};
