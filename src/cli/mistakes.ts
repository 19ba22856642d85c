/**
 * Usage errors made helpful: yargs says "Unknown arguments: convrt" or "Invalid values: Argument:
 * format, Given: "jsn""; this answers each with what the operator most likely meant — the command,
 * option or value at edit distance one or two of what was typed — read from the command line's
 * spec, so a new command or option is suggested as soon as it is declared.
 */
import { visible } from '../diagnostics/diagnostic';
import { closest } from '../diagnostics/suggest';
import { type CliSpec, type CommandSpec, type OptionSpec, allCommands } from './spec';

/** Where on the command line the error is: the commands given, and the options they take. */
interface Context {
  /** The commands and sub-command named, in order (`profiles show`). */
  path: CommandSpec[];
  /** Commands that could come next (the program's, or the sub-commands of the last). */
  next: CommandSpec[];
  /** The options taken here: the last command's and the program's. */
  options: OptionSpec[];
  /** The first word that should have named a command and did not, if any. */
  unknownCommand?: string;
}

/** The long and one-letter names of an option, as typed: `--dry-run`, `-v`. */
const spellings = (o: OptionSpec): string[] => [o.name, ...o.aliases].map((n) => (n.length === 1 ? `-${n}` : `--${n}`));

/** The commands named by the words of `argv` that are not options, and what follows from them. */
function contextOf(argv: readonly string[], spec: CliSpec): Context {
  const path: CommandSpec[] = [];
  let next = spec.commands;
  let unknownCommand: string | undefined;
  for (const word of argv) {
    if (word === '--') break;
    if (word.startsWith('-') || next.length === 0) continue;
    const named = next.find((c) => c.name === word);
    if (!named) {
      // a command was due here (the program's, or a sub-command): anything else is a mistyped one
      if (path.length === 0 || path.at(-1)!.commands.length) unknownCommand ??= word;
      break;
    }
    path.push(named);
    next = named.commands;
  }
  const last = path.at(-1);
  return {
    path,
    next,
    options: [...(last?.options ?? []), ...spec.options],
    ...(unknownCommand ? { unknownCommand } : {}),
  };
}

/** The words that call the command of a context (`profiles show`), or the program's name. */
const called = (ctx: Context, spec: CliSpec): string =>
  ctx.path.length ? ctx.path.map((c) => c.name).join(' ') : spec.name;

/** How an unknown key yargs names was typed: as an option (`--formt`, `-x`), a word, or not at all. */
function typedAs(key: string, argv: readonly string[]): 'option' | 'word' | undefined {
  for (const word of argv) {
    if (word === key) return 'word';
    if (word === `--${key}` || word.startsWith(`--${key}=`) || word === `--no-${key}`) return 'option';
    if (key.length === 1 && /^-[^-]/.test(word) && word.slice(1).split('=')[0]!.includes(key)) return 'option';
  }
  return undefined; // the camelCase twin yargs adds (dryRn for dry-rn)
}

/** What is wrong with an unknown option, and the one that was likely meant. */
function unknownOption(key: string, ctx: Context, spec: CliSpec): string {
  const typed = key.length === 1 ? `-${key}` : `--${key}`;
  const names = ctx.options.flatMap(spellings);
  const guess = closest(typed, names);
  if (guess) return `unknown option ${visible(typed)}; did you mean ${guess}?`;
  // an option of another command, given to this one
  const elsewhere = allCommands(spec).filter(({ command }) =>
    command.options.some((o) => spellings(o).includes(typed)),
  );
  const takers = elsewhere.map(({ path }) => path.join(' ')).join(', ');
  return (
    `unknown option ${visible(typed)}` +
    (takers ? ` for ${called(ctx, spec)} (${takers} take${elsewhere.length === 1 ? 's' : ''} it)` : '')
  );
}

/** What is wrong with a word that names no command, and the command that was likely meant. */
function unknownCommand(word: string, ctx: Context): string {
  const names = ctx.next.map((c) => c.name);
  const guess = closest(word, names);
  const hint = guess ? `did you mean ${guess}?` : `commands: ${names.join(', ')}`;
  return `unknown command "${visible(word)}"; ${hint}`;
}

/** The lines for yargs' "Unknown arguments: a, b": each unknown command or option and its near miss. */
function explainUnknown(keys: readonly string[], argv: readonly string[], spec: CliSpec): string[] {
  const ctx = contextOf(argv, spec);
  const lines: string[] = [];
  // the rest of the line belongs to the mistyped command: judged against another, it would mislead
  if (ctx.unknownCommand !== undefined) return [unknownCommand(ctx.unknownCommand, ctx)];
  for (const key of keys) {
    const how = typedAs(key, argv);
    if (how === 'option') lines.push(unknownOption(key, ctx, spec));
    else if (how === 'word') lines.push(`unexpected argument "${visible(key)}" for ${called(ctx, spec)}`);
  }
  return lines;
}

/** A string yargs quoted with JSON.stringify, read back (as written when it is not JSON). */
function unquote(json: string): string {
  try {
    return String(JSON.parse(json));
  } catch {
    return json.slice(1, -1);
  }
}

/** The lines for yargs' "Invalid values:" (one `Argument: x, Given: "y", Choices: …` line each). */
function explainInvalid(message: string, spec: CliSpec): string[] | undefined {
  const positionals = new Set(allCommands(spec).flatMap(({ command }) => command.positionals.map((p) => p.name)));
  const lines = [...message.matchAll(/Argument: (\S+), Given: ("(?:[^"\\]|\\.)*"), Choices: (.*)$/gm)].map((m) => {
    const [, name, given, list] = m as unknown as [string, string, string, string];
    const value = unquote(given);
    const choices = [...list.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((c) => unquote(c[0]));
    const guess = closest(value, choices);
    const hint = guess ? `; did you mean ${guess}?` : '';
    return `${positionals.has(name) ? name : `--${name}`} "${visible(value)}": expected ${choices.join(', ')}${hint}`;
  });
  return lines.length ? lines : undefined;
}

/** A usage error for the operator: yargs' message with near misses answered, one problem a line. */
export function explainUsageError(message: string, argv: readonly string[], spec: CliSpec): string {
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown) {
    const lines = explainUnknown(unknown[1]!.split(', '), argv, spec);
    return lines.length ? lines.join('\n') : message;
  }
  if (message.startsWith('Invalid values:')) return explainInvalid(message, spec)?.join('\n') ?? message;
  return message;
}
