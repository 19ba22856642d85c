/**
 * A property over generated jobs whose stanza values and file names hold CR, LF, backslashes
 * (trailing too), `%`, `$`, quotes and other control characters — built as job models, so that
 * values the Upstart parser would never produce are tried as well — converted plain and hardened
 * (with hostile --var values too), with inline scripts and helper scripts, for an old (229) and a
 * current (252) target: nothing is blamed on the tool, every emitted unit read back holds exactly
 * the model's sections, keys and values (no extra key, section or line), every helper script's
 * header is comments, and a sample of the units passes the real `systemd-analyze verify`.
 * More runs locally with FC_RUNS=….
 */
import fc from 'fast-check';
import type { ConvertedJob } from '../../src/convert';
import type { SourcePos } from '../../src/diagnostics/diagnostic';
import { convertLoaded } from '../../src/pipeline';
import type { LoadedJob } from '../../src/read/load';
import { type Target, targetForSystemd } from '../../src/systemd/target';
import { parseUnitFile } from '../../src/systemd/unit-parser';
import { type ProcessDef, type Stanza, type UpstartJob, emptyJob } from '../../src/upstart/job';
import { haveSystemdAnalyze, verifyUnits } from '../helpers/verify';

const RUNS = Number(process.env.FC_RUNS ?? 60);

/** How many units of the current target are handed to systemd-analyze (one call per 100). */
const VERIFY_SAMPLE = Number(process.env.U2S_VERIFY_SAMPLE ?? 200);

/** Characters that stress every escaping rule. */
const hostileChar = fc.constantFrom(
  'a',
  'b',
  '/',
  ' ',
  '\t',
  '\r',
  '\n',
  '\\',
  '"',
  "'",
  '%',
  '$',
  '{',
  '}',
  ';',
  '=',
  '-',
  '@',
  '+',
  ':',
  '!',
  '#',
  '[',
  ']',
  '.',
  '~',
  '*',
  '\x01',
  '\x1b',
  '\x7f',
  'é',
  '\u2028',
);
const hostile = fc.string({ unit: hostileChar, maxLength: 12 });
/** Mostly plausible, sometimes hostile. */
const maybe = (plain: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ weight: 2, arbitrary: plain }, hostile);
/** A trailing backslash, the character that joins lines. */
const trailing = (s: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: s },
    s.map((x) => `${x}\\`),
  );

