/**
 * The one place the conversion stages are composed: read → parse → service model (with facts) →
 * harden → ordering cycles → units → target pass → render → exposure → compare. The same stages
 * run again, where asked, for the unhardened units (exposure before hardening) and for the jobs
 * without their `.override` (drop-ins).
 */
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import {
  type ConvertOptions,
  type ConvertedJob,
  type ModelBatch,
  copyStaged,
  editModels,
  leanJob,
  toConvertedJobs,
  toModels,
} from '../convert';
import type { ConvertContext, ScriptMode } from '../convert/context';
import { convertStreamed } from '../convert/stream';
import type { ServiceModel } from '../model/service';
import type { JobSource } from '../read/discover';
import { type Style, liftIdioms } from '../idioms';
import type { Comparison, Mode } from '../diff';
import type { HostFacts } from '../model/host';
import { discoverJobs } from '../read/discover';
import type { ReadFs } from '../read/files';
import { grammarFor } from '../read/host-facts';
import { type HostRoot, folderRoot, openRoot } from '../read/host-root';
import { type LoadedJob, loadJob } from '../read/load';
import { rootedFs } from '../read/rooted';
import type { Target } from '../systemd/target';
import type { UpstartVersion } from '../upstart/stanzas';
import { type ComparisonOptions, compareJobs, packagedJobs, withoutOverrides } from './compare';
import { type Exposure, keepScoredUnit, scoreExposure } from './exposure';
import {
  type ProfileChoice,
  type RunHardening,
  hardenModels,
  hardenStep,
  prepareHardening,
  profilesFor,
} from './harden';

/** What to convert: job files or directories, and/or a copy of the host's root (ROOT/etc/init by default). */
export interface PipelineInputs {
  paths?: readonly string[];
  /**
   * A copy of the host's root: a folder, or a tarball of `upstart2systemd collect` (read in
   * memory). Also lets the conversion read ROOT/etc/default/* and find programs; job paths are
   * shown relative to it; the facts in its `upstart2systemd/` folder are used.
   */
  root?: string;
  /** The root already opened (openRoot), so it is not read twice. */
  opened?: HostRoot;
  /** Facts about the host a library caller already has (which jobs ran…): carried to the result for the plan. */
  host?: HostFacts;
}

/** How to convert: target, scripts, grammar, hardening, scoring and comparison with existing units. */
export interface PipelineOptions extends ProfileChoice {
  target: Target;
  /** How shell text is emitted; default inline for library callers (`convert` on the command line: auto). */
  scripts?: ScriptMode;
  scriptDir?: string;
  /**
   * `native` lifts shell and event idioms into directives (src/idioms); `faithful` keeps the scripts
   * as the converter wrote them. Default faithful for library callers (`convert` on the command line: native).
   */
  style?: Style;
  /** The grammar; default: from the Upstart version the root's facts record, else 1.12 (DEFAULT_UPSTART_VERSION). */
  upstartVersion?: UpstartVersion;
  /** With profiles: exposure before and after from systemd-analyze security (default on). */
  score?: boolean;
  /** Compare with the units that already exist (and write drop-ins in dropin/auto mode). */
  compare?: ComparisonOptions;
  /**
   * Keep of each job only what writing, the plan and the report read (its outline in place of its
   * service model and units: `leanJob`), dropped as soon as the job is made; default false.
   */
  lean?: boolean;
}

/** One job's result: its status, service model, units, files and diagnostics, comparison and exposure. */
export interface JobResult extends ConvertedJob {
  /** How the job's unit differs from the existing one (when comparing and the job converted). */
  comparison?: Comparison;
  /** Exposure before and after hardening (when scoring). */
  exposure?: Exposure;
  /** The hardening profiles applied to the job, in order (when hardening, and the job has a service). */
  profiles?: string[];
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
  /** What `collect` recorded about the host, when the root holds it (docs/collect.md). */
  host?: HostFacts;
}

/** The jobs a run converts: the given paths, or ROOT/etc/init. */
export function inputPaths(inputs: PipelineInputs): string[] {
  return inputs.paths?.length ? [...inputs.paths] : [path.join(inputs.root ?? '/', 'etc', 'init')];
}

/** The root of the inputs, opened; an error diagnostic when it is neither a folder nor a tarball. */
function rootOf(inputs: PipelineInputs): HostRoot | Diagnostic | undefined {
  if (inputs.opened) return inputs.opened;
  if (inputs.root === undefined) return undefined;
  const opened = openRoot(inputs.root);
  if (opened.ok) return opened.root;
  return diagnostic('input/not-found', { file: inputs.root }, `--root: ${opened.error}`);
}

