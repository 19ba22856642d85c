/**
 * The documentation generated from code, by repository path: scripts/docs.js (`npm run docs`)
 * writes it and tests/docs.test.ts checks the committed copies are current. A page is generated
 * whole (rules, mapping, the man page), or written by hand around generated blocks — the text between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` — which are re-rendered in place.
 */
import { renderRulesMarkdown } from './diagnostics/rules';
import { renderMappingMarkdown } from './convert/mapping-doc';
import { renderTargetList, renderTargetTable } from './systemd/targets-doc';
import { loadProfile, presetNames, type Profile } from './harden/profile';
import { renderAllowedDirectives, renderPresetNames, renderPresets } from './harden/presets-doc';
import { renderJobFieldTable } from './upstart/job-model-doc';
import { renderReportSchema } from './report/schema';
import { renderExitCodeList, renderExitCodeTable } from './cli/exit-codes';
import { manPage } from './cli/manual';

/** Renders a page from its committed text (a whole-page renderer ignores it). */
export type DocRenderer = (current: string) => string;

/** The markers around a generated block. */
function markers(name: string): [string, string] {
  return [`<!-- generated:${name} -->`, `<!-- /generated:${name} -->`];
}

/**
 * Re-renders each named block of a page between its markers. A marker alone on its line holds a
 * block (set off by blank lines); one inside a line holds inline text. A block without its markers,
 * or a marker nobody renders, is a mistake in the page and throws, so the docs test names it.
 */
export function fillGeneratedBlocks(page: string, blocks: Readonly<Record<string, () => string>>): string {
  for (const m of page.matchAll(/<!-- generated:([\w-]+) -->/g)) {
    if (!(m[1]! in blocks)) throw new Error(`no renderer for the generated block "${m[1]}"`);
  }
  let out = page;
  for (const [name, render] of Object.entries(blocks)) {
    const [open, close] = markers(name);
    const start = out.indexOf(open);
    const end = out.indexOf(close, start);
    if (start < 0 || end < 0) throw new Error(`the page has no "${open}" … "${close}" block`);
    if (out.includes(open, end)) throw new Error(`the page has two "${open}" blocks`);
    const inner = start + open.length;
    const block = out[inner] === '\n' ? `\n\n${render().trimEnd()}\n\n` : render();
    out = out.slice(0, inner) + block + out.slice(end);
  }
  return out;
}

/** The bundled presets, loaded; an invalid one is a bug in the repository, so it throws. */
function bundledPresets(): Profile[] {
  return presetNames().map((name) => {
    const { profile, diagnostics } = loadProfile(name);
    if (!profile) throw new Error(`preset ${name} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
    return profile;
  });
}

/** Generated docs: repository path → renderer. */
export const GENERATED_DOCS: Record<string, DocRenderer> = {
  'docs/rules.md': renderRulesMarkdown,
  'docs/mapping.md': renderMappingMarkdown,
  'docs/targets.md': (page) => fillGeneratedBlocks(page, { targets: () => renderTargetTable() }),
  'docs/profiles.md': (page) =>
    fillGeneratedBlocks(page, {
      presets: () => renderPresets(bundledPresets()),
      'allowed-directives': () => renderAllowedDirectives(),
    }),
  'docs/job-model.md': (page) => fillGeneratedBlocks(page, { 'job-fields': () => renderJobFieldTable() }),
  'docs/report.md': (page) => fillGeneratedBlocks(page, { 'report-schema': () => renderReportSchema() }),
  'docs/cli.md': (page) => fillGeneratedBlocks(page, { 'exit-codes': () => renderExitCodeTable() }),
  'README.md': (page) =>
    fillGeneratedBlocks(page, {
      targets: () => renderTargetList(),
      presets: () => renderPresetNames(bundledPresets()),
      'exit-codes': () => renderExitCodeList(),
    }),
  'man/upstart2systemd.1': () => manPage(),
};
