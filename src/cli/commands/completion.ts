/**
 * `upstart2systemd completion [bash|zsh]`: prints the shell completion script, generated from the
 * command definitions (completion.ts), with the targets, their code names and the preset profiles.
 */
import type { Argv, CommandModule } from 'yargs';
import { TARGETS, listProfiles } from '../../pipeline';
import { type ArgsOf, type CommandEnv, type GlobalArgs, finish } from '../command';
import { SYNOPSES } from './synopses';
import { type CompletionWords, bashCompletion, zshCompletion } from '../completion';
import { EXIT } from '../exit-codes';
import type { CliSpec } from '../spec';

/** The shells a script is written for. */
const SHELLS = ['bash', 'zsh'] as const;

/** The arguments of `completion`: the shell. */
function builder(y: Argv<GlobalArgs>) {
  return y
    .positional('shell', {
      choices: SHELLS,
      description: 'the shell to complete in (default: the one $SHELL names, else bash)',
    })
    .example('source <($0 completion bash)', 'complete upstart2systemd commands, options and names in this shell')
    .example('$0 completion zsh > "${fpath[1]}/_upstart2systemd"', 'install it for zsh');
}

/** What completes beyond declared choices: target names and code names; preset names (or a file). */
function completionWords(): CompletionWords {
  const presets = listProfiles().map((p) => p.name);
  return {
    only: { target: TARGETS.flatMap((t) => [t.name, ...t.aliases]) },
    orFile: { profile: presets, name: presets },
    typed: ['systemd', 'var', 'exclude', 'include', 'unit-name', 'script-dir'],
  };
}

/** The `completion` command module; `spec` gives the command line it completes. */
export function completionCommand(
  env: CommandEnv,
  spec: () => CliSpec,
): CommandModule<GlobalArgs, ArgsOf<typeof builder>> {
  return {
    ...SYNOPSES.completion,
    builder,
    handler: (a) => {
      const shell = a.shell ?? (/zsh$/.test(env.io.env.SHELL ?? '') ? 'zsh' : 'bash');
      const render = shell === 'zsh' ? zshCompletion : bashCompletion;
      env.io.stdout(render(spec(), completionWords()));
      finish(env, EXIT.ok);
    },
  };
}
