/**
 * Finding jobs: walks job directories the way Upstart's conf sources do (recursively, sorted,
 * `.conf` jobs with `.override` files beside them) and pairs explicitly named files. Everything
 * odd on the way (loops, non-files, orphan overrides) is reported, never fatal.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { Diagnostics } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { fileKind, isIgnoredDir, jobNameFromPath } from '../upstart/names';
import { describeFsError } from './files';
import type { TreeStats } from './tree';

/** One job to load: its name, its `.conf`, and the override Upstart would apply to it. */
export interface JobSource {
  name: string;
  conf: string;
  override?: string;
}

/** The jobs found under some paths, and what was noticed while looking. */
export interface Discovery {
  jobs: JobSource[];
  diagnostics: Diagnostic[];
}

/** The file-system calls discovery needs. */
export interface DiscoverFs {
  statSync(p: string): TreeStats;
  lstatSync(p: string): TreeStats;
  readdirSync(p: string): string[];
}

/** True when `p` is a regular file by lstat (Upstart looks overrides up with lstat: no symlinks). */
function isPlainFile(fs: DiscoverFs, p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}

/** The job name for an explicitly named file: relative to an enclosing `init` directory, else its base name. */
export function nameForFile(file: string): string {
  const abs = path.resolve(file);
  const parts = abs.split('/');
  const idx = parts.lastIndexOf('init', parts.length - 2);
  if (idx >= 0) return jobNameFromPath(parts.slice(0, idx + 1).join('/'), abs);
  return jobNameFromPath(path.dirname(abs), abs);
}

/** The state of one directory walk: what was visited, and the job files found so far. */
interface Walk {
  root: string;
  fs: DiscoverFs;
  diags: Diagnostics;
  /** `dev:ino` of each directory walked, so a symlink loop is walked once. */
  seen: Set<string>;
  confs: string[];
  overrides: Set<string>;
}

/** Walks one job directory recursively in sorted order, as Upstart's directory source does. */
function walkDir(root: string, fs: DiscoverFs, jobs: JobSource[], diags: Diagnostics): void {
  const walk: Walk = { root, fs, diags, seen: new Set(), confs: [], overrides: new Set() };
  visitDir(walk, root);
  const { confs, overrides } = walk;
  for (const conf of confs) {
    const override = conf.replace(/\.conf$/, '.override');
    const job: JobSource = { name: jobNameFromPath(root, conf), conf };
    if (overrides.delete(override) && isPlainFile(fs, override)) job.override = override;
    jobs.push(job);
  }
  for (const orphan of overrides) {
    diags.report('input/orphan-override', { file: orphan }, 'override without a matching .conf; Upstart ignores it');
  }
}

/** Reads one directory of the walk, once per directory (symlinks can loop), its entries in sorted order. */
function visitDir(walk: Walk, dir: string): void {
  const { fs, diags, seen } = walk;
  let st: TreeStats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    const { ruleId, message } = describeFsError(err);
    diags.report(ruleId, { file: dir }, `${message}; skipped`);
    return;
  }
  const id = `${st.dev}:${st.ino}`;
  if (seen.has(id)) {
    diags.report(
      'input/directory-loop',
      { file: dir },
      'directory symlink loops back to a directory already walked; skipped',
    );
    return;
  }
  seen.add(id);
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (err) {
    const { ruleId, message } = describeFsError(err);
    diags.report(ruleId, { file: dir }, `${message}; its jobs were not read`);
    return;
  }
  for (const name of names) visitEntry(walk, dir, name);
}

/** One directory entry: a sub-directory to walk, a job or override file to keep, or something Upstart skipped. */
function visitEntry(walk: Walk, dir: string, name: string): void {
  const { root, fs, diags } = walk;
  const p = path.join(dir, name);
  let entry: TreeStats;
  try {
    entry = fs.statSync(p);
  } catch (err) {
    // a link out of --root is reported whatever it is named: it may be a directory of jobs
    if (fileKind(name) || (err as NodeJS.ErrnoException).code === 'EOUTSIDEROOT') {
      const { ruleId, message } = describeFsError(err);
      diags.report(ruleId, { file: p }, message);
    }
    return;
  }
  if (entry.isDirectory()) {
    if (isIgnoredDir(name)) return;
    if (fileKind(name)) {
      diags.report(
        'input/directory-named-like-job',
        { file: p },
        'is a directory named like a job file; Upstart walks it as a sub-directory of jobs',
        `jobs inside are named ${jobNameFromPath(root, p)}/...`,
      );
    }
    visitDir(walk, p);
    return;
  }
  const kind = fileKind(name);
  if (!kind) return;
  if (!entry.isFile()) {
    diags.report('input/not-regular-skipped', { file: p }, 'is not a regular file; Upstart ignores it');
    return;
  }
  if (fs.lstatSync(p).isSymbolicLink()) {
    diags.report(
      'input/symlink',
      { file: p },
      'is a symlink; Upstart does not support symlinked job files ' +
        '(its directory walk follows them, its file watcher does not); followed',
    );
  }
  if (kind === 'conf') walk.confs.push(p);
  else walk.overrides.add(p);
}

/**
 * Resolves the paths given on a command line to jobs: directories are walked, `.conf` files taken
 * with the `.override` beside them (or the one named explicitly), lone `.override` files paired
 * with their `.conf`.
 */
export function discoverJobs(paths: readonly string[], fs: DiscoverFs = nodeFs): Discovery {
  const jobs: JobSource[] = [];
  const diags = new Diagnostics();
  const explicitOverrides = new Map<string, string>();
  const files: string[] = [];
  for (const p of paths) {
    let st: TreeStats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory() && !fileKind(path.basename(p))) {
      walkDir(p, fs, jobs, diags);
    } else if (fileKind(path.basename(p)) === 'override') {
      explicitOverrides.set(p.replace(/\.override$/, '.conf'), p);
    } else {
      files.push(p);
    }
  }
  const named = new Set(files);
  for (const conf of explicitOverrides.keys()) if (!named.has(conf)) files.push(conf);
  for (const conf of files) {
    const job: JobSource = { name: nameForFile(conf), conf };
    const override = explicitOverrides.get(conf) ?? conf.replace(/\.conf$/, '.override');
    if (override !== conf && (explicitOverrides.has(conf) || isPlainFile(fs, override))) job.override = override;
    jobs.push(job);
  }
  return { jobs, diagnostics: diags.diagnostics };
}
