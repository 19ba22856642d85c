/**
 * `convert --max-warnings N`: exit 4 (one line on stderr) when more warnings than N remain shown
 * after the config file and the baseline, unless a job failed (1 wins); a bad N is a usage error.
 * And the `summary` object of `--format json`.
 */
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-maxw-');

/** A root whose one job has two warnings (and a failing job when asked); its path. */
function root(bad = false): string {
  tmp.write('host/etc/init/web.conf', 'setuid nobody\nexec /usr/sbin/web\n');
  if (bad) tmp.write('host/etc/init/bad.conf', 'bogus stanza\nexec /bin/x\n');
  return path.join(tmp.path, 'host');
}

const convert = (r: string, ...more: string[]) =>
  runCli(['convert', '--root', r, '--no-score', '--no-config', ...more]);

describe('convert --max-warnings', () => {
  it('exits 4 with one line on stderr when more warnings than N are shown', async () => {
    const r = await convert(root(), '--max-warnings', '1');
    expect(r.code).toBe(4);
    expect(r.err).toContain('upstart2systemd: 2 warnings shown, more than --max-warnings 1 allows\n');
    expect((await convert(root(), '--max-warnings', '2')).code).toBe(0);
  });

  it('counts only what remains shown after the config file and the baseline', async () => {
    const r0 = root();
    tmp.write('c.yaml', 'rules:\n  convert/user-nobody: off\n');
    const config = await runCli(['convert', '--root', r0, '--no-score', '--config', path.join(tmp.path, 'c.yaml')]);
    expect(config.code).toBe(0);
    const withConfig = await runCli([
      'convert',
      '--root',
      r0,
      '--no-score',
      '--config',
      path.join(tmp.path, 'c.yaml'),
      '--max-warnings',
      '0',
    ]);
    expect(withConfig.err).toContain('1 warning shown, more than --max-warnings 0');
    const base = path.join(tmp.path, 'b.json');
    await convert(r0, '--baseline', base);
    expect((await convert(r0, '--baseline', base, '--max-warnings', '0')).code).toBe(0);
  });

  it('lets a failed job win: exit 1', async () => {
    const r = await convert(root(true), '--max-warnings', '0');
    expect(r.code).toBe(1);
    expect(r.err).toContain('more than --max-warnings 0 allows');
  });

  it('refuses a value that is not a whole number of 0 or more', async () => {
    for (const bad of ['-1', 'abc', '1.5', '', '9'.repeat(30), 'x\r\ny']) {
      const r = await convert(root(), '--max-warnings', bad);
      expect([r.code, r.err]).toEqual([2, expect.stringContaining('--max-warnings')]);
      expect(r.err).not.toMatch(/\r/);
    }
  });
});

describe('convert --format json summary', () => {
  it('counts jobs, findings by severity and rule, what was hidden, and the exit status', async () => {
    const r0 = root(true);
    tmp.write('c.yaml', 'rules:\n  convert/user-nobody: off\n');
    const r = await runCli([
      'convert',
      '--root',
      r0,
      '--no-score',
      '--config',
      path.join(tmp.path, 'c.yaml'),
      '--check',
      '--format',
      'json',
    ]);
    const doc = JSON.parse(r.out) as { summary: Record<string, unknown>; jobs: unknown[] };
    expect(doc.summary).toEqual({
      jobs: 2,
      converted: 0,
      needReview: 1,
      failed: 1,
      skipped: 0,
      findings: { error: 1, warning: 1, info: expect.any(Number) },
      rules: expect.objectContaining({ 'parse/unknown-stanza': 1, 'convert/setuid-root-group': 1 }),
      hidden: { config: 1, baseline: 0 },
      wouldChange: 1,
      exit: 1,
    });
    expect(r.code).toBe(1);
  });
});
