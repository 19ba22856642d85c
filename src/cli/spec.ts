/**
 * The command line as data, recorded from the very declarations yargs runs: each command and
 * sub-command, its positionals and options with their descriptions, types, choices and defaults.
 * The completion scripts, the man page and "did you mean" for options are made from it, so none of
 * them can drift from what the parser accepts.
 */
import type { Argv, CommandModule, Options, PositionalOptions } from 'yargs';

/** One option or positional as declared. */
export interface OptionSpec {
  /** The long name without dashes (`dry-run`), or the positional's name (`paths`). */
  name: string;
  /** Other names: a letter (`v` for `-v`) or words. */
  aliases: string[];
  /** A flag (boolean) or an option that takes a value. */
  type: 'boolean' | 'string' | 'number';
  /** Repeatable (several values). */
  array: boolean;
  /** The values it takes, when it takes only some. */
  choices?: string[];
  /** The default, when it has one worth showing. */
  default?: string;
  /** A flag whose `--no-NAME` form means something (its default is on, or decided at run time). */
  negatable: boolean;
  /** A positional that must be given (`<name>`). */
  required: boolean;
  description: string;
}

/** One command: its name, synopsis, positionals, options and sub-commands. */
export interface CommandSpec {
  name: string;
  /** The words yargs declares after the name: `[paths..]`, `<name>`. */
  args: string;
  description: string;
  positionals: OptionSpec[];
  options: OptionSpec[];
  examples: Array<{ command: string; description: string }>;
  commands: CommandSpec[];
}

/** The whole command line: the program, its options for every command, its commands. */
export interface CliSpec {
  name: string;
  /** The usage text's description (what the tool is for). */
  description: string;
  version: string;
  options: OptionSpec[];
  commands: CommandSpec[];
}

/** What the declarations of one level (the program, or a command's builder) said. */
interface Recorded {
  name: string;
  description: string;
  version: string;
  positionals: OptionSpec[];
  options: OptionSpec[];
  examples: Array<{ command: string; description: string }>;
  commands: CommandSpec[];
}

/** The text of a default as shown to a reader (an empty list is no default). */
function defaultText(value: unknown): string | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** One option's declaration as data. */
function optionSpec(name: string, o: Options | PositionalOptions, positional: boolean): OptionSpec {
  const alias = o.alias === undefined ? [] : typeof o.alias === 'string' ? [o.alias] : [...o.alias];
  const choices = o.choices === undefined ? undefined : [o.choices].flat().map(String);
  const type = o.type === 'boolean' || o.type === 'number' ? o.type : 'string';
  const shown = type === 'boolean' && o.default === false ? undefined : defaultText(o.default);
  return {
    name,
    aliases: alias,
    type,
    array: Boolean((o as Options).array),
    ...(choices ? { choices } : {}),
    ...(shown !== undefined ? { default: shown } : {}),
    negatable: type === 'boolean' && o.default === true,
    required: positional ? Boolean((o as Options).demandOption) : false,
    description: String(o.description ?? o.describe ?? o.desc ?? ''),
  };
}

/** The name and the argument words of a yargs command string (`convert [paths..]`). */
function splitCommand(command: CommandModule['command']): { name: string; args: string } {
  const first = (Array.isArray(command) ? command[0] : command) as string;
  const [name = '', ...args] = first.trim().split(/\s+/);
  return { name, args: args.join(' ') };
}

/** A recorder standing in for yargs: every call a builder makes returns it; the declarations are kept. */
function recorder(into: Recorded): Argv {
  const calls: Record<string, (...a: never[]) => void> = {
    option: (key: string | Record<string, Options>, o?: Options) => {
      const all = typeof key === 'string' ? { [key]: o ?? {} } : key;
      for (const [k, v] of Object.entries(all)) into.options.push(optionSpec(k, v, false));
    },
    positional: (key: string, o: PositionalOptions) => void into.positionals.push(optionSpec(key, o, true)),
    command: (module: CommandModule) => void into.commands.push(recordCommand(module)),
    example: (command: string, description: string) => void into.examples.push({ command, description }),
    scriptName: (name: string) => void (into.name = name),
    usage: (text: string) => void (into.description = text.split('\n\n').slice(1).join('\n\n')),
    version: (version: string) => {
      into.version = version;
      into.options.push(bare('version', 'show the version number'));
    },
    help: () => void into.options.push(bare('help', 'show help')),
    alias: (key: string, alias: string) => {
      const named = into.options.find((o) => o.name === key || o.name === alias);
      named?.aliases.push(named.name === key ? alias : key);
    },
  };
  calls.options = calls.option!;
  const proxy: Argv = new Proxy({} as Argv, {
    get:
      (_target, prop: string) =>
      (...args: never[]) => {
        calls[prop]?.(...args);
        return proxy;
      },
  });
  return proxy;
}

/** A flag yargs adds itself (--help, --version). */
function bare(name: string, description: string): OptionSpec {
  return { name, aliases: [], type: 'boolean', array: false, negatable: false, required: false, description };
}

/** An empty record. */
function recorded(): Recorded {
  return { name: '', description: '', version: '', positionals: [], options: [], examples: [], commands: [] };
}

/** One command module recorded: its builder run against the recorder. */
function recordCommand(module: CommandModule): CommandSpec {
  const into = recorded();
  if (typeof module.builder === 'function') module.builder(recorder(into));
  else if (module.builder)
    for (const [k, v] of Object.entries(module.builder)) into.options.push(optionSpec(k, v, false));
  const { positionals, options, examples, commands } = into;
  return {
    ...splitCommand(module.command),
    description: typeof module.describe === 'string' ? module.describe : '',
    positionals,
    options,
    examples,
    commands,
  };
}

/**
 * The spec of the program that `declare` declares on a yargs instance: the same function main()
 * runs on yargs, run here on a recorder. `negatable` names flags with a `--no-` form that the
 * declarations cannot show (a default decided at run time, such as --color).
 */
export function recordCli(declare: (y: Argv) => unknown, negatable: readonly string[] = []): CliSpec {
  const into = recorded();
  declare(recorder(into));
  for (const o of into.options) if (negatable.includes(o.name)) o.negatable = true;
  const { name, description, version, options, commands } = into;
  return { name, description, version, options, commands };
}

/** The commands and sub-commands of a spec, each with the words that call it (`profiles show`). */
export function allCommands(spec: CliSpec): Array<{ path: string[]; command: CommandSpec }> {
  const walk = (cs: readonly CommandSpec[], prefix: string[]): Array<{ path: string[]; command: CommandSpec }> =>
    cs.flatMap((c) => [{ path: [...prefix, c.name], command: c }, ...walk(c.commands, [...prefix, c.name])]);
  return walk(spec.commands, []);
}
