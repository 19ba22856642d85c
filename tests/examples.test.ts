/**
 * The bundled example Trusty root loads cleanly: every job parses on both Upstart grammars with no
 * diagnostic, and it covers the shapes the README promises (overrides, sub-directories, …).
 */
import { join } from 'node:path';
import { discoverJobs } from '../src/read/discover';
import { loadJob } from '../src/read/load';

const initDir = join(__dirname, '..', 'examples', 'trusty', 'etc', 'init');

describe('the example Trusty root', () => {
  const found = discoverJobs([initDir]);

  it.each(['1.12', '1.13'] as const)('loads every job with Upstart %s and nothing to report', (version) => {
    expect(found.diagnostics).toEqual([]);
    const loaded = found.jobs.map((s) => loadJob(s, { upstartVersion: version }));
    expect(loaded.flatMap((l) => l.diagnostics)).toEqual([]);
    expect(loaded.every((l) => l.job)).toBe(true);
  });

  it('has at least 12 jobs, one in a sub-directory, and overrides including a manual one', () => {
    const loaded = found.jobs.map((s) => loadJob(s).job!);
    expect(loaded.length).toBeGreaterThanOrEqual(12);
    expect(loaded.some((j) => j.name.includes('/'))).toBe(true);
    expect(loaded.some((j) => j.overrideFile && j.manual)).toBe(true);
    expect(loaded.some((j) => j.overrideFile && !j.manual)).toBe(true);
  });

  it('covers the common job shapes', () => {
    const jobs = found.jobs.map((s) => loadJob(s).job!);
    const has = (p: (j: (typeof jobs)[number]) => unknown) => jobs.some(p);
    const coverage = {
      respawnLimit: has((j) => j.respawn && j.respawn_limit),
      script: has((j) => j.process.main?.value.kind === 'script'),
      preStartPostStop: has((j) => j.process['pre-start'] && j.process['post-stop']),
      expectFork: has((j) => j.expect?.value === 'fork'),
      expectDaemon: has((j) => j.expect?.value === 'daemon'),
      task: has((j) => j.task),
      instance: has((j) => j.instance),
      setuidSetgid: has((j) => j.setuid && j.setgid),
      envExport: has((j) => j.env.length && j.export.length),
      limit: has((j) => Object.keys(j.limit).length),
      socket: has((j) => j.start_on?.value.type === 'event' && j.start_on.value.name === 'socket'),
      stopExitIdiom: has((j) => /\bstop\s*;\s*exit 0/.test(j.process['pre-start']?.value.text ?? '')),
      sourcesDefault: has((j) =>
        /\/etc\/default\//.test(
          Object.values(j.process)
            .map((p) => p!.value.text)
            .join(),
        ),
      ),
    };
    expect(
      Object.entries(coverage)
        .filter(([, covered]) => !covered)
        .map(([shape]) => shape),
    ).toEqual([]);
  });
});
