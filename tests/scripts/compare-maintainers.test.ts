/**
 * The comparison with the maintainers' units (scripts/compare-maintainers.ts): its facts on small
 * hand-written units, a run over the fixture pairs in tests/fixtures/compare-maintainers, and a
 * run over ../shared/corpus when it is present.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  agreementLine,
  compareCorpus,
  compareUnits,
  readPairs,
  renderText,
  singleCommand,
  unitFacts,
} from '../../scripts/compare-maintainers';
import { builtCli } from '../helpers/built-cli';
import { describeWithShared } from '../helpers/shared';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'tests', 'fixtures', 'compare-maintainers');

/** A [Service] unit of the given lines. */
function service(...lines: string[]): string {
  return ['[Service]', ...lines, ''].join('\n');
}

describe('the facts of a unit', () => {
  it('takes the basename of the program and the words after it', () => {
    const f = unitFacts(service('ExecStart=-/usr/sbin/d -f ${OPTS}'), 'd.service');
    expect(f).toMatchObject({ program: 'd', arguments: '-f $OPTS', type: 'simple', restart: 'no' });
  });

  it('unwraps a shell command line of one command, marked as run via a shell', () => {
    const f = unitFacts(service(`ExecStart=/bin/sh -e -c "exec /usr/bin/b --x"`), 'b.service');
    expect(f).toMatchObject({ program: 'b (via shell)', arguments: '--x' });
  });

  it('reads our helper script when the unit runs one, and calls a longer body a shell script', () => {
    const scripts = new Map([['b-main.sh', '#!/bin/sh -e\ncd /tmp\nexec /usr/bin/b\n']]);
    const f = unitFacts(service('ExecStart=/bin/sh -e /usr/local/lib/upstart2systemd/b-main.sh'), 'b.service', scripts);
    expect(f.program).toBe('(shell script)');
  });

  it('reads a template placeholder before a slash as a folder', () => {
    expect(unitFacts(service('ExecStart=@sbindir@/cupsd -l'), 'c.service').program).toBe('cupsd');
  });

  it('normalises Restart= to whether a failure restarts, and exec to simple', () => {
    const f = unitFacts(service('ExecStart=/bin/d', 'Restart=always', 'Type=exec'), 'd.service');
    expect(f).toMatchObject({ restart: 'restarts', type: 'simple' });
  });

  it('lists environment names and an EnvironmentFile, sorted, and the WantedBy= units', () => {
    const text =
      service('Environment="B=1 2" A=x', 'EnvironmentFile=-/etc/default/d') + '[Install]\nWantedBy=b.target a.target\n';
    const f = unitFacts(text, 'd.service');
    expect(f).toMatchObject({ environment: 'A, B, EnvironmentFile', install: 'a.target b.target' });
  });

  it('applies merge semantics: an empty ExecStart= resets the commands before it', () => {
    expect(unitFacts(service('ExecStart=/bin/a', 'ExecStart=', 'ExecStart=/bin/b'), 'x.service').program).toBe('b');
  });

  it('finds the one command of a shell body and gives up on more', () => {
    expect(singleCommand('# comment\n  exec /bin/x "a b" $Y\n')).toEqual(['/bin/x', 'a b', '$Y']);
    expect(singleCommand('cd /\nexec /bin/x')).toBeNull();
    expect(singleCommand('exec /bin/x $(id -u)')).toBeNull();
  });

  it('keeps hostile text as a value and never throws', () => {
    const text = service('ExecStart=/bin/d "a\\nb" %% $$X \\', 'User=a\rb', 'WorkingDirectory=' + 'x'.repeat(5000));
    expect(() => unitFacts(text, 'h.service')).not.toThrow();
  });
});

