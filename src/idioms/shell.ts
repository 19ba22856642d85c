/**
 * A small, conservative reader of the POSIX sh subset job scripts use for their idioms: sequences
 * of simple commands (newlines, `;`), `&&`/`||` lists, `{ …; }` groups, assignments, '…' "…" and
 * `\` quoting, `$VAR`/`${VAR}`, comments and redirections. Anything else (loops, if, case,
 * functions, pipes, `&`, command substitution, `$@`, here-documents…) is refused with the line and
 * what it was, so a script is only lifted when the lift is exactly equivalent. Expansion folds the
 * variables a caller knows, as dash would: field splitting on the default IFS, no globbing (a word
 * that would glob is refused), an unknown variable refused.
 */

/** A piece of a word: literal text (quoted or not: quoted text neither splits nor globs) or a variable. */
export type Part = { text: string; quoted: boolean } | { variable: string; quoted: boolean };

/** One shell word as written: its pieces, and its source text for messages. */
export interface Word {
  parts: Part[];
  source: string;
}

/** A redirection: `[FD]OP TARGET` (`>`, `>>`, `<`, `>&`, `<&`). */
export interface Redirect {
  fd: number | null;
  op: '>' | '>>' | '<' | '>&' | '<&';
  target: Word;
}

/** A simple command: leading assignments, its words and its redirections, with its line in the script. */
export interface Simple {
  kind: 'simple';
  assigns: Array<{ name: string; value: Word }>;
  words: Word[];
  redirects: Redirect[];
  line: number;
}

/** `{ …; }`: commands run in the current shell. */
export interface Group {
  kind: 'group';
  body: Node[];
  redirects: Redirect[];
  line: number;
}

/** `LEFT && RIGHT` or `LEFT || RIGHT`. */
export interface AndOr {
  kind: 'and' | 'or';
  left: Node;
  right: Node;
  line: number;
}

/** One command of a script (a list item). */
export type Node = Simple | Group | AndOr;

/** What parsing gives: the top-level commands in order, or the first line outside the subset and why. */
export type Parsed = { ok: true; commands: Node[] } | { ok: false; line: number; why: string };

/** Words that make a command compound (or a function) when they come first: outside the subset. */
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  '!',
  '[[',
  ']]',
  'function',
  'select',
]);

/** A token: a word, an operator, or the end. */
type Token =
  | { t: 'word'; word: Word; line: number }
  | { t: 'op'; op: string; line: number; fd?: number }
  | { t: 'end'; line: number };

/** Thrown inside the reader to stop at the first construct outside the subset (never escapes this module). */
class Outside {
  constructor(
    readonly line: number,
    readonly why: string,
  ) {}
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits script text into tokens; throws Outside at the first construct beyond the subset. */
class Lexer {
  private i = 0;
  private line = 1;
  private readonly out: Token[] = [];
  private parts: Part[] = [];

  constructor(private readonly text: string) {}

