/**
 * The pipeline: the only place the stages are composed, and the library's entry point for a whole
 * conversion. `convert` reads, parses, models, hardens, renders, scores and compares; `writeJobs`
 * writes; `buildReport` makes the run's report; `parseJobs`, `listProfiles` and `showProfile`
 * serve the other commands. The CLI calls nothing else.
 */
export {
  type PipelineInputs,
  type PipelineOptions,
  type PipelineResult,
  type JobResult,
  convert,
  convertLoaded,
  inputPaths,
} from './run';
export {
  type CompareHow,
  type ComparisonOptions,
  type Packaged,
  compareJobs,
  packagedJobs,
  subjectOf,
  unitNameProblem,
  withoutOverrides,
} from './compare';
export { type Exposure, scoreExposure } from './exposure';
export { type ProfileChoice, type RunHardening, hardenModels, prepareHardening, profilesFor } from './harden';
export { type WriteJobsOptions, writeJobs } from './write';
export {
  CONFIG_FILE,
  CONFIG_SCHEMA,
  type RuleLevel,
  type RunConfig,
  applyRunPolicy,
  configPolicy,
  findConfig,
  loadConfig,
  untrustedConfig,
} from './config';
export type { ProfileMap, ProfileMapEntry } from '../harden';
export type { SeverityPolicy } from '../diagnostics/collector';
export {
  type Layout,
  type Migration,
  type MigrationOptions,
  type MigrationWrite,
  planMigration,
  selectionFor,
  writeMigration,
} from './plan';
export { formatJson, jobToJson, parseJobs, printJob, printStanzas } from './parse';
export { type ReportOptions, buildReport, existingState } from './report';
export {
  type ProfileDirective,
  type ProfileOnJob,
  type ProfileSummary,
  type ProfileView,
  type ShowProfileOptions,
  REFERENCE_JOB,
  listProfiles,
  showProfile,
} from './profiles';
// what the command line needs to read its arguments and describe results
export { type HostRoot, type OpenedRoot, folderRoot, openRoot } from '../read/host-root';
export type { HostFacts, HostRelease } from '../model/host';
export { DEFAULT_SCRIPT_DIR } from '../convert';
export { type Comparison, type Mode, differs } from '../diff';
export { DEFAULT_TARGET, TARGETS, type Target, resolveTarget } from '../systemd/target';
export { DEFAULT_UPSTART_VERSION } from '../upstart/stanzas';
export { collectScript, writeCollectScript } from './collect';
// the report of a run (convert --report) and the counts the terminal's summary shares with it
export {
  EXISTING_STATES,
  REPORT_EXTENSIONS,
  REPORT_STATUSES,
  STATUS_LABELS,
  type InstallAction,
  type Report,
  type ReportFormat,
  type ReportSummary,
  renderReport,
  reportFormatOf,
  severityCounts,
  summarizeJobs,
  writeReportFile,
} from '../report';
export type { Plan, PlanJob } from '../plan/types';
export { KIT_DIR, STATE_DIR, treePath } from '../plan/layout';
export { shQuote } from '../plan/shell';
// how a host path resolves under a root (the CLI checks a --root's shape with it)
export { resolveUnder } from '../read/rooted';
// triage: the baseline of known findings, their fingerprints, and SARIF for code-scanning tools
export {
  BASELINE_SCHEMA,
  BASELINE_VERSION,
  type Baseline,
  type BaselineEntry,
  type BaselineOutcome,
  applyBaseline,
  baselineOf,
  loadBaseline,
  renderBaseline,
  runFindings,
  writeBaseline,
} from './baseline';
export { type Finding, findingOf, findingText, fingerprintOf } from '../triage/fingerprint';
export { FINGERPRINT_KEY, SARIF_VERSION, type SarifTool, artifactUri, sarifLog } from '../triage/sarif';
