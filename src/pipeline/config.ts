/**
 * The config file of a run (`upstart2systemd.yaml` beside --root or in the working folder, or
 * `--config FILE`; docs/config.md): target, profiles and profile map, variables, excludes, and the
 * severity of rules, for every job or by job-name glob. Validated whole before anything is
 * converted, each problem a diagnostic at file:line:column (`input/config-invalid`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SeverityPolicy, applySeverityPolicy, diagnostic } from '../diagnostics/collector';
import { type Diagnostic, appendAll } from '../diagnostics/diagnostic';
import { type RuleId, type Severity, RULE_TABLE } from '../diagnostics/rules';
import { type ProfileMap, loadProfileMap, readProfileMap } from '../harden';
import { PROFILE_LIMITS } from '../harden/limits';
import { nearestName } from '../diagnostics/suggest';
import { locateProfile, unknownProfile } from '../harden/profile';
import { type SchemaReport, firstSchemaProblem, schemaCheck } from '../harden/schema';
import { controlCharacter, shown } from '../harden/values';
import { type PositionedYaml, loadYaml, readLimited } from '../harden/yaml';
import { resolveTarget } from '../systemd/target';
import { fnmatch } from '../upstart/match';
import type { PipelineResult } from './run';

/** The config file's name, looked for beside --root and in the working folder. */
export const CONFIG_FILE = 'upstart2systemd.yaml';

/** What a config file may set for a rule: its severity, or `off`. */
export type RuleLevel = Severity | 'off';

/** A config file, read and checked: the settings it gives (the command line's win) and the severity policy. */
export interface RunConfig {
  file: string;
  target?: string;
  systemd?: number;
  /** Profile references; relative paths already taken from the config file's folder. */
  profiles?: string[];
  profileMap?: ProfileMap;
  vars?: Record<string, string>;
  exclude?: string[];
  /** The severity of rules for every job, then by job-name glob (first glob that names the rule wins). */
  rules: Partial<Record<RuleId, RuleLevel>>;
  jobs: Array<{ glob: string; rules: Partial<Record<RuleId, RuleLevel>> }>;
}

const LEVEL = { enum: ['off', 'info', 'warning', 'error'] };
const STRINGS = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const RULES = { type: 'object', additionalProperties: LEVEL };

/** The JSON Schema of the config file (docs/config.md explains each key). */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    target: { type: 'string' },
    systemd: { type: 'integer' },
    profiles: STRINGS,
    'profile-map': { oneOf: [{ type: 'string' }, { type: 'object' }] },
    vars: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    exclude: STRINGS,
    rules: RULES,
    jobs: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['rules'],
        properties: { rules: RULES },
      },
    },
  },
} as const;

/** The document as the schema guarantees it. */
interface ConfigDoc {
  target?: string;
  systemd?: number;
  profiles?: string | string[];
  'profile-map'?: string | Record<string, unknown>;
  vars?: Record<string, string | number | boolean>;
  exclude?: string | string[];
  rules?: Record<string, RuleLevel>;
  jobs?: Record<string, { rules: Record<string, RuleLevel> }>;
}

const checkConfig = schemaCheck(CONFIG_SCHEMA);

/** How the config file's schema errors read. */
const CONFIG_REPORT: SchemaReport = {
  ruleId: 'input/config-invalid',
  hint: 'see docs/config.md for the config file',
};

/**
 * The config file of a run: `--config FILE` (false: `--no-config`), else `upstart2systemd.yaml`
 * beside --root, else in the working folder; undefined when there is none.
 */
export function findConfig(opts: { config?: string | false; root?: string; cwd: string }): string | undefined {
  if (opts.config === false) return undefined;
  if (opts.config !== undefined) return opts.config;
  const beside = opts.root === undefined ? [] : [path.join(path.dirname(path.resolve(opts.root)), CONFIG_FILE)];
  return [...beside, path.join(opts.cwd, CONFIG_FILE)].find((f) => fs.existsSync(f));
}

/**
 * Why a config file found without --config is not to be trusted (owned by another user than the
 * one running the tool or root, or writable by others: anyone could have put it beside a root in
 * /tmp), as a diagnostic; undefined when it may be read.
 */
