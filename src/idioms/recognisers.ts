/**
 * The recognisers of the idiom pass, in the order they are tried. A new idiom is a new file with
 * its recogniser, added to one of these lists; the final `exec` recogniser needs the command it
 * replaces and is built per script (exec.ts).
 */
import type { LeadingRecogniser } from './reduce';
import { localAssignment } from './assignments';

/** Recognisers of leading set-up commands, tried in order on the first command left. */
export const LEADING: readonly LeadingRecogniser[] = [localAssignment];
