/**
 * End-to-end: the main process of each converted example job runs as the Upstart job described it
 * — argv, environment, user and groups, umask, nice, OOM score, cwd, /etc/default options, script
 * expansions, template instances — under a real systemd, once per target (scenario.ts).
 */
import { warnings } from './convert';
import { mainPid, startOk, stopTimed, waitState } from './helpers';
import { PROBE_CLIENT } from './probes';
import { e2eSuite, scenario } from './scenario';

e2eSuite(() => {
  // ============================================================================ main process attributes

  describe('the main process runs as the job described it', () => {
    scenario('pewter-gatewayd gets its argv and env values with `$`, spaces and parentheses intact', async (c) => {
      await c.probes.configure('pewter-gatewayd');
      await c.install(c.units('pewter-gatewayd'));
      await startOk(c, 'pewter-gatewayd.service');
      const s = await c.probes.waitStart('pewter-gatewayd');
      expect(s.argv).toEqual([
        '/usr/sbin/pewter-gatewayd',
        '--listen',
        '0.0.0.0:8640',
        '--name',
        'pewter gateway (edge)',
        '--access-format',
        '$remote_addr $method $uri $status',
        '--access-log',
        '/var/log/pewter/access.log',
        '--state-dir',
        '/var/lib/pewter',
      ]);
      expect(s.env).toMatchObject({
        GW_LISTEN: '0.0.0.0:8640',
        GW_NAME: 'pewter gateway (edge)',
        GW_ACCESS_FORMAT: '$remote_addr $method $uri $status',
        GW_STATE_DIR: '/var/lib/pewter',
      });
      expect(s.uid).toBe(0);
      expect(await mainPid(c, 'pewter-gatewayd.service')).toBe(s.pid);
    });

    scenario(
      "quill-spoold's main script runs $(hostname -f), splits $OPTS and keeps the single-quoted $sender",
      async (c) => {
        await c.probes.configure('quill-spoold');
        await c.install(c.units('quill-spoold'));
        await startOk(c, 'quill-spoold.service');
        const s = await c.probes.waitStart('quill-spoold');
        expect(s.argv).toEqual([
          '/usr/sbin/quill-spoold',
          '--spool-dir',
          '/var/spool/quill',
          '--log-file',
          '/var/log/quill/spoold.log',
          '--banner',
          `Quill spooler ready on ${c.fqdn}`,
          '--bounce-template',
          'Undeliverable: mail from $sender',
        ]);
        expect(s.env).toMatchObject({ SPOOL_DIR: '/var/spool/quill', QUILL_BANNER: 'Quill spooler ready' });
        expect(await mainPid(c, 'quill-spoold.service')).toBe(s.pid); // the script exec'd the daemon
      },
    );

    scenario(
      'larkspur-indexd runs as larkspur:larkspur in /var/lib/larkspur with umask 027, nice 10 and oom score 300',
      async (c) => {
        await c.probes.configure('larkspur-indexd', { try_write: ['/var/lib/larkspur/index'] });
        await c.install(c.units('larkspur-indexd'));
        await startOk(c, 'larkspur-indexd.service');
        const s = await c.probes.waitStart('larkspur-indexd');
        const l = c.ids.larkspur!;
        expect({ uid: s.uid, gid: s.gid, groups: s.groups }).toEqual({ uid: l.uid, gid: l.gid, groups: [l.gid] });
        expect({ umask: s.umask, nice: s.nice, cwd: s.cwd, oom: s.oom_score_adj }).toEqual({
          umask: '0027',
          nice: 10,
          cwd: '/var/lib/larkspur',
          oom: '300',
        });
        expect(s.argv).toEqual([
          '/usr/bin/larkspur-indexd',
          '--data',
          '/var/lib/larkspur/index',
          '--log',
          '/var/log/larkspur/indexd.log',
        ]);
        const [w] = await c.probes.waitEvents('larkspur-indexd', (r) => r.event === 'writes');
        expect(w!.results!['/var/lib/larkspur/index']).toEqual({ ok: true, uid: l.uid, mode: '0640' }); // 0666 & ~027
        expect(await c.lab.show('larkspur-indexd.service', ['OOMScoreAdjust', 'Nice', 'UMask'])).toEqual({
          OOMScoreAdjust: '300',
          Nice: '10',
          UMask: '0027',
        });
      },
    );

    scenario(
      'cobalt-kvd runs as cobalt (without root as supplementary group, as warned) with its limits declared',
      async (c) => {
        await c.probes.configure('cobalt-kvd');
        await c.install(c.units('cobalt-kvd'));
        await startOk(c, 'cobalt-kvd.service');
        const s = await c.probes.waitStart('cobalt-kvd');
        const k = c.ids.cobalt!;
        expect({ uid: s.uid, gid: s.gid }).toEqual({ uid: k.uid, gid: k.gid });
        expect(s.groups).not.toContain(0);
        expect(warnings(c.conv.plain, 'cobalt-kvd')).toContain('convert/setuid-root-group');
        expect(s.argv).toEqual([
          '/usr/bin/cobalt-kvd',
          '--config',
          '/etc/cobalt/kvd.conf',
          '--data-dir',
          '/var/lib/cobalt',
          '--port',
          '6390',
        ]);
        // limits are declared but the lab cannot raise them (no CAP_SYS_RESOURCE): assert the unit's properties
        expect(
          await c.lab.show('cobalt-kvd.service', [
            'LimitNOFILE',
            'LimitNOFILESoft',
            'LimitCORE',
            'LimitCORESoft',
            'LimitMEMLOCK',
            'LimitMEMLOCKSoft',
            'TimeoutStopUSec',
          ]),
        ).toEqual({
          LimitNOFILE: '65536',
          LimitNOFILESoft: '65536',
          LimitCORE: 'infinity',
          LimitCORESoft: 'infinity',
          LimitMEMLOCK: 'infinity',
          LimitMEMLOCKSoft: 'infinity',
          TimeoutStopUSec: '1min',
        });
      },
    );

    scenario("fennel-proxyd's /etc/default options become separate arguments", async (c) => {
      await c.probes.configure('fennel-proxyd');
      await c.install(c.units('fennel-proxyd'));
      await startOk(c, 'fennel-proxyd.service');
      const s = await c.probes.waitStart('fennel-proxyd');
      expect(s.argv).toEqual([
        '/usr/sbin/fennel-proxyd',
        '--foreground',
        '--listen',
        '127.0.0.1:3128',
        '--cache-dir',
        '/var/cache/fennel',
        '--access-log',
        '/var/log/fennel/access.log',
      ]);
    });

    scenario(
      "heron-backupd's non-plain /etc/default file still runs as shell: TMPDIR exported and created, target chosen by its if",
      async (c) => {
        await c.probes.configure('heron-backupd');
        await c.install(c.units('heron-backupd'));
        await startOk(c, 'heron-backupd.service'); // the missing apparmor_parser (ExecStartPre=-) does not stop it
        let s = await c.probes.waitStart('heron-backupd');
        expect(s.argv).toEqual([
          '/usr/sbin/heron-backupd',
          '--foreground',
          '--spool',
          '/var/lib/heron',
          '--target',
          '/var/lib/heron/local',
          '--log',
          '/var/log/heron/backupd.log',
        ]);
        expect(s.env!.TMPDIR).toBe('/var/tmp/heron');
        expect(c.lab.exists('/var/tmp/heron')).toBe(true);
        // with the NAS mounted the same file picks the other branch, with $(hostname -s)
        await c.lab.exec(['mkdir', '-p', '/srv/nas/backup']);
        try {
          await c.probes.configure('heron-backupd');
          const r = await c.lab.systemctl(['restart', 'heron-backupd.service']);
          expect(r.code).toBe(0);
          s = await c.probes.waitStart('heron-backupd');
          expect(s.argv).toContain(`/srv/nas/backup/${c.hostname}`);
        } finally {
          await c.lab.exec(['rm', '-rf', '/srv/nas']);
        }
      },
    );

    scenario('net/sable-tunneld runs after its pre-start created /run/sable with mode 0700', async (c) => {
      await c.probes.configure('sable-tunneld', { stat: ['/var/run/sable'] });
      await c.install(c.units('net/sable-tunneld'));
      await startOk(c, 'net-sable-tunneld.service');
      const s = await c.probes.waitStart('sable-tunneld');
      expect(s.stat!['/var/run/sable']).toMatchObject({ type: 'dir', mode: '0700', uid: 0 });
      expect(s.argv).toEqual([
        '/usr/sbin/sable-tunneld',
        '--foreground',
        '--config',
        '/etc/sable/tunnel.conf',
        '--state-dir',
        '/var/lib/sable',
        '--control',
        '/var/run/sable/control',
      ]);
    });

    scenario(
      'a missing daemon program fails `systemctl start` with Type=exec (16.04: Type=simple, the start succeeds and the unit fails after)',
      async (c) => {
        await c.install(c.units('net/sable-tunneld'));
        await c.lab.exec(['rm', '-f', '/usr/sbin/sable-tunneld']);
        try {
          const r = await c.lab.systemctl(['start', 'net-sable-tunneld.service']);
          expect(await c.lab.prop('net-sable-tunneld.service', 'Type')).toBe(
            c.target === 'debian-12' ? 'exec' : 'simple',
          );
          if (c.target === 'debian-12') expect(r.code).not.toBe(0);
          else expect(r.code).toBe(0);
          await waitState(c, 'net-sable-tunneld.service', 'failed', 8000);
        } finally {
          await c.lab.exec(['install', '-m', '0755', PROBE_CLIENT, '/usr/sbin/sable-tunneld']);
        }
      },
    );

    scenario('brindle-worker runs as two template instances, @A and @B, each with its own QUEUE', async (c) => {
      await c.probes.configure('brindle-worker');
      await c.install(c.units('brindle-worker'));
      await startOk(c, 'brindle-worker@A.service');
      await startOk(c, 'brindle-worker@B.service');
      const starts = await c.probes.waitEvents('brindle-worker', (r) => r.event === 'start', 2);
      const byQueue = Object.fromEntries(starts.map((s) => [s.env!.QUEUE, s]));
      for (const q of ['A', 'B']) {
        const s = byQueue[q]!;
        expect(s.argv).toEqual([
          '/usr/bin/brindle-worker',
          '--queue',
          q,
          '--concurrency',
          '2',
          '--broker',
          '127.0.0.1:6390',
          '--log-file',
          `/var/log/brindle/worker-${q}.log`,
        ]);
        expect(s.env).toMatchObject({ QUEUE: q, WORKERS: '2', BROKER: '127.0.0.1:6390' });
        expect({ uid: s.uid, gid: s.gid }).toEqual(c.ids.brindle);
        expect(await mainPid(c, `brindle-worker@${q}.service`)).toBe(s.pid);
      }
      await stopTimed(c, 'brindle-worker@A.service');
      expect(await c.lab.prop('brindle-worker@B.service', 'ActiveState')).toBe('active');
      expect(c.lab.alive(byQueue.B!.pid)).toBe(true);
    });
  });
});
