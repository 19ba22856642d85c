/**
 * `convert --report FILE`: the extension picks the format (another is a usage error); the file is
 * written atomically, replaced when it exists (a report is regenerated output), never through a
 * symlink; it works with and without --out, with --dry-run, --check, --diff and --format json; and
 * the terminal's summary line gives the same counts as the report. Hostile report paths included.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/report';
import { REPORT_JSON_SCHEMA } from '../../src/report';
import { runCli, tempDir } from '../helpers/cli';

const examples = path.join(__dirname, '..', '..', 'examples', 'trusty');
const job = (name: string): string => path.join(examples, 'etc', 'init', `${name}.conf`);
const tmp = tempDir('u2s-report-cli-');
const run = (...argv: string[]) => runCli(argv);
const validate = new Ajv({ strict: true }).compile(REPORT_JSON_SCHEMA);

/** The JSON report at a path, checked against its schema. */
function readReport(file: string): Report {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  expect(validate(doc) ? null : validate.errors).toBeNull();
  return doc;
}

/** The last line of stderr: the summary. */
const summaryOf = (err: string): string => err.trimEnd().split('\n').pop()!;

describe('convert --report', () => {
  it('writes Markdown, HTML or JSON by the extension (case aside), beside the units printed as before', async () => {
    const plain = await run('convert', '--root', examples);
    for (const name of ['r.md', 'r.html', 'r.json', 'R.HTML']) {
      const file = path.join(tmp.path, name);
      const r = await run('convert', '--root', examples, '--report', file);
      expect(r.code).toBe(0);
      expect(r.out).toBe(plain.out);
      expect(summaryOf(r.err)).toBe(`${summaryOf(plain.err)}; report: ${file}`);
      const text = fs.readFileSync(file, 'utf8');
      if (name.endsWith('md')) expect(text).toMatch(/^# upstart2systemd conversion report\n/);
      else if (/html$/i.test(name)) expect(text).toMatch(/^<!DOCTYPE html>\n/);
      else expect(readReport(file).jobs).toHaveLength(16);
    }
    expect(fs.readdirSync(tmp.path).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary files left
  });

  it('says the same counts on the terminal as in the report, with existing units when comparing', async () => {
    const file = path.join(tmp.path, 'r.json');
    const r = await run('convert', '--root', examples, '--target', 'debian-12', '--mode', 'auto', '--report', file);
    const { summary } = readReport(file);
    // seven drop-ins leave differences from their unit (diff/dropin-leaves-out): those jobs need review
    expect(summary.status).toEqual({ converted: 7, review: 8, failed: 1, skipped: 0 });
    expect(summary.existing).toEqual({ same: 3, differ: 4, none: 8, unreadable: 1 });
    expect(summaryOf(r.err)).toBe(
      '16 jobs for debian-12 (systemd 252): 7 converted, 8 need review, 1 failed, 0 skipped; ' +
        `existing units: 3 same, 4 differ, 8 none, 1 unreadable; 1 error, 12 warnings, 49 notes ` +
        `(--verbose shows the notes); report: ${file}`,
    );
  });

  it('refuses a file name whose extension names no format, as a usage error, writing nothing', async () => {
    for (const name of ['r.txt', 'report', 'r.md.bak', 'r\n.pdf', '']) {
      const r = await run('convert', '--root', examples, '--report', path.join(tmp.path, name));
      expect(r.code).toBe(2);
      expect(r.err).toContain('the file name must end in .md, .html, .json');
      expect(r.err.split('\n')[0]).not.toContain('\r');
    }
    expect((await run('convert', '--root', examples, '--report', 'a.md', '--report', 'b.md')).code).toBe(2);
    expect(fs.readdirSync(tmp.path)).toEqual([]);
  });

  it('replaces an existing report without --force, and leaves the units alone', async () => {
    const file = tmp.write('r.md', 'an older report\n');
    const out = path.join(tmp.path, 'out');
    tmp.write('out/etc/systemd/system/cobalt-kvd.service', '# hand-written\n');
    const r = await run('convert', job('cobalt-kvd'), '--out', out, '--report', file);
    expect(r.code).toBe(1); // the unit exists and differs: not overwritten without --force
    expect(fs.readFileSync(file, 'utf8')).toContain('### cobalt-kvd');
    expect(fs.readFileSync(file, 'utf8')).toContain('(exists: ');
    expect(fs.readFileSync(path.join(out, 'etc/systemd/system/cobalt-kvd.service'), 'utf8')).toBe('# hand-written\n');
  });

  it('never writes through a symlink, nor replaces it, nor writes onto a folder; the run fails', async () => {
    const target = tmp.write('elsewhere.md', 'not yours\n');
    const link = path.join(tmp.path, 'r.md');
    fs.symlinkSync(target, link);
    const r = await run('convert', job('cobalt-kvd'), '--report', link);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `${link}: error: is a symlink to ${target}; not followed, not written [output/report-not-written]`,
    );
    expect(r.out).toContain('### cobalt-kvd.service'); // the units are printed as without --report
    expect(fs.readlinkSync(link)).toBe(target);
    expect(fs.readFileSync(target, 'utf8')).toBe('not yours\n');
    expect(summaryOf(r.err)).toMatch(/; 1 error, .*notes\)$/);
    fs.mkdirSync(path.join(tmp.path, 'd.html'));
    const dir = await run('convert', job('cobalt-kvd'), '--report', path.join(tmp.path, 'd.html'), '--format', 'json');
    expect(dir.code).toBe(1);
    const json = JSON.parse(dir.out) as { diagnostics: Array<{ ruleId: string; message: string }> };
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'output/report-not-written', message: 'is not a regular file; not written' }),
    ]);
  });

  it('names the cause when the folder is missing or the name too long', async () => {
    const missing = await run('convert', job('cobalt-kvd'), '--report', path.join(tmp.path, 'no', 'r.md'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot be written: no such file or folder (ENOENT) [output/report-not-written]');
    const long = await run('convert', job('cobalt-kvd'), '--report', path.join(tmp.path, 'x'.repeat(300) + '.md'));
    expect(long.code).toBe(1);
    expect(long.err).toContain('(ENAMETOOLONG) [output/report-not-written]');
  });

  it('takes a report name with CR, LF, quotes, %, $ and a trailing backslash, and shows it escaped', async () => {
    const name = 'r\r\n"\'%$\\ x\x1b.md';
    const r = await run('convert', job('cobalt-kvd'), '--report', path.join(tmp.path, name));
    expect(r.code).toBe(0);
    expect(fs.readdirSync(tmp.path)).toEqual([name]);
    expect(summaryOf(r.err)).toContain(`; report: ${tmp.path}/r\\r\\n"'%$\\ x\\x1b.md`);
  });

  it('reports what was written to --out, what a dry run would write, and a check that writes nothing', async () => {
    const out = path.join(tmp.path, 'out');
    const file = path.join(tmp.path, 'r.json');
    await run('convert', job('cobalt-kvd'), '--out', out, '--dry-run', '--report', file);
    expect(readReport(file).run).toEqual({ out, dryRun: true, check: false });
    expect(readReport(file).jobs[0]!.files[0]).toMatchObject({
      path: path.join(out, 'etc/systemd/system/cobalt-kvd.service'),
      written: 'would-write',
    });
    await run('convert', job('cobalt-kvd'), '--out', out, '--report', file);
    expect(readReport(file).jobs[0]!.files[0]!.written).toBe('written');
    const check = await run('convert', '--root', examples, job('larkspur-indexd'), '--check', '--report', file);
    expect(check.code).toBe(3);
    const report = readReport(file);
    expect(report.run).toEqual({ dryRun: false, check: true, mode: 'full' });
    expect(report.jobs[0]!.existing).toMatchObject({ state: 'differ', mode: 'full' });
    expect(report.jobs[0]!.existing!.unified).toContain('+User=larkspur');
  });

  it('shows the diff in every format with --diff, and leaves --format json output as it was', async () => {
    const args = ['convert', '--root', examples, job('larkspur-indexd'), '--diff'];
    const md = path.join(tmp.path, 'r.md');
    const html = path.join(tmp.path, 'r.html');
    expect((await run(...args, '--report', md)).code).toBe(0);
    expect(fs.readFileSync(md, 'utf8')).toMatch(
      /#### Existing unit\n\n\d+ differences from \/lib\/systemd\/system\/larkspur-indexd.service/,
    );
    expect(fs.readFileSync(md, 'utf8')).toContain('```diff\n');
    await run(...args, '--report', html);
    expect(fs.readFileSync(html, 'utf8')).toContain('<span class="add">+User=larkspur</span>');
    const json = await run(...args, '--format', 'json');
    const withReport = await run(...args, '--format', 'json', '--report', md);
    expect(withReport.out).toBe(json.out);
    expect(withReport.err).toBe(json.err);
  });
});
