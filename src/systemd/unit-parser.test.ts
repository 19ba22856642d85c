/**
 * Reading unit files like systemd: the examples of systemd.syntax(7) and systemd.unit(5), the
 * corner cases of conf-parser.c, properties over arbitrary text, and, when this machine has it,
 * the real systemd-analyze as an oracle (an invalid `Restart=` value makes it print the value it
 * read, so random files can be compared setting by setting).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { mergeUnit, renderMerged } from './unit-merge';
import { type ParsedUnit, parseUnitFile } from './unit-parser';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 1000);

const hasTool = (tool: string): boolean => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;

/** The entries of a parsed file as `[section, key, value]`. */
const triples = (p: ParsedUnit): Array<[string, string, string]> =>
  p.sections.flatMap((s) => s.entries.map((e): [string, string, string] => [s.name, e.key, e.value]));

/** The values of one key in one section. */
const valuesIn = (p: ParsedUnit, section: string, key: string): string[] =>
  triples(p)
    .filter(([s, k]) => s === section && k === key)
    .map(([, , v]) => v);

/** Diagnostics reduced to what a test compares. */
const problems = (p: ParsedUnit) =>
  p.diagnostics.map((d) => ({
    severity: d.severity,
    line: d.line,
    column: d.column,
    message: d.message.split(':')[0],
  }));

