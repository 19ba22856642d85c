/**
 * The CLI from the TypeScript sources, for tests that must run it in another process (as another
 * user, in a mount namespace): `tsx tests/helpers/cli-main.ts convert …`.
 */
import { main } from '../../src/cli/main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
