/**
 * `upstart2systemd parse PATH...`: shows what Upstart would load from job files (the typed model
 * with positions, or the effective job as Upstart text) and every diagnostic on the way.
 */
import * as path from 'node:path';
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic';
import { formatJson, jobToJson, parseJobs, printJob, printStanzas } from '../../pipeline';
import type { LoadedJob } from '../../read/load';
import type { UpstartVersion } from '../../upstart/stanzas';
import { type CommandEnv, type Handler, finish, usage } from '../command';
import type { parseBuilder } from './declarations';
import { missingPath } from '../inputs';
import { EXIT } from '../exit-codes';
import type { Io } from '../io';
import { formatDiagnostics, summarize, useColor } from '../report';

/** Arguments of the parse command. */
export interface ParseCommandArgs {
  paths: string[];
  format: 'text' | 'json' | 'upstart';
  upstartVersion: UpstartVersion;
  color?: boolean;
}

/** What `parse` does when yargs runs it. */
export function parseHandler(env: CommandEnv): Handler<typeof parseBuilder> {
  return (a) => {
    const missing = missingPath(a.paths as string[]);
    if (missing) return usage(env, missing);
    finish(
      env,
      runParse(
        { paths: a.paths as string[], format: a.format, upstartVersion: a['upstart-version'], color: a.color },
        env.io,
      ),
    );
  };
}

/** Text listing of one job: each stanza with where it was written. */
function describeJob(l: LoadedJob): string {
  const files = l.source.override ? `${l.source.conf} + ${path.basename(l.source.override)}` : l.source.conf;
  let out = `job ${l.source.name}  (${files})\n`;
  if (!l.job) return out + '  not loaded: Upstart would reject this job\n';
  const stanzas = printStanzas(l.job).map((s) => ({
    where: s.pos
      ? `${s.pos.file === l.source.conf ? '' : path.basename(s.pos.file) + ':'}${s.pos.line}:${s.pos.column}`
      : '',
    lines: s.text.replace(/\n$/, '').split('\n'),
  }));
  if (stanzas.length === 0) out += '  (no stanzas: an empty job)\n';
  const width = stanzas.reduce((w, s) => Math.max(w, s.where.length), 0);
  for (const { where, lines } of stanzas) {
    lines.forEach((line, i) => {
      out += `  ${(i === 0 ? where : '').padEnd(width)}  ${line}\n`;
    });
  }
  return out;
}

/** The JSON document of a parse run. */
function parseJson(loaded: readonly LoadedJob[], diagnostics: readonly Diagnostic[]): string {
  const doc = {
    jobs: loaded.map((l) => ({
      name: l.source.name,
      conf: l.source.conf,
      ...(l.source.override ? { override: l.source.override } : {}),
      loaded: l.job !== null,
      job: l.job ? jobToJson(l.job) : null,
      diagnostics: l.diagnostics,
    })),
    diagnostics,
  };
  return formatJson(doc) + '\n'; // JSON.stringify recurses: an event tree may be 100,000 deep
}

/** Runs the parse command; returns the exit code (0 all load, 1 any rejected or erroneous). */
export function runParse(args: ParseCommandArgs, io: Io): number {
  const found = parseJobs(args.paths, { upstartVersion: args.upstartVersion });
  const loaded = found.jobs;
  const all: Diagnostic[] = [...found.diagnostics, ...loaded.flatMap((l) => l.diagnostics)];
  if (loaded.length === 0 && found.diagnostics.length === 0) {
    io.stderr(`upstart2systemd: no job files (*.conf) found in ${args.paths.join(' ')}\n`);
    return EXIT.failed;
  }
  const failed = loaded.some((l) => !l.job) || hasErrors(all);
  if (args.format === 'json') {
    io.stdout(parseJson(loaded, found.diagnostics));
    return failed ? EXIT.failed : EXIT.ok;
  }
  const color = useColor(io, args.color);
  if (found.diagnostics.length) io.stdout(formatDiagnostics(found.diagnostics, color));
  for (const l of loaded) {
    if (args.format === 'upstart') {
      if (l.job)
        io.stdout(
          `# job ${l.source.name}: ${l.source.conf}${l.source.override ? ' + ' + l.source.override : ''}\n${printJob(l.job)}\n`,
        );
    } else {
      io.stdout(describeJob(l));
    }
    if (l.diagnostics.length) io.stdout(formatDiagnostics(l.diagnostics, color));
    if (args.format === 'text') io.stdout('\n');
  }
  const ok = loaded.filter((l) => l.job).length;
  io.stderr(`${ok} of ${loaded.length} job${loaded.length === 1 ? '' : 's'} loaded; ${summarize(all)}\n`);
  return failed ? EXIT.failed : EXIT.ok;
}
