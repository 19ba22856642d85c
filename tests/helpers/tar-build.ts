/**
 * Writing tar archives byte by byte for tests: any name, type, size field or header a hostile
 * archive might hold (pax records, GNU long names, base-256 sizes, bad checksums), which no tar
 * program would write on purpose.
 */
import * as zlib from 'node:zlib';

/** One header (and its data) to write. */
export interface RawMember {
  name: string;
  /** The typeflag: '0' file, '1' hard link, '2' symlink, '5' folder, 'x' pax, 'L'/'K' GNU long name/link… */
  type?: string;
  data?: string | Buffer;
  linkname?: string;
  mode?: number;
  /** The size written in the header, when it must differ from the data's (default: the data's). */
  size?: number;
  /** Header flavour: ustar (with prefix), GNU, or old v7 (no magic). */
  magic?: 'ustar' | 'gnu' | 'v7';
  prefix?: string;
  /** Write a wrong checksum. */
  badChecksum?: boolean;
}

/** Writes a string into a field (truncated to the field). */
function field(h: Buffer, offset: number, length: number, value: string | Buffer): void {
  const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  b.copy(h, offset, 0, Math.min(b.length, length));
}

/** An octal field of `length` bytes (digits, then NUL), or base-256 when the number does not fit. */
function octal(h: Buffer, offset: number, length: number, n: number): void {
  const digits = n.toString(8);
  if (digits.length < length) {
    field(h, offset, length, digits.padStart(length - 1, '0') + '\0');
    return;
  }
  h[offset] = 0x80;
  let v = BigInt(n);
  for (let i = offset + length - 1; i > offset; i--) {
    h[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/** One 512-byte header for a member. */
export function header(m: RawMember): Buffer {
  const h = Buffer.alloc(512);
  const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
  field(h, 0, 100, m.name);
  octal(h, 100, 8, m.mode ?? 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, m.size ?? data.length);
  octal(h, 136, 12, 1700000000);
  field(h, 156, 1, m.type ?? '0');
  field(h, 157, 100, m.linkname ?? '');
  const magic = m.magic ?? 'ustar';
  if (magic === 'ustar') field(h, 257, 8, 'ustar\u000000');
  if (magic === 'gnu') field(h, 257, 8, 'ustar  \0');
  if (magic !== 'v7') {
    field(h, 265, 32, 'root');
    field(h, 297, 32, 'root');
  }
  if (m.prefix) field(h, 345, 155, m.prefix);
  field(h, 148, 8, '        ');
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, (m.badChecksum ? sum + 1 : sum).toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** A member's header and its data padded to whole blocks. */
export function member(m: RawMember): Buffer {
  const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
  const pad = (512 - (data.length % 512)) % 512;
  return Buffer.concat([header(m), data, Buffer.alloc(pad)]);
}

/** The data of a pax extended header: `LEN key=value\n` records. */
export function paxData(records: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.entries(records).map(([k, v]) => {
      const body = ` ${k}=${v}\n`;
      let len = Buffer.byteLength(body) + 1;
      while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
      return Buffer.from(`${len}${body}`);
    }),
  );
}

/** An archive of members, ended by two zero blocks (unless `end` is false). */
export function tarOf(members: readonly RawMember[], end = true): Buffer {
  return Buffer.concat([...members.map(member), Buffer.alloc(end ? 1024 : 0)]);
}

/** An archive of members, gzipped. */
export function tgzOf(members: readonly RawMember[]): Buffer {
  return zlib.gzipSync(tarOf(members));
}
