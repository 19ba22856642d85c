/**
 * Every rule id the tool can report, with what it means and what to do. docs/rules.md is generated
 * from this table (`npm run docs`) and a test checks that every id used in the code is listed here.
 */
import type { Severity } from './diagnostic';

/** One documented rule. */
export interface RuleDoc {
  id: string;
  severity: Severity;
  /** What happened, in one sentence. */
  summary: string;
  /** What the operator should do. */
  action: string;
}

const parseError = (id: string, summary: string, action: string): RuleDoc => ({ id: `parse/${id}`, severity: 'error', summary, action });

/** The rule table, grouped by pipeline stage. */
export const RULES: readonly RuleDoc[] = [
  // input: reading files
  { id: 'input/not-found', severity: 'error', summary: 'The path does not exist (or is a dangling symlink).', action: 'Check the path; with --root, paths are inside the root.' },
  { id: 'input/symlink-loop', severity: 'error', summary: 'A symlink points back to itself, or a directory symlink loops back to a directory already walked.', action: 'Remove or fix the link; the rest of the batch is processed.' },
  { id: 'input/unreadable', severity: 'error', summary: 'The file or directory cannot be read (permission denied or an I/O error).', action: 'Run with enough privileges or copy the tree somewhere readable.' },
  { id: 'input/is-directory', severity: 'error', summary: 'A directory was given where a job file was expected (or, while walking, a directory is named like a job file; Upstart walks it as a sub-directory).', action: 'Pass the directory itself to process every job in it.' },
  { id: 'input/not-regular', severity: 'error', summary: 'A device, FIFO or socket is named like a job file; Upstart only loads regular files.', action: 'Remove it from the job directory.' },
  { id: 'input/too-large', severity: 'error', summary: 'The file is larger than 1 MiB, far beyond any job file; it is not read.', action: 'Check that the path is right.' },
  { id: 'input/binary', severity: 'error', summary: 'The file contains NUL bytes: a binary file, not a job.', action: 'Check the path; Upstart would stop reading at the NUL.' },
  { id: 'input/invalid-utf8', severity: 'error', summary: 'The file is not valid UTF-8; Upstart reads raw bytes but unit files must be UTF-8.', action: 'Re-encode it (iconv -f latin1 -t utf-8) and convert again.' },
  { id: 'input/orphan-override', severity: 'info', summary: 'An .override file has no .conf beside it; Upstart ignores it.', action: 'Delete it or restore its job.' },
  { id: 'input/symlink', severity: 'info', summary: 'A job file is a symlink; Upstart does not support symlinked jobs consistently (followed here).', action: 'Replace the link with the file if the job matters.' },
  // parse: what the real Upstart parser rejects (ERRORS.md), at the same line
  parseError('expected-token', 'A required word is missing (or is empty after quotes are removed), e.g. `description ""`, `exec` alone, `limit nofile 4096` with one value.', 'Add the missing value; the hint shows the stanza syntax.'),
  parseError('unexpected-token', 'Extra text after a stanza that takes one argument, e.g. `description my job` or `env A = 1`.', 'Quote values with blanks (`description "my job"`, `env A="x y"`).'),
  parseError('trailing-slash', 'The file ends with a backslash.', 'Remove it or add the continued line.'),
  parseError('unterminated-quote', 'A quote is never closed; Upstart read to the end of the file looking for it.', 'Close the quote.'),
  parseError('unterminated-block', 'A script block has no `end script` line (`END SCRIPT`, `endscript`, `end script now` do not count).', 'Add a line `end script`.'),
  parseError('unknown-stanza', 'Not a stanza (or not a valid word after one), case-sensitive; also `cgroup` on Upstart 1.12.', 'Fix the spelling; the hint lists what is accepted.'),
  parseError('illegal-interval', 'A time value is not a non-negative decimal integer (`kill timeout`, respawn interval).', 'Write whole seconds, e.g. `kill timeout 30`.'),
  parseError('illegal-exit', 'A `normal exit` value is neither a signal name nor a decimal status.', 'Use statuses 0-255 or upper-case signal names (TERM, SIGHUP).'),
  parseError('illegal-signal', 'A `kill signal`/`reload signal` value is neither a signal name nor a number (Upstart logs this one without a line number).', 'Use an upper-case signal name.'),
  parseError('illegal-umask', 'A `umask` is not an octal number within 0777.', 'Write e.g. `umask 022`.'),
  parseError('illegal-nice', 'A `nice` value is outside -20..19.', 'Use -20..19.'),
  parseError('illegal-oom', 'An `oom` value is outside -17..15 (or `oom score` outside -1000..1000), or not a number or `never`.', 'Use `oom score N` with -1000..1000 or `never`.'),
  parseError('illegal-limit', 'A `limit` value (or respawn limit count) is not `unlimited` or a plain decimal (no units, no hex).', 'Write bytes or counts as plain integers.'),
  parseError('expected-event', 'An event expression has an operator where an event is needed (first, last, doubled, empty parentheses).', 'Put an event on each side of `and`/`or`.'),
  parseError('expected-operator', 'Two events or groups follow each other without `and`/`or`, e.g. `a (b or c)`.', 'Insert the operator you mean.'),
  parseError('expected-variable', 'A positional event argument follows a KEY=VALUE one.', 'Put positional arguments first.'),
  parseError('mismatched-parens', 'Parentheses do not balance; an unclosed `(` swallows the rest of the file.', 'Balance the parentheses.'),
  { id: 'parse/conf-rejected-with-override', severity: 'info', summary: 'The .conf was rejected; Upstart would then define the job from the override alone.', action: 'Fix the .conf; such a job is not converted.' },
  // upstart: loads, but does not do what it seems to
  { id: 'upstart/kill-timeout-zero', severity: 'warning', summary: '`kill timeout 0` parses, but Upstart asserts (PID 1 aborts) when it stops the job.', action: 'Use a positive timeout.' },
  { id: 'upstart/cgroup-not-in-trusty', severity: 'info', summary: '`cgroup` exists from Upstart 1.13; Ubuntu 14.04 (1.12.1) rejects the job.', action: 'Parse with --upstart-version 1.12 to see the job as Trusty saw it.' },
  { id: 'upstart/normal-exit-alias', severity: 'warning', summary: 'A `normal exit` number of 256 or more is stored as a signal (256 = HUP), not an exit status.', action: 'Write exit statuses 0-255, or the signal name you mean.' },
  { id: 'upstart/limit-soft-above-hard', severity: 'warning', summary: 'A `limit` soft value is above its hard value: setrlimit fails and the job cannot spawn.', action: 'Make soft <= hard.' },
  { id: 'upstart/start-on-variable', severity: 'warning', summary: '`start on` is matched without an environment: `$VAR` in it never matches (and event names are never expanded).', action: 'Use a literal value or ${VAR:-default}.' },
  { id: 'upstart/export-variable', severity: 'warning', summary: '`export $A` names a variable literally called `$A`.', action: 'Write `export A`.' },
  { id: 'upstart/debug', severity: 'info', summary: '`debug` only acts when init runs with --debug.', action: 'Nothing to do unless you relied on it.' },
];

