/**
 * Hardening as a stage of the pipeline: the profiles of a run (--profile for all, a --profile-map
 * of job-name globs — the pipeline picks each job's entry), resolved once per combination and
 * applied to each service model before it becomes units. Reads only the model and its facts.
 */
import * as fs from 'node:fs';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { Target } from '../systemd/target';
import type { ServiceModel } from '../model/service';
import { applyProfile } from './apply';
import { type ResolvedProfile, resolveProfiles } from './profile';
import { loadYaml } from './yaml';

/** A profile map: job-name globs and the profiles for matching jobs, first match wins. */
export type ProfileMap = Array<{ glob: string; profiles: string[] }>;

/** Reads a profile map file (YAML mapping of glob → profile name or list). */
export function loadProfileMap(file: string): { map: ProfileMap | null; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return {
      map: null,
      diagnostics: [
        diagnostic('harden/profile-not-found', { file }, `cannot be read (${(err as NodeJS.ErrnoException).code})`),
      ],
    };
  }
  const y = loadYaml(text);
  if ('error' in y)
    return {
      map: null,
      diagnostics: [
        diagnostic(
          'harden/profile-invalid',
          { file, line: y.error.line, column: y.error.column },
          `not valid YAML: ${y.error.message}`,
        ),
      ],
    };
  if (typeof y.value !== 'object' || y.value === null || Array.isArray(y.value)) {
    return {
      map: null,
      diagnostics: [
        diagnostic(
          'harden/profile-invalid',
          { file, line: 1, column: 1 },
          'a profile map is a mapping of job-name globs to a profile name or a list of them',
        ),
      ],
    };
  }
  const map: ProfileMap = [];
  for (const [glob, v] of Object.entries(y.value as Record<string, unknown>)) {
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string')) {
      const at = y.positionOf([glob]);
      return {
        map: null,
        diagnostics: [
          diagnostic(
            'harden/profile-invalid',
            { file, ...at },
            `"${glob}": expected a profile name or a list of profile names`,
          ),
        ],
      };
    }
    map.push({ glob, profiles: list as string[] });
  }
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
  /** Profile errors (schema, unknown directive…), each once; the caller decides to stop. */
  errors: Diagnostic[];
  /** Hardens a service with the given profiles (resolved once per combination) for a target. */
  harden(svc: ServiceModel, refs: string[], target: Target): Diagnostic[];
}

/**
 * Resolves the run's profiles (each --profile, each map entry's list) up front so that their
 * errors are known before any job is converted, and returns the hardening step.
 */
export function createHardening(opts: HardenOptions): Hardening {
  const cache = new Map<string, ResolvedProfile | null>();
  const errors: Diagnostic[] = [];
  const resolve = (refs: string[]): ResolvedProfile | null => {
    const key = refs.join('\u0000');
    if (!cache.has(key)) {
      const r = resolveProfiles(refs);
      for (const d of r.diagnostics)
        if (!errors.some((e) => e.file === d.file && e.line === d.line && e.message === d.message)) errors.push(d);
      cache.set(key, r.resolved);
    }
    return cache.get(key)!;
  };
  for (const p of opts.profiles) resolve([p]);
  for (const m of opts.map ?? []) resolve(m.profiles);
  return {
    errors,
    harden: (svc, refs, target) => {
      if (!refs.length) return [];
      const resolved = resolve(refs);
      if (!resolved) return [];
      return applyProfile(svc, resolved, { target, vars: opts.vars });
    },
  };
}