/** A file-name component: anything but `/`, NUL, `.` and `..`. */
const component = hostile
  .map((s) => s.replace(/\//g, '_'))
  .filter((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\0'));

const envAssignment = fc
  .tuple(maybe(fc.constantFrom('OPTS', 'HOME', 'X_1', 'PATH')), fc.boolean(), trailing(hostile))
  .map(([name, pass, value]) => (pass ? name : `${name}=${value}`));

/** The text of a process: an exec line with hostile arguments, or a hostile script. */
const processDef = fc.oneof(
  fc
    .tuple(
      // Upstart refuses an exec stanza without a command, so the program is never blank
      fc.oneof(
        fc.constantFrom('/usr/bin/appd', 'appd', '/opt/app/run'),
        hostile.filter((p) => /^[^ \t\r\n]/.test(p)),
      ),
      fc.array(trailing(hostile), { maxLength: 3 }),
    )
    .map(([p, args]): ProcessDef => ({ kind: 'exec', text: [p, ...args].join(' ') })),
  fc
    .array(trailing(hostile), { minLength: 1, maxLength: 3 })
    .map((ls): ProcessDef => ({ kind: 'script', text: ls.join('\n') })),
);

/** A `start on` event whose arguments are hostile: mount points, watched files, sockets, job names, containers. */
const startOn = fc.oneof(
  fc.constantFrom('runlevel').map((name) => ({ name, args: ['[2345]'] })),
  fc
    .tuple(
      fc.constantFrom('mounted', 'mounting', 'file', 'socket', 'started', 'container', 'net-device-up'),
      trailing(hostile),
    )
    .map(([name, h]) => {
      const args: Record<string, string[]> = {
        mounted: [`MOUNTPOINT=/${h}`],
        mounting: [`MOUNTPOINT=${h}`],
        file: [`FILE=/${h}`, 'EVENT=create'],
        socket: ['PROTO=unix', `SOCKET_PATH=/${h}`],
        started: [h],
        container: [`CONTAINER=${h}`],
        'net-device-up': [`IFACE=${h}`],
      };
      return { name, args: args[name]! };
    }),
);

/** The stanzas of one job (any subset), before names and positions are filled in. */
const jobFields = fc.record(
  {
    description: hostile,
    author: hostile,
    version: hostile,
    usage: hostile,
    emits: fc.array(hostile, { maxLength: 2 }),
    env: fc.array(envAssignment, { maxLength: 3 }),
    chdir: trailing(maybe(fc.constantFrom('/srv/app', '/', 'srv', '/srv/%n data', '/var/lib/app'))),
    chroot: maybe(fc.constantFrom('/srv/jail', 'jail')),
    setuid: maybe(fc.constantFrom('app', 'nobody', 'root')),
    setgid: maybe(fc.constantFrom('adm', 'nogroup')),
    apparmor_switch: hostile,
    main: processDef,
    preStart: processDef,
    startOn,
  },
  { requiredKeys: ['main'] },
);

/** One generated job's stanzas. */
type JobFields = typeof jobFields extends fc.Arbitrary<infer T> ? T : never;

/** A batch of jobs named `jN-…` (some in a subfolder), and how it is converted. */
const batch = fc.record({
  jobs: fc.array(fc.tuple(fc.option(component, { nil: undefined }), component, jobFields), {
    minLength: 1,
    maxLength: 3,
  }),
  systemd: fc.constantFrom(229, 252),
  profile: fc.constantFrom(undefined, 'strict', 'dynamic-user', 'chroot', 'recommended', 'hide-paths'),
  vars: fc.option(fc.record({ root_directory: trailing(maybe(fc.constant('/srv/jail'))) }), { nil: undefined }),
  scripts: fc.constantFrom('inline' as const, 'files' as const),
});

let seq = 0;

/** A loaded job from generated fields: every stanza at its own line of the job file. */
function jobOf(sub: string | undefined, base: string, f: JobFields): LoadedJob {
  const name = `${sub === undefined ? '' : `${sub}/`}j${seq++}-${base}`;
  const file = `/etc/init/${name}.conf`;
  let line = 0;
  const at = (): SourcePos => ({ file, line: ++line, column: 1, offset: 0 });
  const s = <T>(value: T): Stanza<T> => ({ value, pos: at() });
  const job: UpstartJob = emptyJob(name, file);
  for (const k of ['description', 'author', 'version', 'usage', 'chdir', 'chroot', 'setuid', 'setgid'] as const)
    if (f[k] !== undefined) job[k] = s(f[k]);
  if (f.apparmor_switch !== undefined) job.apparmor_switch = s(f.apparmor_switch);
  job.emits = (f.emits ?? []).map(s);
  job.env = (f.env ?? []).map(s);
  job.process.main = s(f.main);
  if (f.preStart) job.process['pre-start'] = s(f.preStart);
  if (f.startOn) job.start_on = s({ type: 'event', ...f.startOn, pos: at() });
  return { source: { name, conf: file }, job, diagnostics: [] };
}

/** What must hold for every job; returns the units to verify (of the current target). */
function check(jobs: readonly ConvertedJob[], target: Target): Record<string, string> {
  const units: Record<string, string> = {};
  for (const j of jobs) {
    const faults = j.diagnostics.filter((d) => d.ruleId.startsWith('internal/'));
    expect(faults.map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
    for (const f of j.files) {
      if (f.name.endsWith('.sh')) {
        const head = f.content.split('\n').slice(0, 3);
        expect(head.every((l) => l.startsWith('#') && !/[\r\0]/.test(l))).toBe(true);
        continue;
      }
      const model = j.units.find((u) => u.name === f.name)!;
      const read = parseUnitFile(f.content, f.name);
      const want = model.sections.map((s) => ({
        name: s.name,
        // systemd strips blanks, tabs, CR and LF around a value (JavaScript's trim() strips more)
        entries: s.entries.map((e) => [e.key, e.value.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '')]),
      }));
      const got = read.sections.map((s) => ({ name: s.name, entries: s.entries.map((e) => [e.key, e.value]) }));
      expect({ file: f.name, problems: read.diagnostics.map((d) => d.message), sections: got }).toEqual({
        file: f.name,
        problems: [],
        sections: want,
      });
      const lines = f.content.split('\n');
      expect(lines.filter((l) => !/^(|#.*|\[[A-Za-z]+\]|[A-Za-z]+=.*)$/s.test(l) || /[\r\0]/.test(l))).toEqual([]);
      expect(lines.filter((l) => Buffer.byteLength(l) > target.maxLineLength)).toEqual([]);
      // (systemd-analyze verify reads FILE:ALIAS, so a unit name with a colon cannot be named to it)
      if (j.status === 'converted' && target.systemd === 252 && !f.name.includes(':')) units[f.name] = f.content;
    }
  }
  return units;
}

/** systemd-analyze lines that are not about syntax: names it accepts with a notice, and the faithful `nobody`. */
const NOT_SYNTAX = [/Accepting user\/group name/];

describe('generated jobs with hostile values and file names', () => {
  it('never lose or add a line, blame the tool, or give a unit systemd refuses', () => {
    const units: Record<string, string> = {};
    let converted = 0;
    fc.assert(
      fc.property(batch, (b) => {
        const loaded = b.jobs.map(([sub, base, f]) => jobOf(sub, base, f));
        const target = targetForSystemd(b.systemd);
        const run = convertLoaded(loaded, {
          target,
          profiles: b.profile ? [b.profile] : [],
          vars: b.vars ?? {},
          scripts: b.scripts,
          score: false,
        });
        // a hostile --var is refused where it is given (the profile value it fills), before any job
        expect(run.profileErrors.filter((d) => d.ruleId !== 'harden/invalid-value')).toEqual([]);
        if (run.profileErrors.length) return expect(run.jobs).toEqual([]);
        for (const [n, text] of Object.entries(check(run.jobs, target)))
          if (Object.keys(units).length < VERIFY_SAMPLE) units[n] = text;
        converted += run.jobs.filter((j) => j.status === 'converted').length;
      }),
      { numRuns: RUNS },
    );
    // hostile values must not make every job fail, or the property says little about what is written
    expect(converted).toBeGreaterThan(RUNS / 3);
    if (haveSystemdAnalyze())
      expect(verifyUnits(units).filter((l) => !NOT_SYNTAX.some((re) => re.test(l)))).toEqual([]);
  }, 120_000);
});