describe('reading one file', () => {
  it('reads the example of systemd.syntax(7): continued lines are joined with a blank, comment lines inside them are skipped', () => {
    const text = [
      '[Section A]',
      'KeyOne=value 1',
      'KeyTwo=value 2',
      '',
      '# a comment',
      '',
      '[Section B]',
      'Setting="something" "some thing" "…"',
      'KeyTwo=value 2 \\',
      '       value 2 continued',
      '',
      '[Section C]',
      'KeyThree=value 2\\',
      '# this line is ignored',
      '; this line is ignored too',
      '       value 2 continued',
      '',
    ].join('\n');
    const p = parseUnitFile(text, 'example.conf');
    expect(triples(p)).toEqual([
      ['Section A', 'KeyOne', 'value 1'],
      ['Section A', 'KeyTwo', 'value 2'],
      ['Section B', 'Setting', '"something" "some thing" "…"'],
      ['Section B', 'KeyTwo', `value 2${' '.repeat(9)}value 2 continued`],
      ['Section C', 'KeyThree', `value 2${' '.repeat(8)}value 2 continued`],
    ]);
    // the example is for any systemd configuration file; in a unit these sections are unknown
    expect(problems(p).map((d) => `${d.line}: ${d.message}`)).toEqual(
      [1, 7, 12].map((n, i) => `${n}: Unknown section 'Section ${'ABC'[i]}'`),
    );
    expect(p.sections.find((s) => s.name === 'Section C')!.entries[0]!.line).toBe(13);
  });

  it('strips blanks, tabs and CR around keys and values, but not other white space such as a no-break space', () => {
    const p = parseUnitFile('[Service]\n \t Nice \t=\t 5 \t\nUser=\u00a0x\u00a0\nRe start = y z \n', 'x.service');
    expect(triples(p)).toEqual([
      ['Service', 'Nice', '5'],
      ['Service', 'User', '\u00a0x\u00a0'],
      ['Service', 'Re start', 'y z'],
    ]);
  });

  it('keeps an empty assignment as an entry with an empty value', () => {
    expect(triples(parseUnitFile('[Service]\nExecStart=\nExecStart=  \t\n', 'x.service'))).toEqual([
      ['Service', 'ExecStart', ''],
      ['Service', 'ExecStart', ''],
    ]);
  });

  it('reads a CRLF file like an LF file, with the same line numbers', () => {
    const lf = '[Unit]\nDescription=a \\\n  b\n\n[Service]\nExecStart=/bin/true\n';
    const crlf = parseUnitFile(lf.replace(/\n/g, '\r\n'), 'x.service');
    expect(crlf).toEqual(parseUnitFile(lf, 'x.service'));
    expect(valuesIn(crlf, 'Unit', 'Description')).toEqual(['a    b']);
  });

  it('ends lines where read_line() does: a lone CR, NUL, and "\\n\\r" as one line end', () => {
    const p = parseUnitFile('[Service]\rA=1\n\rB=2\r\n\rC=3\0D=4\n\nE=5', 'x.service');
    expect(triples(p).map(([, k, v]) => `${k}=${v}`)).toEqual(['A=1', 'B=2', 'C=3', 'D=4', 'E=5']);
    expect(p.sections[0]!.entries.map((e) => e.line)).toEqual([2, 3, 5, 6, 8]);
  });

  it('merges a repeated section into the first one, keeping the order of the file', () => {
    const p = parseUnitFile('[Service]\nA=1\n[Unit]\nB=2\n[Service]\nC=3\n', 'x.service');
    expect(p.sections.map((s) => [s.name, s.entries.map((e) => e.key)])).toEqual([
      ['Service', ['A', 'C']],
      ['Unit', ['B']],
    ]);
  });

  it('does not continue a comment that ends in a backslash (systemd 240 and later)', () => {
    expect(triples(parseUnitFile('[Service]\n# a comment \\\nExecStart=/bin/true\n', 'x.service'))).toEqual([
      ['Service', 'ExecStart', '/bin/true'],
    ]);
  });

  it('skips an indented comment line inside a continuation', () => {
    expect(
      valuesIn(
        parseUnitFile('[Service]\nExecStart=/bin/sh -c "a \\\n    ;;\\\n  b"\n', 'x.service'),
        'Service',
        'ExecStart',
      ),
    ).toEqual(['/bin/sh -c "a    b"']);
  });

  it('ends a continuation at an empty line, and reads one still open at the end of the file', () => {
    const p = parseUnitFile('[Unit]\nConflicts= \\\na.service \\\n\nAfter=b.service \\', 'x.service');
    expect(triples(p)).toEqual([
      ['Unit', 'Conflicts', 'a.service'],
      ['Unit', 'After', 'b.service'],
    ]);
  });

  it('continues only after an odd number of trailing backslashes, and not when a blank follows the backslash', () => {
    const p = parseUnitFile('[Service]\nA=x\\\\\nB=y\\ \nC=z\\\\\\\nD=w\n', 'x.service');
    expect(triples(p).map(([, k, v]) => `${k}=${v}`)).toEqual(['A=x\\\\', 'B=y\\', 'C=z\\\\ D=w']);
  });

  it('reads a line that starts with blanks like any other line, section headers included', () => {
    expect(triples(parseUnitFile('   [Service]  \n\t  ExecStart=/bin/true\n   # comment\n', 'x.service'))).toEqual([
      ['Service', 'ExecStart', '/bin/true'],
    ]);
  });

  it('removes the BOM of the first line that has one, so a BOM before "#" makes no comment', () => {
    expect(triples(parseUnitFile('\uFEFF[Service]\nA=1\n', 'x.service'))).toEqual([['Service', 'A', '1']]);
    const p = parseUnitFile('[Service]\n\uFEFFA=1\n\uFEFFB=2\n', 'x.service');
    expect(triples(p)).toEqual([
      ['Service', 'A', '1'],
      ['Service', '\uFEFFB', '2'],
    ]);
    expect(problems(parseUnitFile('\uFEFF# comment\n[Service]\n', 'x.service'))).toEqual([
      { severity: 'warning', line: 1, column: 1, message: 'Assignment outside of section' },
    ]);
  });

  it('keeps the text between the brackets as the section name, blanks and all, and warns that systemd ignores such a section', () => {
    const p = parseUnitFile('[ Service ]\nA=1\n[Service]]\nB=2\n', 'x.service');
    expect(p.sections.map((s) => s.name)).toEqual([' Service ', 'Service]']);
    expect(problems(p)).toEqual([
      { severity: 'warning', line: 1, column: 1, message: "Unknown section ' Service '" },
      { severity: 'warning', line: 3, column: 1, message: "Unknown section 'Service]'" },
    ]);
    expect(p.diagnostics[0]!.hint).toBe('write [Service]: systemd does not trim blanks inside the brackets');
  });

  it('knows the sections of the unit type named by the file, ignores X- sections silently, and does not check lines in unknown sections', () => {
    expect(
      problems(parseUnitFile('[Socket]\n[X-Mine]\nno equals\n[Service]\nno equals\n', 'x.socket')).map(
        (d) => `${d.line}: ${d.message}`,
      ),
    ).toEqual(["4: Unknown section 'Service'"]);
    expect(
      problems(
        parseUnitFile('[Service]\n[Install]\n[Unit]\n[Path]\n', '/etc/systemd/system/x.service.d/10-a.conf'),
      ).map((d) => `${d.line}: ${d.message}`),
    ).toEqual(["4: Unknown section 'Path'"]);
    expect(parseUnitFile('[Service]\n[Socket]\n[Timer]\n', 'unit.txt').diagnostics).toEqual([]);
  });
});

