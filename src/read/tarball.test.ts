import { type RawMember, paxData, tarOf } from '../../tests/helpers/tar-build';
import { MAX_SYMLINKS, resolveUnder, rootedFs } from './rooted';
import { readTar } from './tar';
import { MAX_MEMBER_NAME, tarballTree } from './tarball';

const LABEL = '/srv/host.tar.gz';

/** The tree of an archive written from raw members, and what was skipped. */
function treeOf(members: RawMember[]) {
  const r = readTar(tarOf(members));
  if (!r.ok) throw new Error(r.error);
  return tarballTree(LABEL, r.members);
}

/** A file's text under the tarball, as the host would read it (rootedFs). */
function text(members: RawMember[], hostPath: string): string {
  const { tree } = treeOf(members);
  return rootedFs(LABEL, tree)
    .readFileSync(LABEL + hostPath)
    .toString();
}

describe('a tarball as a root tree', () => {
  it('holds folders, files and symlinks under the tarball path, with modes', () => {
    const { tree, diagnostics } = treeOf([
      { name: 'etc/', type: '5', mode: 0o755 },
      { name: 'etc/init/a.conf', data: 'exec /bin/a\n' },
      { name: 'usr/sbin/d', data: '#!/bin/sh\n', mode: 0o755 },
      { name: 'etc/init/l.conf', type: '2', linkname: 'a.conf' },
    ]);
    expect(diagnostics).toEqual([]);
    expect(tree.readdirSync(LABEL).sort()).toEqual(['etc', 'usr']);
    expect(tree.readdirSync(`${LABEL}/etc/init`).sort()).toEqual(['a.conf', 'l.conf']);
    expect(tree.lstatSync(`${LABEL}/etc/init/l.conf`).isSymbolicLink()).toBe(true);
    expect(tree.statSync(`${LABEL}/etc/init/l.conf`).isFile()).toBe(true);
    expect(tree.lstatSync(`${LABEL}/usr/sbin/d`).mode & 0o777).toBe(0o755);
    expect(tree.readFileNoFollow(`${LABEL}/etc/init/a.conf`).toString()).toBe('exec /bin/a\n');
    expect(() => tree.readFileNoFollow(`${LABEL}/etc/init/l.conf`)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(() => tree.lstatSync(`${LABEL}/etc/none`)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => tree.lstatSync(`${LABEL}/etc/init/a.conf/x`)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('resolves symlinks as the host would: absolute targets start at the root, .. never leaves it', () => {
    const { tree } = treeOf([
      { name: 'etc/init/abs.conf', type: '2', linkname: '/opt/jobs/abs.conf' },
      { name: 'opt/jobs/abs.conf', data: 'exec /bin/abs\n' },
      { name: 'etc/init/up.conf', type: '2', linkname: '../../../../etc/passwd' },
      { name: 'etc/init.d', type: '2', linkname: 'init' },
    ]);
    expect(resolveUnder(LABEL, '/etc/init/abs.conf', {}, tree)).toMatchObject({
      kind: 'found',
      host: '/opt/jobs/abs.conf',
    });
    expect(resolveUnder(LABEL, '/etc/init/up.conf', {}, tree)).toMatchObject({ kind: 'outside' });
    // a symlink in the middle of a path is followed as the host would
    expect(tree.lstatSync(`${LABEL}/etc/init.d/abs.conf`).isSymbolicLink()).toBe(true);
    expect(tree.readdirSync(`${LABEL}/etc/init.d`).sort()).toEqual(['abs.conf', 'up.conf']);
  });

  it('gives up on a symlink loop after MAXSYMLINKS links, as the kernel does', () => {
    const { tree } = treeOf([
      { name: 'etc/init/a.conf', type: '2', linkname: 'b.conf' },
      { name: 'etc/init/b.conf', type: '2', linkname: '/etc/init/a.conf' },
      { name: 'etc/self', type: '2', linkname: 'self' },
    ]);
    expect(resolveUnder(LABEL, '/etc/init/a.conf', {}, tree)).toMatchObject({ kind: 'loop' });
    expect(() => tree.statSync(`${LABEL}/etc/self`)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(() => rootedFs(LABEL, tree).readFileSync(`${LABEL}/etc/init/a.conf`)).toThrow(
      expect.objectContaining({ code: 'ELOOP' }),
    );
    expect(MAX_SYMLINKS).toBe(40);
  });

  it('skips a member whose name climbs out (..), and says so', () => {
    const { tree, diagnostics } = treeOf([
      { name: '../../etc/init/evil.conf', data: 'exec /bin/evil\n' },
      { name: 'etc/init/../../x.conf', data: 'x' },
      { name: 'etc/init/ok.conf', data: 'exec /bin/ok\n' },
    ]);
    expect(tree.readdirSync(`${LABEL}/etc/init`)).toEqual(['ok.conf']);
    expect(diagnostics.map((d) => [d.ruleId, d.message])).toEqual([
      [
        'input/tarball-member-skipped',
        'member "../../etc/init/evil.conf" is skipped: its name climbs out of the archive (..)',
      ],
      [
        'input/tarball-member-skipped',
        'member "etc/init/../../x.conf" is skipped: its name climbs out of the archive (..)',
      ],
    ]);
  });

  it('reads an absolute member name inside the archive, as tar extracts it', () => {
    expect(text([{ name: '/etc/init/abs.conf', data: 'exec /bin/abs\n' }], '/etc/init/abs.conf')).toBe(
      'exec /bin/abs\n',
    );
    expect(text([{ name: './etc/init/dot.conf', data: 'exec /bin/dot\n' }], '/etc/init/dot.conf')).toBe(
      'exec /bin/dot\n',
    );
  });

  it('keeps names with CR, LF, quotes, $ and % as they are (a folder could hold them too)', () => {
    const odd = 'a\rb\nc"\'$x%i\\.conf';
    const { tree, diagnostics } = treeOf([{ name: `etc/init/${odd}`, data: 'exec /bin/odd\n' }]);
    expect(diagnostics).toEqual([]);
    expect(tree.readdirSync(`${LABEL}/etc/init`)).toEqual([odd]);
  });

  it('lets the last member of a name win, as tar extracts; a folder named again keeps its entries', () => {
    const members: RawMember[] = [
      { name: 'etc/init/a.conf', data: 'first\n' },
      { name: 'etc/init/a.conf', data: 'second\n' },
      { name: 'etc/init/d.conf', type: '5' },
      { name: 'etc/init/d.conf', data: 'now a file\n' },
      { name: 'etc/init/f', data: 'a file\n' },
      { name: 'etc/init/f', type: '5' },
      { name: 'etc/init/f/x.conf', data: 'inside\n' },
      { name: 'etc/init/', type: '5', mode: 0o700 },
    ];
    expect(text(members, '/etc/init/a.conf')).toBe('second\n');
    expect(text(members, '/etc/init/d.conf')).toBe('now a file\n');
    expect(text(members, '/etc/init/f/x.conf')).toBe('inside\n');
    expect(treeOf(members).tree.lstatSync(`${LABEL}/etc/init`).mode & 0o777).toBe(0o700);
  });

  it('shares a hard link with the file it names; a link to nothing before it is skipped', () => {
    const members: RawMember[] = [
      { name: 'etc/init/a.conf', data: 'exec /bin/a\n' },
      { name: 'etc/init/b.conf', type: '1', linkname: 'etc/init/a.conf' },
      { name: 'etc/init/c.conf', type: '1', linkname: 'etc/init/later.conf' },
      { name: 'etc/init/d.conf', type: '1', linkname: '../outside' },
    ];
    const { tree, diagnostics } = treeOf(members);
    expect(text(members, '/etc/init/b.conf')).toBe('exec /bin/a\n');
    expect(tree.lstatSync(`${LABEL}/etc/init/b.conf`).ino).toBe(tree.lstatSync(`${LABEL}/etc/init/a.conf`).ino);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'member "etc/init/c.conf" is skipped: it is a hard link to "etc/init/later.conf", which the archive does not hold as a file before it',
      'member "etc/init/d.conf" is skipped: it is a hard link to "../outside", which the archive does not hold as a file before it',
    ]);
  });

  it('skips a member under something that is not a folder, and names with a NUL or too long', () => {
    const { tree, diagnostics } = treeOf([
      { name: 'etc/init', type: '2', linkname: '/elsewhere' },
      { name: 'etc/init/x.conf', data: 'through a link\n' },
      { name: 'p', type: 'x', data: paxData({ path: 'etc/a\u0000b.conf' }) },
      { name: 'nul', data: 'x' },
      { name: 'p', type: 'x', data: paxData({ path: 'x'.repeat(MAX_MEMBER_NAME + 1) }) },
      { name: 'long', data: 'x' },
    ]);
    expect(tree.lstatSync(`${LABEL}/etc/init`).isSymbolicLink()).toBe(true);
    expect(diagnostics.map((d) => d.message.replace(/x{100,}/, 'x…'))).toEqual([
      'member "etc/init/x.conf" is skipped: etc/init is not a folder in the archive',
      'member "etc/a\u0000b.conf" is skipped: its name holds a NUL byte',
      `member "x…" is skipped: its name is longer than ${MAX_MEMBER_NAME} bytes`,
    ]);
  });

  it('reads paths outside the tarball from the disk, as a folder root does', () => {
    const { tree } = treeOf([{ name: 'etc/init/a.conf', data: 'x' }]);
    expect(() => tree.lstatSync('/srv/other')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(rootedFs(LABEL, tree).readFileSync(__filename).toString()).toContain('a tarball as a root tree');
  });
});
