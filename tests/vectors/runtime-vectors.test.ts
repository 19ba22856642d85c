/**
 * The event-matching, expansion, environment, spawn, exit-outcome and job-name vectors recorded
 * from Upstart's own code: our model of Upstart's run time must agree with every one.
 */
import vectors from './upstart-vectors.json';
import { expand } from '../../src/upstart/expand';
import { matchLeaf } from '../../src/upstart/match';
import { exitOutcome, jobEnvironment, spawnPlan } from '../../src/upstart/runtime';
import { jobNameFromPath, logPath } from '../../src/upstart/names';

type V = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ofKind = (kind: string): [string, V][] =>
  (vectors as V[]).filter((v) => v.kind === kind).map((v) => [`${v.id}${v.note ? ': ' + v.note : ''}`, v]);

describe('event matching agrees with event_operator_match', () => {
  it.each(ofKind('match'))('%s', (_n, v) => {
    const got = matchLeaf({ name: v.leaf.event, args: v.leaf.args }, v.event, v.env);
    expect(got ? 'MATCH' : 'NO MATCH').toBe(v.expect);
  });
});

describe('$ expansion agrees with environ_expand', () => {
  it.each(ofKind('expand'))('%s', (_n, v) => {
    const r = expand(v.template, v.env);
    expect(r.ok ? JSON.stringify(r.value) : `ERROR: ${r.error}`).toBe(v.expect);
  });
});

describe('the job environment is built as job_class_environment builds it', () => {
  it.each(ofKind('environment'))('%s', (_n, v) => {
    const env = jobEnvironment({ base: v.base, envStanzas: v.env_stanzas, initEnv: v.init_env, startEnv: v.start_env });
    expect(env).toEqual(JSON.parse(v.expect));
  });
});

describe('processes are spawned with the argv job_process_start uses', () => {
  it.each(ofKind('spawn'))('%s', (_n, v) => {
    const plan = spawnPlan(v.process, v.command);
    const shown =
      plan.scriptOnFd9 === undefined
        ? plan.argv
        : [...plan.argv, `(script on fd 9: ${JSON.stringify(plan.scriptOnFd9)})`];
    expect(shown).toEqual(v.expect);
  });
});

describe('a main-process exit ends as job_process_terminated decides', () => {
  const words = {
    'stop-ok': 'stop, RESULT=ok',
    'stop-failed': 'stop, RESULT=failed',
    respawn: 'respawn (subject to respawn limit)',
  };
  it.each(ofKind('exit'))('%s', (_n, v) => {
    const outcome = exitOutcome({ task: v.task, respawn: v.respawn, normalExit: v.normal_exit }, v.how, v.value);
    expect(words[outcome]).toBe(v.expect);
  });
});

describe('job and log names follow conf_to_job_name and job_process_log_path', () => {
  it.each(ofKind('name'))('%s', (_n, v) => {
    const job = jobNameFromPath(v.source_dir, v.path);
    expect({ job, log: logPath(job, v.instance) }).toEqual(v.expect);
  });
});
