/**
 * The report as one self-contained HTML page: inline style sheet and script (allowed by hash in
 * the page's Content-Security-Policy, nothing else runs or loads), readable without JavaScript
 * (files and diffs in <details>), with sortable tables where the script runs. Every piece of job
 * text goes through `htmlLine` or `htmlBlock`; class names and ids come from fixed sets and indexes.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { html, htmlBlock, htmlLine } from './escape';
import { REPORT_CSP, REPORT_CSS, REPORT_JS } from './html-assets';
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

/** A header cell; `number` columns sort numerically and align right. */
function th(label: string, type: 'text' | 'number' = 'text'): string {
  return type === 'number' ? `<th class="num" data-type="number">${label}</th>` : `<th>${label}</th>`;
}

/** A table with a header row and body rows (cells already HTML); `sortable` gets the script's buttons. */
function table(
  head: readonly string[],
  rows: readonly string[],
  opts: { id?: string; sortable?: boolean } = {},
): string {
  const attrs = `${opts.id ? ` id="${opts.id}"` : ''}${opts.sortable ? ' class="sortable"' : ''}`;
  return `<table${attrs}>\n<thead><tr>${head.join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n`;
}

/** The summary: jobs by status, existing units by outcome, diagnostics by severity and by rule. */
function summary(r: Report): string {
  const s = r.summary;
  const counts = (keys: readonly string[], values: Record<string, number>, id: string, labels = keys): string =>
    table(
      labels.map((l) => th(html(l), 'number')),
      [`<tr>${keys.map((k) => `<td class="num">${values[k]}</td>`).join('')}</tr>`],
      { id },
    );
  let out = '<h2 id="summary">Summary</h2>\n';
  out += counts(
    REPORT_STATUSES,
    s.status,
    'status-counts',
    REPORT_STATUSES.map((k) => STATUS_LABELS[k]),
  );
  if (s.existing) out += '<p>Existing units:</p>\n' + counts(EXISTING_STATES, s.existing, 'existing-counts');
  out += `<p>Diagnostics: ${severityCounts(s)}.</p>\n`;
  if (s.rules.length) {
    const rows = s.rules.map(
      (c, i) =>
        `<tr data-index="${i}"><td class="rule">${htmlLine(c.ruleId)}</td>` +
        `<td class="sev-${c.severity}">${c.severity}</td><td class="num">${c.count}</td></tr>`,
    );
    out += table([th('rule'), th('severity'), th('count', 'number')], rows, { id: 'rules', sortable: true });
  }
  return out;
}

/** A job's warnings and errors with their places, and how many notes. */
function findingsCell(job: ReportJob): string {
  const { listed, notes } = findingsOf(job);
  const lines = listed.map(
    (d) =>
      `<div><span class="sev-${d.severity}">${d.severity}</span> <span class="rule">${htmlLine(d.ruleId)}</span>` +
      ` at <span class="place">${htmlLine(placeOf(d))}</span></div>`,
  );
  if (notes) lines.push(`<div class="sev-info">${plural(notes, 'note')}</div>`);
  return `<td class="findings" data-value="${listed.length}">${lines.join('')}</td>`;
}

/** The sort key of a status: the order of REPORT_STATUSES. */
const statusRank = (s: ReportJob['status']): number => REPORT_STATUSES.indexOf(s);

/** One job's row: name (linked to its details), status, findings and the optional columns. */
function jobRow(job: ReportJob, i: number, cols: JobColumns): string {
  const after = job.exposure?.after;
  const cells = [
    `<td class="job"><a href="#job-${i + 1}">${htmlLine(job.name)}</a></td>`,
    `<td class="status status-${job.status}" data-value="${statusRank(job.status)}">${STATUS_LABELS[job.status]}</td>`,
    findingsCell(job),
    ...(cols.profiles ? [`<td>${htmlLine(job.profiles.join(', '))}</td>`] : []),
    ...(cols.exposure ? [`<td class="num" data-value="${after ?? ''}">${html(exposureText(job.exposure))}</td>`] : []),
    ...(cols.install ? [`<td>${htmlLine(installText(job.install))}</td>`] : []),
    ...(cols.existing ? [`<td>${job.existing?.state ?? ''}</td>`] : []),
  ];
  return `<tr data-index="${i}">${cells.join('')}</tr>`;
}

/** The jobs table: one row per job; click a header to sort. */
function jobsTable(r: Report): string {
  const cols = jobColumns(r);
  const head = [
    th('job'),
    th('status', 'number'),
    th('findings', 'number'),
    ...(cols.profiles ? [th('profiles')] : []),
    ...(cols.exposure ? [th('exposure', 'number')] : []),
    ...(cols.install ? [th('install')] : []),
    ...(cols.existing ? [th('existing unit')] : []),
  ];
  const rows = r.jobs.map((j, i) => jobRow(j, i, cols));
  return '<h2 id="jobs-heading">Jobs</h2>\n' + table(head, rows, { id: 'jobs', sortable: true });
}

