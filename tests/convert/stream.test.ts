/**
 * A batch converted one job at a time (src/convert/stream.ts, what the command line runs) comes
 * out exactly as the batch conversion makes it: the same files, statuses, diagnostics (in order)
 * and outlines — also where a pass across jobs changes a job after it was first made (shared /run
 * and /tmp paths, OnFailure= links, cut ordering cycles), with idioms and hardening, with names
 * twice in the batch, jobs that fail to load, and overrides; over the corpus when it is present.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { leanJob } from '../../src/convert';
import { type JobResult, type PipelineOptions, type PipelineResult, convert } from '../../src/pipeline';
import { targetForSystemd } from '../../src/systemd/target';
import { sharedPath } from '../helpers/shared';

/** What a job's comparison reads: everything the command line writes, plans and reports from it. */
function shown(j: JobResult): unknown {
  leanJob(j);
  const { name, conf, override, status, files, diagnostics, outline, profiles, exposure } = j;
  return { name, conf, override, status, files, diagnostics, outline, profiles, exposure };
}

/** A run in both ways: streamed (lean) and as one batch (not lean: every model made before any unit). */
function bothWays(paths: string[], options: Omit<PipelineOptions, 'lean'>): [PipelineResult, PipelineResult] {
  return [convert({ paths }, { ...options, lean: true }), convert({ paths }, { ...options, lean: false })];
}

/** The option sets the comparisons run under: faithful and native, without and with hardening. */
const OPTION_SETS: Array<[string, Omit<PipelineOptions, 'lean'>]> = [
  ['faithful, inline scripts', { target: targetForSystemd(237), scripts: 'inline', style: 'faithful' }],
  ['native, auto scripts', { target: targetForSystemd(237), scripts: 'auto', style: 'native' }],
  [
    'native, recommended profile, systemd 252',
    { target: targetForSystemd(252), scripts: 'auto', style: 'native', profiles: ['recommended'], score: false },
  ],
];

/** With exposure scores before and after hardening (systemd-analyze security runs: the fixed batches only). */
const SCORED: Array<[string, Omit<PipelineOptions, 'lean'>]> = [
  [
    'native, strict profile, scored, systemd 252',
    { target: targetForSystemd(252), scripts: 'auto', style: 'native', profiles: ['strict'] },
  ],
];

/** Jobs whose conversion the passes across the batch change after each was first made. */
const BATCH: Record<string, string> = {
  // an ordering loop: a starts after b, b after a (one of the two orderings is cut)
  'a.conf': 'start on started b\nexec /usr/bin/a\n',
  'b.conf': 'start on stopped a\nexec /usr/bin/b\n',
  // the same /run directory and /tmp path in two jobs, the one that makes it first in the batch
  'c.conf':
    'start on runlevel [2345]\npre-start exec mkdir -p /run/shared-c\n' +
    'exec /usr/bin/c --pid /run/shared-c/c.pid --tmp /tmp/shared-c.sock\n',
  'd.conf': 'start on started c\nexec /usr/bin/d --pid /run/shared-c/d.pid --sock /tmp/shared-c.sock\n',
  // f runs when g fails: OnFailure= goes into g's unit, which comes first in the batch
  'e.conf': 'start on runlevel [2345]\nexec /usr/bin/e\n',
  'f.conf': 'start on stopped g RESULT=failed\ntask\nexec /usr/bin/f\n',
  'g.conf': 'start on runlevel [2345]\nrespawn\nexec /usr/bin/g\n',
  'h.conf': 'start on stopped e RESULT=failed\ntask\nexec /usr/bin/h\n',
  // an override, a job Upstart rejects, a file that cannot be read
  'i.conf': 'start on runlevel [2345]\nexec /usr/bin/i\n',
  'i.override': 'respawn\nenv X=1\n',
  'j.conf': 'start on\nexec /usr/bin/j\n',
  'l.conf': 'start on started e\nexec /usr/bin/l\n',
};

/** Writes the batch (and a second folder holding a job of a name the first one has) into `dir`. */
function writeBatch(dir: string): string[] {
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  for (const [name, text] of Object.entries(BATCH)) write(`init/${name}`, text);
  fs.symlinkSync('/nonexistent/k.conf', path.join(dir, 'init', 'k.conf'));
  write('more/l.conf', 'start on runlevel [2345]\nexec /usr/bin/other-l\n');
  return [path.join(dir, 'init'), path.join(dir, 'more')];
}

