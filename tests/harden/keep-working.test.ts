/**
 * Keeping the hardened service working: the paths a job writes become managed directories or
 * ReadWritePaths=, and every conflict between a directive and what the job needs is resolved with
 * its own rule id; variables and conditions render as documented.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHardening } from '../../src/harden';
import { convert, lines } from '../helpers/convert';

/** Converts a job with profiles for systemd 252. */
function harden(
  text: string,
  profiles: string[],
  opts: {
    vars?: Record<string, string>;
    others?: Record<string, string>;
    root?: string;
    systemd?: number;
    name?: string;
  } = {},
) {
  expect(createHardening({ profiles, vars: opts.vars ?? {} }).errors).toEqual([]);
  return convert(text, {
    profiles,
    vars: opts.vars,
    systemd: opts.systemd ?? 252,
    others: opts.others,
    root: opts.root,
    name: opts.name,
  });
}

describe('path analysis', () => {
  it('turns mkdir -p /var/run/NAME, a log file and a data directory into managed directories', () => {
    const r = harden(
      'pre-start script\n  mkdir -p /var/run/tallow\n  chown tallow /var/run/tallow\nend script\n' +
        'exec /usr/sbin/d --log-file /var/log/acme/relay.log --data-dir /var/lib/acme\n',
      ['readonly-tmp'],
    );
    expect(lines(r.service)).toEqual(
      expect.arrayContaining([
        'ProtectSystem=strict',
        'PrivateTmp=yes',
        'RuntimeDirectory=tallow',
        'LogsDirectory=acme',
        'StateDirectory=acme',
      ]),
    );
  });

  it('resolves a path held in an env variable and keeps other written paths writable', () => {
    const r = harden('env SPOOL=/srv/spool/app\nchdir /srv/app\nexec /usr/sbin/d --spool "$SPOOL"\n', ['readonly-tmp']);
    expect(lines(r.service)).toEqual(
      expect.arrayContaining(['ReadWritePaths=-/srv/spool/app', 'ReadWritePaths=-/srv/app']),
    );
  });

  it('reads paths from the /etc/default file the job sources (under --root)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-h-'));
    fs.mkdirSync(path.join(root, 'etc/default'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/default/app'), 'OPTS="--cache-dir /var/cache/app"\n');
    const r = harden('script\n  . /etc/default/app\n  exec /usr/sbin/app $OPTS\nend script\n', ['readonly-tmp'], {
      root,
    });
    fs.rmSync(root, { recursive: true, force: true });
    expect(lines(r.service)).toContain('CacheDirectory=app');
  });

  it('names a path it cannot derive, with its line', () => {
    const r = harden('exec /usr/sbin/d --pidfile $PIDFILE\n', ['readonly-tmp']);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'harden/path-unknown', line: 1, message: expect.stringContaining('$PIDFILE') }),
    );
  });

  it('keeps a pid file written directly in /run working, and says it had to open /run', () => {
    const r = harden('expect fork\nexec /usr/sbin/d --pidfile /var/run/d.pid\n', ['readonly-tmp']);
    expect(lines(r.service)).toContain('ReadWritePaths=/run');
    expect(r.rules).toContain('harden/path-broad');
  });

  it('keeps a write to /etc working and reports it', () => {
    const r = harden('pre-start exec /bin/sed -i s/a/b/ /etc/app.conf\nexec /usr/sbin/d\n', ['readonly-tmp']);
    expect(lines(r.service)).toContain('ReadWritePaths=-/etc/app.conf');
    expect(r.rules).toContain('harden/protect-system-write');
  });
});

