/**
 * The write stage: each converted job's files written atomically into the output directory
 * (src/output/write.ts), as one batch; a job whose file could not be written counts as failed.
 */
import type { ConvertedJob } from '../convert';
import { type OutputFile, type WritableFile, type WriteOutcome, writeOutputs } from '../output/write';

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
  const written = jobs.filter((j) => j.status === 'converted');
  return writeByJob(
    written.map((j) => [j, j.files] as const),
    out,
    opts,
  ).byJob;
}

/**
 * Writes the files of each job, then `after` (files of no job), in one batch; a job whose file
 * could not be written fails, with the write's diagnostics added to its own.
 */
export function writeByJob<J extends ConvertedJob>(
  files: ReadonlyArray<readonly [J, readonly OutputFile[]]>,
  out: string,
  opts: WriteJobsOptions,
  after: readonly WritableFile[] = [],
): { byJob: Map<J, WriteOutcome[]>; after: WriteOutcome[] } {
  const all = [...files.flatMap(([, f]) => f), ...after];
  const outcomes = writeOutputs(out, all, { force: opts.force, dryRun: opts.dryRun });
  const byJob = new Map<J, WriteOutcome[]>();
  let at = 0;
  for (const [job, f] of files) {
    const results = outcomes.slice(at, (at += f.length));
    for (const o of results) if (o.diagnostic) job.diagnostics.push(o.diagnostic);
    if (results.some((o) => o.status === 'exists' || o.status === 'failed')) job.status = 'failed';
    byJob.set(job, results);
  }
  return { byJob, after: outcomes.slice(at) };
}
