/**
 * Parser behaviour beyond the recorded vectors: overrides, version differences, numeric corner
 * cases from ERRORS.md, positions and hints.
 */
import { applyOverride, parseJob } from './parser';
import type { UpstartJob } from './job';

const parse = (text: string, version: '1.12' | '1.13' = '1.13') =>
  parseJob(text, { file: 'job.conf', upstartVersion: version });
const ok = (text: string): UpstartJob => {
  const r = parse(text);
  expect(r.diagnostics).toEqual([]);
  return r.job!;
};
const rule = (text: string, version: '1.12' | '1.13' = '1.13') => parse(text, version).diagnostics[0]?.ruleId;

describe('tokens', () => {
  it('rejects a description that is empty after its quotes are removed', () => {
    expect(rule('description ""\n')).toBe('parse/expected-token');
  });

  it('keeps an empty value after = in env', () => {
    expect(ok('env FOO=""\n').env[0]!.value).toBe('FOO=');
  });

  it('keeps carriage returns inside script blocks but not at the end of exec lines', () => {
    const job = ok('script\r\n  echo a\r\nend script\r\nexec /bin/x\r\n');
    expect(job.process.main!.value.text).toBe('/bin/x');
    const s = ok('script\n  echo a\r\nend script\n');
    expect(s.process.main!.value.text).toBe('echo a\r\n');
  });

  it('ends a block at a terminator-looking line even inside a heredoc, as Upstart does', () => {
    const r = parse('script\n  cat <<X\n  end script\n  X\nend script\n');
    expect(r.job).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'parse/unknown-stanza', line: 4, column: 3 });
  });
});

describe('numbers are read like the C library reads them', () => {
  it('accepts a quoted number with leading blanks but not with trailing ones', () => {
    expect(ok('nice " 5"\n').nice!.value).toBe(5);
    expect(rule('nice "5 "\n')).toBe('parse/illegal-nice');
  });

  it('truncates a respawn limit count to 32 bits: 4294967296 becomes 0 (unlimited), 4294967295 is negative', () => {
    expect(ok('respawn limit 4294967296 5\n').respawn_limit!.value.count).toBe(0);
    expect(rule('respawn limit 4294967295 5\n')).toBe('parse/illegal-limit');
  });

  it('wraps limit -1 to unlimited and rejects unit suffixes and hex', () => {
    expect(ok('limit nofile -1 -1\n').limit.nofile!.value).toEqual({ soft: 'unlimited', hard: 'unlimited' });
    expect(rule('limit memlock 8M unlimited\n')).toBe('parse/illegal-limit');
    expect(rule('limit memlock 0x10 unlimited\n')).toBe('parse/illegal-limit');
  });

  it('converts the old oom scale with truncating division', () => {
    expect([-17, -5, 10, 15].map((n) => ok(`oom ${n}\n`).oom!.value.score)).toEqual([-1000, -294, 666, 1000]);
    expect(rule('oom 16\n')).toBe('parse/illegal-oom');
    expect(rule('oom Never\n')).toBe('parse/illegal-oom');
  });

  it('reads umask as octal and rejects bits outside 0777', () => {
    expect(ok('umask 0\n').umask!.value).toBe(0);
    expect(ok('umask 777\n').umask!.value).toBe(0o777);
    expect(rule('umask -1\n')).toBe('parse/illegal-umask');
  });

  it('accepts any signal number Upstart accepts, and rejects lower-case names', () => {
    expect(ok('kill signal 0\n').kill_signal!.value.signo).toBe(0);
    expect(ok('kill signal SIGKILL\n').kill_signal!.value.signo).toBe(9);
    expect(rule('kill signal kill\n')).toBe('parse/illegal-signal');
    expect(rule('normal exit 2147483648\n')).toBe('parse/illegal-exit');
  });
});

describe('stanzas', () => {
  it('knows cgroup only from Upstart 1.13 on, as Ubuntu 14.04 (1.12.1) did not', () => {
    expect(parse('cgroup memory\n', '1.13').job).not.toBeNull();
    const old = parse('cgroup memory\n', '1.12');
    expect(old.job).toBeNull();
    expect(old.diagnostics[0]).toMatchObject({ ruleId: 'parse/unknown-stanza', line: 1, column: 1 });
    expect(old.diagnostics[0]!.hint).toMatch(/1\.12/);
  });

  it('merges cgroup stanzas: identical ones once, a new value replaces, new keys add', () => {
    const job = ok(
      'cgroup memory\ncgroup memory\ncgroup memory X limit 1\ncgroup memory X limit 2\ncgroup memory X swap 3\ncgroup cpu\n',
    );
    expect(job.cgroup.map((c) => c.value)).toEqual([
      { controller: 'memory', settings: [] },
      {
        controller: 'memory',
        name: 'X',
        settings: [
          { key: 'limit', value: '2' },
          { key: 'swap', value: '3' },
        ],
      },
      { controller: 'cpu', settings: [] },
    ]);
    expect(rule('cgroup a b c d e\n')).toBe('parse/unexpected-token');
  });

  it('records where each stanza was written', () => {
    const job = ok('# header\n\n  description "x"\nexec /bin/true\nnormal exit 0 TERM\n');
    expect(job.description!.pos).toMatchObject({ line: 3, column: 3 });
    expect(job.process.main!.pos).toMatchObject({ line: 4, column: 1 });
    expect(job.normal_exit.map((n) => n.pos.column)).toEqual([13, 15]);
  });

  it('keeps manual in effect only when no start on follows it', () => {
    expect(ok('manual\n').manual).toBeDefined();
    expect(ok('start on a\nmanual\n').start_on).toBeUndefined();
    expect(ok('manual\nstart on a\n').manual).toBeUndefined();
  });
});

