import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  grammarFor,
  parseDpkgSearch,
  parseInitVersion,
  parseInitctlList,
  parseLines,
  parseLsbRelease,
  readHostFacts,
} from './host-facts';
import { diskTree } from './tree';

describe('reading the facts collect recorded', () => {
  it('reads the Upstart version init --version printed, and picks the grammar for it', () => {
    expect(parseInitVersion('init (upstart 1.12.1)\nCopyright (C) 2006-2014 Canonical Ltd.\n')).toBe('1.12.1');
    expect(parseInitVersion('init (upstart 1.13.2)\n')).toBe('1.13.2');
    expect(parseInitVersion('systemd 204\n')).toBeUndefined();
    expect(['1.12.1', '1.5', '0.6.5', '1.13', '1.13.2', '1.14', '2.0'].map(grammarFor)).toEqual([
      '1.12',
      '1.12',
      '1.12',
      '1.13',
      '1.13',
      '1.13',
      '1.13',
    ]);
    expect(grammarFor(undefined)).toBeUndefined();
    expect(grammarFor('unknown')).toBeUndefined();
  });

  it('reads which jobs and instances run from initctl list', () => {
    const text = [
      'tty1 start/running, process 980',
      'network-interface (eth0) start/running',
      'network-interface (lo) start/running',
      'network-interface (wlan0) stop/waiting',
      'mountall stop/waiting',
      'plymouth-log start/pre-start, process 12',
      '\tpre-start process 12',
      'net/sable-tunneld start/running, process 1070',
      'odd (a (b) c) start/running, process 1',
      '__proto__ start/running, process 2',
    ].join('\n');
    const running = parseInitctlList(text);
    expect(running).toEqual({
      tty1: [''],
      'network-interface': ['eth0', 'lo'],
      'net/sable-tunneld': [''],
      odd: ['a (b) c'],
      ['__proto__']: [''],
    });
    expect(Object.getPrototypeOf(running)).toBe(Object.prototype);
  });

  it('reads the release from lsb-release, quotes removed', () => {
    expect(
      parseLsbRelease('DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=14.04\nDISTRIB_CODENAME=trusty\nDISTRIB_DESCRIPTION="x"\n'),
    ).toEqual({ id: 'Ubuntu', release: '14.04', codename: 'trusty' });
    expect(parseLsbRelease('DISTRIB_ID="Ubuntu"\n')).toEqual({ id: 'Ubuntu' });
  });

  it('reads which package owns each path from dpkg -S, without diversions or architectures', () => {
    const text = [
      'upstart, mountall: /etc/init',
      'upstart: /etc/init/tty1.conf',
      'libfoo1:amd64, libfoo1:i386: /etc/init/foo.conf',
      'diversion by dash from: /bin/sh',
      'local diversion from: /etc/init/x.conf',
      'cron: /etc/init/cron.conf',
      'cron2: /etc/init/cron.conf',
      'my-pkg: /etc/init/with space: and colon.conf',
      'dpkg-query: no path found matching pattern /etc/init/none',
    ].join('\n');
    expect(parseDpkgSearch(text)).toEqual({
      '/etc/init': 'upstart',
      '/etc/init/tty1.conf': 'upstart',
      '/etc/init/foo.conf': 'libfoo1',
      '/etc/init/cron.conf': 'cron',
      '/etc/init/with space: and colon.conf': 'my-pkg',
    });
  });

  it('reads name and program lists one a line', () => {
    expect(parseLines('root\ndaemon\n\nroot\n')).toEqual(['root', 'daemon']);
  });

  describe('from a root', () => {
    let root = '';
    beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-facts-'))));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
    const put = (name: string, text: string): void => {
      fs.mkdirSync(path.join(root, 'upstart2systemd'), { recursive: true });
      fs.writeFileSync(path.join(root, 'upstart2systemd', name), text);
    };

    it('has no facts without the upstart2systemd folder', () => {
      expect(readHostFacts(root, diskTree)).toEqual({ diagnostics: [] });
    });

    it('reads every file of the folder into the facts', () => {
      put('format', '1\n');
      put('init-version', 'init (upstart 1.12.1)\n');
      put('initctl-list', 'cron start/running, process 1\n');
      put('lsb-release', 'DISTRIB_CODENAME=trusty\n');
      put('dpkg-search', 'cron: /etc/init/cron.conf\n');
      put('users', 'root\ncobalt\n');
      put('groups', 'root\n');
      put('programs', '/bin/mkdir\nnot-a-path\n');
      expect(readHostFacts(root, diskTree)).toEqual({
        host: {
          upstartVersion: '1.12.1',
          running: { cron: [''] },
          release: { codename: 'trusty' },
          packages: { '/etc/init/cron.conf': 'cron' },
          users: ['root', 'cobalt'],
          groups: ['root'],
          programs: ['/bin/mkdir'],
        },
        diagnostics: [],
      });
    });

    it('says when the format is not the one it reads, and reads what it recognises', () => {
      put('format', '7\n');
      put('users', 'root\n');
      const r = readHostFacts(root, diskTree);
      expect(r.host).toEqual({ users: ['root'] });
      expect(r.diagnostics).toEqual([
        expect.objectContaining({
          ruleId: 'input/host-facts-unreadable',
          file: path.join(root, 'upstart2systemd'),
          message: 'has format "7"; this version reads format 1, and reads what it recognises',
        }),
      ]);
    });

    it('leaves a fact unknown when its file is not a file, or leads outside the root', () => {
      put('format', '1\n');
      fs.mkdirSync(path.join(root, 'upstart2systemd', 'users'));
      fs.symlinkSync('../../../../etc/passwd', path.join(root, 'upstart2systemd', 'groups'));
      const r = readHostFacts(root, diskTree);
      expect(r.host).toEqual({});
      expect(r.diagnostics.map((d) => [path.basename(d.file), d.message])).toEqual([
        ['users', 'is not a file; the fact it holds is unknown'],
        ['groups', 'cannot be read; the fact it holds is unknown'],
      ]);
    });
  });
});
