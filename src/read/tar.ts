/**
 * Reading a tar archive in memory, never extracting it: ustar and old GNU/v7 headers, pax
 * extended headers (path, linkpath, size), GNU long names and long link names, base-256 sizes.
 * A gzip stream is decompressed first. Sizes are capped (the decompressed archive, each member,
 * the number of members) so a hostile archive cannot exhaust memory; a broken one is a clear
 * error, never an exception.
 */
import type * as Zlib from 'node:zlib';

/** node:zlib, required on the first gzip archive: most runs read none (docs/performance.md, "Start-up"). */
function zlib(): typeof Zlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return require('node:zlib') as typeof Zlib;
}

/** What one member is, after its pax or GNU long-name headers are applied. */
export type TarMemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One member of an archive: its name as written (not normalised), its type, mode, target and bytes. */
export interface TarMember {
  name: string;
  type: TarMemberType;
  /** Permission bits (07777). */
  mode: number;
  /** A symlink's target or the member a hard link names. */
  linkname: string;
  /** A file's bytes (a view into the archive); empty for the other types. */
  data: Buffer;
}

/** How much of an archive is read at most. */
export interface TarLimits {
  /** The archive itself, decompressed (and the file on disk). */
  maxBytes: number;
  /** One member's content. */
  maxFileBytes: number;
  /** Members, counting directories and links. */
  maxMembers: number;
}

/** The limits `convert --root HOST.tar.gz` uses: far above a tarball of `collect`, far below memory. */
export const TAR_LIMITS: TarLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxFileBytes: 16 * 1024 * 1024,
  maxMembers: 200_000,
};

/** The members of an archive, or why it cannot be read. */
export type TarResult = { ok: true; members: TarMember[] } | { ok: false; error: string };

/** A problem that ends reading the archive (caught at the boundary and returned as an error). */
class TarError extends Error {}

const BLOCK = 512;

