/**
 * Each command's synopsis and one-line description, apart from its module: main() declares every
 * command from these alone and loads a command's module only when yargs runs that command, so
 * `--help` reads no pipeline code (docs/cli.md, "Start-up").
 */

/** The synopsis (yargs' command string) and description of each top-level command. */
export const SYNOPSES = {
  parse: { command: 'parse <paths..>', describe: 'show what Upstart would load from job files or directories' },
  convert: { command: 'convert [paths..]', describe: 'convert Upstart jobs to systemd units' },
  profiles: { command: 'profiles', describe: 'list and show hardening profiles' },
  collect: {
    command: 'collect',
    describe: 'print (or write) the sh script that collects an Upstart host into one tarball for convert --root',
  },
  completion: { command: 'completion [shell]', describe: 'print the bash or zsh completion script' },
} as const;

/** The name of a top-level command. */
export type CommandName = keyof typeof SYNOPSES;
