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

describe('--systemd N', () => {
  it.each(['abc', '25.5', '1e3', '', ' ', '252x', '-1', 'x\r\ny$%"\\'])(
    'refuses %j as a usage error that asks for a whole number (exit 2)',
    async (value) => {
      for (const words of [
        ['convert', 'none.conf'],
        ['profiles', 'show', 'strict'],
      ]) {
        const r = await run(...words, '--systemd', value);
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
        expect(r.err).toContain(': expected a whole number, e.g. 252\n');
        expect(r.err).not.toContain('NaN');
        expect(r.err.split('\n')).toHaveLength(3); // the error, the pointer to --help, the final newline
      }
    },
  );

  it('takes a whole number, and says when it is out of range', async () => {
    const ok = await run('profiles', 'show', 'strict', '--systemd', '252', '--format', 'json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).target).toMatchObject({ name: 'systemd-252', systemd: 252 });
    const far = await run('profiles', 'show', 'strict', '--systemd', '500');
    expect(far.code).toBe(2);
    expect(far.err).toContain('--systemd must be an integer from 200 to 400, got 500');
  });
});
