export {
  formatJson,
  jsonReportVersion,
  toJsonReport,
  type JsonFileReport,
  type JsonFinding,
  type JsonReport,
} from './json.js';
export { ruleCatalogue, summarize, type FileReport, type ReportSummary } from './report.js';
export {
  airlockInformationUri,
  artifactUri,
  defaultRuleDocsUrl,
  formatSarif,
  sarifSchemaUri,
  toSarif,
  type SarifFormatOptions,
} from './sarif.js';
export { formatText, summaryLine, type TextFormatOptions } from './text.js';
