/**
 * `upstart2systemd completion [bash|zsh]`: prints the shell completion script, generated from the
 * command definitions (completion.ts), with the targets, their code names and the preset profiles.
 */
import { TARGET_ROWS, presetNames } from '../../pipeline/declarations';
import { type CommandEnv, type Handler, finish } from '../command';
import type { completionBuilder } from './declarations';
import { type CompletionWords, bashCompletion, zshCompletion } from '../completion';
import { EXIT } from '../exit-codes';
import type { CliSpec } from '../spec';

/** What completes beyond declared choices: target names and code names; preset names (or a file). */
function completionWords(): CompletionWords {
  const presets = presetNames();
  return {
    only: { target: TARGET_ROWS.flatMap((t) => [t.name, ...t.aliases]) },
    orFile: { profile: presets, name: presets },
    typed: ['systemd', 'var', 'exclude', 'include', 'unit-name', 'script-dir'],
  };
}

/** What `completion` does when yargs runs it; `spec` gives the command line it completes. */
export function completionHandler(env: CommandEnv, spec: () => CliSpec): Handler<typeof completionBuilder> {
  return (a) => {
    const shell = a.shell ?? (/zsh$/.test(env.io.env.SHELL ?? '') ? 'zsh' : 'bash');
    const render = shell === 'zsh' ? zshCompletion : bashCompletion;
    env.io.stdout(render(spec(), completionWords()));
    finish(env, EXIT.ok);
  };
}
