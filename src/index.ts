/**
 * upstart2systemd as a library: each pipeline stage is exported with its types, and the pipeline
 * that composes them. read → parse (Upstart text → job model) → service model → harden → units →
 * target pass → render → compare → write. `convert` (src/pipeline) runs them all.
 */
export * from './diagnostics/diagnostic';
export * from './diagnostics/collector';
export {
  RULES,
  RULE_TABLE,
  RULES_PAGE,
  isRuleId,
  ruleAnchor,
  ruleDoc,
  type RuleDoc,
  type RuleId,
  type RuleSpec,
} from './diagnostics/rules';
export * from './upstart/job';
export {
  parseJob,
  applyOverride,
  parseRuleId,
  ERROR_MESSAGES,
  type ParseOptions,
  type ParseResult,
} from './upstart/parser';
export { STANZA_NAMES, type UpstartVersion } from './upstart/stanzas';
export type { ParseErrorCode } from './upstart/lexer';
export { printJob, printStanzas, printExpr, quoteArg } from './upstart/printer';
export { jobToJson } from './upstart/json';
export { lintJob, eventLeaves } from './upstart/lint';
export { expand, envLookup, type Expansion } from './upstart/expand';
export { matchLeaf, fnmatch, classifyArg, type EventInstance } from './upstart/match';
export {
  spawnPlan,
  needsShell,
  jobEnvironment,
  environAdd,
  exitOutcome,
  SHELL_CHARS,
  UPSTART_PATH,
  type SpawnPlan,
  type ExitOutcome,
} from './upstart/runtime';
export { jobNameFromPath, logPath, fileKind, isIgnoredDir } from './upstart/names';
export { signalFromName, signalName, SIGNALS } from './upstart/signals';
export { readTextFile, MAX_JOB_BYTES, type TextFile, type ReadResult } from './read/files';
export { discoverJobs, nameForFile, type JobSource, type Discovery } from './read/discover';
export { loadJob, type LoadedJob, type LoadOptions } from './read/load';
// the service model, with the facts later stages read
export * from './model/service';
export * from './model/facts';
// conversion: job → service model → units
export {
  convertJobs,
  toModels,
  editModels,
  toConvertedJobs,
  hostPathFor,
  DEFAULT_SCRIPT_DIR,
  type ConvertOptions,
  type ConvertedJob,
  type StagedJob,
  type ModelBatch,
} from './convert';
export { rootFs, type RootFs, type ScriptMode, type ConvertContext } from './convert/context';
export { toService, type ServiceResult } from './convert/to-service';
export { toUnits, serviceFileName, execValue } from './convert/to-unit';
export { jobFacts, shareFacts } from './convert/facts';
export { breakOrderingCycles } from './convert/cycles';
export { WELL_KNOWN_JOBS, unitBaseName, unitForJob } from './convert/names';
export { STANZA_TABLE, type StanzaRow } from './convert/stanza-table';
// hardening: profiles applied to a service model
export { createHardening, loadProfileMap, type Hardening, type HardenOptions, type ProfileMap } from './harden';
export { applyProfile, type HardenContext } from './harden/apply';
export { holds, describeCondition, FACTS, type Condition, type ConditionInput, type Fact } from './harden/conditions';
export { exposureScores, systemdAnalyzeVersion, type ExposureResult } from './harden/exposure';
export {
  parseProfile,
  loadProfile,
  resolveProfiles,
  presetNames,
  PROFILE_DIR,
  type Profile,
  type DirectiveSpec,
  type ResolvedProfile,
} from './harden/profile';
// systemd: the unit model, directive versions and targets, escaping, rendering, reading units back
export * from './systemd/unit';
export * from './systemd/directives';
export * from './systemd/escape';
export * from './systemd/exec-line';
export * from './systemd/unit-names';
export { downgrade, type DowngradeResult } from './systemd/downgrade';
export * from './systemd/value';
export * from './systemd/value-rules';
export {
  renderUnit,
  renderScript,
  commentLines,
  TEMPLATE_DIR,
  type RenderOptions,
  type ScriptHeader,
} from './systemd/render';
export {
  emitUnit,
  emitScript,
  readBackUnit,
  readBackScript,
  type Emission,
  type EmittedFile,
  type ScriptSpec,
} from './systemd/emit';
export { parseUnitFile, type ParsedUnit, type UnitEntryLoc } from './systemd/unit-parser';
export * from './systemd/unit-merge';
// existing units: finding them, diffs, drop-ins
export {
  compareJob,
  candidateNames,
  differs,
  type Mode,
  type CompareOptions,
  type CompareSubject,
  type UnitNames,
  type Comparison,
} from './diff';
export {
  findExisting,
  treeFor,
  unitDirs,
  UNIT_DIRS,
  type UnitTree,
  type MatchedBy,
  type ExistingUnit,
  type Lookup,
} from './diff/find';
export { semanticDiff, categoryOf, CATEGORIES, type Category, type DirectiveChange } from './diff/semantic';
export { buildDropin, mergedOf, DROPIN_NAME, type DropinPlan } from './diff/dropin';
// writing files
export { writeOutput, writeAtomic, type OutputFile, type WriteOutcome, type WriteOptions } from './output/write';
// the pipeline: every stage composed, as the command line runs them
export {
  convert,
  convertLoaded,
  inputPaths,
  compareJobs,
  subjectOf,
  withoutOverrides,
  scoreExposure,
  hardenModels,
  prepareHardening,
  profilesFor,
  writeJobs,
  parseJobs,
  listProfiles,
  showProfile,
  REFERENCE_JOB,
  type PipelineInputs,
  type PipelineOptions,
  type PipelineResult,
  type JobResult,
  type ComparisonOptions,
  type Exposure,
  type ProfileChoice,
  type RunHardening,
  type WriteJobsOptions,
  type ProfileDirective,
  type ProfileOnJob,
  type ProfileSummary,
  type ProfileView,
  type ShowProfileOptions,
} from './pipeline';
// the report of a run (convert --report): the typed value, its counts and its three formats
export { buildReport, existingState, type ReportOptions } from './pipeline';
export * from './report';
export { main } from './cli/main';
