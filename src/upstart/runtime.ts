/**
 * What Upstart does at run time with a parsed job: the environment it builds, the argv it spawns,
 * and what it decides when the main process ends (JC, JP). The converter reproduces these.
 */
import { envLookup } from './expand';

/** The characters that make Upstart run an `exec` line through `/bin/sh -e -c` (JP SHELL_CHARS). */
export const SHELL_CHARS = '~`!$^&*()=|\\{}[];"\'<>?';

/** The PATH system init gives every job (init/paths.h). */
export const UPSTART_PATH = '/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/sbin:/sbin:/bin';

/** True when Upstart would run this exec command through the shell. */
export function needsShell(command: string): boolean {
  for (const ch of command) if (SHELL_CHARS.includes(ch)) return true;
  return false;
}

/** How Upstart starts a process: the argv, and for multi-line scripts the text fed on fd 9. */
export interface SpawnPlan {
  argv: string[];
  scriptOnFd9?: string;
}

/** The argv Upstart spawns for an `exec` command or a `script` block (JP job_process_start). */
export function spawnPlan(kind: 'exec' | 'script', text: string): SpawnPlan {
  if (kind === 'exec' && !needsShell(text)) {
    return { argv: text.split(/[ \t\r\n]+/).filter((w) => w.length > 0) };
  }
  const body = kind === 'exec' ? `exec ${text}` : text;
  const trimmed = body.replace(/\n+$/, '');
  if (trimmed.includes('\n')) return { argv: ['/bin/sh', '-e', '/proc/self/fd/9'], scriptOnFd9: body };
  return { argv: ['/bin/sh', '-e', '-c', trimmed, '/bin/sh'] };
}

/** Sets, replaces in place, or (for a bare KEY missing from `initEnv`) removes one variable. */
export function environAdd(env: string[], entry: string, initEnv: readonly string[]): string[] {
  const eq = entry.indexOf('=');
  const key = eq < 0 ? entry : entry.slice(0, eq);
  let value: string | undefined = eq < 0 ? envLookup(initEnv, key) : entry.slice(eq + 1);
  const idx = env.findIndex((e) => e === key || e.startsWith(key + '='));
  const next = [...env];
  if (value === undefined) {
    if (idx >= 0) next.splice(idx, 1);
    return next;
  }
  value = `${key}=${value}`;
  if (idx >= 0) next[idx] = value;
  else next.push(value);
  return next;
}

/** The job environment Upstart builds: base table, then `env` stanzas, then start variables (JC). */
export function jobEnvironment(opts: {
  base: readonly string[];
  envStanzas: readonly string[];
  initEnv: readonly string[];
  startEnv: readonly string[];
}): string[] {
  let env = [...opts.base];
  for (const e of opts.envStanzas) env = environAdd(env, e, opts.initEnv);
  for (const e of opts.startEnv) env = environAdd(env, e, opts.initEnv);
  return env;
}

/** What Upstart does when the main process ends while the goal is still "start". */
export type ExitOutcome = 'stop-ok' | 'stop-failed' | 'respawn';

/**
 * Decides the outcome of a main-process exit (JP job_process_terminated): a respawning service
 * treats even exit 0 as a failure, `normal exit` entries never are, and failures respawn.
 */
export function exitOutcome(
  job: { task: boolean; respawn: boolean; normalExit: readonly number[] },
  how: 'exit' | 'signal',
  value: number,
): ExitOutcome {
  const status = how === 'exit' ? value : value << 8;
  let failed = status !== 0 || (job.respawn && !job.task);
  if (job.normalExit.includes(status)) failed = false;
  if (failed && job.respawn) return 'respawn';
  return failed ? 'stop-failed' : 'stop-ok';
}
