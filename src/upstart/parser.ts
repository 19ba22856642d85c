/**
 * Upstart's job parser (init/parse_job.c) over the libnih tokeniser: the stanza loop, with the
 * same error positions and messages, over one handler per stanza (stanzas.ts: the argument
 * grammar, repeat rules and numeric parsing). It never throws for any input; a file Upstart
 * would reject yields an error diagnostic and no job.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostic';
import type { RuleId } from '../diagnostics/rules';
import {
  CNLWS,
  type Cursor,
  type ParseErrorCode,
  UpstartSyntaxError,
  WS,
  copy,
  fail,
  hasToken,
  inSet,
  nextToken,
  skipComment,
} from './lexer';
import { type UpstartJob, cloneJob, emptyJob } from './job';
import {
  DEFAULT_UPSTART_VERSION,
  type ParseCtx,
  STANZAS,
  STANZA_NAMES,
  type StanzaDef,
  type UpstartVersion,
} from './stanzas';

/** Options for parsing one file. */
export interface ParseOptions {
  /** Path shown in diagnostics and kept on the job. */
  file: string;
  /** Job name (see jobNameFromPath); defaults to the file name without `.conf`. */
  name?: string;
  /** The grammar; default DEFAULT_UPSTART_VERSION (1.12, Ubuntu 14.04's). */
  upstartVersion?: UpstartVersion;
}

/** A parse result: the job when Upstart would load it, and everything worth saying about it. */
export interface ParseResult {
  job: UpstartJob | null;
  diagnostics: Diagnostic[];
}

/** Upstart's own message for each error code (ERRORS.md), shown first in every parse error. */
export const ERROR_MESSAGES: Record<ParseErrorCode, string> = {
  EXPECTED_TOKEN: 'Expected token',
  UNEXPECTED_TOKEN: 'Unexpected token',
  TRAILING_SLASH: 'Trailing slash in file',
  UNTERMINATED_QUOTE: 'Unterminated quoted string',
  UNTERMINATED_BLOCK: 'Unterminated block',
  UNKNOWN_STANZA: 'Unknown stanza',
  ILLEGAL_INTERVAL: 'Illegal interval, expected number of seconds',
  ILLEGAL_EXIT: 'Illegal exit status, expected integer',
  ILLEGAL_SIGNAL: 'Illegal signal status, expected integer',
  ILLEGAL_UMASK: 'Illegal file creation mask, expected octal integer',
  ILLEGAL_NICE: 'Illegal nice value, expected -20 to 19',
  ILLEGAL_OOM: "Illegal oom adjustment, expected -16 to 15 or 'never'",
  ILLEGAL_LIMIT: "Illegal limit, expected 'unlimited' or integer",
  EXPECTED_EVENT: 'Expected event',
  EXPECTED_OPERATOR: 'Expected operator',
  EXPECTED_VARIABLE: 'Expected variable name before value',
  MISMATCHED_PARENS: 'Mismatched parentheses',
};

/** The rule of each error code: `parse/unknown-stanza` for UNKNOWN_STANZA. */
const PARSE_RULE_IDS: Record<ParseErrorCode, RuleId> = {
  EXPECTED_TOKEN: 'parse/expected-token',
  UNEXPECTED_TOKEN: 'parse/unexpected-token',
  TRAILING_SLASH: 'parse/trailing-slash',
  UNTERMINATED_QUOTE: 'parse/unterminated-quote',
  UNTERMINATED_BLOCK: 'parse/unterminated-block',
  UNKNOWN_STANZA: 'parse/unknown-stanza',
  ILLEGAL_INTERVAL: 'parse/illegal-interval',
  ILLEGAL_EXIT: 'parse/illegal-exit',
  ILLEGAL_SIGNAL: 'parse/illegal-signal',
  ILLEGAL_UMASK: 'parse/illegal-umask',
  ILLEGAL_NICE: 'parse/illegal-nice',
  ILLEGAL_OOM: 'parse/illegal-oom',
  ILLEGAL_LIMIT: 'parse/illegal-limit',
  EXPECTED_EVENT: 'parse/expected-event',
  EXPECTED_OPERATOR: 'parse/expected-operator',
  EXPECTED_VARIABLE: 'parse/expected-variable',
  MISMATCHED_PARENS: 'parse/mismatched-parens',
};

/** The rule id of a parse error code: `parse/unknown-stanza` for UNKNOWN_STANZA. */
export function parseRuleId(code: ParseErrorCode): RuleId {
  return PARSE_RULE_IDS[code];
}

/**
 * Builds a source position from a cursor, with a 1-based column on the offset's own line. The
 * parser asks in file order, so the search for the line's start resumes where the last one ended:
 * 100,000 leaves on one long `start on` line cost O(n), not O(n²).
 */
function positioner(text: string, file: string): (c: Cursor) => SourcePos {
  let lastPos = 0;
  let lastLineStart = 0;
  return (c) => {
    let lineStart: number;
    if (c.pos < lastPos) {
      lineStart = c.pos === 0 ? 0 : text.lastIndexOf('\n', c.pos - 1) + 1;
    } else {
      let i = c.pos - 1;
      while (i >= lastPos && text[i] !== '\n') i--;
      lineStart = i >= lastPos ? i + 1 : lastLineStart;
    }
    lastPos = c.pos;
    lastLineStart = lineStart;
    return { file, line: c.line, column: c.pos - lineStart + 1, offset: c.pos };
  };
}

