/**
 * End-to-end: the converted pre-start, post-start, pre-stop and post-stop hooks run when Upstart
 * ran them (and in its order), and the `stop; exit 0` pre-start idiom neither starts nor fails the
 * unit — under a real systemd, once per target (scenario.ts).
 */
import { ruleIds, warnings } from './convert';
import { sleep } from './harness';
import { startOk, stopTimed, waitState } from './helpers';
import { e2eSuite, scenario } from './scenario';

e2eSuite(() => {
  // ============================================================================ lifecycle scripts

  describe('pre-start, post-start, pre-stop and post-stop run when Upstart ran them', () => {
    const tallowConf = {
      unix_server_arg: '--socket',
      write_pid: '/var/run/tallow/tallow.pid',
      stat: ['/var/run/tallow'],
    };

    const helpers = {
      'script-inline': [],
      plain: ['tallow-cached-post-stop.sh', 'tallow-cached-pre-start.sh'],
      'script-files': ['tallow-cached-post-stop.sh', 'tallow-cached-pre-start.sh', 'tallow-cached-pre-stop.sh'],
    };
    for (const variant of ['script-inline', 'plain', 'script-files'] as const) {
      const how = {
        'script-inline': 'inline (--scripts inline)',
        plain: 'the multi-line ones from helper scripts (--scripts auto)',
        'script-files': 'from helper scripts (--scripts files)',
      }[variant];
      scenario(
        `tallow-cached, hooks ${how}: pre-start prepares /run/tallow before main, post-start pings it, ` +
          `pre-stop flushes before the kill signal, post-stop cleans up`,
        async (c) => {
          await c.lab.exec(['rm', '-rf', '/run/tallow']); // made by pre-start, left by post-stop: show it is made anew
          await c.probes.configure('tallow-cached', tallowConf);
          await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
          const files = c.units('tallow-cached', variant);
          const scripts = Object.keys(files)
            .filter((n) => n.endsWith('.sh'))
            .sort();
          expect(scripts).toEqual(helpers[variant]);
          await c.install(files);
          await startOk(c, 'tallow-cached.service');
          // `systemctl start` returned after post-start, like `initctl start`
          const ping = (await c.probes.events('tallow-ctl', 'client')).find((r) => r.command === 'ping');
          expect(ping?.reply).toMatch(/^tallow-cached ok ping/);
          const main = (await c.probes.events('tallow-cached', 'start'))[0]!;
          expect(ping!.reply).toContain(`pid=${main.pid}`); // post-start talked to the running main process
          const t = c.ids.tallow!;
          expect(main.stat!['/var/run/tallow']).toEqual({ type: 'dir', mode: '0750', uid: t.uid, gid: t.gid });
          expect(main.argv).toEqual([
            '/usr/bin/tallow-cached',
            '--user',
            'tallow',
            '--socket',
            '/var/run/tallow/tallow.sock',
            '--memory',
            '256',
          ]);

          await stopTimed(c, 'tallow-cached.service');
          const flush = (await c.probes.events('tallow-ctl', 'client')).find((r) => r.command === 'flush');
          expect(flush?.reply).toMatch(/^tallow-cached ok flush/); // the daemon was still there to answer
          const term = (await c.probes.events('tallow-cached', 'signal')).find((r) => r.sig === 'SIGTERM');
          expect(term).toBeDefined();
          expect(flush!.mono).toBeLessThan(term!.mono);
          expect(c.lab.exists('/run/tallow/tallow.sock')).toBe(false);
          expect(c.lab.exists('/run/tallow/tallow.pid')).toBe(false);
          expect(await c.lab.prop('tallow-cached.service', 'ActiveState')).toBe('inactive');
        },
      );
    }

    scenario(
      'tallow-cached: pre-stop does not run when the daemon exits 0 by itself; the job respawns and post-stop runs in between',
      async (c) => {
        await c.probes.configure('tallow-cached', {
          runs: [{ ...tallowConf, exit_after: 0.4, exit_code: 0 }, tallowConf],
        });
        await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
        await c.install(c.units('tallow-cached'));
        await startOk(c, 'tallow-cached.service');
        const starts = await c.probes.waitEvents('tallow-cached', (r) => r.event === 'start', 2);
        // run 2 could bind its socket again: post-stop removed the old one between the runs
        await c.probes.waitEvents('tallow-cached', (r) => r.event === 'listen' && r.run === 2);
        await waitState(c, 'tallow-cached.service', 'active');
        expect(await c.lab.prop('tallow-cached.service', 'NRestarts')).toBe('1');
        const clients = () => c.probes.events('tallow-ctl', 'client');
        expect((await clients()).filter((r) => r.command === 'flush')).toHaveLength(0);
        expect((await clients()).filter((r) => r.command === 'ping')).toHaveLength(2);
        await stopTimed(c, 'tallow-cached.service');
        const flushes = (await clients()).filter((r) => r.command === 'flush');
        expect(flushes).toHaveLength(1);
        expect(flushes[0]!.reply).toContain(`pid=${starts[1]!.pid}`);
      },
    );

    scenario(
      'tallow-cached: a failing pre-start prevents the start; systemd retries it up to the start limit, as convert/pre-start-restart says',
      async (c) => {
        expect(ruleIds(c.conv.plain, 'tallow-cached')).toContain('convert/pre-start-restart');
        await c.probes.configure('tallow-cached', tallowConf);
        await c.install(c.units('tallow-cached'));
        await c.lab.exec(['sh', '-c', 'rm -rf /run/tallow && touch /run/tallow']); // mkdir -p /var/run/tallow fails
        try {
          const r = await c.lab.systemctl(['start', 'tallow-cached.service']);
          expect(r.code).not.toBe(0);
          const p = await waitState(c, 'tallow-cached.service', 'failed', 8000);
          expect(await c.probes.events('tallow-cached', 'start')).toHaveLength(0);
          // Upstart ran the pre-start once and failed the job; systemd retries until `respawn limit` (StartLimitBurst=) is reached, then fails it
          const burst = Number((await c.lab.show('tallow-cached.service', ['StartLimitBurst'])).StartLimitBurst);
          const journal = await c.lab.journal('tallow-cached.service');
          const attempts = journal.split('\n').filter((l) => l.includes('cannot create directory')).length;
          expect({
            ActiveState: p.ActiveState,
            attempts,
            limitHit: /Start request repeated too quickly/.test(journal),
          }).toEqual({ ActiveState: 'failed', attempts: burst, limitHit: true });
        } finally {
          await c.lab.exec(['rm', '-f', '/run/tallow']);
          await c.lab.systemctl(['reset-failed', 'tallow-cached.service']);
        }
      },
    );

    scenario(
      'tallow-warmup (a task on `started tallow-cached`) runs once the cache is up, with its output on the console',
      async (c) => {
        await c.probes.configure('tallow-cached', tallowConf);
        await c.probes.configure('tallow-ctl', { unix_client_arg: '--socket' });
        await c.probes.configure('tallow-warmup', { unix_client_arg: '--socket' });
        await c.install({ ...c.units('tallow-cached'), ...c.units('tallow-warmup') });
        await c.enable('tallow-warmup.service');
        await startOk(c, 'tallow-cached.service');
        const [w] = await c.probes.waitEvents('tallow-warmup', (r) => r.event === 'client');
        expect(w!.reply).toMatch(/^tallow-cached ok \/var\/lib\/tallow\/warm.list/);
        const ws = (await c.probes.events('tallow-warmup', 'start'))[0]!;
        const cs = (await c.probes.events('tallow-cached', 'start'))[0]!;
        expect(ws.mono).toBeGreaterThan(cs.mono);
        expect(ws.fds!['1']).toBe('/dev/console');
        expect(ws.fds!['2']).toBe('/dev/console');
        const p = await waitState(c, 'tallow-warmup.service', 'inactive');
        expect(p.Result).toBe('success');
      },
    );
  });

  // ============================================================================ the stop; exit 0 idiom

  describe('the `stop; exit 0` pre-start idiom', () => {
    for (const variant of ['script-inline', 'script-files'] as const) {
      scenario(
        'marten-exporter with ENABLED=no is not started and not failed' +
          `${variant === 'script-inline' ? '' : ', its pre-start a helper script (--scripts files)'}` +
          ' (16.04: fails, as warned)',
        async (c) => {
          await c.probes.configure('marten-exporter');
          const files = c.units('marten-exporter', variant);
          expect(Object.keys(files).some((n) => n.endsWith('.sh'))).toBe(variant === 'script-files');
          await c.install(files);
          await c.lab.exec(['sed', '-i', 's/^ENABLED=.*/ENABLED=no/', '/etc/default/marten-exporter']);
          try {
            const cursor = await c.lab.cursor();
            const r = await c.lab.systemctl(['start', 'marten-exporter.service']);
            if (c.target === 'debian-12') {
              expect(r.code).toBe(0);
              await sleep(300);
              const p = await waitState(c, 'marten-exporter.service', 'inactive');
              expect({ Result: p.Result, NRestarts: p.NRestarts }).toEqual({ Result: 'success', NRestarts: '0' });
              expect(await c.lab.journal('marten-exporter.service', cursor)).toContain(
                "Skipped due to 'exec-condition'",
              );
            } else {
              expect(warnings(c.conv[variant], 'marten-exporter')).toContain('convert/stop-idiom-fails-start');
              expect(r.code).not.toBe(0);
              await waitState(c, 'marten-exporter.service', 'failed', 8000);
              expect(await c.lab.journal('marten-exporter.service', cursor)).toContain(
                'marten-exporter: pre-start asked to stop; failing the start',
              );
            }
            expect(await c.probes.events('marten-exporter', 'start')).toHaveLength(0);
            expect(c.lab.exists('/var/lib/marten')).toBe(false); // the rest of pre-start did not run
          } finally {
            await c.lab.exec(['sed', '-i', 's/^ENABLED=.*/ENABLED=yes/', '/etc/default/marten-exporter']);
          }
        },
      );
    }

    scenario('marten-exporter with ENABLED=yes runs with the options of /etc/default/marten-exporter', async (c) => {
      await c.probes.configure('marten-exporter');
      await c.install(c.units('marten-exporter'));
      await c.lab.exec(['rm', '-rf', '/var/lib/marten']);
      await startOk(c, 'marten-exporter.service');
      const s = await c.probes.waitStart('marten-exporter');
      expect(s.argv).toEqual([
        '/usr/sbin/marten-exporter',
        '--listen',
        '127.0.0.1:9217',
        '--textfile-dir',
        '/var/lib/marten',
        '--interval',
        '15',
        '--log-file',
        '/var/log/marten/exporter.log',
      ]);
      expect(c.lab.exists('/var/lib/marten')).toBe(true); // made by its pre-start
      expect(await c.lab.prop('marten-exporter.service', 'ActiveState')).toBe('active');
    });
  });
});
