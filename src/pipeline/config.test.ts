import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import { PROFILE_DIR } from '../harden/profile';
import { CONFIG_FILE, configPolicy, findConfig, loadConfig, untrustedConfig } from './config';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (rel: string, text: string): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

/** The diagnostics of a config file that does not load. */
const problems = (text: string): Array<{ ruleId: string; line: number; column: number; message: string }> => {
  const r = loadConfig(write(CONFIG_FILE, text));
  if (!('diagnostics' in r)) throw new Error('the config loaded');
  return r.diagnostics.map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message }));
};

describe('finding the config file', () => {
  it('takes --config, else the one beside --root, else the one in the working folder; none with --no-config', () => {
    const beside = write(`hosts/${CONFIG_FILE}`, 'target: debian-12\n');
    const here = write(`work/${CONFIG_FILE}`, 'target: debian-12\n');
    const root = path.join(dir, 'hosts', 'web1');
    const cwd = path.join(dir, 'work');
    expect(findConfig({ config: 'mine.yaml', root, cwd })).toBe('mine.yaml');
    expect(findConfig({ root, cwd })).toBe(beside);
    expect(findConfig({ root: path.join(dir, 'web1.tar.gz'), cwd })).toBe(here);
    expect(findConfig({ cwd })).toBe(here);
    expect(findConfig({ config: false, root, cwd })).toBeUndefined();
    expect(findConfig({ cwd: dir })).toBeUndefined();
  });
});

describe('trusting a config file found without --config', () => {
  it('trusts one that only its owner (the user running the tool, or root) can write', () => {
    expect(untrustedConfig(write(CONFIG_FILE, 'target: debian-12\n'))).toBeUndefined();
  });

  it('refuses one that others can write, as anyone could have put it beside a root in /tmp', () => {
    const file = write(CONFIG_FILE, 'target: debian-12\n');
    fs.chmodSync(file, 0o666);
    expect(untrustedConfig(file)).toMatchObject({
      ruleId: 'input/config-invalid',
      message: 'config file found beside --root or here is writable by other users; not read',
    });
  });

  (process.getuid?.() === 0 ? it : it.skip)('refuses one that belongs to another user', () => {
    const file = write(CONFIG_FILE, 'target: debian-12\n');
    fs.chownSync(file, 65534, 65534);
    expect(untrustedConfig(file)?.message).toBe(
      'config file found beside --root or here belongs to another user; not read',
    );
  });
});

