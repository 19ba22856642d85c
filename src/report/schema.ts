/**
 * The JSON Schema of the JSON report (`convert --report FILE.json`), printed into docs/report.md
 * (npm run docs) and checked against real reports by a test (ajv). Every object is closed
 * (`additionalProperties: false`): a new field is a schema change, made here and documented.
 */
import { CATEGORIES } from '../systemd/tables/directive-metadata';
import { EXISTING_STATES, REPORT_SCHEMA_ID, REPORT_STATUSES } from './model';

const STRING = { type: 'string' } as const;
const STRINGS = { type: 'array', items: STRING } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;
const SEVERITY = { enum: ['error', 'warning', 'info'] } as const;

/** An object whose every key is required, closed to others. */
function counts(keys: readonly string[]): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: [...keys],
    properties: Object.fromEntries(keys.map((k) => [k, COUNT])),
  };
}

/** A diagnostic, as in `convert --format json` (docs/convert-json.md). */
const DIAGNOSTIC = {
  type: 'object',
  additionalProperties: false,
  required: ['ruleId', 'severity', 'url', 'file', 'line', 'column', 'message'],
  properties: {
    ruleId: { type: 'string', pattern: '^[a-z]+/[a-z0-9-]+$' },
    severity: SEVERITY,
    url: STRING,
    file: STRING,
    line: COUNT,
    column: COUNT,
    endLine: COUNT,
    endColumn: COUNT,
    message: STRING,
    hint: STRING,
  },
};

/** One generated file. */
const FILE = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'content'],
  properties: {
    name: STRING,
    content: STRING,
    path: STRING,
    written: { enum: ['written', 'unchanged', 'would-write', 'exists', 'failed'] },
  },
};

/** One directive that differs from the existing unit. */
const CHANGE = {
  type: 'object',
  additionalProperties: false,
  required: ['section', 'key', 'kind', 'existing', 'generated', 'category', 'message'],
  properties: {
    section: STRING,
    key: STRING,
    kind: { enum: ['added', 'removed', 'changed'] },
    existing: STRINGS,
    generated: STRINGS,
    category: { enum: [...CATEGORIES] },
    message: STRING,
  },
};

/** The comparison of a job's unit with the existing one. */
const EXISTING = {
  type: 'object',
  additionalProperties: false,
  required: ['state', 'unit', 'lookedFor', 'mode', 'changes', 'unified'],
  properties: {
    state: { enum: [...EXISTING_STATES] },
    unit: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'files', 'matchedBy'],
          properties: { name: STRING, files: STRINGS, matchedBy: { enum: ['name', 'rename', 'user', 'alias'] } },
        },
      ],
    },
    lookedFor: STRINGS,
    mode: { enum: ['full', 'dropin'] },
    masked: STRING,
    changes: { type: 'array', items: CHANGE },
    unified: STRING,
  },
};

/** One job. */
const JOB = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'conf', 'status', 'profiles', 'diagnostics', 'files'],
  properties: {
    name: STRING,
    conf: STRING,
    override: STRING,
    status: { enum: [...REPORT_STATUSES] },
    profiles: STRINGS,
    exposure: {
      type: 'object',
      additionalProperties: false,
      properties: { before: { type: 'number' }, after: { type: 'number' } },
    },
    install: {
      type: 'object',
      additionalProperties: false,
      required: ['action'],
      properties: { action: { enum: ['install', 'dropin', 'use-existing', 'skip'] }, reason: STRING },
    },
    diagnostics: { type: 'array', items: { $ref: '#/$defs/diagnostic' } },
    files: { type: 'array', items: FILE },
    existing: EXISTING,
  },
};

/** The counts of the run. */
const SUMMARY = {
  type: 'object',
  additionalProperties: false,
  required: ['jobs', 'status', 'diagnostics', 'rules'],
  properties: {
    jobs: COUNT,
    status: counts(REPORT_STATUSES),
    existing: counts(EXISTING_STATES),
    diagnostics: counts(['error', 'warning', 'info']),
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'severity', 'count'],
        properties: { ruleId: STRING, severity: SEVERITY, count: COUNT },
      },
    },
  },
};

/** The JSON Schema (draft-07) of the JSON report. */
export const REPORT_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'upstart2systemd conversion report',
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'tool', 'target', 'run', 'summary', 'jobs', 'diagnostics'],
  properties: {
    schema: { const: REPORT_SCHEMA_ID },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'upstart2systemd' }, version: STRING },
    },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'systemd'],
      properties: { name: STRING, systemd: COUNT },
    },
    run: {
      type: 'object',
      additionalProperties: false,
      required: ['dryRun', 'check'],
      properties: {
        out: STRING,
        dryRun: { type: 'boolean' },
        check: { type: 'boolean' },
        mode: { enum: ['full', 'dropin', 'auto'] },
      },
    },
    summary: SUMMARY,
    jobs: { type: 'array', items: JOB },
    diagnostics: { type: 'array', items: { $ref: '#/$defs/diagnostic' } },
    exposureNote: STRING,
  },
  $defs: { diagnostic: DIAGNOSTIC },
} as const;

/** The schema as docs/report.md prints it. */
export function renderReportSchema(): string {
  return '```json\n' + JSON.stringify(REPORT_JSON_SCHEMA, null, 2) + '\n```\n';
}
