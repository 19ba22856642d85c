/**
 * What global-setup.ts hands to the test files, and the test files to table-reporter.js: the run's
 * state (labs, conversions, ids) as one JSON file, and the scenario results as JSON lines. Both sit
 * in LAB_DIR, named after the LAB_NAME prefix, so two runs can share a machine; their paths travel
 * in U2S_E2E_STATE and U2S_E2E_RESULTS.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Conversion, Variant } from './convert';
import { LAB_DIR } from './harness';
import { labPrefix, type Target } from './targets';

export interface Ids {
  uid: number;
  gid: number;
}

/** One target's lab as global-setup.ts booted and prepared it. */
export interface LabState {
  name: string;
  pid: number;
  /** users and groups the jobs run as, by name */
  ids: Record<string, Ids>;
  fqdn: string;
  hostname: string;
}

export interface RunState {
  labs: Record<Target, LabState>;
  conversions: Record<Target, Record<Variant, Conversion>>;
}

/** One scenario run in one lab: a row of the table. */
export interface ScenarioResult {
  /** the test file (jest's testPath) */
  file: string;
  /** order of declaration within the file */
  index: number;
  /** the jest test name: scenario title and [target] */
  name: string;
  /** declared as an expected failure (test.failing) */
  failing: boolean;
  ok: boolean;
  ms: number;
  /** first line of the error */
  error?: string;
}

/** Writes the run's state and empties the results; sets the environment the test files and the reporter read. */
export function writeState(state: RunState): void {
  mkdirSync(LAB_DIR, { recursive: true });
  const stateFile = join(LAB_DIR, `${labPrefix()}.state.json`);
  const resultsFile = join(LAB_DIR, `${labPrefix()}.results.jsonl`);
  writeFileSync(stateFile, JSON.stringify(state));
  writeFileSync(resultsFile, '');
  process.env.U2S_E2E_STATE = stateFile;
  process.env.U2S_E2E_RESULTS = resultsFile;
}

/** The state global-setup.ts wrote (throws when the file runs without it). */
export function readState(): RunState {
  const file = process.env.U2S_E2E_STATE;
  if (!file)
    throw new Error(
      'U2S_E2E_STATE is not set: run the e2e suite with jest --config jest.e2e.config.js (its global setup boots the labs)',
    );
  return JSON.parse(readFileSync(file, 'utf8')) as RunState;
}

/** Appends one row for table-reporter.js (one line per write, so rows never interleave). */
export function recordResult(r: ScenarioResult): void {
  const file = process.env.U2S_E2E_RESULTS;
  if (file) appendFileSync(file, JSON.stringify(r) + '\n');
}
