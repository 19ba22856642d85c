/**
 * The profiles a user can choose (`profiles list`) and one profile resolved for a target
 * (`profiles show`): its chain, every directive with its reason, condition, first systemd version
 * and what the target pass does with it, its effect on a job and its exposure on the reference job.
 */
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { describeCondition } from '../harden/conditions';
import { PROFILE_DIR, loadProfile, presetNames, resolveProfiles } from '../harden/profile';
import { checkCliVariables, checkProfileVariables } from '../harden/variables';
import { nameForFile } from '../read/discover';
import { downgradeEntry } from '../systemd/downgrade';
import { MANAGED_DIRECTORIES } from '../systemd/tables/directive-metadata';
import { type Target, firstVersion, supports } from '../systemd/target';
import { convert } from './run';

/** The job `profiles show` scores presets on. */
export const REFERENCE_JOB = path.join(PROFILE_DIR, 'reference', 'refd.conf');

/** A preset as `profiles list` shows it. */
export interface ProfileSummary {
  name: string;
  description: string;
  extends: string[];
  directives: number;
}

/** The presets with their descriptions. */
export function listProfiles(): ProfileSummary[] {
  return presetNames().map((name) => {
    const { profile } = loadProfile(name);
    return {
      name,
      description: profile?.description ?? '(invalid profile)',
      extends: profile?.extends ?? [],
      directives: profile?.directives.length ?? 0,
    };
  });
}

/** One directive of a resolved profile, and what the target does with it. */
export interface ProfileDirective {
  section: string;
  key: string;
  values: string[];
  profile: string;
  reason: string;
  /** The conditions under which it applies, as text ('' = always). */
  when: string;
  /** First systemd version that knows it. */
  since: number;
  dropped: boolean;
  /** How the target pass writes it, when not as given. */
  writtenAs?: string;
}

/** A profile applied to one job: the hardened unit, the hardening and target diagnostics, the scores. */
export interface ProfileOnJob {
  unit: string;
  diagnostics: Diagnostic[];
  before?: number;
  after?: number;
  note?: string;
}

/** One profile resolved for a target, applied to the reference job and, when asked, to a job. */
export interface ProfileView {
  profile: string;
  chain: string[];
  target: Target;
  /** The profile's variables with --var values over them. */
  variables: Record<string, string>;
  directives: ProfileDirective[];
  reference: ProfileOnJob & { job: string };
  job?: ProfileOnJob & { file: string; name: string };
}

/** What `profiles show` is asked. */
export interface ShowProfileOptions {
  target: Target;
  /** An Upstart job file to apply the profile to. */
  job?: string;
  vars: Record<string, string>;
}

/**
 * Resolves one profile for a target and applies it; the profile's diagnostics when it cannot be
 * resolved or a conversion would refuse it (an undefined variable, a value wrong for its directive).
 */
export function showProfile(
  profile: string,
  opts: ShowProfileOptions,
): { view: ProfileView; diagnostics?: undefined } | { view?: undefined; diagnostics: Diagnostic[] } {
  const { resolved, diagnostics } = resolveProfiles([profile]);
  if (!resolved) return { diagnostics };
  const refused = [...checkCliVariables(opts.vars), ...checkProfileVariables(resolved, opts.vars)];
  if (refused.length) return { diagnostics: [...diagnostics, ...refused] };
  const directives = resolved.directives.map((d): ProfileDirective => {
    const since = firstVersion(d.section, d.key, d.values.join(' ')) ?? 0;
    const cond = [resolved.conditions[d.profile], d.when]
      .filter(Boolean)
      .map((c) => describeCondition(c!))
      .join(' and ');
    const outcome = onTarget(d.section, d.key, d.values.join(' '), opts.target);
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
  const view: ProfileView = {
    profile,
    chain: resolved.chain,
    target: opts.target,
    variables: { ...resolved.variables, ...opts.vars },
    directives,
    reference: { job: REFERENCE_JOB, ...onJob(REFERENCE_JOB, profile, opts) },
    ...(opts.job ? { job: { file: opts.job, name: nameForFile(opts.job), ...onJob(opts.job, profile, opts) } } : {}),
  };
  return { view };
}

/** Converts one job file with and without the profile, and scores both. */
function onJob(file: string, profile: string, opts: ShowProfileOptions): ProfileOnJob {
  const run = convert({ paths: [file] }, { target: opts.target, profiles: [profile], vars: opts.vars, score: true });
  const job = run.jobs[0];
  const after = job?.files.find((f) => f.name.endsWith('.service'));
  return {
    unit: after?.content ?? '',
    diagnostics: job?.diagnostics.filter((d) => d.ruleId.startsWith('harden/') || d.ruleId.startsWith('target/')) ?? [],
    before: job?.exposure?.before,
    after: job?.exposure?.after,
    note: run.exposureNote ?? job?.diagnostics.find((d) => d.ruleId === 'harden/exposure-unscored')?.message,
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
