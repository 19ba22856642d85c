/**
 * Prints a job model back as an Upstart job file that parses to the same model. Used to show the
 * effective job (a `.conf` with its override merged) and to prove the parser by round trips.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { EventExpr, ProcessDef, UpstartJob } from './job';
import { LIMIT_RESOURCES, PROCESS_NAMES } from './job';
import { CNL, scanToken } from './lexer';

/**
 * Writes a value as one argument token that libnih dequotes back to exactly `value`: blanks and
 * backslashes escaped, `#` and quote characters wrapped in the other quote, parentheses quoted
 * where the expression grammar would split on them. Values never contain a newline.
 */
export function quoteArg(value: string, opts: { parens?: boolean; keyword?: boolean } = {}): string {
  if (opts.keyword && (value === 'and' || value === 'or')) return `"${value}"`;
  const special = opts.parens ? /[ \t\r#'()]/ : /[ \t\r#']/;
  if (special.test(value) && !/["\\]/.test(value)) return `"${value}"`; // readable: "web server"
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === ' ' || ch === '\t' || ch === '\r') out += '\\' + ch;
    else if (ch === '#') out += '"#"';
    else if (ch === '"') out += `'"'`;
    else if (ch === "'") out += `"'"`;
    else if (opts.parens && (ch === '(' || ch === ')')) out += `"${ch}"`;
    else out += ch;
  }
  return out;
}

/** How a word of an event expression is quoted: parentheses and the operator words are special there. */
const EXPR_WORD = { parens: true, keyword: true } as const;

/**
 * Prints an event expression so Upstart's left-to-right parse rebuilds the same tree: a left
 * branch of the other operator and every right branch that is not a leaf go in parentheses.
 * Iterative, with its own stack: a tree may be 100,000 deep.
 */
export function printExpr(e: EventExpr): string {
  const out: string[] = [];
  const work: Array<EventExpr | string> = [e];
  while (work.length > 0) {
    const x = work.pop()!;
    if (typeof x === 'string') out.push(x);
    else if (x.type === 'event') out.push([x.name, ...x.args].map((w) => quoteArg(w, EXPR_WORD)).join(' '));
    else {
      // pushed in reverse: left (maybe parenthesised), the operator, right (maybe parenthesised)
      const lp = x.left.type !== 'event' && x.left.type !== x.type;
      const rp = x.right.type !== 'event';
      work.push(...(rp ? [')', x.right, '('] : [x.right]), ` ${x.type} `, ...(lp ? [')', x.left, '('] : [x.left]));
    }
  }
  return out.join('');
}

/** What libnih makes of a raw command line (without the comment/newline that ends it). */
function scanCommand(text: string): string | null {
  try {
    return scanToken(text, { pos: 0, line: 1 }, CNL, false);
  } catch {
    return null;
  }
}

/**
 * Writes an exec command so libnih reads it back unchanged. Usually that is the text itself; when
 * the text came out of libnih's blank-before-escape bug (`\\$` from ` \$`), the bug is inverted.
 */
export function encodeCommand(text: string): string {
  if (scanCommand(text) === text) return text;
  const inverted = text.replace(/\\([ \t\r]*)\\([^\\ \t\r\n])/g, ' $1\\$2');
  return scanCommand(inverted) === text ? inverted : text;
}

/** Prints a process body after its keyword: `exec CMD` or an indented `script` block. */
function printProcess(keyword: string, p: ProcessDef): string {
  if (p.kind === 'exec') return `${keyword ? keyword + ' ' : ''}exec ${encodeCommand(p.text)}\n`;
  const body = p.text
    .split(/(?<=\n)/)
    .map((line) => '  ' + line)
    .join('');
  return `${keyword ? keyword + ' ' : ''}script\n${body}end script\n`;
}

/** One printed stanza line (or block) and the position of the stanza it came from. */
export interface PrintedStanza {
  text: string;
  pos?: SourcePos;
}

/** Prints each stanza of a job, in a stable order, with its source position. */
export function printStanzas(job: UpstartJob): PrintedStanza[] {
  const out: PrintedStanza[] = [];
  const add = (text: string, pos?: SourcePos): void => {
    out.push(pos ? { text, pos } : { text });
  };
  const one = (name: string, v: { value: string; pos: SourcePos } | undefined): void => {
    if (v) add(`${name} ${quoteArg(v.value)}\n`, v.pos);
  };
  one('description', job.description);
  one('author', job.author);
  one('version', job.version);
  one('usage', job.usage);
  one('instance', job.instance);
  if (job.manual) add('manual\n', job.manual.pos);
  if (job.start_on) add(`start on ${printExpr(job.start_on.value)}\n`, job.start_on.pos);
  if (job.stop_on) add(`stop on ${printExpr(job.stop_on.value)}\n`, job.stop_on.pos);
  for (const e of job.env) add(`env ${quoteArg(e.value)}\n`, e.pos);
  for (const e of job.export) add(`export ${quoteArg(e.value)}\n`, e.pos);
  for (const e of job.emits) add(`emits ${quoteArg(e.value)}\n`, e.pos);
  if (job.expect) add(`expect ${job.expect.value}\n`, job.expect.pos);
  if (job.task) add('task\n', job.task.pos);
  if (job.respawn) add('respawn\n', job.respawn.pos);
  if (job.respawn_limit) {
    const { count, interval, unlimited } = job.respawn_limit.value;
    add(unlimited ? 'respawn limit unlimited\n' : `respawn limit ${count} ${interval}\n`, job.respawn_limit.pos);
  }
  if (job.normal_exit.length)
    add(`normal exit ${job.normal_exit.map((n) => quoteArg(n.value.text)).join(' ')}\n`, job.normal_exit[0]!.pos);
  if (job.kill_timeout) add(`kill timeout ${job.kill_timeout.value}\n`, job.kill_timeout.pos);
  if (job.kill_signal) add(`kill signal ${quoteArg(job.kill_signal.value.text)}\n`, job.kill_signal.pos);
  if (job.reload_signal) add(`reload signal ${quoteArg(job.reload_signal.value.text)}\n`, job.reload_signal.pos);
  if (job.console) add(`console ${job.console.value}\n`, job.console.pos);
  if (job.umask) add(`umask 0${job.umask.value.toString(8).padStart(2, '0')}\n`, job.umask.pos);
  if (job.nice) add(`nice ${job.nice.value}\n`, job.nice.pos);
  if (job.oom) {
    const { form, text } = job.oom.value;
    add(form === 'score' ? `oom score ${quoteArg(text)}\n` : `oom ${quoteArg(text)}\n`, job.oom.pos);
  }
  for (const res of LIMIT_RESOURCES) {
    const l = job.limit[res];
    if (l) add(`limit ${res} ${l.value.soft} ${l.value.hard}\n`, l.pos);
  }
  one('chroot', job.chroot);
  one('chdir', job.chdir);
  one('setuid', job.setuid);
  one('setgid', job.setgid);
  if (job.apparmor_load) add(`apparmor load ${quoteArg(job.apparmor_load.value)}\n`, job.apparmor_load.pos);
  if (job.apparmor_switch) add(`apparmor switch ${quoteArg(job.apparmor_switch.value)}\n`, job.apparmor_switch.pos);
  for (const { value: cg, pos } of job.cgroup) {
    const head = [cg.controller, ...(cg.name !== undefined ? [cg.name] : [])].map((w) => quoteArg(w)).join(' ');
    if (cg.settings.length === 0) add(`cgroup ${head}\n`, pos);
    for (const s of cg.settings) add(`cgroup ${head} ${quoteArg(s.key)} ${quoteArg(s.value)}\n`, pos);
  }
  if (job.debug) add('debug\n', job.debug.pos);
  for (const name of PROCESS_NAMES) {
    const p = job.process[name];
    if (p) add(printProcess(name === 'main' ? '' : name, p.value), p.pos);
  }
  return out;
}

/** Prints a whole job in a stable stanza order. */
export function printJob(job: UpstartJob): string {
  return printStanzas(job)
    .map((s) => s.text)
    .join('');
}
