/**
 * One `directives:` entry of a profile, short or long form, read into a DirectiveSpec or refused:
 * a name systemd does not know (with a suggestion), a directive a profile may not set
 * (allowed.ts), a list for a single-valued directive, a value that is not a {{name}} template,
 * has a control character or — when it has no variables — is not what the directive takes.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { isKnownDirective, sectionsOf, suggestDirective } from '../systemd/directives';
import { isListDirective } from '../systemd/unit';
import { allowedDirective, checkDirectiveValue } from './allowed';
import type { Condition } from './conditions';
import { PROFILE_LIMITS } from './limits';
import { parseTemplate, placeholders } from './template';
import { controlCharacter, mode, shown } from './values';
import type { LineCol } from './yaml';

/** One directive of a profile: where it goes, its value template(s), why, and when. */
export interface DirectiveSpec {
  section: string;
  key: string;
  values: string[];
  reason?: string;
  when?: Condition;
  /** The profile that set it, and where (the key). */
  profile: string;
  file: string;
  at: LineCol;
  /** Where each value is written, when known (errors about a value point there). */
  valuesAt?: LineCol[];
}

/** What reading an entry needs: the profile's name and file, and positions in it. */
export interface EntryContext {
  name: string;
  file: string;
  positionOf(path: Array<string | number>, keyOf?: boolean): LineCol;
}

/** The long form of an entry, as the schema allows it. */
interface LongForm {
  value: unknown;
  reason?: string;
  when?: Condition;
  section?: string;
}

/** The name is one systemd knows, and one a profile may set in that section; the error otherwise. */
function nameProblem(section: string, key: string, at: LineCol, file: string): Diagnostic | undefined {
  if (!sectionsOf(key).length) {
    const guess = suggestDirective('Service', key) ?? suggestDirective('Unit', key);
    return diagnostic(
      'harden/unknown-directive',
      { file, ...at },
      `unknown directive ${shown(key)} in [${section}]`,
      guess ? `did you mean ${guess}?` : 'check the name in systemd.directives(7)',
    );
  }
  if (allowedDirective(section, key)) return undefined;
  return diagnostic(
    'harden/directive-not-allowed',
    { file, ...at },
    `a profile may not set ${key}= in [${section}]: it is not sandboxing, a file-system view, resource control, ` +
      'a limit or the identity a sandbox needs',
    'a profile hardens what the job runs; its commands, ordering, dependencies, type, restarts, user and environment ' +
      'come from the job (docs/profiles.md#what-a-profile-may-set)',
  );
}

/** The problems of one value as written: a control character, not a template, or (without variables) a bad value. */
function valueProblem(key: string, raw: unknown, text: string): string | undefined {
  if (typeof raw === 'number' && allowedDirective('Service', key) === mode)
    return `write the mode as a quoted string (YAML reads ${text} as a decimal number), e.g. "0027"`;
  const parsed = parseTemplate(text);
  if ('error' in parsed) return `${shown(text)}: ${parsed.error}`;
  // a template is checked whole once its variables are known; its own text never has a control character
  if (placeholders(parsed.template).length || text === '') {
    const control = controlCharacter(text);
    return control && `${shown(text)} ${control}`;
  }
  return checkDirectiveValue(key, text);
}

/** Reads one `directives:` entry: its spec, or every reason it cannot be applied. */
export function readEntry(
  key: string,
  raw: unknown,
  ctx: EntryContext,
): { spec: DirectiveSpec } | { diagnostics: Diagnostic[] } {
  const { file } = ctx;
  const at = ctx.positionOf(['directives', key], true);
  const long = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as LongForm) : undefined;
  const section = long?.section ?? (isKnownDirective('Unit', key) ? 'Unit' : 'Service');
  const refused = nameProblem(section, key, at, file);
  if (refused) return { diagnostics: [refused] };
  const value = long ? long.value : raw;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length > 1 && !isListDirective(key)) {
    return {
      diagnostics: [diagnostic('harden/profile-invalid', { file, ...at }, `${key} takes one value, not a list`)],
    };
  }
  const base: Array<string | number> = long ? ['directives', key, 'value'] : ['directives', key];
  const valuesAt = list.map((_, i) => ctx.positionOf(Array.isArray(value) ? [...base, i] : base));
  const values = list.map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)));
  const diagnostics: Diagnostic[] = [];
  for (const [i, v] of values.entries()) {
    if (diagnostics.length >= PROFILE_LIMITS.problems) break;
    const why = valueProblem(key, list[i], v);
    if (why) diagnostics.push(diagnostic('harden/invalid-value', { file, ...valuesAt[i]! }, `${key}: ${why}`));
  }
  if (diagnostics.length) return { diagnostics };
  return {
    spec: {
      section,
      key,
      values,
      ...(long?.reason ? { reason: long.reason } : {}),
      ...(long?.when ? { when: long.when } : {}),
      profile: ctx.name,
      file,
      at,
      valuesAt,
    },
  };
}
