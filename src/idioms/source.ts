/**
 * `. /etc/default/X`, `[ -r X ] && . X`, `[ -f X ] && . X` (or `test`) in the main script →
 * EnvironmentFile=X (`-X` for the guarded forms, which skip a missing file as systemd's `-` does).
 * Lifted only when the file under --root holds nothing but assignments systemd reads exactly as sh
 * does (`NAME=VALUE` with plain characters, or one '…' / "…" quoted value without `$`, backquote or
 * backslash; blank lines and `#` comments): no `export`, no expansion, no command. Its values are
 * then known to the later commands (folded into ExecStart=); a file missing under --root lifts only
 * in the guarded form, its variables unknown. docs/idioms.md#environment-file.
 */
import { absolutePath } from '../systemd/value';
import type { LeadingRecogniser, ScriptState, Step } from './reduce';
import { commandName, fold, keep, normalPath, one, plainCommand, scriptIsRoot, unwritable } from './setup-common';
import type { Node } from './shell';

const IDIOM = '". /etc/default/X"';

/** Names each script took from the files it sourced, with their values. */
const sourced = new WeakMap<ScriptState, Map<string, string>>();

/** The variables sourced files gave this script so far (name → value under --root). */
export function sourcedVariables(state: ScriptState): ReadonlyMap<string, string> {
  return sourced.get(state) ?? new Map();
}

/** A value sh and systemd's EnvironmentFile= read alike, unquoted; or null. */
function plainValue(v: string): string | null {
  if (/^[A-Za-z0-9_./:,@+=%-]*$/.test(v)) return v;
  const q = /^'([^'\\$`\n]*)'$/.exec(v) ?? /^"([^"\\$`\n]*)"$/.exec(v);
  return q ? q[1]! : null;
}

/** The assignments of a file, or the first line systemd or sh would read differently. */
export function plainAssignments(text: string): { vars: Map<string, string> } | { line: number; why: string } {
  const vars = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/\\$/.test(line)) return { line: i + 1, why: 'a line continued with a backslash' };
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m)
      return {
        line: i + 1,
        why: /^export\s/.test(line) ? '"export", which systemd does not read' : 'not a NAME=VALUE assignment',
      };
    const value = plainValue(m[2]!);
    if (value === null) return { line: i + 1, why: `the value of ${m[1]} is not plain text both read alike` };
    vars.set(m[1]!, value);
  }
  return { vars };
}

/** The sourced file and whether a missing one is skipped: `. F` (no) or `[ -r F ] && . F` (yes); null otherwise. */
function sourcing(
  node: Node,
  state: ScriptState,
): { file: string; optional: boolean; line: number } | { kept: ReturnType<typeof keep>['kept'] } | null {
  const dot = plainCommand(node.kind === 'and' ? node.right : node);
  if (!dot || commandName(dot) !== '.' || dot.words.length !== 2) return null;
  const f = fold(dot, state, IDIOM);
  if ('kept' in f) return f;
  const file = f.fields[1]!;
  if (node.kind !== 'and') return { file, optional: false, line: node.line };
  const test = plainCommand(node.left);
  const t = test ? fold(test, state, IDIOM) : null;
  if (!t || 'kept' in t) return t;
  const ops =
    t.fields[0] === '[' && t.fields[3] === ']' ? t.fields.slice(1, 3) : t.fields[0] === 'test' ? t.fields.slice(1) : [];
  if (ops.length !== 2 || !['-r', '-f', '-e'].includes(ops[0]!) || ops[1] !== file) return null;
  return { file, optional: true, line: node.line };
}

/** `. FILE` → EnvironmentFile=FILE, with the file's values known to later commands. */
export const sourceEnvironmentFile: LeadingRecogniser = {
  name: 'source',
  match(commands, state): Step {
    const s = sourcing(commands[0]!, state);
    if (s === null || 'kept' in s) return s;
    const { file, optional, line } = s;
    const path = normalPath(file);
    if (path === null) return keep(IDIOM, line, `"${file}" is not an absolute path`);
    const svc = state.service;
    if (!scriptIsRoot(svc))
      return keep(IDIOM, line, `the script reads it as ${svc.identity.user}; systemd reads it as root`);
    if (!state.ctx.host.known) return keep(IDIOM, line, 'the file is not under --root (give --root to read it)');
    const text = state.ctx.host.readText(path);
    if (text === null && !optional) return keep(IDIOM, line, `${path} is not under --root: its variables are unknown`);
    const read = text === null ? { vars: new Map<string, string>() } : plainAssignments(text);
    if ('why' in read) return keep(IDIOM, line, `${path} line ${read.line}: ${read.why}`);
    const why = unwritable(absolutePath(path, optional ? '-' : ''), 'EnvironmentFile');
    if (why) return keep(IDIOM, line, why);
    const known = sourced.get(state) ?? new Map<string, string>();
    for (const [k, v] of read.vars) {
      state.env.set(k, v);
      known.set(k, v);
    }
    sourced.set(state, known);
    const names = [...read.vars.keys()];
    return one({
      rule: 'idiom/environment-file',
      line,
      message:
        `main: sourcing ${path} (script line ${line}) lifted: EnvironmentFile=${optional ? '-' : ''}${path}` +
        (text === null
          ? ' (missing under --root: its variables are unknown)'
          : ` (${names.length ? names.join(', ') : 'no variables'} as under --root)`),
      apply: (svc2) => {
        if (!svc2.environment.files.some((f) => f.path === path)) svc2.environment.files.push({ path, optional });
      },
    });
  },
};
