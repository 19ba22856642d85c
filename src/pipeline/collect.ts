/**
 * `collect`: the script that records a host's facts (src/collect), printed or written as an
 * executable file, atomically and never over a different file without --force (src/output).
 */
import * as path from 'node:path';
import { collectScript } from '../collect/script';
import { type WriteOutcome, writeOutput } from '../output/write';

export { collectScript } from '../collect/script';

/** Writes the collect script to `file` (mode 0755); an existing different file only with `force`. */
export function writeCollectScript(file: string, force: boolean): WriteOutcome {
  const name = path.basename(file);
  return writeOutput(path.dirname(file), { name, content: collectScript(), mode: 0o755 }, { force, dryRun: false });
}
