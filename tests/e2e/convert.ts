/**
 * Runs the real CLI (`node bin/upstart2systemd.js convert … --format json`) and indexes what it
 * printed by job name: the files of each job and its diagnostics.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './harness';
import { TARGETS, type Target } from './targets';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'bin', 'upstart2systemd.js');
export const EXAMPLES = join(ROOT, 'examples', 'trusty');
export const JOBS = join(__dirname, 'jobs');
/** Jobs that start, stop and fail together through events (events.e2e.test.ts, issue 17). */
export const EVENT_JOBS = join(__dirname, 'events');
/** A root (etc/init, etc/default) with one job per shell or event idiom the idiom pass lifts (idioms.e2e.test.ts). */
export const IDIOM_ROOT = join(__dirname, 'idioms');
export const PROFILES = ['readonly-tmp', 'dynamic-user', 'recommended'] as const;
/** Where the `script-files` variant's helper scripts are installed (--script-dir). */
export const SCRIPT_DIR = '/usr/local/lib/upstart2systemd';
/**
 * The conversions the scenarios pick from: the examples plain (the default `--scripts auto`), with a
 * profile, with `--scripts inline` or `--scripts files`; tests/e2e/jobs; the packaged acme-relayd;
 * the idiom jobs of tests/e2e/idioms with `--style faithful` and `--style native`.
 */
export type Variant =
  | 'plain'
  | (typeof PROFILES)[number]
  | 'script-inline'
  | 'script-files'
  | 'jobs'
  | 'events'
  | 'acme-base'
  | 'idioms-faithful'
  | 'idioms-native';

export interface Diag {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
}

export interface ConvertedJob {
  name: string;
  status: string;
  /** file name → content */
  files: Record<string, string>;
  diagnostics: Diag[];
}

export interface Conversion {
  args: string[];
  jobs: Record<string, ConvertedJob>;
}

/** Converts with the CLI; args after `convert`, `--format json` is added. */
export async function convertCli(args: string[]): Promise<Conversion> {
  const r = await run(process.execPath, [CLI, 'convert', ...args, '--format', 'json'], { timeoutMs: 60_000 });
  let out: {
    jobs: { name: string; status: string; files: { name: string; content: string }[]; diagnostics: Diag[] }[];
  };
  try {
    out = JSON.parse(r.stdout);
  } catch {
    throw new Error(`convert ${args.join(' ')} printed no JSON (exit ${r.code}): ${r.stderr.slice(0, 2000)}`);
  }
  const jobs: Record<string, ConvertedJob> = {};
  for (const j of out.jobs) {
    jobs[j.name] = {
      name: j.name,
      status: j.status,
      files: Object.fromEntries(j.files.map((f) => [f.name, f.content])),
      diagnostics: j.diagnostics,
    };
  }
  return { args, jobs };
}

/** Every variant for every target, converted side by side (about 1 s; done once, by global-setup.ts). */
export async function convertAll(): Promise<Record<Target, Record<Variant, Conversion>>> {
  const baseRoot = mkdtempSync(join(tmpdir(), 'u2s-e2e-acme-base-'));
  try {
    mkdirSync(join(baseRoot, 'etc', 'init'), { recursive: true });
    // acme-relayd.conf without its local .override: the packaged `respawn limit 3 10`
    copyFileSync(join(EXAMPLES, 'etc', 'init', 'acme-relayd.conf'), join(baseRoot, 'etc', 'init', 'acme-relayd.conf'));
    const variants: [Variant, string[]][] = [
      ['plain', ['--root', EXAMPLES]],
      ...PROFILES.map((p): [Variant, string[]] => [p, ['--root', EXAMPLES, '--profile', p]]),
      ['script-inline', ['--root', EXAMPLES, '--scripts', 'inline']],
      ['script-files', ['--root', EXAMPLES, '--scripts', 'files', '--script-dir', SCRIPT_DIR]],
      ['jobs', [JOBS]],
      ['events', [EVENT_JOBS]],
      ['acme-base', ['--root', baseRoot]],
      ['idioms-faithful', ['--root', IDIOM_ROOT, '--style', 'faithful']],
      ['idioms-native', ['--root', IDIOM_ROOT, '--style', 'native']],
    ];
    const perTarget = await Promise.all(
      TARGETS.map(async (target) => {
        const done = await Promise.all(
          variants.map(async ([v, args]) => [v, await convertCli([...args, '--target', target])] as const),
        );
        return [target, Object.fromEntries(done) as Record<Variant, Conversion>] as const;
      }),
    );
    return Object.fromEntries(perTarget) as Record<Target, Record<Variant, Conversion>>;
  } finally {
    rmSync(baseRoot, { recursive: true, force: true });
  }
}

/** The files of one converted job (throws when the job is missing or failed). */
export function unitsOf(c: Conversion, job: string): Record<string, string> {
  const j = c.jobs[job];
  if (!j) throw new Error(`convert ${c.args.join(' ')}: no job ${job} (have ${Object.keys(c.jobs).join(', ')})`);
  if (j.status !== 'converted')
    throw new Error(`convert ${c.args.join(' ')}: job ${job} ${j.status}: ${JSON.stringify(j.diagnostics)}`);
  return j.files;
}

/** Rule ids of the warnings and errors reported for a job. */
export function warnings(c: Conversion, job: string): string[] {
  return (c.jobs[job]?.diagnostics ?? []).filter((d) => d.severity !== 'info').map((d) => d.ruleId);
}

/** Rule ids of every diagnostic reported for a job, notes included. */
export function ruleIds(c: Conversion, job: string): string[] {
  return (c.jobs[job]?.diagnostics ?? []).map((d) => d.ruleId);
}
