/** The file operations of the writer: reading without following a link, writing a new file, removing one. */
import * as nodeFs from 'node:fs';
import type { WritableFile } from './types';

/**
 * How much of a streamed text is gathered before it is written: fewer system calls than one per
 * piece, and small enough that V8 keeps each part with the short-lived objects (a megabyte went to
 * its large-object space and stayed until a full collection: tens of megabytes for a 10,000-job plan).
 */
const PIECE = 1 << 16;

/** A file's text as the writer takes it: whole, or piece by piece. */
export function textOf(file: WritableFile): string | Iterable<string> {
  return 'chunks' in file ? file.chunks() : file.content;
}

/** Whether `existing` is exactly a file's text (a streamed one compared piece by piece, never held whole). */
export function sameText(existing: string, file: WritableFile): boolean {
  if (!('chunks' in file)) return existing === file.content;
  let at = 0;
  for (const piece of file.chunks()) {
    if (!existing.startsWith(piece, at)) return false;
    at += piece.length;
  }
  return at === existing.length;
}

/** Reads a regular file without following a symlink in its last component. */
export function readNoFollow(p: string, fs: typeof nodeFs): string {
  const fd = fs.openSync(p, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW);
  try {
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes all of `content` to a new temporary file (never an existing file, never through a
 * symlink); synced unless `sync` is false (the batch syncs its files together before renaming).
 */
export function writeTemp(
  tmp: string,
  content: string | Iterable<string>,
  mode: number,
  fs: typeof nodeFs,
  sync = true,
): void {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = nodeFs.constants;
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  try {
    if (typeof content === 'string') fs.writeFileSync(fd, content);
    else writePieces(fd, content, fs);
    fs.fchmodSync(fd, mode); // the umask narrowed the mode given to open
    if (sync) fs.fsyncSync(fd); // the rename must never expose a file whose bytes are not on disk yet
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes a temporary file, if it is still there. */
export function removeTemp(tmp: string, fs: typeof nodeFs): void {
  try {
    fs.unlinkSync(tmp);
  } catch {
    // the temporary file is already gone
  }
}

/** Writes a text made piece by piece at the file's position, some 64 KB at a time. */
function writePieces(fd: number, pieces: Iterable<string>, fs: typeof nodeFs): void {
  let part = '';
  for (const piece of pieces) {
    part += piece;
    if (part.length < PIECE) continue;
    fs.writeFileSync(fd, part); // with a descriptor, written at its position: after what came before
    part = '';
  }
  if (part) fs.writeFileSync(fd, part);
}
