/**
 * Temporary files: each file is written as `.NAME.tmp-PID-N` beside its destination, then renamed
 * into place; files of folders that do not exist yet go into a staging tree `.u2s-stage-PID-N` in
 * --out, whose folders are renamed into place. A run removes its own on every path out; a run
 * killed outright (SIGKILL, a crash) cannot, so the next run writing into that folder removes the
 * leftovers of runs whose process is gone, and leaves those of live processes (a concurrent run) alone.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** The file-system calls of the sweep. */
export type SweepFs = Pick<typeof nodeFs, 'readdirSync' | 'lstatSync' | 'unlinkSync' | 'rmSync'>;

/** A temporary file's name: the destination's, hidden, with the writing process and a counter. */
const TEMP_NAME = /^\..+\.tmp-(\d+)-(\d+)$/;

/** A staging tree's name: hidden, with the writing process and a counter. */
const STAGE_NAME = /^\.u2s-stage-(\d+)-(\d+)$/;

let counter = 0;

/** Folders swept by this process: once each is enough (our own temporary files never outlive a write). */
const swept = new Set<string>();

/** A fresh temporary path for `dest` in the same folder (same file system, so the rename is atomic). */
export function tempPathFor(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${++counter}`);
}

/** A fresh staging tree in `out` (the same file system as the folders renamed out of it). */
export function stagePathIn(out: string): string {
  return path.join(out, `.u2s-stage-${process.pid}-${++counter}`);
}

/**
 * Removes from `folder` (once per process, folder and kind) the entries whose name `pattern` matches
 * and whose writing process (the pattern's first group) is gone; `remove` removes one, or returns
 * false to leave it. Those of live processes, ours included, are left alone. Returns the names removed.
 */
function sweepDead(
  folder: string,
  kind: string,
  pattern: RegExp,
  alive: (pid: number) => boolean,
  fs: SweepFs,
  remove: (p: string) => boolean,
): string[] {
  const key = `${kind}:${path.resolve(folder)}`;
  if (swept.has(key)) return [];
  swept.add(key);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    if (!m || pid === process.pid || !Number.isSafeInteger(pid) || pid <= 0 || alive(pid)) continue;
    try {
      if (remove(path.join(folder, name))) removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/**
 * Removes the staging trees of dead runs from `out` (once per process and folder), never following
 * a link; returns their names. Those of live processes, ours included, are left alone.
 */
export function sweepStaleStages(
  out: string,
  fs: SweepFs = nodeFs,
  alive: (pid: number) => boolean = processAlive,
): string[] {
  return sweepDead(out, 'stage', STAGE_NAME, alive, fs, (p) => {
    fs.rmSync(p, { recursive: true, force: true }); // removes links, never follows them
    return true;
  });
}

/** Whether a process exists (signal 0 probes without sending): EPERM means it does, ESRCH that it is gone. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files of dead runs from `folder` (once per process and folder); returns
 * their names. Our own PID is left alone too: its files are a write in progress in this process.
 */
export function sweepStaleTemps(
  folder: string,
  fs: SweepFs = nodeFs,
  alive: (pid: number) => boolean = processAlive,
): string[] {
  return sweepDead(folder, 'temp', TEMP_NAME, alive, fs, (p) => {
    if (fs.lstatSync(p).isDirectory()) return false; // never ours: we only create files
    fs.unlinkSync(p); // a symlink is removed itself, never followed
    return true;
  });
}

/** Forgets which folders were swept (for tests that reuse a folder path). */
export function resetSweeps(): void {
  swept.clear();
}
