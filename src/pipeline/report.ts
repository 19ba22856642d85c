/**
 * The report stage: a run's result (after writing, when it wrote) turned into the typed report
 * (src/report/model.ts) that `convert --report` renders and whose summary the terminal prints.
 * The install plan's action per job comes in through `install`, when a plan was made.
 */
import type { Comparison } from '../diff';
import type { WriteOutcome } from '../output/write';
import {
  type ExistingState,
  type InstallAction,
  type Report,
  type ReportExisting,
  type ReportFile,
  type ReportJob,
  type ReportRun,
  REPORT_SCHEMA_ID,
  reportStatus,
  summarizeJobs,
} from '../report';
import type { Target } from '../systemd/target';
import type { JobResult, PipelineResult } from './run';

/** The package version, read once (package.json is outside rootDir, so not an import). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = (require('../../package.json') as { version: string }).version;

/** What the report needs besides the pipeline's result: the target, how the run wrote, and the install plan. */
export interface ReportOptions {
  target: Pick<Target, 'name' | 'systemd'>;
  /** What happened to each job's files, when the run wrote to --out. */
  outcomes?: ReadonlyMap<JobResult, readonly WriteOutcome[]>;
  run?: Partial<ReportRun>;
  /** The install plan's action for a job, when there is a plan. */
  install?: (job: JobResult) => InstallAction | undefined;
}

/** How a comparison came out: the same, different, no existing unit, or one that cannot be read. */
export function existingState(cmp: Comparison): ExistingState {
  if (cmp.lookup.unreadable) return 'unreadable';
  if (!cmp.existing) return 'none';
  return cmp.changes.length ? 'differ' : 'same';
}

/** The comparison as the report shows it. */
function reportExisting(cmp: Comparison): ReportExisting {
  const unit = cmp.existing;
  return {
    state: existingState(cmp),
    unit: unit ? { name: unit.name, files: [...unit.files], matchedBy: unit.matchedBy } : null,
    lookedFor: [...cmp.lookedFor],
    mode: cmp.mode,
    ...(cmp.lookup.masked ? { masked: cmp.lookup.masked } : {}),
    changes: cmp.changes,
    unified: cmp.unified,
  };
}

/** A job's files, with where each went when the run wrote them. */
function reportFiles(job: JobResult, opts: ReportOptions): ReportFile[] {
  const outcomes = opts.outcomes?.get(job) ?? [];
  // a job's files are written in their order, at their name (--layout flat) or their host path (root)
  return job.files.map((f, i): ReportFile => {
    const o = outcomes[i];
    return { name: f.name, content: f.content, ...(o ? { path: o.path, written: o.status } : {}) };
  });
}

/** One job of the report. */
function reportJob(job: JobResult, opts: ReportOptions): ReportJob {
  const install = opts.install?.(job);
  return {
    name: job.name,
    conf: job.conf,
    ...(job.override ? { override: job.override } : {}),
    status: reportStatus(job.status === 'converted', job.diagnostics, install),
    profiles: [...(job.profiles ?? [])],
    ...(job.exposure ? { exposure: { ...job.exposure } } : {}),
    ...(install ? { install } : {}),
    diagnostics: [...job.diagnostics],
    files: reportFiles(job, opts),
    ...(job.comparison ? { existing: reportExisting(job.comparison) } : {}),
  };
}

/** The report of a run: every job, the batch's diagnostics and the counts, from the pipeline's result. */
export function buildReport(result: PipelineResult, opts: ReportOptions): Report {
  const run: ReportRun = {
    ...(opts.run?.out !== undefined ? { out: opts.run.out } : {}),
    dryRun: opts.run?.dryRun ?? false,
    check: opts.run?.check ?? false,
    ...(opts.run?.mode ? { mode: opts.run.mode } : {}),
  };
  const jobs = result.jobs.map((j) => reportJob(j, opts));
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'upstart2systemd', version: VERSION },
    target: { name: opts.target.name, systemd: opts.target.systemd },
    run,
    summary: summarizeJobs(jobs, result.diagnostics, run.mode !== undefined),
    jobs,
    diagnostics: [...result.diagnostics],
    ...(result.exposureNote ? { exposureNote: result.exposureNote } : {}),
  };
}
