/**
 * The CLI as a user runs it: `node bin/upstart2systemd.js`, from dist/. Tests that need a real
 * process (pipes, the launcher) call builtCli() in beforeAll: it builds dist/ first when any
 * source is newer than the build (as `npm run build` does: templates, tsc, the CLI's bundles and their code cache), so
 * they never run stale code.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The newest modification time of the files under `dir` that `keep` accepts. */
function newest(dir: string, keep: (file: string) => boolean): number {
  return readdirSync(dir).reduce((t, name) => {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) return Math.max(t, newest(p, keep));
    return keep(p) ? Math.max(t, st.mtimeMs) : t;
  }, 0);
}

/** Whether dist/ holds a build at least as new as every source it is built from. */
function upToDate(): boolean {
  const built = join(root, 'dist', 'cli', 'main.js');
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    return false;
  }
  const source = newest(join(root, 'src'), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  return builtAt >= Math.max(source, statSync(join(root, 'tsconfig.build.json')).mtimeMs);
}

/** The path of the launcher, with dist/ built and current (the steps of `npm run build`). */
export function builtCli(): string {
  if (!upToDate()) {
    const node = (...args: string[]): void => void execFileSync(process.execPath, args, { cwd: root, stdio: 'pipe' });
    node(join(root, 'scripts', 'precompile-templates.js'));
    node(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'));
    node(join(root, 'scripts', 'bundle.js'));
    node(join(root, 'scripts', 'code-cache.js'));
  }
  return join(root, 'bin', 'upstart2systemd.js');
}
