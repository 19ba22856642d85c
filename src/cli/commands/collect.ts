/**
 * `upstart2systemd collect`: prints the POSIX sh script that records, on the Upstart host, what
 * the conversion needs in one tarball (docs/collect.md), or writes it with `-o FILE` (mode 0755,
 * atomically, an existing different file replaced only with --force). Exit 0, or 1 when the file
 * was not written.
 */
import { visible } from '../../diagnostics/diagnostic';
import { collectScript, writeCollectScript } from '../../pipeline';
import { type CommandEnv, type Handler, finish } from '../command';
import type { collectBuilder } from './declarations';
import { EXIT } from '../exit-codes';
import type { Io } from '../io';
import { formatDiagnostics, useColor } from '../report';

/** What `collect` does when yargs runs it. */
export function collectHandler(env: CommandEnv): Handler<typeof collectBuilder> {
  return (a) => finish(env, runCollect({ out: a.out, force: a.force, color: a.color }, env.io));
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
