/**
 * Scoring each security shape once gives every unit exactly what systemd-analyze gives that very
 * unit — its score, or the reason it has none in the analyser's words about it. Shown with the
 * real analyser (250+; skipped with a message otherwise) on units converted from the examples and,
 * when ../shared/corpus is present, the corpus, for two targets with no profile and with the
 * presets; on variations of them that differ only in what a shape leaves out (descriptions,
 * comments, dependencies, environment, command text, [Install], folders, the name); and on units
 * whose name the analyser reads (dynamic users, specifiers, host drop-ins) or that it refuses.
 */
import * as path from 'node:path';
import { systemdAnalyzeVersion } from '../../src/harden/exposure';
import { analyseDistinct, groupByShape } from '../../src/harden/exposure-distinct';
import { HOST_UNIT_DIRS, hostDropInStems, securityShape } from '../../src/harden/exposure-key';
import { type AnalysedUnit, analyseUnits } from '../../src/harden/exposure-run';
import { convert } from '../../src/pipeline';
import { targetNamed } from '../../src/systemd/target';
import { sharedPath } from '../helpers/shared';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'trusty', 'etc', 'init');
/** The presets the examples are converted with (every one), and the corpus (the ones it is converted with most). */
const PRESETS = ['recommended', 'strict', 'dynamic-user', 'hide-paths', 'limits', 'readonly-tmp', 'chroot'];
const CORPUS_PRESETS = ['recommended', 'strict', 'dynamic-user'];

/** The service units of the jobs in `dir`, converted for `target` with `profiles` (none: unhardened). */
function servicesOf(dir: string, target: string, profiles: string[]): AnalysedUnit[] {
  const vars = { root_directory: '/srv/root' };
  const r = convert({ paths: [dir] }, { target: targetNamed(target)!, profiles, vars, score: false, scripts: 'files' });
  expect(r.profileErrors).toEqual([]);
  return r.jobs.flatMap((j) => j.files.filter((f) => f.name.endsWith('.service') && !f.name.includes('/')));
}

/** Units once each (the same name and text from two runs is analysed once). */
function unique(units: readonly AnalysedUnit[]): AnalysedUnit[] {
  const seen = new Map(units.map((u) => [`${u.name}\n${u.content}`, u]));
  return [...seen.values()];
}

