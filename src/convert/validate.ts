/**
 * The job's values checked against what systemd accepts (src/systemd/value-rules.ts) before
 * anything is built from them, each reported at its stanza — in the `.override` when it came
 * from there. A value with a faithful rewrite gets it (a relative `chdir` is resolved from /, as
 * Upstart's init did; control characters in free text are shown as escapes); a value systemd
 * would ignore is left out with a warning (`env`); a value that cannot be written faithfully is
 * an error and is left out, so the job fails with that diagnostic and nothing else trips on it.
 */
import type { Diagnostics } from '../diagnostics/collector';
import { absolutePathProblem, envNameProblem, hasInvisible, userGroupNameProblem } from '../systemd/value-rules';
import type { Stanza, UpstartJob } from '../upstart/job';

/** Why systemd would ignore an `env` stanza (`NAME=value` or `NAME`), or undefined. */
function envProblem(assignment: string): string | undefined {
  const eq = assignment.indexOf('=');
  const nameProblem = envNameProblem(eq < 0 ? assignment : assignment.slice(0, eq));
  if (nameProblem) return nameProblem;
  return assignment.includes('\0') ? 'the value holds a NUL character, which no environment can carry' : undefined;
}

/** `chdir`/`chroot`: relative resolved from / (init's working directory), or why systemd cannot take it. */
function directory(s: Stanza<string>, stanza: 'chdir' | 'chroot', r: Diagnostics): Stanza<string> | undefined {
  let p = s.value;
  if (p !== '' && !p.startsWith('/') && !/[\n\r\0]/.test(p)) {
    const absolute = '/' + p;
    r.report(
      'convert/relative-path',
      s.pos,
      `${stanza} ${p} is relative: Upstart resolved it from init's working directory /, ` +
        `so the unit uses ${absolute} (systemd refuses a relative ` +
        `${stanza === 'chdir' ? 'WorkingDirectory=' : 'RootDirectory='})`,
      `write ${stanza} ${absolute}`,
    );
    p = absolute;
  }
  const problem =
    absolutePathProblem(p) ?? (/[ \t]$/.test(p) ? 'it ends with a blank, which systemd drops' : undefined);
  if (!problem) return p === s.value ? s : { ...s, value: p };
  r.report(
    'convert/invalid-value',
    s.pos,
    `${stanza} ${JSON.stringify(s.value)}: systemd cannot take this directory: ${problem}`,
    'write a plain absolute path',
  );
  return undefined;
}

/** `setuid`/`setgid`: kept when systemd 252 takes the name. */
function identity(s: Stanza<string>, stanza: 'setuid' | 'setgid', r: Diagnostics): Stanza<string> | undefined {
  const problem = userGroupNameProblem(s.value);
  if (!problem) return s;
  r.report(
    'convert/invalid-value',
    s.pos,
    `${stanza} ${JSON.stringify(s.value)}: systemd refuses this ` +
      `${stanza === 'setuid' ? 'user' : 'group'} name: ${problem}`,
    'write the name as it is in /etc/passwd or /etc/group',
  );
  return undefined;
}

/** Reports free text that holds control characters (they are shown as escapes where written). */
function freeText(s: Stanza<string> | undefined, stanza: string, r: Diagnostics): void {
  if (!s || !hasInvisible(s.value)) return;
  r.report(
    'convert/control-characters',
    s.pos,
    `${stanza} holds control characters or line separators; they are written as escapes (\\r, \\n, \\xNN) ` +
      'in the unit, where a line break would end the line',
  );
}

/** The job with the values systemd cannot take left out or rewritten, each reported at its stanza. */
export function validateJob(job: UpstartJob, r: Diagnostics): UpstartJob {
  const out: UpstartJob = { ...job };
  for (const stanza of ['chdir', 'chroot'] as const) {
    const s = job[stanza];
    if (s) out[stanza] = directory(s, stanza, r);
    if (!out[stanza]) delete out[stanza];
  }
  for (const stanza of ['setuid', 'setgid'] as const) {
    const s = job[stanza];
    if (s) out[stanza] = identity(s, stanza, r);
    if (!out[stanza]) delete out[stanza];
  }
  out.env = job.env.filter((e) => {
    const problem = envProblem(e.value);
    if (problem) r.report('convert/env-dropped', e.pos, `env ${JSON.stringify(e.value)} is left out: ${problem}`);
    return !problem;
  });
  if (job.apparmor_switch && /[\n\r\0]/.test(job.apparmor_switch.value)) {
    r.report(
      'convert/invalid-value',
      job.apparmor_switch.pos,
      'apparmor switch: the profile name holds a line break, which AppArmorProfile= cannot hold',
    );
    delete out.apparmor_switch;
  }
  freeText(job.description, 'description', r);
  for (const stanza of ['author', 'version', 'usage'] as const) freeText(job[stanza], stanza, r);
  for (const e of job.emits) freeText(e, 'emits', r);
  if (hasInvisible(job.name) || [job.file, job.overrideFile ?? ''].some(hasInvisible))
    r.report(
      'convert/control-characters',
      { file: job.file },
      'the job file name holds control characters or line separators; they are written as escapes ' +
        "(\\r, \\n, \\xNN) in the unit's comments and description, and as \\xNN in its name",
    );
  return out;
}
