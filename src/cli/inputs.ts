/**
 * Input of the wrong shape, caught before any job is read: a PATH that does not exist, a --root
 * with no etc/init, an --out that is a file. Each is one usage error (exit 2) naming the option,
 * instead of a per-job failure that reads as if Upstart had rejected a job.
 */
import { lstatSync, statSync } from 'node:fs';
import { visible } from '../diagnostics/diagnostic';
import { type HostRoot, resolveUnder } from '../pipeline';

/** The first PATH argument that is not there (a dangling symlink counts as not there), as a usage error. */
export function missingPath(paths: readonly string[]): string | undefined {
  const missing = paths.find((p) => {
    try {
      statSync(p);
      return false;
    } catch {
      return true;
    }
  });
  if (missing === undefined) return undefined;
  const dangling = isLink(missing) ? ' (a symlink to nothing)' : '';
  return `${visible(missing)}: no such file or directory${dangling}`;
}

/** Whether a path is a symlink (itself, not what it names). */
function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Why an opened --root cannot be converted without PATHs: it has no etc/init folder. */
export function rootWithoutJobs(root: HostRoot): string | undefined {
  const r = resolveUnder(root.path, '/etc/init', {}, root.tree);
  if (r.kind === 'found' && r.stats.isDirectory()) return undefined;
  const what = root.kind === 'tarball' ? 'the tarball' : 'the folder';
  return (
    `--root ${visible(root.path)}: ${what} has no etc/init folder ` +
    "(expected a copy of a host's root, or the tarball `collect` writes)"
  );
}

/** Why --out cannot be written to: it exists and is not a folder. */
export function outNotFolder(out: string | undefined): string | undefined {
  if (out === undefined) return undefined;
  try {
    if (statSync(out).isDirectory()) return undefined;
    return `--out ${visible(out)}: not a folder (give a folder to write the units into; it is made when missing)`;
  } catch {
    return undefined; // missing: made by the writer
  }
}

/**
 * Why --check cannot take --out: it writes nothing and compares with what is in effect under
 * --root (or --against), so an --out folder would be silently ignored. Names what does what the
 * operator may have meant.
 */
export function checkWithOut(out: string | undefined): string | undefined {
  if (out === undefined) return undefined;
  const dir = visible(out);
  return (
    `--check and --out ${dir} do not go together: --check writes nothing and compares with the units ` +
    `in effect under --root (or --against DIR), never with --out. Drop --out; to compare with the units ` +
    `in ${dir}, give --against ${dir} --check; to see what writing there would change, --out ${dir} --dry-run`
  );
}
