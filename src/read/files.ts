/**
 * Reading input files defensively: anything that is not a readable, reasonably sized regular file
 * becomes one diagnostic naming the file and the problem, never an exception. The bytes are read
 * as Upstart reads them: a NUL byte is kept for the parser (which reads past it, as libnih does),
 * and bytes that are not UTF-8 are read as Latin-1, each with a warning.
 */
import * as nodeFs from 'node:fs';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { RuleId } from '../diagnostics/rules';
import type { TreeStats } from './tree';

/** The file-system calls the reader needs; injectable so tests can simulate failures root can't hit. */
export interface ReadFs {
  statSync(path: string): TreeStats;
  readFileSync(path: string): Buffer;
}

/** Jobs are a few kilobytes; anything over this is not a job file (and is not read into memory). */
export const MAX_JOB_BYTES = 1024 * 1024;

/** A text file that was read successfully. */
export interface TextFile {
  path: string;
  text: string;
}

/**
 * Either the file's text (with `notes`: warnings on how its bytes were read, when there are any)
 * or the single diagnostic explaining why it could not be used.
 */
export type ReadResult = { ok: true; file: TextFile; notes?: Diagnostic[] } | { ok: false; diagnostic: Diagnostic };

/** Explains an errno from stat/read in words an operator recognises. */
export function describeFsError(err: unknown): { ruleId: RuleId; message: string } {
  const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
  switch (code) {
    case 'ENOENT':
      return { ruleId: 'input/not-found', message: 'no such file or directory (or a dangling symlink)' };
    case 'ELOOP':
      return { ruleId: 'input/symlink-loop', message: 'symlink loop: the link points back to itself' };
    case 'EACCES':
    case 'EPERM':
      return { ruleId: 'input/unreadable', message: `permission denied (${code})` };
    case 'ENOTDIR':
      return { ruleId: 'input/not-found', message: 'a component of the path is not a directory' };
    case 'EOUTSIDEROOT': {
      const { link, target } = err as { link: string; target: string };
      return { ruleId: 'input/outside-root', message: `leads outside --root (${link} points to ${target}); not read` };
    }
    case 'EISDIR':
      return { ruleId: 'input/is-directory', message: 'is a directory, not a job file' };
    default:
      return { ruleId: 'input/unreadable', message: `cannot be read (${code})` };
  }
}

/** Finds the 1-based line and column of a byte offset. */
function lineColOfByte(buf: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = buf.subarray(lineStart, offset).toString('utf8').length + 1;
  return { line, column };
}

/** Finds the first byte where a buffer stops being valid UTF-8, or -1 when it all is. */
export function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The result of a file that cannot be used. */
function refused(diagnostic: Diagnostic): ReadResult {
  return { ok: false, diagnostic };
}

/** Reads a job or override file, or says in one diagnostic why it can't be used. */
export function readTextFile(path: string, fs: ReadFs = nodeFs, maxBytes = MAX_JOB_BYTES): ReadResult {
  const at = { file: path };
  let st: TreeStats;
  try {
    st = fs.statSync(path);
  } catch (err) {
    const { ruleId, message } = describeFsError(err);
    return refused(diagnostic(ruleId, at, message));
  }
  const notAFile = notAJobFile(st, path, maxBytes);
  if (notAFile) return refused(notAFile);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path);
  } catch (err) {
    const { ruleId, message } = describeFsError(err);
    return refused(diagnostic(ruleId, at, message));
  }
  const { text, notes } = jobText(buf, path);
  return notes.length ? { ok: true, file: { path, text }, notes } : { ok: true, file: { path, text } };
}

/**
 * The text of a job's bytes: UTF-8 where they are UTF-8, and each byte that is not read as the
 * Latin-1 character of the same number (U+0080..U+00FF), so no byte is lost or replaced and the
 * unit is written in UTF-8. Never a line break or NUL that was not a byte of the file.
 */
export function decodeJobBytes(buf: Buffer): string {
  let bad = firstInvalidUtf8(buf);
  if (bad < 0) return buf.toString('utf8');
  const parts: string[] = [];
  let i = 0;
  while (bad >= 0) {
    parts.push(buf.subarray(i, i + bad).toString('utf8'), String.fromCharCode(buf[i + bad]!));
    i += bad + 1;
    bad = firstInvalidUtf8(buf.subarray(i));
  }
  parts.push(buf.subarray(i).toString('utf8'));
  return parts.join('');
}

/** Why a path is no job file by its stat alone (directory, device, far too large), before reading a byte. */
function notAJobFile(st: TreeStats, path: string, maxBytes: number): Diagnostic | undefined {
  const at = { file: path };
  if (st.isDirectory())
    return diagnostic(
      'input/is-directory',
      at,
      'is a directory, not a job file',
      'pass the directory itself to parse every job in it',
    );
  if (!st.isFile())
    return diagnostic(
      'input/not-regular',
      at,
      'is not a regular file (device, FIFO or socket); Upstart only loads regular files',
    );
  if (st.size > maxBytes) {
    const mb = (st.size / 1024 / 1024).toFixed(1);
    return diagnostic(
      'input/too-large',
      at,
      `is ${mb} MiB; a job file over ${maxBytes / 1024 / 1024} MiB is not a job file`,
      'check that the path is right; nothing was read',
    );
  }
  return undefined;
}

/** The text of a job file and a warning for each way its bytes differ from plain UTF-8 text (a NUL, not UTF-8). */
function jobText(buf: Buffer, path: string): { text: string; notes: Diagnostic[] } {
  const notes: Diagnostic[] = [];
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    notes.push(
      diagnostic(
        'input/nul-byte',
        { file: path, ...lineColOfByte(buf, nul) },
        `contains a NUL byte at byte ${nul}: Upstart reads past it as a blank that ends the word or line it is ` +
          'in (and cuts a quoted value or script line there), and so does the conversion',
        'remove the NUL bytes; check that the file is the job you meant',
      ),
    );
  }
  const bad = firstInvalidUtf8(buf);
  if (bad < 0) return { text: buf.toString('utf8'), notes };
  const byte = buf[bad]!;
  notes.push(
    diagnostic(
      'input/not-utf8',
      { file: path, ...lineColOfByte(buf, bad) },
      `is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at byte ${bad}): Upstart reads raw bytes; ` +
        `bytes that are not UTF-8 are read as Latin-1 (this one as "${String.fromCharCode(byte)}") ` +
        'and written to the unit in UTF-8',
      'a path, user or command holding such a byte is now spelled in UTF-8: if the bytes name files, ' +
        're-encode the job (iconv -f latin1 -t utf-8) or check the unit',
    ),
  );
  return { text: decodeJobBytes(buf), notes };
}
