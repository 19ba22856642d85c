/**
 * Loading a job as Upstart does: read the `.conf`, parse it, then parse the `.override` onto it.
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
  const parsed = parseJob(conf.file.text, {
    file: source.conf,
    name: source.name,
    upstartVersion: opts.upstartVersion,
  });
  appendAll(diagnostics, parsed.diagnostics);
  if (!parsed.job) {
    if (source.override) {
      diagnostics.push(
        diagnostic(
          'parse/conf-rejected-with-override',
          { file: source.override },
          'not applied: Upstart rejected the .conf, and would define the job from this override alone',
          'fix the .conf; the job is not converted',
        ),
      );
    }
    return { source, job: null, diagnostics };
  }
  let job = parsed.job;
  if (source.override) {
    const override = readTextFile(source.override, opts.fs);
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
