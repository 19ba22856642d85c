/**
 * Profiles set only what a profile is for, and profile input can neither hang nor crash the tool
 * (issue 11): each reproducer of the issue now stops the run with a profile error — exit 2, the
 * file:line:column and the rule id, reported once — instead of running for minutes, aborting the
 * batch or writing what it should not into units. The timeouts are a safety net, not a speed test.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HARDEN_RULES } from '../../src/diagnostics/rules/harden';
import { PROFILE_LIMITS } from '../../src/harden/limits';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-pin-');
const write = tmp.write;
const SAFETY = 20_000;

/** Converts two jobs with the given profile (and more arguments); the exit code and output. */
async function convertWith(profile: string, ...more: string[]) {
  write('etc/init/app.conf', 'exec /usr/sbin/app --data /var/lib/app\n');
  write('etc/init/web.conf', 'exec /usr/sbin/web\n');
  return runCli(['convert', path.join(tmp.path, 'etc/init'), '--profile', profile, '--no-score', ...more]);
}

/** The rule ids of the error lines of stderr. */
const rules = (err: string): string[] => [...err.matchAll(/: error: .* \[([\w/-]+)\]$/gm)].map((m) => m[1]!);

describe('a profile sets only what a profile is for', () => {
  it(
    'refuses a command (ExecStartPre:) at its line and column',
    async () => {
      const p = write('p.yaml', 'description: x\ndirectives:\n  PrivateTmp: yes\n  ExecStartPre: /bin/evil\n');
      const r = await convertWith(p);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${p}:4:3: error: a profile may not set ExecStartPre= in [Service]`);
      expect(rules(r.err)).toEqual(['harden/directive-not-allowed']);
      expect(r.out).not.toContain('/bin/evil');
    },
    SAFETY,
  );

  it(
    'refuses a line break in a profile value or a --var value instead of writing it into a unit',
    async () => {
      const p = write('p.yaml', 'description: x\ndirectives:\n  ReadWritePaths: "/srv/a\\nExecStartPre=/bin/evil"\n');
      const r = await convertWith(p);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${p}:3:19: error: ReadWritePaths: "/srv/a\\nExecStartPre=/bin/evil" contains`);
      const v = await convertWith('limits', '--var', 'tasks_max=5\r\nExecStartPre=/bin/evil');
      expect(v.code).toBe(2);
      expect(rules(v.err)).toEqual(['harden/invalid-value']);
      expect(v.err).toContain('--var tasks_max: error:');
    },
    SAFETY,
  );

  it(
    'checks values against their directive, written out or from variables',
    async () => {
      const p = write('p.yaml', 'description: x\ndirectives:\n  ProtectHome: maybe\n');
      const r = await convertWith(p);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${p}:3:16: error: ProtectHome: "maybe" is not one of yes, no, read-only, tmpfs`);
      const v = await convertWith('limits', '--var', 'tasks_max=lots');
      expect(v.code).toBe(2);
      expect(v.err).toMatch(/limits\.yaml:21:12: error: TasksMax: "lots" is not a count, a percentage or infinity/);
    },
    SAFETY,
  );
});

describe('variables', () => {
  it(
    'an undefined one is one profile error at its line, for the whole run, exit 2',
    async () => {
      const p = write('p.yaml', 'description: x\nextends: limits\ndirectives:\n  TasksMax: "{{task_max}}"\n');
      const r = await convertWith(p);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([
        `${p}:4:13: error: TasksMax: {{task_max}} is not defined (profile p) [harden/unknown-variable]`,
        '    hint: did you mean {{tasks_max}}? or define it under variables: or pass --var task_max=VALUE',
      ]);
      expect(r.err).not.toMatch(/\[object Object\]|- 1:2/);
    },
    SAFETY,
  );

  it(
    'an undefined one makes profiles show say so instead of showing the profile without the directive',
    async () => {
      const p = write('p.yaml', 'description: x\ndirectives:\n  TasksMax: "{{task_max}}"\n');
      const r = await runCli(['profiles', 'show', p]);
      expect(r.code).toBe(2);
      expect(rules(r.err)).toEqual(['harden/unknown-variable']);
      expect(r.out).toBe('');
    },
    SAFETY,
  );

  it(
    'leaves out, with a warning at the profile line, a value only a job makes wrong',
    async () => {
      const p = write('p.yaml', 'description: x\ndirectives:\n  ReadWritePaths: ["{{job}}", /srv/data]\n');
      const r = await convertWith(p);
      expect(r.code).toBe(0);
      expect(r.err).toContain(
        `${p}:3:20: warning: app: ReadWritePaths="app" left out (from {{job}}): "app" is not an absolute path`,
      );
      expect(rules(r.err)).toEqual([]);
      expect(r.out).not.toMatch(/ReadWritePaths=app/);
      expect(r.out).toContain('ReadWritePaths=/srv/data\n');
    },
    SAFETY,
  );
});

describe('profile input cannot hang or crash the tool', () => {
  it(
    'refuses an alias bomb in when: at once',
    async () => {
      let bomb = 'description: x\ndirectives: {PrivateTmp: yes}\nwhen:\n  any:\n';
      bomb += '    - any: &a [{has: a},{has: a},{has: a},{has: a},{has: a},{has: a},{has: a},{has: a},{has: a}]\n';
      for (const [prev, n] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh'])
        bomb += `    - any: &${n} [${Array(9).fill(`{any: *${prev}}`).join(',')}]\n`;
      const r = await convertWith(write('bomb.yaml', bomb));
      expect(r.code).toBe(2);
      expect(rules(r.err)).toEqual(['harden/profile-limit']);
      expect(r.err).toMatch(/bomb\.yaml:\d+:\d+: error: cannot be loaded: more than 100000 nodes/);
    },
    SAFETY,
  );

  it(
    'runs a backtracking expression in matches: in linear time, and refuses an invalid one when loading',
    async () => {
      write('etc/init/slow.conf', `exec /bin/slow\nenv A=${'a'.repeat(29)}!\n`);
      const slow = write('slow.yaml', 'description: x\nwhen: {matches: "^(a+)+$"}\ndirectives: {PrivateTmp: yes}\n');
      expect((await convertWith(slow)).code).toBe(0);
      const bad = write('bad.yaml', 'description: x\nwhen: {matches: "a(b"}\ndirectives: {PrivateTmp: yes}\n');
      const r = await convertWith(bad);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${bad}:2:17: error: matches: not a valid RE2 expression`);
      expect(rules(r.err)).toEqual(['harden/invalid-regex']);
    },
    SAFETY,
  );

  it(
    'refuses a profile or profile map larger than the cap without reading all of it',
    async () => {
      const big = write('big.yaml', `description: x\ndirectives: {}\n#${'x'.repeat(PROFILE_LIMITS.fileBytes)}\n`);
      const r = await convertWith(big);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${big}: error: is larger than ${PROFILE_LIMITS.fileBytes} bytes [harden/profile-limit]`);
      const map = write('map.yaml', `"*": readonly-tmp\n#${'x'.repeat(PROFILE_LIMITS.fileBytes)}\n`);
      const m = await runCli(['convert', path.join(tmp.path, 'etc/init'), '--profile-map', map, '--no-score']);
      expect(m.code).toBe(2);
      expect(rules(m.err)).toEqual(['harden/profile-limit']);
    },
    SAFETY,
  );

  it(
    'stops a 10,000-deep extends: chain at the cap with a profile error, not a stack overflow',
    async () => {
      for (let i = 0; i < 10_000; i++)
        write(
          `chain/c${i}.yaml`,
          `description: c${i}\nextends: ${path.join(tmp.path, 'chain', `c${i + 1}.yaml`)}\ndirectives: {}\n`,
        );
      write('chain/c10000.yaml', 'description: end\ndirectives: {PrivateTmp: yes}\n');
      const r = await convertWith(path.join(tmp.path, 'chain', 'c0.yaml'));
      expect(r.code).toBe(2);
      expect(rules(r.err)).toEqual(['harden/profile-limit']);
      expect(r.err).toContain(
        `c${PROFILE_LIMITS.extendsDepth - 1}.yaml:2:1: error: extends: more than 32 profiles deep`,
      );
    },
    SAFETY,
  );

  it(
    'stops deep when: nesting with a profile error at the node',
    async () => {
      const deep = `description: x\ndirectives: {PrivateTmp: yes}\nwhen: ${'{not: '.repeat(10_000)}{has: x}${'}'.repeat(10_000)}\n`;
      const r = await convertWith(write('deep.yaml', deep));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/deep\.yaml:3:\d+: error: cannot be loaded: nested deeper than 100 levels/);
      const n = PROFILE_LIMITS.whenDepth + 1;
      const over = `description: x\ndirectives: {PrivateTmp: yes}\nwhen: ${'{all: ['.repeat(n)}{has: x}${']}'.repeat(n)}\n`;
      const o = await convertWith(write('over.yaml', over));
      expect(o.code).toBe(2);
      expect(o.err).toMatch(/over\.yaml:3:\d+: error: conditions nest deeper than 32 levels \[harden\/profile-limit\]/);
    },
    SAFETY,
  );
});

