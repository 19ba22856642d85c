/**
 * `export A=B`, or `export A` after `A=B`, in the main script: the daemon gets A=B in its
 * environment, as Environment=A=B gives it. Environment= is unit-wide, so it is lifted only when
 * the job has no other process that would see A too; the value must fold (known variables only),
 * no later command of the script may assign A again, and an EnvironmentFile= of the job that may set
 * A would override it (the file's value wins in systemd, the later export in sh).
 * docs/idioms.md#environment.
 */
import type { LeadingRecogniser, ScriptState, Step } from './reduce';
import { commandName, keep, one, othersProblem, plainCommand, unwritable } from './setup-common';
import { type Node, type Word, expandValue, literal } from './shell';
import { sourcedVariables } from './source';

const IDIOM = '"export A=B"';

/** Whether a command (or one inside it) assigns the name, or exports it again. */
function assigns(node: Node, name: string): boolean {
  if (node.kind === 'group') return node.body.some((n) => assigns(n, name));
  if (node.kind !== 'simple') return assigns(node.left, name) || assigns(node.right, name);
  if (node.assigns.some((a) => a.name === name)) return true;
  const first = node.words[0] ? literal(node.words[0]) : null;
  return (
    (first === 'export' || first === 'read' || first === 'unset' || first === 'readonly') &&
    node.words.slice(1).some((w) => (literal(w) ?? w.source).split('=')[0] === name)
  );
}

/** The name and value one `export` argument gives, or why it cannot be lifted. */
function exported(word: Word, state: ScriptState): { name: string; value: string } | string {
  const head = word.parts[0];
  const text = head && 'text' in head && !head.quoted ? head.text : '';
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(=?)/.exec(text);
  if (!m) return `"${word.source}" is not NAME or NAME=VALUE`;
  const name = m[1]!;
  if (!m[2]) {
    if (word.parts.length !== 1 || text !== name) return `"${word.source}" is not NAME or NAME=VALUE`;
    const v = state.env.get(name);
    return v === undefined ? `$${name} has no value known to the pass` : { name, value: v };
  }
  const rest = text.slice(m[0].length);
  const value = expandValue(
    { parts: [...(rest ? [{ text: rest, quoted: false }] : []), ...word.parts.slice(1)], source: word.source },
    state.env,
  );
  return value.ok ? { name, value: value.value } : value.why;
}

/** `export A=B` / `export A` → Environment=A=B. */
export const exportEnvironment: LeadingRecogniser = {
  name: 'export',
  match(commands, state): Step {
    const c = plainCommand(commands[0]);
    if (!c || commandName(c) !== 'export' || c.words.length < 2) return null;
    const svc = state.service;
    const vars: Array<{ name: string; value: string }> = [];
    for (const w of c.words.slice(1)) {
      const got = exported(w, state);
      if (typeof got === 'string') return keep(IDIOM, c.line, got);
      vars.push(got);
    }
    const fromFile = sourcedVariables(state);
    const lifted = vars.filter((v) => fromFile.get(v.name) !== v.value);
    for (const { name } of vars) {
      if (commands.slice(1).some((n) => assigns(n, name)))
        return keep(IDIOM, c.line, `a later command sets ${name} again`);
      if (fromFile.has(name) && fromFile.get(name) !== state.env.get(name))
        return keep(
          IDIOM,
          c.line,
          `${name} comes from an EnvironmentFile=, whose value systemd puts over Environment=`,
        );
    }
    if (lifted.length && svc.environment.files.length)
      return keep(IDIOM, c.line, "the job's EnvironmentFile= may set the same names, and systemd lets it win");
    const why =
      (lifted.length ? othersProblem(svc, 'Environment=') : undefined) ??
      lifted.map((v) => unwritable({ kind: 'env', name: v.name, value: v.value }, 'Environment')).find(Boolean);
    if (why) return keep(IDIOM, c.line, why);
    for (const v of vars) state.env.set(v.name, v.value);
    const text = vars.map((v) =>
      lifted.includes(v) ? `Environment=${v.name}=${JSON.stringify(v.value)}` : `${v.name} (EnvironmentFile=)`,
    );
    return one({
      rule: 'idiom/environment',
      line: c.line,
      message: `main: "export" (script line ${c.line}) lifted: ${text.join(', ')}`,
      apply: (s) => {
        for (const v of lifted) {
          s.environment.vars = s.environment.vars.filter((e) => e.name !== v.name);
          s.environment.vars.push({ name: v.name, value: v.value });
        }
      },
    });
  },
};
