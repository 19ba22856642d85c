/**
 * How each command is declared: its synopsis, its description and its options (a yargs builder),
 * apart from what it does. main() declares every command from these alone and loads a command's
 * handler (commands/<name>.ts, with the pipeline) only when yargs runs it, so `--help`,
 * completion, the man page and a usage error load no stage of the pipeline (docs/performance.md, "Start-up").
 */
import type { Argv } from 'yargs';
import { DEFAULT_SCRIPT_DIR } from '../../pipeline/declarations';
import type { GlobalArgs } from '../command';
import {
  configOption,
  formatOption,
  layoutOptions,
  profileOptions,
  rootUpstartVersionOption,
  targetOptions,
  triageOptions,
  upstartVersionOption,
  varOption,
} from '../options';

/** The arguments of `parse`: the paths, the format and the grammar. */
export function parseBuilder(y: Argv<GlobalArgs>) {
  return upstartVersionOption(
    formatOption(
      y.positional('paths', {
        type: 'string',
        array: true,
        description: 'job files (.conf, optionally with their .override) or directories',
        demandOption: true,
      }),
      ['text', 'json', 'upstart'] as const,
      'text listing, JSON model, or the effective job as Upstart text',
    ),
  );
}

/** The inputs and outputs of `convert`: paths, --root, --out/--stdout. */
function sourceOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', {
      type: 'string',
      array: true,
      default: [] as string[],
      description: 'job files or directories (default: ROOT/etc/init)',
    })
    .option('root', {
      type: 'string',
      description:
        'a copy of the host root, a folder or the tarball of `collect` (.tar.gz, .tgz, .tar): converts ' +
        'ROOT/etc/init and reads ROOT/etc/default/*, programs and the collected facts under it',
    })
    .option('out', { type: 'string', description: 'write units (and helper scripts) into this directory' })
    .option('stdout', { type: 'boolean', description: 'print the units (the default when --out is not given)' })
    .conflicts('out', 'stdout');
}

/** How script blocks are emitted: --scripts, --style, --script-dir. */
function scriptOptions<T>(y: Argv<T>) {
  return y
    .option('scripts', {
      choices: ['inline', 'files', 'auto'] as const,
      default: 'auto' as const,
      description:
        'script blocks inline (sh -c), as helper script files beside the units, ' +
        'or auto: one-line scripts inline, longer ones as files (docs/conversion.md#scripts)',
    })
    .option('style', {
      choices: ['native', 'faithful'] as const,
      default: 'native' as const,
      description:
        'native: lift shell and event idioms (su, start-stop-daemon, [ -x B ] || exit 0…) into directives ' +
        'where they behave the same; faithful: keep the scripts as the job wrote them (docs/idioms.md)',
    })
    .option('script-dir', {
      type: 'string',
      default: DEFAULT_SCRIPT_DIR,
      description: 'where helper scripts are installed on the target host',
    });
}

/** Writing and reporting: --force, --dry-run, --verbose. */
function writeOptions<T>(y: Argv<T>) {
  return y
    .option('force', { type: 'boolean', default: false, description: 'replace existing files in --out' })
    .option('dry-run', { type: 'boolean', default: false, description: 'write nothing; report what would be written' })
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      description: 'also show notes (info diagnostics)',
    })
    .option('report', {
      type: 'string',
      description: 'write a report of the run to FILE: .md, .html or .json by its extension (docs/report.md)',
    });
}

/** Scoring and the comparison with existing units: --score, --diff, --check, --mode, --against, --unit-name. */
function existingOptions<T>(y: Argv<T>) {
  return y
    .option('score', {
      type: 'boolean',
      default: true,
      description: 'with profiles: exposure before/after from systemd-analyze security (--no-score to skip)',
    })
    .option('diff', {
      type: 'boolean',
      description: 'show how each generated unit differs from the existing one (unified and by directive)',
    })
    .option('check', {
      type: 'boolean',
      description: 'write nothing; exit 3 when any generated unit differs from what exists (1: a job failed)',
    })
    .option('mode', {
      choices: ['full', 'dropin', 'auto'] as const,
      description:
        'full units, drop-ins for existing units, or auto (drop-in when a unit exists); ' +
        'default: auto with --out, --layout root and --root or --against, else full, ' +
        "and auto for jobs of packages that ship a unit (from --root's collected facts)",
    })
    .option('against', {
      type: 'string',
      description: 'compare with the units of this tree (a host root or a directory of units) instead of --root',
    })
    .option('unit-name', {
      type: 'string',
      array: true,
      description: 'JOB=UNIT: the existing unit a job corresponds to (repeatable)',
    });
}