/** A hint for an unknown top-level word: case, quoting, stray `end script`, version. */
function unknownStanzaHint(word: string, version: UpstartVersion): string {
  if (word === 'cgroup' && version === '1.12')
    return (
      'cgroup needs Upstart 1.13 (--upstart-version 1.13); Ubuntu 14.04 ships 1.12.1, ' +
      'which rejects it, and 1.12 is the default grammar'
    );
  if (word === 'end')
    return '"end script" outside a script block: is an earlier "script" line missing, or this line repeated?';
  if (word.startsWith('\uFEFF'))
    return 'the file starts with a UTF-8 byte-order mark, which Upstart reads as part of the first word; remove it';
  const bare = word.replace(/^["']|["']$/g, '');
  if (bare !== word && STANZAS.has(bare)) return `stanza names cannot be quoted: write ${bare}`;
  const lower = word.toLowerCase();
  if (lower !== word && STANZAS.has(lower)) return `stanza names are case-sensitive: write ${lower}`;
  return `known stanzas: ${STANZA_NAMES.join(', ')}`;
}

/** Runs the stanza loop over `ctx.text`, mutating `ctx.job`; returns the error that stopped it. */
function parseInto(ctx: ParseCtx): Diagnostic | null {
  const { text } = ctx;
  const c: Cursor = { pos: 0, line: 1 };
  let current: StanzaDef | undefined;
  let unknown = ''; // the top-level word Upstart did not know, for the hint
  try {
    while (c.pos < text.length) {
      while (c.pos < text.length && inSet(WS, text[c.pos])) c.pos++;
      if (!hasToken(text, c)) {
        skipComment(text, c);
        continue;
      }
      const start = copy(c);
      const word = nextToken(text, c, CNLWS, false);
      current = STANZAS.get(word);
      if (!current || (current.since === '1.13' && ctx.version === '1.12')) {
        current = undefined;
        // nih_config_parse_stanza keeps the word's start as the error position, but its line
        // counter has already moved past any continuation or quoted line break in the word and
        // the blanks after it: Upstart reports that line
        unknown = word;
        const moved =
          c.line === start.line ? '' : ` (it starts on line ${start.line}; Upstart counts the line it read to)`;
        fail('UNKNOWN_STANZA', { pos: start.pos, line: c.line }, `"${word}"${moved}`);
      }
      current.handle(ctx, c, ctx.at(start));
      current = undefined;
    }
    return null;
  } catch (e) {
    if (!(e instanceof UpstartSyntaxError)) throw e;
    const at = ctx.at({ pos: e.pos, line: e.line });
    const message = ERROR_MESSAGES[e.code] + (e.detail ? `: ${e.detail}` : '');
    let hint: string | undefined;
    if (current) hint = `syntax: ${current.syntax}`;
    else if (e.code === 'UNKNOWN_STANZA') hint = unknownStanzaHint(unknown, ctx.version);
    else if (e.code === 'UNTERMINATED_QUOTE')
      hint = 'a quote opened earlier is never closed; Upstart read to the end of the file looking for it';
    else if (e.code === 'TRAILING_SLASH') hint = 'the file ends with a backslash; remove it or add the continued line';
    return diagnostic(parseRuleId(e.code), at, message, hint);
  }
}

/** Default job name for a file: its base name without the `.conf`/`.override` extension. */
function defaultName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.(conf|override)$/, '');
}

/** Parses a job file as Upstart would; `job` is null when Upstart would reject the file. */
export function parseJob(text: string, opts: ParseOptions): ParseResult {
  const job = emptyJob(opts.name ?? defaultName(opts.file), opts.file);
  const ctx: ParseCtx = {
    text,
    file: opts.file,
    job,
    version: opts.upstartVersion ?? DEFAULT_UPSTART_VERSION,
    at: positioner(text, opts.file),
  };
  const error = parseInto(ctx);
  return error ? { job: null, diagnostics: [error] } : { job, diagnostics: [] };
}

/**
 * Applies an `.override` file the way Upstart does: parsed onto the same job, so single-valued
 * stanzas replace and lists append. A failing override keeps the lines before the failure (as
 * Upstart's in-place parse does) and what the failing stanza had already stored (its handlers
 * store before they check: `nice 40` leaves nice 40, a valueless `description` clears it); it is
 * reported as a warning (parse/override-error) that says so, and the job still loads.
 */
export function applyOverride(base: UpstartJob, text: string, opts: ParseOptions): ParseResult {
  const job = cloneJob(base);
  job.overrideFile = opts.file;
  const ctx: ParseCtx = {
    text,
    file: opts.file,
    job,
    version: opts.upstartVersion ?? DEFAULT_UPSTART_VERSION,
    at: positioner(text, opts.file),
  };
  const error = parseInto(ctx);
  if (!error) return { job, diagnostics: [] };
  const warning = diagnostic(
    'parse/override-error',
    error,
    error.message + (ctx.partial ? `; ${ctx.partial}` : ''),
    (
      "Upstart applied the override's lines before this one" +
      (ctx.partial ? ' and what this line had stored' : '') +
      ' and ignored the rest; fix the override. ' +
      (error.hint ?? '')
    ).trim(),
  );
  return { job, diagnostics: [warning] };
}
