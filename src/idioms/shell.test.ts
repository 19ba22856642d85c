import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { type Node, type Simple, expandValue, expandWords, literal, parseScript } from './shell';

/** A shell word for any text (single-quoted). */
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The fields dash gives a command for each case's `ARGS` (one dash run for all), with its variables set. */
function dashFields(cases: Array<[string, Record<string, string>]>): string[][] {
  const script = cases
    .map(
      ([args, env]) =>
        `${Object.entries(env)
          .map(([k, v]) => `${k}=${q(v)}`)
          .join(' ')}; printf '%s\\0' ${args}; printf '\\1'`,
    )
    .join('\n');
  const r = spawnSync('dash', ['-s'], { input: script, env: { PATH: '/usr/bin:/bin' }, maxBuffer: 1 << 26 });
  // printf with no arguments still prints one empty field
  return r.stdout
    .toString('utf8')
    .split('\x01')
    .slice(0, -1)
    .map((out) => (out === '\0' ? [''] : out.split('\0').slice(0, -1)));
}

/** The fields our reader folds `ARGS` to, or null when it refuses. */
function ourFields(args: string, env: Record<string, string>): string[] | null {
  const parsed = parseScript(`printf '%s\\0' ${args}`);
  if (!parsed.ok) return null;
  const cmd = parsed.commands[0] as Simple;
  const got = expandWords(cmd.words.slice(2), new Map(Object.entries(env)));
  if (!got.ok) return null;
  return got.value.length ? got.value : [''];
}

const hasDash = spawnSync('dash', ['-c', 'true']).status === 0;
const maybe = hasDash ? it : it.skip;

describe('the shell reader', () => {
  it('reads simple commands, lists, groups, assignments and redirections', () => {
    const p = parseScript(
      'A=1 B="x y"\n[ -x /bin/d ] || exit 0 # note\ntest -f /f || { stop; exit 0; }\nexec d >>/l 2>&1\n',
    );
    expect(p.ok).toBe(true);
    const cmds = (p as { commands: Node[] }).commands;
    expect(cmds.map((c) => c.kind)).toEqual(['simple', 'or', 'or', 'simple']);
    expect((cmds[0] as Simple).assigns.map((a) => a.name)).toEqual(['A', 'B']);
    const last = cmds[3] as Simple;
    expect(last.line).toBe(4);
    expect(last.words.map(literal)).toEqual(['exec', 'd']);
    expect(last.redirects.map((r) => [r.fd, r.op, literal(r.target)])).toEqual([
      [null, '>>', '/l'],
      [2, '>&', '1'],
    ]);
  });

  it.each([
    ['if [ -x /d ]; then exec /d; fi', 1, 'compound'],
    ['a\nfor x in 1; do :; done', 2, 'compound'],
    ['exec $(cat /f)', 1, 'command substitution'],
    ['exec `cat /f`', 1, 'command substitution'],
    ['exec d "$@"', 1, 'special parameter'],
    ['exec d ${X:-y}', 1, 'parameter expansion'],
    ['f() { :; }', 1, 'function'],
    ['a | b', 1, 'pipeline'],
    ['a &', 1, 'background'],
    ['cat <<EOF\nx\nEOF', 1, 'here-document'],
    ["exec 'd", 1, 'unterminated'],
    ['( a )', 1, 'subshell'],
    ['{ a; ', 1, 'without its'],
  ])('refuses %j at line %i (%s)', (text, line, why) => {
    const p = parseScript(text);
    expect(p.ok).toBe(false);
    expect(p).toMatchObject({ line });
    expect((p as { why: string }).why).toContain(why);
  });

  it('counts lines through continuations and quoted newlines', () => {
    const p = parseScript("a 'x\ny' \\\n  b\nc");
    expect(p.ok && p.commands.map((c) => c.line)).toEqual([1, 4]);
  });

  it('refuses an unknown variable, a pattern and a tilde', () => {
    const env = new Map([['A', '*']]);
    const words = (s: string) => (parseScript(`x ${s}`) as { commands: Simple[] }).commands[0]!.words.slice(1);
    expect(expandWords(words('$B'), env)).toMatchObject({ ok: false, why: expect.stringContaining('$B') });
    expect(expandWords(words('$A'), env)).toMatchObject({ ok: false, why: expect.stringContaining('pattern') });
    expect(expandWords(words('"$A"'), env)).toEqual({ ok: true, value: ['*'] });
    expect(expandWords(words('~/x'), env)).toMatchObject({ ok: false });
    expect(expandWords(words('[ a ]'), env)).toEqual({ ok: true, value: ['[', 'a', ']'] });
  });

  it('folds an assignment value without splitting', () => {
    const a = (parseScript('X=$A"b c"') as { commands: Simple[] }).commands[0]!.assigns[0]!;
    expect(expandValue(a.value, new Map([['A', ' a  ']]))).toEqual({ ok: true, value: ' a  b c' });
  });

  maybe('folds words exactly as dash does, over 2000 generated cases', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '-', '=', '/', '.', '"', "'", '\\', '$', '*', '~'),
      maxLength: 6,
    });
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', '-', '/', '.', '=', ':', '%', '@'), minLength: 1, maxLength: 4 }),
      text.map((s) => `'${s.replace(/'/g, '')}'`),
      text.map((s) => `"${s.replace(/["\\$`]/g, '')}"`),
      fc.constantFrom('$A', '${B}', '"$A"', '"${B}"', '$C', '\\ ', '\\"', '""', "''"),
    );
    const word = fc.array(piece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(''));
    const args = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
    const env = fc.record({ A: text, B: text, C: fc.constantFrom('', ' ', 'x y', ' x ') });
    const cases = fc.sample(fc.tuple(args, env), { numRuns: 2000, seed: 14 });
    const ours = cases.map(([a, e]) => ourFields(a, e));
    const folded = cases.flatMap((c, i) => (ours[i] ? [{ c, ours: ours[i] }] : []));
    expect(folded.length).toBeGreaterThan(500);
    const theirs = dashFields(folded.map((f) => f.c));
    for (const [i, f] of folded.entries()) expect([f.c, f.ours]).toEqual([f.c, theirs[i]]);
  });
});
