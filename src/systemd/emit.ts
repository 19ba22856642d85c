/**
 * The emission check: every unit, drop-in and helper script is rendered here and read back before
 * anything is written. A unit is read with our own reader of systemd's syntax (unit-parser.ts)
 * and must hold exactly the sections, keys and values of the model (each value read back as
 * systemd reads its kind, value.ts) with every line within the target's limit; a script's header
 * must be comments and its body the model's. What fails is an error diagnostic for the job, and
 * the file is not emitted.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic, Place } from '../diagnostics/diagnostic';
import { MAX_LINE } from './tables/targets';
import type { Target } from './target';
import type { UnitFile } from './unit';
import { parseUnitFile } from './unit-parser';
import { type ScriptHeader, renderScript, renderUnit } from './render';
import { describeValue, readsBackAs } from './value';
import { visibleText } from './value-rules';

/** A file ready to be written. */
export interface EmittedFile {
  name: string;
  content: string;
  mode?: number;
}

/** The file (absent when it failed the check) and what the check found. */
export interface Emission {
  file?: EmittedFile;
  diagnostics: Diagnostic[];
}

/** How many differences a read-back message lists. */
const SHOWN = 3;

/** Whether every line before the first section header is empty or a comment. */
function headerIsComments(content: string): boolean {
  for (let start = 0; start <= content.length;) {
    const end = content.indexOf('\n', start);
    const stop = end < 0 ? content.length : end;
    const first = content[start];
    if (first === '[') return true;
    if (stop > start && first !== '#') return false;
    if (end < 0) return true;
    start = end + 1;
  }
  return true;
}

/** The differences between a unit's text read back and the unit model ('' lists none). */
export function readBackUnit(unit: UnitFile, content: string): string[] {
  const out: string[] = [];
  if (/[\r\0]/.test(content)) out.push('the text holds a carriage return or NUL, which ends a line');
  if (!headerIsComments(content)) out.push('a header line is not a comment');
  const parsed = parseUnitFile(content, unit.name);
  for (const d of parsed.diagnostics) out.push(`line ${d.line}: ${d.message}`);
  const want = unit.sections.filter((s) => s.entries.length > 0);
  const got = parsed.sections.filter((s) => s.entries.length > 0);
  if (want.map((s) => s.name).join() !== got.map((s) => s.name).join())
    out.push(`sections [${got.map((s) => s.name).join('] [')}] instead of [${want.map((s) => s.name).join('] [')}]`);
  want.forEach((s, i) => {
    const read = got[i]?.entries ?? [];
    if (read.length !== s.entries.length)
      out.push(`[${s.name}] has ${read.length} settings instead of ${s.entries.length}`);
    s.entries.forEach((e, j) => {
      const r = read[j];
      if (!r) return;
      if (r.key !== e.key) out.push(`line ${r.line}: ${visibleText(r.key)}= instead of ${e.key}=`);
      else if (!readsBackAs(e.typed, r.value))
        out.push(`line ${r.line}: ${e.key}= reads back as ${JSON.stringify(r.value)}, not ${describeValue(e.typed)}`);
    });
  });
  return out;
}

/** Each physical line longer than the target's systemd reads as one: the key (or comment) and its length in bytes. */
function longLines(content: string, target: Target): Array<{ what: string; bytes: number }> {
  if (!(target.maxLineLength < MAX_LINE.LONG_LINE_MAX)) return [];
  return content
    .split('\n')
    .map((l) => ({ l, bytes: Buffer.byteLength(l) }))
    .filter(({ bytes }) => bytes > target.maxLineLength)
    .map(({ l, bytes }) => ({ what: l.startsWith('#') ? 'a comment line' : `${l.slice(0, l.indexOf('='))}=`, bytes }));
}

/**
 * Renders a unit for the target and checks it: values that could not be written, lines the
 * target would split, and the text read back against the model. `where` is where diagnostics
 * without a place of their own point (the job file).
 */
export function emitUnit(unit: UnitFile, target: Target, where: Place): Emission {
  const diagnostics: Diagnostic[] = [];
  for (const u of unit.unwritable ?? []) {
    diagnostics.push(
      diagnostic(
        'output/unwritable-value',
        'at' in u.value && u.value.at ? u.value.at : where,
        `${unit.name}: [${u.section}] ${u.key}=${visibleText(describeValue(u.value))} cannot be written: ${u.problem}`,
        'change the value in the job (or the profile or --var it came from); the unit is not written',
      ),
    );
  }
  const content = renderUnit(unit, { lineLimit: target.maxLineLength });
  for (const { what, bytes } of longLines(content, target)) {
    diagnostics.push(
      diagnostic(
        'target/line-too-long',
        where,
        `${unit.name}: ${what} is ${bytes} bytes long; systemd ${target.systemd} reads only ` +
          `${target.maxLineLength} of a unit-file line and takes the rest as another line`,
        'shorten the value (a helper script, an EnvironmentFile=), or choose a --target with systemd ' +
          `${MAX_LINE.longLinesSince} or newer`,
      ),
    );
  }
  const differences = readBackUnit(unit, content);
  if (differences.length) {
    diagnostics.push(
      diagnostic(
        'internal/read-back-mismatch',
        where,
        `${unit.name}: the rendered file does not read back as the unit meant ` +
          `(${differences.slice(0, SHOWN).join('; ')}${differences.length > SHOWN ? '; …' : ''})`,
        'the file is not written; please report this with the job file',
      ),
    );
  }
  return diagnostics.length ? { diagnostics } : { file: { name: unit.name, content }, diagnostics };
}

/** A helper script as the model holds it: file name, install path, what its header says, and its shell code. */
export interface ScriptSpec {
  fileName: string;
  installPath: string;
  header: Omit<ScriptHeader, 'name' | 'installPath'>;
  body: string;
}

/** The shell line every helper script starts with. */
const SHEBANG = '#!/bin/sh -e';

/** The differences between a helper script's text and its model: header lines that are not comments, another body. */
export function readBackScript(script: ScriptSpec, content: string): string[] {
  const out: string[] = [];
  const lines = content.split('\n');
  if (lines[0] !== SHEBANG) out.push(`the first line is not ${SHEBANG}`);
  const header = lines.slice(1, 3);
  if (header.length < 2 || header.some((l) => !l.startsWith('# ') || /[\r\0\u0085\u2028\u2029]/.test(l)))
    out.push('a header line is not a plain comment');
  const body = lines.slice(3).join('\n');
  if (!body.startsWith(script.body) || body.slice(script.body.length).trim() !== '')
    out.push('the body differs from the script');
  return out;
}

/** Renders a helper script and checks it (header lines are comments, the body is the model's). */
export function emitScript(script: ScriptSpec, where: Place): Emission {
  const content = renderScript({
    ...script.header,
    name: script.fileName,
    installPath: script.installPath,
    body: script.body,
  });
  const differences = readBackScript(script, content);
  if (!differences.length) return { file: { name: script.fileName, content, mode: 0o755 }, diagnostics: [] };
  return {
    diagnostics: [
      diagnostic(
        'internal/read-back-mismatch',
        where,
        `${script.fileName}: the rendered script does not read back as meant (${differences.join('; ')})`,
        'the file is not written; please report this with the job file',
      ),
    ],
  };
}
