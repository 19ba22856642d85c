/**
 * The report of a run in its three formats, from jobs whose names and contents are hostile: the
 * HTML holds no markup but ours (one script, the page's own), the Markdown no markup but ours
 * (every table row keeps its cells), neither a raw control character; the JSON is the report
 * value itself. The counts are the same everywhere.
 */
import * as fs from 'node:fs';
import { REPORT_JS } from '../../src/report/html-assets';
import { type Report, renderHtml, renderJson, renderMarkdown, summarizeJobs } from '../../src/report';
import { HOSTILE_TEXT, HTML_NAME, MD_NAME, hostileJobDir, reportOf, runOf } from './fixtures';

let dir = '';
let report: Report;
beforeAll(() => {
  dir = hostileJobDir();
  report = reportOf(runOf(dir));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Control characters other than newline, and the bidi overrides a reviewer could be fooled by. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('the HTML report', () => {
  let page = '';
  beforeAll(() => (page = renderHtml(report)));

  it('has exactly one script, its own, and nothing that loads from elsewhere', () => {
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(page).toContain(`<script>${REPORT_JS}</script>`);
    expect(page).not.toMatch(/<(img|iframe|link|object|embed)\b/i);
    expect(page).not.toMatch(/\s(src|href)=["']?(https?:|\/\/|javascript:)/i);
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('shows hostile job names and texts escaped, never as markup', () => {
    expect(page).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;&amp;amp;&#39;q&#39;');
    expect(page).toContain('#h|pipe|`tick`*em*\\n\\x1b[31mred');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;window.pwned=2&lt;/script&gt; &amp;');
    expect(page).not.toContain(HOSTILE_TEXT);
    expect(page).not.toMatch(RAW_CONTROL);
  });

  it('has one row per job in the jobs table, with its status', () => {
    const table = page.slice(
      page.indexOf('<table id="jobs"'),
      page.indexOf('</table>', page.indexOf('<table id="jobs"')),
    );
    const statuses = [...table.matchAll(/<td class="status status-(\w+)"/g)].map((m) => m[1]);
    expect(statuses).toEqual(report.jobs.map((j) => j.status));
    expect(statuses).toEqual(['review', 'converted', 'failed', 'review', 'converted']);
  });
});

describe('the Markdown report', () => {
  let md = '';
  beforeAll(() => (md = renderMarkdown(report)));

  /** The pipes of a table row that separate cells (not escaped with a backslash). */
  const cellPipes = (row: string): number => row.replace(/\\./g, '').split('|').length - 1;

  it('keeps every row of the jobs table to its cells, whatever the names hold', () => {
    const rows = md
      .slice(md.indexOf('## Jobs'), md.indexOf('## Details'))
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(2 + report.jobs.length);
    expect(rows.map(cellPipes)).toEqual(rows.map(() => cellPipes(rows[0]!)));
  });

  it('starts no line with a heading, list or HTML marker from a job, and holds no raw control character', () => {
    const ours = /^(#{1,4} |- | {2}hint: |<a id="job-\d+"><\/a>$|\||`{3,}|\*\*|$)/;
    const outsideFences = md.split(/^`{3,}.*$[\s\S]*?^`{3,}$/m).join('');
    expect(outsideFences.split('\n').filter((l) => !ours.test(l) && !/^[A-Z][a-z]/.test(l))).toEqual([]);
    expect(md).not.toMatch(RAW_CONTROL);
    expect(outsideFences).not.toMatch(/(^|[^\\])<(img|script)/);
    expect(md).toContain('### \\#h\\|pipe\\|\\`tick\\`\\*em\\*\\\\n\\\\x1b\\[31mred\n');
  });

  it('puts file contents in fences that their content cannot close', () => {
    const fences = [...md.matchAll(/^(`{3,})(\w*)$/gm)];
    expect(fences.length % 2).toBe(0);
    expect(fences.length).toBeGreaterThan(0);
  });
});

describe('the JSON report', () => {
  it('is the report value itself, job text unchanged', () => {
    const doc = JSON.parse(renderJson(report)) as Report;
    expect(doc).toEqual(report);
    expect(doc.jobs.map((j) => j.name)).toEqual([MD_NAME, HTML_NAME, 'broken', 'nobody', 'plain']);
  });
});

describe('the summary', () => {
  it('counts jobs by status and diagnostics by severity and rule, the same in every format', () => {
    const s = report.summary;
    expect(s).toEqual(summarizeJobs(report.jobs, report.diagnostics));
    expect(s.status).toEqual({ converted: 2, review: 2, failed: 1, skipped: 0 });
    expect(s.existing).toBeUndefined();
    expect(s.rules.find((r) => r.ruleId === 'convert/console-log')).toEqual({
      ruleId: 'convert/console-log',
      severity: 'info',
      count: 4,
    });
    expect(renderMarkdown(report)).toContain('| 2 | 2 | 1 | 0 |');
    expect(renderHtml(report)).toContain(
      '<td class="num">2</td><td class="num">2</td><td class="num">1</td><td class="num">0</td>',
    );
  });

  it('counts a job the install plan skips as skipped, with its reason in every format', () => {
    const skipped = reportOf(runOf(dir), {
      install: (j) => (j.name === 'plain' ? { action: 'skip', reason: 'replaced by <systemd> & co' } : undefined),
    });
    expect(skipped.summary.status).toEqual({ converted: 1, review: 2, failed: 1, skipped: 1 });
    expect(skipped.jobs.find((j) => j.name === 'plain')!.install).toEqual({
      action: 'skip',
      reason: 'replaced by <systemd> & co',
    });
    expect(renderHtml(skipped)).toContain('<td>skip: replaced by &lt;systemd&gt; &amp; co</td>');
    expect(renderMarkdown(skipped)).toContain('| skip: replaced by \\<systemd\\> \\& co |');
  });
});
