/**
 * Hardening as a stage of the pipeline: the profiles of a run (--profile for all, a --profile-map
 * of job-name globs — the pipeline picks each job's entry), resolved and checked once per
 * combination a job can get, before any job is converted, and applied to each service model
 * before it becomes units. Reads only the model and its facts.
 */
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Target } from '../systemd/target';
import type { ServiceModel } from '../model/service';
import { applyProfile } from './apply';
import { PROFILE_LIMITS } from './limits';
import {
  type ProfileCache,
  type ResolvedProfile,
  PROFILE_DIR,
  locateProfile,
  resolveProfiles,
  unknownProfile,
} from './profile';
import { shown } from './values';
import { checkCliVariables, checkProfileVariables } from './variables';
import { type LineCol, loadYaml, readLimited } from './yaml';

/** One entry of a profile map: a job-name glob, its profiles, and where it is written (when read from a file). */
export interface ProfileMapEntry {
  glob: string;
  profiles: string[];
  at?: { file: string; line: number };
}

/** A profile map: job-name globs and the profiles for matching jobs, first match wins. */
export type ProfileMap = ProfileMapEntry[];

/** A profile map's one error, as a result. */
const mapError = (d: Diagnostic): { map: null; diagnostics: Diagnostic[] } => ({ map: null, diagnostics: [d] });

/**
 * Reads a profile map file (YAML mapping of glob → profile name or list), within the limits of a
 * profile; relative profile paths in it are taken from `base` (default: the working folder).
 */
export function loadProfileMap(file: string, base?: string): { map: ProfileMap | null; diagnostics: Diagnostic[] } {
  const read = readLimited(file);
  if ('error' in read)
    return mapError(diagnostic(read.limit ? 'harden/profile-limit' : 'harden/profile-not-found', { file }, read.error));
  const y = loadYaml(read.text);
  if ('error' in y) {
    const { message, line, column, limit } = y.error;
    return mapError(
      limit
        ? diagnostic('harden/profile-limit', { file, line, column }, `cannot be loaded: ${message}`)
        : diagnostic('harden/profile-invalid', { file, line, column }, `not valid YAML: ${message}`),
    );
  }
  return readProfileMap(y.value, { file, positionOf: (p, k) => y.positionOf(p, k), ...(base ? { base } : {}) });
}

/** Where a profile map is written: its file, the positions of its globs and names, the folder of relative paths. */
export interface MapSource {
  file: string;
  positionOf(path: Array<string | number>, keyOf?: boolean): LineCol;
  /** Relative profile paths are taken from this folder (default: the working folder). */
  base?: string;
}

/** A profile path taken from the map's folder; preset names as they are. */
function fromBase(ref: string, base: string | undefined): string {
  const isPath = ref.includes('/') || /\.ya?ml$/.test(ref);
  return base !== undefined && isPath && !path.isAbsolute(ref) ? path.join(base, ref) : ref;
}

/** Reads a profile map already loaded (a mapping of glob → profile name or list): every name must be a profile. */
export function readProfileMap(value: unknown, src: MapSource): { map: ProfileMap | null; diagnostics: Diagnostic[] } {
  const { file } = src;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return mapError(
      diagnostic(
        'harden/profile-invalid',
        { file, ...src.positionOf([]) },
        'a profile map is a mapping of job-name globs to a profile name or a list of them',
      ),
    );
  }
  const map: ProfileMap = [];
  const unknown: Diagnostic[] = [];
  for (const [glob, v] of Object.entries(value as Record<string, unknown>)) {
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string')) {
      return mapError(
        diagnostic(
          'harden/profile-invalid',
          { file, ...src.positionOf([glob]) },
          `${shown(glob)}: expected a profile name or a list of profile names`,
        ),
      );
    }
    const refs = (list as string[]).map((r) => fromBase(r, src.base));
    // a name that is no profile is reported where the map names it, not as a bare name
    for (const [i, ref] of refs.entries())
      if (!locateProfile(ref) && unknown.length < PROFILE_LIMITS.problems)
        unknown.push(
          unknownProfile(list[i] as string, { file, ...src.positionOf(Array.isArray(v) ? [glob, i] : [glob]) }),
        );
    map.push({ glob, profiles: refs, at: { file, line: src.positionOf([glob], true).line } });
  }
  if (unknown.length) return { map: null, diagnostics: unknown };
  return { map, diagnostics: [] };
}

/** Options of hardening for a run. */
export interface HardenOptions {
  profiles: string[];
  map?: ProfileMap;
  vars: Record<string, string>;
}

/** Hardening for a run: its profile errors, and the step that hardens one service with profiles. */
export interface Hardening {
  /** Profile errors (schema, unknown directive or variable, invalid value…), each once; the caller decides to stop. */
  errors: Diagnostic[];
  /** Hardens a service with the given profiles (resolved once per combination) for a target. */
  harden(svc: ServiceModel, refs: string[], target: Target): Diagnostic[];
}

/**
 * Resolves and checks the run's profiles up front — the --profile ones, and with each map entry's
 * after them, the combinations jobs get — so that their errors are known, once each, before any
 * job is converted, and returns the hardening step.
 */
export function createHardening(opts: HardenOptions): Hardening {
  const cache = new Map<string, { resolved: ResolvedProfile | null; diagnostics: Diagnostic[] }>();
  const loaded: ProfileCache = new Map();
  const errors: Diagnostic[] = [];
  const seen = new Set<string>();
  const note = (ds: readonly Diagnostic[]): void => {
    for (const d of ds) {
      const id = `${d.file}\u0000${d.line}\u0000${d.message}`;
      if (!seen.has(id)) errors.push(d);
      seen.add(id);
    }
  };
  const resolve = (refs: string[]): { resolved: ResolvedProfile | null; diagnostics: Diagnostic[] } => {
    const key = refs.join('\u0000');
    if (!cache.has(key)) {
      const r = resolveProfiles(refs, PROFILE_DIR, loaded);
      const checked = r.resolved ? checkProfileVariables(r.resolved, opts.vars) : [];
      const diagnostics = [...r.diagnostics, ...checked];
      cache.set(key, { resolved: checked.length ? null : r.resolved, diagnostics });
    }
    return cache.get(key)!;
  };
  note(checkCliVariables(opts.vars));
  if (opts.profiles.length) note(resolve(opts.profiles).diagnostics);
  for (const m of opts.map ?? []) note(resolve([...opts.profiles, ...m.profiles]).diagnostics);
  return {
    errors,
    harden: (svc, refs, target) => {
      if (!refs.length) return [];
      const { resolved, diagnostics } = resolve(refs);
      if (!resolved) return diagnostics.filter((d) => d.severity === 'error');
      return applyProfile(svc, resolved, { target, vars: opts.vars });
    },
  };
}
