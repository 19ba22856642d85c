/**
 * Getting the bytes of many temporary files onto the disk before they are renamed into place.
 * One fsync per file costs a journal commit each (about 3 ms on ext4: 30 s for 10,000 units);
 * one syncfs(2) per file system, through `sync --file-system` (coreutils, busybox), flushes them
 * all at once. Where that is not available (not Linux, no sync program, it failed), each file is
 * synced on its own, as a single write does.
 */
import type * as ChildProcess from 'node:child_process';
import * as nodeFs from 'node:fs';

/** From how many files one syncfs is cheaper than a sync per file (a process start against a few commits). */
export const SYNCFS_MIN = 8;

/** node:child_process, required when a batch is synced at once: a small batch never is (docs/performance.md). */
function childProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return require('node:child_process') as typeof ChildProcess;
}

/** Where `sync` lives (absolute: never whatever a PATH would find). */
const SYNC_PROGRAMS = ['/bin/sync', '/usr/bin/sync'];

/** The `sync` program, or undefined when there is none or syncfs(2) is not what it does (not Linux). */
function syncProgram(fs: Pick<typeof nodeFs, 'existsSync'>): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return SYNC_PROGRAMS.find((p) => fs.existsSync(p));
}

/**
 * Flushes the file systems holding `folders` (one folder per device is enough) with syncfs(2);
 * whether it succeeded. An old `sync` without --file-system flushes every file system, which
 * serves as well.
 */
export function syncFileSystems(folders: Iterable<string>, fs: typeof nodeFs = nodeFs): boolean {
  const program = syncProgram(fs);
  if (!program) return false;
  const byDevice = new Map<number, string>();
  try {
    for (const f of folders) {
      const dev = fs.statSync(f).dev;
      if (!byDevice.has(dev)) byDevice.set(dev, f);
    }
  } catch {
    return false;
  }
  if (byDevice.size === 0) return true;
  const r = childProcess().spawnSync(program, ['-f', '--', ...byDevice.values()], { stdio: 'ignore' });
  return r.status === 0 && !r.error;
}

/** Syncs one file by its path (opened read-only, never through a symlink). */
export function syncFile(p: string, fs: typeof nodeFs = nodeFs): void {
  const fd = fs.openSync(p, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NOFOLLOW);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
