/**
 * Loading a job as Upstart does: read the `.conf`, parse it, then parse the `.override` onto it;
 * when Upstart rejects the `.conf`, an `.override` beside it defines the job alone (init/conf.c
 * conf_reload_path: the parse error is logged, then the override is parsed with no class to update).
 * Returns the job (or null when Upstart would reject it) with every diagnostic on the way.
 */
import { diagnostic } from '../diagnostics/collector';
import { appendAll, type Diagnostic } from '../diagnostics/diagnostic';
import type { UpstartJob } from '../upstart/job';
import { lintJob } from '../upstart/lint';
import { applyOverride, parseJob } from '../upstart/parser';
import { DEFAULT_UPSTART_VERSION, type UpstartVersion } from '../upstart/stanzas';
import type { JobSource } from './discover';
import { type ReadFs, readTextFile } from './files';

/** A job after loading: null when Upstart would not load it. */
export interface LoadedJob {
  source: JobSource;
  job: UpstartJob | null;
  diagnostics: Diagnostic[];
}

/** Options for loading. */
export interface LoadOptions {
  /** The grammar; default DEFAULT_UPSTART_VERSION (1.12). */
  upstartVersion?: UpstartVersion;
  fs?: ReadFs;
}

/** Reads, parses and overrides one job; never throws for bad input. */
export function loadJob(source: JobSource, opts: LoadOptions = {}): LoadedJob {
  const diagnostics: Diagnostic[] = [];
  const conf = readTextFile(source.conf, opts.fs);
  if (!conf.ok) return { source, job: null, diagnostics: [conf.diagnostic] };
  appendAll(diagnostics, conf.notes ?? []);
  const parsed = parseJob(conf.file.text, {
    file: source.conf,
    name: source.name,
    upstartVersion: opts.upstartVersion,
  });
  if (!parsed.job) return overrideAlone(source, parsed.diagnostics, diagnostics, opts);
  appendAll(diagnostics, parsed.diagnostics);
  let job = parsed.job;
  if (source.override) {
    const override = readTextFile(source.override, opts.fs);
    if (override.ok) appendAll(diagnostics, override.notes ?? []);
    if (!override.ok) {
      // the job loads without it: one warning, the reason kept in the message (and the place)
      const { file, line, column, message } = override.diagnostic;
      diagnostics.push(
        diagnostic('input/override-not-read', { file, line, column }, message, 'the override was not applied'),
      );
    } else {
      const applied = applyOverride(job, override.file.text, {
        file: source.override,
        upstartVersion: opts.upstartVersion,
      });
      appendAll(diagnostics, applied.diagnostics);
      job = applied.job!;
    }
  }
  appendAll(diagnostics, lintJob(job, opts.upstartVersion ?? DEFAULT_UPSTART_VERSION));
  return { source, job, diagnostics };
}

/**
 * A rejected `.conf` with an `.override` beside it: Upstart logs the `.conf`'s error and defines
 * the job from the override alone, parsed as a whole file (a failing override leaves no job). The
 * `.conf`'s error becomes a warning at its place (parse/conf-rejected-with-override).
 */
function overrideAlone(
  source: JobSource,
  confErrors: Diagnostic[],
  diagnostics: Diagnostic[],
  opts: LoadOptions,
): LoadedJob {
  const override = source.override ? readTextFile(source.override, opts.fs) : undefined;
  if (!source.override || !override?.ok) {
    appendAll(diagnostics, confErrors);
    if (override && !override.ok) diagnostics.push(override.diagnostic);
    return { source, job: null, diagnostics };
  }
  appendAll(diagnostics, override.notes ?? []);
  const alone = parseJob(override.file.text, {
    file: source.override,
    name: source.name,
    upstartVersion: opts.upstartVersion,
  });
  if (!alone.job) {
    appendAll(diagnostics, confErrors);
    appendAll(diagnostics, alone.diagnostics);
    return { source, job: null, diagnostics };
  }
  for (const e of confErrors) {
    diagnostics.push(
      diagnostic(
        'parse/conf-rejected-with-override',
        e,
        `${e.message}: Upstart rejected this .conf and defined the job from ${source.override} alone; ` +
          'so does the conversion',
        'fix the .conf, or make the override the whole job' + (e.hint ? `; ${e.hint}` : ''),
      ),
    );
  }
  const job = alone.job;
  job.file = source.conf;
  job.overrideFile = source.override;
  appendAll(diagnostics, lintJob(job, opts.upstartVersion ?? DEFAULT_UPSTART_VERSION));
  return { source, job, diagnostics };
}
