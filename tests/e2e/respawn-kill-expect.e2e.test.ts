/**
 * End-to-end: respawn, `normal exit` and `respawn limit`; the kill signal, kill timeout and reload
 * signal; `expect fork`, `expect daemon` and `expect stop` — under a real systemd, once per target
 * (scenario.ts).
 */
import type { Variant } from './convert';
import { sleep } from './harness';
import { mainPid, sigs, startOk, stopTimed, waitState } from './helpers';
import { e2eSuite, scenario } from './scenario';

e2eSuite(() => {
  // ============================================================================ respawn

  describe('respawn, normal exit and respawn limit', () => {
    scenario('a respawning job whose daemon exits 0 is restarted (u2s-respawner)', async (c) => {
      const clean = { exit_after: 0.2, exit_code: 0 };
      await c.probes.configure('u2s-respawner', { runs: [clean, clean, {}] });
      await c.install(c.units('u2s-respawner', 'jobs'));
      await startOk(c, 'u2s-respawner.service');
      await c.probes.waitEvents('u2s-respawner', (r) => r.event === 'start', 3);
      const p = await waitState(c, 'u2s-respawner.service', 'active');
      expect(p.NRestarts).toBe('2');
    });

    scenario(
      'acme-relayd: exit 3 is respawned, exit 78 and exit 0 (normal exit 0 78) are not, and the unit is not failed',
      async (c) => {
        const exit = (code: number) => ({ exit_after: 0.3, exit_code: code });
        await c.probes.configure('acme-relayd', { runs: [exit(3), exit(78), exit(0)] });
        await c.install(c.units('acme-relayd'));
        await startOk(c, 'acme-relayd.service');
        await c.probes.waitEvents('acme-relayd', (r) => r.event === 'exit' && r.code === 78);
        let p = await waitState(c, 'acme-relayd.service', 'inactive');
        await sleep(400);
        expect((await c.probes.events('acme-relayd', 'exit')).map((r) => r.code)).toEqual([3, 78]); // one respawn, after exit 3
        expect(p.Result).toBe('success');
        await startOk(c, 'acme-relayd.service');
        await c.probes.waitEvents('acme-relayd', (r) => r.event === 'exit' && r.code === 0);
        p = await waitState(c, 'acme-relayd.service', 'inactive');
        await sleep(400);
        expect((await c.probes.events('acme-relayd', 'exit')).map((r) => r.code)).toEqual([3, 78, 0]);
        expect(p.Result).toBe('success');
      },
    );

    const limit = (
      job: 'acme-relayd (override: respawn limit 10 60)' | 'acme-relayd (packaged: respawn limit 3 10)',
      variant: Variant,
      runs: number,
    ): void =>
      scenario(`${job} stops respawning after the first run plus ${runs - 1} respawns`, async (c) => {
        await c.probes.configure('acme-relayd', { exit_after: 0, exit_code: 1 });
        const files = c.units('acme-relayd', variant);
        // the older spelling for 16.04 (StartLimitInterval= in [Service]) is what is loaded here
        const service = files['acme-relayd.service']!;
        if (c.target === 'ubuntu-16.04') expect(service).toMatch(/\[Service\][^[]*\nStartLimitInterval=\d+\n/);
        else expect(service).toMatch(/\[Unit\][^[]*\nStartLimitIntervalSec=\d+\n/);
        await c.install(files);
        expect(await c.lab.show('acme-relayd.service', ['StartLimitBurst', 'StartLimitIntervalUSec'])).toEqual(
          variant === 'plain'
            ? { StartLimitBurst: '11', StartLimitIntervalUSec: '1min' }
            : { StartLimitBurst: '4', StartLimitIntervalUSec: '10s' },
        );
        const cursor = await c.lab.cursor();
        await c.lab.systemctl(['start', 'acme-relayd.service']);
        await waitState(c, 'acme-relayd.service', 'failed', 15_000);
        await sleep(500);
        expect(await c.lab.journal('acme-relayd.service', cursor)).toContain('Start request repeated too quickly.');
        expect(await c.probes.events('acme-relayd', 'start')).toHaveLength(runs);
      });
    limit('acme-relayd (override: respawn limit 10 60)', 'plain', 11);
    limit('acme-relayd (packaged: respawn limit 3 10)', 'acme-base', 4);
  });

  // ============================================================================ signals

  describe('kill signal, kill timeout and reload signal', () => {
    scenario(
      'acme-relayd gets SIGUSR1 on `systemctl reload` and SIGINT (not SIGTERM) on `systemctl stop`',
      async (c) => {
        await c.probes.configure('acme-relayd');
        await c.install(c.units('acme-relayd'));
        await startOk(c, 'acme-relayd.service');
        const s = await c.probes.waitStart('acme-relayd');
        expect(s.argv).toEqual([
          '/usr/sbin/acme-relayd',
          '--config',
          '/etc/acme/relayd.conf',
          '--foreground',
          '--log-file',
          '/var/log/acme/relayd.log',
          '--upstream',
          'dr-collector.internal:7070',
        ]);
        expect((await c.lab.systemctl(['reload', 'acme-relayd.service'])).code).toBe(0);
        await c.probes.waitEvents('acme-relayd', (r) => r.event === 'signal' && r.sig === 'SIGUSR1');
        expect(await mainPid(c, 'acme-relayd.service')).toBe(s.pid);
        const ms = await stopTimed(c, 'acme-relayd.service');
        expect(await sigs(c, 'acme-relayd')).toEqual(['SIGUSR1', 'SIGINT']);
        expect(ms).toBeLessThan(2000);
        expect(await c.lab.show('acme-relayd.service', ['ActiveState', 'Result', 'TimeoutStopUSec'])).toEqual({
          ActiveState: 'inactive',
          Result: 'success',
          TimeoutStopUSec: '20s',
        });
      },
    );

    const stubborn = (job: string, timeout: number): void =>
      scenario(
        `${job}: a daemon ignoring SIGTERM is killed ${timeout} s after \`systemctl stop\` (kill timeout ${timeout === 5 ? 'default' : timeout})`,
        async (c) => {
          await c.probes.configure(job, { ignore: ['SIGTERM'] });
          await c.install(c.units(job, 'jobs'));
          await startOk(c, `${job}.service`);
          const s = await c.probes.waitStart(job);
          const ms = await stopTimed(c, `${job}.service`);
          expect(await sigs(c, job)).toEqual(['SIGTERM']);
          expect(ms).toBeGreaterThanOrEqual(timeout * 1000 - 100);
          expect(ms).toBeLessThan(timeout * 1000 + 1500);
          expect(c.lab.alive(s.pid)).toBe(false);
          expect(await c.probes.events(job, 'exit')).toHaveLength(0); // it did not leave by itself: SIGKILL
        },
        { timeoutMs: 30_000 },
      );
    stubborn('u2s-stubborn', 2);
    stubborn('u2s-stubborn-default', 5);
  });

  // ============================================================================ expect fork / daemon / stop

  describe('expect fork, expect daemon and expect stop', () => {
    scenario(
      'grebe-monitord (expect fork): the forked daemon is the main PID and `systemctl stop` kills it',
      async (c) => {
        await c.probes.configure('grebe-monitord', { fork: 1, pidfile_arg: '--pidfile' });
        await c.install(c.units('grebe-monitord'));
        await startOk(c, 'grebe-monitord.service');
        const [d] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'daemon');
        const [parent] = await c.probes.waitEvents('grebe-monitord', (r) => r.event === 'parent-exit');
        expect(parent!.pid).not.toBe(d!.pid);
        expect(await mainPid(c, 'grebe-monitord.service')).toBe(d!.pid);
        expect(c.lab.read('/var/run/grebe-monitord.pid')?.trim()).toBe(String(d!.pid));
        await stopTimed(c, 'grebe-monitord.service');
        expect(await sigs(c, 'grebe-monitord', d!.pid)).toEqual(['SIGTERM']);
        expect(c.lab.alive(d!.pid)).toBe(false);
      },
    );

    scenario(
      'ossory-syncd (expect daemon, manual) is only started by hand; its double-forked daemon is the main PID and is stopped',
      async (c) => {
        await c.probes.configure('ossory-syncd', { fork: 2, pidfile_arg: '--pid-file' });
        await c.install(c.units('ossory-syncd'));
        expect(await c.lab.prop('ossory-syncd.service', 'UnitFileState')).toBe('static'); // no [Install]: `manual`
        await startOk(c, 'ossory-syncd.service');
        const [d] = await c.probes.waitEvents('ossory-syncd', (r) => r.event === 'daemon');
        const [mid] = await c.probes.waitEvents('ossory-syncd', (r) => r.event === 'intermediate-exit');
        expect(d!.sid).toBe(mid!.pid); // fork, setsid, fork
        expect(await mainPid(c, 'ossory-syncd.service')).toBe(d!.pid);
        expect(c.lab.read('/var/run/ossory/syncd.pid')?.trim()).toBe(String(d!.pid));
        await stopTimed(c, 'ossory-syncd.service');
        expect(c.lab.alive(d!.pid)).toBe(false);
      },
    );

    scenario(
      'u2s-selfstop (expect stop): the start completes once the daemon stopped itself, and it is resumed',
      async (c) => {
        await c.probes.configure('u2s-selfstop', { sigstop: true });
        await c.install(c.units('u2s-selfstop', 'jobs'));
        await startOk(c, 'u2s-selfstop.service');
        expect(await c.probes.events('u2s-selfstop', 'sigstop')).toHaveLength(1); // before start returned
        const [resumed] = await c.probes.waitEvents('u2s-selfstop', (r) => r.event === 'resumed');
        expect(c.lab.procState(resumed!.pid)).not.toBe('T');
        expect(await c.lab.prop('u2s-selfstop.service', 'ActiveState')).toBe('active');
      },
    );
  });
});
