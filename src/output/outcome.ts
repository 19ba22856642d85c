/**
 * What a write says when it does not write: the file is in the way of a symlink, not a folder, an
 * existing file that differs (with how to review it), or an errno in words.
 */
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { readNoFollow, sameText } from './files';
import { type Blocked, describeWriteError } from './paths';
import type { WritableFile, WriteOutcome } from './types';

/** The outcome for a write refused or failed, with its diagnostic. */
export function failed(dest: string, d: Diagnostic, status: 'failed' | 'exists' = 'failed'): WriteOutcome {
  return { path: dest, status, diagnostic: d };
}

/** The diagnostic for what blocks a path below --out: a symlink is never followed, nor replaced. */
export function blockedDiagnostic(dest: string, b: Blocked, out: string): Diagnostic {
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
export function existingOutcome(
  dest: string,
  file: WritableFile,
  where: { out: string; fs: typeof nodeFs },
  raced: boolean,
): WriteOutcome {
  try {
    if (sameText(readNoFollow(dest, where.fs), file)) return { path: dest, status: 'unchanged' };
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

/** The outcome of a file that could not be written, naming the errno. */
export function writeFailed(dest: string, code: string): WriteOutcome {
  return failed(
    dest,
    diagnostic('output/write-failed', { file: dest }, `cannot be written: ${describeWriteError(code)}`),
  );
}
