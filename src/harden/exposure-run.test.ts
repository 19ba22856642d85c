/**
 * Running the analyser over many units: chunks never hold two units reported under one name,
 * each unit gets its own score back by name (a stand-in analyser answers in reverse order), and a
 * unit without a score gets the reason — refused, output cut short, process killed or stopped,
 * analyser missing, file not writable — never a temporary file name.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AnalysedUnit, analyseUnits, chunkSizeFor, chunkUnits } from './exposure-run';

/**
 * A stand-in for `systemd-analyze security`: answers for its files in reverse order with the
 * score the file asks for (`Score=N`); a file saying `refuse` is refused on stderr, `cut` cuts the
 * output short after the units before it, `kill` kills the process after them, `hang` never ends,
 * `log=FILE` appends its parent's pid and the time to FILE, waits a second and appends them again.
 */
const STAND_IN = `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const files = process.argv.slice(2).reverse();
for (const f of files) {
  const name = path.basename(f).replace(/@\\.service$/, '@i.service');
  const text = fs.readFileSync(f, 'utf8');
  if (text.includes('log')) {
    const log = /log=(\\S+)/.exec(text)[1];
    fs.appendFileSync(log, process.ppid + ' ' + Date.now() + '\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    fs.appendFileSync(log, process.ppid + ' ' + Date.now() + '\\n');
  }
  if (text.includes('hang')) setInterval(() => {}, 1000);
  if (text.includes('hang')) break;
  if (text.includes('kill')) process.kill(process.pid, 'SIGKILL');
  if (text.includes('refuse')) {
    fs.writeSync(2, f + ':3: Unknown key name. Ignoring.\\n' + name + ': Refusing.\\nUnit ' + name + ' has a bad unit file setting.\\n');
    continue;
  }
  const score = (/Score=(\\S+)/.exec(text) || [])[1] || '5.0';
  const line = '→ Overall exposure level for ' + name + ': ' + score + ' MEDIUM 😐\\n';
  fs.writeSync(1, '  NAME  DESCRIPTION  EXPOSURE\\n✗ X=  y  0.1\\n\\n' + (text.includes('cut') ? line.slice(0, -8) : line));
  if (text.includes('cut')) process.exit(1);
}
`;

let dir = '';
let command: string[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-standin-'));
  fs.writeFileSync(path.join(dir, 'analyser.js'), STAND_IN);
  command = [process.execPath, path.join(dir, 'analyser.js')];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A unit asking the stand-in for a score (or for trouble). */
const unit = (name: string, body: string): AnalysedUnit => ({
  name,
  content: `[Service]\nExecStart=/bin/true\n${body}\n`,
});

/** A score from 0.0 to 9.9 that differs between neighbouring units. */
const scoreOf = (i: number): string => ((i * 7) % 100) / 10 + '';

describe('chunkUnits', () => {
  it('puts every unit in exactly one chunk of at most the size, no reported name twice in a chunk', () => {
    const names = [
      ...Array.from({ length: 300 }, (_, i) => `job${i}.service`),
      ...Array.from({ length: 300 }, (_, i) => `job${i}.service`),
      'a@.service',
      'a@i.service',
    ];
    const chunks = chunkUnits(names, 128);
    expect(chunks.flat().sort((x, y) => x - y)).toEqual(names.map((_, i) => i));
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(128);
      const reported = c.map((i) => names[i]!.replace(/@\.service$/, '@i.service'));
      expect(new Set(reported).size).toBe(c.length);
    }
    expect(chunks.length).toBeLessThanOrEqual(6);
  });

  it('analyses a small batch in one process, a large one shared over the processes in chunks of at most 128', () => {
    expect(chunkSizeFor(40, 4)).toBe(40);
    expect(chunkSizeFor(200, 2)).toBe(100);
    expect(chunkSizeFor(4000, 4)).toBe(128);
  });
});

