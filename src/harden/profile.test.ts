/**
 * Profile files: schema errors at the right line and column, unknown directives caught with a
 * suggestion, `extends` resolved in order (later wins, lists merge), cycles refused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseProfile, presetNames, resolveProfiles } from './profile';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-prof-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};

describe('profile files', () => {
  it('reports a typo in a directive name at its line and column, with a suggestion', () => {
    const r = parseProfile('description: x\ndirectives:\n  ProtectSystem: strict\n  ProtectSytem: strict\n', 'p.yaml');
    expect(r.profile).toBeNull();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'harden/unknown-directive',
        file: 'p.yaml',
        line: 4,
        column: 3,
        hint: 'did you mean ProtectSystem?',
      }),
    ]);
  });

  it('reports an unknown top-level key at its position with what was expected', () => {
    const d = parseProfile('description: x\ndirectives: {}\nextend: base\n', 'p.yaml').diagnostics[0]!;
    expect(d).toMatchObject({ ruleId: 'harden/profile-invalid', line: 3, column: 1 });
    expect(d.message).toContain('unknown key "extend"');
    expect(d.message).toContain('extends');
  });

  it('reports a wrong value shape at the directive', () => {
    const d = parseProfile('description: x\ndirectives:\n  PrivateTmp:\n    valu: yes\n', 'p.yaml').diagnostics[0]!;
    expect(d).toMatchObject({ ruleId: 'harden/profile-invalid', line: 4, column: 5 });
  });

  it('reports a missing description and invalid YAML with positions', () => {
    expect(parseProfile('directives: {}\n', 'p.yaml').diagnostics[0]).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringContaining('needs "description"'),
    });
    expect(parseProfile('description: x\ndirectives: [\n', 'p.yaml').diagnostics[0]).toMatchObject({
      ruleId: 'harden/profile-invalid',
      line: 3,
    });
  });

  it('refuses a list for a single-valued directive', () => {
    expect(
      parseProfile('description: x\ndirectives:\n  ProtectSystem: [strict, full]\n', 'p.yaml').diagnostics[0],
    ).toMatchObject({ line: 3, message: 'ProtectSystem takes one value, not a list' });
  });

  it('accepts short and long forms and booleans as yes/no', () => {
    const r = parseProfile(
      'description: x\ndirectives:\n  PrivateTmp: true\n  LimitNOFILE: 1024\n' +
        '  ReadWritePaths: [/a, /b]\n  NoNewPrivileges:\n    value: yes\n    reason: why\n',
      'p.yaml',
    );
    expect(r.profile!.directives.map((d) => [d.section, d.key, d.values, d.reason])).toEqual([
      ['Service', 'PrivateTmp', ['yes'], undefined],
      ['Service', 'LimitNOFILE', ['1024'], undefined],
      ['Service', 'ReadWritePaths', ['/a', '/b'], undefined],
      ['Service', 'NoNewPrivileges', ['yes'], 'why'],
    ]);
  });

  it('refuses a [Unit] directive such as StartLimitBurst: it is not what a profile is for', () => {
    expect(parseProfile('description: x\ndirectives:\n  StartLimitBurst: 3\n', 'p.yaml').diagnostics).toEqual([
      expect.objectContaining({ ruleId: 'harden/directive-not-allowed', line: 3, column: 3 }),
    ]);
  });
});

describe('resolving profiles', () => {
  it('applies parents first; a later scalar wins and lists merge', () => {
    write('base.yaml', 'description: b\ndirectives:\n  ProtectSystem: full\n  ReadWritePaths: /a\n');
    write('other.yaml', 'description: o\ndirectives:\n  ReadWritePaths: /c\n');
    const child = write(
      'child.yaml',
      'description: c\nextends: [base, other]\ndirectives:\n  ProtectSystem: strict\n  ReadWritePaths: /b\n',
    );
    const { resolved } = resolveProfiles([child], dir);
    expect(resolved!.chain).toEqual(['base', 'other', 'child']);
    expect(resolved!.directives.map((d) => `${d.key}=${d.values.join(',')}`)).toEqual([
      'ReadWritePaths=/a',
      'ReadWritePaths=/c',
      'ProtectSystem=strict',
      'ReadWritePaths=/b',
    ]);
  });

  it('refuses a cycle of extends', () => {
    write('a.yaml', 'description: a\nextends: b\ndirectives: {}\n');
    write('b.yaml', 'description: b\nextends: a\ndirectives: {}\n');
    expect(resolveProfiles(['a'], dir).diagnostics.map((d) => d.ruleId)).toContain('harden/profile-cycle');
  });

  it('names the presets when a profile does not exist', () => {
    const d = resolveProfiles(['readonly_tmp']).diagnostics[0]!;
    expect(d.ruleId).toBe('harden/profile-not-found');
    expect(d.hint).toContain('readonly-tmp');
  });

  it('suggests the nearest preset for a mistyped name', () => {
    const d = resolveProfiles(['recomended']).diagnostics[0]!;
    expect(d.message).toBe('unknown profile "recomended"');
    expect(d.hint).toMatch(/^did you mean recommended\? presets: /);
    expect(resolveProfiles(['paranoid']).diagnostics[0]!.hint).toMatch(/^presets: /);
  });

  it('reports a parent that does not exist where extends: names it', () => {
    const p = write('p.yaml', 'description: x\nextends: [limits, stirct]\ndirectives: {}\n');
    expect(resolveProfiles([p]).diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'harden/profile-not-found',
        file: p,
        line: 2,
        column: 19,
        message: 'unknown profile "stirct"',
        hint: expect.stringMatching(/^did you mean strict\?/),
      }),
    ]);
  });

  it('loads every bundled preset without a diagnostic, each directive with a reason', () => {
    expect(presetNames()).toEqual([
      'chroot',
      'dynamic-user',
      'hide-paths',
      'limits',
      'readonly-tmp',
      'recommended',
      'strict',
    ]);
    for (const name of presetNames()) {
      const { resolved, diagnostics } = resolveProfiles([name]);
      expect(diagnostics).toEqual([]);
      expect(resolved!.directives.filter((d) => !d.reason).map((d) => `${name}: ${d.key}`)).toEqual([]);
    }
  });
});
