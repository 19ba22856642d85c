/**
 * The idiom jobs the e2e suite runs in both styles (tests/e2e/idioms, idioms.e2e.test.ts), checked
 * without a lab: one case per job, both styles convert every job for both e2e targets and pass
 * `systemd-analyze verify`, and every allowed difference between the styles is documented in
 * docs/idioms.md under "Proven under systemd".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convert } from '../../src/pipeline';
import { targetNamed } from '../../src/systemd/target';
import { ALLOWED_DIFFERENCES, IDIOM_CASES } from '../e2e/idiom-cases';
import { haveSystemdAnalyze, verifyUnits } from '../helpers/verify';

const ROOT = join(__dirname, '..', 'e2e', 'idioms');
const STYLES = ['faithful', 'native'] as const;
const TARGETS = ['debian-12', 'ubuntu-16.04'];

/** The units (no helper scripts) of every idiom job, converted in one style for one target. */
function unitsOf(style: (typeof STYLES)[number], targetName: string): Record<string, string> {
  const result = convert({ root: ROOT }, { target: targetNamed(targetName)!, style, scripts: 'auto' });
  const failed = result.jobs.filter((j) => j.status !== 'converted').map((j) => j.name);
  expect(failed).toEqual([]);
  expect(result.jobs.map((j) => j.name).sort()).toEqual(IDIOM_CASES.map((k) => k.job).sort());
  const units: Record<string, string> = {};
  for (const j of result.jobs) for (const f of j.files) if (!f.name.endsWith('.sh')) units[f.name] = f.content;
  return units;
}

describe('the idiom fixtures of the e2e suite', () => {
  it('have one case per job file, each with its own program', () => {
    const jobs = readdirSync(join(ROOT, 'etc', 'init'))
      .filter((f) => f.endsWith('.conf'))
      .map((f) => f.slice(0, -'.conf'.length));
    expect(IDIOM_CASES.map((k) => k.job).sort()).toEqual(jobs.sort());
    const programs = IDIOM_CASES.map((k) => k.program).filter((p) => p !== null);
    expect(new Set(programs).size).toBe(programs.length);
  });

  (haveSystemdAnalyze() ? it.each : it.skip.each)(STYLES.flatMap((s) => TARGETS.map((t) => [s, t] as const)))(
    'convert in the %s style for %s into units systemd-analyze verify accepts',
    (style, target) => {
      expect(verifyUnits(unitsOf(style, target))).toEqual([]);
    },
  );

  it('document every allowed difference between the styles in docs/idioms.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'idioms.md'), 'utf8');
    expect(doc).toContain('\n## Proven under systemd\n');
    const section = doc.slice(doc.indexOf('\n## Proven under systemd\n'));
    for (const a of ALLOWED_DIFFERENCES) expect(section).toContain(`- **${a.doc}**`);
  });
});
