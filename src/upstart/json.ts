/**
 * The job model as JSON for `parse --format json`: every stanza's value with its line and column
 * (and its file when it came from the override). The shape is documented in docs/job-model.md.
 */
import type { UpstartJob } from './job';

/** Converts a job to plain JSON, turning each `pos` into `line`/`column` (+`file` for overrides). */
export function jobToJson(job: UpstartJob): Record<string, unknown> {
  const convert = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(convert);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) {
      if (k === 'pos') continue;
      out[k] = convert(val);
    }
    const pos = o.pos as { file: string; line: number; column: number } | undefined;
    if (pos) {
      out.line = pos.line;
      out.column = pos.column;
      if (pos.file !== job.file) out.file = pos.file;
    }
    return out;
  };
  return convert(job) as Record<string, unknown>;
}
