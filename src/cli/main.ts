/**
 * The command line: yargs reads the arguments, a command function does the work and returns the
 * exit code. 0 = success, 1 = a job failed or differs, 2 = usage error. Nothing here throws to
 * the user: unexpected failures are reported in one line with exit code 70 (EX_SOFTWARE).
 */
import yargs from 'yargs';
import { statSync } from 'node:fs';
import { type Io, processIo } from './io';
import { runParse } from './commands/parse';
import { runConvert } from './commands/convert';
import { runProfilesList, runProfilesShow } from './commands/profiles';
import { DEFAULT_TARGET, TARGETS, resolveTarget } from '../systemd/target';
import { DEFAULT_SCRIPT_DIR } from '../convert';

/** The package version, read once. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json is outside rootDir, so not an import
const VERSION: string = (require('../../package.json') as { version: string }).version;

/** Parses repeated `--var NAME=VALUE` options, or says what is wrong. */
function parseVars(list: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const item of list) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(item);
    if (!m) return `--var ${item}: expected NAME=VALUE`;
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Parses repeated `--unit-name JOB=UNIT` options, or says what is wrong. */
function parsePairs(list: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) return `--unit-name ${item}: expected JOB=UNIT`;
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  let ran = false;
  let usageError: string | undefined;
  const parser = yargs()
    .scriptName('upstart2systemd')
    .usage('$0 <command> [options]\n\nMigrate Upstart jobs (/etc/init/*.conf + .override) to systemd units.')
    .version(VERSION)
    .strict()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .option('color', { type: 'boolean', description: 'colour output (default: on a terminal, unless NO_COLOR is set)' })
    .command(
      'parse <paths..>',
      'show what Upstart would load from job files or directories',
      (y) =>
        y
          .positional('paths', {
            type: 'string',
            array: true,
            description: 'job files (.conf, optionally with their .override) or directories',
            demandOption: true,
          })
          .option('format', {
            choices: ['text', 'json', 'upstart'] as const,
            default: 'text' as const,
            description: 'text listing, JSON model, or the effective job as Upstart text',
          })
          .option('upstart-version', {
            type: 'string',
            choices: ['1.12', '1.13'] as const,
            default: '1.13' as const,
            description: 'grammar to accept: 1.13, or 1.12 as Ubuntu 14.04 shipped it (no cgroup)',
          }),
      (a) => {
        ran = true;
        code = runParse(
          { paths: a.paths as string[], format: a.format, upstartVersion: a['upstart-version'], color: a.color },
          io,
        );
      },
    )
    .command(
      'convert [paths..]',
      'convert Upstart jobs to systemd units',
      (y) =>
        y
          .positional('paths', {
            type: 'string',
            array: true,
            default: [] as string[],
            description: 'job files or directories (default: ROOT/etc/init)',
          })
          .option('root', {
            type: 'string',
            description:
              'a copy of the host root: converts ROOT/etc/init and reads ROOT/etc/default/* and programs under it',
          })
          .option('out', { type: 'string', description: 'write units (and helper scripts) into this directory' })
          .option('stdout', { type: 'boolean', description: 'print the units (the default when --out is not given)' })
          .conflicts('out', 'stdout')
          .option('target', {
            type: 'string',
            description: `target release: ${TARGETS.map((t) => `${t.name} (${t.systemd})`).join(', ')}; default ${DEFAULT_TARGET}`,
          })
          .option('systemd', { type: 'number', description: 'target systemd version instead of a release' })
          .conflicts('target', 'systemd')
          .option('scripts', {
            choices: ['inline', 'files'] as const,
            default: 'inline' as const,
            description: 'script blocks inline (sh -c) or as helper script files beside the units',
          })
          .option('script-dir', {
            type: 'string',
            default: DEFAULT_SCRIPT_DIR,
            description: 'where helper scripts are installed on the target host',
          })
          .option('format', {
            choices: ['text', 'json'] as const,
            default: 'text' as const,
            description: 'text, or JSON with every file and diagnostic (docs/convert-json.md)',
          })
          .option('force', { type: 'boolean', default: false, description: 'replace existing files in --out' })
          .option('dry-run', {
            type: 'boolean',
            default: false,
            description: 'write nothing; report what would be written',
          })
          .option('verbose', {
            alias: 'v',
            type: 'boolean',
            default: false,
            description: 'also show notes (info diagnostics)',
          })
          .option('upstart-version', {
            type: 'string',
            choices: ['1.12', '1.13'] as const,
            default: '1.13' as const,
            description: 'Upstart grammar to accept',
          })
          .option('profile', {
            type: 'string',
            array: true,
            description: 'hardening profile (preset name or YAML file), repeatable; later wins, lists merge',
          })
          .option('profile-map', {
            type: 'string',
            description: 'YAML file mapping job-name globs to profiles (first match)',
          })
          .option('var', { type: 'string', array: true, description: 'profile variable NAME=VALUE, repeatable' })
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
            description: 'write nothing; exit 1 when any generated unit differs from what exists',
          })
          .option('mode', {
            choices: ['full', 'dropin', 'auto'] as const,
            default: 'full' as const,
            description: 'full units, drop-ins for existing units, or auto (drop-in when a unit exists)',
          })
          .option('against', {
            type: 'string',
            description: 'compare with the units of this tree (a host root or a directory of units) instead of --root',
          })
          .option('unit-name', {
            type: 'string',
            array: true,
            description: 'JOB=UNIT: the existing unit a job corresponds to (repeatable)',
          }),
      (a) => {
        ran = true;
        const vars = parseVars(a.var ?? []);
        const unitNames = parsePairs(a['unit-name'] ?? []);
        if (typeof vars === 'string' || typeof unitNames === 'string') {
          usageError = typeof vars === 'string' ? vars : (unitNames as string);
          return;
        }
        const target = resolveTarget({ target: a.target, systemd: a.systemd });
        if ('error' in target) {
          usageError = target.error;
          return;
        }
        const badRoot = [
          ['--root', a.root],
          ['--against', a.against],
        ].find(([, d]) => d !== undefined && !isDirectory(d));
        if (badRoot) {
          usageError = `${badRoot[0]} ${badRoot[1]}: no such directory`;
          return;
        }
        code = runConvert(
          {
            paths: a.paths as string[],
            root: a.root,
            out: a.out,
            stdout: Boolean(a.stdout),
            target,
            scripts: a.scripts,
            scriptDir: a['script-dir'],
            format: a.format,
            force: a.force,
            dryRun: a['dry-run'],
            verbose: a.verbose,
            upstartVersion: a['upstart-version'],
            color: a.color,
            profiles: a.profile,
            profileMap: a['profile-map'],
            vars,
            score: a.score,
            diff: a.diff,
            check: a.check,
            mode: a.mode,
            against: a.against,
            unitNames,
          },
          io,
        );
      },
    )
    .command('profiles', 'list and show hardening profiles', (y) =>
      y
        .command(
          'list',
          'list the preset profiles',
          (yy) => yy.option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
          (a) => {
            ran = true;
            code = runProfilesList(io, a.format);
          },
        )
        .command(
          'show <name>',
          'show a profile resolved for a target, its effect on a job and its exposure score',
          (yy) =>
            yy
              .positional('name', { type: 'string', demandOption: true, description: 'preset name or YAML file' })
              .option('target', { type: 'string', description: 'target release (default ubuntu-18.04)' })
              .option('systemd', { type: 'number', description: 'target systemd version' })
              .conflicts('target', 'systemd')
              .option('job', { type: 'string', description: 'an Upstart job file to apply the profile to' })
              .option('var', { type: 'string', array: true, description: 'profile variable NAME=VALUE' })
              .option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
          (a) => {
            ran = true;
            const target = resolveTarget({ target: a.target, systemd: a.systemd });
            const vars = parseVars(a.var ?? []);
            if ('error' in target || typeof vars === 'string') {
              usageError = 'error' in target ? target.error : (vars as string);
              return;
            }
            code = runProfilesShow({ profile: a.name, target, job: a.job, vars, format: a.format, color: a.color }, io);
          },
        )
        .demandCommand(1, 'choose: profiles list | profiles show NAME'),
    )
    .demandCommand(1, 'choose a command: parse, convert, profiles')
    .recommendCommands();

  let output = '';
  try {
    await parser.parseAsync(argv, {}, (err, _args, out) => {
      if (err) usageError = err.message;
      output = out;
    });
  } catch (err) {
    if (!usageError) {
      io.stderr(`upstart2systemd: internal error: ${(err as Error).message}\n`);
      return 70;
    }
  }
  if (usageError) {
    io.stderr(`upstart2systemd: ${usageError}\nRun 'upstart2systemd --help' for usage.\n`);
    return 2;
  }
  if (output) io.stdout(output + '\n');
  return ran ? code : 0;
}

/** Whether a path names a directory (following symlinks); false when it does not exist. */
function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
