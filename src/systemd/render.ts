/**
 * Renders unit files through the handlebars templates in templates/ (one per file kind, sharing
 * the `_unit` layout). Values arrive already escaped; templates only lay them out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { UnitFile, UnitKind } from './unit';

/** Where the templates live: the package's templates/ folder (same depth from src/ and dist/). */
export const TEMPLATE_DIR = join(__dirname, '..', '..', 'templates');

type Template = (data: unknown) => string;
let engine: { units: Record<UnitKind, Template>; script: Template } | undefined;

/** Compiles the templates once, with HTML escaping off (unit files are not HTML). */
function templates(): NonNullable<typeof engine> {
  if (engine) return engine;
  const hb = Handlebars.create();
  const load = (name: string): string => readFileSync(join(TEMPLATE_DIR, name), 'utf8');
  hb.registerPartial('unit', load('_unit.hbs'));
  const compile = (name: string): Template => hb.compile(load(name), { noEscape: true, strict: true });
  engine = {
    units: {
      service: compile('service.hbs'),
      socket: compile('socket.hbs'),
      path: compile('path.hbs'),
      dropin: compile('dropin.hbs'),
    },
    script: compile('script.hbs'),
  };
  return engine;
}

/** The text of a unit file. */
export function renderUnit(unit: UnitFile): string {
  return templates().units[unit.kind](unit);
}

/** The text of a helper script (`--scripts files`). */
export function renderScript(data: {
  name: string;
  process: string;
  job: string;
  source: string;
  unit: string;
  installPath: string;
  body: string;
}): string {
  return templates().script(data);
}
