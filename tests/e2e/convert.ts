/**
 * Runs the real CLI (`node bin/upstart2systemd.js convert … --format json`) and indexes what it
 * printed by job name: the files of each job and its diagnostics.
 */
import { join } from 'node:path';
import { run } from './harness';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'upstart2systemd.js');

export interface Diag {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
}

export interface ConvertedJob {
  name: string;
  status: string;
  /** file name → content */
  files: Record<string, string>;
  diagnostics: Diag[];
}

export interface Conversion {
  args: string[];
  jobs: Record<string, ConvertedJob>;
}

/** Converts with the CLI; args after `convert`, `--format json` is added. */
export async function convertCli(args: string[]): Promise<Conversion> {
  const r = await run(process.execPath, [CLI, 'convert', ...args, '--format', 'json'], { timeoutMs: 60_000 });
  let out: { jobs: { name: string; status: string; files: { name: string; content: string }[]; diagnostics: Diag[] }[] };
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new Error(`convert ${args.join(' ')} printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  }
  const jobs: Record<string, ConvertedJob> = {};
  for (const j of out.jobs) {
    jobs[j.name] = { name: j.name, status: j.status, files: Object.fromEntries(j.files.map((f) => [f.name, f.content])), diagnostics: j.diagnostics };
  }
  return { args, jobs };
}

/** The files of one converted job (throws when the job is missing or failed). */
export function unitsOf(c: Conversion, job: string): Record<string, string> {
  const j = c.jobs[job];
  if (!j) throw new Error(`convert ${c.args.join(' ')}: no job ${job} (have ${Object.keys(c.jobs).join(', ')})`);
  if (j.status !== 'converted') throw new Error(`convert ${c.args.join(' ')}: job ${job} ${j.status}: ${JSON.stringify(j.diagnostics)}`);
  return j.files;
}

/** Rule ids of the warnings and errors reported for a job. */
export function warnings(c: Conversion, job: string): string[] {
  return (c.jobs[job]?.diagnostics ?? []).filter((d) => d.severity !== 'info').map((d) => d.ruleId);
}

/** Rule ids of every diagnostic reported for a job, notes included. */
export function ruleIds(c: Conversion, job: string): string[] {
  return (c.jobs[job]?.diagnostics ?? []).map((d) => d.ruleId);
}
