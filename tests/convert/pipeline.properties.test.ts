/**
 * Properties of the whole pipeline over generated batches of plausible Upstart jobs (the stanzas
 * and idioms of real /etc/init files, with values chosen to stress quoting and events): it never
 * throws, every job converts or fails with an error, every diagnostic names a documented rule and
 * a place inside the file, converting twice gives the same bytes, no unit holds a directive newer
 * than its target or a line longer than its systemd reads, and the real systemd-analyze accepts every unit — plain and hardened, for an
 * old (229) and a current (252) target. More runs locally with FC_RUNS=…, other targets and
 * presets with U2S_TARGETS=ubuntu-18.04,… and U2S_PROFILES=recommended,…; a failure prints the
 * seed and the shrunk batch.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ConvertedJob } from '../../src/convert';
import { isRuleId } from '../../src/diagnostics/rules';
import { convertLoaded } from '../../src/pipeline';
import { discoverJobs } from '../../src/read/discover';
import { loadJob } from '../../src/read/load';
import { TARGETS, type Target, firstVersion } from '../../src/systemd/target';
import { haveSystemdAnalyze, verifyUnits } from '../helpers/verify';

const BATCHES = Number(process.env.FC_RUNS ?? 120);
const targets = TARGETS.filter((t) =>
  (process.env.U2S_TARGETS ?? 'ubuntu-16.04,debian-12').split(',').includes(t.name),
);

/** Job names of one batch: `bN-a`, `bN-b`… so batches never share a unit name. */
const LETTERS = ['a', 'b', 'c', 'd'];

/** Arguments as operators write them: options, `$` references, `%`, quotes, shell characters, UTF-8. */
const arg = fc.constantFrom(
  '--daemon',
  '-c',
  '/etc/app/app.conf',
  '--pid=/var/run/app.pid',
  '$OPTS',
  '"$OPTS"',
  '${HOME}',
  '--x=$X',
  '100%',
  '"%s %d"',
  "'a b'",
  '"a b"',
  'a\\ b',
  '$(hostname)',
  '`date`',
  'a;b',
  '>/dev/null',
  '2>&1',
  '|',
  'é→',
  '--log=/var/log/app/app.log',
  '--data-dir',
  '/var/lib/app',
  '*.conf',
  '~user',
  '&&',
  '-n',
  "'$1'",
);
const program = fc.constantFrom(
  '/usr/bin/appd',
  '/usr/sbin/app-daemon',
  'appd',
  '/opt/app/bin/run',
  '/usr/bin/env',
  'bin/relative',
);
const execLine = fc.tuple(program, fc.array(arg, { maxLength: 5 })).map(([p, a]) => [p, ...a].join(' '));

/** Script lines from real jobs: defaults files, the stop idiom, job control, directories, loops. */
const scriptLine = (other: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    '[ -f /etc/default/$UPSTART_JOB ] && . /etc/default/$UPSTART_JOB',
    'if [ -f /etc/default/app ]; then . /etc/default/app; fi',
    'test -x /usr/bin/appd || { stop; exit 0; }',
    '[ "$ENABLED" = yes ] || { stop; exit 0; }',
    'mkdir -p /var/run/app',
    'chown app:app /var/run/app',
    'echo "100% done: $UPSTART_JOB $UPSTART_INSTANCE" >&2',
    `start ${other} || true`,
    `stop ${other} || :`,
    `status ${other} | grep -q running || true`,
    'x=`status`; echo "$x"',
    'initctl emit --no-wait app-ready',
    'for i in 1 2 3; do sleep 0; done',
    'printf \'%s\\n\' "$OPTS"',
    'exec /usr/bin/appd --foreground $OPTS',
    'rm -f /tmp/app.lock',
    '# a comment with "quotes',
    '\techo tabbed \\',
    '\t  continued',
  );
/** Mostly short scripts, sometimes long ones (longer than one unit-file line of old systemd holds). */
const script = (other: string): fc.Arbitrary<string> =>
  fc
    .oneof(
      { weight: 5, arbitrary: fc.array(scriptLine(other), { minLength: 1, maxLength: 5 }) },
      fc.array(scriptLine(other), { minLength: 40, maxLength: 90 }),
    )
    .map((ls) => ls.map((l) => `  ${l}`).join('\n'));

