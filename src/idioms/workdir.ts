/**
 * `cd DIR` in the main script: the program starts in DIR, as WorkingDirectory=DIR starts it. The
 * setting is unit-wide, so it is lifted only when the job has no other process (they ran in the
 * job's chdir, `/` by default) or DIR is the job's chdir already. A relative DIR is resolved from
 * where the script stands. docs/idioms.md#working-directory.
 */
import { absolutePath } from '../systemd/value';
import type { LeadingRecogniser, ScriptState, Step } from './reduce';
import { commandName, fold, keep, normalPath, one, othersProblem, plainCommand, unwritable } from './setup-common';

const IDIOM = '"cd DIR"';

/** Where each script stands after the `cd`s lifted so far. */
const cwd = new WeakMap<ScriptState, string>();

/** The directory a `cd` argument names from `from`, or null when it is not a plain directory. */
function resolve(from: string, dir: string): string | null {
  if (dir === '' || dir.startsWith('-')) return null;
  return normalPath(dir.startsWith('/') ? dir : `${from}/${dir}`);
}

/** `cd DIR` → WorkingDirectory=DIR. */
export const changeDirectory: LeadingRecogniser = {
  name: 'cd',
  match(commands, state): Step {
    const c = plainCommand(commands[0]);
    if (!c || commandName(c) !== 'cd') return null;
    const folded = fold(c, state, IDIOM);
    if ('kept' in folded) return folded;
    if (folded.fields.length !== 2) return keep(IDIOM, c.line, '"cd" without exactly one directory');
    const svc = state.service;
    const job = svc.process.workingDirectory ?? '/';
    const dir = resolve(cwd.get(state) ?? job, folded.fields[1]!);
    if (dir === null) return keep(IDIOM, c.line, `"${folded.fields[1]}" is not a plain directory`);
    if (!dir.startsWith('/') || (!folded.fields[1]!.startsWith('/') && state.exported.has('CDPATH')))
      return keep(IDIOM, c.line, 'a relative directory that CDPATH may change');
    const why =
      (dir === job ? undefined : othersProblem(svc, 'WorkingDirectory=')) ??
      unwritable(absolutePath(dir), 'WorkingDirectory');
    if (why) return keep(IDIOM, c.line, why);
    cwd.set(state, dir);
    return one({
      rule: 'idiom/working-directory',
      line: c.line,
      message: `main: "cd" (script line ${c.line}) lifted: WorkingDirectory=${dir}`,
      apply: (s) => {
        s.process.workingDirectory = dir;
      },
    });
  },
};

/** The directory the script stands in at this point (its `cd`s lifted so far, else the job's chdir). */
export function scriptDirectory(state: ScriptState): string {
  return cwd.get(state) ?? state.service.process.workingDirectory ?? '/';
}
