/**
 * The report of a conversion run (`convert --report FILE`): the typed report value, the counts
 * the terminal's summary shares, and its Markdown, HTML and JSON renderings (docs/report.md).
 * The pipeline builds the value from its result (src/pipeline/report.ts); the CLI writes it.
 */
export * from './model';
export { reportStatus, summarizeJobs } from './summary';
export { renderMarkdown } from './markdown';
export { renderHtml } from './html';
export { REPORT_JSON_SCHEMA, renderReportSchema } from './schema';
export {
  REPORT_EXTENSIONS,
  type ReportFormat,
  renderJson,
  renderReport,
  reportFormatOf,
  writeReportFile,
} from './write';
export { exposureText, installText, placeOf, severityCounts } from './words';
