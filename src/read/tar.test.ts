import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { paxData, tarOf, tgzOf } from '../../tests/helpers/tar-build';
import { TAR_LIMITS, type TarMember, readTar, tarBytes } from './tar';

/** The members of an archive (gzipped or not), or the error. */
function read(raw: Buffer, limits = TAR_LIMITS): TarMember[] | string {
  const bytes = tarBytes(raw, limits);
  if ('error' in bytes) return bytes.error;
  const r = readTar(bytes, limits);
  return r.ok ? r.members : r.error;
}

/** Name, type, link and text of each member, for comparisons. */
function shape(ms: TarMember[] | string): Array<[string, string, string, string]> | string {
  if (typeof ms === 'string') return ms;
  return ms.map((m) => [m.name.replace(/\/$/, ''), m.type, m.linkname, m.data.toString()]);
}

describe('reading tar archives in memory', () => {
  const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(90)}.conf`;
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-tar-'));
    const src = path.join(dir, 'src');
    fs.mkdirSync(path.join(src, 'etc', 'init'), { recursive: true });
    fs.writeFileSync(path.join(src, 'etc', 'init', 'a.conf'), 'exec /bin/a\n');
    fs.mkdirSync(path.join(src, path.dirname(long)), { recursive: true });
    fs.writeFileSync(path.join(src, long), 'exec /bin/long\n');
    fs.symlinkSync('/lib/x/' + 'g'.repeat(120), path.join(src, 'etc', 'init', 'link.conf'));
    fs.linkSync(path.join(src, 'etc', 'init', 'a.conf'), path.join(src, 'etc', 'init', 'hard.conf'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // (ustar cannot hold the 120-character link target; its prefix field is tested below)
  it.each(['gnu', 'pax', 'oldgnu'])('reads what GNU tar writes in %s format the same way', (format) => {
    const out = path.join(dir, `${format}.tar.gz`);
    execFileSync('tar', [`--format=${format}`, '-C', path.join(dir, 'src'), '-czf', out, 'etc', 'd'.repeat(60)]);
    const members = read(fs.readFileSync(out));
    expect(typeof members).not.toBe('string');
    const byName = new Map((members as TarMember[]).map((m) => [m.name.replace(/\/$/, ''), m]));
    // of the two names of a hard link, the first stored holds the data, the other links to it
    const pair = [byName.get('etc/init/a.conf')!, byName.get('etc/init/hard.conf')!];
    const file = pair.find((m) => m.type === 'file')!;
    expect(file).toMatchObject({ mode: 0o644 });
    expect(file.data.toString()).toBe('exec /bin/a\n');
    expect(pair.find((m) => m.type === 'hardlink')?.linkname).toBe(file.name);
    expect(byName.get(long)!.data.toString()).toBe('exec /bin/long\n');
    expect(byName.get('etc/init/link.conf')).toMatchObject({ type: 'symlink', linkname: '/lib/x/' + 'g'.repeat(120) });
    expect(byName.get('etc/init')).toMatchObject({ type: 'directory' });
  });

  it('reads a ustar name split into prefix and name', () => {
    const ms = read(tarOf([{ name: 'x.conf', prefix: 'etc/init', data: 'exec /bin/x\n' }]));
    expect(shape(ms)).toEqual([['etc/init/x.conf', 'file', '', 'exec /bin/x\n']]);
  });

  it('applies pax path, linkpath and size to the next member only', () => {
    const ms = read(
      tarOf([
        { name: 'PaxHeaders/x', type: 'x', data: paxData({ path: 'etc/init/é long.conf', size: '4' }) },
        { name: 'short', data: 'abcd', size: 999 },
        { name: 'PaxHeaders/y', type: 'x', data: paxData({ linkpath: '/target with spaces' }) },
        { name: 'etc/l', type: '2', linkname: 'ignored' },
        { name: 'etc/plain', data: 'p' },
      ]),
    );
    expect(shape(ms)).toEqual([
      ['etc/init/é long.conf', 'file', '', 'abcd'],
      ['etc/l', 'symlink', '/target with spaces', ''],
      ['etc/plain', 'file', '', 'p'],
    ]);
  });

  it('applies GNU long names and long link names', () => {
    const name = 'etc/init/' + 'n'.repeat(300) + '.conf';
    const ms = read(
      tarOf([
        { name: '././@LongLink', type: 'L', data: name + '\0', magic: 'gnu' },
        { name: name.slice(0, 100), data: 'x', magic: 'gnu' },
        { name: '././@LongLink', type: 'K', data: '/far/' + 't'.repeat(200) + '\0', magic: 'gnu' },
        { name: 'etc/link', type: '2', linkname: 'short', magic: 'gnu' },
      ]),
    );
    expect(shape(ms)).toEqual([
      [name, 'file', '', 'x'],
      ['etc/link', 'symlink', '/far/' + 't'.repeat(200), ''],
    ]);
  });

  it('reads base-256 sizes, v7 folders (a trailing slash) and marks devices and FIFOs as other', () => {
    const ms = read(
      tarOf([
        { name: 'big', data: 'z'.repeat(10) },
        { name: 'etc/', magic: 'v7' },
        { name: 'dev/null', type: '3' },
        { name: 'fifo', type: '6' },
      ]),
    );
    expect(shape(ms)).toEqual([
      ['big', 'file', '', 'zzzzzzzzzz'],
      ['etc', 'directory', '', ''],
      ['dev/null', 'other', '', ''],
      ['fifo', 'other', '', ''],
    ]);
    // a size too large for 11 octal digits is written in base 256: the cap names it
    const huge = tarOf([{ name: 'huge', size: 2 ** 34, data: '' }]);
    expect(read(huge)).toMatch(/member "huge" is 16384.0 MiB, over the 16.0 MiB limit/);
  });

  it('says what is wrong with what is no tar archive, never throwing', () => {
    expect(read(Buffer.from('just some text\n'.repeat(100)))).toBe('is not a tar archive');
    expect(read(Buffer.alloc(0))).toBe('is empty, not a tar archive');
    expect(read(Buffer.from('short'))).toBe('is not a tar archive');
    expect(read(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]))).toMatch(/^is not a valid gzip stream/);
    expect(read(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]))).toMatch(/compressed with xz/);
    expect(read(zlib.gzipSync(Buffer.from('not tar either'.repeat(100))))).toBe('is not a tar archive');
  });

  it('refuses a truncated archive or a damaged header after the first', () => {
    const whole = tarOf([{ name: 'a', data: 'x'.repeat(2000) }]);
    expect(read(whole.subarray(0, 1024))).toMatch(/^is truncated: "a" claims 2000 bytes/);
    expect(
      read(
        tarOf([
          { name: 'a', data: 'x' },
          { name: 'b', data: 'y', badChecksum: true },
        ]),
      ),
    ).toBe('has a damaged header at byte 1024');
    expect(read(tarOf([{ name: 'a', data: 'x', badChecksum: true }]))).toBe('is not a tar archive');
  });

  it('reads an archive without its end blocks, as tar does', () => {
    expect(shape(read(tarOf([{ name: 'a', data: 'x' }], false)))).toEqual([['a', 'file', '', 'x']]);
  });

  it('caps the decompressed size, each member and the number of members', () => {
    const limits = { maxBytes: 64 * 1024, maxFileBytes: 8 * 1024, maxMembers: 3 };
    const bomb = zlib.gzipSync(Buffer.alloc(1024 * 1024));
    expect(read(bomb, limits)).toBe('decompresses to more than 0.063 MiB (the limit for a root tarball)');
    expect(read(tarOf([{ name: 'a', data: Buffer.alloc(9000) }]), limits)).toMatch(
      /member "a" is 0.009 MiB, over the 0.008 MiB limit/,
    );
    const many = tarOf(['a', 'b', 'c', 'd'].map((name) => ({ name, data: 'x' })));
    expect(read(many, limits)).toBe('has more than 3 members (the limit for a root tarball)');
    expect(read(tgzOf([{ name: 'a', data: 'x' }]), limits)).not.toEqual(expect.any(String));
  });

  it('refuses a malformed pax header', () => {
    const bad = tarOf([
      { name: 'p', type: 'x', data: '99 path=x\n' },
      { name: 'a', data: 'x' },
    ]);
    expect(read(bad)).toBe('a pax extended header is malformed');
  });
});
