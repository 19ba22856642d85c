/**
 * Reading one unit file the way systemd does (`parseUnitFile`), to compare the units that already
 * exist with the generated ones; merging a unit with its drop-ins and the normalized text of the
 * result are in unit-merge.ts.
 *
 * Sources: src/shared/conf-parser.c (config_parse, parse_line), src/basic/fileio.c (read_line_full:
 * which byte sequences end a line), systemd.syntax(7), systemd.unit(5).
 *
 * Confirmed on the real systemd 252 with `systemd-analyze verify` (an invalid `Restart=` value
 * makes systemd print the value it read, with its line): lines end at \n, \r, \0 and at the pairs
 * \r\n, \n\r (and those followed by \0); a line whose first non-blank character is `#` or `;` is
 * dropped before continuation is looked at, also inside a continuation and also when it ends in a
 * backslash; an odd number of trailing backslashes continues the line, the last one becomes a
 * blank; an empty line ends a continuation; a continuation still open at the end of the file is
 * read; the first line that starts with a UTF-8 BOM loses it (only that one, and a BOM before
 * `#` makes no comment); `[Service] x`, `[Service` and a header with quotes, backslashes or
 * control characters stop the reading of the file (the unit fails to load; a drop-in's remaining
 * lines are ignored, later drop-ins still apply); `[ Service ]` is the unknown section
 * " Service ", and no line in an unknown or `X-` section is checked; `=v` is "Missing key name";
 * a physical line of 1 MiB or more, or a joined line of more than 1 MiB, fails the file;
 * `.include` is an ordinary line ("Missing '='"). The test file compares this reader with
 * systemd-analyze on random files.
 *
 * Version differences (from the sources and the issues named):
 * - Up to v234 lines were read with fgets(LINE_MAX): a line longer than 2047 bytes was split into
 *   several lines (systemd#3302, #2099), lines ended only at \n and were cut at their first \r;
 *   read_line() (PR #6891, v235) brought the 1 MiB limit, and later the \r and \0 line ends.
 * - Before v240 comments were only recognised on the whole joined line: `# text \` swallowed the
 *   next line and a comment inside a continuation became part of the value (systemd#10598, fixed
 *   by PR #10651). v242 also swallowed empty lines after a continuation (systemd#12883).
 * - A continuation open at the end of the file was dropped up to at least v238 (systemd#8875).
 * - Not checked in older releases: the BOM handling and the "Bad characters in section header"
 *   and "Missing key name" checks are in v252 but not in the 2014 conf-parser.c.
 * - `.include FILE` (no longer documented since v210) read FILE in place until v245, with a
 *   warning since v239; v246 removed it (PR #16043). It is reported here, never followed.
 * - Line numbers in systemd's own messages: the last physical line of a continued line (v245+),
 *   comment lines not counted in v240-v244 (systemd#14929). Ours are the line the setting starts on.
 * - Invalid UTF-8 in a line fails the unit in v252; a JavaScript string has lost that information,
 *   so the caller has to check the bytes.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';

/** One `Key=value` as systemd hands it to the directive's parser, with where it starts. */
export interface UnitEntryLoc {
  key: string;
  value: string;
  line: number;
  file: string;
}

/** One file as systemd reads it: sections (repeated ones merged) with their entries in file order. */
export interface ParsedUnit {
  file: string;
  sections: Array<{ name: string; entries: UnitEntryLoc[] }>;
  diagnostics: Diagnostic[];
}

/** Rule of the problems systemd reports while reading a file (and of those that end the reading of a drop-in). */
const SYNTAX = 'diff/unit-syntax';

/** Rule of the problems that end the reading of a unit file, so that the unit fails to load. */
const LOAD_ERROR = 'diff/unit-fails-to-load';

/** LONG_LINE_MAX: the byte limit of a physical line (exclusive) and of a joined line (inclusive). */
const LONG_LINE_MAX = 1024 * 1024;

/** systemd's WHITESPACE, what strstrip() removes (JavaScript's trim() removes more). */
const WHITESPACE = ' \t\n\r';

/** systemd's COMMENTS: a line whose first non-blank character is one of these is skipped. */
const COMMENTS = '#;';

const BOM = '\uFEFF';

/** A physical line as read_line() returns it. */
interface PhysicalLine {
  text: string;
  line: number;
}

/** Where a part of a joined line starts: its offset in the joined text and its physical line. */
interface Segment {
  start: number;
  line: number;
}

/** A logical line being assembled from continued physical lines. */
interface Pending {
  text: string;
  bytes: number;
  segments: Segment[];
}

/** What the reader knows between lines; lines of a section systemd does not know are not checked. */
interface ReaderState {
  section: { name: string; entries: UnitEntryLoc[] } | null;
  ignored: boolean;
  known: ReadonlySet<string>;
}

