/**
 * The real systemd on this machine (systemd-analyze verify) accepts every unit we produce from the
 * bundled examples and from the shared corpus of real jobs, for the default target and for 252.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { convertJobs } from '../../src/convert';
import { discoverJobs } from '../../src/read/discover';
import { loadJob } from '../../src/read/load';
import { TARGETS } from '../../src/systemd/target';
import { sharedPath } from '../helpers/shared';
import { haveSystemdAnalyze, verifyUnits } from '../helpers/verify';

const examples = join(__dirname, '..', '..', 'examples', 'trusty');
const corpus = sharedPath('corpus', 'jobs');
const targets = TARGETS.filter((t) => t.name === 'ubuntu-18.04' || t.name === 'debian-12');

/** All unit files produced from a set of job paths for a target. */
function unitsFrom(paths: string[], target: (typeof TARGETS)[number], root?: string): Record<string, string> {
  const loaded = discoverJobs(paths).jobs.map((s) => loadJob(s));
  const units: Record<string, string> = {};
  for (const job of convertJobs(loaded, { target, root }))
    for (const f of job.files) if (!f.name.endsWith('.sh')) units[f.name] = f.content;
  return units;
}

(haveSystemdAnalyze() ? describe : describe.skip)('systemd-analyze verify', () => {
  it.each(targets.map((t) => [t.name, t] as const))(
    'accepts every unit converted from the examples for %s',
    (_n, target) => {
      const units = unitsFrom([join(examples, 'etc', 'init')], target, examples);
      expect(Object.keys(units).length).toBeGreaterThanOrEqual(16);
      expect(verifyUnits(units)).toEqual([]);
    },
  );

  (corpus ? it.each(targets.map((t) => [t.name, t] as const)) : it.skip.each(targets.map((t) => [t.name, t] as const)))(
    'accepts every unit converted from the corpus of real jobs for %s',
    (_n, target) => {
      const files = readdirSync(corpus!)
        .filter((f) => f.endsWith('.conf'))
        .map((f) => join(corpus!, f));
      const units = unitsFrom(files, target);
      expect(Object.keys(units).length).toBeGreaterThan(150);
      expect(verifyUnits(units)).toEqual([]);
    },
  );
});
