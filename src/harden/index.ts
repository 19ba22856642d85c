/**
 * Hardening as a conversion step: which profiles apply to which job (--profile for all, a
 * --profile-map of job-name globs), resolved once per combination and applied to each service
 * model before it becomes units.
 */
import * as fs from 'node:fs';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ConvertOptions } from '../convert';
import { fnmatch } from '../upstart/match';
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

/** The profiles for one job: the global ones, then the first matching map entry's. */
export function profilesFor(jobName: string, opts: Pick<HardenOptions, 'profiles' | 'map'>): string[] {
  const entry = opts.map?.find((m) => fnmatch(m.glob, jobName));
  return [...opts.profiles, ...(entry?.profiles ?? [])];
}

/**
 * A conversion transform that hardens each service with its profiles. Profile errors (schema,
 * unknown directive…) are returned once in `errors`; the caller decides to stop.
 */
export function hardeningTransform(opts: HardenOptions): {
  transform: NonNullable<ConvertOptions['transform']>;
  errors: Diagnostic[];
} {
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
    transform: (svc, job, ctx) => {
      const refs = profilesFor(job.name, opts);
      if (!refs.length) return [];
      const resolved = resolve(refs);
      if (!resolved) return [];
      return applyProfile(svc, job, resolved, {
        target: ctx.target,
        root: ctx.root,
        batch: ctx.batch,
        vars: opts.vars,
      });
    },
  };
}
