/**
 * The documentation pages generated from code, by path; scripts/docs.ts writes them and a test
 * checks the committed copies are current.
 */
import { renderRulesMarkdown } from './diagnostics/rules';
import { renderMappingMarkdown } from './convert/mapping-doc';

/** Generated docs: repository path → renderer. */
export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/rules.md': renderRulesMarkdown,
  'docs/mapping.md': renderMappingMarkdown,
};
