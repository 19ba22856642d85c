/**
 * Paths under a root resolve as chroot would: absolute targets re-rooted, `..` refused above the
 * root, loops stopped after 40 links; random trees of links never lead a lookup outside the root.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_SYMLINKS, type ResolveFs, resolveUnder, rootedFs } from './rooted';

let world: string;
let root: string;
beforeEach(() => {
  world = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-rooted-')));
  root = path.join(world, 'root');
  fs.mkdirSync(root);
  fs.mkdirSync(path.join(world, 'elsewhere'));
  fs.writeFileSync(path.join(world, 'elsewhere', 'secret'), 'secret\n');
});
afterEach(() => fs.rmSync(world, { recursive: true, force: true }));

const put = (rel: string, text = 'x\n'): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const link = (rel: string, target: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.symlinkSync(target, path.join(root, rel));
};

describe('resolving a path under a root', () => {
  it('reads an absolute link target inside the root, not on the machine running the conversion', () => {
    put('opt/app/app.conf');
    link('etc/init/app.conf', '/opt/app/app.conf');
    expect(resolveUnder(root, '/etc/init/app.conf')).toMatchObject({
      kind: 'found',
      host: '/opt/app/app.conf',
      local: path.join(root, 'opt/app/app.conf'),
      via: '/etc/init/app.conf',
    });
  });

  it('refuses a link that climbs above the root, naming the link and its target', () => {
    link('lib/systemd/system/x.service', '../../../../elsewhere/secret');
    expect(resolveUnder(root, '/lib/systemd/system/x.service')).toEqual({
      kind: 'outside',
      link: '/lib/systemd/system/x.service',
      target: '../../../../elsewhere/secret',
    });
    put('etc/x');
    expect(resolveUnder(root, '/etc/../../elsewhere/secret')).toMatchObject({ kind: 'outside' });
  });

  it('follows `..` inside the root from where the link is, as the kernel does', () => {
    put('usr/lib/app/run');
    link('usr/bin/run', '../lib/app/run');
    link('etc/alternatives', '/usr/bin');
    expect(resolveUnder(root, '/etc/alternatives/run')).toMatchObject({ kind: 'found', host: '/usr/lib/app/run' });
  });

  it('stops at a loop, and follows at most 40 links like the kernel', () => {
    link('a', 'b');
    link('b', 'a');
    expect(resolveUnder(root, '/a')).toMatchObject({ kind: 'loop' });
    put('end');
    for (let i = 0; i < MAX_SYMLINKS + 1; i++) link(`l${i}`, i === 0 ? 'end' : `l${i - 1}`);
    expect(resolveUnder(root, `/l${MAX_SYMLINKS - 1}`)).toMatchObject({ kind: 'found', host: '/end' });
    expect(resolveUnder(root, `/l${MAX_SYMLINKS}`)).toMatchObject({ kind: 'loop' });
  });

  it('says which link dangles, and stops at a file used as a folder', () => {
    link('etc/default/app', '/etc/default/gone');
    expect(resolveUnder(root, '/etc/default/app')).toMatchObject({ kind: 'missing', via: '/etc/default/app' });
    put('etc/file');
    expect(resolveUnder(root, '/etc/file/x')).toMatchObject({ kind: 'missing', code: 'ENOTDIR' });
  });

  it('stops at a link in the last component when asked not to follow it', () => {
    link('etc/systemd/system/a.service', '/lib/systemd/system/b.service');
    const r = resolveUnder(root, '/etc/systemd/system/a.service', { follow: false });
    expect(r.kind === 'found' && r.stats.isSymbolicLink()).toBe(true);
  });

  it('treats an absolute target as leaving a plain folder of units', () => {
    link('a.service', '/lib/systemd/system/a.service');
    expect(resolveUnder(root, '/a.service', { absolute: 'leave' })).toMatchObject({ kind: 'outside' });
  });
});

describe('the rooted file system of job discovery', () => {
  it('reads job files through links inside the root and refuses those leading out of it', () => {
    put('srv/jobs/app.conf', 'exec /bin/app\n');
    link('etc/init/app.conf', '/srv/jobs/app.conf');
    link('etc/init/evil.conf', '../../../elsewhere/secret');
    const rfs = rootedFs(root);
    expect(rfs.readFileSync(path.join(root, 'etc/init/app.conf')).toString()).toBe('exec /bin/app\n');
    expect(() => rfs.statSync(path.join(root, 'etc/init/evil.conf'))).toThrow(
      expect.objectContaining({ code: 'EOUTSIDEROOT', target: '../../../elsewhere/secret' }),
    );
    expect(rfs.lstatSync(path.join(root, 'etc/init/evil.conf')).isSymbolicLink()).toBe(true);
    // a path outside the root was named by the user: read as it is
    expect(rfs.readFileSync(path.join(world, 'elsewhere/secret')).toString()).toBe('secret\n');
  });
});

/** A random tree: folders, files and links whose targets may be absolute, relative, climbing or looping. */
const NAMES = ['a', 'b', 'c'];
const segment = fc.constantFrom(...NAMES, '..', '.');
const target = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/')),
  fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => '/' + s.join('/')),
  fc.constantFrom('../../../elsewhere/secret', '/../elsewhere/secret', '..', '/'),
);
const entry = fc.record({
  at: fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }),
  kind: fc.constantFrom('dir', 'file', 'link', 'link'),
  target,
});

describe('random trees of links', () => {
  it('never lead a lookup outside the root, and what is found holds no link', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 12 }),
        fc.array(fc.array(segment, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (entries, lookups) => {
          const r = fs.mkdtempSync(path.join(world, 'r-'));
          for (const e of entries) {
            const p = path.join(r, ...e.at);
            try {
              fs.mkdirSync(path.dirname(p), { recursive: true });
              if (e.kind === 'dir') fs.mkdirSync(p);
              else if (e.kind === 'file') fs.writeFileSync(p, 'x');
              else fs.symlinkSync(e.target, p);
            } catch {
              // a clash with an earlier entry (or a link on the way): keep the earlier one
            }
          }
          const touched: string[] = [];
          const spy: ResolveFs = {
            lstatSync: (p) => (touched.push(p), fs.lstatSync(p)),
            statSync: (p) => (touched.push(p), fs.statSync(p)),
            readlinkSync: (p) => (touched.push(p), fs.readlinkSync(p)),
          };
          for (const l of lookups) {
            const res = resolveUnder(r, '/' + l.join('/'), {}, spy);
            // every path looked at is the root or an entry of a real folder inside it
            const inside = (t: string): boolean => {
              if (t === r) return true;
              const dir = fs.realpathSync(path.dirname(t));
              return dir === r || dir.startsWith(r + '/');
            };
            expect(touched.filter((t) => !inside(t))).toEqual([]);
            if (res.kind === 'found') {
              expect(fs.realpathSync(res.local)).toBe(path.join(r, res.host).replace(/\/$/, ''));
              expect(res.stats.isSymbolicLink()).toBe(false);
            }
          }
          fs.rmSync(r, { recursive: true, force: true });
        },
      ),
      { numRuns: 150 },
    );
  });
});
