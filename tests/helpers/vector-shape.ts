/**
 * Renders a parsed job in the shape VECTORS.md uses for expected results (only fields that differ
 * from Upstart's defaults), so the real parser's recorded output can be compared directly.
 */
import type { EventExpr, UpstartJob } from '../../src/upstart/job';

/** An event tree as the vectors write it: `{event, args?}` or `{and: [l, r]}`. */
export function exprShape(e: EventExpr): unknown {
  if (e.type === 'event') return e.args.length ? { event: e.name, args: e.args } : { event: e.name };
  return { [e.type]: [exprShape(e.left), exprShape(e.right)] };
}

/** The vector `result` object for a job. */
export function vectorShape(job: UpstartJob): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const f of [
    'description',
    'author',
    'version',
    'usage',
    'instance',
    'chroot',
    'chdir',
    'setuid',
    'setgid',
    'apparmor_switch',
  ] as const) {
    if (job[f]) r[f] = job[f]!.value;
  }
  for (const f of ['env', 'export', 'emits'] as const) if (job[f].length) r[f] = job[f].map((s) => s.value);
  if (job.start_on) r.start_on = exprShape(job.start_on.value);
  if (job.stop_on) r.stop_on = exprShape(job.stop_on.value);
  for (const [name, p] of Object.entries(job.process)) {
    if (p) r[name] = { [p.value.kind]: p.value.text };
  }
  if (job.apparmor_load) r.security = { exec: `/sbin/apparmor_parser -r -W ${job.apparmor_load.value}` };
  if (job.expect && job.expect.value !== 'none') r.expect = job.expect.value;
  if (job.task) r.task = true;
  if (job.respawn) r.respawn = true;
  if (job.respawn_limit) {
    const { count, interval } = job.respawn_limit.value;
    if (count !== 10 || interval !== 5) r.respawn_limit = [count, interval];
  }
  if (job.normal_exit.length) {
    r.normal_exit = job.normal_exit.map(({ value: { code } }) =>
      code < 256 ? code : (code & 0xff) === 0 ? `signal:${code >> 8}` : code,
    );
  }
  if (job.kill_timeout && job.kill_timeout.value !== 5) r.kill_timeout = job.kill_timeout.value;
  if (job.kill_signal && job.kill_signal.value.signo !== 15) r.kill_signal = job.kill_signal.value.signo;
  if (job.reload_signal && job.reload_signal.value.signo !== 1) r.reload_signal = job.reload_signal.value.signo;
  if (job.console && job.console.value !== 'log') r.console = job.console.value;
  if (job.umask && job.umask.value !== 0o22) r.umask = job.umask.value.toString(8).padStart(3, '0');
  if (job.nice) r.nice = job.nice.value;
  if (job.oom && job.oom.value.score !== 0) r.oom_score_adj = job.oom.value.score;
  for (const [res, l] of Object.entries(job.limit)) if (l) r[`limit.${res}`] = [l.value.soft, l.value.hard];
  return r;
}
