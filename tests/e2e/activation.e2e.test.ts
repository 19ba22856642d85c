/**
 * End-to-end: jobs that something else starts — a connection to the socket of `start on socket`,
 * or another job's `start` command and `started` event — under a real systemd, once per target
 * (scenario.ts).
 */
import { ruleIds, warnings } from './convert';
import { startOk, stopTimed, waitState } from './helpers';
import { PROBE_CLIENT } from './probes';
import { e2eSuite, scenario, type Ctx } from './scenario';

e2eSuite(() => {
  // ============================================================================ socket activation

  describe('start on socket', () => {
    scenario(
      'plover-statusd is started by a connection to its .socket on 127.0.0.1:7411 and answers on the listening fd from UPSTART_FDS',
      async (c) => {
        await c.probes.configure('plover-statusd', { listen_fd_env: 'UPSTART_FDS' });
        await c.install(c.units('plover-statusd'));
        await c.enable('plover-statusd.socket', true);
        c.touched.add('plover-statusd.service');
        expect(await c.lab.prop('plover-statusd.service', 'ActiveState')).toBe('inactive');
        const r = await c.lab.exec([
          '/usr/bin/python3',
          PROBE_CLIENT,
          '--client',
          'tcp',
          '127.0.0.1',
          '7411',
          'status',
        ]);
        expect(r.stdout).toMatch(new RegExp(`^plover-statusd ok status pid=\\d+ uid=${c.ids.nobody!.uid}`));
        const s = (await c.probes.events('plover-statusd', 'start'))[0]!;
        expect({ uid: s.uid, gid: s.gid }).toEqual({ uid: c.ids.nobody!.uid, gid: c.ids.nogroup!.gid });
        expect(s.env!.UPSTART_FDS).toBe('3');
        expect(s.fds!['3']).toMatch(/^socket:/);
        expect((await c.probes.events('plover-statusd', 'listen'))[0]!.sockname).toEqual(['127.0.0.1', 7411]);
        expect(await c.lab.prop('plover-statusd.service', 'ActiveState')).toBe('active');
        const again = await c.lab.exec([
          '/usr/bin/python3',
          PROBE_CLIENT,
          '--client',
          'tcp',
          '127.0.0.1',
          '7411',
          'again',
        ]);
        expect(again.stdout).toContain(`pid=${s.pid}`);
      },
    );

    scenario(
      'u2s-portd (instance $PORT) is started as the instance u2s-portd@7412 its socket event named, with PORT=7412',
      async (c) => {
        const unit = 'u2s-portd@7412.service';
        await c.probes.configure('u2s-portd', { listen_fd_env: 'UPSTART_FDS' });
        await c.install(c.units('u2s-portd', 'jobs'));
        expect(ruleIds(c.conv.jobs, 'u2s-portd')).toContain('convert/activation-instance');
        await c.enable('u2s-portd.socket', true);
        c.touched.add(unit);
        const r = await c.lab.exec(['/usr/bin/python3', PROBE_CLIENT, '--client', 'tcp', '127.0.0.1', '7412', 'hello']);
        expect(r.stdout).toMatch(/^u2s-portd ok hello pid=\d+/);
        const s = (await c.probes.events('u2s-portd', 'start'))[0]!;
        expect({ argv: s.argv, port: s.env!.PORT, fds: s.env!.UPSTART_FDS }).toEqual({
          argv: ['/usr/local/sbin/u2s-portd', '--port', '7412'],
          port: '7412',
          fds: '3',
        });
        expect(await c.lab.show(unit, ['ActiveState', 'MainPID'])).toEqual({
          ActiveState: 'active',
          MainPID: String(s.pid),
        });
      },
    );
  });

  // ============================================================================ jobs started by other jobs

  describe('jobs started by other jobs', () => {
    const queues = async (c: Ctx): Promise<void> => {
      await c.probes.configure('cobalt-kvd');
      await c.probes.configure('brindle-worker');
      await c.install({ ...c.units('cobalt-kvd'), ...c.units('brindle-queues'), ...c.units('brindle-worker') });
      await c.enable('brindle-queues.service');
      await startOk(c, 'cobalt-kvd.service');
      const p = await waitState(c, 'brindle-queues.service', 'inactive');
      expect(p.Result).toBe('success');
      const ts = await c.lab.show('brindle-queues.service', ['ExecMainStartTimestampMonotonic']);
      const tc = await c.lab.show('cobalt-kvd.service', ['ExecMainStartTimestampMonotonic']);
      expect(Number(ts.ExecMainStartTimestampMonotonic)).toBeGreaterThan(Number(tc.ExecMainStartTimestampMonotonic));
    };

    scenario(
      'brindle-queues runs as a task when cobalt-kvd starts (its `start` calls go through the systemctl shim: convert/upstart-command-shim)',
      async (c) => {
        expect(ruleIds(c.conv.plain, 'brindle-queues')).toContain('convert/upstart-command-shim');
        expect(warnings(c.conv.plain, 'brindle-queues')).not.toContain('convert/upstart-command');
        await queues(c);
      },
    );

    scenario(
      "u2s-waiter (start on u2s-ready) is started when u2s-emitter's post-start runs `initctl emit u2s-ready`",
      async (c) => {
        await c.probes.configure('u2s-emitter');
        await c.probes.configure('u2s-waiter');
        await c.install({ ...c.units('u2s-emitter', 'jobs'), ...c.units('u2s-waiter', 'jobs') });
        expect(ruleIds(c.conv.jobs, 'u2s-waiter')).toContain('convert/event-emitted');
        c.touched.add('u2s-waiter.service');
        expect(await c.lab.prop('u2s-waiter.service', 'ActiveState')).toBe('inactive');
        await startOk(c, 'u2s-emitter.service');
        const w = await c.probes.waitStart('u2s-waiter');
        // started after the emitter's main process was spawned (its post-start runs then; with
        // Type=simple that can be before the probe in it has even recorded its own start)
        const spawned = Number(await c.lab.prop('u2s-emitter.service', 'ExecMainStartTimestampMonotonic')) / 1e6;
        expect(spawned).toBeGreaterThan(0);
        expect(w.mono).toBeGreaterThan(spawned);
        expect((await waitState(c, 'u2s-waiter.service', 'active')).MainPID).toBe(String(w.pid));
      },
    );

    scenario(
      'brindle-queues starts one brindle-worker per queue of /etc/default/brindle, as `start brindle-worker QUEUE=…` did',
      async (c) => {
        await queues(c);
        const starts = await c.probes.waitEvents('brindle-worker', (r) => r.event === 'start', 3, 5000);
        expect(starts.map((s) => s.argv![2]).sort()).toEqual(['mail', 'reports', 'thumbnails']);
        for (const q of ['mail', 'thumbnails', 'reports'])
          expect(await c.lab.prop(`brindle-worker@${q}.service`, 'ActiveState')).toBe('active');
        for (const q of ['mail', 'thumbnails', 'reports']) await stopTimed(c, `brindle-worker@${q}.service`);
      },
    );
  });
});