describe('analyseUnits with a stand-in analyser', () => {
  it.each([
    ['one process at a time', 1],
    ['two processes at once', 2],
  ])('gives each of 700 units its own score back by name (%s)', (_, parallel) => {
    const units = Array.from({ length: 700 }, (_, i) => unit(`job${i}.service`, `Score=${scoreOf(i)}`));
    const scores = analyseUnits(units, { command, parallel });
    expect(scores).toEqual(units.map((_, i) => ({ score: Number(scoreOf(i)) })));
  });

  it('runs the chunks at the same time, from a helper process, when two may run at once', () => {
    const log = path.join(dir, 'times.log');
    const units = [unit('a.service', `log=${log}`), unit('b.service', `log=${log}`)];
    expect(analyseUnits(units, { command, parallel: 2, chunkSize: 1 })).toEqual([{ score: 5 }, { score: 5 }]);
    const lines = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number));
    expect(lines).toHaveLength(4);
    expect(lines.every(([ppid]) => ppid !== process.pid)).toBe(true);
    // both started before either ended
    expect(lines[1]![1]).toBeLessThan(lines[2]![1]!);
  });

  it('scores a unit and its namesake (before hardening) apart, and a template by its instance name', () => {
    const units = [
      unit('web.service', 'Score=9.6'),
      unit('web.service', 'Score=2.1'),
      unit('t@.service', 'Score=4.4'),
      unit('t@i.service', 'Score=3.3'),
    ];
    expect(analyseUnits(units, { command, parallel: 2 })).toEqual([
      { score: 9.6 },
      { score: 2.1 },
      { score: 4.4 },
      { score: 3.3 },
    ]);
  });

  it("gives a refused unit the analyser's words, with no temporary folder, and scores the rest", () => {
    const scores = analyseUnits([unit('a.service', 'Score=1.5'), unit('b.service', 'refuse'), unit('c.service', '')], {
      command,
    });
    expect(scores).toEqual([
      { score: 1.5 },
      {
        why:
          'systemd-analyze refused it: b.service:3: Unknown key name. Ignoring. — b.service: Refusing. — ' +
          'Unit b.service has a bad unit file setting.',
      },
      { score: 5 },
    ]);
  });

  it('keeps the scores printed before the output was cut short, and says the rest got none', () => {
    // the stand-in answers in reverse: c, then b (cut short), and never a
    const scores = analyseUnits([unit('a.service', ''), unit('b.service', 'cut'), unit('c.service', 'Score=0.9')], {
      command,
    });
    expect(scores).toEqual([
      { why: 'systemd-analyze printed no score for it (exit status 1)' },
      { why: 'systemd-analyze printed no score for it (exit status 1)' },
      { score: 0.9 },
    ]);
  });

  it.each([1, 2])('says which units a killed process left unscored (%i at once)', (parallel) => {
    const units = [unit('a.service', ''), unit('b.service', 'kill'), unit('c.service', 'Score=0.9')];
    const other = Array.from({ length: 9 }, (_, i) => unit(`x${i}.service`, 'Score=7.0'));
    const scores = analyseUnits([...units, ...other], { command, parallel, chunkSize: 3 });
    expect(scores.slice(0, 3)).toEqual([
      { why: 'systemd-analyze was ended by SIGKILL before scoring it' },
      { why: 'systemd-analyze was ended by SIGKILL before scoring it' },
      { score: 0.9 },
    ]);
    expect(scores.slice(3)).toEqual(other.map(() => ({ score: 7 })));
  });

  it.each([1, 2])('stops a process that runs too long and says so for its units (%i at once)', (parallel) => {
    const units = [unit('a.service', 'hang'), unit('b.service', 'Score=3.0'), unit('c.service', 'Score=2.0')];
    const scores = analyseUnits(units, { command, parallel, chunkSize: 2, timeoutMs: 1500 });
    // the stand-in answers in reverse: b is scored before a hangs
    expect(scores).toEqual([
      { why: 'systemd-analyze was stopped after 1.5 s without scoring it' },
      { score: 3 },
      { score: 2 },
    ]);
  });

  it.each([1, 2])('says the analyser could not be started when it is not there (%i at once)', (parallel) => {
    const units = [unit('a.service', ''), unit('b.service', '')];
    expect(analyseUnits(units, { command: ['/nonexistent/systemd-analyze'], parallel, chunkSize: 1 })).toEqual([
      { why: 'systemd-analyze could not be started (ENOENT)' },
      { why: 'systemd-analyze could not be started (ENOENT)' },
    ]);
  });

  it('scores units named with quotes, $, %, a backslash and blanks; refuses to write a name that is not one file', () => {
    const odd = ["it's.service", 'a"b.service', '$HOME.service', '50%.service', 'x\\.service', 'a b.service'];
    const bad = ['../escape.service', 'a/b.service', '..', `${'n'.repeat(300)}.service`];
    const scores = analyseUnits(
      [...odd, ...bad].map((n) => unit(n, 'Score=6.1')),
      { command },
    );
    expect(scores.slice(0, odd.length)).toEqual(odd.map(() => ({ score: 6.1 })));
    expect(scores.slice(odd.length)).toEqual([
      { why: 'its file could not be written for systemd-analyze (not a plain file name)' },
      { why: 'its file could not be written for systemd-analyze (not a plain file name)' },
      { why: 'its file could not be written for systemd-analyze (not a plain file name)' },
      { why: 'its file could not be written for systemd-analyze (ENAMETOOLONG)' },
    ]);
    expect(fs.existsSync(path.join(os.tmpdir(), 'escape.service'))).toBe(false);
  });

  it('gives a unit whose name holds a line break a reason rather than a score read from a broken line', () => {
    const [s] = analyseUnits([unit('a\nb.service', 'Score=1.0')], { command });
    expect(s).toEqual({ why: 'systemd-analyze printed no score for it (exit status 0)' });
  });

  it('leaves no temporary folder behind', () => {
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      analyseUnits([unit('a.service', ''), unit('b.service', 'refuse')], { command });
      analyseUnits([unit('a.service', ''), unit('b.service', 'refuse')], { command, parallel: 2, chunkSize: 1 });
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