/** Events of Ubuntu 14.04, jobs of the batch, and custom ones, in `and`/`or` trees. */
const eventLeaf = (other: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    'runlevel [2345]',
    'runlevel [!2345]',
    'runlevel [016]',
    'runlevel [06]',
    'runlevel 6',
    'filesystem',
    'local-filesystems',
    'remote-filesystems',
    'virtual-filesystems',
    'net-device-up IFACE!=lo',
    'net-device-up IFACE=eth0',
    'static-network-up',
    'startup',
    'started dbus',
    'starting mountall',
    `started ${other}`,
    `starting ${other}`,
    `stopped ${other}`,
    `stopping ${other}`,
    `stopped ${other} RESULT=failed`,
    'starting rc RUNLEVEL=[016]',
    'mounted MOUNTPOINT=/srv/data',
    'socket PROTO=inet PORT=8080 ADDR=127.0.0.1',
    'socket PROTO=unix SOCKET_PATH=/run/app.sock',
    'file FILE=/etc/app/reload',
    'app-ready',
    'desktop-session-start',
    'cloud-config',
    'deconfiguring-networking',
    'tty-device-added KERNEL=tty7',
  );
const eventExpr = (other: string): fc.Arbitrary<string> =>
  fc.oneof(
    eventLeaf(other),
    fc.tuple(eventLeaf(other), fc.constantFrom(' and ', ' or '), eventLeaf(other)).map(([a, op, b]) => a + op + b),
    fc.tuple(eventLeaf(other), eventLeaf(other), eventLeaf(other)).map(([a, b, c]) => `(${a} and ${b})\n    or ${c}`),
  );

/** A stanza of a job whose batch sibling is `other`. */
const stanza = (other: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: execLine.map((l) => `exec ${l}`) },
    { weight: 2, arbitrary: script(other).map((s) => `script\n${s}\nend script`) },
    fc
      .tuple(fc.constantFrom('pre-start', 'post-start', 'pre-stop', 'post-stop'), fc.boolean(), execLine, script(other))
      .map(([k, asExec, l, s]) => (asExec ? `${k} exec ${l}` : `${k} script\n${s}\nend script`)),
    { weight: 2, arbitrary: eventExpr(other).map((e) => `start on ${e}`) },
    eventExpr(other).map((e) => `stop on ${e}`),
    fc.constantFrom(
      'task',
      'respawn',
      'manual',
      'expect fork',
      'expect daemon',
      'expect stop',
      'console log',
      'console none',
      'console output',
      'console owner',
      'respawn limit unlimited',
      'respawn limit 0 0',
      'respawn limit 3 10',
      'normal exit 0 1 TERM',
      'normal exit 78',
      'kill timeout 30',
      'kill timeout 0',
      'kill signal INT',
      'kill signal SIGQUIT',
      'reload signal USR1',
      'umask 022',
      'umask 0077',
      'nice -5',
      'nice 19',
      'oom score -1000',
      'oom score never',
      'oom score 500',
      'oom -17',
      'oom 10',
      'limit nofile 4096 65536',
      'limit core unlimited unlimited',
      'limit memlock 64 unlimited',
      'limit nice 0 0',
      'setuid app',
      'setuid nobody',
      'setgid adm',
      'setgid nogroup',
      'chdir /var/lib/app',
      'chroot /srv/jail',
      'instance $QUEUE',
      'instance $INTERFACE',
      'instance fixed',
      'env OPTS="--fast --port 8080"',
      "env X='x$y%z'",
      'env EMPTY=',
      'env HOME=/var/lib/app',
      'env TERM',
      'export OPTS',
      'emits app-ready',
      'apparmor load /etc/apparmor.d/app',
      'apparmor switch /usr/bin/appd',
      'cgroup memory',
      'description "an app \\"quoted\\" 100%"',
      "author 'Someone <s@example.org>'",
      'usage "start app QUEUE=name"',
      'version 1.0',
    ),
  );

/** One job file: some stanzas, in any order, with blank lines and comments between them. */
const jobText = (other: string): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof({ weight: 6, arbitrary: stanza(other) }, fc.constantFrom('', '# comment')), {
      minLength: 1,
      maxLength: 10,
    })
    .map((ls) => ls.join('\n') + '\n');

/** A batch: two to four jobs that name each other in events and scripts, maybe with an override. */
const batch = fc
  .integer({ min: 2, max: 4 })
  .chain((n) =>
    fc.tuple(
      ...LETTERS.slice(0, n).map((_, i) =>
        fc.tuple(jobText(`@${(i + 1) % n}`), fc.option(stanza(`@${(i + n - 1) % n}`), { nil: undefined })),
      ),
    ),
  );

