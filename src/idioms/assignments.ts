/**
 * `NAME=VALUE` on a line of its own, for a variable the daemon does not see (not in the job's
 * environment, never exported): it only feeds later words, so it is folded into them and leaves no
 * setting. An assignment to an exported name changes the daemon's environment: not this recogniser's.
 */
import type { LeadingRecogniser } from './reduce';
import { expandValue } from './shell';

/** Folds script-local assignments into the known variables (an unknown value makes the name unknown). */
export const localAssignment: LeadingRecogniser = {
  name: 'local assignment',
  match(commands, state) {
    const c = commands[0]!;
    if (c.kind !== 'simple' || c.words.length || c.redirects.length || !c.assigns.length) return null;
    if (c.assigns.some((a) => state.exported.has(a.name))) return null;
    for (const a of c.assigns) {
      const v = expandValue(a.value, state.env);
      if (v.ok) state.env.set(a.name, v.value);
      else state.env.delete(a.name);
    }
    return { consumed: 1, lifts: [] };
  },
};
