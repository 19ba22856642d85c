/**
 * Reading what `systemd-analyze security --offline=true` prints for a chunk of unit files: the
 * "Overall exposure level" of each unit from stdout (complete lines only, so output cut short
 * never yields a half-read number), and from stderr the lines that name a unit, which say why
 * it was refused. Everything is matched by unit name, never by the order of the output; the
 * temporary folder the files were written to never appears in what is returned.
 */

/** The unit name systemd-analyze prints for a file (templates are analysed as instance "i"). */
export function reportedName(file: string): string {
  return file.replace(/@\.service$/, '@i.service');
}

/**
 * One unit's score line: an arrow ("→", or "->" outside a UTF-8 locale), the unit name, the
 * score, then its level word. The name is greedy: a unit name may itself hold ": ".
 */
const OVERALL = /^(?:\u2192|->)?\s*Overall exposure level for (.+): (\d+(?:\.\d+)?) \S/;

/**
 * The scores in the stdout of one analyser process, by the unit name it printed. Only lines
 * ended by a newline count: the last line of output cut short is not read.
 */
export function parseScores(stdout: string): Map<string, number> {
  const scores = new Map<string, number>();
  const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
  for (const line of complete.split('\n')) {
    const m = OVERALL.exec(line);
    if (m) scores.set(m[1]!, Number(m[2]));
  }
  return scores;
}

/** Characters that may follow a unit name that a line mentions: the end, a blank, `:` or `,` (or `.` at the end). */
function endsName(line: string, at: number): boolean {
  const c = line[at];
  return (
    c === undefined ||
    c === ' ' ||
    c === ':' ||
    c === ',' ||
    (c === '.' && (at + 1 === line.length || line[at + 1] === ' '))
  );
}

/** Whether a line of stderr names a unit (`NAME: …`, `Unit NAME …`, `…filename NAME: …`). */
export function mentions(line: string, name: string): boolean {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    const before = at === 0 ? ' ' : line[at - 1];
    if ((before === ' ' || before === '/') && endsName(line, at + name.length)) return true;
  }
  return false;
}

/** The longest part of a stderr line kept in a message. */
const MAX_LINE = 240;

/**
 * The stderr lines that name each unit (by its file name or the name the analyser prints), with
 * the folder the files were written to taken out, in order; at most the last `keep` per unit.
 */
export function complaintsByUnit(
  stderr: string,
  folder: string,
  names: readonly string[],
  keep = 3,
): Map<string, string[]> {
  const lines = stderr
    .split('\n')
    .map((l) => l.split(`${folder}/`).join('').split(folder).join('(temporary folder)').trim())
    .filter(Boolean);
  const found = new Map<string, string[]>();
  for (const name of names) {
    const reported = reportedName(name);
    const own = lines.filter((l) => mentions(l, name) || (reported !== name && mentions(l, reported)));
    if (own.length) found.set(name, own.slice(-keep).map(cut));
  }
  return found;
}

/** A line cut to MAX_LINE characters. */
function cut(line: string): string {
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/** How one analyser process ended. */
export interface ProcessEnd {
  /** Its exit status, when it exited. */
  status: number | null;
  /** The signal that ended it, when one did. */
  signal: string | null;
  /** It was stopped after running longer than allowed (milliseconds). */
  timedOutAfter?: number;
  /** It could not be started (the error code, e.g. ENOENT). */
  startError?: string;
}

/** Milliseconds as seconds for a message: whole, or with one decimal. */
function seconds(ms: number): string {
  return Number.isInteger(ms / 1000) ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

/**
 * Why a unit of a chunk has no score: the analyser refused it (its own words), could not run,
 * was stopped, or ended without printing the unit's score.
 */
export function whyUnscored(end: ProcessEnd, complaints: readonly string[] | undefined): string {
  if (end.startError) return `systemd-analyze could not be started (${end.startError})`;
  if (end.timedOutAfter !== undefined)
    return `systemd-analyze was stopped after ${seconds(end.timedOutAfter)} s without scoring it`;
  if (complaints?.length) return `systemd-analyze refused it: ${complaints.join(' — ')}`;
  if (end.signal) return `systemd-analyze was ended by ${end.signal} before scoring it`;
  return `systemd-analyze printed no score for it (exit status ${end.status ?? '?'})`;
}
