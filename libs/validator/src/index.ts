export { childNodes, calleeOf, memberPath, propertyName, staticString, type Node } from './ast.js';
export {
  parseValidatorConfig,
  resolveConfig,
  validatorConfigSchema,
  type ActiveRule,
  type ResolvedConfig,
  type RuleLevel,
  type ValidatorConfig,
} from './config.js';
export {
  formatJson,
  formatSarif,
  formatText,
  ruleCatalogue,
  summarize,
  summaryLine,
  toJsonReport,
  toSarif,
  type FileReport,
  type JsonReport,
  type ReportSummary,
  type SarifFormatOptions,
  type TextFormatOptions,
} from './format/index.js';
export { inputChecks } from './input-checks.js';
export { checkLimits, defaultLimits, type ValidatorLimits } from './limits.js';
export { type CodeNeeds } from './needs.js';
export { languageOfFile, parseSource } from './parse.js';
export type {
  Report,
  Rule,
  RuleCategory,
  RuleContext,
  RuleMeta,
  RuleOptionKind,
  Visitors,
} from './rule.js';
export { allRules } from './rules/index.js';
export {
  createValidator,
  validate,
  type ValidateOptions,
  type ValidationResult,
  type Validator,
} from './validator.js';
export { memoizeValidator } from './memoize.js';