describe('what systemd warns about while reading', () => {
  it("warns about a line without '=' at its line and column, and ignores it", () => {
    const p = parseUnitFile('[Service]\nExecStart=/bin/true\n   Restart always\n', 'x.service');
    expect(problems(p)).toEqual([{ severity: 'warning', line: 3, column: 4, message: "Missing '='" }]);
    expect(p.diagnostics[0]!.ruleId).toBe('diff/unit-syntax');
    expect(triples(p)).toHaveLength(1);
  });

  it('places a problem in a continued line where the line starts', () => {
    expect(problems(parseUnitFile('[Service]\n  \\\n  Restart \\\n always\n', 'x.service'))).toEqual([
      { severity: 'warning', line: 3, column: 3, message: "Missing '='" },
    ]);
  });

  it('warns about an assignment before any section', () => {
    const p = parseUnitFile('\n  Description=early\n[Unit]\n', 'x.service');
    expect(problems(p)).toEqual([
      { severity: 'warning', line: 2, column: 3, message: 'Assignment outside of section' },
    ]);
    expect(triples(p)).toEqual([]);
  });

  it("warns about '=' without a key", () => {
    expect(problems(parseUnitFile('[Service]\n  = value\n', 'x.service'))).toEqual([
      { severity: 'warning', line: 2, column: 3, message: "Missing key name before '='" },
    ]);
  });

  it('warns about .include, which systemd 246 and later no longer follow, and does not follow it either', () => {
    const p = parseUnitFile('.include /lib/systemd/system/x.service\n[Service]\n  .include /etc/x.conf\n', 'x.service');
    expect(problems(p)).toEqual([
      { severity: 'warning', line: 1, column: 1, message: '.include is obsolete' },
      { severity: 'warning', line: 3, column: 3, message: '.include is obsolete' },
    ]);
    expect(triples(p)).toEqual([]);
  });

  it('stops reading at an unterminated section header: an error, as the unit then fails to load', () => {
    const p = parseUnitFile('[Service]\nA=1\n  [Service\nB=2\n', 'x.service');
    expect(problems(p)).toEqual([
      { severity: 'error', line: 3, column: 3, message: "Invalid section header '[Service'" },
    ]);
    expect(p.diagnostics[0]!.ruleId).toBe('diff/unit-fails-to-load');
    expect(triples(p)).toEqual([['Service', 'A', '1']]);
  });

  it('stops reading at a section header with text after the bracket, comments included', () => {
    expect(problems(parseUnitFile('[Unit] # the unit section\nDescription=x\n', 'x.service'))).toEqual([
      { severity: 'error', line: 1, column: 1, message: "Invalid section header '[Unit] # the unit section'" },
    ]);
  });

  it('reports the same problem in a drop-in as a warning, as only the rest of that drop-in is lost', () => {
    const p = parseUnitFile('[Service]\nA=1\n[Broken\nB=2\n', 'x.service.d/10-a.conf');
    expect(problems(p)).toEqual([
      { severity: 'warning', line: 3, column: 1, message: "Invalid section header '[Broken'" },
    ]);
    expect(p.diagnostics[0]!.ruleId).toBe('diff/unit-syntax');
    expect(triples(p)).toEqual([['Service', 'A', '1']]);
  });

  it('stops reading at quotes, backslashes or control characters in a section name, pointing at the character', () => {
    expect(problems(parseUnitFile('[Ser"vice]\nA=1\n', 'x.service'))).toEqual([
      { severity: 'error', line: 1, column: 5, message: "Bad characters in section header '[Ser\"vice]'" },
    ]);
    expect(problems(parseUnitFile('[Ser\tvice]\n', 'x.service'))[0]!.column).toBe(5);
  });

  it('fails a file with a line of 1 MiB or more, and reads one just below', () => {
    const head = '[Service]\nRestart=';
    expect(problems(parseUnitFile(head + 'x'.repeat(1024 * 1024 - 8) + '\n', 'x.service'))).toEqual([
      { severity: 'error', line: 2, column: 1, message: 'Line too long (1 MiB or more)' },
    ]);
    expect(parseUnitFile(head + 'é'.repeat((1024 * 1024 - 9) / 2) + 'x\n', 'x.service').diagnostics).toEqual([]);
    expect(parseUnitFile(head + 'é'.repeat((1024 * 1024 - 8) / 2) + '\n', 'x.service').diagnostics).toHaveLength(1);
  });

  it('fails a file whose continued line grows beyond 1 MiB', () => {
    const half = 'x'.repeat(600000);
    const p = parseUnitFile(`[Service]\nRestart=${half}\\\n${'y'.repeat(1024 * 1024 - 8 - 600000)}\n`, 'x.service');
    expect(problems(p)).toEqual([
      { severity: 'error', line: 3, column: 1, message: 'Continuation line too long (more than 1 MiB)' },
    ]);
    expect(
      parseUnitFile(`[Service]\nRestart=${half}\\\n${'y'.repeat(1024 * 1024 - 9 - 600000)}\n`, 'x.service').diagnostics,
    ).toEqual([]);
  });
});

