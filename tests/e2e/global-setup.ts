/**
 * Runs once before any test file is collected: boots one lab per target while the CLI is built and
 * every variant converted, then prepares the labs, and writes it all to the run's state file
 * (state.ts) that every test file reads. A machine where the labs cannot run is known up front:
 * with CI=true that is an error (a broken harness never passes silently); otherwise the suite is
 * skipped, saying why in one line. A build, conversion or preparation failure always fails the run.
 */
import { convertAll, ROOT, type Conversion, type Variant } from './convert';
import { Lab, run, unavailableReason } from './harness';
import { prepareLab } from './prepare';
import { writeState, type LabState } from './state';
import { labNames, TARGETS, type Target } from './targets';

export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  let reason = await unavailableReason();
  if (reason) return skipOrFail(reason);
  const labs = TARGETS.map((t) => new Lab(labNames()[t]));
  const [booted, converted] = await Promise.allSettled([bootAll(labs), buildAndConvert()]);
  if (booted.status === 'rejected') {
    reason = firstLine(booted.reason);
    await downAll(labs);
    return skipOrFail(reason);
  }
  try {
    if (converted.status === 'rejected') throw converted.reason;
    const prepared = await Promise.all(labs.map((lab) => prepareLab(lab)));
    writeState({
      labs: Object.fromEntries(TARGETS.map((t, i) => [t, prepared[i]!])) as Record<Target, LabState>,
      conversions: converted.value,
    });
  } catch (e) {
    await downAll(labs);
    throw e;
  }
  process.env.U2S_E2E_LABS = JSON.stringify(labs.map((l) => l.name));
  process.env.U2S_E2E_SETUP_MS = String(Date.now() - t0);
}

/** Boots the labs side by side; a lab left over by an interrupted run is never reused. */
async function bootAll(labs: Lab[]): Promise<void> {
  await Promise.all(
    labs.map(async (lab) => {
      await lab.down();
      await lab.up();
    }),
  );
}

/** Powers off every lab (after a failed boot or setup: global teardown does not run then). */
async function downAll(labs: Lab[]): Promise<void> {
  await Promise.all(labs.map((lab) => lab.down()));
}

/** Builds the CLI (so a direct `jest --config jest.e2e.config.js` tests the sources), then converts every variant. */
async function buildAndConvert(): Promise<Record<Target, Record<Variant, Conversion>>> {
  const b = await run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 120_000 });
  if (b.code !== 0) throw new Error(`npm run build failed: ${b.stdout}${b.stderr}`);
  return convertAll();
}

/** Skips the suite saying why in one line, or fails the run under CI=true. */
function skipOrFail(reason: string): void {
  const line = `upstart2systemd e2e: cannot run here: ${reason}`;
  process.stdout.write(`\n${line}\n`);
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: failing instead of skipping)`);
  process.env.U2S_E2E_SKIP = reason;
}

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}
