import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { renderMigrate, renderRollback } from './scripts';
import { shown } from './shell';
import { PLAN_FORMAT, type Plan, type PlanJob } from './types';

/** A plan of one migrated job and one skipped job, every value of them taken from `v`. */
function planOf(v: { job: string; path: string; unit: string; program: string; user: string; reason: string }): Plan {
  const file = {
    id: 'f1',
    kind: 'unit' as const,
    path: v.path,
    source: v.path.replace(/^\/+/, ''),
    mode: '0644',
    sha256: 'a'.repeat(64),
    before: { state: 'absent' as const },
  };
  const migrated: PlanJob = {
    id: 'j1',
    job: v.job,
    conf: `/etc/init/${v.job}.conf`,
    action: 'install',
    unit: v.unit,
    files: [file],
    existing: null,
    enable: [v.unit],
    start: [v.unit],
    ran: [''],
    after: [],
    needs: { programs: [v.program], users: [v.user], groups: [v.user] },
    notes: [],
  };
  const skipped: PlanJob = {
    ...migrated,
    id: 'j2',
    job: `${v.job}2`,
    action: 'skip',
    reason: { code: 'excluded', message: v.reason },
    files: [],
    enable: [],
    start: [],
    needs: { programs: [], users: [], groups: [] },
  };
  return {
    format: PLAN_FORMAT,
    id: '0123456789ab',
    target: { name: 'debian-12', systemd: 252 },
    scriptDir: '/usr/local/lib/upstart2systemd',
    tree: null,
    host: { known: true },
    order: [v.job],
    jobs: [migrated, skipped],
    units: [{ id: 'u1', unit: v.unit, job: v.job }],
    dirs: [],
    notes: [v.reason],
  };
}

/** The steps each script's generated lists call, replaced by stubs that print their name and arguments. */
const STEPS = {
  migrate: [
    'preflight',
    'record_active',
    'install_files',
    'enable_units',
    'start_units',
    'verify_units',
    'ran_but_skipped',
  ],
  rollback: ['stop_units', 'disable_units', 'restore_files', 'restart_units'],
};

/**
 * Runs the generated part of a script (its header, constants and lists) under sh with every step
 * function a stub, and returns the calls the lists made: each a function name and its arguments.
 */
function callsOf(script: string, steps: readonly string[]): string[][] {
  const generated = script.slice(0, script.indexOf('\n# ----------'));
  const stub = '__u2s_call() { printf "%s\\036" "$@"; printf "\\035"; }';
  const names = ['job', 'need_file', 'need_program', 'need_user', 'need_group', 'need_unit', 'was_active', 'make_dir'];
  const more = ['put', 'enable_unit', 'start_unit', 'verify_unit', 'not_migrated', 'stop_unit', 'stop_instances'];
  const stubs = [...names, ...more, 'disable_unit', 'restore', 'remove_dir', 'restart_unit'].map(
    (n) => `${n}() { __u2s_call ${n} "$@"; }`,
  );
  const text = [generated, stub, ...stubs, ...steps, ''].join('\n');
  const r = spawnSync('sh', ['-c', text], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout
    .split('\u001d')
    .slice(0, -1)
    .map((c) => c.split('\u001e').slice(0, -1));
}

/** The calls of one function. */
function callsTo(calls: string[][], name: string): string[][] {
  return calls.filter((c) => c[0] === name).map((c) => c.slice(1));
}

const HOSTILE = [
  "it's",
  '$(touch /tmp/u2s-pwned)',
  '`id`',
  'a\nb',
  'a\rb',
  'tail\\',
  '"quoted"',
  '%s %n %%',
  '${PATH}',
  ' spaced ',
  '-n',
  "'",
  'x'.repeat(2000),
];

describe('migrate.sh and rollback.sh from a plan', () => {
  it("hand every value of the plan to the scripts' steps as exactly that value, hostile ones included", () => {
    for (const h of HOSTILE) {
      const plan = planOf({ job: h, path: `/etc/${h}`, unit: `${h}.service`, program: h, user: h, reason: h });
      const migrate = callsOf(renderMigrate(plan), STEPS.migrate);
      expect(callsTo(migrate, 'job')[0]).toEqual(['j1', shown(h)]);
      expect(callsTo(migrate, 'need_file')).toEqual([['f1', `/etc/${h}`, `etc/${h}`, 'a'.repeat(64), 'absent']]);
      expect(callsTo(migrate, 'need_program')).toEqual([[h]]);
      expect(callsTo(migrate, 'need_user')).toEqual([[h]]);
      expect(callsTo(migrate, 'need_group')).toEqual([[h]]);
      expect(callsTo(migrate, 'put')).toEqual([['f1', `/etc/${h}`, `etc/${h}`, '0644', 'a'.repeat(64)]]);
      for (const step of ['was_active', 'enable_unit', 'start_unit', 'verify_unit'])
        expect(callsTo(migrate, step)).toEqual([['u1', `${h}.service`]]);
      expect(callsTo(migrate, 'not_migrated')).toEqual([[shown(`${h}2`), h]]);
      const rollback = callsOf(renderRollback(plan), STEPS.rollback);
      expect(callsTo(rollback, 'restore')).toEqual([['f1', `/etc/${h}`, 'a'.repeat(64), 'absent']]);
      expect(callsTo(rollback, 'stop_unit')).toEqual([['u1', `${h}.service`]]);
      expect(callsTo(rollback, 'disable_unit')).toEqual([['u1', `${h}.service`]]);
    }
  });

  it('hand any string without NUL through as itself (property)', () => {
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((s) => s.replace(/\0/g, '_'));
    // sh reads its script as bytes: strings without a UTF-8 form (lone surrogates) cannot be written
    const utf8 = text.filter((s) => Buffer.from(s, 'utf8').toString('utf8') === s);
    fc.assert(
      fc.property(utf8, utf8, (a, b) => {
        const plan = planOf({ job: a, path: `/${b}`, unit: b, program: a, user: b, reason: a });
        const migrate = callsOf(renderMigrate(plan), STEPS.migrate);
        expect(callsTo(migrate, 'put')).toEqual([['f1', `/${b}`, b.replace(/^\/+/, ''), '0644', 'a'.repeat(64)]]);
        expect(callsTo(migrate, 'need_program')).toEqual([[a]]);
        expect(callsTo(migrate, 'enable_unit')).toEqual([['u1', b]]);
        expect(callsTo(migrate, 'not_migrated')).toEqual([[shown(`${a}2`), a]]);
      }),
      { numRuns: 40 },
    );
  });

  it('keep the header an operator reads as comments, one line per entry, whatever the values hold', () => {
    const plan = planOf({ job: 'a\nrm -rf /', path: '/x', unit: 'u', program: 'p', user: 'u', reason: 'r\r\nid' });
    for (const script of [renderMigrate(plan), renderRollback(plan)]) {
      const header = script.slice(0, script.indexOf('\nset -eu\n')).split('\n');
      expect(header[0]).toBe('#!/bin/sh');
      for (const line of header) expect(line).toMatch(/^#/);
      expect(script).toContain('#   a\\nrm -rf /: install u; 1 file; enable u; start u');
    }
  });
});
