/**
 * A batch of writes below --out in three passes: each file's checks and its temporary file, one
 * sync for them all (sync.ts), then the renames in order. A new file in a folder that does not
 * exist yet is written under its own name into a staging tree in --out (temp.ts), and the missing
 * folder is renamed into place whole: one rename for the 10,000 units of a new output folder
 * instead of a link and an unlink each. When the folder cannot be renamed into place (it appeared
 * meanwhile, or the way to it changed), its files are put in place one by one, as any other.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import { readNoFollow, removeTemp, sameText, textOf, writeTemp } from './files';
import { blockedDiagnostic, existingOutcome, failed, writeFailed } from './outcome';
import { type Blocked, checkFile, checkFolders, codeOf, describeWriteError, outputParts } from './paths';
import { SYNCFS_MIN, syncFile, syncFileSystems } from './sync';
import { stagePathIn, sweepStaleStages, sweepStaleTemps, tempPathFor } from './temp';
import type { WritableFile, WriteOptions, WriteOutcome } from './types';

/** A file whose temporary file is written, waiting for the batch's sync and its rename into place. */
interface Pending {
  index: number;
  file: WritableFile;
  dest: string;
  /** The temporary file: beside the destination, or at its place in the staging tree. */
  tmp: string;
  /** The folders between --out and the file (relative components). */
  folders: readonly string[];
  /** Whether a file is replaced (--force): rename; else link, which fails when a file appeared meanwhile. */
  replace: boolean;
  /** In the staging tree: the missing folder (relative path) that is renamed into place with the file. */
  graft?: string;
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
  /** The first missing folder (relative path) of each folder path, '' when every folder exists. */
  missing: Map<string, string>;
  /** The staging tree, once made (null: it could not be made, so files go beside their destination). */
  stage?: string | null;
  /** The folders (relative paths) made in the staging tree. */
  staged: Set<string>;
  /** Whether --out could be made (undefined: not tried yet), with the errno when not. */
  outMade?: string | null;
  /** Each file synced as it is written (a small batch); else the batch syncs them all at once. */
  inline: boolean;
  /** Whether `fs` is the real file system, which syncfs(2) flushes (else each file is synced through `fs`). */
  real: boolean;
}

/**
 * Writes output files under `dir` according to the options, each atomically (a temporary file,
 * synced, renamed into place), never through a symlink and never over a different file without
 * --force; the outcomes in the order of `files`. A file named twice is written in turn. `given`
 * is a file system to use instead of node:fs (tests): each file is then synced through it.
 */
