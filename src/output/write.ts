/**
 * Writing generated files safely: each file goes to a temporary file in the same directory and is
 * renamed into place (atomic on POSIX), an existing file is never replaced without --force, and a
 * dry run touches nothing. Failures are diagnostics, never exceptions.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';

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

let counter = 0;

/** Writes `content` to `dest` through a temporary file and a rename (never a half-written file). */
export function writeAtomic(
  dest: string,
  content: string,
  mode = 0o644,
  replace = true,
  fs: typeof nodeFs = nodeFs,
): void {
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${++counter}`);
  try {
    fs.writeFileSync(tmp, content, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode);
    if (replace) fs.renameSync(tmp, dest);
    else fs.linkSync(tmp, dest); // fails with EEXIST instead of replacing a file created meanwhile
  } finally {
    try {
      if (!replace || fs.existsSync(tmp)) fs.unlinkSync(tmp);
    } catch {
      // the temporary file is already gone
    }
  }
}

/** Writes one output file under `dir` according to the options; reports instead of throwing. */
export function writeOutput(
  dir: string,
  file: OutputFile,
  opts: WriteOptions,
  fs: typeof nodeFs = nodeFs,
): WriteOutcome {
  const dest = path.join(dir, file.name);
  let existing: string | null = null;
  try {
    existing = fs.readFileSync(dest, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      return {
        path: dest,
        status: 'failed',
        diagnostic: diagnostic('output/write-failed', { file: dest }, `cannot read the existing file (${code})`),
      };
    }
  }
  if (existing === file.content) return { path: dest, status: 'unchanged' };
  if (existing !== null && !opts.force) {
    return {
      path: dest,
      status: 'exists',
      diagnostic: diagnostic(
        'output/exists',
        { file: dest },
        'exists and differs from the generated file; not overwritten',
        'review it (convert --diff), then use --force to replace it',
      ),
    };
  }
  if (opts.dryRun) return { path: dest, status: 'would-write' };
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    writeAtomic(dest, file.content, file.mode ?? 0o644, existing !== null, fs);
    return { path: dest, status: 'written' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    const message =
      code === 'EEXIST' ? 'was created by someone else while writing; not overwritten' : `cannot be written (${code})`;
    return {
      path: dest,
      status: 'failed',
      diagnostic: diagnostic(code === 'EEXIST' ? 'output/exists' : 'output/write-failed', { file: dest }, message),
    };
  }
}
