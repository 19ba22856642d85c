/**
 * Inputs far beyond any real job: event expressions 100,000 levels deep and jobs of 100,000
 * stanzas convert like any other job (no limit, as in Upstart), and never stop the rest of the
 * batch. How long they take is measured by `npm run bench:scale`, not here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { convertJobs } from '../../src/convert';
import type { LoadedJob } from '../../src/read/load';
import { TARGETS } from '../../src/systemd/target';
import { parseJob } from '../../src/upstart/parser';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-scale-');
const N = 100_000;

/** `a and (a and (… (b) …))`, N levels deep: short words, so the file stays under the 1 MiB limit. */
const nested = (n: number): string => 'a and ('.repeat(n) + 'b' + ')'.repeat(n);
/** `a or a or …`: one level per operator. */
const chain = (n: number): string => 'a' + ' or a'.repeat(n);

describe('a batch with a job whose start on or stop on is 100,000 levels deep', () => {
  it('converts that job and every healthy one beside it, and exits 0', async () => {
    tmp.write('init/deep-start.conf', `start on ${nested(N)}\nexec /bin/true\n`);
    tmp.write('init/deep-stop.conf', `start on runlevel [2345]\nstop on ${chain(N)}\nexec /bin/true\n`);
    tmp.write('init/healthy.conf', 'start on runlevel [2345]\nexec /usr/sbin/healthy\n');
    const out = path.join(tmp.path, 'out');
    const r = await runCli(['convert', path.join(tmp.path, 'init'), '--out', out, '--layout', 'flat']);
    expect(r.code).toBe(0);
    // the custom events a and b get their targets (issue 17)
    expect(fs.readdirSync(out).sort()).toEqual([
      'deep-start.service',
      'deep-stop.service',
      'healthy.service',
      'upstart-event-a.target',
      'upstart-event-b.target',
    ]);
    expect(r.err).toContain('start on a: "a" is not an Upstart or Ubuntu event; nothing in this conversion emits it');
    expect(r.err).toMatch(/3 jobs for [^:]+: 1 converted, 2 need review, 0 failed, 0 skipped;/);
  });

  it('is shown by parse as Upstart text and as JSON', async () => {
    const file = tmp.write('init/deep.conf', `start on ${nested(10_000)}\nexec /bin/true\n`);
    const text = await runCli(['parse', file, '--format', 'upstart']);
    expect(text.code).toBe(0);
    // printed as Upstart reads it back: the innermost (b) needs no parentheses
    expect(text.out.includes(`start on ${'a and ('.repeat(9_999)}a and b${')'.repeat(9_999)}\n`)).toBe(true);
    const json = await runCli(['parse', file, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out).jobs[0].job.start_on.value.left).toEqual({
      type: 'event',
      name: 'a',
      args: [],
      line: 1,
      column: 10,
    });
  });
});

/** A job file of n values of one stanza (one per line, or many on a line where the stanza takes a list). */
const KINDS: Array<[string, (i: number) => string, string]> = [
  ['env', (i) => `env V${i}=${i}\n`, ''],
  ['export', (i) => `export V${i}\n`, ''],
  ['emits', (i) => `emits ev${i}\n`, ''],
  ['limit', (i) => `limit nofile ${i} ${i}\n`, ''],
  ['normal exit', (i) => `normal exit ${i % 256}\n`, ''],
  ['cgroup', (i) => `cgroup cpu g${i} shares ${i}\n`, ''],
  ['start on … or', (i) => ` or started j${i}`, 'start on started j'],
];

describe.each(KINDS)('a job of %s stanzas 100,000 times', (kind, line, head) => {
  it('converts, with what each stanza says reported once', () => {
    const text = head + Array.from({ length: N }, (_, i) => line(i)).join('') + '\nexec /bin/true\n';
    const job = parseJob(text, { file: 'big.conf', upstartVersion: '1.13' }).job!;
    const loaded: LoadedJob = { source: { name: 'big', conf: 'big.conf' }, job, diagnostics: [] };
    const [result] = convertJobs([loaded], { target: TARGETS[1]! });
    expect(result!.status).toBe('converted');
    const perRule = new Map<string, number>();
    for (const d of result!.diagnostics) perRule.set(d.ruleId, (perRule.get(d.ruleId) ?? 0) + 1);
    const expected: Record<string, [string, number]> = {
      export: ['convert/export-unused', N],
      emits: ['convert/emits', N],
      'start on … or': ['convert/job-event-outside-batch', N + 1],
    };
    if (expected[kind]) expect(perRule.get(expected[kind][0])).toBe(expected[kind][1]);
    expect(result!.files[0]!.content).toContain('ExecStart=/bin/true');
  });
});
