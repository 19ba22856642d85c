/**
 * The bundled presets as documentation: docs/profiles.md's list (each preset's description,
 * parents, condition, variables, and every directive with its value and reason) and the README's
 * list of names, rendered from the loaded profiles/*.yaml so the docs say what the files do; and
 * the allow-list of what a profile may set, with the values each directive takes.
 */
import { ALLOWED_GROUPS } from './allowed';
import { describeCondition } from './conditions';
import type { Profile } from './profile';

/** Escapes a table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Inline code, or a word for the empty string. */
function code(s: string): string {
  return s === '' ? 'empty' : `\`${s}\``;
}

/** A link to a preset's own section on the same page. */
function presetLink(name: string): string {
  return `[\`${name}\`](#${name})`;
}

/** A sentence from a one-line description. */
function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** One preset's section: what it does, when it applies, its variables, and its directives. */
function renderPreset(p: Profile): string {
  const lines = [`### \`${p.name}\``, '', sentence(p.description)];
  if (p.extends.length) lines.push(`Extends ${p.extends.map(presetLink).join(', ')} (applied first).`);
  if (p.when) lines.push(`Applies only when ${describeCondition(p.when)}.`);
  const vars = Object.entries(p.variables);
  if (vars.length)
    lines.push(`Variables (set with \`--var\`): ${vars.map(([k, v]) => `\`${k}\` = ${code(v)}`).join(', ')}.`);
  lines.push('', '| directive | value | why |', '|---|---|---|');
  for (const d of p.directives) {
    const why = (d.reason ?? '') + (d.when ? ` (only when ${describeCondition(d.when)})` : '');
    lines.push(`| \`${d.key}=\` | ${cell(code(d.values.join(' ')))} | ${cell(why)} |`);
  }
  return lines.join('\n') + '\n';
}

/** docs/profiles.md's presets: a summary table, then one section per preset. */
export function renderPresets(presets: readonly Profile[]): string {
  const summary = presets.map(
    (p) => `| ${presetLink(p.name)} | ${cell(p.description)} | ${p.extends.map(presetLink).join(', ') || '—'} |`,
  );
  return [
    ['| preset | what it does | extends |', '|---|---|---|', ...summary].join('\n') + '\n',
    ...presets.map(renderPreset),
  ].join('\n');
}

/** The README's inline list of preset names. */
export function renderPresetNames(presets: readonly Profile[]): string {
  return presets.map((p) => `\`${p.name}\``).join(', ');
}

/** docs/profiles.md's allow-list: per group, each directive with the values it takes (same kinds share a row). */
export function renderAllowedDirectives(): string {
  const lines = ['| group | directives | values |', '|---|---|---|'];
  for (const g of ALLOWED_GROUPS) {
    const byKind = new Map<string, string[]>();
    for (const [key, kind] of Object.entries(g.directives))
      byKind.set(kind.describe, [...(byKind.get(kind.describe) ?? []), key]);
    for (const [values, keys] of byKind)
      lines.push(`| ${g.name} | ${keys.map((k) => `\`${k}=\``).join(', ')} | ${cell(`\`${values}\``)} |`);
  }
  return lines.join('\n') + '\n';
}
