/**
 * The one place the conversion stages are composed: read → parse → service model (with facts) →
 * harden → ordering cycles → units → target pass → render → exposure → compare. The same stages
 * run again, where asked, for the unhardened units (exposure before hardening) and for the jobs
 * without their `.override` (drop-ins).
 */
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic';
import {
  type ConvertOptions,
  type ConvertedJob,
  type ModelBatch,
  type StagedJob,
  toConvertedJobs,
  toModels,
} from '../convert';
import type { ScriptMode } from '../convert/context';
import type { Comparison } from '../diff';
import type { HostFacts } from '../model/host';
import { discoverJobs } from '../read/discover';
import type { ReadFs } from '../read/files';
import { type LoadedJob, loadJob } from '../read/load';
import { rootedFs } from '../read/rooted';
import type { Target } from '../systemd/target';
import type { UpstartVersion } from '../upstart/stanzas';
import { type ComparisonOptions, compareJobs, withoutOverrides } from './compare';
import { type Exposure, scoreExposure } from './exposure';
import { type ProfileChoice, type RunHardening, hardenModels, prepareHardening } from './harden';

/** What to convert: job files or directories, and/or a copy of the host's root (ROOT/etc/init by default). */
export interface PipelineInputs {
  paths?: readonly string[];
  /** Also lets the conversion read ROOT/etc/default/* and find programs; job paths are shown relative to it. */
  root?: string;
  /** Facts about the host a library caller already has (which jobs ran…): carried to the result for the plan. */
  host?: HostFacts;
}

/** How to convert: target, scripts, grammar, hardening, scoring and comparison with existing units. */
export interface PipelineOptions extends ProfileChoice {
  target: Target;
  scripts?: ScriptMode;
  scriptDir?: string;
  upstartVersion?: UpstartVersion;
  /** With profiles: exposure before and after from systemd-analyze security (default on). */
  score?: boolean;
  /** Compare with the units that already exist (and write drop-ins in dropin/auto mode). */
  compare?: ComparisonOptions;
}

/** One job's result: its status, service model, units, files and diagnostics, comparison and exposure. */
export interface JobResult extends ConvertedJob {
  /** How the job's unit differs from the existing one (when comparing and the job converted). */
  comparison?: Comparison;
  /** Exposure before and after hardening (when scoring). */
  exposure?: Exposure;
}

/** What a run produced. */
export interface PipelineResult {
  jobs: JobResult[];
  /** Diagnostics of the batch, not of one job (a path that cannot be read…). */
  diagnostics: Diagnostic[];
  /** Profile errors: nothing is converted when there are any. */
  profileErrors: Diagnostic[];
  /** Why exposure scores are missing, when scoring. */
  exposureNote?: string;
  /** What is known about the host besides its files (src/model/host.ts), when anything is. */
  host?: HostFacts;
}

/** The jobs a run converts: the given paths, or ROOT/etc/init. */
export function inputPaths(inputs: PipelineInputs): string[] {
  return inputs.paths?.length ? [...inputs.paths] : [path.join(inputs.root ?? '/', 'etc', 'init')];
}

/** Converts the jobs under the inputs: discovery, parsing, then every stage of `convertLoaded`. */
export function convert(inputs: PipelineInputs, options: PipelineOptions): PipelineResult {
  const { run, errors } = prepareHardening(options);
  if (errors.length) return { jobs: [], diagnostics: [], profileErrors: errors };
  // under --root, job files are read as the host sees them: symlinks never lead out of the root
  const fs = inputs.root === undefined ? undefined : rootedFs(inputs.root);
  const found = discoverJobs(inputPaths(inputs), fs);
  const loaded = found.jobs.map((s) => loadJob(s, { upstartVersion: options.upstartVersion, fs }));
  return {
    ...convertBatch(loaded, options, inputs.root, run, fs),
    diagnostics: found.diagnostics,
    ...(inputs.host ? { host: inputs.host } : {}),
  };
}

/** Converts jobs already loaded (parsed in memory, say) with every stage after parsing. */
export function convertLoaded(loaded: readonly LoadedJob[], options: PipelineOptions, root?: string): PipelineResult {
  const { run, errors } = prepareHardening(options);
  if (errors.length) return { jobs: [], diagnostics: [], profileErrors: errors };
  return {
    ...convertBatch(loaded, options, root, run, root === undefined ? undefined : rootedFs(root)),
    diagnostics: [],
  };
}

/** The stages after parsing, for one batch: convert (hardened), score, compare. */
function convertBatch(
  loaded: readonly LoadedJob[],
  options: PipelineOptions,
  root: string | undefined,
  run: RunHardening | undefined,
  fs?: ReadFs,
): Omit<PipelineResult, 'diagnostics'> {
  const convertOpts: ConvertOptions = {
    target: options.target,
    scripts: options.scripts,
    scriptDir: options.scriptDir,
    root,
  };
  const models = toModels(loaded, convertOpts);
  const plain = run && options.score !== false ? copyModels(models) : undefined;
  const jobs: JobResult[] = toConvertedJobs(run ? hardenModels(models, run, options.target) : models);
  let exposureNote: string | undefined;
  if (plain) {
    const scored = scoreExposure(toConvertedJobs(plain), jobs);
    jobs.forEach((j, i) => (j.exposure = scored.exposure[i]));
    exposureNote = scored.note;
  }
  if (options.compare) {
    const baseLoaded = withoutOverrides(loaded, options.compare, fs);
    const bases = baseLoaded ? convertStages(baseLoaded, convertOpts, run) : [];
    compareJobs(jobs, loaded, bases, options.compare, root, options.target);
  }
  return { jobs, profileErrors: [], ...(exposureNote ? { exposureNote } : {}) };
}

/** Models → (hardened) → units, for a batch that is neither scored nor compared. */
function convertStages(loaded: readonly LoadedJob[], opts: ConvertOptions, run?: RunHardening): ConvertedJob[] {
  const models = toModels(loaded, opts);
  return toConvertedJobs(run ? hardenModels(models, run, opts.target) : models);
}

/** A copy of the model batch that later stages can change without touching the original's models. */
function copyModels(batch: ModelBatch): ModelBatch {
  const staged = batch.staged.map((s): StagedJob =>
    s.job ? { ...s, service: structuredClone(s.service), diagnostics: [...s.diagnostics] } : s,
  );
  return { ctx: batch.ctx, staged };
}
