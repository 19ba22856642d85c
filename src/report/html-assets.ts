/**
 * The style sheet and the script of the HTML report, inlined into the page (no external assets).
 * The page reads the same without the script; the script only makes the headers of sortable
 * tables into buttons that sort the rows. The page's Content-Security-Policy allows exactly these
 * two blocks (by hash), so nothing else on the page can run or load, whatever a job held.
 */
import { createHash } from 'node:crypto';

/** The report's style sheet. */
export const REPORT_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 80em; padding: 0 1em; color: #1b1b1b; }
h1 { font-size: 1.5em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.4em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num, th.num { text-align: right; }
th button { all: inherit; cursor: pointer; border: 0; padding: 0; }
th button::after { content: " \\2195"; color: #999; }
th[aria-sort=ascending] button::after { content: " \\2191"; color: #000; }
th[aria-sort=descending] button::after { content: " \\2193"; color: #000; }
.status { font-weight: 600; white-space: nowrap; }
.status-converted { color: #1a7f37; } .status-review { color: #9a6700; }
.status-failed { color: #cf222e; } .status-skipped { color: #57606a; }
.sev-error { color: #cf222e; font-weight: 600; } .sev-warning { color: #9a6700; font-weight: 600; }
.sev-info { color: #57606a; }
.findings div, .place, .rule, td.job { white-space: nowrap; }
code, pre, .place, .rule { font-family: ui-monospace, monospace; font-size: 12.5px; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; white-space: pre; }
.hint { color: #57606a; margin-left: 1.5em; }
.add { color: #1a7f37; } .del { color: #cf222e; } .hunk { color: #0969da; }
`;

/** The report's script: sortable tables (click a header; again to reverse). Plain ES5, no external code. */
export const REPORT_JS = `
(function () {
  'use strict';
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell.getAttribute('data-value');
    return v === null ? cell.textContent.trim() : v;
  }
  function compare(a, b, numeric) {
    if (!numeric) return a.localeCompare(b);
    var x = parseFloat(a), y = parseFloat(b);
    if (isNaN(x) || isNaN(y)) return isNaN(x) ? (isNaN(y) ? 0 : 1) : -1;
    return x - y;
  }
  function sortBy(table, heads, i) {
    var th = heads[i];
    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    for (var j = 0; j < heads.length; j++) heads[j].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    var numeric = th.getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = dir * compare(key(a, i), key(b, i), numeric);
      return order || a.getAttribute('data-index') - b.getAttribute('data-index');
    });
    for (var k = 0; k < rows.length; k++) body.appendChild(rows[k]);
  }
  function sortable(table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      var button = document.createElement('button');
      button.type = 'button';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () { sortBy(table, heads, i); });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);
})();
`;

/** The Content-Security-Policy source of an inline block: its SHA-256 in base64. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's policy: nothing loads or runs but the inline style sheet and script above. */
export const REPORT_CSP =
  `default-src 'none'; style-src ${hashSource(REPORT_CSS)}; script-src ${hashSource(REPORT_JS)}; ` +
  "img-src 'none'; base-uri 'none'; form-action 'none'";