/** The type-specific section of each unit type (UNIT_VTABLE(u)->sections, besides Unit and Install). */
const TYPE_SECTIONS: Record<string, string | undefined> = {
  service: 'Service',
  socket: 'Socket',
  mount: 'Mount',
  automount: 'Automount',
  swap: 'Swap',
  path: 'Path',
  timer: 'Timer',
  slice: 'Slice',
  scope: 'Scope',
  target: undefined,
  device: undefined,
};

/** The sections systemd reads in this file: by the unit type in its name (`x.service`, `x.service.d/a.conf`), else all. */
function knownSections(file: string): ReadonlySet<string> {
  const type = /(?:^|[./])([a-z]+)(?:\.d\/[^/]*)?$/.exec(file)?.[1];
  const key = type ?? '';
  let known = KNOWN_SECTIONS.get(key);
  if (!known) KNOWN_SECTIONS.set(key, (known = sectionsOfType(type)));
  return known;
}

/** The sections of each unit type, made once. */
const KNOWN_SECTIONS = new Map<string, ReadonlySet<string>>();

/** The sections a unit of `type` (undefined: any) may hold. */
function sectionsOfType(type: string | undefined): ReadonlySet<string> {
  const own =
    type !== undefined && Object.hasOwn(TYPE_SECTIONS, type) ? [TYPE_SECTIONS[type]] : Object.values(TYPE_SECTIONS);
  return new Set(['Unit', 'Install', ...own.filter((x): x is string => x !== undefined)]);
}

/** read_line's end-of-line markers as bits: \0, \n, \r (0 for any other character). */
function eolBit(c: string): number {
  return c === '\0' ? 1 : c === '\n' ? 2 : c === '\r' ? 4 : 0;
}

/** Splits text into lines like read_line_full: a run of markers ends one line unless a marker repeats or follows \0. */
function readLines(text: string): PhysicalLine[] {
  const out: PhysicalLine[] = [];
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && eolBit(text[j]!) === 0) j++;
    out.push({ text: text.slice(i, j), line: out.length + 1 });
    let seen = 0;
    while (j < text.length) {
      const bit = eolBit(text[j]!);
      if (seen & 1 || bit === 0 || seen & bit) break;
      seen |= bit;
      j++;
    }
    i = j;
  }
  return out;
}

/** The UTF-8 size of a string, which systemd's limits count. */
function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The bounds of a string without systemd's leading and trailing whitespace (strstrip). */
function stripBounds(s: string): [number, number] {
  let a = 0;
  let b = s.length;
  while (a < b && WHITESPACE.includes(s[a]!)) a++;
  while (b > a && WHITESPACE.includes(s[b - 1]!)) b--;
  return [a, b];
}

/** strstrip(): the string without leading and trailing blanks, tabs, CR and LF. */
function strip(s: string): string {
  const [a, b] = stripBounds(s);
  return s.slice(a, b);
}