  /** Every token of the text, ending with `end`. */
  tokens(): Token[] {
    const { text } = this;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && text[this.i + 1] === '\n') this.newline(2);
      else if (c === '\n') {
        this.out.push({ t: 'op', op: '\n', line: this.line });
        this.newline(1);
      } else if (c === '#') while (this.i < text.length && text[this.i] !== '\n') this.i++;
      else if (';&|()'.includes(c)) this.operator(c);
      else if (c === '<' || c === '>') this.out.push({ t: 'op', op: this.redirectOp(), line: this.line });
      else this.word();
    }
    this.out.push({ t: 'end', line: this.line });
    return this.out;
  }

  private fail(why: string): never {
    throw new Outside(this.line, why);
  }

  private newline(skip: number): void {
    this.i += skip;
    this.line++;
  }

  /** `;`, `&&`, `||`; `;;`, `&`, `|`, `(` and `)` are outside the subset. */
  private operator(c: string): void {
    const next = this.text[this.i + 1];
    if (c === ';' && next === ';') this.fail('";;" (a case arm)');
    if (c === '&' && next !== '&') this.fail('"&" (a background command)');
    if (c === '|' && next !== '|') this.fail('"|" (a pipeline)');
    if (c === '(' || c === ')') this.fail(`"${c}" (a subshell or a function)`);
    const op = c === ';' ? ';' : c + c;
    this.out.push({ t: 'op', op, line: this.line });
    this.i += op.length;
  }

  /** Reads a redirection operator at i. */
  private redirectOp(): string {
    const two = this.text.slice(this.i, this.i + 2);
    if (two === '<<' || two === '<>' || two === '>|') this.fail(`"${two}" (a here-document or an unusual redirection)`);
    if (two === '>>' || two === '>&' || two === '<&') {
      this.i += 2;
      return two;
    }
    return this.text[this.i++]!;
  }

  /** Adds literal text to the word being read (joined with the previous piece when quoted alike). */
  private lit(s: string, quoted: boolean): void {
    const last = this.parts[this.parts.length - 1];
    if (last && 'text' in last && last.quoted === quoted) last.text += s;
    else this.parts.push({ text: s, quoted });
  }

  /** Reads one word (or an IO number before a redirection). */
  private word(): void {
    const { text } = this;
    const start = this.i;
    const line = this.line;
    this.parts = [];
    while (this.i < text.length && !' \t\n;&|()<>'.includes(text[this.i]!)) {
      const ch = text[this.i]!;
      if (ch === "'") this.singleQuoted();
      else if (ch === '"') this.doubleQuoted();
      else if (ch === '\\') this.escaped();
      else if (ch === '$') this.parts.push(this.variable(false));
      else if (ch === '`') this.fail('command substitution `…`');
      else {
        this.lit(ch, false);
        this.i++;
      }
    }
    const word: Word = { parts: this.parts, source: text.slice(start, this.i) };
    const number = /^[0-9]$/.exec(word.source);
    if (number && (text[this.i] === '<' || text[this.i] === '>'))
      this.out.push({ t: 'op', op: this.redirectOp(), line, fd: Number(number[0]) });
    else this.out.push({ t: 'word', word, line });
  }

  private singleQuoted(): void {
    const end = this.text.indexOf("'", this.i + 1);
    if (end < 0) this.fail('an unterminated single quote');
    const s = this.text.slice(this.i + 1, end);
    this.line += s.split('\n').length - 1;
    if (s === '') this.parts.push({ text: '', quoted: true });
    else this.lit(s, true);
    this.i = end + 1;
  }

  private doubleQuoted(): void {
    const { text } = this;
    this.i++;
    this.parts.push({ text: '', quoted: true });
    while (this.i < text.length && text[this.i] !== '"') {
      const d = text[this.i]!;
      const e = text[this.i + 1];
      if (d === '\\' && e === '\n') this.newline(2);
      else if (d === '\\' && e !== undefined && '$`"\\'.includes(e)) {
        this.lit(e, true);
        this.i += 2;
      } else if (d === '$') this.parts.push(this.variable(true));
      else if (d === '`') this.fail('command substitution `…`');
      else {
        if (d === '\n') this.line++;
        this.lit(d, true);
        this.i++;
      }
    }
    if (this.i >= text.length) this.fail('an unterminated double quote');
    this.i++;
  }

  private escaped(): void {
    const e = this.text[this.i + 1];
    if (e === undefined) this.fail('a backslash at the end of the script');
    if (e === '\n') this.line++;
    else this.lit(e, true);
    this.i += 2;
  }

  /** Reads `$NAME` / `${NAME}` at i (pointing at `$`); anything fancier fails. */
  private variable(quoted: boolean): Part {
    const { text, i } = this;
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      const name = close < 0 ? '' : text.slice(i + 2, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        this.fail('"${' + text.slice(i + 2, close < 0 ? i + 12 : close) + '…" is a parameter expansion beyond ${NAME}');
      this.i = close + 1;
      return { variable: name, quoted };
    }
    const m = NAME.exec(text.slice(i + 1, i + 257));
    if (!m) {
      const next = text[i + 1] ?? '';
      this.fail(next === '(' ? 'command substitution $(…)' : `the special parameter "$${next}"`);
    }
    this.i += 1 + m[0].length;
    return { variable: m[0], quoted };
  }
}

/** The literal text of a word when it has no variable (quoted or not), else null. */
export function literal(w: Word): string | null {
  let s = '';
  for (const p of w.parts) {
    if ('variable' in p) return null;
    s += p.text;
  }
  return s;
}

/** The literal text of a word when it is plain unquoted text (how reserved words and `{` are recognised). */
function bare(w: Word): string | null {
  return w.parts.length === 1 && 'text' in w.parts[0]! && !w.parts[0].quoted ? w.parts[0].text : null;
}

