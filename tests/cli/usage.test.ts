/**
 * The command line when the operator asks for help or errs: `-h` as `--help` everywhere, "did you
 * mean" for near-miss commands, options, targets and profile names, release code names as targets,
 * and clear usage errors (exit 2).
 */
import { runCli } from '../helpers/cli';

const run = (...argv: string[]) => runCli(argv);

describe('-h', () => {
  it.each([[[]], [['convert']], [['parse']], [['profiles']], [['profiles', 'show']], [['collect']]])(
    'prints the same help as --help for %j, and exits 0',
    async (words) => {
      const short = await run(...words, '-h');
      const long = await run(...words, '--help');
      expect(short.code).toBe(0);
      expect(short.err).toBe('');
      expect(short.out).toBe(long.out);
      expect(short.out).toContain('-h, --help');
    },
  );
});
