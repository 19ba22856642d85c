/**
 * A reader that leaves early (`| head`) ends every command quietly, as grep and git log do: no
 * stack trace, no `write EPIPE`, and the exit code the command would have had. Run with the built
 * CLI through real pipes, with outputs far larger than a pipe holds (64 KiB).
 */
import { spawnSync } from 'node:child_process';
import { builtCli } from '../helpers/built-cli';
import { tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-pipes-');
let cli = '';

beforeAll(() => {
  cli = builtCli();
}, 180_000);

/** A root of `n` jobs, each with many environment lines (large units) and a warning (large stderr). */
function bigRoot(n: number): string {
  const env = Array.from({ length: 20 }, (_, i) => `env SETTING_${i}=value-of-setting-number-${i}\n`).join('');
  for (let i = 0; i < n; i++)
    tmp.write(`root/etc/init/job-${i}.conf`, `description "job ${i}"\nsetuid nobody\n${env}exec /usr/bin/job-${i}\n`);
  return `${tmp.path}/root`;
}

/**
 * Runs the CLI with `args`, its stdout (or what `redirect` sends into the pipe) piped into
 * `reader`: its exit code, its stderr, what the reader printed.
 */
function piped(args: string[], reader: string, redirect = ''): { code: number | null; out: string; err: string } {
  const script = `"$@" ${redirect} | ${reader}; exit "\${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', script, 'bash', process.execPath, cli, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** What a crash on a closed pipe printed. */
const crash = /EPIPE|Unhandled 'error'|^\s+at /m;

describe('a reader that stops reading', () => {
  it('ends parse DIR | head -1 quietly, with the exit code of the parse', () => {
    const r = piped(['parse', `${bigRoot(300)}/etc/init`], 'head -1');
    expect(r.out).toBe(`job job-0  (${tmp.path}/root/etc/init/job-0.conf)\n`);
    expect(r.err).not.toMatch(crash);
    expect(r.err).toContain('300 of 300 jobs loaded');
    expect(r.code).toBe(0);
  }, 120_000);

  it('ends convert --diff | head -1 and convert --format json | head -c 50 quietly', () => {
    const root = bigRoot(300);
    const diff = piped(['convert', '--root', root, '--diff'], 'head -1');
    expect(diff.out).not.toBe('');
    expect(diff.err).not.toMatch(crash);
    expect(diff.code).toBe(0);
    const json = piped(['convert', '--root', root, '--format', 'json'], 'head -c 50');
    expect(json.out).toMatch(/^\{\n {2}"target": \{/);
    expect(json.out).toHaveLength(50);
    expect(json.err).not.toMatch(crash);
    expect(json.code).toBe(0);
  }, 120_000);

  it('ends profiles show NAME --job FILE | head quietly', () => {
    const env = Array.from({ length: 3000 }, (_, i) => `env SETTING_${i}=value-of-setting-number-${i}\n`).join('');
    const job = tmp.write('big.conf', `${env}exec /usr/bin/big\n`);
    const r = piped(['profiles', 'show', 'recommended', '--job', job], 'head');
    expect(r.out.split('\n')[0]).toBe('profile recommended: readonly-tmp → recommended');
    expect(r.err).not.toMatch(crash);
    expect(r.code).toBe(0);
  }, 120_000);

  it('ends quietly when stderr is the pipe that closes (convert 2>&1 >/dev/null | head -1)', () => {
    const r = piped(['convert', '--root', bigRoot(300)], 'head -1', '2>&1 >/dev/null');
    expect(r.out).toBe('job-0:\n');
    expect(r.code).toBe(0);
  }, 120_000);
});
