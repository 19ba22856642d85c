/**
 * What a conversion needs besides the job: the target systemd, how to emit scripts, the other
 * jobs of the batch (for cross-job facts such as emitters and consumers of events) and read-only
 * access to files under --root.
 */
import type { HostFacts } from '../model/host';
import { resolveUnder } from '../read/rooted';
import { type RootTree, type TreeStats, diskTree } from '../read/tree';
import type { Target } from '../systemd/target';
import type { UpstartJob } from '../upstart/job';

/** Read access to the converted host's file system (under --root), for decisions that need files. */
export interface RootFs {
  /** The text of a file on the host (path as the host sees it), or null when absent/unreadable. */
  readText(hostPath: string): string | null;
  /**
   * True when an executable regular file exists at the host path: in the root's files, or (when
   * the file is not among them) in the programs `collect` found on the host.
   */
  isExecutable(hostPath: string): boolean;
  /** Whether a root was given at all (without one, host files are unknown rather than absent). */
  known: boolean;
}

/**
 * A RootFs over a copy of the host's root (or `/` itself) in `tree` (a folder on disk, or a
 * tarball read into memory); symlinks never lead out of it. `host` adds the programs `collect`
 * recorded, for files the copy does not hold.
 */
export function rootFs(root: string | undefined, tree: RootTree = diskTree, host?: HostFacts): RootFs {
  if (root === undefined) return { readText: () => null, isExecutable: () => false, known: false };
  const programs = new Set(host?.programs ?? []);
  /** The regular file at a host path under the root, or null (absent, not a file, or leading outside the root). */
  const file = (p: string): { local: string; stats: TreeStats } | null => {
    const r = resolveUnder(root, p, {}, tree);
    return r.kind === 'found' && r.stats.isFile() ? r : null;
  };
  return {
    known: true,
    readText(p) {
      const f = file(p);
      if (!f || f.stats.size > 1024 * 1024) return null;
      try {
        return tree.readFileNoFollow(f.local).toString('utf8');
      } catch {
        return null;
      }
    },
    isExecutable(p) {
      const r = resolveUnder(root, p, {}, tree);
      if (r.kind === 'found') return r.stats.isFile() && (r.stats.mode & 0o111) !== 0;
      return programs.has(p);
    },
  };
}

/**
 * How commands that need a shell script are emitted: `inline` as `/bin/sh -e -c TEXT`, `files` as a
 * helper script for every multi-line one, `auto` (the CLI's default) inline for a one-line script
 * whose command stays short, else a helper script (commands.ts, `scriptAsFile`).
 */
export type ScriptMode = 'inline' | 'files' | 'auto';

/** What a job of the batch shows the other jobs' conversions: its name and whether it is an instance job. */
export type BatchJob = Pick<UpstartJob, 'name' | 'instance' | 'task' | 'manual' | 'expect' | 'start_on' | 'stop_on'>;

/** Everything a conversion may consult. */
export interface ConvertContext {
  /** The release the units are for: every version question is asked of it (supports()). */
  target: Target;
  scripts: ScriptMode;
  /** Where helper scripts are installed on the target host. */
  scriptDir: string;
  /**
   * All jobs of the batch, by name (including this one): what other jobs read of a job — its name,
   * `instance`, whether it is a task, manual or forks, its start on / stop on (whether it is ordered
   * around another job) — with their events indexed once per batch (event-batch.ts), so parsed jobs need not stay.
   */
  batch: ReadonlyMap<string, BatchJob>;
  root: RootFs;
  /** What `collect` recorded about the host (users, groups, packages…), when the root holds it. */
  host?: HostFacts;
  /** Paths of the job's files as the host sees them (for header comments). */
  hostPath(file: string): string;
}