describe('reading the config file', () => {
  it('reads every setting, profile paths taken from its own folder', () => {
    write('mine.yaml', 'description: mine\ndirectives:\n  PrivateTmp: yes\n');
    const file = write(
      CONFIG_FILE,
      [
        'target: ubuntu-18.04',
        'profiles: [recommended, ./mine.yaml]',
        'profile-map:',
        '  "net/*": strict',
        '  "*": [limits, mine.yaml]',
        'vars: { tasks_max: 512, nofile: "1024" }',
        'exclude: legacy-*',
        'rules:',
        '  convert/user-nobody: off',
        'jobs:',
        '  "web*":',
        '    rules: { convert/user-nobody: error }',
        '',
      ].join('\n'),
    );
    const r = loadConfig(file);
    expect(r).toEqual({
      config: {
        file,
        target: 'ubuntu-18.04',
        profiles: ['recommended', path.join(dir, 'mine.yaml')],
        profileMap: [
          { glob: 'net/*', profiles: ['strict'], at: { file, line: 4 } },
          { glob: '*', profiles: ['limits', path.join(dir, 'mine.yaml')], at: { file, line: 5 } },
        ],
        vars: { tasks_max: '512', nofile: '1024' },
        exclude: ['legacy-*'],
        rules: { 'convert/user-nobody': 'off' },
        jobs: [{ glob: 'web*', rules: { 'convert/user-nobody': 'error' } }],
      },
    });
  });

  it('reads a profile map file named in it from its own folder', () => {
    write('maps/map.yaml', '"*": readonly-tmp\n');
    const r = loadConfig(write(CONFIG_FILE, 'profile-map: maps/map.yaml\n'));
    expect('config' in r && r.config.profileMap).toEqual([
      { glob: '*', profiles: ['readonly-tmp'], at: { file: path.join(dir, 'maps/map.yaml'), line: 1 } },
    ]);
  });

  it('takes an empty file as no settings', () => {
    expect(loadConfig(write(CONFIG_FILE, '# nothing yet\n'))).toMatchObject({ config: { rules: {}, jobs: [] } });
  });

  it('reports a key the format does not have, and a level that is not one, at their line and column', () => {
    expect(problems('target: debian-12\ntaget: x\n')).toEqual([
      expect.objectContaining({ ruleId: 'input/config-invalid', line: 2, column: 1 }),
    ]);
    expect(problems('rules:\n  convert/user-nobody: loud\n')).toEqual([
      expect.objectContaining({
        line: 2,
        column: 24,
        message: 'rules.convert/user-nobody must be one of: off, info, warning, error',
      }),
    ]);
  });

  it('reports every unknown target, profile and rule at once, each with the nearest name', () => {
    const r = loadConfig(
      write(
        CONFIG_FILE,
        'target: debian-13\nprofiles: [recomended]\nprofile-map: { "a*": stirct }\nrules:\n  convert/user-nobdy: off\n',
      ),
    );
    if (!('diagnostics' in r)) throw new Error('the config loaded');
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.column, d.message, d.hint])).toEqual([
      ['input/config-invalid', 1, 9, expect.stringMatching(/^unknown target "debian-13"; valid targets: /), undefined],
      [
        'harden/profile-not-found',
        2,
        12,
        'unknown profile "recomended"',
        expect.stringMatching(/^did you mean recommended\?/),
      ],
      ['harden/profile-not-found', 3, 22, 'unknown profile "stirct"', expect.stringMatching(/^did you mean strict\?/)],
      [
        'input/config-invalid',
        5,
        3,
        'unknown rule "convert/user-nobdy"',
        'did you mean convert/user-nobody? the rules are listed in docs/rules.md',
      ],
    ]);
  });

  it('refuses to lower or turn off a rule that is an error, for every job or some', () => {
    expect(
      problems('rules:\n  convert/invalid-value: warning\njobs:\n  "*":\n    rules: { input/too-large: off }\n'),
    ).toEqual([
      expect.objectContaining({
        line: 2,
        column: 26,
        message: 'convert/invalid-value is an error: the job is not converted, so it cannot be made warning',
      }),
      expect.objectContaining({
        line: 5,
        column: 31,
        message: 'input/too-large is an error: the job is not converted, so it cannot be turned off',
      }),
    ]);
    expect(loadConfig(write(CONFIG_FILE, 'rules: { convert/invalid-value: error }\n'))).toHaveProperty('config');
  });

  it('refuses hostile values: a variable with a line break, a name no placeholder can use, a file too large', () => {
    expect(problems('vars:\n  x: "5\\nExecStartPre=/bin/evil"\n  "a b": 1\n')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('contains the control character U+000A') }),
      expect.objectContaining({ line: 3, column: 3 }),
    ]);
    expect(problems(`# ${'x'.repeat(1024 * 1024)}\n`)).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^config file is larger than/) }),
    ]);
    expect(problems('rules: [1, 2]\n')[0]!.message).toMatch(/^rules must be object/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        Array.from(
          { length: 8 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [` +
            Array(10)
              .fill(`*${String.fromCharCode(97 + i)}`)
              .join(', ') +
            ']',
        ),
      )
      .join('\n');
    expect(problems(bomb + '\n')[0]!.message).toMatch(/^cannot be loaded: /);
    expect(problems('"\\r\\u001b[2J": 1\n')[0]!.message).toContain('unknown key "\\r\\u001b[2J"');
  });

  it('does not read the presets folder as a config', () => {
    expect(findConfig({ cwd: PROFILE_DIR })).toBeUndefined();
  });
});

describe('the severity policy of a config', () => {
  const policy = configPolicy({
    rules: { 'convert/user-nobody': 'off', 'convert/console-log': 'warning' },
    jobs: [
      { glob: 'web*', rules: { 'convert/user-nobody': 'error' } },
      { glob: '*', rules: { 'convert/user-nobody': 'info' } },
    ],
  })!;
  const d = (job: string) =>
    policy({ ruleId: 'convert/user-nobody', file: diagnostic('convert/user-nobody', { file: 'x' }, '').file, job });

  it('takes the first job glob that names the rule, else the rules for every job', () => {
    expect(d('web1')).toBe('error');
    expect(d('db')).toBe('info');
    expect(policy({ ruleId: 'convert/user-nobody', file: 'x' })).toBe('off');
    expect(policy({ ruleId: 'convert/console-log', file: 'x', job: 'web1' })).toBe('warning');
    expect(policy({ ruleId: 'convert/event-dead', file: 'x', job: 'web1' })).toBeUndefined();
  });

  it('is none when the config sets no severity', () => {
    expect(configPolicy({ rules: {}, jobs: [{ glob: '*', rules: {} }] })).toBeUndefined();
  });
});
