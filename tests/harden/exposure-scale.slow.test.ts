/**
 * Slow (about 20 s): exposure scoring at a real batch size. The real CLI, in its own process,
 * converts a generated root of 500 jobs (bench:scale's generator) with `--profile recommended`;
 * every job gets its exposure before and after in JSON, and one exposure line in the text
 * output. Runs where systemd-analyze can score unit files offline (250+). How long it takes is
 * measured by `npm run bench:scale -- --only batch --args "--profile recommended"`, not here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemdAnalyzeVersion } from '../../src/harden/exposure';
import { tempDir } from '../helpers/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script, loaded by path
const bench = require(path.join(__dirname, '..', '..', 'scripts', 'bench-scale.js')) as {
  writeBatch(dir: string, n: number): void;
};

const repo = path.join(__dirname, '..', '..');
const tmp = tempDir('u2s-exposure-scale-');
const JOBS = 500;

/** Runs the CLI from the sources in another process, as a user would. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
  return spawnSync(tsx, [path.join(repo, 'tests/helpers/cli-main.ts'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

/** A root of JOBS generated jobs and the `common` job they follow; its job names. */
function generatedRoot(): { root: string; names: string[] } {
  const root = path.join(tmp.path, 'root');
  const init = path.join(root, 'etc', 'init');
  fs.mkdirSync(init, { recursive: true });
  bench.writeBatch(init, JOBS);
  const names = fs.readdirSync(init).map((f) => f.replace(/\.conf$/, ''));
  return { root, names: names.sort() };
}

(systemdAnalyzeVersion() !== null && systemdAnalyzeVersion()! >= 250 ? describe : describe.skip)(
  `(slow) exposure scores of a ${JOBS}-job root with --profile recommended`,
  () => {
    it('gives every job its exposure before and after in JSON, with no note and no lost score', () => {
      const { root, names } = generatedRoot();
      expect(names).toHaveLength(JOBS + 1);
      const r = cli(['convert', '--root', root, '--profile', 'recommended', '--format', 'json']);
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      const doc = JSON.parse(r.stdout) as {
        jobs: Array<{ name: string; exposure?: { before?: unknown; after?: unknown }; diagnostics: object[] }>;
        exposureNote?: string;
      };
      expect(doc.exposureNote).toBeUndefined();
      expect(doc.jobs.map((j) => j.name).sort()).toEqual(names);
      const unscored = doc.jobs.filter(
        (j) => typeof j.exposure?.before !== 'number' || typeof j.exposure.after !== 'number',
      );
      expect(unscored.map((j) => j.name)).toEqual([]);
      expect(r.stdout).not.toContain('harden/exposure-unscored');
      // hardening lowers every job's exposure
      expect(doc.jobs.filter((j) => (j.exposure!.after as number) >= (j.exposure!.before as number))).toEqual([]);
    }, 120_000);

    it('prints one exposure line per job in the text output', () => {
      const { root, names } = generatedRoot();
      const out = path.join(tmp.path, 'out');
      const r = cli(['convert', '--root', root, '--profile', 'recommended', '--out', out]);
      expect(r.status).toBe(0);
      const lines = r.stderr.split('\n').filter((l) => / exposure \S+ → \S+ \(systemd-analyze security\)$/.test(l));
      expect(lines.map((l) => l.slice(0, l.indexOf(': exposure '))).sort()).toEqual(names);
      expect(r.stderr).not.toMatch(/u2s-security|u2s-before|^note: /m);
    }, 120_000);
  },
);
