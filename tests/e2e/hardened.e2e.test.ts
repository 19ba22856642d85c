/**
 * End-to-end: the examples converted with the hardening presets (readonly-tmp, dynamic-user,
 * recommended) still do their work, write where the profile lets them, and nowhere else — under a
 * real systemd, once per target (scenario.ts).
 */
import { warnings } from './convert';
import { mainPid, sigs, startOk, stopTimed, waitState } from './helpers';
import { PROBE_CLIENT } from './probes';
import { e2eSuite, scenario, type Ctx } from './scenario';

e2eSuite(() => {
  // ============================================================================ hardened variants

  describe('hardened variants still do their work, write where the profile lets them, and nowhere else', () => {
    const ETC = '/etc/u2s-hardening-probe';
    const strictVarLib = (c: Ctx) => (c.target === 'debian-12' ? { ok: false, error: 'EROFS' } : { ok: true }); // 16.04: ProtectSystem=full

    scenario(
      'readonly-tmp tallow-cached serves from its RuntimeDirectory, has a private /tmp and cannot write /etc',
      async (c) => {
        const unit = 'tallow-cached.service';
        await c.probes.configure(
          'tallow-cached',
          {
            record: 'stdout',
            unix_server_arg: '--socket',
            write_pid: '/var/run/tallow/tallow.pid',
            try_write: [
              '/run/tallow/probe-write',
              ETC,
              '/tmp/u2s-private-tmp-probe',
              '/var/lib/u2s-probe/tallow-hardened',
            ],
          },
          unit,
        );
        await c.probes.configure('tallow-ctl', { record: 'stdout', unix_client_arg: '--socket' }, unit);
        await c.install(c.units('tallow-cached', 'readonly-tmp'));
        expect(await c.lab.show(unit, ['ProtectSystem', 'PrivateTmp'])).toEqual({
          ProtectSystem: c.target === 'debian-12' ? 'strict' : 'full',
          PrivateTmp: 'yes',
        });
        await startOk(c, unit);
        const [w] = await c.probes.waitEvents('tallow-cached', (r) => r.event === 'writes');
        expect(w!.results!['/run/tallow/probe-write']).toMatchObject({ ok: true });
        expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
        expect(w!.results!['/tmp/u2s-private-tmp-probe']).toMatchObject({ ok: true });
        expect(c.lab.exists('/tmp/u2s-private-tmp-probe')).toBe(false);
        expect(w!.results!['/var/lib/u2s-probe/tallow-hardened']).toMatchObject(strictVarLib(c));
        const [ping] = await c.probes.waitEvents('tallow-ctl', (r) => r.event === 'client' && r.command === 'ping');
        expect(ping!.reply).toMatch(/^tallow-cached ok ping/);
        await stopTimed(c, unit);
        const [flush] = await c.probes.waitEvents('tallow-ctl', (r) => r.event === 'client' && r.command === 'flush');
        const [term] = await c.probes.waitEvents('tallow-cached', (r) => r.event === 'signal' && r.sig === 'SIGTERM');
        expect(flush!.reply).toMatch(/^tallow-cached ok flush/);
        expect(flush!.mono).toBeLessThan(term!.mono);
        expect(c.lab.exists(ETC)).toBe(false);
      },
    );

    scenario('readonly-tmp tallow-warmup finishing leaves tallow-cached its socket in /run/tallow', async (c) => {
      await c.probes.configure(
        'tallow-cached',
        { unix_server_arg: '--socket', write_pid: '/var/run/tallow/tallow.pid', record: 'stdout' },
        'tallow-cached.service',
      );
      await c.probes.configure(
        'tallow-ctl',
        { unix_client_arg: '--socket', record: 'stdout' },
        'tallow-cached.service',
      );
      await c.probes.configure('tallow-warmup', {
        unix_client_arg: '--socket',
        record: '/var/lib/tallow/warmup-probe.jsonl',
      });
      await c.install({ ...c.units('tallow-cached', 'readonly-tmp'), ...c.units('tallow-warmup', 'readonly-tmp') });
      await c.enable('tallow-warmup.service');
      await startOk(c, 'tallow-cached.service');
      const [w] = await c.probes.waitEvents('tallow-warmup', (r) => r.event === 'client');
      expect(w!.reply).toMatch(/^tallow-cached ok/);
      await waitState(c, 'tallow-warmup.service', 'inactive');
      expect(await c.lab.prop('tallow-cached.service', 'ActiveState')).toBe('active');
      const r = await c.lab.exec(['/usr/bin/tallow-ctl', '--socket', '/var/run/tallow/tallow.sock', 'ping'], {
        check: false,
      });
      expect({ socketExists: c.lab.exists('/run/tallow/tallow.sock'), pingExit: r.code }).toEqual({
        socketExists: true,
        pingExit: 0,
      });
    });

    scenario(
      'dynamic-user pewter-gatewayd runs as an ephemeral user writing its StateDirectory and ' +
        'LogsDirectory only (16.04: DynamicUser dropped, root as under Upstart)',
      async (c) => {
        const unit = 'pewter-gatewayd.service';
        await c.probes.configure('pewter-gatewayd', {
          record: '/var/lib/pewter/probe.jsonl',
          try_write: [
            '/var/lib/pewter/state.db',
            '/var/log/pewter/access.log',
            ETC,
            '/var/lib/u2s-probe/pewter-dynamic',
          ],
        });
        await c.install(c.units('pewter-gatewayd', 'dynamic-user'));
        await startOk(c, unit);
        const s = await c.probes.waitStart('pewter-gatewayd');
        expect(s.argv).toContain('pewter gateway (edge)');
        const [w] = await c.probes.waitEvents('pewter-gatewayd', (r) => r.event === 'writes');
        expect(w!.results!['/var/lib/pewter/state.db']).toMatchObject({ ok: true, uid: s.uid });
        expect(w!.results!['/var/log/pewter/access.log']).toMatchObject({ ok: true, uid: s.uid });
        if (c.target === 'debian-12') {
          expect(s.uid).toBeGreaterThanOrEqual(61184);
          expect(s.uid).toBeLessThanOrEqual(65519);
          expect((await c.lab.exec(['getent', 'passwd', 'pewter-gatewayd'])).stdout).toContain(`:${s.uid}:`);
          expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
          expect(w!.results!['/var/lib/u2s-probe/pewter-dynamic']).toEqual({ ok: false, error: 'EROFS' });
        } else {
          expect(warnings(c.conv['dynamic-user'], 'pewter-gatewayd')).toContain('harden/dynamic-user-target');
          expect(s.uid).toBe(0);
        }
      },
    );

    scenario(
      'dynamic-user plover-statusd (a nobody job) is still socket-activated, unprivileged, writes its StateDirectory and not /etc',
      async (c) => {
        const unit = 'plover-statusd.service';
        await c.probes.configure(
          'plover-statusd',
          { record: 'stdout', listen_fd_env: 'UPSTART_FDS', try_write: ['/var/lib/plover/status', ETC] },
          unit,
        );
        await c.install(c.units('plover-statusd', 'dynamic-user'));
        await c.enable('plover-statusd.socket', true);
        c.touched.add(unit);
        const r = await c.lab.exec([
          '/usr/bin/python3',
          PROBE_CLIENT,
          '--client',
          'tcp',
          '127.0.0.1',
          '7411',
          'status',
        ]);
        expect(r.stdout).toMatch(/^plover-statusd ok status/);
        const s = await c.probes.waitStart('plover-statusd');
        const [w] = await c.probes.waitEvents('plover-statusd', (x) => x.event === 'writes');
        expect(w!.results!['/var/lib/plover/status']).toMatchObject({ ok: true });
        if (c.target === 'debian-12') {
          expect(s.uid).toBeGreaterThanOrEqual(61184);
          expect(s.uid).toBeLessThanOrEqual(65519);
          expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
        } else {
          // DynamicUser= (232) is skipped for 229 (harden/dynamic-user-target): the job's own `setuid nobody` / `setgid nogroup` must stay
          expect(warnings(c.conv['dynamic-user'], 'plover-statusd')).toContain('harden/dynamic-user-target');
          expect({ uid: s.uid, gid: s.gid, etcWritable: w!.results![ETC]!.ok }).toEqual({
            uid: c.ids.nobody!.uid,
            gid: c.ids.nogroup!.gid,
            etcWritable: false,
          });
        }
      },
    );

    scenario(
      'recommended acme-relayd logs into its LogsDirectory, cannot write /etc, and still takes SIGUSR1 reloads and SIGINT stops',
      async (c) => {
        const unit = 'acme-relayd.service';
        await c.probes.configure('acme-relayd', {
          record: '/var/log/acme/probe.jsonl',
          try_write: ['/var/log/acme/relayd.log', ETC, '/var/lib/u2s-probe/acme-recommended'],
        });
        await c.install(c.units('acme-relayd', 'recommended'));
        await startOk(c, unit);
        const s = await c.probes.waitStart('acme-relayd');
        const [w] = await c.probes.waitEvents('acme-relayd', (r) => r.event === 'writes');
        expect(w!.results!['/var/log/acme/relayd.log']).toMatchObject({ ok: true });
        expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
        expect(w!.results!['/var/lib/u2s-probe/acme-recommended']).toMatchObject(strictVarLib(c));
        expect((await c.lab.systemctl(['reload', unit])).code).toBe(0);
        await c.probes.waitEvents('acme-relayd', (r) => r.event === 'signal' && r.sig === 'SIGUSR1');
        await stopTimed(c, unit);
        expect(await sigs(c, 'acme-relayd')).toEqual(['SIGUSR1', 'SIGINT']);
        expect(c.lab.alive(s.pid)).toBe(false);
        expect(await c.lab.show(unit, ['NoNewPrivileges', 'PrivateDevices', 'ProtectHome'])).toEqual({
          NoNewPrivileges: 'yes',
          PrivateDevices: 'yes',
          ProtectHome: 'yes',
        });
      },
    );

    scenario(
      'recommended grebe-monitord forks, writes its pid file and StateDirectory, is tracked and stopped, and cannot write /etc',
      async (c) => {
        const unit = 'grebe-monitord.service';
        await c.probes.configure('grebe-monitord', {
          record: '/var/lib/grebe/probe.jsonl',
          fork: 1,
          pidfile_arg: '--pidfile',
          try_write: ['/var/lib/grebe/state', ETC],
        });
        await c.install(c.units('grebe-monitord', 'recommended'));
        await startOk(c, unit);
        const [d] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'daemon');
        const [w] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'writes');
        expect(w!.results!['/var/lib/grebe/state']).toMatchObject({ ok: true });
        expect(w!.results![ETC]).toEqual({ ok: false, error: 'EROFS' });
        expect(await mainPid(c, unit)).toBe(d!.pid);
        await stopTimed(c, unit);
        expect(c.lab.alive(d!.pid)).toBe(false);
      },
    );
  });
});
