/**
 * Writing generated files safely: only below --out and never through a symlink (src/output/paths.ts);
 * each file goes to a temporary file opened with O_EXCL|O_NOFOLLOW in the same folder, synced, and
 * is renamed into place (atomic on POSIX); an existing file is never replaced without --force, one
 * identical to ours is "unchanged" whoever wrote it, and a dry run touches nothing. A batch of
 * files is written in three passes (temporary files, one sync, renames: src/output/sync.ts), so
 * 10,000 units cost one flush of the disk, not 10,000. Failures are diagnostics naming their
 * cause, never exceptions.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { type Blocked, checkFile, checkFolders, codeOf, describeWriteError, outputParts } from './paths';
import { SYNCFS_MIN, syncFile, syncFileSystems } from './sync';
import { sweepStaleTemps, tempPathFor } from './temp';

/** A file to write, relative to the output directory. */
export interface OutputFile {
  name: string;
  content: string;
  /** File mode (e.g. 0o755 for helper scripts). */
  mode?: number;
}

/** What happened to one file. */
export interface WriteOutcome {
  path: string;
  status: 'written' | 'unchanged' | 'would-write' | 'exists' | 'failed';
  diagnostic?: Diagnostic;
}

/** Options for writing. */
export interface WriteOptions {
  force: boolean;
  dryRun: boolean;
}

