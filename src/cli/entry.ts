/**
 * What the launcher (bin/upstart2systemd.js) runs: `--version` alone is answered here, before
 * yargs or any command is loaded, since it is the command scripts run most to probe the tool; all
 * else goes to main(), which loads only the command it runs (docs/performance.md, "Start-up").
 */
import { join } from 'node:path';
import { requireWithCodeCache } from './code-cache';
import { quietWriter } from './io';
import type * as Main from './main';
import { VERSION } from './version';

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    quietWriter(process.stdout)(`${VERSION}\n`);
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with its code cache (code-cache.ts)
  const { main } = requireWithCodeCache(() => require('./main') as typeof Main, join(__dirname, 'main.js'));
  return main(argv);
}
