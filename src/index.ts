/**
 * upstart2systemd as a library: each pipeline stage is exported with its types.
 * read → parse (Upstart text → job model) → … (conversion, hardening, diffs: see docs/).
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
  STANZA_NAMES,
  type ParseOptions,
  type ParseResult,
  type UpstartVersion,
} from './upstart/parser';
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
export { main } from './cli/main';
