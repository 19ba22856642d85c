/**
 * End-to-end: jobs Upstart ran at shutdown (tests/e2e/jobs/u2s-at-*.conf: `start on runlevel 6`,
 * `runlevel 0`, `runlevel [06]`) become units that are active doing nothing and run the job's
 * command as ExecStop= — for a single runlevel only when that kind of shutdown is under way.
 *
 * A reboot ends a lab, so this scenario boots labs of its own (targets.ts shutdownLabNames, one per
 * target, side by side) instead of the shared ones, and reads what the jobs wrote to /dev/console
 * from the lab's console.log, which outlives the lab (the tmpfs overlay does not).
 */
import { Lab } from './harness';
import { startOk } from './helpers';
import { e2eSuite, scenario, type Ctx } from './scenario';
import { shutdownLabNames } from './targets';

const JOBS = ['u2s-at-reboot', 'u2s-at-halt', 'u2s-at-shutdown'];
const UNITS = JOBS.map((j) => `${j}.service`);
/** how long a lab may take to go down once asked (systemd's own stop timeouts are longer) */
const EXIT_TIMEOUT_MS = 30_000;

e2eSuite(() => {
  describe('jobs that ran at shutdown', () => {
    scenario(
      'runlevel 6, 0 and [06] tasks run their command at reboot, at poweroff and at both, and a plain `systemctl stop` runs only the [06] one',
      async (c) => {
        const lab = new Lab(shutdownLabNames()[c.target]);
        try {
          await bootWithJobs(c, lab);
          expect({
            after: 'systemctl stop',
            ran: await ranDuring(lab, () => lab.exec(['systemctl', 'stop', ...UNITS])),
          }).toEqual({ after: 'systemctl stop', ran: ['u2s-at-shutdown'] });

          await startAll(lab);
          expect({ after: 'systemctl reboot', ran: await ranDuring(lab, () => shutDown(lab, 'reboot')) }).toEqual({
            after: 'systemctl reboot',
            ran: ['u2s-at-reboot', 'u2s-at-shutdown'],
          });

          await bootWithJobs(c, lab);
          expect({ after: 'systemctl poweroff', ran: await ranDuring(lab, () => shutDown(lab, 'poweroff')) }).toEqual({
            after: 'systemctl poweroff',
            ran: ['u2s-at-halt', 'u2s-at-shutdown'],
          });
        } finally {
          await lab.down(); // also when an assertion failed; a lab already gone is fine
        }
      },
      { timeoutMs: 120_000 },
    );
  });
});

/** Boots a fresh lab (a leftover one is never reused) and installs and starts the three jobs' units. */
async function bootWithJobs(c: Ctx, lab: Lab): Promise<void> {
  await lab.down();
  await lab.up();
  await lab.install(Object.assign({}, ...JOBS.map((j) => c.units(j, 'jobs'))) as Record<string, string>);
  await startAll(lab);
}

/** Starts the units: they become active (RemainAfterExit=yes) having run none of the jobs' commands. */
async function startAll(lab: Lab): Promise<void> {
  const cursor = lab.console().length;
  for (const unit of UNITS) await startOk({ lab }, unit);
  for (const unit of UNITS)
    expect({ unit, ...(await lab.show(unit, ['ActiveState', 'SubState'])) }).toEqual({
      unit,
      ActiveState: 'active',
      SubState: 'exited',
    });
  expect(markers(lab.console().slice(cursor))).toEqual([]);
}

/** Asks the lab's systemd to reboot or power off, and waits until it has exited. */
async function shutDown(lab: Lab, how: 'reboot' | 'poweroff'): Promise<void> {
  await lab.systemctl([how], { timeoutMs: 10_000 }); // may be cut short by the lab going away
  await lab.waitExit(EXIT_TIMEOUT_MS);
}

/** The jobs whose line reached the console while `step` ran (console.log emptied before). */
async function ranDuring(lab: Lab, step: () => Promise<unknown>): Promise<string[]> {
  lab.clearConsole();
  await step();
  return markers(lab.console());
}

/** Names of the jobs that wrote "JOB ran" on the console, sorted. */
function markers(text: string): string[] {
  return [...new Set([...text.matchAll(/^(u2s-at-[a-z]+) ran\r?$/gm)].map((m) => m[1]!))].sort();
}
