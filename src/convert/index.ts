/**
 * Batch conversion: loaded jobs → service models → unit models → the target-version pass →
 * rendered files. Linear and in-process; one failing job never stops the others, and two jobs
 * that would write the same unit are both refused rather than one overwriting the other.
 */
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import { type Diagnostic, hasErrors } from '../diagnostics/diagnostic';
import type { ServiceModel } from '../model/service';
import type { OutputFile } from '../output/write';
import type { LoadedJob } from '../read/load';
import { downgrade } from '../systemd/downgrade';
import { renderUnit } from '../systemd/render';
import type { Target } from '../systemd/target';
import type { UnitFile } from '../systemd/unit';
import type { UpstartJob } from '../upstart/job';
import { type ConvertContext, type ScriptMode, rootFs } from './context';
import { breakOrderingCycles } from './cycles';
import { toService } from './to-service';
import { toUnits } from './to-unit';

/** Options of a conversion run. */
export interface ConvertOptions {
  target: Target;
  scripts?: ScriptMode;
  scriptDir?: string;
  /** A copy of the host's root (or `/`); job paths under it are shown as the host sees them. */
  root?: string;
  /** Called with each service model before it becomes units (hardening hooks in here). */
  transform?: (svc: ServiceModel, job: UpstartJob, ctx: ConvertContext) => Diagnostic[];
}

/** Where helper scripts are installed by default. */
export const DEFAULT_SCRIPT_DIR = '/usr/local/lib/upstart2systemd';

/** The result for one job. */
export interface ConvertedJob {
  name: string;
  conf: string;
  override?: string;
  status: 'converted' | 'failed';
  service?: ServiceModel;
  units: UnitFile[];
  /** Rendered units and helper scripts, by file name. */
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

/** A job file's path as the converted host sees it (relative to --root). */
export function hostPathFor(root: string | undefined, file: string): string {
  if (root === undefined) return file;
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel.startsWith('..') ? file : '/' + rel;
}

/** Converts every loaded job; failed loads and conflicting names come back as failed jobs. */
export function convertJobs(loaded: readonly LoadedJob[], opts: ConvertOptions): ConvertedJob[] {
  const batch = new Map<string, UpstartJob>();
  for (const l of loaded) if (l.job) batch.set(l.job.name, l.job);
  const ctx: ConvertContext = {
    target: opts.target,
    scripts: opts.scripts ?? 'inline',
    scriptDir: opts.scriptDir ?? DEFAULT_SCRIPT_DIR,
    batch,
    root: rootFs(opts.root),
    hostPath: (f) => hostPathFor(opts.root, f),
  };
  // service models first: ordering cycles are a property of the whole batch
  type Staged =
    | { l: LoadedJob; job: UpstartJob; service: ServiceModel; diagnostics: Diagnostic[] }
    | { l: LoadedJob; job: null; crash?: Diagnostic };
  const staged = loaded.map((l): Staged => {
    if (!l.job) return { l, job: null };
    const job = l.job;
    return isolated<Staged>(
      job,
      () => {
        const { service, diagnostics } = toService(job, ctx);
        if (opts.transform) diagnostics.push(...opts.transform(service, job, ctx));
        return { l, job, service, diagnostics };
      },
      (crash) => ({ l, job: null, crash }),
    );
  });
  const ordered = staged.flatMap((s) => (s.job ? [s] : []));
  for (const [o, ds] of breakOrderingCycles(ordered)) (o as (typeof ordered)[number]).diagnostics.push(...ds);
  const results = staged.map((s): ConvertedJob => {
    const l = s.l;
    const base = {
      name: l.source.name,
      conf: l.source.conf,
      ...(l.source.override ? { override: l.source.override } : {}),
    };
    const failed = (diagnostics: Diagnostic[]): ConvertedJob => ({
      ...base,
      status: 'failed',
      units: [],
      files: [],
      diagnostics,
    });
    if (!s.job) return failed(s.crash ? [...l.diagnostics, s.crash] : l.diagnostics);
    const { job, service, diagnostics } = s;
    return isolated(
      job,
      () => {
        const units = toUnits(service).map((u) => {
          const d = downgrade(u, ctx.target, job.file);
          diagnostics.push(...d.diagnostics);
          return d.unit;
        });
        const files: OutputFile[] = [
          ...units.map((u) => ({ name: u.name, content: renderUnit(u) })),
          ...service.scripts.map((sc) => ({ name: sc.fileName, content: sc.content, mode: 0o755 })),
        ];
        const all = [...l.diagnostics, ...diagnostics];
        return { ...base, status: hasErrors(all) ? 'failed' : 'converted', service, units, files, diagnostics: all };
      },
      (crash) => failed([...l.diagnostics, ...diagnostics, crash]),
    );
  });
  refuseCollisions(results);
  return results;
}

/**
 * Runs one job's step so that a fault of ours fails that job with a diagnostic instead of
 * stopping the batch (the other jobs still convert).
 */
function isolated<T>(job: UpstartJob, step: () => T, onCrash: (crash: Diagnostic) => T): T {
  try {
    return step();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return onCrash(
      diagnostic(
        'internal/error',
        { file: job.file },
        `upstart2systemd failed on this job (a fault of the tool, not of the job): ${message}`,
        'the other jobs were converted; please report this with the job file',
      ),
    );
  }
}

/** Marks every job whose output file name another job also produces as failed. */
function refuseCollisions(results: ConvertedJob[]): void {
  const owners = new Map<string, ConvertedJob[]>();
  for (const r of results) for (const f of r.files) owners.set(f.name, [...(owners.get(f.name) ?? []), r]);
  for (const [file, jobs] of owners) {
    if (jobs.length < 2) continue;
    for (const r of jobs) {
      const others = jobs.filter((j) => j !== r).map((j) => j.name);
      r.diagnostics.push(
        diagnostic(
          'convert/unit-name-collision',
          { file: r.conf },
          `job "${r.name}" and job ${others.map((o) => `"${o}"`).join(', ')} both become ${file}; neither is written`,
          'rename one of the jobs (their names differ only in characters unit names cannot hold, such as / vs -)',
        ),
      );
      r.status = 'failed';
      r.files = [];
      r.units = [];
    }
  }
}