describe('profile input cannot make the run slow or its messages huge', () => {
  it(
    'stops checking a file after 20 problems',
    async () => {
      const keys = Array.from({ length: 5000 }, (_, i) => `  NoSuchDirective${i}: yes\n`).join('');
      const r = await convertWith(write('many.yaml', `description: x\ndirectives:\n${keys}`));
      expect(r.code).toBe(2);
      expect(rules(r.err)).toEqual([
        ...Array(PROFILE_LIMITS.problems).fill('harden/unknown-directive'),
        'harden/profile-limit',
      ]);
    },
    SAFETY,
  );

  it(
    'refuses more values than the cap in the profiles applied together',
    async () => {
      const items = Array.from({ length: PROFILE_LIMITS.values + 1 }, (_, i) => `    - /srv/p${i}\n`).join('');
      const r = await convertWith(write('values.yaml', `description: x\ndirectives:\n  ReadWritePaths:\n${items}`));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`set more than ${PROFILE_LIMITS.values} values (ReadWritePaths= passes it)`);
    },
    SAFETY,
  );

  it(
    'stops rendering a template that repeats a long variable, and quotes it cut short',
    async () => {
      const body = `variables: {x: ${'a'.repeat(100_000)}}\ndirectives:\n  ReadWritePaths: "/${'{{x}}'.repeat(10_000)}"\n`;
      const r = await convertWith(write('repeat.yaml', `description: x\n${body}`));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`renders longer than ${PROFILE_LIMITS.valueChars} characters [harden/profile-limit]`);
      expect(r.err.length).toBeLessThan(1000);
    },
    SAFETY,
  );
});

