/**
 * Regenerates tests/golden/<variant>/ from the current code (`npm run goldens`); review the diff
 * of tests/golden/ before committing it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GOLDEN_DIR, runVariant, variants } from '../tests/golden/run';

async function regenerate(): Promise<void> {
  for (const v of variants()) {
    const dir = path.join(GOLDEN_DIR, v.name);
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [rel, bytes] of await runVariant(v)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), bytes);
    }
    process.stdout.write(`wrote tests/golden/${v.name}/\n`);
  }
}

void regenerate();
