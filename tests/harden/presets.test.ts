/**
 * The presets on the example jobs: every preset applied to every example job passes the real
 * systemd-analyze verify; exposure falls as promised (none > readonly-tmp > recommended > strict);
 * for every target no directive is newer than its systemd.
 */
import { join } from 'node:path';
import { exposureScores, systemdAnalyzeVersion } from '../../src/harden/exposure';
import { presetNames } from '../../src/harden/profile';
import { discoverJobs } from '../../src/read/discover';
import { convertLoaded } from '../../src/pipeline';
import { loadJob } from '../../src/read/load';
import { TARGETS, firstVersion } from '../../src/systemd/target';
import { parseUnitText } from '../helpers/unit-text';
import { haveSystemdAnalyze, verifyUnits } from '../helpers/verify';

const root = join(__dirname, '..', '..', 'examples', 'trusty');
const loaded = discoverJobs([join(root, 'etc', 'init')]).jobs.map((s) => loadJob(s));
const debian12 = TARGETS.find((t) => t.name === 'debian-12')!;

/** Converts the examples with one profile (or none) for a target. */
function convertWith(profile: string | null, target = debian12) {
  return convertLoaded(loaded, { target, profiles: profile ? [profile] : [], score: false }, root).jobs;
}

(haveSystemdAnalyze() ? describe : describe.skip)('presets checked by the real systemd', () => {
  it.each(presetNames())('every example job hardened with %s passes systemd-analyze verify', (preset) => {
    const units: Record<string, string> = {};
    for (const job of convertWith(preset)) {
      expect(job.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const f of job.files) if (!f.name.endsWith('.sh')) units[f.name] = f.content;
    }
    expect(verifyUnits(units)).toEqual([]);
  });

  ((systemdAnalyzeVersion() ?? 0) >= 250 ? it : it.skip)(
    'lowers the exposure of every example job: none > readonly-tmp > recommended > strict',
    () => {
      const levels = ['none', 'readonly-tmp', 'recommended', 'strict'];
      const units = levels.flatMap((level) =>
        convertWith(level === 'none' ? null : level).flatMap((j) =>
          j.files
            .filter((f) => f.name.endsWith('.service'))
            .map((f) => ({ name: `${level}--${f.name}`, content: f.content, job: j.name })),
        ),
      );
      const { scores } = exposureScores(units);
      const byJob = new Map<string, number[]>();
      for (const u of units) byJob.set(u.job, [...(byJob.get(u.job) ?? []), scores.get(u.name)!]);
      expect(byJob.size).toBeGreaterThanOrEqual(16);
      for (const [job, s] of byJob) {
        expect({ job, decreasing: s.every((x, i) => i === 0 || x < s[i - 1]!), s }).toEqual({
          job,
          decreasing: true,
          s,
        });
      }
    },
  );
});

describe('presets and targets', () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))(
    'emit no directive newer than %s, with every preset',
    (_n, target) => {
      for (const preset of presetNames()) {
        for (const job of convertWith(preset, target)) {
          for (const f of job.files.filter((x) => !x.name.endsWith('.sh'))) {
            for (const s of parseUnitText(f.content)) {
              for (const e of s.entries) {
                const since = firstVersion(s.name, e.key, e.value) ?? Infinity;
                if (since > target.systemd)
                  throw new Error(
                    `${preset}/${f.name}: ${e.key}=${e.value} needs ${since}, target ${target.name} has ${target.systemd}`,
                  );
              }
            }
          }
        }
      }
    },
  );
});
