/**
 * Directive values as templates: literal text with `{{name}}` placeholders and nothing else (no
 * helpers, blocks or partials), so a profile is data, which variables a value uses is known when
 * the profile loads, and rendering is one pass over the text.
 */

import { PROFILE_LIMITS } from './limits';

/** A parsed template: literal pieces and variable names, in order. */
export type Template = ReadonlyArray<string | { name: string }>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;

/** Parses a value template, or says where and why it is not one. */
export function parseTemplate(text: string): { template: Template } | { error: string; offset: number } {
  const parts: Array<string | { name: string }> = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    PLACEHOLDER.lastIndex = open;
    const m = PLACEHOLDER.exec(text);
    if (!m) {
      return {
        error: 'a value may use only {{name}} placeholders (a variable name, no helpers or blocks)',
        offset: open,
      };
    }
    literal += text.slice(i, open);
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ name: m[1]! });
    i = open + m[0].length;
  }
  literal += text.slice(i);
  if (literal) parts.push(literal);
  return { template: parts };
}

/** The variable names a template uses, each once. */
export function placeholders(template: Template): string[] {
  return [...new Set(template.flatMap((p) => (typeof p === 'string' ? [] : [p.name])))];
}

/** Variables for rendering: a string, or a list (a value that is a lone `{{list}}` gives one entry per item). */
export type TemplateVariables = Readonly<Record<string, string | readonly string[]>>;

/**
 * Renders a template: a lone `{{list}}` expands to the list's items, anything else is one value
 * (lists joined with spaces, the result trimmed, empty meaning no value). A name without a
 * variable is returned as `missing` (the profile checks catch it before any job is converted), a
 * value longer than PROFILE_LIMITS.valueChars as `tooLong`, rendering stopped there.
 */
export function renderTemplate(
  template: Template,
  vars: TemplateVariables,
): { values: string[] } | { missing: string } | { tooLong: number } {
  const value = (name: string): string | readonly string[] | undefined =>
    Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
  const only = template.length === 1 ? template[0] : undefined;
  if (only !== undefined && typeof only !== 'string') {
    const v = value(only.name);
    if (Array.isArray(v)) return { values: [...(v as readonly string[])] };
  }
  let out = '';
  for (const p of template) {
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    if (out.length > PROFILE_LIMITS.valueChars) return { tooLong: PROFILE_LIMITS.valueChars };
    const v = value(p.name);
    if (v === undefined) return { missing: p.name };
    out += typeof v === 'string' ? v : v.join(' ');
    if (out.length > PROFILE_LIMITS.valueChars) return { tooLong: PROFILE_LIMITS.valueChars };
  }
  out = out.trim();
  return { values: out ? [out] : [] };
}