/** Reads a regular file without following a symlink in its last component. */
function readNoFollow(p: string, fs: typeof nodeFs): string {
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
function writeTemp(tmp: string, content: string, mode: number, fs: typeof nodeFs, sync = true): void {
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
function removeTemp(tmp: string, fs: typeof nodeFs): void {
  try {
    fs.unlinkSync(tmp);
  } catch {
    // the temporary file is already gone
  }
}

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

/** The outcome for a write refused or failed, with its diagnostic. */
function failed(dest: string, d: Diagnostic, status: 'failed' | 'exists' = 'failed'): WriteOutcome {
  return { path: dest, status, diagnostic: d };
}

/** The diagnostic for what blocks a path below --out: a symlink is never followed, nor replaced. */
function blockedDiagnostic(dest: string, b: Blocked, out: string): Diagnostic {
  const where = b.at === dest ? 'is' : `cannot be written: ${path.relative(out, b.at)} is`;
  if (b.kind === 'symlink') {
    const to = `a symlink to ${b.target}${b.dangling ? ' (dangling: it points to nothing)' : ''}`;
    return diagnostic(
      'output/symlink',
      { file: dest },
      `${where} ${to}; not followed, not written`,
      'remove the link (files are written only below --out, through real folders)',
    );
  }
  if (b.kind === 'error') {
    const message = `cannot be written: ${b.at === dest ? '' : `${b.at}: `}${describeWriteError(b.code)}`;
    return diagnostic('output/write-failed', { file: dest }, message);
  }
  const what = b.kind === 'not-file' ? 'not a regular file' : 'not a folder';
  return diagnostic('output/write-failed', { file: dest }, `${where} ${what}; not written`);
}

/** A path as one shell word for a hint to copy (quoted only when it needs to be). */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** Whether an output file is a whole unit (flat, or in the root's etc/systemd/system), not a drop-in or script. */
function isUnitFile(name: string): boolean {
  return /^(etc\/systemd\/system\/)?[^/]+\.(service|socket|timer|path|target|mount|automount|swap|slice)$/.test(name);
}

/**
 * How to review a file that differs before replacing it: write into a fresh folder and `diff -ru`
 * (any file, byte for byte); a unit can also be compared by setting with `--against OUT --diff`
 * (`--diff` alone compares with --root, not with --out).
 */
function existsHint(out: string, name: string): string {
  const o = shellWord(out);
  const unit = isUnitFile(name)
    ? `, or the same command with --against ${o} --diff in place of --out (settings in effect only)`
    : '';
  return (
    `to see how it differs: the same command with --out NEW (an empty folder), then diff -ru ${o} NEW${unit}; ` +
    'rerun with --force to replace it'
  );
}

/** The outcome when `dest` exists and differs, or appeared meanwhile: identical content is "unchanged". */
function existingOutcome(
  dest: string,
  file: OutputFile,
  where: { out: string; fs: typeof nodeFs },
  raced: boolean,
): WriteOutcome {
  try {
    if (readNoFollow(dest, where.fs) === file.content) return { path: dest, status: 'unchanged' };
  } catch {
    // a symlink or something unreadable appeared: it differs from ours in any case
  }
  return failed(
    dest,
    diagnostic(
      'output/exists',
      { file: dest },
      raced
        ? 'was created by someone else while writing, with other content; not overwritten'
        : 'exists and differs from the generated file; not overwritten',
      raced ? undefined : existsHint(where.out, file.name),
    ),
    raced ? 'failed' : 'exists',
  );
}

/** A file whose temporary file is written, waiting for the batch's sync and its rename into place. */
interface Pending {
  index: number;
  file: OutputFile;
  dest: string;
  tmp: string;
  /** The folders between --out and the file (relative components). */
  folders: readonly string[];
  /** Whether a file is replaced (--force): rename; else link, which fails when a file appeared meanwhile. */
  replace: boolean;
}

/** One batch of writes under way: the outcomes so far, the files waiting for their rename, what was checked. */
interface Batch {
  dir: string;
  opts: WriteOptions;
  fs: typeof nodeFs;
  outcomes: WriteOutcome[];
  pending: Pending[];
  /** The destinations of the pending files: a second file for one of them waits until the first is in place. */
  dests: Set<string>;
  /** Each folder (its relative path) checked in this batch: what blocks it, or null when it is usable. */
  checked: Map<string, Blocked | null>;
  /** The folders (relative paths) made or found real folders in this batch. */
  ready: Set<string>;
  /** Whether --out could be made (undefined: not tried yet), with the errno when not. */
  outMade?: string | null;
  /** Each file synced as it is written (a small batch); else the batch syncs them all at once. */
  inline: boolean;
}

/** Writes one output file under `dir` according to the options; reports instead of throwing. */
export function writeOutput(
  dir: string,
  file: OutputFile,
  opts: WriteOptions,
  fs: typeof nodeFs = nodeFs,
): WriteOutcome {
  return writeOutputs(dir, [file], opts, fs)[0]!;
}

/**
 * Writes output files under `dir` according to the options, with the guarantees of `writeOutput`
 * for each; the outcomes in the order of `files`. The temporary files of the batch are synced
 * together, then renamed into place in order (a file named twice is written in turn).
 */
export function writeOutputs(
  dir: string,
  files: readonly OutputFile[],
  opts: WriteOptions,
  fs: typeof nodeFs = nodeFs,
): WriteOutcome[] {
  const batch: Batch = {
    dir,
    opts,
    fs,
    outcomes: new Array<WriteOutcome>(files.length),
    pending: [],
    dests: new Set(),
    checked: new Map(),
    ready: new Set(),
    inline: files.length < SYNCFS_MIN,
  };
  try {
    files.forEach((file, index) => {
      const dest = path.join(dir, file.name);
      if (batch.dests.has(dest)) commitPending(batch);
      const r = prepare(batch, file, dest, index);
      if ('tmp' in r) {
        batch.pending.push(r);
        batch.dests.add(dest);
      } else batch.outcomes[index] = r;
    });
    commitPending(batch);
  } finally {
    for (const p of batch.pending) removeTemp(p.tmp, fs); // only after an unexpected exception
  }
  return batch.outcomes;
}

/** What blocks the folders of a file before writing (checked once per folder and batch), or null. */
function foldersBefore(b: Batch, folders: readonly string[]): Blocked | null {
  const key = folders.join('/');
  if (b.ready.has(key)) return null;
  let found = b.checked.get(key);
  if (found === undefined) b.checked.set(key, (found = checkFolders(b.dir, folders, false, b.fs)));
  return found;
}

/**
 * Everything up to the rename: the checks, the existing file, and the temporary file; the
 * outcome when the file is not to be written (or failed), else the file waiting for its rename.
 */
function prepare(b: Batch, file: OutputFile, dest: string, index: number): WriteOutcome | Pending {
  const { dir, opts, fs } = b;
  const parts = outputParts(file.name);
  if (!parts)
    return failed(
      dest,
      diagnostic('output/outside-out', { file: dest }, `"${file.name}" is not a path inside --out; not written`),
    );
  const folders = parts.slice(0, -1);
  const before = foldersBefore(b, folders);
  if (before) return failed(dest, blockedDiagnostic(dest, before, dir));
  // leftovers of killed runs go even when nothing needs writing (the folders were checked: no link)
  if (!opts.dryRun) sweepStaleTemps(path.dirname(dest), fs);
  const found = checkFile(dest, fs);
  if ('blocked' in found) return failed(dest, blockedDiagnostic(dest, found.blocked, dir));
  let existing: string | null = null;
  if (found.file) {
    try {
      existing = readNoFollow(dest, fs);
    } catch (err) {
      const message = `cannot read the existing file: ${describeWriteError(codeOf(err))}`;
      return failed(dest, diagnostic('output/write-failed', { file: dest }, message));
    }
  }
  if (existing === file.content) return { path: dest, status: 'unchanged' };
  if (existing !== null && !opts.force) return existingOutcome(dest, file, { out: dir, fs }, false);
  if (opts.dryRun) return { path: dest, status: 'would-write' };
  return writeTemporary(b, { index, file, dest, tmp: tempPathFor(dest), folders, replace: existing !== null });
}

/** Makes --out (once per batch); the errno when it cannot be made. */
function makeOut(b: Batch): string | null {
  if (b.outMade === undefined) {
    try {
      b.fs.mkdirSync(b.dir, { recursive: true }); // --out itself was named by the user
      b.outMade = null;
    } catch (err) {
      b.outMade = codeOf(err);
    }
  }
  return b.outMade;
}

/** Creates the folders (checked again: the way may have changed), then writes the temporary file. */
function writeTemporary(b: Batch, p: Pending): WriteOutcome | Pending {
  const { dir, fs } = b;
  const outError = makeOut(b);
  if (outError) return failed(p.dest, blockedDiagnostic(p.dest, { kind: 'error', at: dir, code: outError }, dir));
  const key = p.folders.join('/');
  if (!b.ready.has(key)) {
    const blocked = checkFolders(dir, p.folders, true, fs);
    if (blocked) return failed(p.dest, blockedDiagnostic(p.dest, blocked, dir));
    b.ready.add(key);
  }
  try {
    writeTemp(p.tmp, p.file.content, p.file.mode ?? 0o644, fs, b.inline);
    return p;
  } catch (err) {
    removeTemp(p.tmp, fs);
    return writeFailed(p.dest, codeOf(err));
  }
}

/** The outcome of a file that could not be written, naming the errno. */
function writeFailed(dest: string, code: string): WriteOutcome {
  return failed(
    dest,
    diagnostic('output/write-failed', { file: dest }, `cannot be written: ${describeWriteError(code)}`),
  );
}

/**
 * Puts the pending files in place: syncs them (unless each was synced as written), checks their
 * folders once more (the way may have changed meanwhile), and renames each in order.
 */
function commitPending(b: Batch): void {
  const { pending, fs } = b;
  if (!pending.length) return;
  const unsynced = b.inline ? new Map<Pending, string>() : syncPending(b);
  const blocked = new Map<string, Blocked | null>();
  for (const p of pending) {
    const key = p.folders.join('/');
    if (!blocked.has(key)) blocked.set(key, checkFolders(b.dir, p.folders, false, fs));
    const way = blocked.get(key);
    const code = unsynced.get(p);
    if (way || code) {
      removeTemp(p.tmp, fs);
      b.outcomes[p.index] = way ? failed(p.dest, blockedDiagnostic(p.dest, way, b.dir)) : writeFailed(p.dest, code!);
    } else b.outcomes[p.index] = commit(b, p);
  }
  b.pending = [];
  b.dests.clear();
}

/** Syncs the pending files: one syncfs for them all, else one by one; the errno of each that failed. */
function syncPending(b: Batch): Map<Pending, string> {
  const failures = new Map<Pending, string>();
  const folders = new Set(b.pending.map((p) => path.dirname(p.dest)));
  if (b.fs === nodeFs && syncFileSystems(folders)) return failures;
  for (const p of b.pending) {
    try {
      syncFile(p.tmp, b.fs);
    } catch (err) {
      failures.set(p, codeOf(err));
    }
  }
  return failures;
}

/** Renames one synced temporary file into place (link when not replacing: never over a file that appeared). */
function commit(b: Batch, p: Pending): WriteOutcome {
  const { fs, dir } = b;
  let renamed = false;
  try {
    if (p.replace) fs.renameSync(p.tmp, p.dest);
    else fs.linkSync(p.tmp, p.dest); // fails with EEXIST instead of replacing a file created meanwhile
    renamed = p.replace;
    return { path: p.dest, status: 'written' };
  } catch (err) {
    const code = codeOf(err);
    if (code === 'EEXIST' && !p.replace) {
      const now = checkFile(p.dest, fs);
      if ('blocked' in now) return failed(p.dest, blockedDiagnostic(p.dest, now.blocked, dir));
      return existingOutcome(p.dest, p.file, { out: dir, fs }, true);
    }
    return writeFailed(p.dest, code);
  } finally {
    if (!renamed) removeTemp(p.tmp, fs);
  }
}