/** Unit-file-like text: lines of keys, sections, comments, continuations and blanks, any line ends. */
const unitish = fc
  .array(
    fc.constantFrom(
      '[Service]',
      '[Unit]',
      '[ X ]',
      'Restart=a',
      'ExecStart=',
      'ExecStart=/b c',
      'Wants=w',
      'Wants=',
      'Nice=',
      'After=x \\',
      '  y\\\\',
      'z\\',
      '# c \\',
      ' ; d',
      '',
      '  ',
      'k = v',
      'x',
      '=y',
      'ConditionUser=',
      'ConditionUser=u',
      '[Bad',
      '.include /f',
      'V=\\ ',
    ),
    { maxLength: 25 },
  )
  .chain((lines) =>
    fc
      .array(fc.constantFrom('\n', '\r\n', '\r', '\n\r', '\0'), { minLength: lines.length, maxLength: lines.length })
      .map((eols) => lines.map((l, i) => l + eols[i]).join('')),
  );

describe('properties', () => {
  it('never throws, and places every entry and diagnostic on a line of the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), unitish),
        fc.constantFrom('x.service', 'x.service.d/a.conf'),
        (text, file) => {
          const p = parseUnitFile(text, file);
          const lines = 1 + (text.match(/[\n\r\0]/g)?.length ?? 0);
          for (const e of p.sections.flatMap((s) => s.entries)) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(lines);
            expect(e.file).toBe(file);
          }
          for (const d of p.diagnostics) expect(d.line).toBeLessThanOrEqual(lines);
          mergeUnit('x.service', [p]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives keys and values without surrounding blanks, and never a key that is empty or holds "="', () => {
    fc.assert(
      fc.property(unitish, (text) => {
        for (const [, k, v] of triples(parseUnitFile(text, 'x.service'))) {
          expect(k).toBe(k.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
          expect(v).toBe(v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
          expect(k).not.toBe('');
          expect(k).not.toContain('=');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('renders merged settings as text that systemd reads back to the same settings', () => {
    fc.assert(
      fc.property(unitish, unitish, (unit, dropin) => {
        const once = renderMerged(
          mergeUnit('x.service', [parseUnitFile(unit, 'x.service'), parseUnitFile(dropin, 'x.service.d/a.conf')]),
        );
        expect(renderMerged(mergeUnit('x.service', [parseUnitFile(once, 'x.service')]))).toBe(once);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the real systemd-analyze verify', () => {
  const analyze = hasTool('systemd-analyze');
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-unit-parser-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes units, runs systemd-analyze verify on them, and returns its exit status and messages. */
  const verify = (units: Record<string, string>): { status: number | null; lines: string[] } => {
    const files = Object.entries(units).map(([name, text]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    });
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], {
      encoding: 'utf8',
      env: { ...process.env, SYSTEMD_LOG_COLOR: '0' },
    });
    return { status: r.status, lines: `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim() !== '') };
  };

  (analyze ? it : it.skip)(
    'accepts our fixture with continuation lines and comments inside them without a complaint',
    () => {
      const unit = [
        '# Continuations in the style of systemd.syntax(7)',
        '[Unit]',
        'Description=A service whose settings \\',
        '  span several lines',
        '; a comment between settings',
        '',
        '[Service]',
        'Type=oneshot',
        'ExecStart=/bin/echo one \\',
        '# this line is ignored',
        '; this line is ignored too',
        '    two',
        'Environment=A=1 \\',
        '  B=2',
        '  # an indented comment \\',
        'ExecStart=/bin/true',
        '',
      ].join('\r\n');
      expect(verify({ 'u2s-continued.service': unit })).toEqual({ status: 0, lines: [] });
      const p = parseUnitFile(unit, 'u2s-continued.service');
      expect(p.diagnostics).toEqual([]);
      expect(valuesIn(p, 'Service', 'ExecStart')).toEqual([`/bin/echo one${' '.repeat(6)}two`, '/bin/true']);
      expect(valuesIn(p, 'Service', 'Environment')).toEqual(['A=1    B=2']);
    },
  );

  (analyze ? it : it.skip)(
    'reads the same Restart= values, warnings and fatal errors as systemd on random files',
    () => {
      const bodies = fc.sample(
        fc
          .array(
            fc.constantFrom(
              'Restart=a',
              'Restart=b \\',
              'Restart=\\',
              'Restart=',
              '  c\\',
              '\td \\\\',
              '# e \\',
              '  ; f',
              '',
              '   ',
              'Restart = g  h ',
              'x',
              '=y',
              '[Service]',
              '[Unit]',
              '[ Service ]',
              'Restart=i\\ ',
              '\uFEFFRestart=j',
              '\uFEFF# k',
              'Restart=%%',
              'Restart=l\\\\\\',
              '[Service] z',
            ),
            { maxLength: 14 },
          )
          .chain((lines) =>
            fc
              .array(fc.constantFrom('\n', '\n', '\r\n', '\r', '\n\r', '\0'), {
                minLength: lines.length,
                maxLength: lines.length,
              })
              .map((eols) => lines.map((l, i) => l + eols[i]).join('')),
          ),
        { numRuns: Number(process.env.FC_ANALYZE_RUNS ?? 80), seed: Number(process.env.FC_SEED ?? 252) },
      );
      const units = Object.fromEntries(
        bodies.map((body, i) => [`u2s-case-${i}.service`, `[Service]\nExecStart=/bin/true\n${body}`]),
      );
      const { lines } = verify(units);
      const seen = bodies.map(() => ({ restart: [] as string[], missing: 0, fatal: false }));
      for (const l of lines) {
        const m = /u2s-case-(\d+)\.service(?::\d+)?: (.*)$/.exec(l);
        if (!m) continue;
        const s = seen[Number(m[1])]!;
        const msg = m[2]!;
        if (msg.startsWith('Failed to parse service restart specifier, ignoring: '))
          s.restart.push(msg.slice('Failed to parse service restart specifier, ignoring: '.length));
        else if (msg.startsWith("Missing '='") || msg.startsWith('Missing key name')) s.missing++;
        else if (msg.startsWith('Invalid section header') || msg.startsWith('Bad characters in section header'))
          s.fatal = true;
      }
      const ours = bodies.map((_body, i) => {
        const p = parseUnitFile(units[`u2s-case-${i}.service`]!, `u2s-case-${i}.service`);
        return {
          restart: valuesIn(p, 'Service', 'Restart'),
          missing: p.diagnostics.filter((d) => d.message.startsWith('Missing')).length,
          fatal: p.diagnostics.some((d) => d.severity === 'error'),
        };
      });
      // the oracle must have spoken: values, warnings and fatal errors all occur in the sample
      expect([
        seen.some((s) => s.restart.length > 0),
        seen.some((s) => s.missing > 0),
        seen.some((s) => s.fatal),
      ]).toEqual([true, true, true]);
      for (let i = 0; i < bodies.length; i++)
        expect({ body: bodies[i], ...ours[i] }).toEqual({ body: bodies[i], ...seen[i] });
    },
  );

  (analyze ? it : it.skip)(
    'keeps a dependency after an empty "Requires=" and resets commands after an empty "ExecStart=", like systemd',
    () => {
      fs.mkdirSync(path.join(dir, 'u2s-reset.service.d'));
      fs.writeFileSync(
        path.join(dir, 'u2s-reset.service.d', 'o.conf'),
        '[Unit]\nRequires=\n[Service]\nExecStart=\nExecStart=/bin/true\n',
      );
      const { lines } = verify({
        'u2s-reset.service': '[Unit]\nRequires=u2s-nonexistent.service\n[Service]\nExecStart=/u2s/nonexistent\n',
      });
      expect(lines.join('\n')).toContain('u2s-nonexistent.service not found');
      expect(lines.join('\n')).not.toContain('/u2s/nonexistent is');
      const m = mergeUnit('u2s-reset.service', [
        parseUnitFile(
          '[Unit]\nRequires=u2s-nonexistent.service\n[Service]\nExecStart=/u2s/nonexistent\n',
          'u2s-reset.service',
        ),
        parseUnitFile(fs.readFileSync(path.join(dir, 'u2s-reset.service.d', 'o.conf'), 'utf8'), 'o.conf'),
      ]);
      expect(m.sections.get('Unit')!.get('Requires')).toEqual(['u2s-nonexistent.service']);
      expect(m.sections.get('Service')!.get('ExecStart')).toEqual(['/bin/true']);
    },
  );

  if (!analyze) console.log('skipping the systemd-analyze checks: systemd-analyze is not installed');
});
