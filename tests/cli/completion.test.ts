/**
 * `upstart2systemd completion bash|zsh`: scripts generated from the command definitions, so every
 * command, option and choice the parser knows completes, with targets (and their code names) and
 * preset profiles. The bash script is run in bash, as bash runs it on TAB; the zsh script is
 * checked and loaded by zsh (installed by .ci/run; skipped, saying so, where zsh is missing).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSpec } from '../../src/cli/main';
import { allCommands } from '../../src/cli/spec';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-compl-');

/** The script for a shell, as the command prints it. */
async function script(shell: string): Promise<string> {
  const r = await runCli(['completion', shell]);
  expect(r.code).toBe(0);
  expect(r.err).toBe('');
  return r.out;
}

/** What bash offers for the last word of `line` (split on blanks; a trailing blank starts an empty word). */
function bashComplete(file: string, line: string): string[] {
  const words = line.split(' ');
  const driver =
    `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); ` +
    `COMPREPLY=(); _upstart2systemd; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', driver, 'bash', file, ...words], { encoding: 'utf8', cwd: tmp.path });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('completion bash', () => {
  let file = '';
  beforeEach(async () => {
    file = tmp.write('u2s.bash', await script('bash'));
  });

  it.each([
    ['upstart2systemd ', ['parse', 'convert', 'profiles', 'collect', 'completion']],
    ['upstart2systemd co', ['convert', 'collect', 'completion']],
    ['upstart2systemd --color profiles ', ['list', 'show']],
    ['upstart2systemd profiles show rec', ['recommended']],
    ['upstart2systemd convert --ta', ['--target']],
    ['upstart2systemd convert --target bo', ['bookworm']],
    ['upstart2systemd convert --target = jam', ['jammy']],
    ['upstart2systemd profiles show strict --target ubuntu-2', ['ubuntu-20.04', 'ubuntu-22.04', 'ubuntu-24.04']],
    ['upstart2systemd convert --root r --mode ', ['full', 'dropin', 'auto']],
    ['upstart2systemd convert --profile st', ['strict']],
    ['upstart2systemd convert --no-', ['--no-score', '--no-color']],
    ['upstart2systemd parse --format ', ['text', 'json', 'upstart']],
    ['upstart2systemd collect -', ['--out', '-o', '--force', '--version', '--help', '-h', '--color', '--no-color']],
    ['upstart2systemd completion ', ['bash', 'zsh']],
    ['upstart2systemd convert --root ', []],
  ])('completes "%s"', (line, expected) => {
    expect(bashComplete(file, line)).toEqual(expected);
  });

  it('offers every option of every command the parser declares', () => {
    for (const { path: words, command } of allCommands(cliSpec())) {
      const offered = bashComplete(file, `upstart2systemd ${words.join(' ')} -`);
      for (const o of command.options) expect(offered).toContain(o.name.length === 1 ? `-${o.name}` : `--${o.name}`);
      expect(offered).toEqual(expect.arrayContaining(['--help', '-h', '--version', '--color']));
    }
  });

  it('offers files beside the preset names for --profile', () => {
    tmp.write('site.yaml', 'description: x\n');
    expect(bashComplete(file, 'upstart2systemd convert --profile s')).toEqual(['strict', 'site.yaml']);
  });
});

/** Whether zsh runs here. */
const zsh = spawnSync('zsh', ['-c', 'exit 0']).status === 0;
if (!zsh && process.env.CI === 'true') throw new Error('zsh is missing (.ci/run installs it)');
const withZsh = zsh ? describe : describe.skip;
if (!zsh) console.log('completion.test: zsh is not installed; the zsh script is not loaded (apt-get install zsh)');

withZsh('completion zsh', () => {
  it('is a #compdef file zsh reads, defining one function per command and sub-command', async () => {
    const file = tmp.write('_upstart2systemd', await script('zsh'));
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^#compdef upstart2systemd\n/);
    expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
    const load =
      `fpath=(${JSON.stringify(path.dirname(file))} $fpath); autoload -U compinit; compinit -u -d ${JSON.stringify(path.join(tmp.path, 'dump'))}; ` +
      'source "$1"; for f in _upstart2systemd _upstart2systemd_convert _upstart2systemd_profiles_show; do whence -w $f; done; ' +
      'print -r -- $_comps[upstart2systemd]';
    const r = spawnSync('zsh', ['-f', '-c', load, 'zsh', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '_upstart2systemd: function\n_upstart2systemd_convert: function\n_upstart2systemd_profiles_show: function\n' +
        '_upstart2systemd\n',
    );
  });

  it('declares every option with its description and its values', async () => {
    const text = await script('zsh');
    expect(text).toContain(
      `'--format=[text listing, JSON model, or the effective job as Upstart text]:format:(text json upstart)'`,
    );
    expect(text).toContain(`'(--verbose -v)-v[also show notes (info diagnostics)]'`);
    expect(text).toContain(`:target:(ubuntu-16.04 xenial ubuntu-18.04 bionic`);
    expect(text).toContain(`'*--profile=[`);
    expect(text).toContain(`'--no-score[turn off --score]'`);
    for (const { command } of allCommands(cliSpec()))
      for (const o of command.options) expect(text).toContain(o.name.length === 1 ? `-${o.name}` : `--${o.name}`);
  });
});

describe('completion', () => {
  it('writes the script for the shell $SHELL names when none is given, else bash', async () => {
    expect((await runCli(['completion'], { SHELL: '/usr/bin/zsh' })).out).toMatch(/^#compdef upstart2systemd/);
    expect((await runCli(['completion'], { SHELL: '/bin/bash' })).out).toMatch(/^# bash completion/);
    expect((await runCli(['completion'])).out).toMatch(/^# bash completion/);
  });

  it('refuses a shell it does not know (exit 2)', async () => {
    const r = await runCli(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'upstart2systemd: shell "fish": expected bash, zsh\nRun \'upstart2systemd --help\' for usage.\n',
    );
  });
});
