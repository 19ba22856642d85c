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

describe('release code names', () => {
  it('convert --target bookworm converts for debian-12, and names the release', async () => {
    const examples = `${__dirname}/../../examples/trusty`;
    const r = await run('convert', '--root', examples, '--target', 'bookworm', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).target).toEqual({ name: 'debian-12', systemd: 252, description: 'Debian 12 (bookworm)' });
  });

  it('answers a near-miss target with the one it meant, exit 2', async () => {
    const r = await run('profiles', 'show', 'strict', '--target', 'jamy');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^upstart2systemd: unknown target "jamy"; did you mean jammy \(ubuntu-22\.04\)\? Valid targets:/,
    );
  });
});