describe('a streamed batch', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-stream-'));
  const paths = writeBatch(dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([...OPTION_SETS, ...SCORED])('comes out as the batch conversion makes it (%s)', (_name, options) => {
    const [streamed, batch] = bothWays(paths, options);
    const scored = streamed.jobs.filter((j) => j.exposure?.before !== undefined && j.exposure.after !== undefined);
    expect(scored.length > 0).toBe(SCORED.some(([, o]) => o === options));
    expect(streamed.profileErrors).toEqual([]);
    expect(streamed.diagnostics).toEqual(batch.diagnostics);
    expect(streamed.jobs.map(shown)).toEqual(batch.jobs.map(shown));
  });

  it('is a batch in which every pass across jobs changes a job made before it', () => {
    const [, batch] = bothWays(paths, OPTION_SETS[0]![1]);
    const rules = batch.jobs.flatMap((j) => j.diagnostics.map((d) => `${j.name}:${d.ruleId}`));
    expect(rules).toEqual(expect.arrayContaining(['g:convert/on-failure', 'e:convert/on-failure']));
    expect(rules.some((r) => r.endsWith(':convert/ordering-cycle'))).toBe(true);
    const c = batch.jobs.find((j) => j.name === 'c')!;
    expect(c.service!.facts.sharedRuntimeWith).toEqual({ 'shared-c': ['d'] });
    expect(batch.jobs.find((j) => j.name === 'd')!.service!.facts.sharesTmpWith).toEqual(['c']);
    expect(batch.jobs.filter((j) => j.name === 'l')).toHaveLength(2);
    expect(batch.jobs.map((j) => j.status)).toContain('failed');
  });
});

describe('a streamed batch of the corpus', () => {
  const corpus = sharedPath('corpus', 'jobs');
  const sets = [...OPTION_SETS, ...SCORED];
  const run = corpus ? it.each(sets) : it.skip.each(sets);
  if (!corpus) console.log('skipped: ../shared/corpus is not here (the streamed batch is compared on the test batch)');

  run('comes out as the batch conversion makes it (%s)', (_name, options) => {
    const [streamed, batch] = bothWays([corpus!], options);
    expect(streamed.jobs.length).toBeGreaterThan(100);
    expect(streamed.diagnostics).toEqual(batch.diagnostics);
    expect(streamed.jobs.map(shown)).toEqual(batch.jobs.map(shown));
  });
});

/** Random batches per option set; more locally with FC_RUNS=… */
const BATCHES = Number(process.env.FC_RUNS ?? 40);

/** Names the random jobs are called and refer to one another by. */
const NAMES = ['a', 'b', 'c', 'd', 'e'];

/** A random job of a batch: events of the other jobs (a failure among them), shared paths, emitted events. */
const randomJob = fc.record({
  start: fc.array(
    fc.oneof(
      fc
        .tuple(fc.constantFrom('started', 'stopped', 'starting', 'stopping'), fc.constantFrom(...NAMES))
        .map(([e, n]) => `${e} ${n}`),
      fc.constantFrom(...NAMES).map((n) => `stopped ${n} RESULT=failed`),
      fc.constantFrom('runlevel [2345]', 'filesystem', 'custom-ready', 'net-device-up IFACE!=lo'),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  joiner: fc.constantFrom(' or ', ' and '),
  stop: fc.option(
    fc.constantFrom(...NAMES).map((n) => `stopping ${n}`),
    { nil: undefined },
  ),
  task: fc.boolean(),
  paths: fc.array(fc.constantFrom('/run/shared/x.pid', '/var/run/shared', '/tmp/shared.sock', '/run/own'), {
    maxLength: 2,
  }),
  emits: fc.boolean(),
});

/** A random job as generated. */
type RandomJob = typeof randomJob extends fc.Arbitrary<infer T> ? T : never;

/** The text of a random job. */
function jobText(j: RandomJob): string {
  return [
    `start on ${j.start.join(j.joiner)}`,
    ...(j.stop ? [`stop on ${j.stop}`] : []),
    ...(j.task ? ['task'] : []),
    ...(j.emits ? ['post-start exec initctl emit custom-ready'] : []),
    `exec /usr/bin/prog ${j.paths.join(' ')}`,
    '',
  ].join('\n');
}

describe('a streamed batch of random jobs that wait for one another', () => {
  it.each(OPTION_SETS)('comes out as the batch conversion makes it (%s)', (_name, options) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-stream-random-'));
    try {
      let run = 0;
      fc.assert(
        fc.property(fc.array(randomJob, { minLength: 2, maxLength: NAMES.length }), (jobs) => {
          const init = path.join(dir, String(run++));
          fs.mkdirSync(init);
          jobs.forEach((j, i) => fs.writeFileSync(path.join(init, `${NAMES[i]}.conf`), jobText(j)));
          const [streamed, batch] = bothWays([init], options);
          expect(streamed.jobs.map(shown)).toEqual(batch.jobs.map(shown));
        }),
        { numRuns: BATCHES },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
