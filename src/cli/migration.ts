/**
 * `convert --out` as a migration: the layout of the output folder (--layout root: OUT mirrors the
 * host's `/`, the files at their host paths and plan.json, migrate.sh and rollback.sh in
 * OUT/var/lib/upstart2systemd/migration/; --layout flat: the files side by side, as before),
 * which jobs are left out (--exclude, --include), and what is said about it on the terminal.
 */
import * as path from 'node:path';
import { visible } from '../diagnostics/diagnostic';
import type { WriteOutcome } from '../output/write';
import {
  KIT_DIR,
  type HostFacts,
  type JobResult,
  type Layout,
  type HostRoot,
  type Plan,
  type PipelineResult,
  type Target,
  planMigration,
  selectionFor,
  shQuote,
  treePath,
  writeJobs,
  writeMigration,
} from '../pipeline';
import type { Io } from './io';

/** What writing --out did. */
export interface OutWrite {
  /** Each job's written files. */
  outcomes: Map<JobResult, WriteOutcome[]>;
  /** Jobs left out, with the reason. */
  skipped: Map<JobResult, string>;
  /** With --layout root: the plan, and what happened to plan.json, migrate.sh and rollback.sh. */
  plan?: Plan;
  planOutcomes?: WriteOutcome[];
}

/** What writing needs from the command's arguments. */
export interface OutArgs {
  out: string;
  layout: Layout;
  exclude?: string[];
  include?: string[];
  force: boolean;
  dryRun: boolean;
  target: Target;
  scriptDir?: string;
  root?: string;
  against?: string;
  host?: HostFacts;
  /** --root opened (a folder, or a tarball read into memory): where the files the plan replaces are read. */
  opened?: HostRoot;
}

/** Writes the run's output into --out in the chosen layout. */
export function writeOut(run: PipelineResult, args: OutArgs, scriptDir: string): OutWrite {
  const opts = { force: args.force, dryRun: args.dryRun };
  if (args.layout === 'flat') {
    const selection = selectionFor(run.jobs, args.exclude, args.include);
    const skipped = new Map<JobResult, string>();
    for (const j of run.jobs) {
      const glob = selection.excludedBy.get(j.name);
      if (glob !== undefined && !selection.included.has(j.name)) skipped.set(j, `excluded by --exclude ${glob}`);
    }
    return {
      outcomes: writeJobs(
        run.jobs.filter((j) => !skipped.has(j)),
        args.out,
        opts,
      ),
      skipped,
    };
  }
  const migration = planMigration(run.jobs, {
    target: args.target,
    scriptDir,
    exclude: args.exclude,
    include: args.include,
    root: args.root,
    against: args.against,
    host: args.host ?? run.host,
    ...(args.opened ? { tree: args.opened.tree } : {}),
  });
  const written = writeMigration(run.jobs, migration, args.out, opts);
  const skipped = new Map<JobResult, string>();
  const byName = new Map(migration.plan.jobs.map((p) => [p.job, p]));
  for (const j of run.jobs) {
    const pj = byName.get(j.name);
    // a job that failed is said to have failed, not to be skipped
    if (pj?.reason && pj.reason.code !== 'not-converted') skipped.set(j, pj.reason.message);
  }
  return { outcomes: written.byJob, skipped, plan: migration.plan, planOutcomes: written.plan };
}

/** The verb for a write outcome. */
export function writeVerb(o: WriteOutcome): string {
  return {
    written: 'wrote',
    unchanged: 'unchanged',
    'would-write': 'would write',
    exists: 'NOT overwritten (exists)',
    failed: 'FAILED',
  }[o.status];
}

/** The lines about the plan: its files, what it migrates and skips, and how to go on. */
export function printPlan(w: OutWrite, io: Io): void {
  if (!w.plan) return;
  const p = w.plan;
  for (const o of w.planOutcomes ?? []) io.stdout(`plan: ${writeVerb(o)} ${visible(o.path)}\n`);
  const counts = new Map<string, number>();
  for (const j of p.jobs) counts.set(j.action, (counts.get(j.action) ?? 0) + 1);
  const by = ['install', 'drop-in', 'use-existing', 'skip']
    .filter((a) => counts.get(a))
    .map((a) => `${counts.get(a)} ${a}`)
    .join(', ');
  const starts = p.jobs.reduce((n, j) => n + j.start.length, 0);
  const start = p.host.known
    ? `${starts} unit(s) to start (they ran under Upstart)`
    : 'nothing to start (no host facts)';
  io.stderr(`plan ${p.id}: ${by}; ${start}\n`);
}

/** A path as one shell word an operator can paste: as it is when plain, else single-quoted; one line. */
function word(p: string): string {
  return visible(/^[A-Za-z0-9_./:@+,=-]+$/.test(p) ? p : shQuote(p));
}

/**
 * The commands that take the tree to the host and migrate it, after the run's summary: where the
 * plan and scripts are, how to copy the tree (to /root/u2s-PLAN-ID, any folder does), the dry run
 * and the run of migrate.sh, and the way back.
 */
export function printNextSteps(w: OutWrite, out: string, io: Io): void {
  // nothing to copy after a dry run, or when the plan's files could not be written
  const written = (w.planOutcomes ?? []).every((o) => o.status === 'written' || o.status === 'unchanged');
  if (!w.plan || !written) return;
  const kit = path.join(out, treePath(KIT_DIR));
  const dir = `/root/u2s-${w.plan.id}`;
  const script = (name: string): string => `sh ${dir}${KIT_DIR}/${name}`;
  io.stderr(
    [
      'next steps (docs/migration.md):',
      `  review plan.json and migrate.sh in ${word(kit)}/`,
      "  after the host's release upgrade, copy the tree to it:",
      `    tar -C ${word(out)} -c . | ssh HOST 'mkdir -p ${dir} && tar -C ${dir} -x'`,
      '  on the host, as root:',
      `    ${script('migrate.sh')} --dry-run`,
      `    ${script('migrate.sh')}`,
      `  to undo: ${script('rollback.sh')}`,
      '',
    ].join('\n'),
  );
}
