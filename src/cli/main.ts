/**
 * The command line: yargs reads the arguments, a command function does the work and returns the
 * exit code. 0 = success, 1 = a job failed or differs, 2 = usage error. Nothing here throws to
 * the user: unexpected failures are reported in one line with exit code 70 (EX_SOFTWARE).
 */
import yargs from 'yargs';
import { type Io, processIo } from './io';
import { runParse } from './commands/parse';

/** The package version, read once. */
const VERSION: string = (require('../../package.json') as { version: string }).version;

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  let ran = false;
  const parser = yargs()
    .scriptName('upstart2systemd')
    .usage('$0 <command> [options]\n\nMigrate Upstart jobs (/etc/init/*.conf + .override) to systemd units.')
    .version(VERSION)
    .strict()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .option('color', { type: 'boolean', description: 'colour output (default: on a terminal, unless NO_COLOR is set)' })
    .command(
      'parse <paths..>',
      'show what Upstart would load from job files or directories',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, description: 'job files (.conf, optionally with their .override) or directories', demandOption: true })
          .option('format', { choices: ['text', 'json', 'upstart'] as const, default: 'text' as const, description: 'text listing, JSON model, or the effective job as Upstart text' })
          .option('upstart-version', { type: 'string', choices: ['1.12', '1.13'] as const, default: '1.13' as const, description: "grammar to accept: 1.13, or 1.12 as Ubuntu 14.04 shipped it (no cgroup)" }),
      (a) => {
        ran = true;
        code = runParse({ paths: a.paths as string[], format: a.format, upstartVersion: a['upstart-version'], color: a.color }, io);
      },
    )
    .demandCommand(1, 'choose a command: parse')
    .recommendCommands();

  let usageError: string | undefined;
  let output = '';
  try {
    await parser.parseAsync(argv, {}, (err, _args, out) => {
      if (err) usageError = err.message;
      output = out;
    });
  } catch (err) {
    if (!usageError) {
      io.stderr(`upstart2systemd: internal error: ${(err as Error).message}\n`);
      return 70;
    }
  }
  if (usageError) {
    io.stderr(`upstart2systemd: ${usageError}\nRun 'upstart2systemd --help' for usage.\n`);
    return 2;
  }
  if (output) io.stdout(output + '\n');
  return ran ? code : 0;
}