/** The grammar of a run: the option, else the one of the Upstart version the host's facts record. */
function grammarOf(options: PipelineOptions, host: HostFacts | undefined): UpstartVersion | undefined {
  return options.upstartVersion ?? grammarFor(host?.upstartVersion);
}

/** A note saying which of the root's facts the run uses. */
function factsNote(root: HostRoot, options: PipelineOptions): Diagnostic[] {
  const h = root.host;
  if (!h) return [];
  const used: string[] = [];
  if (h.upstartVersion) {
    const grammar = grammarFor(h.upstartVersion);
    const how = options.upstartVersion ? `--upstart-version ${options.upstartVersion} given` : `grammar ${grammar}`;
    used.push(`Upstart ${h.upstartVersion} (${how})`);
  }
  if (h.packages) used.push(`${Object.keys(h.packages).length} packaged paths`);
  if (h.users) used.push(`${h.users.length} users`);
  if (h.groups) used.push(`${h.groups.length} groups`);
  if (h.programs) used.push(`${h.programs.length} programs`);
  const what = used.length ? used.join(', ') : 'nothing the conversion uses';
  return [diagnostic('input/host-facts', { file: root.path }, `facts collected on the host: ${what}`)];
}

/** Converts the jobs under the inputs: discovery, parsing, then every stage of `convertLoaded`. */
export function convert(inputs: PipelineInputs, options: PipelineOptions): PipelineResult {
  const { run, errors } = prepareHardening(options);
  if (errors.length) return { jobs: [], diagnostics: [], profileErrors: errors };
  const root = rootOf(inputs);
  if (root && 'ruleId' in root) return { jobs: [], diagnostics: [root], profileErrors: [] };
  // under --root, job files are read as the host sees them: symlinks never lead out of the root
  const fs = root === undefined ? undefined : rootedFs(root.path, root.tree);
  const found = discoverJobs(inputPaths(inputs), fs);
  const upstartVersion = grammarOf(options, inputs.host ?? root?.host);
  const before = root ? [...root.diagnostics, ...factsNote(root, options)] : [];
  const load = (s: JobSource, via: ReadFs | undefined): LoadedJob => loadJob(s, { upstartVersion, fs: via });
  return {
    // the loaded jobs are not kept here: a lean run lets each go once its files are made
    ...(streams(options, root)
      ? convertBatchStreamed(found.jobs, load, options, root, run, fs)
      : convertBatch(
          found.jobs.map((s) => load(s, fs)),
          options,
          root,
          run,
          fs,
        )),
    diagnostics: [...before, ...found.diagnostics],
    ...(inputs.host ? { host: inputs.host } : {}),
  };
}

/**
 * Whether a run converts its jobs one at a time (src/convert/stream.ts): a lean run that does not
 * compare with existing units (which reads the parsed jobs and units afterwards).
 */
function streams(options: PipelineOptions, root: HostRoot | undefined): boolean {
  return options.lean === true && !options.compare && !root?.host?.packages;
}

/** The options of the conversion stages for a run. */
function convertOptionsOf(options: PipelineOptions, root: HostRoot | undefined): ConvertOptions {
  return {
    target: options.target,
    scripts: options.scripts,
    scriptDir: options.scriptDir,
    ...(root ? { root: root.path, tree: root.tree, ...(root.host ? { host: root.host } : {}) } : {}),
  };
}

/** A lean batch converted one job at a time: each job's model is let go as soon as its files are made. */
function convertBatchStreamed(
  sources: readonly JobSource[],
  load: (s: JobSource, via: ReadFs | undefined) => LoadedJob,
  options: PipelineOptions,
  root: HostRoot | undefined,
  run: RunHardening | undefined,
  fs: ReadFs | undefined,
): Omit<PipelineResult, 'diagnostics'> {
  const scoring = run !== undefined && options.score !== false;
  const made = convertStreamed(sources, convertOptionsOf(options, root), {
    load,
    ...(fs ? { fs } : {}),
    edits: (ctx) => ((options.style ?? 'faithful') === 'native' ? [idiomStep(ctx)] : []),
    ...(run ? { harden: hardenStep(run, options.target) } : {}),
    each: madeJob(run, true),
    // each unhardened job is kept only as its service unit once made, for its score before hardening
    ...(scoring ? { before: keepScoredUnit } : {}),
  });
  const jobs: JobResult[] = made.jobs;
  const exposureNote = made.before ? scoreJobs(made.before, jobs) : undefined;
  return {
    jobs,
    profileErrors: [],
    ...(exposureNote ? { exposureNote } : {}),
    ...(root?.host ? { host: root.host } : {}),
  };
}

