/**
 * Runs one golden variant: `convert --root examples/trusty --out TMP ARGS…` in-process, and
 * returns every written file plus what the run printed, with the temporary folder's path replaced
 * so the result is the same on every machine.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { memoryIo } from '../../src/cli/io';

/** One variant of tests/golden/variants.json. */
export interface Variant {
  name: string;
  args: string[];
}

/** The repository root; runs use paths relative to it so messages name `examples/…`. */
export const REPO = path.join(__dirname, '..', '..');
/** Where the committed goldens live. */
export const GOLDEN_DIR = __dirname;

/** The variants, read from variants.json. */
export function variants(): Variant[] {
  return (JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'variants.json'), 'utf8')) as { variants: Variant[] }).variants;
}

/** Every file under `dir` (relative path → bytes), in sorted order. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, fs.readFileSync(path.join(dir, r)));
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** Converts the example root with a variant's options; returns the files and `run.log`. */
export async function runVariant(v: Variant): Promise<Map<string, Buffer>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-golden-'));
  const cwd = process.cwd();
  try {
    process.chdir(REPO);
    const io = memoryIo({ NO_COLOR: '1' });
    const code = await main(['convert', '--root', 'examples/trusty', '--out', tmp, ...v.args], io);
    const files = readTree(tmp);
    const log = `$ upstart2systemd convert --root examples/trusty --out OUT ${v.args.join(' ')}\nexit ${code}\n--- stdout\n${io.out}--- stderr\n${io.err}`;
    files.set('run.log', Buffer.from(log.split(tmp).join('OUT')));
    return files;
  } finally {
    process.chdir(cwd);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
