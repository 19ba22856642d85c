/**
 * `upstart2systemd profiles list` and `profiles show NAME`: the presets, and one profile resolved
 * (its chain, every directive with its reason, condition and first systemd version, what the
 * target drops), its effect on a job, and its exposure score on the reference job.
 */
import * as path from 'node:path';
import { type ProfileView, type Target, listProfiles, resolveTarget, showProfile } from '../../pipeline';
import { type CommandEnv, type Handler, finish, usage } from '../command';
import type { profilesListBuilder, profilesShowBuilder } from './declarations';
import { EXIT } from '../exit-codes';
import type { Io } from '../io';
import { parseVars } from '../options';
import { formatDiagnostics, useColor } from '../report';

/** What `profiles list` does when yargs runs it. */
export function profilesListHandler(env: CommandEnv): Handler<typeof profilesListBuilder> {
  return (a) => finish(env, runProfilesList(env.io, a.format));
}

/** Lists the presets with their descriptions. */
export function runProfilesList(io: Io, format: 'text' | 'json'): number {
  const rows = listProfiles();
  if (format === 'json') io.stdout(JSON.stringify(rows, null, 2) + '\n');
  else
    for (const r of rows)
      io.stdout(
        `${r.name.padEnd(14)} ${r.description}${r.extends.length ? ` (extends ${r.extends.join(', ')})` : ''}\n`,
      );
  return EXIT.ok;
}

/** What `profiles show` does when yargs runs it. */
export function profilesShowHandler(env: CommandEnv): Handler<typeof profilesShowBuilder> {
  return (a) => {
    const target = resolveTarget({ target: a.target, systemd: a.systemd });
    const vars = parseVars(a.var ?? []);
    if ('error' in target || typeof vars === 'string')
      return usage(env, 'error' in target ? target.error : (vars as string));
    finish(
      env,
      runProfilesShow({ profile: a.name, target, job: a.job, vars, format: a.format, color: a.color }, env.io),
    );
  };
}

/** Arguments of `profiles show`. */
export interface ShowArgs {
  profile: string;
  target: Target;
  job?: string;
  vars: Record<string, string>;
  format: 'text' | 'json';
  color?: boolean;
}

/** Shows one profile resolved for a target. */
export function runProfilesShow(args: ShowArgs, io: Io): number {
  const shown = showProfile(args.profile, { target: args.target, job: args.job, vars: args.vars });
  if (!shown.view) {
    io.stderr(formatDiagnostics(shown.diagnostics, useColor(io, args.color)));
    return EXIT.usage;
  }
  if (args.format === 'json') io.stdout(showJson(shown.view));
  else io.stdout(showText(shown.view, args));
  return EXIT.ok;
}

/** The JSON document of `profiles show`. */
function showJson(v: ProfileView): string {
  const { reference, job } = v;
  const doc = {
    profile: v.profile,
    chain: v.chain,
    target: v.target,
    variables: v.variables,
    directives: v.directives,
    reference: {
      job: reference.job,
      before: reference.before,
      after: reference.after,
      ...(reference.note ? { note: reference.note } : {}),
    },
    ...(job ? { job: { file: job.file, name: job.name, unit: job.unit, before: job.before, after: job.after } } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** The text of `profiles show`: each directive and what the target does with it, variables, exposure, the job. */
function showText(v: ProfileView, args: ShowArgs): string {
  let out = `profile ${v.profile}: ${v.chain.join(' → ')}\ntarget ${v.target.name} (systemd ${v.target.systemd})\n\n`;
  for (const r of v.directives) {
    const status = r.dropped
      ? `  DROPPED: needs systemd ${r.since}`
      : r.writtenAs
        ? `  written ${r.writtenAs} for this target`
        : '';
    out +=
      `[${r.section}] ${r.key}=${r.values.join(' ')}${status}\n` +
      `    ${r.reason}${r.when ? ` (only when ${r.when})` : ''}  — ${r.profile}, since ${r.since}\n`;
  }
  if (Object.keys(v.variables).length)
    out += `\nvariables: ${Object.entries(v.variables)
      .map(([k, x]) => `${k}=${x}`)
      .join(', ')}\n`;
  const fmt = (n?: number) => (n === undefined ? '?' : n.toFixed(1));
  const reference = v.reference;
  out +=
    `\nexposure on the reference job (${path.relative(process.cwd(), reference.job)}): ` +
    `${fmt(reference.before)} → ${fmt(reference.after)}${reference.note ? ` (${reference.note})` : ''}\n`;
  const job = v.job;
  if (job) {
    // the job's diagnostics are coloured only when asked with --color, never by the terminal
    const color = useColor({ stdout() {}, stderr() {}, env: {}, isTTY: false }, args.color);
    out +=
      `\n### ${args.job} with ${args.profile} (exposure ${fmt(job.before)} → ${fmt(job.after)})\n` +
      `${job.unit}${formatDiagnostics(job.diagnostics, color)}`;
  }
  return out;
}
