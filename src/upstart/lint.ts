/**
 * Things Upstart loads without complaint but that do not do what they seem to: warnings about
 * the job itself, independent of any conversion.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { EventExpr, EventMatch, UpstartJob } from './job';
import { expand } from './expand';
import type { UpstartVersion } from './parser';

/** The leaves of an event expression, left to right. */
export function eventLeaves(e: EventExpr): EventMatch[] {
  return e.type === 'event' ? [e] : [...eventLeaves(e.left), ...eventLeaves(e.right)];
}

/** True when a `start on` value can never match: a `$VAR` that fails to expand without an environment. */
function deadInStartOn(value: string): boolean {
  return value.includes('$') && !expand(value, []).ok;
}

/** Warnings about one loaded job. */
export function lintJob(job: UpstartJob, version: UpstartVersion): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (job.kill_timeout && job.kill_timeout.value === 0) {
    out.push(
      diagnostic(
        'upstart/kill-timeout-zero',
        job.kill_timeout.pos,
        'kill timeout 0 is accepted by the parser, but Upstart asserts (PID 1 aborts) when it stops this job',
        'use a positive timeout',
      ),
    );
  }
  if (job.cgroup.length > 0 && version === '1.13') {
    out.push(
      diagnostic(
        'upstart/cgroup-not-in-trusty',
        job.cgroup[0]!.pos,
        'cgroup exists from Upstart 1.13; Ubuntu 14.04 (1.12.1) rejects this job as "Unknown stanza"',
        'parse with --upstart-version 1.12 to see the job as Trusty saw it',
      ),
    );
  }
  for (const ne of job.normal_exit) {
    const { code, text } = ne.value;
    if (code >= 256 && /^[0-9+\-\s]/.test(text)) {
      out.push(
        diagnostic(
          'upstart/normal-exit-alias',
          ne.pos,
          `normal exit ${text} is not an exit status (0-255); Upstart stores it as ${(code & 0xff) === 0 ? `signal ${code >> 8}` : 'a value that never matches'}`,
          'write exit statuses 0-255 or signal names',
        ),
      );
    }
  }
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
  if (job.start_on) {
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
  }
  for (const e of job.export) {
    if (e.value.includes('$'))
      out.push(
        diagnostic(
          'upstart/export-variable',
          e.pos,
          `export ${e.value} names a variable literally called "${e.value}"`,
          'export takes variable names without $',
        ),
      );
  }
  if (job.debug)
    out.push(
      diagnostic(
        'upstart/debug',
        job.debug.pos,
        'debug is only honoured when init runs with --debug (the child stops itself before exec); it is ignored otherwise',
      ),
    );
  return out;
}
