/**
 * Every real-world job in ../shared/corpus/jobs goes through the parser; the ones Upstart itself
 * would reject are recorded here by name, so a change in what we accept is a visible change.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadJob } from '../../src/read/load';
import { describeWithShared } from '../helpers/shared';

/** Jobs the real parser rejects, and why (see the closing note of issue 2). */
const REJECTED_BY_1_13: Record<string, string> = {
  'ceph-mon': 'parse/expected-token', // `limit nofile 16384` has one value where Upstart needs two
};
/** Ubuntu 14.04's Upstart 1.12.1 also rejects the jobs that use `cgroup`. */
const REJECTED_BY_1_12: Record<string, string> = {
  ...REJECTED_BY_1_13,
  'ual-application-legacy': 'parse/unknown-stanza',
  'ual-untrusted-helper': 'parse/unknown-stanza',
};

describeWithShared('the corpus of real Upstart jobs', ['corpus', 'jobs'], (dir) => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.conf'))
    .sort();

  it.each([
    ['1.13', REJECTED_BY_1_13],
    ['1.12', REJECTED_BY_1_12],
  ] as const)('parses every job with Upstart %s, rejecting exactly the recorded ones', (version, expected) => {
    const rejected: Record<string, string> = {};
    for (const f of files) {
      const r = loadJob({ name: f.replace(/\.conf$/, ''), conf: join(dir, f) }, { upstartVersion: version });
      if (!r.job) rejected[f.replace(/\.conf$/, '')] = r.diagnostics[0]!.ruleId;
    }
    expect(files.length).toBeGreaterThan(100);
    expect(rejected).toEqual(expected);
  });
});