describe('comparing two units', () => {
  it('counts only the facts one side states, and counts Type= and Restart= only when written', () => {
    const results = compareUnits(
      'j',
      { text: service('ExecStart=/bin/sh -c "exec /bin/d"'), name: 'j.service' },
      { text: service('ExecStart=/bin/d', 'User=u'), name: 'j.service' },
    );
    expect(results.map((r) => [r.kind, r.agrees])).toEqual([
      ['program', true],
      ['user', false],
      ['arguments', true],
    ]);
  });

  it('reads an absent User= as root, and an absent Group= as root for a unit running as root', () => {
    const results = compareUnits(
      'j',
      { text: service('ExecStart=/bin/d'), name: 'j.service' },
      { text: service('ExecStart=/bin/d', 'User=root', 'Group=root'), name: 'j.service' },
    );
    expect(results.filter((r) => r.kind === 'user' || r.kind === 'group')).toEqual([
      { job: 'j', kind: 'user', ours: '(unset)', maintainers: 'root', agrees: true },
      { job: 'j', kind: 'group', ours: '(unset)', maintainers: 'root', agrees: true },
    ]);
  });

  it("reads an absent Group= as the group named like the unit's user, and no other", () => {
    const kinds = (ours: string[], theirs: string[]): Array<[string, boolean]> =>
      compareUnits(
        'j',
        { text: service('ExecStart=/bin/d', ...ours), name: 'j.service' },
        { text: service('ExecStart=/bin/d', ...theirs), name: 'j.service' },
      )
        .filter((r) => r.kind === 'user' || r.kind === 'group')
        .map((r) => [r.kind, r.agrees]);
    expect(kinds(['User=git', 'Group=git'], ['User=git'])).toEqual([
      ['user', true],
      ['group', true],
    ]);
    expect(kinds(['User=git', 'Group=www'], ['User=git'])).toEqual([
      ['user', true],
      ['group', false],
    ]);
    expect(kinds(['User=git'], ['Group=root'])).toEqual([
      ['user', false],
      ['group', false],
    ]);
    expect(kinds([], ['User=mongod', 'Group=mongod'])).toEqual([
      ['user', false],
      ['group', false],
    ]);
  });

  it('says when a job was not converted', () => {
    const [r] = compareUnits('j', null, { text: service('ExecStart=/bin/d'), name: 'j.service' });
    expect(r).toMatchObject({ kind: 'program', ours: '(not converted)', agrees: false });
  });

  it('prints N of M facts agree', () => {
    expect(agreementLine({ agree: 211, total: 290 })).toBe('211 of 290 facts agree (73%)');
    expect(agreementLine({ agree: 0, total: 0 })).toBe('0 of 0 facts agree (none stated)');
  });
});

describe('the fixture pairs', () => {
  let cli: string;
  beforeAll(() => {
    cli = builtCli();
  }, 120_000);

  it('pairs the jobs that have a unit of the maintainers, and skips the rest', () => {
    expect(readPairs(fixtures).map((p) => p.name)).toEqual(['alpha', 'beta']);
  });

  it('agrees on the plain daemon and lists the su idiom and the dbus event as differences (faithful)', () => {
    const c = compareCorpus(readPairs(fixtures), cli, ['--style', 'faithful', '--target', 'debian-12']);
    const differing = c.facts.filter((f) => !f.agrees && f.kind !== 'arguments').map((f) => `${f.job} ${f.kind}`);
    expect(differing).toEqual(['beta program', 'beta user', 'beta environment', 'beta install']);
    expect(c.total).toEqual({ agree: 7, total: 11 });
    expect(renderText(c, 'x')).toContain('7 of 11 facts agree (64%)');
  });

  it('says that there is no corpus and exits 0 when the folder is missing', () => {
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const script = join(root, 'scripts', 'compare-maintainers.ts');
    const out = execFileSync(process.execPath, [tsx, script, '--corpus', join(fixtures, 'absent')], {
      encoding: 'utf8',
    });
    expect(out).toContain('no corpus at');
  });
});

describeWithShared('agreement with the maintainers of the corpus', ['corpus', 'MANIFEST.tsv'], (manifest) => {
  it('compares every pair in both styles and prints the agreement', () => {
    const pairs = readPairs(join(manifest, '..'));
    const cli = builtCli();
    for (const style of ['faithful', 'native']) {
      const c = compareCorpus(pairs, cli, ['--style', style, '--target', 'debian-12']);
      expect(c.pairs).toBeGreaterThan(50);
      expect(c.total.total).toBeGreaterThan(200);
      process.stdout.write(`compare-maintainers --style ${style}: ${agreementLine(c.total)}\n`);
    }
  }, 120_000);
});
