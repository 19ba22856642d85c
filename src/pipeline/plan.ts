/**
 * The migration stage of a run written with `--layout root`: the plan (src/plan) made from the
 * converted jobs, what the tree showed at the paths it installs to, the host facts and the
 * operator's --exclude/--include; the files it writes into the output folder, which mirrors the
 * host's `/` (each job's files at their host paths, then plan.json, migrate.sh and rollback.sh in
 * var/lib/upstart2systemd/migration/), and the writing.
 * `--layout flat` writes each job's files side by side as before, leaving out what --exclude names.
 */
import { createHash } from 'node:crypto';
import type { HostFacts } from '../model/host';
import { treeFor } from '../diff/find';
import type { OutputFile, StreamedFile, WriteOutcome } from '../output/write';
import { buildPlan } from '../plan/build';
import { KIT_DIR, treePath } from '../plan/layout';
import type { PlanSource, Selection } from '../plan/decide';
import { jsonChunks } from '../plan/json';
import { migrateChunks, rollbackChunks } from '../plan/scripts';
import type { PathBefore, Plan } from '../plan/types';
import { resolveUnder } from '../read/rooted';
import { type RootTree, diskTree } from '../read/tree';
import type { Target } from '../systemd/target';
import { fnmatch } from '../upstart/match';
import { hostPathFor } from '../convert';
import { type WriteJobsOptions, writeByJob } from './write';

/** How output files are laid out in --out. */
export type Layout = 'root' | 'flat';

/** What the plan is made with. */
export interface MigrationOptions {
  target: Target;
  scriptDir: string;
  /** `--exclude GLOB` (job names), `--include NAME`. */
  exclude?: readonly string[];
  include?: readonly string[];
  /** The run's --root and --against: the tree existing units and replaced files are looked up in. */
  root?: string;
  against?: string;
  host?: HostFacts;
  /** How --root is read (a tarball is read in memory); default: the disk. --against is always a folder. */
  tree?: RootTree;
}

/** A migration: the plan, each migrated job's files named by their place in the output, and the plan's own files. */
export interface Migration {
  plan: Plan;
  files: Map<PlanSource, OutputFile[]>;
  planFiles: StreamedFile[];
}

/** Which --exclude glob each job matches (the first), and the --include names. */
export function selectionFor(
  jobs: readonly { name: string }[],
  exclude: readonly string[] = [],
  include: readonly string[] = [],
): Selection {
  const excludedBy = new Map<string, string>();
  for (const j of jobs) {
    const glob = exclude.find((g) => fnmatch(g, j.name));
    if (glob !== undefined) excludedBy.set(j.name, glob);
  }
  return { excludedBy, included: new Set(include) };
}

/** What is at a host path in the tree (a host root: as the host would see it, without following a last symlink). */
function beforeIn(treeDir: string | undefined, tree: RootTree = diskTree): (hostPath: string) => PathBefore {
  if (treeDir === undefined) return () => ({ state: 'absent' });
  return (hostPath) => {
    const r = resolveUnder(treeDir, hostPath, { follow: false }, tree);
    if (r.kind === 'missing') return { state: 'absent' };
    if (r.kind !== 'found' || !r.stats.isFile()) return { state: 'not-a-file' };
    try {
      return { state: 'file', sha256: createHash('sha256').update(tree.readFileNoFollow(r.local)).digest('hex') };
    } catch {
      return { state: 'not-a-file' };
    }
  };
}

/** The pieces of a text, then a newline. */
function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}

/** Makes the migration of a converted batch: the plan, the files of the migrated jobs, plan.json and the scripts. */
export function planMigration(jobs: readonly PlanSource[], opts: MigrationOptions): Migration {
  const tree = opts.against ?? opts.root;
  const rootTree = opts.against ? (treeFor(opts.against).kind === 'root' ? opts.against : undefined) : opts.root;
  const { plan, files } = buildPlan(jobs, {
    target: opts.target,
    scriptDir: opts.scriptDir,
    ...(opts.host ? { host: opts.host } : {}),
    ...(tree !== undefined ? { tree } : {}),
    selection: selectionFor(jobs, opts.exclude, opts.include),
    hostPath: (f) => hostPathFor(opts.root, f),
    before: opts.against ? beforeIn(rootTree) : beforeIn(rootTree, opts.tree),
  });
  const kit = treePath(KIT_DIR);
  // made piece by piece as they are written: tens of megabytes of text at scale, never held whole
  const planFiles: StreamedFile[] = [
    { name: `${kit}/plan.json`, chunks: () => withNewline(jsonChunks(plan, 2)) },
    { name: `${kit}/migrate.sh`, chunks: () => migrateChunks(plan), mode: 0o755 },
    { name: `${kit}/rollback.sh`, chunks: () => rollbackChunks(plan), mode: 0o755 },
  ];
  return { plan, files, planFiles };
}

/** What writing a migration did: each job's files, and the plan's. */
export interface MigrationWrite<J> {
  byJob: Map<J, WriteOutcome[]>;
  plan: WriteOutcome[];
}

/**
 * Writes a migration into `out` in one batch: each migrated job's files (a job whose file could
 * not be written fails), then plan.json, migrate.sh and rollback.sh.
 */
export function writeMigration<J extends PlanSource>(
  jobs: readonly J[],
  migration: Migration,
  out: string,
  opts: WriteJobsOptions,
): MigrationWrite<J> {
  const files = jobs.flatMap((job) => {
    const f = migration.files.get(job);
    return f ? [[job, f] as const] : [];
  });
  const { byJob, after } = writeByJob(files, out, opts, migration.planFiles);
  return { byJob, plan: after };
}
