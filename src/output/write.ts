/**
 * Writing generated files safely: only below --out and never through a symlink (src/output/paths.ts);
 * each file goes to a temporary file opened with O_EXCL|O_NOFOLLOW, is synced, and is renamed into
 * place (atomic on POSIX); an existing file is never replaced without --force, one identical to
 * ours is "unchanged" whoever wrote it, and a dry run touches nothing. A batch of files is written
 * in three passes (temporary files, one sync, renames: batch.ts), so 10,000 units cost one flush
 * of the disk, not 10,000, and the files of a new folder are put in place with it. Failures are
 * diagnostics naming their cause, never exceptions.
 */
import * as nodeFs from 'node:fs';
import { writeBatch } from './batch';
import { removeTemp, writeTemp } from './files';
import { tempPathFor } from './temp';
import type { OutputFile, WritableFile, WriteOptions, WriteOutcome } from './types';

export type { OutputFile, StreamedFile, WritableFile, WriteOptions, WriteOutcome } from './types';

/**
 * Writes `content` to `dest` through a temporary file and a rename (never a half-written file);
 * with `replace` false, fails with EEXIST instead of replacing a file that appeared meanwhile.
 * The temporary file is removed on every path out.
 */
export function writeAtomic(
  dest: string,
  content: string,
  mode = 0o644,
  replace = true,
  fs: typeof nodeFs = nodeFs,
): void {
  const tmp = tempPathFor(dest);
  try {
    writeTemp(tmp, content, mode, fs);
    if (replace) fs.renameSync(tmp, dest);
    else fs.linkSync(tmp, dest); // fails with EEXIST instead of replacing a file created meanwhile
  } finally {
    removeTemp(tmp, fs); // after a rename it is gone already (ENOENT)
  }
}

/** Writes one output file under `dir` according to the options; reports instead of throwing. */
export function writeOutput(dir: string, file: OutputFile, opts: WriteOptions, fs?: typeof nodeFs): WriteOutcome {
  return writeBatch(dir, [file], opts, fs)[0]!;
}

/**
 * Writes output files under `dir` according to the options, with the guarantees of `writeOutput`
 * for each; the outcomes in the order of `files`. The temporary files of the batch are synced
 * together, then renamed into place in order (a file named twice is written in turn).
 */
export function writeOutputs(
  dir: string,
  files: readonly WritableFile[],
  opts: WriteOptions,
  fs?: typeof nodeFs,
): WriteOutcome[] {
  return writeBatch(dir, files, opts, fs);
}
