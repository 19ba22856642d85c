/** Powers the labs off (U2S_E2E_KEEP=1 leaves them up to look around with lab.sh exec). */
import { Lab } from './harness';

export default async function globalTeardown(): Promise<void> {
  const labs = JSON.parse(process.env.U2S_E2E_LABS ?? '{}') as Record<string, { name: string }>;
  if (process.env.U2S_E2E_KEEP === '1') {
    process.stdout.write(`labs left up: ${Object.values(labs).map((l) => l.name).join(', ')} (tests/e2e/lab.sh with LAB_NAME=…)\n`);
    return;
  }
  await Promise.all(Object.values(labs).map((l) => new Lab(l.name).down()));
}
