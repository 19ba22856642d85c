/**
 * A run's findings as a SARIF 2.1.0 log (`convert --format sarif`), for code-scanning tools: one
 * run, the tool's rules from the rule table (each linking to its row of docs/rules.md), one result
 * per finding with its level, message, place and the fingerprint a baseline uses.
 */
import * as path from 'node:path';
import type { Severity } from '../diagnostics/diagnostic';
import { RULES, RULES_PAGE } from '../diagnostics/rules';
import type { Finding } from './fingerprint';

/** The SARIF version written, and the schema that describes it. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The key of our fingerprint in a result's partialFingerprints. */
export const FINGERPRINT_KEY = 'upstart2systemdFinding/v1';

/** The tool as SARIF names it. */
export interface SarifTool {
  name: string;
  version: string;
  /** The tool's home page; the rules' help links are under `docsUri`. */
  informationUri: string;
  /** Where the package's docs/ folder is published (rules link to `docsUri/rules.md#anchor`). */
  docsUri: string;
}

/** SARIF's level of a severity. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * A path as a URI reference: relative to `root` when the file is under it, else as given; each
 * segment percent-encoded (blanks, %, #, ?, non-ASCII, control characters).
 */
export function artifactUri(file: string, root?: string): string {
  let p = file;
  if (root !== undefined) {
    const rel = path.relative(path.resolve(root), path.resolve(file));
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) p = rel;
  }
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** The tool's rules, in the table's order, each with its summary and the link to its row. */
function driverRules(tool: SarifTool) {
  const page = path.posix.basename(RULES_PAGE);
  return RULES.map((r) => ({
    id: r.id,
    shortDescription: { text: r.summary },
    help: { text: r.action },
    helpUri: `${tool.docsUri}/${page}#${r.anchor}`,
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
}

/** The SARIF result of one finding. */
function result(f: Finding, ruleIndex: ReadonlyMap<string, number>, root?: string) {
  const d = f.diagnostic;
  const region =
    d.line > 0 ? { region: { startLine: d.line, ...(d.column > 0 ? { startColumn: d.column } : {}) } } : {};
  return {
    ruleId: d.ruleId,
    ruleIndex: ruleIndex.get(d.ruleId)!,
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(d.file, root) }, ...region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.job ? { properties: { job: f.job } } : {}),
  };
}

/** The SARIF log of a run's findings; `root` makes file locations relative to it. */
export function sarifLog(findings: readonly Finding[], tool: SarifTool, root?: string) {
  const rules = driverRules(tool);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules },
        },
        results: findings.map((f) => result(f, ruleIndex, root)),
      },
    ],
  };
}