/** Every option of `convert`. */
export function convertBuilder(y: Argv<GlobalArgs>) {
  const text =
    'text, JSON with every file and diagnostic (docs/convert-json.md), or SARIF 2.1.0 findings for ' +
    'code-scanning tools (docs/ci.md)';
  const formats = ['text', 'json', 'sarif'] as const;
  const io = formatOption(scriptOptions(targetOptions(layoutOptions(sourceOptions(y)))), formats, text);
  return triageOptions(configOption(existingOptions(profileOptions(rootUpstartVersionOption(writeOptions(io))))));
}

/** The arguments of `profiles list`. */
export function profilesListBuilder(y: Argv<GlobalArgs>) {
  return formatOption(y, ['text', 'json'] as const);
}

/** The arguments of `profiles show`. */
export function profilesShowBuilder(y: Argv<GlobalArgs>) {
  return formatOption(
    varOption(
      targetOptions(
        y.positional('name', { type: 'string', demandOption: true, description: 'preset name or YAML file' }),
      ).option('job', { type: 'string', description: 'an Upstart job file to apply the profile to' }),
    ),
    ['text', 'json'] as const,
  );
}

/** The options of `collect`. */
export function collectBuilder(y: Argv<GlobalArgs>) {
  return y
    .option('out', {
      alias: 'o',
      type: 'string',
      description: 'write the script to this file (mode 0755) instead of printing it',
    })
    .option('force', { type: 'boolean', default: false, description: 'replace an existing, different file' })
    .example('$0 collect -o collect.sh', 'then on the host: sudo sh collect.sh  (writes and prints the tarball path)');
}

/** The shells a script is written for. */
const SHELLS = ['bash', 'zsh'] as const;

/** The arguments of `completion`: the shell. */
export function completionBuilder(y: Argv<GlobalArgs>) {
  return y
    .positional('shell', {
      choices: SHELLS,
      description: 'the shell to complete in (default: the one $SHELL names, else bash)',
    })
    .example('source <($0 completion bash)', 'complete upstart2systemd commands, options and names in this shell')
    .example('$0 completion zsh > "${fpath[1]}/_upstart2systemd"', 'install it for zsh');
}

/** A command with options and a handler. */
interface Leaf {
  command: string;
  describe: string;
  builder: (y: Argv<GlobalArgs>) => Argv<unknown>;
}

/** A command that only groups sub-commands (`profiles list`, `profiles show`). */
interface Group {
  command: string;
  describe: string;
  subcommands: readonly string[];
  /** The usage error when no sub-command is given. */
  demand: string;
}

/** Every command as declared, by the words that call it; `profiles` only groups two. */
export const DECLARATIONS = {
  parse: {
    command: 'parse <paths..>',
    describe: 'show what Upstart would load from job files or directories',
    builder: parseBuilder,
  },
  convert: { command: 'convert [paths..]', describe: 'convert Upstart jobs to systemd units', builder: convertBuilder },
  profiles: {
    command: 'profiles',
    describe: 'list and show hardening profiles',
    subcommands: ['profiles list', 'profiles show'],
    demand: 'choose: profiles list | profiles show NAME',
  },
  'profiles list': { command: 'list', describe: 'list the preset profiles', builder: profilesListBuilder },
  'profiles show': {
    command: 'show <name>',
    describe: 'show a profile resolved for a target, its effect on a job and its exposure score',
    builder: profilesShowBuilder,
  },
  collect: {
    command: 'collect',
    describe: 'print (or write) the sh script that collects an Upstart host into one tarball for convert --root',
    builder: collectBuilder,
  },
  completion: {
    command: 'completion [shell]',
    describe: 'print the bash or zsh completion script',
    builder: completionBuilder,
  },
} as const satisfies Record<string, Leaf | Group>;

/** The words that call a command (`convert`, `profiles show`). */
export type CommandName = keyof typeof DECLARATIONS;

/** A command that has a handler (every one but a group). */
export type HandledCommand = Exclude<CommandName, 'profiles'>;

/** The commands main() declares at the top level, in the order --help lists them. */
export const TOP_LEVEL: readonly CommandName[] = ['parse', 'convert', 'profiles', 'collect', 'completion'];
