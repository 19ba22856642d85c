/**
 * The write stage: each converted job's files written atomically into the output directory
 * (src/output/write.ts); a job whose file could not be written counts as failed.
 */
import type { ConvertedJob } from '../convert';
import { type WriteOutcome, writeOutput } from '../output/write';

/** How files are written: replace differing files, or only say what would be written. */
export interface WriteJobsOptions {
  force: boolean;
  dryRun: boolean;
}

/** Writes each converted job's files into `out`; returns what happened to each file, by job. */
export function writeJobs<J extends ConvertedJob>(
  jobs: readonly J[],
  out: string,
  opts: WriteJobsOptions,
): Map<J, WriteOutcome[]> {
  const outcomes = new Map<J, WriteOutcome[]>();
  for (const job of jobs) {
    if (job.status !== 'converted') continue;
    const results = job.files.map((f) => writeOutput(out, f, { force: opts.force, dryRun: opts.dryRun }));
    for (const o of results) if (o.diagnostic) job.diagnostics.push(o.diagnostic);
    if (results.some((o) => o.status === 'exists' || o.status === 'failed')) job.status = 'failed';
    outcomes.set(job, results);
  }
  return outcomes;
}
