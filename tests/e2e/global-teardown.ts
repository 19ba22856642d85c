/** Powers the labs off (U2S_E2E_KEEP=1 leaves them up to look around with lab.sh exec). */
import { Lab } from './harness';
import { shutdownLabNames, TARGETS } from './targets';

export default async function globalTeardown(): Promise<void> {
  const labs = JSON.parse(process.env.U2S_E2E_LABS ?? '[]') as string[];
  // the shutdown scenario ends its own labs; one it left behind (interrupted) goes now
  const leftovers = TARGETS.map((t) => shutdownLabNames()[t]);
  if (process.env.U2S_E2E_KEEP === '1') {
    process.stdout.write(`labs left up: ${labs.join(', ')} (tests/e2e/lab.sh with LAB_NAME=…)\n`);
    return;
  }
  await Promise.all([...labs, ...(labs.length ? leftovers : [])].map((name) => new Lab(name).down()));
}