/** A list of diagnostics with their hints. */
function diagnosticList(ds: readonly Diagnostic[]): string {
  const item = (d: Diagnostic): string =>
    `<li><span class="sev-${d.severity}">${d.severity}</span> <span class="place">${htmlLine(placeOf(d))}</span>: ` +
    `${htmlLine(d.message)} [<span class="rule">${htmlLine(d.ruleId)}</span>]` +
    (d.hint ? `<div class="hint">hint: ${htmlLine(d.hint)}</div>` : '') +
    '</li>';
  return `<ul class="diagnostics">\n${ds.map(item).join('\n')}\n</ul>\n`;
}

/** A unified diff, with added, removed and hunk lines marked. */
function diffBlock(unified: string): string {
  const line = (l: string): string => {
    const cls = l.startsWith('@@') ? 'hunk' : /^[+](?!\+\+)/.test(l) ? 'add' : /^-(?!--)/.test(l) ? 'del' : '';
    return cls ? `<span class="${cls}">${htmlBlock(l)}</span>` : htmlBlock(l);
  };
  return `<pre class="diff">${unified.split('\n').map(line).join('\n')}</pre>\n`;
}

/** One generated file, folded: its name, where it went, and its content. */
function fileBlock(f: ReportFile): string {
  const where = f.path ? ` (${htmlLine(f.written ?? '')}: ${htmlLine(f.path)})` : '';
  const summary = `<summary><code>${htmlLine(f.name)}</code>${where}</summary>`;
  return `<details>${summary}<pre>${htmlBlock(f.content)}</pre></details>\n`;
}

/** The comparison with the existing unit: what was found, the differences by directive, the unified diff. */
function existingBlock(e: ReportExisting): string {
  const dropin = e.mode === 'dropin' ? ' (written as a drop-in)' : '';
  let out = `<h4>Existing unit</h4>\n<p>${htmlLine(existingText(e))}${dropin}</p>\n`;
  if (e.changes.length) {
    const mark = { added: '+', removed: '-', changed: '~' };
    const item = (c: ReportExisting['changes'][number]): string =>
      `<li>${mark[c.kind]} <code>[${htmlLine(c.section)}] ${htmlLine(c.key)}</code> (${htmlLine(c.category)}): ` +
      `${htmlLine(c.message)}</li>`;
    out += `<ul class="changes">\n${e.changes.map(item).join('\n')}\n</ul>\n`;
  }
  if (e.unified) out += `<details open><summary>unified diff</summary>${diffBlock(e.unified)}</details>\n`;
  return out;
}

/** One job's details: its facts, diagnostics with hints, files and comparison. */
function jobDetails(job: ReportJob, i: number): string {
  const facts = [
    `<li>job file: <code>${htmlLine(job.conf)}</code>` +
      `${job.override ? ` + <code>${htmlLine(job.override)}</code>` : ''}</li>`,
    `<li>status: <span class="status status-${job.status}">${STATUS_LABELS[job.status]}</span></li>`,
    ...(job.profiles.length ? [`<li>profiles: ${htmlLine(job.profiles.join(', '))}</li>`] : []),
    ...(exposureText(job.exposure) ? [`<li>exposure: ${html(exposureText(job.exposure))}</li>`] : []),
    ...(job.install ? [`<li>install: ${htmlLine(installText(job.install))}</li>`] : []),
  ];
  let out = `<section class="job" id="job-${i + 1}">\n<h3>${htmlLine(job.name)}</h3>\n<ul>${facts.join('')}</ul>\n`;
  if (job.diagnostics.length) out += '<h4>Diagnostics</h4>\n' + diagnosticList(job.diagnostics);
  if (job.files.length) out += '<h4>Files</h4>\n' + job.files.map(fileBlock).join('');
  if (job.existing) out += existingBlock(job.existing);
  return out + '</section>\n';
}

/** The whole report as one HTML page. */
export function renderHtml(r: Report): string {
  const title = `upstart2systemd report: ${r.target.name}`;
  const head =
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${html(REPORT_CSP)}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${htmlLine(title)}</title>\n<style>${REPORT_CSS}</style>\n</head>\n`;
  let body = `<body>\n<h1>upstart2systemd conversion report</h1>\n<p>Target ${htmlLine(r.target.name)} `;
  body += `(systemd ${r.target.systemd}); ${plural(r.jobs.length, 'job')}; ${htmlLine(runText(r.run))}. `;
  body += `upstart2systemd ${htmlLine(r.tool.version)}, report schema ${r.schema}.</p>\n`;
  body += summary(r);
  if (r.diagnostics.length) body += '<h2>Diagnostics of the run</h2>\n' + diagnosticList(r.diagnostics);
  if (r.exposureNote) body += `<p>Note: ${htmlLine(r.exposureNote)}</p>\n`;
  body += jobsTable(r);
  body += '<h2 id="details">Details</h2>\n' + r.jobs.map(jobDetails).join('');
  return `${head}${body}<script>${REPORT_JS}</script>\n</body>\n</html>\n`;
}