let seq = 0;
/** Writes a batch under a fresh directory (job names replace the `@N` placeholders) and converts it. */
function convertBatch(
  jobs: Array<[string, string | undefined]>,
  dir: string,
  target: (typeof TARGETS)[number],
  profile?: string,
): ConvertedJob[] {
  const prefix = `b${seq++}`;
  const name = (i: number): string => `${prefix}-${LETTERS[i]}`;
  const fill = (t: string): string => t.replace(/@(\d)/g, (_, i: string) => name(Number(i)));
  const jobDir = join(dir, prefix);
  mkdirSync(jobDir, { recursive: true });
  jobs.forEach(([conf, override], i) => {
    writeFileSync(join(jobDir, `${name(i)}.conf`), fill(conf));
    if (override !== undefined) writeFileSync(join(jobDir, `${name(i)}.override`), fill(override) + '\n');
  });
  const loaded = discoverJobs([jobDir]).jobs.map((s) => loadJob(s));
  return convertLoaded(loaded, { target, profiles: profile ? [profile] : [], score: false }).jobs;
}

/** What must hold for every job of a batch, whatever else happened; returns the units to verify. */
function checkJobs(results: ConvertedJob[], target: Target): Record<string, string> {
  const units: Record<string, string> = {};
  for (const r of results) {
    if (r.status === 'converted') expect(r.files.some((f) => f.name.endsWith('.service'))).toBe(true);
    else expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    for (const d of r.diagnostics) {
      expect({ rule: d.ruleId, documented: isRuleId(d.ruleId) }).toEqual({
        rule: d.ruleId,
        documented: true,
      });
      expect(d.line).toBeGreaterThanOrEqual(0);
      expect(d.message.trim()).not.toBe('');
    }
    for (const u of r.units)
      for (const s of u.sections)
        for (const e of s.entries) {
          const since = firstVersion(s.name, e.key, e.value) ?? 0;
          expect({ key: `${s.name}.${e.key}=${e.value}`, since: Math.min(since, target.systemd) }).toEqual({
            key: `${s.name}.${e.key}=${e.value}`,
            since,
          });
        }
    for (const f of r.files) {
      if (f.name.endsWith('.sh')) continue;
      units[f.name] = f.content;
      // systemd-analyze here is 252, which reads long lines; older targets split them (before v235)
      const longest = Math.max(...f.content.split('\n').map((l) => l.length));
      expect({ file: f.name, fits: longest <= target.maxLineLength }).toEqual({ file: f.name, fits: true });
    }
  }
  return units;
}

/** systemd-analyze's complaints, each batch it names followed by its job files, to reproduce it. */
function withJobs(lines: string[], dir: string): string[] {
  const batches = [...new Set(lines.flatMap((l) => [...l.matchAll(/\b(b\d+)-[a-d]\b/g)].map((m) => m[1]!)))];
  if (!lines.length) return lines;
  const files = batches.flatMap((b) =>
    readdirSync(join(dir, b)).map((f) => `--- ${f}\n${readFileSync(join(dir, b, f), 'utf8')}`),
  );
  return [...lines, ...files];
}

describe('the whole pipeline on generated batches of jobs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'u2s-pipeline-'));
  });
  afterAll(() =>
    process.env.U2S_KEEP_TMP ? process.stdout.write(`kept ${dir}\n`) : rmSync(dir, { recursive: true, force: true }),
  );

  it.each(
    targets.flatMap(
      (t) =>
        [
          [t.name, 'none', t, undefined],
          ...(process.env.U2S_PROFILES ?? 'strict').split(',').map((p) => [t.name, p, t, p] as const),
        ] as const,
    ),
  )(
    'converts every batch for %s (profile %s) without throwing, deterministically, with documented diagnostics and units systemd accepts',
    (_n, _p, target, profile) => {
      const units: Record<string, string> = {};
      let converted = 0;
      fc.assert(
        fc.property(batch, (jobs) => {
          const first = convertBatch(jobs, dir, target, profile);
          seq--; // the same names again: the second conversion must give the same bytes
          const second = convertBatch(jobs, dir, target, profile);
          expect(second.map((r) => r.files)).toEqual(first.map((r) => r.files));
          Object.assign(units, checkJobs(first, target));
          converted += first.filter((r) => r.status === 'converted').length;
        }),
        { numRuns: BATCHES },
      );
      // the generator must mostly produce jobs Upstart accepts, or the property says little
      expect(converted).toBeGreaterThan(BATCHES * 1.5);
      if (haveSystemdAnalyze()) expect(withJobs(verifyUnits(units), dir)).toEqual([]);
      else process.stdout.write('systemd-analyze not found: the generated units were not verified\n');
    },
    300_000,
  );
});