/** Mebibytes, for messages. */
function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 3 : 1)} MiB`;
}

/**
 * The archive's tar bytes: a gzip stream decompressed (capped at limits.maxBytes), plain tar as
 * it is; other compressions are named in the error.
 */
export function tarBytes(raw: Buffer, limits: TarLimits = TAR_LIMITS): Buffer | { error: string } {
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return zlib().gunzipSync(raw, { maxOutputLength: limits.maxBytes });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        return { error: `decompresses to more than ${mib(limits.maxBytes)} (the limit for a root tarball)` };
      return { error: `is not a valid gzip stream (${(err as Error).message})` };
    }
  }
  const magics: Array<[string, number[]]> = [
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ['bzip2', [0x42, 0x5a, 0x68]],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
  ];
  const other = magics.find(([, m]) => m.every((b, i) => raw[i] === b));
  if (other) return { error: `is compressed with ${other[0]}; give a .tar.gz (gzip) or a plain .tar` };
  return raw;
}

/** Reads every member of a tar archive (already decompressed). */
export function readTar(buf: Buffer, limits: TarLimits = TAR_LIMITS): TarResult {
  try {
    return { ok: true, members: members(buf, limits) };
  } catch (err) {
    if (err instanceof TarError) return { ok: false, error: err.message };
    throw err;
  }
}

/** A NUL-terminated text field. */
function text(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const nul = field.indexOf(0);
  return (nul >= 0 ? field.subarray(0, nul) : field).toString('utf8');
}

/** A numeric field: octal digits (NUL/space padded), or GNU base-256 when the first byte has its high bit set. */
function number(buf: Buffer, start: number, length: number, what: string): number {
  const field = buf.subarray(start, start + length);
  if (field[0]! & 0x80) {
    if (field[0] === 0xff) throw new TarError(`a header holds a negative ${what}`);
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) {
      n = n * 256 + field[i]!;
      if (n > Number.MAX_SAFE_INTEGER) throw new TarError(`a header holds a ${what} too large to read`);
    }
    return n;
  }
  const digits = text(buf, start, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarError(`a header holds a ${what} that is not an octal number`);
  return parseInt(digits, 8);
}

/** Whether a header's checksum is right (unsigned sum, or the signed sum some old tars wrote). */
function checksumOk(header: Buffer): boolean {
  const stored = text(header, 148, 8).trim();
  if (!/^[0-7]+$/.test(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : header[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  const want = parseInt(stored, 8);
  return want === unsigned || want === signed;
}

/** Whether a block is all zeros (the end of the archive). */
function zeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** The records of a pax extended header: `LEN key=value\n`, LEN counting the whole record. */
export function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // padding some writers leave
    const space = data.indexOf(0x20, pos);
    const len = space > pos ? Number(data.subarray(pos, space).toString('latin1')) : NaN;
    if (!Number.isInteger(len) || len <= space - pos + 1 || pos + len > data.length || data[pos + len - 1] !== 0x0a)
      throw new TarError('a pax extended header is malformed');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarError('a pax extended header is malformed');
    out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** The type of a header's typeflag (pax and GNU meta headers are handled before this). */
function memberType(flag: string, name: string): TarMemberType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      // old (v7) archives marked directories only by a trailing slash
      return name.endsWith('/') ? 'directory' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
    case 'D':
      return 'directory';
    default:
      return 'other'; // devices, FIFOs, sparse files, unknown types: never read as a file
  }
}

/** Headers that apply to the next member: pax `x` records and GNU long names. */
interface Pending {
  pax?: Map<string, string>;
  longName?: string;
  longLink?: string;
}

/** Walks the archive's headers and returns the members; throws TarError for a broken or oversized archive. */
function members(buf: Buffer, limits: TarLimits): TarMember[] {
  if (buf.length === 0) throw new TarError('is empty, not a tar archive');
  const out: TarMember[] = [];
  let pending: Pending = {};
  let pos = 0;
  let headers = 0;
  while (pos + BLOCK <= buf.length) {
    const header = buf.subarray(pos, pos + BLOCK);
    if (zeroBlock(header)) return out;
    if (!checksumOk(header))
      throw new TarError(headers === 0 ? 'is not a tar archive' : `has a damaged header at byte ${pos}`);
    if (++headers > limits.maxMembers * 2)
      throw new TarError(`has more than ${limits.maxMembers} members (the limit for a root tarball)`);
    const flag = String.fromCharCode(header[156]!);
    const ustar = header.subarray(257, 263).toString('latin1') === 'ustar\0';
    const base = text(header, 0, 100);
    const prefix = ustar ? text(header, 345, 155) : '';
    const name = pending.longName ?? pending.pax?.get('path') ?? (prefix ? `${prefix}/${base}` : base);
    const size = dataSize(header, flag, pending, name, limits);
    pos += BLOCK;
    if (pos + size > buf.length)
      throw new TarError(`is truncated: "${name}" claims ${size} bytes, only ${buf.length - pos} remain`);
    const data = buf.subarray(pos, pos + size);
    pos += Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'x') pending = { ...pending, pax: paxRecords(data) };
    else if (flag === 'g')
      paxRecords(data); // global records: checked, not applied (none of ours needs them)
    else if (flag === 'L') pending = { ...pending, longName: text(data, 0, data.length) };
    else if (flag === 'K') pending = { ...pending, longLink: text(data, 0, data.length) };
    else if (flag === 'V')
      pending = {}; // a volume label names no file
    else {
      if (out.length >= limits.maxMembers)
        throw new TarError(`has more than ${limits.maxMembers} members (the limit for a root tarball)`);
      const type = memberType(flag, name);
      const linkname = pending.longLink ?? pending.pax?.get('linkpath') ?? text(header, 157, 100);
      const mode = number(header, 100, 8, 'mode') & 0o7777;
      out.push({ name, type, mode, linkname, data: type === 'file' ? data : Buffer.alloc(0) });
      pending = {};
    }
  }
  if (pos < buf.length && headers === 0) throw new TarError('is not a tar archive');
  if (pos < buf.length && !zeroBlock(buf.subarray(pos)))
    throw new TarError('is truncated (a partial header at its end)');
  return out;
}

/** How many data bytes follow a header (none for links, directories and devices), within the limits. */
function dataSize(header: Buffer, flag: string, pending: Pending, name: string, limits: TarLimits): number {
  if ('125634'.includes(flag)) return 0;
  const meta = 'xgLK'.includes(flag);
  // a pax `size` record is the size of the member it precedes, not of another meta header
  const paxSize = meta ? undefined : pending.pax?.get('size');
  const size = paxSize !== undefined && /^[0-9]+$/.test(paxSize) ? Number(paxSize) : number(header, 124, 12, 'size');
  const cap = meta ? Math.min(limits.maxFileBytes, 1024 * 1024) : limits.maxFileBytes;
  if (size > cap)
    throw new TarError(
      `${meta ? 'has a header' : `member "${name}" is`} ${mib(size)}, over the ${mib(cap)} limit for one member of a root tarball`,
    );
  return size;
}
