/**
 * Where a generated file may go: only below --out, through real folders. A name that is no plain
 * relative path, or a symlink on the way (a folder such as `UNIT.service.d`, or the file itself),
 * stops the write: following it would write wherever the link points. Folders are created one
 * component at a time, each checked with lstat, so no link is ever followed.
 */
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** The file-system calls the path checks need. */
export type PathFs = Pick<typeof nodeFs, 'lstatSync' | 'mkdirSync' | 'readlinkSync' | 'existsSync'>;

/** The components of an output name relative to --out, or null when it is absolute, climbs (`..`) or is empty. */
export function outputParts(name: string): string[] | null {
  const parts = name.split('/');
  const plain = (p: string): boolean => p !== '' && p !== '.' && p !== '..' && !p.includes('\0');
  return name !== '' && parts.every(plain) ? parts : null;
}

/** Why a path below --out cannot be used: a symlink (with its target), something else, or an errno. */
export type Blocked =
  | { kind: 'symlink'; at: string; target: string; dangling: boolean }
  | { kind: 'not-folder' | 'not-file'; at: string }
  | { kind: 'error'; at: string; code: string };

/** The errno code of a thrown error, or EIO. */
export function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? 'EIO';
}

/** What a symlink found in the way points to, and whether that exists. */
function symlinkAt(at: string, fs: PathFs): Blocked {
  let target = '?';
  try {
    target = fs.readlinkSync(at);
  } catch {
    // the link went away meanwhile: still not followed
  }
  return { kind: 'symlink', at, target, dangling: !fs.existsSync(at) };
}

/**
 * Checks the folders between `out` and a file (`folders`, relative components) and, when `create`
 * is set, creates the missing ones without following links. Returns what blocks the way, or null
 * (in a check without `create`, a missing folder ends the check: nothing below it exists).
 */
export function checkFolders(out: string, folders: readonly string[], create: boolean, fs: PathFs): Blocked | null {
  let at = out;
  for (const part of folders) {
    at = path.join(at, part);
    let st = lstat(at, fs);
    if (st === undefined) {
      if (!create) return null;
      try {
        fs.mkdirSync(at, 0o755);
      } catch (err) {
        if (codeOf(err) !== 'EEXIST') return { kind: 'error', at, code: codeOf(err) };
      }
      st = lstat(at, fs);
    }
    if (st === undefined) return { kind: 'error', at, code: 'ENOENT' };
    if ('code' in st) return { kind: 'error', at, code: String(st.code) };
    if (st.isSymbolicLink()) return symlinkAt(at, fs);
    if (!st.isDirectory()) return { kind: 'not-folder', at };
  }
  return null;
}

/** lstat of a path: its stats, undefined when it does not exist, or the errno of another failure. */
function lstat(at: string, fs: PathFs): nodeFs.Stats | { code: string } | undefined {
  try {
    // a missing path is the common case (a new file): no exception to make for it
    return fs.lstatSync(at, { throwIfNoEntry: false });
  } catch (err) {
    return codeOf(err) === 'ENOENT' ? undefined : { code: codeOf(err) };
  }
}

/** The file at `dest` by lstat: absent (null), a regular file (its stats), or what blocks writing there. */
export function checkFile(dest: string, fs: PathFs): { file: nodeFs.Stats | null } | { blocked: Blocked } {
  const st = lstat(dest, fs);
  if (st === undefined) return { file: null };
  if ('code' in st) return { blocked: { kind: 'error', at: dest, code: String(st.code) } };
  if (st.isSymbolicLink()) return { blocked: symlinkAt(dest, fs) };
  if (!st.isFile()) return { blocked: { kind: 'not-file', at: dest } };
  return { file: st };
}

/** An errno in words an operator recognises, with the code (EACCES on a read-only folder, ENOSPC…). */
export function describeWriteError(code: string): string {
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a component of the path is not a folder',
    EISDIR: 'is a folder',
    ELOOP: 'a symlink is in the way',
    ENAMETOOLONG: 'the name is too long',
    EMFILE: 'too many open files',
    EIO: 'input/output error',
  };
  return words[code] ? `${words[code]} (${code})` : code;
}