describe('conflicts', () => {
  it('leaves out MemoryDenyWriteExecute for a JIT runtime', () => {
    const r = harden('exec /usr/bin/node /srv/app/server.js\n', ['recommended']);
    expect(r.service).not.toContain('MemoryDenyWriteExecute');
    expect(r.rules).toContain('harden/mdwe-jit');
  });

  it('leaves out PrivateTmp when another job shares its files in /tmp', () => {
    const r = harden('exec /usr/sbin/d --socket /tmp/shared.sock\n', ['readonly-tmp'], {
      others: { client: 'exec /usr/bin/c --connect /tmp/shared.sock\n' },
    });
    expect(r.service).not.toContain('PrivateTmp');
    expect(r.diagnostics.find((d) => d.ruleId === 'harden/private-tmp-shared')!.message).toContain('client');
  });

  it('makes ProtectHome read-only for a home directory the job reads, and leaves it out when it writes there', () => {
    const r = harden('exec /usr/sbin/d --config /home/git/app.yml\n', ['recommended']);
    expect(lines(r.service)).toContain('ProtectHome=read-only');
    expect(r.diagnostics.find((d) => d.ruleId.startsWith('harden/protect-home'))).toMatchObject({
      ruleId: 'harden/protect-home-read-only',
      severity: 'info',
    });
    const w = harden('exec /usr/sbin/d --data-dir /home/git/data\n', ['recommended']);
    expect(w.service).not.toContain('ProtectHome');
    expect(w.diagnostics.find((d) => d.ruleId.startsWith('harden/protect-home'))).toMatchObject({
      ruleId: 'harden/protect-home',
      severity: 'warning',
    });
  });

  it('leaves out PrivateDevices for a job that uses a device', () => {
    const r = harden('exec /usr/sbin/gpsd /dev/ttyUSB0\n', ['recommended']);
    expect(r.service).not.toContain('PrivateDevices');
    expect(r.rules).toContain('harden/private-devices');
  });

  it('keeps a setuid user that owns files instead of DynamicUser', () => {
    const r = harden('setuid brindle\nsetgid brindle\nexec /usr/bin/w --data-dir /var/lib/brindle\n', ['dynamic-user']);
    expect(r.service).not.toContain('DynamicUser');
    expect(lines(r.service)).toEqual(expect.arrayContaining(['User=brindle', 'StateDirectory=brindle']));
    expect(r.rules).toContain('harden/dynamic-user-owner');
  });

  it('replaces nobody by a dynamic user and keeps the job group as a supplementary group', () => {
    const r = harden('setuid nobody\nsetgid adm\nexec /usr/bin/logwatch --log-file /var/log/watch/w.log\n', [
      'dynamic-user',
    ]);
    expect(lines(r.service)).toEqual(
      expect.arrayContaining(['DynamicUser=yes', 'SupplementaryGroups=adm', 'LogsDirectory=watch']),
    );
    expect(r.service).not.toMatch(/^User=/m);
    expect(r.service).not.toMatch(/^Group=/m);
  });

  it.each([
    ['modprobe -q lp', 'ProtectKernelModules', 'harden/kernel-modules'],
    ['hwclock --systohc', 'ProtectClock', 'harden/clock'],
    ['sudo -u x true', 'NoNewPrivileges', 'harden/setuid-binary'],
    ['sysctl -w net.ipv4.ip_forward=1', 'ProtectKernelTunables', 'harden/kernel-tunables'],
  ])('leaves out what a pre-start running "%s" needs (%s)', (cmd, directive, rule) => {
    const r = harden(`pre-start script\n  ${cmd}\nend script\nexec /usr/sbin/d\n`, ['recommended']);
    expect(r.service).not.toContain(`${directive}=`);
    expect(r.rules).toContain(rule);
  });

  it('adds AF_NETLINK for a job that configures the network', () => {
    const r = harden('pre-start exec /sbin/ip link set eth1 up\nexec /usr/sbin/d\n', ['recommended']);
    expect(lines(r.service)).toContain('RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK');
  });

  it('falls back to ReadWritePaths= for managed directories on systemd < 235', () => {
    const r = harden('exec /usr/sbin/d --data-dir /var/lib/acme\n', ['readonly-tmp'], { systemd: 232 });
    expect(lines(r.service)).toContain('ReadWritePaths=-/var/lib/acme');
    expect(r.service).not.toContain('StateDirectory');
  });
});

describe('variables and conditions', () => {
  it("renders --var values, and keeps the job's own limit over the profile's", () => {
    const r = harden('limit nofile 1024 2048\nexec /usr/sbin/d\n', ['limits'], {
      vars: { tasks_max: '64', memory_max: '256M' },
    });
    expect(lines(r.service)).toEqual(
      expect.arrayContaining(['TasksMax=64', 'MemoryMax=256M', 'LimitNOFILE=1024:2048', 'LimitNPROC=4096']),
    );
    expect(r.rules).toContain('harden/job-limit-kept');
  });

  it('applies the chroot preset only when the job has a chroot or a root directory is given', () => {
    expect(harden('exec /usr/sbin/d\n', ['chroot']).service).not.toContain('BindReadOnlyPaths');
    const r = harden('exec /usr/sbin/d\n', ['chroot'], { vars: { root_directory: '/srv/jail' } });
    expect(lines(r.service)).toEqual(expect.arrayContaining(['RootDirectory=/srv/jail', 'MountAPIVFS=yes']));
    expect(lines(harden('chroot /srv/jail2\nexec /usr/sbin/d\n', ['chroot']).service)).toContain(
      'RootDirectory=/srv/jail2',
    );
  });

  it('hides trees and binds back only the paths under them that the job uses', () => {
    const r = harden('exec /usr/sbin/d --data-dir /srv/app/data --config /home/app/conf.yml\n', ['hide-paths']);
    expect(lines(r.service)).toEqual(
      expect.arrayContaining([
        'TemporaryFileSystem=/home:ro /srv:ro /mnt:ro /media:ro',
        'BindPaths=-/srv/app/data',
        'BindReadOnlyPaths=-/home/app/conf.yml',
      ]),
    );
  });
});
