/**
 * Renders unit files and helper scripts through the handlebars templates in templates/ (one per
 * file kind, sharing the `_unit` layout). The templates hold only the layout: every value is the
 * text value.ts's writer made from its typed form (UnitBuilder), and every comment line made safe
 * (control characters and line separators shown as escapes, lines cut to the target's limit).
 * emit.ts reads the result back before anything is written.
 */
import { join } from 'node:path';
import type HandlebarsApi from 'handlebars';
import { TEMPLATE_SPECS } from './templates.generated';
import type { UnitFile, UnitKind } from './unit';
import { visibleText } from './value-rules';

/** Where the templates live: the package's templates/ folder (same depth from src/ and dist/). */
export const TEMPLATE_DIR = join(__dirname, '..', '..', 'templates');

type Template = (data: unknown) => string;
let engine: { units: Record<UnitKind, Template>; script: Template } | undefined;

/**
 * The templates, precompiled from templates/*.hbs at build time (scripts/precompile-templates.js,
 * with HTML escaping off: unit files are not HTML) and run on handlebars' runtime alone, made once.
 */
function templates(): NonNullable<typeof engine> {
  if (engine) return engine;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime has no typings of its own
  const hb = (require('handlebars/runtime') as typeof HandlebarsApi).create();
  hb.registerPartial('unit', hb.template(TEMPLATE_SPECS._unit));
  engine = {
    units: {
      service: hb.template(TEMPLATE_SPECS.service),
      socket: hb.template(TEMPLATE_SPECS.socket),
      path: hb.template(TEMPLATE_SPECS.path),
      target: hb.template(TEMPLATE_SPECS.target),
      dropin: hb.template(TEMPLATE_SPECS.dropin),
    },
    script: hb.template(TEMPLATE_SPECS.script),
  };
  return engine;
}

/** How a unit is laid out: the longest physical line (in bytes) the target's systemd reads whole. */
export interface RenderOptions {
  lineLimit?: number;
}

/**
 * One header note as comment lines (without the `# `): control characters and line separators
 * shown as escapes, and cut so that `# ` plus each piece fits in `limit` bytes.
 */
export function commentLines(note: string, limit = Infinity): string[] {
  const shown = visibleText(note);
  const room = limit - 2;
  if (Buffer.byteLength(shown) <= room) return [shown];
  const out: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const c of shown) {
    const n = Buffer.byteLength(c);
    if (bytes + n > room && piece) {
      out.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += c;
    bytes += n;
  }
  out.push(piece);
  return out;
}

/**
 * What the unit template lays out: escaped header lines and each entry's written value (written by
 * value.ts's writer from its typed form when the entry was made: UnitBuilder keeps only values it
 * could write). emit.ts reads the text back against the typed values.
 */
function layout(unit: UnitFile, opts: RenderOptions): unknown {
  return {
    header: unit.header.flatMap((h) => commentLines(h, opts.lineLimit)),
    sections: unit.sections.map((s) => ({
      name: s.name,
      entries: s.entries.map((e) => ({ key: e.key, value: e.value })),
    })),
  };
}

/** The text of a unit file; a value that cannot be written is left out (emit.ts reports it). */
export function renderUnit(unit: UnitFile, opts: RenderOptions = {}): string {
  return templates().units[unit.kind](layout(unit, opts));
}

/** What a helper script's header says, as plain text (the renderer makes each field a safe comment). */
export interface ScriptHeader {
  name: string;
  process: string;
  job: string;
  source: string;
  unit: string;
  installPath: string;
}

/** The text of a helper script (`--scripts files`): its header comment, then the shell code as it is. */
export function renderScript(data: ScriptHeader & { body: string }): string {
  const safe = Object.fromEntries(
    (['name', 'process', 'job', 'source', 'unit', 'installPath'] as const).map((k) => [k, visibleText(data[k])]),
  );
  return templates().script({ ...safe, body: data.body });
}