/** True when the line ends in an unescaped backslash (an odd run of them), i.e. continues. */
export function continues(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** systemd's string_is_safe(), required of section names: no control characters, quotes or backslashes. */
function firstUnsafe(s: string): number {
  return s.search(/[\x01-\x1f\x7f"'\\]/);
}

/** Drop-ins end in `.conf`; unit file names never do (they end in the unit type). */
function isDropin(file: string): boolean {
  return file.endsWith('.conf');
}

/** Line and 1-based column of an offset in a joined line. */
function placeOf(segments: readonly Segment[], offset: number): { line: number; column: number } {
  let s = segments[0]!;
  for (const x of segments) if (x.start <= offset) s = x;
  return { line: s.line, column: offset - s.start + 1 };
}

/** Records a problem that stops systemd reading the file: the unit fails to load, or the drop-in's rest is lost. */
function fatal(out: ParsedUnit, at: { line: number; column: number }, what: string, hint: string): void {
  const effect = isDropin(out.file)
    ? 'systemd stops reading this drop-in here and ignores its remaining lines'
    : 'systemd stops reading the file here and the unit fails to load';
  out.diagnostics.push(
    diagnostic(isDropin(out.file) ? SYNTAX : LOAD_ERROR, { file: out.file, ...at }, `${what}: ${effect}`, hint),
  );
}

/** Makes `name` the current section, reusing an earlier section of the same name (systemd merges them). */
function enterSection(name: string, state: ReaderState, out: ParsedUnit): void {
  let s = out.sections.find((x) => x.name === name);
  if (!s) {
    s = { name, entries: [] };
    out.sections.push(s);
  }
  state.section = s;
}

/** A `[...]` line: a section header, or the end of reading when it is malformed. */
function sectionLine(
  l: string,
  at: (offset: number) => { line: number; column: number },
  state: ReaderState,
  out: ParsedUnit,
): boolean {
  if (!l.endsWith(']')) {
    fatal(
      out,
      at(0),
      `Invalid section header '${l}'`,
      'a section header is the whole line, e.g. [Service]; comments go on their own line',
    );
    return false;
  }
  const name = l.slice(1, -1);
  const bad = firstUnsafe(name);
  if (bad >= 0) {
    fatal(
      out,
      at(bad + 1),
      `Bad characters in section header '${l}'`,
      'section names cannot hold quotes, backslashes or control characters',
    );
    return false;
  }
  state.ignored = !state.known.has(name);
  if (state.ignored && !name.startsWith('X-')) {
    const hint = state.known.has(strip(name))
      ? `write [${strip(name)}]: systemd does not trim blanks inside the brackets`
      : `known here: ${[...state.known].map((x) => `[${x}]`).join(' ')}; a section named X-… is ignored without a warning`;
    out.diagnostics.push(
      diagnostic(
        SYNTAX,
        { file: out.file, ...at(0) },
        `Unknown section '${name}': systemd ignores it and every line in it`,
        hint,
      ),
    );
  }
  enterSection(name, state, out);
  return true;
}

/** parse_line(): one joined line; false when systemd stops reading the file. */
function parseLogicalLine(p: Pending, state: ReaderState, out: ParsedUnit): boolean {
  const [a, b] = stripBounds(p.text);
  if (a === b) return true;
  const l = p.text.slice(a, b);
  const e = l.indexOf('=');
  // the common line: a setting in a known section
  if (e > 0 && l[0] !== '[' && state.section && !l.startsWith('.include ')) {
    state.section.entries.push({
      key: strip(l.slice(0, e)),
      value: strip(l.slice(e + 1)),
      line: placeOf(p.segments, a).line,
      file: out.file,
    });
    return true;
  }
  const at = (offset: number) => placeOf(p.segments, a + offset);
  const syntax = (offset: number, message: string, hint: string) =>
    out.diagnostics.push(diagnostic(SYNTAX, { file: out.file, ...at(offset) }, message, hint));
  if (l[0] === '[') return sectionLine(l, at, state, out);
  if (l.startsWith('.include ')) {
    syntax(
      0,
      '.include is obsolete: in a unit file systemd up to 245 reads the named file here (this tool does not follow it); 246 and later ignore the line',
      'copy the settings into the unit or move them to a drop-in (NAME.d/*.conf)',
    );
    return true;
  }
  if (!state.section) {
    syntax(
      0,
      'Assignment outside of section: systemd ignores this line',
      'put it below a section header such as [Unit] or [Service]',
    );
    return true;
  }
  if (e <= 0) {
    if (!state.ignored && e < 0)
      syntax(
        0,
        "Missing '=': systemd ignores this line",
        'write KEY=VALUE, or start the line with # to make it a comment',
      );
    if (!state.ignored && e === 0)
      syntax(0, "Missing key name before '=': systemd ignores this line", 'write KEY=VALUE');
    return true;
  }
  state.section.entries.push({
    key: strip(l.slice(0, e)),
    value: strip(l.slice(e + 1)),
    line: at(0).line,
    file: out.file,
  });
  return true;
}

/** Reads one unit file or drop-in exactly as config_parse() does; problems become diagnostics. */
export function parseUnitFile(text: string, file: string): ParsedUnit {
  const out: ParsedUnit = { file, sections: [], diagnostics: [] };
  const state: ReaderState = { section: null, ignored: false, known: knownSections(file) };
  let pending: Pending | null = null;
  let bomSeen = false;
  // a text too short to hold 1 MiB in any line needs no byte counts (a character is at most 3 UTF-8 bytes)
  const short = text.length * 3 < LONG_LINE_MAX;
  for (const { text: buf, line } of readLines(text)) {
    if (!short && utf8Length(buf) >= LONG_LINE_MAX) {
      fatal(
        out,
        { line, column: 1 },
        'Line too long (1 MiB or more)',
        'split the setting over several lines or directives',
      );
      return out;
    }
    const [lead] = stripBounds(buf);
    if (lead < buf.length && COMMENTS.includes(buf[lead]!)) continue;
    let l = buf;
    if (!bomSeen && buf.startsWith(BOM)) {
      l = buf.slice(1);
      bomSeen = true;
    }
    const bytes = short ? 0 : utf8Length(l);
    if (pending) {
      if (pending.bytes + bytes > LONG_LINE_MAX) {
        fatal(
          out,
          { line, column: 1 },
          'Continuation line too long (more than 1 MiB)',
          'split the setting over several directives',
        );
        return out;
      }
      pending.segments.push({ start: pending.text.length, line });
      pending.text += l;
      pending.bytes += bytes;
    } else {
      pending = { text: l, bytes, segments: [{ start: 0, line }] };
    }
    if (continues(pending.text)) {
      pending.text = pending.text.slice(0, -1) + ' ';
      continue;
    }
    if (!parseLogicalLine(pending, state, out)) return out;
    pending = null;
  }
  if (pending) parseLogicalLine(pending, state, out);
  return out;
}