/** What is done with each job once made: its profiles noted, and (lean) only its outline kept of its model and units. */
function madeJob(run: RunHardening | undefined, lean: boolean): (j: JobResult) => void {
  return (j) => {
    if (run && j.service) j.profiles = profilesFor(j.service.facts.job, run);
    if (lean) leanJob(j);
  };
}

/** The exposure scores of each job before and after hardening, on the jobs; why scores are missing, if they are. */
function scoreJobs(before: readonly ConvertedJob[], jobs: JobResult[]): string | undefined {
  const scored = scoreExposure(before, jobs);
  jobs.forEach((j, i) => {
    j.exposure = scored.exposure[i];
    j.diagnostics.push(...scored.diagnostics[i]!);
  });
  return scored.note;
}

/**
 * Converts jobs already loaded (parsed in memory, say) with every stage after parsing; `root` is
 * a folder (its facts are read when it has them) or a root already opened.
 */
export function convertLoaded(
  loaded: readonly LoadedJob[],
  options: PipelineOptions,
  root?: string | HostRoot,
): PipelineResult {
  const { run, errors } = prepareHardening(options);
  if (errors.length) return { jobs: [], diagnostics: [], profileErrors: errors };
  const opened = typeof root === 'string' ? folderRoot(root) : root;
  const fs = opened === undefined ? undefined : rootedFs(opened.path, opened.tree);
  return { ...convertBatch(loaded, options, opened, run, fs), diagnostics: [] };
}

/** The stages after parsing, for one batch: convert (hardened), score, compare. */
function convertBatch(
  loaded: readonly LoadedJob[],
  options: PipelineOptions,
  root: HostRoot | undefined,
  run: RunHardening | undefined,
  fs?: ReadFs,
): Omit<PipelineResult, 'diagnostics'> {
  const convertOpts = convertOptionsOf(options, root);
  // a packaged job is compared by its units: the comparison needs them (leaned after it)
  const leanNow = streams(options, root);
  const models = withIdioms(toModels(loaded, convertOpts), options.style);
  const plain = run && options.score !== false ? copyModels(models) : undefined;
  const hardened = run ? hardenModels(models, run, options.target) : models;
  const jobs: JobResult[] = toConvertedJobs(hardened, madeJob(run, leanNow));
  // each unhardened job is made, and kept only as its service unit, before the next
  const exposureNote = plain ? scoreJobs(toConvertedJobs(plain, keepScoredUnit), jobs) : undefined;
  // a packaged job whose package ships its unit is compared in auto mode unless a mode was chosen
  const packaged = options.compare?.mode === undefined ? packagedJobs(jobs, root) : new Map();
  if (options.compare || packaged.size) {
    const opts: ComparisonOptions = options.compare ?? {};
    const modes = jobs.map((j): Mode | null =>
      packaged.has(j) ? 'auto' : options.compare ? (options.compare.mode ?? 'full') : null,
    );
    const baseLoaded = withoutOverrides(loaded, opts, fs, modes);
    const bases = baseLoaded ? convertStages(baseLoaded, convertOpts, options.style, run) : [];
    compareJobs(jobs, loaded, bases, opts, root?.path, options.target, { tree: root?.tree, modes, packaged });
  }
  if (options.lean) for (const j of jobs) leanJob(j);
  return {
    jobs,
    profileErrors: [],
    ...(exposureNote ? { exposureNote } : {}),
    ...(root?.host ? { host: root.host } : {}),
  };
}

/** Models → idioms → (hardened) → units, for a batch that is neither scored nor compared. */
function convertStages(
  loaded: readonly LoadedJob[],
  opts: ConvertOptions,
  style: Style | undefined,
  run?: RunHardening,
): ConvertedJob[] {
  const models = withIdioms(toModels(loaded, opts), style);
  return toConvertedJobs(run ? hardenModels(models, run, opts.target) : models);
}

/** The idiom pass over every model of the batch (native style), isolated per job like every model stage. */
function withIdioms(batch: ModelBatch, style: Style = 'faithful'): ModelBatch {
  if (style === 'faithful') return batch;
  return editModels(batch, idiomStep(batch.ctx));
}

/** The idiom pass over one model (native style). */
function idiomStep(ctx: ConvertContext): (service: ServiceModel) => Diagnostic[] {
  const idioms = { target: ctx.target, host: ctx.root };
  return (service) => liftIdioms(service, idioms);
}

/** A copy of the model batch that later stages can change without touching the original's models. */
function copyModels(batch: ModelBatch): ModelBatch {
  return { ctx: batch.ctx, staged: batch.staged.map(copyStaged) };
}
