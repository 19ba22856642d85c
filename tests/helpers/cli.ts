/**
 * CLI tests in-process: a fresh temporary directory per test, a writer for files in it, and a
 * runner that returns the exit code and what a user would see on stdout and stderr.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { memoryIo } from '../../src/cli/io';

/** A temporary directory created before and removed after each test of the calling file. */
export function tempDir(prefix: string): { readonly path: string; write(rel: string, text: string | Buffer): string } {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    get path() {
      return dir;
    },
    write(rel, text) {
      const p = path.join(dir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      return p;
    },
  };
}

/** Runs the CLI with arguments (and environment) and returns its exit code and output. */
export async function runCli(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(env);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