/** Looks a rule up by id. */
export function ruleDoc(id: string): RuleDoc | undefined {
  return RULES.find((r) => r.id === id);
}

/** Renders docs/rules.md. */
export function renderRulesMarkdown(): string {
  const groups = new Map<string, RuleDoc[]>();
  for (const r of RULES) {
    const g = r.id.split('/')[0]!;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const titles: Record<string, string> = {
    input: 'input — reading files',
    parse: 'parse — what the real Upstart parser rejects',
    upstart: 'upstart — loads, but does not do what it seems to',
    convert: 'convert — mapping a job to systemd',
    target: 'target — the target systemd version',
    harden: 'harden — sandboxing profiles',
    diff: 'diff — existing units',
    output: 'output — writing files',
  };
  let md = '# Rule ids\n\nEvery diagnostic carries a stable rule id. This page is generated from `src/diagnostics/rules.ts` (`npm run docs`); a test fails when it is out of date.\n\n';
  md += 'Severity: **error** — the job is not converted (or the command fails); **warning** — converted, but meaning is lost or approximated; **info** — advice.\n';
  for (const [g, rules] of groups) {
    md += `\n## ${titles[g] ?? g}\n\n| rule id | severity | what it means | what to do |\n|---|---|---|---|\n`;
    for (const r of rules) md += `| \`${r.id}\` | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} | ${r.action.replace(/\|/g, '\\|')} |\n`;
  }
  return md;
}
