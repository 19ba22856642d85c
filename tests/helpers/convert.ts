/**
 * Converts job text in memory for tests: parse (with an optional override), convert with the
 * given target and options, and return the rendered files and diagnostics.
 */
import { type ConvertedJob, type ConvertOptions, convertJobs } from '../../src/convert';
import type { Diagnostic } from '../../src/diagnostics/diagnostic';
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

/** Parses job text into a LoadedJob (throws in the test if it does not parse). */
export function loaded(name: string, text: string, override?: string): LoadedJob {
  const parsed = parseJob(text, { file: `/etc/init/${name}.conf`, name });
  if (!parsed.job) throw new Error(`test job ${name} does not parse: ${JSON.stringify(parsed.diagnostics)}`);
  let job = parsed.job;
  if (override !== undefined) job = applyOverride(job, override, { file: `/etc/init/${name}.override` }).job!;
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
  } = {},
): Converted {
  const name = opts.name ?? 'example';
  const batch = [loaded(name, text, opts.override), ...Object.entries(opts.others ?? {}).map(([n, t]) => loaded(n, t))];
  const [job] = convertJobs(batch, {
    target: opts.target ?? targetForSystemd(opts.systemd ?? 237),
    scripts: opts.scripts,
    scriptDir: opts.scriptDir,
    root: opts.root,
    transform: opts.transform,
  });
  const files = Object.fromEntries(job!.files.map((f) => [f.name, f.content]));
  const service = job!.files.find((f) => f.name.endsWith('.service'))?.content ?? '';
  return { job: job!, service, files, diagnostics: job!.diagnostics, rules: job!.diagnostics.map((d) => d.ruleId) };
}

/** The lines of a unit file (for `toContain` checks on whole lines). */
export function lines(text: string): string[] {
  return text.split('\n');
}
