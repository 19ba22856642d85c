/**
 * The manual page upstart2systemd(1), in roff (man(7) macros), generated from the command line's
 * spec and the exit-status table: `npm run man` writes man/upstart2systemd.1 and a test fails when
 * the committed page is stale. No date in it, so the same definitions give the same bytes.
 */
import type { ExitCodeDoc } from './exit-codes';
import type { CliSpec, CommandSpec, OptionSpec } from './spec';

/** What the page says beyond the definitions: where the full documentation is, and related pages. */
export interface ManExtras {
  exitCodes: readonly ExitCodeDoc[];
  /** Paragraphs of the DESCRIPTION after the program's one-line description. */
  description: readonly string[];
  /** Environment variables and what they do. */
  environment: ReadonlyArray<{ name: string; meaning: string }>;
  /** Examples: a command line and what it does. */
  examples: ReadonlyArray<{ command: string; description: string }>;
  seeAlso: readonly string[];
  /**
   * The placeholder of an option's value by option name (`GLOB` for --exclude), or by command and
   * option name (`collect out`); else the option's name in capitals.
   */
  placeholders: Readonly<Record<string, string>>;
}

/**
 * Text for roff: backslashes as `\e`, every hyphen a minus (`\-`, so options copy and paste), a
 * line start that roff would read as a request (`.` or `'`) guarded, `` ` `` quotes dropped,
 * anything beyond ASCII as a `\[uXXXX]` glyph.
 */
export function roffText(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/`/g, '')
    .replace(/[^\x20-\x7e\n]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`)
    .replace(/^([.'])/gm, '\\&$1');
}

/** Bold text (a command, an option). */
const bold = (text: string): string => `\\fB${roffText(text)}\\fR`;
/** Italic text (a placeholder). */
const italic = (text: string): string => `\\fI${roffText(text)}\\fR`;

/** The placeholder of an option's value: its choices (`text|json`), the one given, or its name in capitals. */
function placeholder(o: OptionSpec, placeholders: ManExtras['placeholders']): string {
  if (o.choices) return o.choices.map(italic).join('|');
  return (placeholders[o.name] ?? o.name.toUpperCase()).split('|').map(italic).join('|');
}

/** An option's tag line: `-v, --verbose`, `--[no-]score`, `--format text|json`. */
function optionTag(o: OptionSpec, placeholders: ManExtras['placeholders']): string {
  const long = o.negatable ? `\\fB\\-\\-\\fR[\\fBno\\-\\fR]${bold(o.name)}` : bold(`--${o.name}`);
  const names = [...o.aliases.filter((a) => a.length === 1).map((a) => bold(`-${a}`)), long];
  return names.join(', ') + (o.type === 'boolean' ? '' : ` ${placeholder(o, placeholders)}`);
}

/** A description as a sentence: its first letter in capitals. */
const sentence = (text: string): string => text.replace(/^[a-z]/, (c) => c.toUpperCase());

/** An option's paragraph: what it does, whether it repeats (unless it says so), its default (but a flag's). */
function optionText(o: OptionSpec, positional = false): string {
  const notes = [
    ...(o.array && !positional && !/repeatable/.test(o.description) ? ['repeatable'] : []),
    ...(o.default !== undefined && o.type !== 'boolean' ? [`default: ${o.default}`] : []),
  ];
  const text = [sentence(o.description), notes.length ? `(${notes.join('; ')})` : ''].filter(Boolean).join(' ');
  return roffText(text);
}

/** A tagged paragraph. */
const item = (tag: string, text: string): string => `.TP\n${tag}\n${text}\n`;

/** The synopsis words of a command's positionals: `<name>` as NAME, `[paths..]` as [PATHS...]. */
function positionalWords(c: CommandSpec): string {
  return c.args
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      const name = w.replace(/^[<[]|[\]>]$/g, '').replace(/\.\.$/, '');
      const word = italic(name.toUpperCase()) + (w.includes('..') ? '...' : '');
      return w.startsWith('[') ? `[${word}]` : word;
    })
    .join(' ');
}

