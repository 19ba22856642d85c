/**
 * What the launcher (bin/upstart2systemd.js) runs: `--version` alone is answered here, before
 * yargs or any command is loaded, since it is the command scripts run most to probe the tool; all
 * else goes to main(), which loads only the command it runs (docs/cli.md, "Start-up").
 */
import { quietWriter } from './io';
import { VERSION } from './version';

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    quietWriter(process.stdout)(`${VERSION}\n`);
    return 0;
  }
  const { main } = await import('./main');
  return main(argv);
}
