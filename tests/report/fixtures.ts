/**
 * Runs for report tests: hostile jobs written as files (names and contents holding `<script>`,
 * quotes, `&`, pipes, backticks, `#`, newlines and control characters), a broken one, a plain
 * one and one with a warning, converted by the pipeline and turned into reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ReportOptions, buildReport, convert } from '../../src/pipeline';
import type { PipelineOptions, PipelineResult } from '../../src/pipeline';
import type { Report } from '../../src/report';
import { targetForSystemd } from '../../src/systemd/target';

/** A job name that is an HTML element with an event handler (file names cannot hold `/`). */
export const HTML_NAME = '<img src=x onerror="window.pwned=1">&amp;\'q\'';
/** A job name with Markdown table and code markup, a heading marker, a newline and an escape sequence. */
export const MD_NAME = '#h|pipe|`tick`*em*\n\x1b[31mred';
/** What a job's description says: the end of our script, a script of its own, quotes and markup. */
export const HOSTILE_TEXT = '</script><script>window.pwned=2</script> & "dq" \'sq\' |p| `bt` # \u202eevil';

/** The job files of the hostile batch, by name. */
export const HOSTILE_JOBS: Record<string, string> = {
  [HTML_NAME]: `description "${HOSTILE_TEXT.replace(/"/g, '\\"')}"\nexec /usr/bin/app --mode "a|b"\n`,
  [MD_NAME]: 'author "x\\x01y"\nexec /usr/bin/md-app\n',
  broken: 'exec "unterminated\n',
  plain: 'start on runlevel [2345]\nexec /usr/bin/plain\n',
  nobody: 'start on runlevel [2345]\nsetuid nobody\nexec /usr/bin/nobody\n',
};

/** Writes the hostile jobs into a fresh folder and returns it (removed by the caller). */
export function hostileJobDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-report-'));
  for (const [name, text] of Object.entries(HOSTILE_JOBS)) fs.writeFileSync(path.join(dir, `${name}.conf`), text);
  return dir;
}

/** The pipeline's result for a folder of jobs, with options. */
export function runOf(dir: string, opts: Partial<PipelineOptions> = {}): PipelineResult {
  return convert({ paths: [dir] }, { target: targetForSystemd(252), score: false, ...opts });
}

/** The report of a run. */
export function reportOf(result: PipelineResult, opts: Partial<ReportOptions> = {}): Report {
  return buildReport(result, { target: { name: 'systemd-252', systemd: 252 }, ...opts });
}