/** A command line with other words: the same key, prefix and number of words (one, or more). */
function otherCommand(line: string, k: number): string {
  const m = /^(Exec[A-Za-z]+=)([-@:+!]*)(\/\S+)((?:\s+\S+)*)\s*$/.exec(line);
  if (!m || /['"\\%;]/.test(line)) return line;
  return `${m[1]}${m[2]}/usr/local/bin/other-${k}${m[4] ? ` --variant ${k}` : ''}`;
}

/**
 * Variations of a unit that differ only in what its shape leaves out: other descriptions and
 * comments, dependencies, environment, commands (same prefix and number of words), [Install],
 * folders and PID file. Each keeps the unit's name; `renamed` gives it another one too.
 */
function variations(unit: AnalysedUnit, k: number): AnalysedUnit[] {
  const lines = unit.content.split('\n');
  const swap = (f: (line: string) => string): string => lines.map(f).join('\n');
  const texts = [
    swap((l) => (l.startsWith('Description=') ? `Description=variation ${k} of %n` : l))
      .replace('[Unit]\n', `[Unit]\nDocumentation=man:other(${k})\n# a comment ${k} \\\n`)
      .replace('[Service]\n', `[Service]\n  # another \\\n; and another\n\n`),
    swap((l) =>
      /^(After|Before|Wants|Requires|PartOf|BindsTo)=/.test(l) ? `${l.split('=')[0]}=other-${k}.service` : l,
    ),
    swap((l) => (l.startsWith('Environment=') ? `Environment="OTHER=${k} more" X=%n` : l)).replace(
      '[Service]\n',
      `[Service]\nEnvironmentFile=-/etc/default/other-${k}\nPassEnvironment=LANG\n`,
    ),
    swap((l) => otherCommand(l, k)),
    swap((l) => (/^(WantedBy|Alias|RequiredBy)=/.test(l) ? `WantedBy=other-${k}.target` : l)) +
      `\n[Install]\nAlso=other-${k}.service\n`,
    swap((l) =>
      /^(RuntimeDirectory|StateDirectory|LogsDirectory|CacheDirectory|PIDFile)=[\w./ -]+$/.test(l)
        ? `${l.split('=')[0]}=other-${k}/dir`
        : l,
    ),
  ];
  return texts.map((content) => ({ name: unit.name, content }));
}

/** The same text under another plain name (a prefix that is an ordinary user name). */
const renamed = (unit: AnalysedUnit, k: number): AnalysedUnit => ({ name: `v${k}${unit.name}`, content: unit.content });

/** Units whose name the analyser reads, or that it refuses: each must still get its own result. */
function tricky(): AnalysedUnit[] {
  const dynamic = '[Service]\nDynamicUser=yes\nExecStart=/usr/bin/sleep 1\n';
  const userFromName = '[Service]\nUser=%i\nExecStart=/usr/bin/sleep 1\n';
  const names = ['nobody.service', 'root.service', '0.service', 'ok.service', 'Upper_Case.service', 'nobody@.service'];
  return [
    ...names.map((name) => ({ name, content: dynamic })),
    { name: 'root@x.service', content: dynamic },
    { name: 'x@nobody.service', content: userFromName },
    { name: 'x@daemon.service', content: userFromName },
    { name: 'x@root.service', content: userFromName },
    { name: 'nobody.service', content: '[Service]\nUser=%p\nExecStart=/usr/bin/%p\n' },
    { name: 'daemon.service', content: '[Service]\nUser=%p\nExecStart=/usr/bin/%p\n' },
    // the host's drop-ins apply by name (rc-local, user@ on Debian)
    { name: 'rc-local.service', content: '[Service]\nExecStart=/usr/bin/sleep 1\nPrivateTmp=yes\n' },
    { name: 'user@5.service', content: '[Service]\nExecStart=/usr/bin/sleep 1\nPrivateTmp=yes\n' },
    { name: 'plain.service', content: '[Service]\nExecStart=/usr/bin/sleep 1\nPrivateTmp=yes\n' },
    // refused, each in words naming it: no command, two commands, a oneshot restarted always…
    { name: 'noexec-a.service', content: '[Unit]\nDescription=nothing to run\n' },
    { name: 'noexec-b.service', content: '[Unit]\nDescription=nothing at all to run\n' },
    { name: 'two-a.service', content: '[Service]\nExecStart=/bin/true\nExecStart=/bin/false\n' },
    { name: 'two-b.service', content: '[Service]\nExecStart=/bin/false\nExecStart=/bin/true\n' },
    { name: 'semicolon.service', content: '[Service]\nExecStart=/bin/true ; /bin/false\n' },
    { name: 'oneshot.service', content: '[Service]\nType=oneshot\nRestart=always\nExecStart=/bin/true\n' },
    { name: 'relative.service', content: '[Service]\nExecStart=bin/true\n' },
    { name: 'dotdot.service', content: '[Service]\nExecStart=/usr/../bin/true\n' },
    { name: 'argv0.service', content: '[Service]\nExecStart=@/bin/true\n' },
    { name: 'argv0-ok.service', content: '[Service]\nExecStart=@/bin/true true\n' },
    { name: 'prefixes.service', content: '[Service]\nExecStart=+!/bin/true\n' },
    { name: 'twice.service', content: '[Service]\nExecStart=--/bin/true\n' },
    { name: 'unquoted.service', content: "[Service]\nExecStart=/bin/echo 'open\n" },
    { name: 'continued.service', content: '[Service]\nExecStart=/bin/true \\\n  --flag\nPrivateTmp=\\\nyes\n' },
    { name: 'baduser.service', content: '[Service]\nExecStart=/bin/true\nUser=a:b\n' },
    { name: 'badheader.service', content: '[Service]\nExecStart=/bin/true\n[Install\nWantedBy=x\n' },
  ];
}

/** The units where results differ, with both results, for a readable failure. */
function differences(units: readonly AnalysedUnit[], got: readonly unknown[], want: readonly unknown[]): object[] {
  return units.flatMap((u, i) =>
    JSON.stringify(got[i]) === JSON.stringify(want[i])
      ? []
      : [{ unit: u.name, text: u.content, got: got[i], want: want[i] }],
  );
}

const version = systemdAnalyzeVersion();
const skipped = version === null || version < 250;
if (skipped) process.stderr.write('skipped "scoring each shape once": systemd-analyze 250+ is not installed here\n');

(skipped ? describe.skip : describe)('scoring each shape once, against the real systemd-analyze', () => {
  const corpus = sharedPath('corpus', 'jobs');
  const dirs = [EXAMPLES, ...(corpus ? [corpus] : [])];
  let converted: AnalysedUnit[] = [];

  beforeAll(() => {
    converted = unique(
      dirs.flatMap((dir) =>
        ['debian-12', 'ubuntu-18.04'].flatMap((target) => [
          ...servicesOf(dir, target, []),
          ...(dir === EXAMPLES ? PRESETS : CORPUS_PRESETS).flatMap((p) => servicesOf(dir, target, [p])),
        ]),
      ),
    );
  });

  it('varies a converted unit only in what its shape leaves out (so sharing is what is tested)', () => {
    const stems = hostDropInStems();
    for (const [k, u] of converted.slice(0, 40).entries())
      for (const v of variations(u, k)) expect(securityShape(v, stems)).toBe(securityShape(u, stems));
  });

  it(`gives each converted unit, its variations and the tricky units what the analyser gives that unit`, () => {
    const stems = hostDropInStems();
    // the first unit of every fourth shape is varied (all of them would take minutes)
    const firsts = groupByShape(converted, stems)
      .filter((_, k) => k % 4 === 0)
      .map((g) => converted[g[0]!]!);
    const units = [
      ...converted,
      ...firsts.flatMap((u, k) => [...variations(u, k), renamed(u, k)]),
      ...tricky(),
      ...tricky().map((u) => ({ name: u.name, content: `# varied\n${u.content}` })),
    ];
    const shapes = groupByShape(units, stems).length;
    expect(shapes).toBeLessThan(units.length / 2);
    const own = analyseUnits(units);
    const shared = analyseDistinct(units);
    expect(differences(units, shared, own)).toEqual([]);
    expect(own.filter((s) => 'score' in s).length).toBeGreaterThan(units.length / 2);
    if (corpus) expect(converted.length).toBeGreaterThan(1000);
  });

  it('lists the host folders the offline analyser searches after its own', () => {
    expect(HOST_UNIT_DIRS).toContain('/etc/systemd/system');
    expect(HOST_UNIT_DIRS).toContain('/lib/systemd/system');
  });
});
