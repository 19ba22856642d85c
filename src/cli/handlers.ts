/**
 * The handlers of the commands that run the pipeline, in one module: main() requires it only when
 * yargs runs one of them, and the build bundles it with the pipeline apart from the command line's
 * declarations (scripts/bundle.js), so `--help` and completion read none of it.
 */
export { collectHandler } from './commands/collect';
export { convertHandler } from './commands/convert';
export { parseHandler } from './commands/parse';
export { profilesListHandler, profilesShowHandler } from './commands/profiles';