/** Parses a script of the subset; the first construct outside it comes back with its line. */
export function parseScript(text: string): Parsed {
  try {
    return { ok: true, commands: new Parser(new Lexer(text).tokens()).script() };
  } catch (e) {
    if (e instanceof Outside) return { ok: false, line: e.line, why: e.why };
    throw e;
  }
}

/** The redirection operators of the subset. */
const REDIRECTS = ['>', '>>', '<', '>&', '<&'];

/** A recursive-descent reader of the subset's grammar over the tokens (groups nest; each level is a token further). */
class Parser {
  private k = 0;

  constructor(private readonly tokens: Token[]) {}

  /** The whole script. */
  script(): Node[] {
    const commands = this.list(false);
    if (this.peek().t !== 'end') this.fail('an unexpected "}"');
    return commands;
  }

  private peek(): Token {
    return this.tokens[this.k]!;
  }

  private fail(why: string, line = this.peek().line): never {
    throw new Outside(line, why);
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.t === 'op' && ops.includes(t.op);
  }

  private isBare(s: string): boolean {
    const t = this.peek();
    return t.t === 'word' && bare(t.word) === s;
  }

  private skipSeparators(ops: string[]): void {
    while (this.isOp(...ops)) this.k++;
  }

  /** Commands separated by `;` or newlines, up to the end (or the `}` of a group). */
  private list(inGroup: boolean): Node[] {
    const nodes: Node[] = [];
    const done = (): boolean => this.peek().t === 'end' || (inGroup && this.isBare('}'));
    this.skipSeparators([';', '\n']);
    while (!done()) {
      nodes.push(this.andOr());
      if (done()) break;
      if (!this.isOp(';', '\n')) this.fail('an unexpected word after a command');
      this.skipSeparators([';', '\n']);
    }
    return nodes;
  }

  private andOr(): Node {
    let left = this.command();
    while (this.isOp('&&', '||')) {
      const kind = this.isOp('&&') ? 'and' : 'or';
      this.k++;
      this.skipSeparators(['\n']);
      left = { kind, left, right: this.command(), line: left.line };
    }
    return left;
  }

  /** Reads redirections into the list while there are any. */
  private redirects(into: Redirect[]): void {
    for (let t = this.peek(); t.t === 'op' && REDIRECTS.includes(t.op); t = this.peek()) {
      this.k++;
      const target = this.peek();
      if (target.t !== 'word') this.fail(`a redirection "${t.op}" without a target`);
      into.push({ fd: t.fd ?? null, op: t.op as Redirect['op'], target: target.word });
      this.k++;
    }
  }

  private command(): Node {
    const t = this.peek();
    if (t.t === 'word' && bare(t.word) === '{') return this.group(t.line);
    const simple: Simple = { kind: 'simple', assigns: [], words: [], redirects: [], line: t.line };
    for (;;) {
      this.redirects(simple.redirects);
      const w = this.peek();
      if (w.t !== 'word') break;
      this.k++;
      if (!simple.words.length && this.assignment(w.word, simple)) continue;
      const b = bare(w.word);
      if (!simple.words.length && b !== null && (RESERVED.has(b) || b === '{' || b === '}'))
        this.fail(b === '}' ? 'a "}" without its "{"' : `"${b}" (a compound command)`, w.line);
      simple.words.push(w.word);
    }
    if (!simple.words.length && !simple.assigns.length && !simple.redirects.length) this.fail('a missing command');
    return simple;
  }

  /** `{ LIST; }` with its redirections. */
  private group(line: number): Group {
    this.k++;
    const body = this.list(true);
    if (!this.isBare('}')) this.fail('a "{" group without its "}"', line);
    if (!body.length) this.fail('an empty "{ }" group', line);
    this.k++;
    const redirects: Redirect[] = [];
    this.redirects(redirects);
    return { kind: 'group', body, redirects, line };
  }

  /** Adds `NAME=VALUE` to the command when the word is one (before the command's first word). */
  private assignment(word: Word, simple: Simple): boolean {
    const first = bare({ parts: word.parts.slice(0, 1), source: '' });
    const m = first === null ? null : /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first);
    if (!m) return false;
    const rest = first!.slice(m[0].length);
    const parts: Part[] = [...(rest ? [{ text: rest, quoted: false }] : []), ...word.parts.slice(1)];
    simple.assigns.push({ name: m[1]!, value: { parts, source: word.source.slice(m[0].length) } });
    return true;
  }
}

/** Variables a caller knows the value of (absent: unknown, so not provable). */
export type Env = ReadonlyMap<string, string>;

