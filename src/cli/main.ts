/**
 * The command line: yargs reads the arguments, a command module does the work and sets the exit
 * code (exit-codes.ts: 0 success, 1 a job failed, 2 usage error, 3 `--check` found a change).
 * Nothing here throws to the user: unexpected failures are reported in one line with exit code 70.
 */
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
// the factory: `yargs` itself also makes (at require) a singleton from process.argv that main() never uses
import yargs from 'yargs/yargs';
import { requireWithCodeCache } from './code-cache';
import type { CommandEnv, GlobalArgs } from './command';
import type * as Completion from './commands/completion';
import { type CommandName, DECLARATIONS, type HandledCommand, TOP_LEVEL } from './commands/declarations';
import { EXIT, EXIT_CODES } from './exit-codes';
import type * as Handlers from './handlers';
import { type Io, memoryIo, processIo } from './io';
import { explainUsageError } from './mistakes';
import { type CliSpec, recordCli } from './spec';
import { VERSION } from './version';

/** A command's handler, whatever its arguments (main() only passes it to yargs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command types its own arguments
type AnyHandler = (args: any) => void;

/* eslint-disable @typescript-eslint/no-require-imports -- required on use, not at start (docs/performance.md) */
/** The handlers that run the pipeline (handlers.ts), required (with their code cache) when yargs runs one of them. */
const handlers = (): typeof Handlers =>
  requireWithCodeCache(() => require('./handlers') as typeof Handlers, join(__dirname, 'handlers.js'));

/** Each command's handler, made when yargs runs the command; `completion` needs no pipeline. */
const HANDLERS: Record<HandledCommand, (env: CommandEnv) => AnyHandler> = {
  parse: (env) => handlers().parseHandler(env),
  convert: (env) => handlers().convertHandler(env),
  'profiles list': (env) => handlers().profilesListHandler(env),
  'profiles show': (env) => handlers().profilesShowHandler(env),
  collect: (env) => handlers().collectHandler(env),
  completion: (env) => (require('./commands/completion') as typeof Completion).completionHandler(env, cliSpec),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A command module made from the command's declaration (declarations.ts): its options are
 * declared from there, and its handler is loaded only when yargs runs the command, so declaring
 * the program (for --help, completion, a usage error) loads no command and no pipeline stage.
 */
function declared(name: CommandName, env: CommandEnv): CommandModule<GlobalArgs> {
  const d = DECLARATIONS[name];
  if ('subcommands' in d)
    return {
      command: d.command,
      describe: d.describe,
      builder: (y) =>
        d.subcommands.reduce((g, s) => g.command(declared(s as HandledCommand, env)), y).demandCommand(1, d.demand),
      handler: () => {},
    };
  return {
    command: d.command,
    describe: d.describe,
    builder: d.builder as (y: Argv<GlobalArgs>) => Argv<GlobalArgs>,
    handler: (a) => HANDLERS[name as HandledCommand](env)(a),
  };
}

/** Declares the program on `y` (yargs, or the recorder of spec.ts): its global options and every command. */
function declareCli(y: Argv, env: CommandEnv) {
  const program = y
    .scriptName('upstart2systemd')
    .usage('$0 <command> [options]\n\nMigrate Upstart jobs (/etc/init/*.conf + .override) to systemd units.')
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .option('color', {
      type: 'boolean',
      description: 'colour output (default: on a terminal, unless NO_COLOR is set)',
    });
  return TOP_LEVEL.reduce((p, name) => p.command(declared(name, env)), program)
    .demandCommand(1, 'choose a command: parse, convert, profiles, collect, completion')
    .epilogue(
      `Exit status: ${EXIT_CODES.map((c) => `${c.code} ${c.short.replace(/`/g, '')}`).join('; ')} (docs/cli.md).`,
    );
}

/** The command line as data (spec.ts), recorded from the declarations the parser runs. */
export function cliSpec(): CliSpec {
  const unused: CommandEnv = { io: memoryIo(), outcome: { ran: false, code: 0 } };
  return recordCli((y) => declareCli(y, unused), ['color']);
}

/** The part of yargs' internals that renders a command's help text ahead of need. */
interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * A yargs instance that skips rendering a command's whole help text each time the command runs:
 * yargs keeps it in case the handler fails later and help is shown, which main() never does (a
 * failure is a one-line message), and laying it out is a good part of a command's start-up
 * (docs/performance.md, "Start-up"). `--help` renders help as before.
 */
function parser(): Argv {
  const y = yargs();
  const usage = (y as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
  return y;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const env: CommandEnv = { io, outcome: { ran: false, code: 0 } };
  let output = '';
  try {
    await declareCli(parser(), env).parseAsync(argv, {}, (err, _args, out) => {
      if (err) env.outcome.usageError = explainUsageError(err.message, argv, cliSpec());
      output = out;
    });
  } catch (err) {
    if (!env.outcome.usageError) {
      io.stderr(`upstart2systemd: internal error: ${(err as Error).message}\n`);
      return EXIT.internal;
    }
  }
  if (env.outcome.usageError) {
    const lines = env.outcome.usageError.split('\n').map((l) => `upstart2systemd: ${l}\n`);
    io.stderr(`${lines.join('')}Run 'upstart2systemd --help' for usage.\n`);
    return EXIT.usage;
  }
  if (output) io.stdout(output + '\n');
  return env.outcome.ran ? env.outcome.code : 0;
}
