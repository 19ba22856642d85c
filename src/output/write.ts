/**
 * Writing generated files safely: only below --out and never through a symlink (src/output/paths.ts);
 * each file goes to a temporary file opened with O_EXCL|O_NOFOLLOW in the same folder and is
 * renamed into place (atomic on POSIX); an existing file is never replaced without --force, one
 * identical to ours is "unchanged" whoever wrote it, and a dry run touches nothing. Failures are
 * diagnostics naming their cause, never exceptions.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { type Blocked, checkFile, checkFolders, codeOf, describeWriteError, outputParts } from './paths';
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

/** Writes all of `content` to a new temporary file (never an existing file, never through a symlink). */
function writeTemp(tmp: string, content: string, mode: number, fs: typeof nodeFs): void {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = nodeFs.constants;
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fchmodSync(fd, mode); // the umask narrowed the mode given to open
    fs.fsyncSync(fd); // the rename must never expose a file whose bytes are not on disk yet
  } finally {
    fs.closeSync(fd);
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
    try {
      fs.unlinkSync(tmp); // after a rename it is gone already (ENOENT)
    } catch {
      // the temporary file is already gone
    }
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

/** Writes one output file under `dir` according to the options; reports instead of throwing. */
export function writeOutput(
  dir: string,
  file: OutputFile,
  opts: WriteOptions,
  fs: typeof nodeFs = nodeFs,
): WriteOutcome {
  const dest = path.join(dir, file.name);
  const parts = outputParts(file.name);
  if (!parts)
    return failed(
      dest,
      diagnostic('output/outside-out', { file: dest }, `"${file.name}" is not a path inside --out; not written`),
    );
  const folders = parts.slice(0, -1);
  const before = checkFolders(dir, folders, false, fs);
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
  return writeInPlace(dir, folders, dest, file, existing !== null, fs);
}

/** Creates the folders (checked again: the way may have changed), then writes. */
function writeInPlace(
  dir: string,
  folders: readonly string[],
  dest: string,
  file: OutputFile,
  replace: boolean,
  fs: typeof nodeFs,
): WriteOutcome {
  try {
    fs.mkdirSync(dir, { recursive: true }); // --out itself was named by the user
  } catch (err) {
    return failed(dest, blockedDiagnostic(dest, { kind: 'error', at: dir, code: codeOf(err) }, dir));
  }
  const blocked = checkFolders(dir, folders, true, fs);
  if (blocked) return failed(dest, blockedDiagnostic(dest, blocked, dir));
  try {
    writeAtomic(dest, file.content, file.mode ?? 0o644, replace, fs);
    return { path: dest, status: 'written' };
  } catch (err) {
    const code = codeOf(err);
    if (code === 'EEXIST' && !replace) {
      const now = checkFile(dest, fs);
      if ('blocked' in now) return failed(dest, blockedDiagnostic(dest, now.blocked, dir));
      return existingOutcome(dest, file, { out: dir, fs }, true);
    }
    return failed(
      dest,
      diagnostic('output/write-failed', { file: dest }, `cannot be written: ${describeWriteError(code)}`),
    );
  }
}
