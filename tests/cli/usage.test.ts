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

describe('--help', () => {
  it('ends with the exit statuses every command uses', async () => {
    const r = await run('--help');
    expect(r.out.replace(/\s+/g, ' ')).toContain(
      'Exit status: 0 success; 1 a job could not be converted; 2 usage error or invalid profile; ' +
        '3 --check found a unit that would change; 4 more warnings than --max-warnings; 70 internal error (docs/cli.md).',
    );
  });
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

describe('did you mean', () => {
  /** The usage error lines a run printed (without the prefix and the pointer to --help), after checking exit 2. */
  async function usageError(...argv: string[]): Promise<string[]> {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines.pop()).toBe("Run 'upstart2systemd --help' for usage.");
    return lines.map((l) => l.replace(/^upstart2systemd: /, ''));
  }

  it('answers a mistyped command with the one it meant, or lists the commands', async () => {
    expect(await usageError('convrt', '--root', 'x')).toEqual(['unknown command "convrt"; did you mean convert?']);
    expect(await usageError('conv')).toEqual(['unknown command "conv"; did you mean convert?']);
    expect(await usageError('profiles', 'shw', 'strict')).toEqual(['unknown command "shw"; did you mean show?']);
    expect(await usageError('deploy')).toEqual([
      'unknown command "deploy"; commands: parse, convert, profiles, collect, completion',
    ]);
  });

  it('answers each mistyped option with the option of that command it meant', async () => {
    expect(await usageError('convert', '--formt', 'json', '--dry-rn', 'a.conf')).toEqual([
      'unknown option --formt; did you mean --format?',
      'unknown option --dry-rn; did you mean --dry-run?',
    ]);
    expect(await usageError('profiles', 'show', 'strict', '--trget', 'x')).toEqual([
      'unknown option --trget; did you mean --target?',
    ]);
    expect(await usageError('parse', 'a.conf', '--colr')).toEqual(['unknown option --colr; did you mean --color?']);
    expect(await usageError('convert', '-x')).toEqual(['unknown option -x']);
  });

  it('names the commands that take an option given to one that does not', async () => {
    expect(await usageError('parse', '--target', 'x', 'a.conf')).toEqual([
      'unknown option --target for parse (convert, profiles show take it)',
    ]);
    expect(await usageError('collect', '--job', 'x')).toEqual([
      'unknown option --job for collect (profiles show takes it)',
    ]);
  });

  it('answers a value that is not one of the choices with the one it meant', async () => {
    expect(await usageError('convert', '--mode', 'ful', '--scripts', 'inlin')).toEqual([
      '--mode "ful": expected full, dropin, auto; did you mean full?',
      '--scripts "inlin": expected inline, files, auto; did you mean inline?',
    ]);
    expect(await usageError('parse', '--format', 'yaml', 'a.conf')).toEqual([
      '--format "yaml": expected text, json, upstart',
    ]);
  });

  it('says what a stray word is', async () => {
    expect(await usageError('collect', 'extra')).toEqual(['unexpected argument "extra" for collect']);
  });

  it('answers a near-miss profile name, in convert and in profiles show (exit 2)', async () => {
    const r = await run('profiles', 'show', 'recomended');
    expect(r.code).toBe(2);
    expect(r.err).toContain('hint: did you mean recommended? presets: chroot, dynamic-user,');
    const c = await run(
      'convert',
      `${__dirname}/../../examples/trusty/etc/init/acme-relayd.conf`,
      '--profile',
      'strct',
    );
    expect(c.code).toBe(2);
    expect(c.err).toContain(
      'unknown profile "strct" [harden/profile-not-found]\n    hint: did you mean strict? presets:',
    );
    const far = await run('profiles', 'show', 'paranoid');
    expect(far.err).toContain('hint: presets: chroot,');
  });

  it('answers very long words at once, on one line each', async () => {
    const long = 'x'.repeat(100_000);
    const t0 = Date.now();
    expect(await usageError('convert', `--${long}`)).toEqual([`unknown option --${long}`]);
    expect(await usageError(long)).toEqual([
      `unknown command "${long}"; commands: parse, convert, profiles, collect, completion`,
    ]);
    const target = await run('convert', 'a.conf', '--target', `bionic${long}`);
    expect(target.err.split('\n')[0]).toMatch(/^upstart2systemd: unknown target "bionicx+"; valid targets: /);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('shows control characters of what was typed as escapes, on one line each', async () => {
    expect(await usageError('convert', '--form\x1b[2Jt', 'a.conf')).toEqual(['unknown option --form\\x1b[2Jt']);
    expect(await usageError('conv\r\nert')).toEqual(['unknown command "conv\\r\\nert"; did you mean convert?']);
    expect(await usageError('parse', '--format', 'js\nn', 'a.conf')).toEqual([
      '--format "js\\nn": expected text, json, upstart; did you mean json?',
    ]);
  });
});
