/**
 * `convert --baseline FILE` (docs/ci.md): written when it does not exist (or with
 * --update-baseline) as sorted, reviewable JSON; read otherwise, so that only new warnings show,
 * a baselined error still fails, fixed findings are counted for pruning, and a malformed file is a
 * usage error at file:line:column.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-base-');

/** A root with a job that has two warnings (web) and, optionally, one that fails (bad); its path. */
function root(opts: { bad?: boolean; web?: string } = {}): string {
  tmp.write('host/etc/init/web.conf', opts.web ?? 'setuid nobody\nexec /usr/sbin/web\n');
  if (opts.bad) tmp.write('host/etc/init/bad.conf', 'bogus stanza\nexec /bin/x\n');
  return path.join(tmp.path, 'host');
}

/** Converts the root with a baseline (and more arguments), printing nothing but the summary. */
function run(r: string, baseline: string, ...more: string[]) {
  return runCli(['convert', '--root', r, '--no-score', '--no-config', '--check', '--baseline', baseline, ...more]);
}

/** The summary object of a JSON run. */
function summaryOf(out: string): Record<string, unknown> {
  return (JSON.parse(out) as { summary: Record<string, unknown> }).summary;
}

describe('convert --baseline', () => {
  it('writes a missing baseline as sorted JSON keyed by job, rule and fingerprint, and hides what it holds', async () => {
    const file = path.join(tmp.path, 'baseline.json');
    const r = await run(root({ bad: true }), file);
    expect(r.code).toBe(1); // bad.conf does not parse: a baselined error still fails
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      version: number;
      findings: Array<Record<string, unknown>>;
    };
    expect(doc.version).toBe(1);
    expect(doc.findings.map((f) => `${f.job} ${f.ruleId} ${f.severity} ${f.count}`)).toEqual([
      'bad parse/unknown-stanza error 1',
      'web convert/setuid-root-group warning 1',
      'web convert/user-nobody warning 1',
    ]);
    for (const f of doc.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(r.err).toContain(`baseline written: ${file} (3 entries); 2 warnings hidden by the baseline`);
    expect(r.err).toContain('[parse/unknown-stanza]');
    expect(r.err).not.toContain('[convert/user-nobody]');
    // the same run writes the same bytes
    const before = fs.readFileSync(file, 'utf8');
    await run(root({ bad: true }), file, '--update-baseline');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('shows only findings not in the baseline, even when the job moved lines, and counts what it hid', async () => {
    const file = path.join(tmp.path, 'b.json');
    await run(root(), file);
    const moved = root({ web: '# a comment\n\nsetuid nobody\nexec /usr/sbin/web\nexpect fork\nexpect daemon\n' });
    const r = await run(moved, file, '--format', 'json');
    const doc = JSON.parse(r.out) as { jobs: Array<{ diagnostics: Array<{ ruleId: string; severity: string }> }> };
    const shown = doc.jobs[0]!.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.ruleId);
    expect(shown).not.toContain('convert/user-nobody');
    expect(shown).not.toContain('convert/setuid-root-group');
    expect(summaryOf(r.out)).toMatchObject({ hidden: { config: 0, baseline: 2 } });
    expect(summaryOf(r.out).baseline).toEqual({ file, written: false, staleEntries: 0 });
  });

  it('says how many baseline entries no longer occur, and --update-baseline prunes them', async () => {
    const file = path.join(tmp.path, 'b.json');
    await run(root(), file);
    const fixed = root({ web: 'setuid www-data\nsetgid www-data\nexec /usr/sbin/web\n' });
    const r = await run(fixed, file);
    expect(r.err).toContain('2 baseline entries no longer occur (--update-baseline prunes them)');
    await run(fixed, file, '--update-baseline');
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: unknown[] }).findings).toEqual([]);
  });

  it('refuses a malformed baseline with exit 2 at its file:line:column, converting nothing', async () => {
    const r0 = root();
    const cases: Array<[string, string]> = [
      ['{\n  "version": 1,\n  "findings": [\n', ':4:1: error: not valid JSON'],
      ['{ "version": 2, "findings": [] }', ':1:14: error: version must be equal to constant'],
      [
        '{\n "version": 1,\n "findings": [\n  { "job": "web", "ruleId": "convert/user-nobody",\n' +
          '    "fingerprint": "0123456789abcdef", "count": 0 }\n ]\n}\n',
        ':5:49: error: findings.0.count must be >= 1',
      ],
      [
        '{ "version": 1, "findings": [\n { "job": "web", "ruleId": "convert/user-nobdy", ' +
          '"fingerprint": "0123456789abcdef", "count": 1 }] }',
        ':2:28: error: unknown rule "convert/user-nobdy"',
      ],
      ['{ "version": 1, "findings": [], "extra": true }', ':1:33: error: unknown key "extra"'],
    ];
    for (const [text, expected] of cases) {
      const file = tmp.write('bad.json', text);
      const r = await run(r0, file);
      expect([r.code, r.err]).toEqual([2, expect.stringContaining(`${file}${expected}`)]);
      expect(r.out).toBe('');
    }
    const near = await run(r0, tmp.write('bad.json', cases[3]![0]));
    expect(near.err).toContain('did you mean convert/user-nobody?');
  });

  it('takes any file name: CR and LF shown escaped, a missing folder or an overlong name refused', async () => {
    const r0 = root();
    const odd = path.join(tmp.path, 'base\r\nline %s $x "q" \\.json');
    const w = await run(r0, odd);
    expect(w.code).toBe(3); // --check: the unit would be new
    expect(fs.existsSync(odd)).toBe(true);
    expect(w.err).toContain('baseline written: ' + path.join(tmp.path, 'base\\r\\nline %s $x "q" \\.json'));
    expect(w.err).not.toMatch(/\r/);
    const missing = await run(r0, path.join(tmp.path, 'no\nsuch', 'b.json'));
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('no such folder')]);
    expect(missing.err).toContain('no\\nsuch');
    const long = await run(r0, path.join(tmp.path, 'x'.repeat(5000) + '.json'));
    expect(long.code).toBe(1);
    expect(long.err).toContain('[output/baseline-not-written]');
    const folder = await run(r0, tmp.path);
    expect([folder.code, folder.err]).toEqual([2, expect.stringContaining('is a folder')]);
    const alone = await runCli(['convert', '--root', r0, '--update-baseline']);
    expect([alone.code, alone.err]).toEqual([2, expect.stringContaining('--update-baseline needs --baseline FILE')]);
  });
});
