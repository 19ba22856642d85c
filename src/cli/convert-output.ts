/**
 * What `convert` prints: the JSON document (with its `summary`), or the text output — diagnostics
 * on stderr, the units or what was written on stdout, one line for every job the summary counts.
 */
import { type Diagnostic, visible } from '../diagnostics/diagnostic';
import { type JobResult, type PipelineResult, type ReportSummary, differs } from '../pipeline';
import type { ConvertCommandArgs } from './convert-args';
import { describeComparison, existingJson } from './comparison';
import type { Io } from './io';
import { type OutWrite, printNextSteps, printPlan, writeVerb } from './migration';
import { formatDiagnostics, useColor } from './report';
import type { TriageOutcome } from './triage';

/** The `summary` object of the JSON document: the run's counts (docs/convert-json.md). */
export function jsonSummary(
  s: ReportSummary,
  t: TriageOutcome,
  run: PipelineResult,
  args: ConvertCommandArgs,
  exit: number,
) {
  return {
    jobs: s.jobs,
    converted: s.status.converted,
    needReview: s.status.review,
    failed: s.status.failed,
    skipped: s.status.skipped,
    findings: s.diagnostics,
    rules: Object.fromEntries(s.rules.map((r) => [r.ruleId, r.count])),
    hidden: { config: t.hiddenByConfig, baseline: t.hiddenByBaseline },
    ...(args.baseline !== undefined
      ? { baseline: { file: args.baseline, written: t.written !== undefined, staleEntries: t.stale } }
      : {}),
    ...(args.check ? { wouldChange: run.jobs.filter((j) => differs(j.comparison)).length } : {}),
    ...(args.maxWarnings !== undefined ? { maxWarnings: args.maxWarnings } : {}),
    exit,
  };
}

/** The JSON document of a convert run (docs/convert-json.md). */
export function convertJson(run: PipelineResult, written: OutWrite, args: ConvertCommandArgs, summary: object): string {
  const doc = {
    target: args.target,
    jobs: run.jobs.map((j) => ({
      name: j.name,
      conf: j.conf,
      ...(j.override ? { override: j.override } : {}),
      status: j.status,
      ...(written.skipped.has(j) ? { skipped: written.skipped.get(j) } : {}),
      files: j.files.map((f, i) => {
        // a job's files are written in their order, at their name (flat) or their host path (root)
        const o = written.outcomes.get(j)?.[i];
        return { name: f.name, content: f.content, ...(o ? { path: o.path, written: o.status } : {}) };
      }),
      ...(j.profiles ? { profiles: j.profiles } : {}),
      ...(j.exposure ? { exposure: j.exposure } : {}),
      ...(j.comparison ? { existing: existingJson(j.comparison) } : {}),
      diagnostics: j.diagnostics,
    })),
    diagnostics: run.diagnostics,
    ...(run.exposureNote ? { exposureNote: run.exposureNote } : {}),
    ...(written.plan ? { plan: written.plan } : {}),
    summary,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The text output of a convert run: diagnostics on stderr, units or what was written on stdout, the summary line. */
export function printText(
  run: PipelineResult,
  written: OutWrite,
  args: ConvertCommandArgs,
  io: Io,
  summary: string,
): void {
  const { jobs, diagnostics: discovery } = run;
  const color = useColor(io, args.color);
  const shown = (ds: Diagnostic[]): Diagnostic[] => (args.verbose ? ds : ds.filter((d) => d.severity !== 'info'));
  if (discovery.length) io.stderr(formatDiagnostics(shown(discovery), color));
  for (const job of jobs) {
    const ds = shown(job.diagnostics);
    if (ds.length) io.stderr(`${visible(job.name)}:\n` + formatDiagnostics(ds, color));
    const cmp = job.comparison;
    const unitsShown = !args.check && !(args.diff && !args.out);
    if (cmp && (args.diff || args.check)) io.stdout(describeComparison(job, cmp, color, Boolean(args.diff)));
    else if (!unitsShown) io.stdout(notCompared(job));
    if (!unitsShown) continue;
    printJob(job, written, args, io);
  }
  for (const job of jobs) {
    const e = job.exposure;
    if (e?.before !== undefined && e.after !== undefined)
      io.stderr(
        `${visible(job.name)}: exposure ${e.before.toFixed(1)} → ${e.after.toFixed(1)} (systemd-analyze security)\n`,
      );
  }
  if (run.exposureNote) io.stderr(`note: ${run.exposureNote}\n`);
  printPlan(written, io);
  io.stderr(summary + '\n');
  if (args.out) printNextSteps(written, args.out, io);
}

/**
 * One job's line(s), so that every job the summary counts has at least one: each file written to
 * --out (or why the job was left out), or the units themselves on stdout; a drop-in that is not
 * needed, and a job that did not convert, say so instead of printing nothing.
 */
function printJob(job: JobResult, written: OutWrite, args: ConvertCommandArgs, io: Io): void {
  const name = visible(job.name);
  const kept = keptUnit(job);
  if (args.out) {
    const skipped = written.skipped.get(job);
    if (skipped !== undefined) {
      io.stdout(`${name}: skipped: ${visible(skipped)}\n`);
      return;
    }
    const outcomes = written.outcomes.get(job) ?? [];
    for (const o of outcomes) io.stdout(`${name}: ${writeVerb(o)} ${visible(o.path)}\n`);
    if (kept) io.stdout(`${name}: nothing to write: ${kept}\n`);
    else if (job.status === 'failed' && !outcomes.length) io.stdout(`${name}: not converted\n`);
    else if (!outcomes.length) io.stdout(`${name}: nothing to write\n`);
  } else if (job.status === 'failed') {
    // its files are not written with --out either: printing them would contradict "not converted"
    io.stdout(`### ${name}: not converted (see the errors)\n\n`);
  } else {
    for (const f of job.files) io.stdout(`### ${f.name}\n${f.content}\n`);
    if (kept) io.stdout(`### ${name}: nothing to write: ${kept}\n\n`);
    else if (!job.files.length) io.stdout(`### ${name}: nothing to write\n\n`);
  }
}

/** What becomes of the existing unit when a converted job needs no drop-in over it, or undefined. */
function keptUnit(job: JobResult): string | undefined {
  const cmp = job.comparison;
  if (job.status !== 'converted' || cmp?.mode !== 'dropin' || cmp.dropin || !cmp.existing) return undefined;
  const left = cmp.leftOut?.length ?? 0;
  if (!left) return `${visible(cmp.existing.name)} as it is does what the job did`;
  return (
    `${visible(cmp.existing.name)} is kept as it is; ` +
    `it differs from the job in ${left} setting${left === 1 ? '' : 's'} (diff/dropin-leaves-out)`
  );
}

/** The line of a job the comparison did not reach (--check, or --diff without --out, print no units). */
function notCompared(job: JobResult): string {
  return `${visible(job.name)}: ${job.status === 'failed' ? 'not converted (see the errors)' : 'not compared'}\n`;
}
