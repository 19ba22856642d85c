/** Small steps the scenarios share: start and stop with the journal on failure, states, PIDs, signals. */
import type { Lab } from './harness';
import type { Ctx } from './scenario';

/** Anything with a lab: a scenario's Ctx, or a lab of the scenario's own (shutdown.e2e.test.ts). */
type HasLab = { lab: Lab };

/** Starts a unit and fails with its journal, so a failed start explains itself. */
export async function startOk(c: HasLab, unit: string): Promise<void> {
  const r = await c.lab.systemctl(['start', unit]);
  if (r.code !== 0)
    throw new Error(
      `systemctl start ${unit} failed (${r.code}): ${r.stderr.trim()}\n--- journal:\n${await c.lab.journal(unit)}`,
    );
}

/** Stops a unit and returns how long `systemctl stop` took (kill timeouts show in it). */
export async function stopTimed(c: HasLab, unit: string): Promise<number> {
  const t0 = Date.now();
  const r = await c.lab.systemctl(['stop', unit], { timeoutMs: 30_000 });
  const ms = Date.now() - t0;
  if (r.code !== 0) throw new Error(`systemctl stop ${unit} failed: ${r.stderr}`);
  return ms;
}

/** The unit's MainPID, to compare with the PID the probe recorded. */
export async function mainPid(c: HasLab, unit: string): Promise<number> {
  return Number(await c.lab.prop(unit, 'MainPID'));
}

/** Waits until the unit has ActiveState `state` (and is not about to restart). */
export async function waitState(
  c: HasLab,
  unit: string,
  state: string,
  timeoutMs = 5000,
): Promise<Record<string, string>> {
  return c.lab.waitFor(
    async () => {
      const p = await c.lab.show(unit, ['ActiveState', 'SubState', 'Result', 'NRestarts', 'MainPID', 'ExecMainStatus']);
      return p.ActiveState === state && p.SubState !== 'auto-restart' ? p : undefined;
    },
    timeoutMs,
    `${unit} to be ${state}`,
  );
}

/** Signals a probe recorded, without the SIGCONT systemd sends after the kill signal (SendSIGCONT=yes). */
export async function sigs(c: Ctx, prog: string, pid?: number): Promise<string[]> {
  return (await c.probes.events(prog, 'signal'))
    .filter((r) => r.sig !== 'SIGCONT' && (pid === undefined || r.pid === pid))
    .map((r) => r.sig!);
}
