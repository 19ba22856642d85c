/**
 * `upstart2systemd collect`: prints the POSIX sh script that records, on the Upstart host, what
 * the conversion needs in one tarball (docs/collect.md), or writes it with `-o FILE` (mode 0755,
 * atomically, an existing different file replaced only with --force). Exit 0, or 1 when the file
 * was not written.
 */
import type { Argv, CommandModule } from 'yargs';
import { visible } from '../../diagnostics/diagnostic';
import { collectScript, writeCollectScript } from '../../pipeline';
import { type ArgsOf, type CommandEnv, type GlobalArgs, finish } from '../command';
import { SYNOPSES } from './synopses';
import { EXIT } from '../exit-codes';
import type { Io } from '../io';
import { formatDiagnostics, useColor } from '../report';

/** The options of `collect`. */
function builder(y: Argv<GlobalArgs>) {
  return y
    .option('out', {
      alias: 'o',
      type: 'string',
      description: 'write the script to this file (mode 0755) instead of printing it',
    })
    .option('force', { type: 'boolean', default: false, description: 'replace an existing, different file' })
    .example('$0 collect -o collect.sh', 'then on the host: sudo sh collect.sh  (writes and prints the tarball path)');
}

/** The `collect` command module. */
export function collectCommand(env: CommandEnv): CommandModule<GlobalArgs, ArgsOf<typeof builder>> {
  return {
    ...SYNOPSES.collect,
    builder,
    handler: (a) => finish(env, runCollect({ out: a.out, force: a.force, color: a.color }, env.io)),
  };
}

/** Arguments of the collect command. */
export interface CollectCommandArgs {
  out?: string;
  force: boolean;
  color?: boolean;
}

/** Prints the script, or writes it to --out; returns the exit code. */
export function runCollect(args: CollectCommandArgs, io: Io): number {
  if (args.out === undefined) {
    io.stdout(collectScript());
    return EXIT.ok;
  }
  const o = writeCollectScript(args.out, args.force);
  if (o.status === 'written' || o.status === 'unchanged') {
    const how = o.status === 'written' ? 'wrote' : 'unchanged';
    io.stderr(
      `${how} ${visible(o.path)}; run it as root on the Upstart host: sudo sh ${visible(o.path)} [OUT.tar.gz]\n`,
    );
    return EXIT.ok;
  }
  if (o.diagnostic) {
    const d = o.status === 'exists' ? { ...o.diagnostic, hint: 'give --force to replace it' } : o.diagnostic;
    io.stderr(formatDiagnostics([d], useColor(io, args.color)));
  }
  return EXIT.failed;
}
