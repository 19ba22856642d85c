/**
 * The hardening stage of a run: the profile map read, the profiles resolved once (their errors
 * stop the run before any job is read), each job's profiles picked, and every service model
 * hardened between the model stage and the unit stage.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { type ModelBatch, editModels } from '../convert';
import { type Hardening, type ProfileMap, createHardening, loadProfileMap } from '../harden';
import type { Target } from '../systemd/target';
import { fnmatch } from '../upstart/match';

/** Which profiles harden a run: for every job, by job-name glob (a file or a map), and their variables. */
export interface ProfileChoice {
  profiles?: string[];
  /** A YAML profile map file, or a map already read: job-name globs → profiles, first match wins. */
  profileMap?: string | ProfileMap;
  vars?: Record<string, string>;
}

/** The hardening of a run, ready to apply. */
export interface RunHardening {
  hardening: Hardening;
  profiles: string[];
  map?: ProfileMap;
}

/**
 * Reads the profile map and resolves the profiles. No hardening (and no errors) when no profile
 * is chosen; `errors` (every profile diagnostic, when one is an error) when the run must stop.
 */
export function prepareHardening(choice: ProfileChoice): { run?: RunHardening; errors: Diagnostic[] } {
  let map: ProfileMap | undefined;
  if (typeof choice.profileMap === 'string') {
    const m = loadProfileMap(choice.profileMap);
    if (!m.map) return { errors: m.diagnostics };
    map = m.map;
  } else {
    map = choice.profileMap;
  }
  if (!(choice.profiles?.length || map)) return { errors: [] };
  const profiles = choice.profiles ?? [];
  const hardening = createHardening({ profiles, map, vars: choice.vars ?? {} });
  if (hardening.errors.some((d) => d.severity === 'error')) return { errors: hardening.errors };
  return { run: { hardening, profiles, ...(map ? { map } : {}) }, errors: [] };
}

/** The profiles for one job: the global ones, then the first matching map entry's. */
export function profilesFor(jobName: string, opts: Pick<RunHardening, 'profiles' | 'map'>): string[] {
  const entry = opts.map?.find((m) => fnmatch(m.glob, jobName));
  return [...opts.profiles, ...(entry?.profiles ?? [])];
}

/** Hardens every service model of the batch with its job's profiles, for the target. */
export function hardenModels(batch: ModelBatch, run: RunHardening, target: Target): ModelBatch {
  return editModels(batch, (svc) => run.hardening.harden(svc, profilesFor(svc.facts.job, run), target));
}
