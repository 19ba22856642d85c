/**
 * What the launcher (bin/upstart2systemd.js) runs: `--version` alone is answered here, before
 * yargs or any command is loaded, since it is the command scripts run most to probe the tool; all
 * else goes to main(), which loads only the command it runs (docs/performance.md, "Start-up").
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { requireWithCodeCache } from './code-cache';
import { quietWriter } from './io';
import type * as Main from './main';
import { VERSION } from './version';

/**
 * How far V8 lets the heap grow past what was live at the last full collection, in percent. By
 * default it lets a fast-collecting heap grow up to 4×: a batch run, whose models and units die
 * job by job, then peaks at three times the memory it uses (docs/performance.md#memory).
 */
export const HEAP_GROWING_PERCENT = 20;

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    quietWriter(process.stdout)(`${VERSION}\n`);
    return 0;
  }
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with its code cache (code-cache.ts)
  const { main } = requireWithCodeCache(() => require('./main') as typeof Main, join(__dirname, 'main.js'));
  return main(argv);
}