describe('hints for unknown stanzas', () => {
  const hint = (t: string) => parse(t).diagnostics[0]!.hint;
  it('says stanza names are case-sensitive', () => expect(hint('Exec /bin/x\n')).toMatch(/case-sensitive: write exec/));
  it('says stanza names cannot be quoted', () => expect(hint('"task"\n')).toMatch(/cannot be quoted/));
  it('recognises a stray end script', () => expect(hint('end script\n')).toMatch(/outside a script block/));
  it('shows the stanza syntax when a stanza is misused', () =>
    expect(hint('respawn limit 5\n')).toMatch(/respawn limit COUNT INTERVAL/));
});

describe('overrides', () => {
  const base = ok('start on runlevel [2345]\nenv A=1\nexec /usr/bin/app\n');

  it('deletes start on when the override says manual', () => {
    const r = applyOverride(base, 'manual\n', { file: 'job.override' });
    expect(r.job!.start_on).toBeUndefined();
    expect(r.job!.manual!.pos.file).toBe('job.override');
  });

  it('keeps the lines before a failing line, as Upstart parses overrides in place, and warns', () => {
    const r = applyOverride(base, 'manual\nenv B=2\nbogus\nenv C=3\n', { file: 'job.override' });
    expect(r.job!.start_on).toBeUndefined();
    expect(r.job!.env.map((e) => e.value)).toEqual(['A=1', 'B=2']);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        ruleId: 'parse/override-error',
        severity: 'warning',
        file: 'job.override',
        line: 3,
        message: 'Unknown stanza: "bogus"',
      }),
    ]);
  });

  describe('a failing line that Upstart stored anyway (issue 17)', () => {
    const over = (conf: string, text: string) => applyOverride(ok(conf), text, { file: 'job.override' });
    const said = (conf: string, text: string) => over(conf, text).diagnostics[0]!.message;

    it('keeps the earlier console, as Upstart stored an invalid console type', () => {
      const r = over('console none\nexec /x\n', 'console loud\n');
      expect(r.job!.console!.value).toBe('none');
      expect(r.diagnostics[0]!.message).toContain('invalid console type (-1)');
    });

    it('keeps the earlier oom score when the stored one is outside what the kernel takes', () => {
      const r = over('oom score 100\nexec /x\n', 'oom score 5000\n');
      expect(r.job!.oom!.value.score).toBe(100);
      expect(r.diagnostics[0]!.message).toContain('oom_score_adj 5000, which the kernel refuses');
    });

    it('keeps the earlier kill timeout when the stored one is negative', () => {
      const r = over('kill timeout 9\nexec /x\n', 'kill timeout -1\n');
      expect(r.job!.kill_timeout!.value).toBe(9);
      expect(r.diagnostics[0]!.message).toContain('kill timeout -1, which no systemd timeout expresses');
    });

    it('uses the soft value for both when a new limit has no hard value', () => {
      const r = over('exec /x\n', 'limit core 0\n');
      expect(r.job!.limit.core!.value).toEqual({ soft: 0, hard: 0 });
      expect(r.diagnostics[0]!.message).toContain('left the hard limit uninitialised');
    });

    it('says a new empty process runs nothing, and an earlier command is kept', () => {
      expect(said('task\n', 'exec\n')).toContain('Upstart left an empty main process (no command)');
      const r = over('exec /x\n', 'exec\n');
      expect(r.job!.process.main!.value.text).toBe('/x');
      expect(r.diagnostics[0]!.message).toContain("kept the main process's earlier command");
    });

    it('drops a command whose new text Upstart could not read', () => {
      const r = over('exec /x\n', 'exec /y "unclosed\n');
      expect(r.job!.process.main).toBeUndefined();
      expect(r.diagnostics[0]!.message).toContain("dropped the main process's command");
    });
  });

  it('never changes the job it was given', () => {
    applyOverride(base, 'exec /bin/other\n', { file: 'job.override' });
    expect(base.process.main!.value.text).toBe('/usr/bin/app');
  });
});
