/**
 * What a conversion needs besides the job: the target systemd, how to emit scripts, the other
 * jobs of the batch (for cross-job facts such as emitters and consumers of events) and read-only
 * access to files under --root.
 */
import type * as nodeFs from 'node:fs';
import { readNoFollow, resolveUnder } from '../read/rooted';
import type { Target } from '../systemd/target';
import type { UpstartJob } from '../upstart/job';

/** Read access to the converted host's file system (under --root), for decisions that need files. */
export interface RootFs {
  /** The text of a file on the host (path as the host sees it), or null when absent/unreadable. */
  readText(hostPath: string): string | null;
  /** True when an executable regular file exists at the host path. */
  isExecutable(hostPath: string): boolean;
  /** Whether a root was given at all (without one, host files are unknown rather than absent). */
  known: boolean;
}

/** A RootFs over a directory holding a copy of the host's root (or `/` itself); symlinks never lead out of it. */
export function rootFs(root: string | undefined): RootFs {
  if (root === undefined) return { readText: () => null, isExecutable: () => false, known: false };
  /** The regular file at a host path under the root, or null (absent, not a file, or leading outside the root). */
  const file = (p: string): { local: string; stats: nodeFs.Stats } | null => {
    const r = resolveUnder(root, p);
    return r.kind === 'found' && r.stats.isFile() ? r : null;
  };
  return {
    known: true,
    readText(p) {
      const f = file(p);
      if (!f || f.stats.size > 1024 * 1024) return null;
      try {
        return readNoFollow(f.local).toString('utf8');
      } catch {
        return null;
      }
    },
    isExecutable(p) {
      return ((file(p)?.stats.mode ?? 0) & 0o111) !== 0;
    },
  };
}

/** How commands that need a shell script are emitted. */
export type ScriptMode = 'inline' | 'files';

/** Everything a conversion may consult. */
export interface ConvertContext {
  /** The release the units are for: every version question is asked of it (supports()). */
  target: Target;
  scripts: ScriptMode;
  /** Where helper scripts are installed on the target host. */
  scriptDir: string;
  /** All jobs of the batch, by name (including this one). */
  batch: ReadonlyMap<string, UpstartJob>;
  root: RootFs;
  /** Paths of the job's files as the host sees them (for header comments). */
  hostPath(file: string): string;
}
