/**
 * Reading and parsing alone (`upstart2systemd parse`): the jobs Upstart would load from files or
 * directories, and the views of a parsed job (the JSON model, the effective job as Upstart text).
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { discoverJobs } from '../read/discover';
import { type LoadOptions, type LoadedJob, loadJob } from '../read/load';

export { formatJson, jobToJson } from '../upstart/json';
export { printJob, printStanzas } from '../upstart/printer';

/** Discovers and parses the jobs under `paths` (each .conf with its .override); a bad file never stops the rest. */
export function parseJobs(
  paths: readonly string[],
  opts: LoadOptions = {},
): { jobs: LoadedJob[]; diagnostics: Diagnostic[] } {
  const found = discoverJobs(paths);
  return { jobs: found.jobs.map((s) => loadJob(s, opts)), diagnostics: found.diagnostics };
}
