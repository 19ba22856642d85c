/**
 * Converts job text in memory for tests: parse (with an optional override), convert with the
 * given target and options (hardening with profiles, through the pipeline), and return the
 * rendered files and diagnostics.
 */
import type { ConvertedJob, ConvertOptions } from '../../src/convert';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
import { convertLoaded } from '../../src/pipeline';
import type { LoadedJob } from '../../src/read/load';
import { targetForSystemd } from '../../src/systemd/target';
import { applyOverride, parseJob } from '../../src/upstart/parser';

/** One converted job, its files by name and its diagnostics. */
export interface Converted {
  job: ConvertedJob;
  /** The .service file's text. */
  service: string;
  files: Record<string, string>;
  diagnostics: Diagnostic[];
  rules: string[];
}

/** Parses job text into a LoadedJob with the full 1.13 grammar, so cgroup converts (throws if it does not parse). */
export function loaded(name: string, text: string, override?: string): LoadedJob {
  const parsed = parseJob(text, { file: `/etc/init/${name}.conf`, name, upstartVersion: '1.13' });
  if (!parsed.job) throw new Error(`test job ${name} does not parse: ${JSON.stringify(parsed.diagnostics)}`);
  let job = parsed.job;
  if (override !== undefined)
    job = applyOverride(job, override, { file: `/etc/init/${name}.override`, upstartVersion: '1.13' }).job!;
  return { source: { name, conf: `/etc/init/${name}.conf` }, job, diagnostics: [] };
}

/** Converts one job (plus other jobs of the same batch) and returns what came out for it. */
export function convert(
  text: string,
  opts: Partial<ConvertOptions> & {
    name?: string;
    systemd?: number;
    override?: string;
    others?: Record<string, string>;
    /** Hardening profiles for the job (and the batch), and their variables. */
    profiles?: string[];
    vars?: Record<string, string>;
  } = {},
): Converted {
  const name = opts.name ?? 'example';
  const batch = [loaded(name, text, opts.override), ...Object.entries(opts.others ?? {}).map(([n, t]) => loaded(n, t))];
  const systemd = opts.systemd ?? 237;
  const run = convertLoaded(
    batch,
    {
      target: opts.target ?? targetForSystemd(systemd),
      scripts: opts.scripts,
      scriptDir: opts.scriptDir,
      profiles: opts.profiles,
      vars: opts.vars,
      score: false,
    },
    opts.root,
  );
  if (run.profileErrors.length) throw new Error(`profile errors: ${JSON.stringify(run.profileErrors)}`);
  const [job] = run.jobs;
  const files = Object.fromEntries(job!.files.map((f) => [f.name, f.content]));
  const service = job!.files.find((f) => f.name.endsWith('.service'))?.content ?? '';
  return { job: job!, service, files, diagnostics: job!.diagnostics, rules: job!.diagnostics.map((d) => d.ruleId) };
}

/** The lines of a unit file (for `toContain` checks on whole lines). */
export function lines(text: string): string[] {
  return text.split('\n');
}