describe('the limits as documented', () => {
  it('are the ones the code enforces, in docs/profiles.md and the rule table', () => {
    const docs = readFileSync(path.join(__dirname, '..', '..', 'docs', 'profiles.md'), 'utf8');
    const summary = HARDEN_RULES['harden/profile-limit'].summary;
    const n = (x: number): string => x.toLocaleString('en-US');
    const rows: Array<[string, string]> = [
      ['file size (profile or profile map)', PROFILE_LIMITS.fileBytes === 1024 * 1024 ? '1 MiB' : '?'],
      ['aliases (`*name`) in one file', n(PROFILE_LIMITS.aliases)],
      ['nodes once aliases are expanded', n(PROFILE_LIMITS.expandedNodes)],
      [
        'characters of the scalars once aliases are expanded',
        PROFILE_LIMITS.expandedChars === 1024 * 1024 ? '1 MiB' : '?',
      ],
      ['YAML nesting, as written or through aliases', `${PROFILE_LIMITS.yamlDepth} levels`],
      ['`extends:` chain', `${PROFILE_LIMITS.extendsDepth} profiles deep`],
      ['`when:` nesting (`all`, `any`, `not`)', `${PROFILE_LIMITS.whenDepth} levels`],
      ['`matches:` expression', `${PROFILE_LIMITS.regexLength} characters`],
      ['values of the directives of the profiles applied together', n(PROFILE_LIMITS.values)],
      ['one value once its variables are filled in', `${n(PROFILE_LIMITS.valueChars)} characters`],
      ['problems reported for one file (the rest is not checked)', n(PROFILE_LIMITS.problems)],
    ];
    for (const [what, value] of rows) expect(docs).toContain(`| ${what} | ${value}`);
    for (const value of [
      '1 MiB',
      n(PROFILE_LIMITS.aliases),
      n(PROFILE_LIMITS.expandedNodes),
      `${PROFILE_LIMITS.yamlDepth} levels`,
    ])
      expect(summary).toContain(value);
    expect(summary).toContain(`more than ${PROFILE_LIMITS.extendsDepth} profiles`);
    expect(summary).toContain(`deeper than ${PROFILE_LIMITS.whenDepth}`);
    expect(summary).toContain(`more than ${n(PROFILE_LIMITS.values)} values`);
    expect(summary).toContain(`longer than ${n(PROFILE_LIMITS.valueChars)} characters`);
    expect(summary).toContain(`more than ${PROFILE_LIMITS.problems} problems`);
    expect(HARDEN_RULES['harden/invalid-regex'].summary).toContain(`${PROFILE_LIMITS.regexLength} characters`);
  });
});
