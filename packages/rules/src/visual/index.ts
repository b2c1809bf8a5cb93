/** Visual mode (field mappings compiled from the config) and Basic mode (a fixed Visual mapping). */
export { compileVisualRules } from './compile-visual-rules.ts';
export { basicVisualRules, compileBasicRules } from './basic-rules.ts';
export { checkVisualAgainstCatalog } from './check-visual-catalog.ts';
export { visualScopeJql } from './scope-filter.ts';
export type {
  CompileVisualInput,
  VisualConstantValue,
  VisualMapping,
  VisualRules,
  VisualScopeFilter,
  VisualUnmatchedPolicy,
} from './visual-rules-config.ts';
