/**
 * Scoring each shape once, with a stand-in analyser that logs the units it is given: units of one
 * shape are analysed once and share the score, in the order given; a unit refused in words that
 * name it makes every other unit of its shape be analysed on its own; a reason that names no unit
 * (the analyser could not start) is shared without analysing again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyseDistinct, groupByShape } from './exposure-distinct';
import type { AnalysedUnit } from './exposure-run';

/**
 * A stand-in for `systemd-analyze security`: logs each file name it is given, then scores a unit
 * by the `Score=N` it asks for, refuses it by name when it says `refuse`, or prints nothing for
 * it when it says `silent`.
 */
const STAND_IN = `'use strict';
const fs = require('node:fs');
const path = require('node:path');
for (const f of process.argv.slice(3)) {
  const name = path.basename(f);
  fs.appendFileSync(process.argv[2], name + '\\n');
  const text = fs.readFileSync(f, 'utf8');
  if (text.includes('refuse')) { fs.writeSync(2, name + ': Service has no ExecStart=. Refusing.\\n'); continue; }
  if (text.includes('silent')) continue;
  const score = (/Score=(\\S+)/.exec(text) || [])[1] || '5.0';
  fs.writeSync(1, '→ Overall exposure level for ' + name + ': ' + score + ' MEDIUM 😐\\n');
}
`;

let dir = '';
let log = '';
let command: string[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-distinct-'));
  fs.writeFileSync(path.join(dir, 'analyser.js'), STAND_IN);
  log = path.join(dir, 'log');
  command = [process.execPath, path.join(dir, 'analyser.js'), log];
});
beforeEach(() => fs.writeFileSync(log, ''));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The units the stand-in was given, in order. */
const analysed = (): string[] => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);

/** A unit of a job: its description and command differ from job to job, its `body` is its shape. */
const unit = (job: string, body: string): AnalysedUnit => ({
  name: `${job}.service`,
  content: `[Unit]\nDescription=the ${job} job\n[Service]\nExecStart=/usr/sbin/${job} -v\n${body}\n`,
});

describe('analyseDistinct', () => {
  it('analyses each shape once and gives every unit of it that score, in the order given', () => {
    const units = [
      unit('a', 'Score=1'),
      unit('b', 'Score=2'),
      unit('c', 'Score=1'),
      unit('a', 'Score=2'),
      unit('d', 'Score=1'),
    ];
    expect(groupByShape(units, [])).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    expect(analyseDistinct(units, { command, unitDirs: [] })).toEqual([
      { score: 1 },
      { score: 2 },
      { score: 1 },
      { score: 2 },
      { score: 1 },
    ]);
    expect(analysed()).toEqual(['a.service', 'b.service']);
  });

  it('analyses the other units of a shape on their own when its first unit is refused in words naming it', () => {
    const units = [unit('a', 'refuse'), unit('b', 'refuse'), unit('c', 'Score=3'), unit('d', 'refuse')];
    expect(analyseDistinct(units, { command, unitDirs: [] })).toEqual([
      { why: 'systemd-analyze refused it: a.service: Service has no ExecStart=. Refusing.' },
      { why: 'systemd-analyze refused it: b.service: Service has no ExecStart=. Refusing.' },
      { score: 3 },
      { why: 'systemd-analyze refused it: d.service: Service has no ExecStart=. Refusing.' },
    ]);
    expect(analysed().sort()).toEqual(['a.service', 'b.service', 'c.service', 'd.service']);
  });

  it('shares a reason that names no unit, without analysing again', () => {
    const units = [unit('a', 'silent'), unit('b', 'silent'), unit('c', 'silent')];
    const why = { why: 'systemd-analyze printed no score for it (exit status 0)' };
    expect(analyseDistinct(units, { command, unitDirs: [] })).toEqual([why, why, why]);
    expect(analysed()).toEqual(['a.service']);
    const missing = { why: 'systemd-analyze could not be started (ENOENT)' };
    expect(analyseDistinct(units, { command: [path.join(dir, 'missing')], unitDirs: [] })).toEqual([
      missing,
      missing,
      missing,
    ]);
  });

  it('analyses a unit a drop-in of the host may apply to by itself', () => {
    const hostDir = path.join(dir, 'host');
    fs.mkdirSync(path.join(hostDir, 'b.service.d'), { recursive: true });
    const units = [unit('a', 'Score=1'), unit('b', 'Score=1'), unit('c', 'Score=1')];
    expect(analyseDistinct(units, { command, unitDirs: [hostDir] })).toEqual([
      { score: 1 },
      { score: 1 },
      { score: 1 },
    ]);
    expect(analysed()).toEqual(['a.service', 'b.service']);
  });

  it('returns nothing for no units, without running the analyser', () => {
    expect(analyseDistinct([], { command, unitDirs: [] })).toEqual([]);
    expect(analysed()).toEqual([]);
  });
});
