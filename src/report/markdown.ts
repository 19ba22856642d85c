/**
 * The report as Markdown (GitHub-flavoured): the summary, one table row per job, then per job
 * the details a reviewer reads. Every piece of job text goes through `mdLine` (one line, markup
 * escaped) or `mdFence` (a code block nothing inside can close).
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { mdFence, mdLine } from './escape';
import {
  EXISTING_STATES,
  REPORT_STATUSES,
  type Report,
  type ReportExisting,
  type ReportFile,
  type ReportJob,
  STATUS_LABELS,
} from './model';
import {
  type JobColumns,
  exposureText,
  existingText,
  findingsOf,
  installText,
  jobColumns,
  placeOf,
  plural,
  runText,
  severityCounts,
} from './words';

/** A Markdown table from a header and rows of cells already escaped. */
function table(head: readonly string[], rows: readonly string[][], align?: readonly string[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;
  return line(head) + line(align ?? head.map(() => '---')) + rows.map(line).join('');
}

/** The summary: jobs by status, existing units by outcome, diagnostics by severity and by rule. */
function summary(r: Report): string {
  const s = r.summary;
  let out = '## Summary\n\n';
  out += table(
    REPORT_STATUSES.map((k) => STATUS_LABELS[k]),
    [REPORT_STATUSES.map((k) => String(s.status[k]))],
    REPORT_STATUSES.map(() => '---:'),
  );
  if (s.existing) {
    const counts = s.existing;
    out += '\nExisting units:\n\n';
    out += table(
      [...EXISTING_STATES],
      [EXISTING_STATES.map((k) => String(counts[k]))],
      EXISTING_STATES.map(() => '---:'),
    );
  }
  out += `\nDiagnostics: ${severityCounts(s)}.\n`;
  if (s.rules.length) {
    const rows = s.rules.map((c) => [mdLine(c.ruleId), c.severity, String(c.count)]);
    out += '\n' + table(['rule', 'severity', 'count'], rows, ['---', '---', '---:']);
  }
  return out;
}

/** The cells of one job's row, in the order of `jobColumns`. */
function jobRow(job: ReportJob, index: number, cols: JobColumns): string[] {
  const { listed, notes } = findingsOf(job);
  const findings = listed.map((d) => `${d.severity} ${mdLine(d.ruleId)} at ${mdLine(placeOf(d))}`);
  if (notes) findings.push(plural(notes, 'note'));
  return [
    `[${mdLine(job.name)}](#job-${index + 1})`,
    STATUS_LABELS[job.status],
    findings.join('<br>'),
    ...(cols.profiles ? [mdLine(job.profiles.join(', '))] : []),
    ...(cols.exposure ? [exposureText(job.exposure)] : []),
    ...(cols.install ? [mdLine(installText(job.install))] : []),
    ...(cols.existing ? [job.existing?.state ?? ''] : []),
  ];
}

/** The jobs table: one row per job, linked to its details. */
function jobsTable(r: Report): string {
  const cols = jobColumns(r);
  const head = [
    'job',
    'status',
    'findings',
    ...(cols.profiles ? ['profiles'] : []),
    ...(cols.exposure ? ['exposure'] : []),
    ...(cols.install ? ['install'] : []),
    ...(cols.existing ? ['existing unit'] : []),
  ];
  return (
    '## Jobs\n\n' +
    table(
      head,
      r.jobs.map((j, i) => jobRow(j, i, cols)),
    )
  );
}

/** One diagnostic as a list item, with its hint. */
function diagnosticItem(d: Diagnostic): string {
  const head = `- **${d.severity}** ${mdLine(placeOf(d))}: ${mdLine(d.message)} \\[${mdLine(d.ruleId)}\\]\n`;
  return d.hint ? `${head}  hint: ${mdLine(d.hint)}\n` : head;
}

/** One generated file: its name, where it went, and its content. */
function fileBlock(f: ReportFile): string {
  const where = f.path ? ` (${mdLine(f.written ?? '')}: ${mdLine(f.path)})` : '';
  const info = f.name.endsWith('.sh') ? 'sh' : 'ini';
  return `**${mdLine(f.name)}**${where}\n\n${mdFence(f.content, info)}`;
}

/** The comparison with the existing unit: what was found, the differences by directive, the unified diff. */
function existingBlock(e: ReportExisting): string {
  let out = `#### Existing unit\n\n${mdLine(existingText(e))}${e.mode === 'dropin' ? ' (written as a drop-in)' : ''}\n`;
  if (e.changes.length) {
    out += '\n';
    for (const c of e.changes) {
      const mark = { added: '+', removed: '-', changed: '~' }[c.kind];
      out += `- ${mdLine(`${mark} [${c.section}] ${c.key} (${c.category}): ${c.message}`)}\n`;
    }
  }
  if (e.unified) out += '\n' + mdFence(e.unified, 'diff');
  return out;
}

/** One job's details: its facts, diagnostics with hints, files and comparison. */
function jobDetails(job: ReportJob, index: number): string {
  let out = `<a id="job-${index + 1}"></a>\n\n### ${mdLine(job.name)}\n\n`;
  out += `- job file: ${mdLine(job.conf)}${job.override ? ` + ${mdLine(job.override)}` : ''}\n`;
  out += `- status: ${STATUS_LABELS[job.status]}\n`;
  if (job.profiles.length) out += `- profiles: ${mdLine(job.profiles.join(', '))}\n`;
  if (exposureText(job.exposure)) out += `- exposure: ${exposureText(job.exposure)} (systemd-analyze security)\n`;
  if (job.install) out += `- install: ${mdLine(installText(job.install))}\n`;
  if (job.diagnostics.length) out += '\n#### Diagnostics\n\n' + job.diagnostics.map(diagnosticItem).join('');
  if (job.files.length) out += '\n#### Files\n\n' + job.files.map(fileBlock).join('\n');
  if (job.existing) out += '\n' + existingBlock(job.existing);
  return out;
}

/** The whole report as Markdown. */
export function renderMarkdown(r: Report): string {
  let out = '# upstart2systemd conversion report\n\n';
  out +=
    `Target ${mdLine(r.target.name)} (systemd ${r.target.systemd}); ${plural(r.jobs.length, 'job')}; ` +
    `${mdLine(runText(r.run))}. upstart2systemd ${mdLine(r.tool.version)}, report schema ${r.schema}.\n\n`;
  out += summary(r);
  if (r.diagnostics.length) out += '\n## Diagnostics of the run\n\n' + r.diagnostics.map(diagnosticItem).join('');
  if (r.exposureNote) out += `\nNote: ${mdLine(r.exposureNote)}\n`;
  out += '\n' + jobsTable(r);
  out += '\n## Details\n\n' + r.jobs.map(jobDetails).join('\n');
  return out;
}
