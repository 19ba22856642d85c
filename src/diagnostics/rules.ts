/**
 * The rule table: every rule id the tool can report, keyed by id, with its one severity, what it
 * means and what to do (one file per family in rules/). `RuleId` is derived from the table,
 * so code can only report documented rules; docs/rules.md is rendered from it (`npm run docs`).
 */
import { CONVERT_RULES } from './rules/convert';
import { DIFF_RULES } from './rules/diff';
import { HARDEN_RULES } from './rules/harden';
import { IDIOM_EVENT_RULES } from './rules/idiom-events';
import { IDIOM_RULES } from './rules/idiom';
import { INPUT_RULES } from './rules/input';
import { INTERNAL_RULES } from './rules/internal';
import { OUTPUT_RULES } from './rules/output';
import { PARSE_RULES } from './rules/parse';
import type { RuleSpec } from './rules/spec';
import { TARGET_RULES } from './rules/target';
import { UPSTART_RULES } from './rules/upstart';

export type { RuleSpec, Severity } from './rules/spec';

/** Every rule by id, in the order docs/rules.md lists them (grouped by pipeline stage). */
export const RULE_TABLE = {
  ...INPUT_RULES,
  ...PARSE_RULES,
  ...UPSTART_RULES,
  ...CONVERT_RULES,
  ...IDIOM_EVENT_RULES,
  ...IDIOM_RULES,
  ...INTERNAL_RULES,
  ...TARGET_RULES,
  ...OUTPUT_RULES,
  ...HARDEN_RULES,
  ...DIFF_RULES,
} as const satisfies Record<string, RuleSpec>;

/** A rule id the tool can report, e.g. `convert/event-dead`. */
export type RuleId = keyof typeof RULE_TABLE;

/** The page documenting the rules, relative to the package root; diagnostics link into it. */
export const RULES_PAGE = 'docs/rules.md';

/** One documented rule: its row of the table, with its id and where it is documented. */
export interface RuleDoc extends RuleSpec {
  id: RuleId;
  /** The anchor of its row in docs/rules.md, e.g. `convert-event-dead`. */
  anchor: string;
  /** The link to that row, e.g. `docs/rules.md#convert-event-dead`. */
  url: string;
}

/** The anchor of a rule's row: its id with the slash as a hyphen (ids are lower-case words and hyphens). */
export function ruleAnchor(id: RuleId): string {
  return id.replace('/', '-');
}

/** Every rule in table order, with its anchor and link. */
export const RULES: readonly RuleDoc[] = (Object.keys(RULE_TABLE) as RuleId[]).map((id) => ({
  id,
  ...RULE_TABLE[id],
  anchor: ruleAnchor(id),
  url: `${RULES_PAGE}#${ruleAnchor(id)}`,
}));

const BY_ID: ReadonlyMap<RuleId, RuleDoc> = new Map(RULES.map((r) => [r.id, r]));

/** Looks a rule up by id (every id has a row: the type says so). */
export function ruleDoc(id: RuleId): RuleDoc {
  return BY_ID.get(id)!;
}

/** True when a string from outside the code (a config file, JSON) is a rule id of the table. */
export function isRuleId(id: string): id is RuleId {
  return BY_ID.has(id as RuleId);
}

/** Headings of the families in docs/rules.md. */
const TITLES: Record<string, string> = {
  input: 'input — reading files',
  parse: 'parse — what the real Upstart parser rejects',
  upstart: 'upstart — loads, but does not do what it seems to',
  convert: 'convert — mapping a job to systemd',
  idiom: 'idiom — shell and event idioms lifted into directives (--style native)',
  target: 'target — the target systemd version',
  harden: 'harden — sandboxing profiles',
  diff: 'diff — existing units',
  output: 'output — writing files',
  internal: 'internal — faults of the tool itself',
};

/** Escapes what would end a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Renders docs/rules.md: one table per family, one row per rule, each row with the anchor its diagnostics link to. */
export function renderRulesMarkdown(): string {
  const groups = new Map<string, RuleDoc[]>();
  for (const r of RULES) {
    const g = r.id.split('/')[0]!;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  let md =
    '# Rule ids\n\nEvery diagnostic carries a stable rule id and a link to its row on this page (`url`). ' +
    'This page is generated from the rule table (`src/diagnostics/rules.ts`, one file per family in ' +
    '`src/diagnostics/rules/`) by `npm run docs`; ' +
    'a test fails when it is out of date.\n\n';
  md +=
    'Severity: **error** — the job is not converted (or the command fails); ' +
    '**warning** — converted, but meaning is lost or approximated; **info** — advice. ' +
    'A rule always has the severity listed here.\n';
  for (const [g, rules] of groups) {
    md += `\n## ${TITLES[g] ?? g}\n\n| rule id | severity | what it means | what to do |\n|---|---|---|---|\n`;
    for (const r of rules)
      md += `| <a name="${r.anchor}"></a>\`${r.id}\` | ${r.severity} | ${cell(r.summary)} | ${cell(r.action)} |\n`;
  }
  return md;
}
