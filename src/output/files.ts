/** The file operations of the writer: reading without following a link, writing a new file, removing one. */
import * as nodeFs from 'node:fs';

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
export function writeTemp(tmp: string, content: string, mode: number, fs: typeof nodeFs, sync = true): void {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = nodeFs.constants;
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  try {
    fs.writeFileSync(fd, content);
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
