/**
 * Things Upstart loads without complaint but that do not do what they seem to: warnings about
 * the job itself, independent of any conversion.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { UpstartJob } from './job';
import { eventLeaves } from './event-tree';
import { expand } from './expand';
import type { UpstartVersion } from './stanzas';

export { eventLeaves } from './event-tree';

/** True when a `start on` value can never match: a `$VAR` that fails to expand without an environment. */
function deadInStartOn(value: string): boolean {
  return value.includes('$') && !expand(value, []).ok;
}

/** Warnings about one loaded job. */
export function lintJob(job: UpstartJob, version: UpstartVersion): Diagnostic[] {
  return [
    ...killTimeoutZero(job),
    ...cgroupBeforeItsVersion(job, version),
    ...normalExitAliases(job),
    ...softLimitsAboveHard(job),
    ...startOnVariables(job),
    ...exportVariables(job),
    ...debugOnly(job),
  ];
}

/** `kill timeout 0` parses, yet stopping the job aborts PID 1. */
function killTimeoutZero(job: UpstartJob): Diagnostic[] {
  if (!job.kill_timeout || job.kill_timeout.value !== 0) return [];
  return [
    diagnostic(
      'upstart/kill-timeout-zero',
      job.kill_timeout.pos,
      'kill timeout 0 is accepted by the parser, but Upstart asserts (PID 1 aborts) when it stops this job',
      'use a positive timeout',
    ),
  ];
}

/** `cgroup` arrived in 1.13: Trusty's Upstart rejected the whole job. */
function cgroupBeforeItsVersion(job: UpstartJob, version: UpstartVersion): Diagnostic[] {
  if (job.cgroup.length === 0 || version !== '1.13') return [];
  return [
    diagnostic(
      'upstart/cgroup-not-in-trusty',
      job.cgroup[0]!.pos,
      'cgroup exists from Upstart 1.13; Ubuntu 14.04 (1.12.1) rejects this job as "Unknown stanza"',
      'parse with --upstart-version 1.12 to see the job as Trusty saw it',
    ),
  ];
}

/** A `normal exit` number above 255 is stored as a signal or as nothing that ever matches. */
function normalExitAliases(job: UpstartJob): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ne of job.normal_exit) {
    const { code, text } = ne.value;
    if (code >= 256 && /^[0-9+\-\s]/.test(text)) {
      out.push(
        diagnostic(
          'upstart/normal-exit-alias',
          ne.pos,
          `normal exit ${text} is not an exit status (0-255); Upstart stores it as ` +
            `${(code & 0xff) === 0 ? `signal ${code >> 8}` : 'a value that never matches'}`,
          'write exit statuses 0-255 or signal names',
        ),
      );
    }
  }
  return out;
}

/** A soft limit above the hard one makes setrlimit fail, so no process of the job ever spawns. */
function softLimitsAboveHard(job: UpstartJob): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [res, l] of Object.entries(job.limit)) {
    if (!l) continue;
    const { soft, hard } = l.value;
    if (hard !== 'unlimited' && (soft === 'unlimited' || BigInt(soft) > BigInt(hard))) {
      out.push(
        diagnostic(
          'upstart/limit-soft-above-hard',
          l.pos,
          `limit ${res}: soft ${soft} is above hard ${hard}; setrlimit fails and every process of the job fails to spawn`,
          'make soft <= hard',
        ),
      );
    }
  }
  return out;
}

/** `start on` is matched without an environment: a `$` in an event name or value never means a variable. */
function startOnVariables(job: UpstartJob): Diagnostic[] {
  if (!job.start_on) return [];
  const out: Diagnostic[] = [];
  for (const leaf of eventLeaves(job.start_on.value)) {
    if (leaf.name.includes('$')) {
      out.push(
        diagnostic(
          'upstart/start-on-variable',
          leaf.pos,
          `start on waits for an event literally named "${leaf.name}": event names are never expanded`,
          'name the event itself',
        ),
      );
    }
    for (const a of leaf.args) {
      const value = a.slice(a.indexOf('=') + 1);
      if (deadInStartOn(value)) {
        out.push(
          diagnostic(
            'upstart/start-on-variable',
            leaf.pos,
            `"${a}" can never match: start on is matched without an environment, so $-variables fail to expand`,
            'use ${VAR:-default} or a literal value',
          ),
        );
      }
    }
  }
  return out;
}

/** `export $VAR` exports a variable named with the `$`, not the one meant. */
function exportVariables(job: UpstartJob): Diagnostic[] {
  return job.export
    .filter((e) => e.value.includes('$'))
    .map((e) =>
      diagnostic(
        'upstart/export-variable',
        e.pos,
        `export ${e.value} names a variable literally called "${e.value}"`,
        'export takes variable names without $',
      ),
    );
}

/** `debug` does something only when init itself runs with --debug. */
function debugOnly(job: UpstartJob): Diagnostic[] {
  if (!job.debug) return [];
  return [
    diagnostic(
      'upstart/debug',
      job.debug.pos,
      'debug is only honoured when init runs with --debug (the child stops itself before exec); it is ignored otherwise',
    ),
  ];
}