export function untrustedConfig(file: string): Diagnostic | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return undefined; // loadConfig says why it cannot be read
  }
  const uid = process.getuid?.();
  const owner = uid === undefined || st.uid === uid || st.uid === 0;
  if (owner && (st.mode & 0o022) === 0) return undefined;
  return diagnostic(
    'input/config-invalid',
    { file },
    owner
      ? 'config file found beside --root or here is writable by other users; not read'
      : 'config file found beside --root or here belongs to another user; not read',
    'give it with --config FILE if it is yours to use, or --no-config to ignore it',
  );
}

/** A list given as one string or several. */
const listOf = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** A profile path taken from the config file's folder; preset names as they are. */
function fromFolder(ref: string, dir: string): string {
  const isPath = ref.includes('/') || /\.ya?ml$/.test(ref);
  return isPath && !path.isAbsolute(ref) ? path.join(dir, ref) : ref;
}

/** What the checks of one document need: its file, folder, positions, and where problems go. */
interface Reading {
  file: string;
  dir: string;
  y: PositionedYaml;
  problems: Diagnostic[];
}

/** Reports a problem at a key or value of the document. */
function problem(r: Reading, at: Array<string | number>, message: string, hint?: string, keyOf = false): void {
  if (r.problems.length < PROFILE_LIMITS.problems)
    r.problems.push(diagnostic('input/config-invalid', { file: r.file, ...r.y.positionOf(at, keyOf) }, message, hint));
}

/** The target: a release name or a systemd version the tool knows. */
function checkTarget(doc: ConfigDoc, r: Reading): void {
  if (doc.target === undefined && doc.systemd === undefined) return;
  const t = resolveTarget({ target: doc.target, systemd: doc.systemd });
  if ('error' in t) problem(r, [doc.target !== undefined ? 'target' : 'systemd'], t.error);
}

/** The profiles for every job: each a preset or an existing file. */
function checkProfiles(doc: ConfigDoc, r: Reading): string[] | undefined {
  const refs = listOf(doc.profiles);
  if (!refs) return undefined;
  const given = refs.map((ref) => fromFolder(ref, r.dir));
  for (const [i, ref] of given.entries()) {
    if (locateProfile(ref)) continue;
    const at = r.y.positionOf(Array.isArray(doc.profiles) ? ['profiles', i] : ['profiles']);
    if (r.problems.length < PROFILE_LIMITS.problems) r.problems.push(unknownProfile(refs[i]!, { file: r.file, ...at }));
  }
  return given;
}

/** The profile map: written in the file, or the path of a map file (from the config file's folder). */
function checkProfileMap(doc: ConfigDoc, r: Reading): ProfileMap | undefined {
  const m = doc['profile-map'];
  if (m === undefined) return undefined;
  const read =
    typeof m === 'string'
      ? loadProfileMap(path.resolve(r.dir, m), path.dirname(path.resolve(r.dir, m)))
      : readProfileMap(m, {
          file: r.file,
          base: r.dir,
          positionOf: (p, k) => r.y.positionOf(['profile-map', ...p], k),
        });
  for (const d of read.diagnostics) if (r.problems.length < PROFILE_LIMITS.problems) r.problems.push(d);
  return read.map ?? undefined;
}

/** The variables: names a {{placeholder}} can use, values without control characters. */
function checkVars(doc: ConfigDoc, r: Reading): Record<string, string> | undefined {
  if (!doc.vars) return undefined;
  const vars: Record<string, string> = {};
  for (const [name, raw] of Object.entries(doc.vars)) {
    const value = String(raw);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      problem(
        r,
        ['vars', name],
        `variable name ${shown(name)} is not a name a {{placeholder}} can use`,
        undefined,
        true,
      );
    else if (controlCharacter(value))
      problem(r, ['vars', name], `vars.${name}: ${shown(value)} ${controlCharacter(value)}`);
    else vars[name] = value;
  }
  return vars;
}

/**
 * The severities of one `rules:` mapping: every id a rule of the table, and no error lowered (an
 * error means the job is not converted; calling it a warning would not write it either).
 */