/** One command's section: synopsis, description, positionals, options, examples; then its sub-commands. */
function commandSection(program: string, c: CommandSpec, path: string[], extras: ManExtras): string {
  const words = [...path, c.name];
  let out = `.SS ${roffText(words.join(' '))}\n`;
  if (c.commands.length) {
    out += `${bold(program)} ${bold(words.join(' '))} ${c.commands.map((s) => bold(s.name)).join('|')} ...\n.PP\n`;
    out += `${roffText(sentence(c.description))}.\n`;
    return out + c.commands.map((s) => commandSection(program, s, words, extras)).join('');
  }
  out += `${bold(program)} ${bold(words.join(' '))} [${italic('options')}] ${positionalWords(c)}\n.PP\n`;
  out += `${roffText(sentence(c.description))}.\n`;
  for (const p of c.positionals) out += item(italic(p.name.toUpperCase()), optionText(p, true));
  const own = (o: OptionSpec): string | undefined => extras.placeholders[`${words.join(' ')} ${o.name}`];
  for (const o of c.options)
    out += item(optionTag(o, { ...extras.placeholders, ...(own(o) ? { [o.name]: own(o)! } : {}) }), optionText(o));
  // yargs' examples: the command line, then what it does
  for (const e of c.examples) {
    const command = roffText(e.command.replace('$0', program));
    out += `.PP\nExample:\n.RS\n.EX\n${command}\n.EE\n${roffText(sentence(e.description))}\n.RE\n`;
  }
  return out;
}

/** The page. */
export function renderManPage(spec: CliSpec, extras: ManExtras): string {
  const name = spec.name;
  const header =
    `.\\" Generated from the command definitions by \`npm run man\` (src/cli/man.ts); do not edit.\n` +
    // no hyphenation (HY for groff's man macros, which turn it back on after an example), ragged
    // right: option names and paths stay whole, to be copied as they are
    '.nr HY 0\n' +
    `.TH ${name.toUpperCase()} 1 "" "${roffText(`${name} ${spec.version}`)}" "User Commands"\n` +
    '.nh\n.ad l\n';
  const synopsis =
    `.SH SYNOPSIS\n${bold(name)} ${italic('command')} [${italic('options')}] [${italic('arguments')}]\n.br\n` +
    `${bold(name)} ${italic('command')} ${bold('-h')}\n`;
  const description =
    `.SH DESCRIPTION\n${roffText(spec.description)}\n` +
    extras.description.map((p) => `.PP\n${roffText(p)}\n`).join('');
  const commands = `.SH COMMANDS\n${spec.commands.map((c) => commandSection(name, c, [], extras)).join('')}`;
  const global = spec.options.map((o) => item(optionTag(o, extras.placeholders), optionText(o)));
  const options = `.SH OPTIONS OF EVERY COMMAND\n${global.join('')}`;
  const exit = `.SH EXIT STATUS\n${extras.exitCodes.map((c) => item(bold(String(c.code)), roffText(c.meaning) + '.')).join('')}`;
  const environment = `.SH ENVIRONMENT\n${extras.environment.map((e) => item(bold(e.name), roffText(e.meaning))).join('')}`;
  const examples =
    '.SH EXAMPLES\n' +
    extras.examples
      .map((e) => `.PP\n${roffText(e.description)}\n.RS\n.EX\n${roffText(e.command)}\n.EE\n.RE\n`)
      .join('');
  // `systemd.unit(5)` as a reference: the name bold, the section plain
  const refs = extras.seeAlso.map((s) =>
    s.replace(/^(.*)\((\w+)\)$/, (_m, n: string, sec: string) => `${bold(n)}(${sec})`),
  );
  const seeAlso = `.SH SEE ALSO\n${refs.join(',\n')}\n`;
  return (
    header +
    `.SH NAME\n${name} \\- ${roffText(spec.description.replace(/\.$/, '').replace(/^\w/, (c) => c.toLowerCase()))}\n` +
    synopsis +
    description +
    commands +
    options +
    exit +
    environment +
    examples +
    seeAlso
  );
}
