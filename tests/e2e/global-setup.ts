/**
 * Boots the labs before any test is collected, so a machine where they cannot run is known up
 * front: with CI=true that is an error (a broken harness never passes silently); otherwise the
 * suite is skipped, saying why in one line.
 */
import { Lab, unavailableReason } from './harness';
import { labNames, TARGETS } from './targets';

export default async function globalSetup(): Promise<void> {
  let reason = await unavailableReason();
  const labs: Record<string, { name: string; pid: number }> = {};
  if (!reason) {
    const names = labNames();
    const booted = await Promise.allSettled(
      TARGETS.map(async (t) => {
        const lab = new Lab(names[t]);
        await lab.down(); // a lab left over by an interrupted run is never reused
        await lab.up();
        labs[t] = { name: lab.name, pid: lab.pid };
      }),
    );
    const failed = booted.find((b): b is PromiseRejectedResult => b.status === 'rejected');
    if (failed) {
      reason = String(failed.reason instanceof Error ? failed.reason.message : failed.reason).split('\n')[0]!;
      await Promise.all(TARGETS.map((t) => new Lab(names[t]).down()));
    }
  }
  if (reason) {
    const line = `upstart2systemd e2e: cannot run here: ${reason}`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.CI === 'true') throw new Error(`${line} (CI=true: failing instead of skipping)`);
    process.env.U2S_E2E_SKIP = reason;
    return;
  }
  process.env.U2S_E2E_LABS = JSON.stringify(labs);
}
