/**
 * End-to-end: jobs that start, stop and fail together through events (issue 17), converted from
 * tests/e2e/events and run under a real systemd, once per target (scenario.ts); each scenario
 * checks what docs/conversion.md#events-between-jobs says of the Upstart job it came from.
 */
import { ruleIds } from './convert';
import { waitState } from './helpers';
import { e2eSuite, scenario, type Ctx } from './scenario';

/** The units of some event jobs, installed together (the batch they were converted in). */
async function installJobs(c: Ctx, jobs: string[]): Promise<void> {
  let files: Record<string, string> = {};
  for (const j of jobs) files = { ...files, ...c.units(j, 'events') };
  await c.install(files);
}

/** systemctl in the lab, failing the scenario with its stderr when it fails. */
async function ctl(c: Ctx, args: string[]): Promise<void> {
  const r = await c.lab.systemctl(args);
  if (r.code !== 0) throw new Error(`systemctl ${args.join(' ')}: ${r.stderr}`);
}

/** A unit's ActiveState. */
const state = (c: Ctx, unit: string): Promise<string> => c.lab.prop(unit, 'ActiveState');

e2eSuite(() => {
  scenario(
    'u2s-ev-both (start on started u2s-ev-a and started u2s-ev-b) starts only once both have started, after both',
    async (c) => {
      expect(ruleIds(c.conv.events, 'u2s-ev-both')).toContain('convert/event-and-requisite');
      await installJobs(c, ['u2s-ev-a', 'u2s-ev-b', 'u2s-ev-both']);
      for (const u of ['u2s-ev-a.service', 'u2s-ev-b.service']) c.touched.add(u);
      await c.enable('u2s-ev-both.service');
      await ctl(c, ['start', 'u2s-ev-a.service']);
      expect(await state(c, 'u2s-ev-both.service')).toBe('inactive'); // Upstart: still waiting for b
      await ctl(c, ['start', 'u2s-ev-b.service']);
      await waitState(c, 'u2s-ev-both.service', 'active');
      const [b, both] = await Promise.all([
        c.lab.prop('u2s-ev-b.service', 'ActiveEnterTimestampMonotonic'),
        c.lab.prop('u2s-ev-both.service', 'ExecMainStartTimestampMonotonic'),
      ]);
      expect(Number(both)).toBeGreaterThanOrEqual(Number(b));
      // the other order, and both at once (as at boot)
      await ctl(c, ['stop', 'u2s-ev-a.service', 'u2s-ev-b.service', 'u2s-ev-both.service']);
      await ctl(c, ['start', 'u2s-ev-b.service']);
      expect(await state(c, 'u2s-ev-both.service')).toBe('inactive');
      await ctl(c, ['start', 'u2s-ev-a.service']);
      await waitState(c, 'u2s-ev-both.service', 'active');
      await ctl(c, ['stop', 'u2s-ev-a.service', 'u2s-ev-b.service', 'u2s-ev-both.service']);
      await ctl(c, ['start', 'u2s-ev-a.service', 'u2s-ev-b.service']);
      await waitState(c, 'u2s-ev-both.service', 'active');
      // what the docs say differs: Requisite= stops it with either of them (Upstart left it running)
      await ctl(c, ['stop', 'u2s-ev-a.service']);
      expect(await state(c, 'u2s-ev-both.service')).toBe('inactive');
    },
  );

  scenario(
    "u2s-ev-emitter's start returns once u2s-ev-waiter (started by its `initctl emit u2s-ev-go`) is up, as Upstart's emit waited",
    async (c) => {
      await c.lab.exec(['rm', '-f', '/run/u2s-ev-emitted']);
      await installJobs(c, ['u2s-ev-emitter', 'u2s-ev-waiter']);
      c.touched.add('u2s-ev-waiter.service');
      await ctl(c, ['start', 'u2s-ev-emitter.service']);
      // no waiting here: the waiter (a second's pre-start) is already up when the emitter's start returns
      expect(await state(c, 'u2s-ev-waiter.service')).toBe('active');
      // and the post-start saw it running right after its emit returned (`status`, through the shim)
      expect((c.lab.read('/run/u2s-ev-emitted') ?? '').trim()).toBe('u2s-ev-waiter start/running');
    },
  );

  scenario(
    'systemctl start upstart-event-u2s\\x2dev\\x2dgo.target does what `initctl emit u2s-ev-go` did: starts u2s-ev-waiter and waits for it',
    async (c) => {
      const target = 'upstart-event-u2s\\x2dev\\x2dgo.target';
      expect(Object.keys(c.units('u2s-ev-waiter', 'events'))).toContain(target);
      expect(ruleIds(c.conv.events, 'u2s-ev-waiter')).toContain('convert/event-target');
      await installJobs(c, ['u2s-ev-waiter']);
      await c.enable('u2s-ev-waiter.service');
      c.touched.add(target);
      const t0 = Date.now();
      await ctl(c, ['start', target]);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // the waiter's 1 s pre-start
      expect(await state(c, 'u2s-ev-waiter.service')).toBe('active');
      // the event is gone again at once (StopWhenUnneeded=): the next start is a new event
      await waitState(c, target, 'inactive');
      await ctl(c, ['stop', 'u2s-ev-waiter.service']);
      await ctl(c, ['start', target]);
      expect(await state(c, 'u2s-ev-waiter.service')).toBe('active');
    },
  );

  scenario(
    'u2s-ev-rescue (start on stopped u2s-ev-fails RESULT=failed) runs when u2s-ev-fails fails, not when it succeeds, not at boot',
    async (c) => {
      await installJobs(c, ['u2s-ev-fails', 'u2s-ev-rescue']);
      for (const u of ['u2s-ev-fails.service', 'u2s-ev-rescue.service']) c.touched.add(u);
      const runs = (): number => (c.lab.read('/run/u2s-ev-rescued') ?? '').split('\n').filter(Boolean).length;
      await c.lab.exec(['sh', '-c', 'rm -f /run/u2s-ev-rescued; echo 0 > /run/u2s-ev-code']);
      // not at boot: nothing pulls it in
      expect(c.units('u2s-ev-rescue', 'events')['u2s-ev-rescue.service']).not.toContain('[Install]');
      await ctl(c, ['start', 'default.target']);
      expect(runs()).toBe(0);
      // A succeeds: the job does not run
      await ctl(c, ['start', 'u2s-ev-fails.service']);
      await new Promise((r) => setTimeout(r, 500));
      expect(runs()).toBe(0);
      // A fails: it runs, once
      await c.lab.exec(['sh', '-c', 'echo 3 > /run/u2s-ev-code']);
      await c.lab.systemctl(['start', 'u2s-ev-fails.service']);
      await c.lab.waitFor(async () => (runs() === 1 ? true : undefined), 5000, 'u2s-ev-rescue ran');
      expect(await c.lab.prop('u2s-ev-fails.service', 'Result')).toBe('exit-code');
    },
  );

  scenario(
    'u2s-ev-iface@.service (instance $IFACE, env IFACE=br-lan) enables its DefaultInstance, and an instance with "-" sees the unescaped name',
    async (c) => {
      const inst = 'u2s-ev-iface@br\\x2dlan.service';
      await installJobs(c, ['u2s-ev-iface']);
      c.touched.add('u2s-ev-iface@*.service');
      await c.enable('u2s-ev-iface@.service');
      expect(await c.lab.prop(inst, 'UnitFileState')).toBe('enabled');
      await ctl(c, ['start', 'multi-user.target']);
      await waitState(c, inst, 'active');
      await c.lab.waitFor(async () => c.lab.read('/run/u2s-ev-iface-br-lan'), 5000, 'the instance wrote its IFACE');
      expect(c.lab.read('/run/u2s-ev-iface-br-lan')!.trim()).toBe('br-lan');
      const other = (await c.lab.exec(['systemd-escape', '--template', 'u2s-ev-iface@.service', 'eth0.5/x-y'])).stdout;
      await ctl(c, ['start', other.trim()]);
      await c.lab.waitFor(async () => c.lab.read('/run/u2s-ev-iface-eth0.5_x-y'), 5000, 'the instance wrote its IFACE');
      expect(c.lab.read('/run/u2s-ev-iface-eth0.5_x-y')!.trim()).toBe('eth0.5/x-y');
    },
  );
});
