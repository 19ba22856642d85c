/**
 * The collect script: a POSIX sh script (templates/collect.sh) that runs as root on the Upstart
 * host and writes one tarball of what the conversion needs (docs/collect.md). It is a file of
 * its own so it can be read, linted and run by the tests as the host will run it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the script lives: the package's templates/ folder (same depth from src/ and dist/). */
export const COLLECT_SCRIPT_PATH = join(__dirname, '..', '..', 'templates', 'collect.sh');

/** The package version, named in the script's header and in the tarball's upstart2systemd/collected. */
function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json is outside rootDir, so not an import
  return (require('../../package.json') as { version: string }).version;
}

/** The text of the collect script, naming this version of the tool. */
export function collectScript(): string {
  return readFileSync(COLLECT_SCRIPT_PATH, 'utf8').split('@VERSION@').join(version());
}
