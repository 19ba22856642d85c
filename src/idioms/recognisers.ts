/**
 * The recognisers of the idiom pass, in the order they are tried. A new idiom is a new file with
 * its recogniser, added to one of these lists; the final `exec` recogniser needs the command it
 * replaces and is built per script (exec.ts).
 */
import type { LeadingRecogniser } from './reduce';
import { localAssignment } from './assignments';
import { exportEnvironment } from './export';
import { guardCondition } from './guards';
import { execRedirect } from './output';
import { runtimeDirectory } from './runtime-dir';
import { sourceEnvironmentFile } from './source';
import { ulimitLimit } from './ulimit';
import { changeDirectory } from './workdir';

/** Recognisers of leading set-up commands, tried in order on the first command left. */
export const LEADING: readonly LeadingRecogniser[] = [
  localAssignment,
  // set-up and guards (docs/idioms.md#set-up-and-guards)
  guardCondition,
  sourceEnvironmentFile,
  exportEnvironment,
  changeDirectory,
  ulimitLimit,
  execRedirect,
  runtimeDirectory,
];
