/**
 * `convert --root HOST.tar.gz` reads the tarball in memory and behaves exactly as `--root` on the
 * same tree as a folder: the same files and the same messages (the root's path aside) for every
 * golden variant and for hostile file names; a file that is no tarball, or one over the limits,
 * is a usage error with one clear line, never a stack trace.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { type RawMember, tarOf, tgzOf } from '../helpers/tar-build';
import { REPO, readTree, variants } from '../golden/run';

const tmp = tempDir('u2s-tarball-root-');

/** Converts `root` with `args` into a fresh folder; the files written and what was printed, the root's path replaced. */
async function convertWith(root: string, args: readonly string[]): Promise<Map<string, string>> {
  const out = fs.mkdtempSync(path.join(tmp.path, 'out-'));
  const r = await runCli(['convert', '--root', root, '--out', out, ...args], { NO_COLOR: '1' });
  const clean = (s: string): string => s.split(out).join('OUT').split(root).join('ROOT');
  // plan.json names the tree it was made from: the one path that differs between two roots
  const files = new Map([...readTree(out)].map(([k, v]) => [k, clean(v.toString('utf8'))]));
  files.set('run.log', clean(`exit ${r.code}\n--- stdout\n${r.out}--- stderr\n${r.err}`));
  return files;
}

/** Tars a folder with GNU tar (`-z` for gzip). */
function tarFolder(dir: string, file: string, gzip = true): string {
  execFileSync('tar', ['-C', dir, gzip ? '-czf' : '-cf', file, ...fs.readdirSync(dir)]);
  return file;
}

describe('convert --root with a tarball', () => {
  it.each(variants().map((v) => [v.name, v.args] as const))(
    'gives the files and messages of the folder root in the golden run %s',
    async (_name, args) => {
      const example = path.join(REPO, 'examples', 'trusty');
      const tarball = tarFolder(example, path.join(tmp.path, 'trusty.tar.gz'));
      const [fromFolder, fromTarball] = [await convertWith(example, args), await convertWith(tarball, args)];
      expect([...fromTarball.keys()]).toEqual([...fromFolder.keys()]);
      for (const [name, text] of fromFolder) expect(`${name}:\n${fromTarball.get(name)}`).toBe(`${name}:\n${text}`);
    },
  );

  it('reads a plain .tar and a .tgz as well', async () => {
    const example = path.join(REPO, 'examples', 'trusty');
    const folder = await convertWith(example, ['--target', 'debian-12']);
    for (const [file, gzip] of [
      ['trusty.tar', false],
      ['trusty.tgz', true],
    ] as const) {
      const t = await convertWith(tarFolder(example, path.join(tmp.path, file), gzip), ['--target', 'debian-12']);
      expect(t).toEqual(folder);
    }
  });

  it('treats hostile file names (CR, LF, quotes, $, %, backslash, spaces) exactly as a folder root does', async () => {
    const names = ['cr\rjob', 'lf\njob', 'q"uo\'te', 'dollar$HOME', 'per%cent%n', 'back\\slash', 'with space'];
    for (const n of names)
      tmp.write(`root/etc/init/${n}.conf`, `description "${n.replace(/\W/g, '')}"\nexec /usr/sbin/d\n`);
    tmp.write('root/etc/init/ok.conf', 'exec /usr/sbin/ok --name "a b" 50%\n');
    const root = path.join(tmp.path, 'root');
    const tarball = tarFolder(root, path.join(tmp.path, 'hostile.tar.gz'));
    const [a, b] = [await convertWith(root, ['--verbose']), await convertWith(tarball, ['--verbose'])];
    expect(b).toEqual(a);
    expect(a.get('run.log')).toContain('lf\\njob'); // shown escaped, as for a folder
  });

  it('reads a symlink loop, a link leading out and a duplicate member as a folder would hold them', async () => {
    const members: RawMember[] = [
      { name: 'etc/init/a.conf', type: '2', linkname: 'b.conf' },
      { name: 'etc/init/b.conf', type: '2', linkname: '/etc/init/a.conf' },
      { name: 'etc/init/up.conf', type: '2', linkname: '../../../secret.conf' },
      { name: 'etc/init/dup.conf', data: 'exec /usr/sbin/first\n' },
      { name: 'etc/init/dup.conf', data: 'exec /usr/sbin/second\n' },
    ];
    const tarball = tmp.write('odd.tar', tarOf(members));
    const r = await runCli(['convert', '--root', tarball, '--target', 'debian-12']);
    expect(r.err).toContain(`${tarball}/etc/init/a.conf: error: symlink loop`);
    expect(r.err).toContain('[input/symlink-loop]');
    expect(r.err).toContain(`${tarball}/etc/init/up.conf: error: leads outside --root`);
    expect(r.out).toContain('ExecStart=/usr/sbin/second');
    expect(r.out).not.toContain('/usr/sbin/first');
  });

  it('skips a member that climbs out of the archive, says so, and converts the rest', async () => {
    const tarball = tmp.write(
      'climb.tar.gz',
      tgzOf([
        { name: '../../etc/init/evil.conf', data: 'exec /usr/sbin/evil\n' },
        { name: '/etc/init/abs.conf', data: 'exec /usr/sbin/abs\n' },
      ]),
    );
    const r = await runCli(['convert', '--root', tarball, '--target', 'debian-12']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `${tarball}: warning: member "../../etc/init/evil.conf" is skipped: its name climbs out of the archive (..) [input/tarball-member-skipped]`,
    );
    expect(r.out).toContain('### abs.service');
    expect(r.out).not.toContain('evil');
  });

  it.each([
    ['text', Buffer.from('#!/bin/sh\necho not a tarball\n'.repeat(40)), 'is not a tar archive'],
    ['empty', Buffer.alloc(0), 'is empty, not a tar archive'],
    ['broken gzip', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), 'is not a valid gzip stream'],
    ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0, 0, 0]), 'is compressed with xz'],
    ['truncated', tarOf([{ name: 'etc/init/a.conf', data: 'x'.repeat(5000) }]).subarray(0, 2048), 'is truncated'],
    [
      'huge member',
      tarOf([{ name: 'etc/init/a.conf', size: 17 * 1024 * 1024 }]),
      'member "etc/init/a.conf" is 17.0 MiB, over the 16.0 MiB limit for one member of a root tarball',
    ],
  ])('refuses %s as --root with one usage line, never a stack trace', async (_what, bytes, message) => {
    const file = tmp.write('bad.tar.gz', bytes);
    const r = await runCli(['convert', '--root', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`upstart2systemd: --root ${file}: ${message}`);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });

  it('refuses a --root that does not exist, naming what it expected', async () => {
    const r = await runCli(['convert', '--root', path.join(tmp.path, 'none.tar.gz')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('none.tar.gz: no such folder or tarball');
  });

  it('shows a hostile --root path with its control characters escaped', async () => {
    const file = tmp.write('bad\nname\r.tar', Buffer.from('not a tarball'));
    const r = await runCli(['convert', '--root', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad\\nname\\r.tar: is not a tar archive');
  });
});