export function writeBatch(
  dir: string,
  files: readonly WritableFile[],
  opts: WriteOptions,
  given?: typeof nodeFs,
): WriteOutcome[] {
  const fs = given ?? nodeFs;
  const batch: Batch = {
    dir,
    opts,
    fs,
    real: given === undefined,
    outcomes: new Array<WriteOutcome>(files.length),
    pending: [],
    dests: new Set(),
    checked: new Map(),
    ready: new Set(),
    missing: new Map(),
    staged: new Set(),
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
    removeStage(batch);
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

/** The first of `folders` that does not exist (its relative path), or '' (once per folder path and batch). */
function missingFolder(b: Batch, folders: readonly string[]): string {
  const key = folders.join('/');
  let found = b.missing.get(key);
  if (found === undefined) {
    found = '';
    let at = b.dir;
    for (let i = 0; i < folders.length; i++) {
      at = path.join(at, folders[i]!);
      let st: nodeFs.Stats | undefined;
      try {
        st = b.fs.lstatSync(at, { throwIfNoEntry: false });
      } catch {
        break; // not missing: the write beside the destination reports what it is
      }
      if (st === undefined) {
        found = folders.slice(0, i + 1).join('/');
        break;
      }
    }
    b.missing.set(key, found);
  }
  return found;
}

/**
 * Everything up to the rename: the checks, the existing file, and the temporary file; the
 * outcome when the file is not to be written (or failed), else the file waiting for its rename.
 */
function prepare(b: Batch, file: WritableFile, dest: string, index: number): WriteOutcome | Pending {
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
  // a folder on the way is missing: nothing is below it, so the file is new
  const graft = opts.dryRun ? '' : missingFolder(b, folders);
  if (graft) return stageFile(b, { index, file, dest, tmp: '', folders, replace: false, graft });
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
  if (existing !== null && sameText(existing, file)) return { path: dest, status: 'unchanged' };
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

/** Creates the folders (checked again: the way may have changed), then writes the temporary file beside the file. */
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
    writeTemp(p.tmp, textOf(p.file), p.file.mode ?? 0o644, fs, b.inline);
    return p;
  } catch (err) {
    removeTemp(p.tmp, fs);
    return writeFailed(p.dest, codeOf(err));
  }
}

/** The staging tree of the batch, made on first use (mode 0700: only we write into it); null when it cannot be. */
function stageOf(b: Batch): string | null {
  if (b.stage === undefined) {
    sweepStaleStages(b.dir, b.fs);
    const stage = stagePathIn(b.dir);
    try {
      b.fs.mkdirSync(stage, 0o700);
      b.stage = stage;
    } catch {
      b.stage = null;
    }
  }
  return b.stage;
}

/** Writes a new file at its place in the staging tree (beside its destination when the tree cannot take it). */
function stageFile(b: Batch, p: Pending): WriteOutcome | Pending {
  const { dir, fs } = b;
  const outError = makeOut(b);
  if (outError) return failed(p.dest, blockedDiagnostic(p.dest, { kind: 'error', at: dir, code: outError }, dir));
  const beside = (): WriteOutcome | Pending => {
    const { graft: _graft, ...rest } = p;
    return writeTemporary(b, { ...rest, tmp: tempPathFor(p.dest) });
  };
  const stage = stageOf(b);
  if (stage === null) return beside();
  const key = p.folders.join('/');
  if (!b.staged.has(key)) {
    if (checkFolders(stage, p.folders, true, fs)) return beside();
    b.staged.add(key);
  }
  const tmp = path.join(stage, p.file.name);
  try {
    writeTemp(tmp, textOf(p.file), p.file.mode ?? 0o644, fs, b.inline);
    return { ...p, tmp };
  } catch (err) {
    removeTemp(tmp, fs);
    return writeFailed(p.dest, codeOf(err));
  }
}

/**
 * Puts the pending files in place: syncs them (unless each was synced as written), checks their
 * folders once more (the way may have changed meanwhile), and renames each in order (a staged
 * file with its folder).
 */
function commitPending(b: Batch): void {
  const { pending, fs } = b;
  if (!pending.length) return;
  const unsynced = b.inline ? new Map<Pending, string>() : syncPending(b);
  // a file that did not reach the disk goes first, before its folder is renamed into place with it
  for (const [p, code] of unsynced) {
    removeTemp(p.tmp, fs);
    b.outcomes[p.index] = writeFailed(p.dest, code);
  }
  const ways = new Map<string, Blocked | null>();
  const grafts = new Map<string, boolean>();
  for (const p of pending) {
    if (unsynced.has(p)) continue;
    if (p.graft !== undefined) {
      b.outcomes[p.index] = commitStaged(b, p, grafts);
      continue;
    }
    const key = p.folders.join('/');
    if (!ways.has(key)) ways.set(key, checkFolders(b.dir, p.folders, false, fs));
    const way = ways.get(key);
    if (way) {
      removeTemp(p.tmp, fs);
      b.outcomes[p.index] = failed(p.dest, blockedDiagnostic(p.dest, way, b.dir));
    } else b.outcomes[p.index] = commit(b, p);
  }
  b.pending = [];
  b.dests.clear();
  // what exists has changed: later files of the batch find the folders put in place
  b.missing.clear();
  removeStage(b);
}

/** Syncs the pending files: one syncfs for them all, else one by one; the errno of each that failed. */
function syncPending(b: Batch): Map<Pending, string> {
  const failures = new Map<Pending, string>();
  const folders = new Set(b.pending.map((p) => path.dirname(p.tmp)));
  if (b.real && syncFileSystems(folders)) return failures;
  for (const p of b.pending) {
    try {
      syncFile(p.tmp, b.fs);
    } catch (err) {
      failures.set(p, codeOf(err));
    }
  }
  return failures;
}

/** Puts a staged file in place: with its folder, renamed whole the first time; else on its own. */
function commitStaged(b: Batch, p: Pending, grafts: Map<string, boolean>): WriteOutcome {
  const graft = p.graft!;
  let whole = grafts.get(graft);
  if (whole === undefined) grafts.set(graft, (whole = graftInPlace(b, graft)));
  if (whole) return { path: p.dest, status: 'written' };
  // the folder could not go in place whole: this file on its own, like one written beside its destination
  const blocked = checkFolders(b.dir, p.folders, true, b.fs);
  if (blocked) {
    removeTemp(p.tmp, b.fs);
    return failed(p.dest, blockedDiagnostic(p.dest, blocked, b.dir));
  }
  return commit(b, p); // a staged file is new: linked, never over a file that appeared meanwhile
}

/**
 * Renames a staged folder into place when the way to it still holds no link and nothing took its
 * place (rename(2) replaces no folder that has entries); whether it did.
 */
function graftInPlace(b: Batch, graft: string): boolean {
  const parts = graft.split('/');
  if (!b.stage || checkFolders(b.dir, parts.slice(0, -1), false, b.fs)) return false;
  try {
    b.fs.renameSync(path.join(b.stage, graft), path.join(b.dir, graft));
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the staging tree (what was renamed out of it is no longer in it), if there is one: as an
 * empty folder, as it is once its folders are in place; else whole (rmSync's recursive removal
 * costs a module of Node's to load and a walk: a millisecond for a one-job run).
 */
function removeStage(b: Batch): void {
  if (!b.stage) return;
  try {
    b.fs.rmdirSync(b.stage);
  } catch {
    try {
      b.fs.rmSync(b.stage, { recursive: true, force: true }); // removes links, never follows them
    } catch {
      // left for the next run's sweep
    }
  }
  b.stage = undefined;
  b.staged.clear();
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
