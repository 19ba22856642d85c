/**
 * The JSON report keeps to its documented schema (docs/report.md, src/report/schema.ts): checked
 * with ajv on reports of every kind of run — plain, hardened and scored, compared with existing
 * units (drop-ins, an unreadable unit), written to --out in a dry run, with a failed job and an
 * install plan — and the schema rejects what it must.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJobs } from '../../src/pipeline';
import { REPORT_JSON_SCHEMA, renderJson } from '../../src/report';
import { haveSystemdAnalyze } from '../helpers/verify';
import { hostileJobDir, reportOf, runOf } from './fixtures';

const examples = path.join(__dirname, '..', '..', 'examples', 'trusty');
const validate = new Ajv({ strict: true, allErrors: true }).compile(REPORT_JSON_SCHEMA);

/** The ajv errors of a report rendered as JSON and read back (none when it is valid). */
function errorsOf(report: object): unknown {
  const ok = validate(JSON.parse(renderJson(report as Parameters<typeof renderJson>[0])));
  return ok ? null : validate.errors;
}

describe('the JSON report schema', () => {
  let hostile = '';
  beforeAll(() => (hostile = hostileJobDir()));
  afterAll(() => fs.rmSync(hostile, { recursive: true, force: true }));

  it('holds for a plain run with a failed job and hostile names', () => {
    expect(errorsOf(reportOf(runOf(hostile)))).toBeNull();
  });

  it('holds for a hardened, scored run (exposure when systemd-analyze is there) with profiles per job', () => {
    const report = reportOf(runOf(path.join(examples, 'etc', 'init'), { profiles: ['recommended'], score: true }));
    expect(report.jobs.every((j) => j.profiles.join() === 'recommended')).toBe(true);
    if (haveSystemdAnalyze()) expect(report.jobs.every((j) => j.exposure?.after !== undefined)).toBe(true);
    expect(errorsOf(report)).toBeNull();
  });

  it('holds for a run compared with existing units, in auto mode (drop-ins, an unreadable unit, none)', () => {
    const result = runOf(path.join(examples, 'etc', 'init'), { compare: { mode: 'auto', against: examples } });
    const report = reportOf(result, { run: { mode: 'auto', dryRun: false, check: false } });
    expect(Object.values(report.summary.existing!).reduce((a, b) => a + b)).toBe(report.jobs.length);
    expect(report.summary.existing!.unreadable).toBe(1);
    expect(report.jobs.some((j) => j.existing?.mode === 'dropin')).toBe(true);
    expect(errorsOf(report)).toBeNull();
  });

  it('holds for a dry run into --out, and for a run with an install plan', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-report-out-'));
    try {
      const result = runOf(hostile);
      const outcomes = writeJobs(result.jobs, out, { force: false, dryRun: true });
      const report = reportOf(result, {
        outcomes,
        run: { out, dryRun: true, check: false },
        install: (j) => (j.status === 'converted' ? { action: 'install' } : { action: 'skip', reason: 'failed' }),
      });
      expect(report.jobs.flatMap((j) => j.files.map((f) => f.written))).toContain('would-write');
      expect(errorsOf(report)).toBeNull();
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('rejects an unknown field, an unknown status and a missing count', () => {
    const report = reportOf(runOf(hostile));
    expect(errorsOf({ ...report, extra: 1 })).not.toBeNull();
    expect(errorsOf({ ...report, jobs: [{ ...report.jobs[0]!, status: 'done' }] })).not.toBeNull();
    const { skipped: _, ...status } = report.summary.status;
    expect(errorsOf({ ...report, summary: { ...report.summary, status } })).not.toBeNull();
  });
});
