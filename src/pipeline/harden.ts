/**
 * The hardening stage of a run: the profile map read, the profiles resolved once (their errors
 * stop the run before any job is read), each job's profiles picked, and every service model
 * hardened between the model stage and the unit stage.
 */
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { type ModelBatch, editModels } from '../convert';
import { type Hardening, type ProfileMap, type ProfileMapEntry, createHardening, loadProfileMap } from '../harden';
import type { ServiceModel } from '../model/service';
import type { Target } from '../systemd/target';
import { fnmatch } from '../upstart/match';

/** Which profiles harden a run: for every job, by job-name glob (a file or a map), and their variables. */
export interface ProfileChoice {
  profiles?: string[];
  /** A YAML profile map file, or a map already read: job-name globs → profiles, first match wins. */
  profileMap?: string | ProfileMap;
  vars?: Record<string, string>;
  /** Where `profiles` were chosen, as the unit header says it (default `--profile`). */
  profilesFrom?: string;
}

/** The hardening of a run, ready to apply. */
export interface RunHardening {
  hardening: Hardening;
  profiles: string[];
  /** Where `profiles` were chosen (`--profile`, a config file). */
  profilesFrom: string;
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
  const profilesFrom = choice.profilesFrom ?? '--profile';
  return { run: { hardening, profiles, profilesFrom, ...(map ? { map } : {}) }, errors: [] };
}

/** The map entry that picks a job's profiles: the first whose glob matches its name. */
function mapEntryFor(jobName: string, map: ProfileMap | undefined): ProfileMapEntry | undefined {
  return map?.find((m) => fnmatch(m.glob, jobName));
}

/** The profiles for one job: the global ones, then the first matching map entry's. */
export function profilesFor(jobName: string, opts: Pick<RunHardening, 'profiles' | 'map'>): string[] {
  return [...opts.profiles, ...(mapEntryFor(jobName, opts.map)?.profiles ?? [])];
}

/** Where a map entry is written, for a unit header: its file's name (not the operator's folders) and line. */
function entryPlace(entry: ProfileMapEntry): string {
  return entry.at
    ? `${path.basename(entry.at.file)} line ${entry.at.line}`
    : `profile map entry ${JSON.stringify(entry.glob)}`;
}

/**
 * The unit header line naming a job's profiles and where each was chosen, e.g. `Hardening:
 * profiles readonly-tmp (from --profile); limits (from map.yaml line 3)`; undefined without any.
 */
export function profilesNote(
  jobName: string,
  run: Pick<RunHardening, 'profiles' | 'profilesFrom' | 'map'>,
): string | undefined {
  const entry = mapEntryFor(jobName, run.map);
  const groups = [
    { refs: run.profiles, from: run.profilesFrom },
    ...(entry ? [{ refs: entry.profiles, from: entryPlace(entry) }] : []),
  ].filter((g) => g.refs.length);
  const count = groups.reduce((n, g) => n + g.refs.length, 0);
  if (!count) return undefined;
  const listed = groups.map((g) => `${g.refs.join(', ')} (from ${g.from})`).join('; ');
  return `Hardening: profile${count > 1 ? 's' : ''} ${listed}`;
}

/** Hardens every service model of the batch with its job's profiles, for the target; the header names them. */
export function hardenModels(batch: ModelBatch, run: RunHardening, target: Target): ModelBatch {
  return editModels(batch, hardenStep(run, target));
}

/** The hardening of one model: its profiles applied, and the note saying which (a step of the model stage). */
export function hardenStep(run: RunHardening, target: Target): (svc: ServiceModel) => Diagnostic[] {
  return (svc) => {
    const note = profilesNote(svc.facts.job, run);
    if (note !== undefined) svc.profilesNote = note;
    return run.hardening.harden(svc, profilesFor(svc.facts.job, run), target);
  };
}
