/**
 * The manual page as the repository ships it (man/upstart2systemd.1): the command line's spec,
 * the exit statuses, and the few words the definitions cannot hold — what the tool is for, its
 * environment, examples and related pages.
 */
import { EXIT_CODES } from './exit-codes';
import { cliSpec } from './main';
import { renderManPage } from './man';

/** The roff text of upstart2systemd(1). */
export function manPage(): string {
  return renderManPage(cliSpec(), {
    exitCodes: EXIT_CODES,
    description: [
      'It reads job files as Upstart 1.12/1.13 did (its lexer quirks, .override files and job names) and ' +
        'writes units that behave like the jobs did, for a target release whose systemd version decides ' +
        'which directives may be used. Everything it cannot carry over is reported with a stable rule id ' +
        'and a file:line:column; a failing job never stops the others.',
      'Units are printed, or written under --out as a mirror of the host root with a migration plan, ' +
        'migrate.sh and rollback.sh. They can be compared with the units that already exist (--diff, ' +
        '--check), written as drop-ins over a packaged unit (--mode), and hardened with YAML profiles ' +
        '(--profile), each scored by systemd-analyze security.',
      'The documentation of each feature is in the docs/ folder of the package: docs/cli.md for the ' +
        'command line itself, docs/mapping.md for what each stanza becomes, docs/rules.md for every rule id.',
    ],
    environment: [
      { name: 'NO_COLOR', meaning: 'when set (to anything), no colour, as --no-color.' },
      { name: 'SHELL', meaning: 'completion without a shell name writes the zsh script when it ends in zsh.' },
    ],
    examples: [
      {
        command: 'upstart2systemd convert --root host.tar.gz --target jammy --diff',
        description: 'Show how the units for Ubuntu 22.04 differ from those already on the collected host:',
      },
      {
        command: 'upstart2systemd convert --root host.tar.gz --out out/',
        description: 'Write the units, the plan, migrate.sh and rollback.sh as a mirror of the host root:',
      },
      {
        command: 'upstart2systemd convert --root HOST --check; echo $?',
        description: 'In CI: 0 when nothing would change, 3 when a unit would, 1 when a job could not be converted:',
      },
      {
        command: 'source <(upstart2systemd completion bash)',
        description: 'Complete commands, options, targets and profiles in this bash:',
      },
    ],
    placeholders: {
      root: 'DIR|TARBALL',
      out: 'DIR',
      'collect out': 'FILE',
      exclude: 'GLOB',
      include: 'NAME',
      target: 'NAME',
      systemd: 'N',
      'script-dir': 'DIR',
      report: 'FILE',
      profile: 'NAME|FILE',
      'profile-map': 'FILE',
      var: 'NAME=VALUE',
      against: 'DIR',
      'unit-name': 'JOB=UNIT',
      job: 'FILE',
    },
    seeAlso: ['systemd.unit(5)', 'systemd.service(5)', 'systemd.exec(5)', 'systemd-analyze(1)', 'init(5)'],
  });
}