function checkRules(rules: Record<string, RuleLevel> | undefined, at: string[], r: Reading) {
  const out: Partial<Record<RuleId, RuleLevel>> = {};
  for (const [id, level] of Object.entries(rules ?? {})) {
    if (!Object.hasOwn(RULE_TABLE, id)) {
      const near = nearestName(id, Object.keys(RULE_TABLE));
      problem(
        r,
        [...at, id],
        `unknown rule ${shown(id)}`,
        `${near ? `did you mean ${near}? ` : ''}the rules are listed in docs/rules.md`,
        true,
      );
    } else if (RULE_TABLE[id as RuleId].severity === 'error' && level !== 'error') {
      problem(
        r,
        [...at, id],
        `${id} is an error: the job is not converted, so it cannot be ` +
          (level === 'off' ? 'turned off' : `made ${level}`),
        'an error can only stay one; fix what it reports, or --exclude the job',
      );
    } else out[id as RuleId] = level;
  }
  return out;
}

/** Reads and checks a config file: its settings, or every problem at its file:line:column. */
export function loadConfig(file: string): { config: RunConfig } | { diagnostics: Diagnostic[] } {
  const read = readLimited(file);
  if ('error' in read)
    return { diagnostics: [diagnostic('input/config-invalid', { file }, `config file ${read.error}`)] };
  const y = loadYaml(read.text);
  if ('error' in y) {
    const { message, line, column, limit } = y.error;
    const what = limit ? 'cannot be loaded' : 'not valid YAML';
    return { diagnostics: [diagnostic('input/config-invalid', { file, line, column }, `${what}: ${message}`)] };
  }
  const value = y.value ?? {};
  const invalid = firstSchemaProblem(checkConfig, value, file, (p, k) => y.positionOf(p, k), CONFIG_REPORT);
  if (invalid) return { diagnostics: [invalid] };
  const doc = value as ConfigDoc;
  const r: Reading = { file, dir: path.dirname(file), y, problems: [] };
  checkTarget(doc, r);
  const profiles = checkProfiles(doc, r);
  const profileMap = checkProfileMap(doc, r);
  const vars = checkVars(doc, r);
  const rules = checkRules(doc.rules, ['rules'], r);
  const jobs = Object.entries(doc.jobs ?? {}).map(([glob, j]) => ({
    glob,
    rules: checkRules(j.rules, ['jobs', glob, 'rules'], r),
  }));
  if (r.problems.length) return { diagnostics: r.problems };
  const exclude = listOf(doc.exclude);
  return {
    config: {
      file,
      ...(doc.target !== undefined ? { target: doc.target } : {}),
      ...(doc.systemd !== undefined ? { systemd: doc.systemd } : {}),
      ...(profiles ? { profiles } : {}),
      ...(profileMap ? { profileMap } : {}),
      ...(vars ? { vars } : {}),
      ...(exclude ? { exclude } : {}),
      rules,
      jobs,
    },
  };
}

/** The severity policy of a config: the first job glob naming the rule, else `rules:`; undefined when it sets none. */
export function configPolicy(config: Pick<RunConfig, 'rules' | 'jobs'>): SeverityPolicy | undefined {
  if (!Object.keys(config.rules).length && !config.jobs.some((j) => Object.keys(j.rules).length)) return undefined;
  return ({ ruleId, job }) => {
    for (const j of config.jobs)
      if (job !== undefined && j.rules[ruleId] && fnmatch(j.glob, job)) return j.rules[ruleId];
    return config.rules[ruleId];
  };
}

/**
 * Applies a severity policy to what a run reports, once every stage (and the plan) has read the
 * diagnostics it decides by: each job's under its name, the batch's without one.
 */
export function applyRunPolicy(run: PipelineResult, policy: SeverityPolicy): void {
  // in place: callers may hold the lists already
  const judge = (list: Diagnostic[], job?: string): void => {
    const kept = applySeverityPolicy(list, policy, job);
    list.length = 0;
    appendAll(list, kept);
  };
  for (const j of run.jobs) judge(j.diagnostics, j.name);
  judge(run.diagnostics);
}
