/**
 * `upstart2systemd profiles list` and `profiles show NAME`: the presets, and one profile resolved
 * (its chain, every directive with its reason, condition and first systemd version, what the
 * target drops), its effect on a job, and its exposure score on the reference job.
 */
import * as path from 'node:path';
import { convertJobs } from '../../convert';
import { hardeningTransform } from '../../harden';
import { describeCondition } from '../../harden/conditions';
import { exposureScores } from '../../harden/exposure';
import { PROFILE_DIR, loadProfile, presetNames, resolveProfiles } from '../../harden/profile';
import { discoverJobs, nameForFile } from '../../read/discover';
import { loadJob } from '../../read/load';
import { downgradeEntry } from '../../systemd/downgrade';
import { MANAGED_DIRECTORIES } from '../../systemd/tables/directive-metadata';
import { type Target, firstVersion, supports } from '../../systemd/target';
import type { Io } from '../io';
import { formatDiagnostics, useColor } from '../report';

/** The job `profiles show` scores presets on. */
export const REFERENCE_JOB = path.join(PROFILE_DIR, 'reference', 'refd.conf');

/** Lists the presets with their descriptions. */
export function runProfilesList(io: Io, format: 'text' | 'json'): number {
  const rows = presetNames().map((name) => {
    const { profile } = loadProfile(name);
    return {
      name,
      description: profile?.description ?? '(invalid profile)',
      extends: profile?.extends ?? [],
      directives: profile?.directives.length ?? 0,
    };
  });
  if (format === 'json') io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else
    for (const r of rows)
      io.stdout(
        `${r.name.padEnd(14)} ${r.description}${r.extends.length ? ` (extends ${r.extends.join(', ')})` : ''}\n`,
      );
  return 0;
}

/** Arguments of `profiles show`. */
export interface ShowArgs {
  profile: string;
  target: Target;
  job?: string;
  vars: Record<string, string>;
  format: 'text' | 'json';
  color?: boolean;
}

/** Converts one job file with and without the profile, and scores both. */
function onJob(
  file: string,
  args: ShowArgs,
): { unit: string; diagnostics: ReturnType<typeof formatDiagnostics>; before?: number; after?: number; note?: string } {
  const sources = discoverJobs([file]).jobs;
  const loaded = sources.map((s) => loadJob(s));
  const { transform } = hardeningTransform({ profiles: [args.profile], vars: args.vars });
  const target = args.target;
  const plain = convertJobs(loaded, { target });
  const hard = convertJobs(loaded, { target, transform });
  const service = (j: (typeof hard)[number] | undefined) => j?.files.find((f) => f.name.endsWith('.service'));
  const after = service(hard[0]);
  const before = service(plain[0]);
  const scores =
    after && before
      ? exposureScores([{ name: `u2s-before--${before.name}`, content: before.content }, after])
      : { scores: new Map<string, number>() };
  return {
    unit: after?.content ?? '',
    diagnostics: formatDiagnostics(
      hard[0]?.diagnostics.filter((d) => d.ruleId.startsWith('harden/') || d.ruleId.startsWith('target/')) ?? [],
      useColor({ stdout() {}, stderr() {}, env: {}, isTTY: false }, args.color),
    ),
    before: before ? scores.scores.get(`u2s-before--${before.name}`) : undefined,
    after: after ? scores.scores.get(after.name) : undefined,
    note: 'note' in scores ? scores.note : undefined,
  };
}

/**
 * What the target pass does with one directive of a profile, as the conversion does it: kept,
 * written in the older spelling the target knows, or dropped.
 */
function onTarget(
  section: string,
  key: string,
  value: string,
  target: Target,
): { dropped: boolean; writtenAs?: string } {
  // managed directories the target lacks: the hardening pass writes ReadWritePaths= instead
  const base = MANAGED_DIRECTORIES.find((m) => m.key === key)?.base;
  if (base && !supports(target, section, key)) {
    const rw = onTarget('Service', 'ReadWritePaths', `-${base}/…`, target);
    return rw.dropped
      ? rw
      : { dropped: false, writtenAs: rw.writtenAs ?? `[Service] ReadWritePaths=-${base}/… (the directory must exist)` };
  }
  const { entry } = downgradeEntry(target, { section, key, value }, true);
  if (!entry) return { dropped: true };
  return entry.section === section && entry.key === key && entry.value === value
    ? { dropped: false }
    : { dropped: false, writtenAs: `[${entry.section}] ${entry.key}=${entry.value}` };
}

/** Shows one profile resolved for a target. */
export function runProfilesShow(args: ShowArgs, io: Io): number {
  const { resolved, diagnostics } = resolveProfiles([args.profile]);
  if (!resolved) {
    io.stderr(formatDiagnostics(diagnostics, useColor(io, args.color)));
    return 2;
  }
  const rows = resolved.directives.map((d) => {
    const since = firstVersion(d.section, d.key, d.values.join(' ')) ?? 0;
    const cond = [resolved.conditions[d.profile], d.when]
      .filter(Boolean)
      .map((c) => describeCondition(c!))
      .join(' and ');
    const outcome = onTarget(d.section, d.key, d.values.join(' '), args.target);
    return {
      section: d.section,
      key: d.key,
      values: d.values,
      profile: d.profile,
      reason: d.reason ?? '',
      when: cond,
      since,
      dropped: outcome.dropped,
      ...(outcome.writtenAs ? { writtenAs: outcome.writtenAs } : {}),
    };
  });
  const reference = onJob(REFERENCE_JOB, args);
  const job = args.job ? onJob(args.job, args) : undefined;
  if (args.format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          profile: args.profile,
          chain: resolved.chain,
          target: args.target,
          variables: { ...resolved.variables, ...args.vars },
          directives: rows,
          reference: {
            job: REFERENCE_JOB,
            before: reference.before,
            after: reference.after,
            ...(reference.note ? { note: reference.note } : {}),
          },
          ...(job
            ? {
                job: {
                  file: args.job,
                  name: nameForFile(args.job!),
                  unit: job.unit,
                  before: job.before,
                  after: job.after,
                },
              }
            : {}),
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  io.stdout(
    `profile ${args.profile}: ${resolved.chain.join(' → ')}\ntarget ${args.target.name} (systemd ${args.target.systemd})\n\n`,
  );
  for (const r of rows) {
    const status = r.dropped
      ? `  DROPPED: needs systemd ${r.since}`
      : r.writtenAs
        ? `  written ${r.writtenAs} for this target`
        : '';
    io.stdout(
      `[${r.section}] ${r.key}=${r.values.join(' ')}${status}\n    ${r.reason}${r.when ? ` (only when ${r.when})` : ''}  — ${r.profile}, since ${r.since}\n`,
    );
  }
  const vars = { ...resolved.variables, ...args.vars };
  if (Object.keys(vars).length)
    io.stdout(
      `\nvariables: ${Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}\n`,
    );
  const fmt = (n?: number) => (n === undefined ? '?' : n.toFixed(1));
  io.stdout(
    `\nexposure on the reference job (${path.relative(process.cwd(), REFERENCE_JOB)}): ${fmt(reference.before)} → ${fmt(reference.after)}${reference.note ? ` (${reference.note})` : ''}\n`,
  );
  if (job)
    io.stdout(
      `\n### ${args.job} with ${args.profile} (exposure ${fmt(job.before)} → ${fmt(job.after)})\n${job.unit}${job.diagnostics}`,
    );
  return 0;
}
