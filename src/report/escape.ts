/**
 * Text from jobs in a report: job names, messages, file contents and diffs are whatever the job
 * files held, so every one goes through here. Control characters and bidirectional overrides
 * (which would hide or reorder what a reviewer reads) are shown as escapes (`\r`, `\x1b`,
 * `\u202e`); then HTML gets entities for `& < > " '`, and Markdown a backslash before every
 * character that could start markup, with code blocks fenced longer than any backtick run inside.
 */

/** Characters a reader must see as escapes: C0 (tab and newline aside), DEL, C1, line separators, bidi controls. */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** One character as a visible escape, as the terminal shows it (`\t`, `\n`, `\r`, `\xNN`, `\uNNNN`). */
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  const named: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };
  return (
    named[code] ??
    (code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`)
  );
}

/** Text for one line: every control character, tab and newline included, shown as an escape. */
export function shownLine(text: string): string {
  return text.replace(HIDDEN, escapeChar).replace(/[\t\n]/g, escapeChar);
}

/** Text for a block (file content, diff): newlines and tabs kept, every other control character shown. */
export function shownBlock(text: string): string {
  return text.replace(HIDDEN, escapeChar);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML character data or a quoted attribute value: `& < > " '` as entities. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** One line of job text for HTML. */
export function htmlLine(text: string): string {
  return html(shownLine(text));
}

/** A block of job text (inside `<pre>`) for HTML. */
export function htmlBlock(text: string): string {
  return html(shownBlock(text));
}

/**
 * One line of job text for Markdown, fit for a table cell, a list item or a heading: newlines
 * shown as `\n`, and a backslash before every character that could open markup anywhere in a line
 * (emphasis, code, links, HTML and entities, table pipes, headings' `#`, math's `$`), and before a
 * list or heading marker at the start.
 */
export function mdLine(text: string): string {
  const escaped = shownLine(text).replace(/[\\`*_[\]<>|~&#$!{}]/g, '\\$&');
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A fenced code block of job text: the fence is longer than the longest run of backticks inside,
 * so nothing in the content can close it; control characters shown as escapes.
 */
export function mdFence(text: string, info = ''): string {
  const content = shownBlock(text);
  // no spread: a file may hold more backtick runs than a call has room for arguments
  const longest = (content.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = content === '' || content.endsWith('\n') ? content : content + '\n';
  return `${fence}${info}\n${body}${fence}\n`;
}