/** An expansion: the fields (or the value), or why it cannot be proven. */
export type Expanded<T> = { ok: true; value: T } | { ok: false; why: string };

/** Characters the default IFS splits on. */
const IFS = ' \t\n';

/** One character of an expansion, and whether it came from quoted text (never split, never a glob). */
interface Ch {
  c: string;
  quoted: boolean;
  /** From an unquoted variable: subject to field splitting. */
  split: boolean;
}

/**
 * A word's characters after parameter expansion, or the first unknown variable. Every quoted piece
 * leaves an empty marker where it stood: an empty quoted string makes a field only there.
 */
function characters(w: Word, env: Env): Expanded<Ch[]> {
  const chars: Ch[] = [];
  for (const p of w.parts) {
    const text = 'variable' in p ? env.get(p.variable) : p.text;
    if (text === undefined)
      return { ok: false, why: `$${(p as { variable: string }).variable} has no value known to the pass` };
    if (p.quoted) chars.push({ c: '', quoted: true, split: false });
    for (const c of text) chars.push({ c, quoted: p.quoted, split: 'variable' in p && !p.quoted });
  }
  return { ok: true, value: chars };
}

/** Why a field's unquoted characters would be a pattern or a tilde expansion, if they would. */
function globProblem(field: Ch[], source: string): string | undefined {
  const unq = (ch: Ch | undefined, s: string): boolean => !!ch && !ch.quoted && ch.c === s;
  if (unq(field[0], '~')) return `"${source}" starts with ~ (tilde expansion)`;
  for (let j = 0; j < field.length; j++) {
    const ch = field[j]!;
    if (ch.quoted) continue;
    if (ch.c === '*' || ch.c === '?') return `"${source}" is a pattern (pathname expansion)`;
    if (ch.c === '[' && field.slice(j + 1).some((x) => !x.quoted && x.c === ']'))
      return `"${source}" is a pattern (pathname expansion)`;
  }
  return undefined;
}

/** Characters that make unquoted text a pattern or a tilde expansion. */
const GLOB_CHARS = /[~*?[]/;

/**
 * The one field of a word without variables and without unquoted pattern or tilde characters
 * (its parts' text as it is), null when it makes no field (nothing in it, nothing quoted), or
 * undefined for any other word (expandWords then reads it character by character).
 */
function literalField(w: Word): string | null | undefined {
  let text = '';
  let started = false;
  for (const p of w.parts) {
    if ('variable' in p) return undefined;
    if (!p.quoted && GLOB_CHARS.test(p.text)) return undefined;
    if (p.quoted || p.text) started = true;
    text += p.text;
  }
  return started ? text : null;
}

/**
 * The fields a list of words expands to, as dash gives them to a command: variables substituted,
 * unquoted results split on space, tab and newline, empty unquoted results dropped. A word that
 * would glob or start with `~`, or names a variable the env does not hold, is not provable.
 */
export function expandWords(words: readonly Word[], env: Env): Expanded<string[]> {
  const fields: string[] = [];
  for (const w of words) {
    const plain = literalField(w);
    if (plain !== undefined) {
      if (plain !== null) fields.push(plain);
      continue;
    }
    const got = characters(w, env);
    if (!got.ok) return got;
    let current: Ch[] = [];
    let started = false;
    const flush = (): string | undefined => {
      const why = globProblem(current, w.source);
      if (why) return why;
      fields.push(current.map((x) => x.c).join(''));
      current = [];
      started = false;
      return undefined;
    };
    for (const ch of got.value) {
      if (ch.split && IFS.includes(ch.c)) {
        if (started) {
          const why = flush();
          if (why) return { ok: false, why };
        }
      } else {
        if (ch.c) current.push(ch);
        started = true;
      }
    }
    if (started) {
      const why = flush();
      if (why) return { ok: false, why };
    }
  }
  return { ok: true, value: fields };
}

/** The value an assignment `NAME=WORD` gives: variables substituted, no splitting, no globbing; `~` refused. */
export function expandValue(w: Word, env: Env): Expanded<string> {
  const got = characters(w, env);
  if (!got.ok) return got;
  if (got.value.some((ch) => !ch.quoted && !ch.split && ch.c === '~'))
    return { ok: false, why: `"${w.source}" has an unquoted ~ (tilde expansion)` };
  return { ok: true, value: got.value.map((x) => x.c).join('') };
}
