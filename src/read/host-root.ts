/**
 * Opening --root: a folder holding a copy of the host's root, or a tarball of it (what
 * `upstart2systemd collect` writes: .tar.gz, .tgz or .tar) read into memory without extracting
 * it. Either way the result is a RootTree every reader goes through, plus the facts `collect`
 * recorded in the root's `upstart2systemd/` folder when there is one.
 */
import * as nodeFs from 'node:fs';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { HostFacts } from '../model/host';
import { readHostFacts } from './host-facts';
import { TAR_LIMITS, type TarLimits, readTar, tarBytes } from './tar';
import { tarballTree } from './tarball';
import { type RootTree, diskTree } from './tree';

/** A root ready to read: where it is, how its files are read, and what `collect` recorded there. */
export interface HostRoot {
  /** The path the user gave (a folder or a tarball); job paths are shown under it. */
  path: string;
  kind: 'folder' | 'tarball';
  tree: RootTree;
  /** The facts of the root's `upstart2systemd/` folder, when it has one. */
  host?: HostFacts;
  /** What opening noticed: members of the tarball skipped, metadata that could not be read. */
  diagnostics: Diagnostic[];
}

/** An opened root, or why the path cannot be one (a message to show after the option). */
export type OpenedRoot = { ok: true; root: HostRoot } | { ok: false; error: string };

/** The root with its facts read. */
function withFacts(path: string, kind: HostRoot['kind'], tree: RootTree, diagnostics: Diagnostic[]): HostRoot {
  const facts = readHostFacts(path, tree);
  return {
    path,
    kind,
    tree,
    ...(facts.host ? { host: facts.host } : {}),
    diagnostics: [...diagnostics, ...facts.diagnostics],
  };
}

/** A folder as a root, whether it exists or not (missing files are then simply missing), with its facts. */
export function folderRoot(p: string): HostRoot {
  return withFacts(p, 'folder', diskTree, []);
}

/** Opens a folder or a tarball as a root; a tarball is read whole into memory within `limits`. */
export function openRoot(p: string, limits: TarLimits = TAR_LIMITS): OpenedRoot {
  let st: nodeFs.Stats;
  try {
    st = nodeFs.statSync(p);
  } catch {
    return { ok: false, error: 'no such folder or tarball' };
  }
  if (st.isDirectory()) return { ok: true, root: folderRoot(p) };
  if (!st.isFile()) return { ok: false, error: 'is neither a folder nor a tarball' };
  if (st.size > limits.maxBytes)
    return { ok: false, error: `is larger than ${limits.maxBytes / 1024 / 1024} MiB (the limit for a root tarball)` };
  let raw: Buffer;
  try {
    raw = nodeFs.readFileSync(p);
  } catch (err) {
    return { ok: false, error: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'EIO'})` };
  }
  const bytes = tarBytes(raw, limits);
  if ('error' in bytes) return { ok: false, error: `${bytes.error}; not a root tarball` };
  const tar = readTar(bytes, limits);
  if (!tar.ok) {
    const notTar = /^is (not a tar archive|empty)/.test(tar.error);
    return {
      ok: false,
      error: notTar ? `${tar.error}; expected a folder or a tarball (.tar.gz, .tgz, .tar)` : tar.error,
    };
  }
  const { tree, diagnostics } = tarballTree(p, tar.members);
  return { ok: true, root: withFacts(p, 'tarball', tree, diagnostics) };
}
