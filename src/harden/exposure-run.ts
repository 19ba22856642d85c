/**
 * Running the exposure analyser over any number of unit files: the units are written in chunks
 * (one folder each, no two units of a chunk reported under the same name), each chunk is
 * analysed by its own process whose stdout and stderr go to files (so no output buffer can cut
 * it off), up to a few processes at a time, and each chunk's output is read back by unit name.
 * Every unit gets its score or the reason it has none.
 */
import type * as ChildProcess from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import type * as Os from 'node:os';
import * as path from 'node:path';
import { type ProcessEnd, complaintsByUnit, parseScores, reportedName, whyUnscored } from './exposure-output';

/** node:child_process, required when a unit is scored: most runs score none (docs/performance.md). */
export function childProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return require('node:child_process') as typeof ChildProcess;
}

/** node:os, required when a unit is scored, like node:child_process. */
function os(): typeof Os {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required on first use, not at start-up
  return require('node:os') as typeof Os;
}

/** A unit file to score: its file name and its text. */
export interface AnalysedUnit {
  name: string;
  content: string;
}

/** A unit's score (0 = most confined, 10 = fully exposed), or why it has none. */
export type UnitScore = { score: number } | { why: string };

/** How to run the analyser (the defaults are for the real one; tests give a stand-in). */
export interface AnalyserOptions {
  /** The program and the arguments before the unit files. */
  command?: readonly string[];
  /** How many processes run at once (default: the cores available, at most 4). */
  parallel?: number;
  /** The most units one process analyses (default: the batch shared over the processes, at most 128). */
  chunkSize?: number;
  /** The longest one process may run, in milliseconds (default: 60 s and 250 ms per unit). */
  timeoutMs?: number;
}

/** The real analyser: offline, unit files given by path, plain output. */
export const SECURITY_COMMAND = ['systemd-analyze', 'security', '--offline=true', '--no-pager'] as const;

/** The most units per process: about 12 KB of output each, so a chunk's output stays near 1.5 MB. */
const MAX_CHUNK = 128;

/** Up to this many units are analysed by one process: a second one would cost more to start than it saves. */
const ONE_PROCESS = 64;

/** Processes that may run at once: the cores available, at least 1 and at most 4. */
export function defaultParallel(): number {
  return Math.max(1, Math.min(4, os().availableParallelism()));
}

/** The chunk size for `n` units over `parallel` processes. */
export function chunkSizeFor(n: number, parallel: number): number {
  return n <= ONE_PROCESS ? Math.max(1, n) : Math.min(MAX_CHUNK, Math.ceil(n / parallel));
}

/**
 * Splits units (by file name) into chunks of at most `size`, as indexes into `names`, such that
 * no two units of a chunk are reported under the same name (a unit and its copy before
 * hardening, `a@.service` and `a@i.service`): the output of a chunk then maps to its units by name.
 */
export function chunkUnits(names: readonly string[], size: number): number[][] {
  const chunks: Array<{ at: number[]; reported: Set<string> }> = [];
  let open = 0; // chunks before this one are full
  names.forEach((name, i) => {
    const key = reportedName(name);
    let k = open;
    while (k < chunks.length && (chunks[k]!.at.length >= size || chunks[k]!.reported.has(key))) k++;
    if (k === chunks.length) chunks.push({ at: [], reported: new Set() });
    chunks[k]!.at.push(i);
    chunks[k]!.reported.add(key);
    while (open < chunks.length && chunks[open]!.at.length >= size) open++;
  });
  return chunks.map((c) => c.at);
}

/** One process to run: its arguments, where its stdout and stderr go, and its time limit. */
interface Task {
  args: string[];
  out: string;
  err: string;
  timeout: number;
}

/** The environment of the analyser: no colours, no pager. */
function analyserEnv(): NodeJS.ProcessEnv {
  return { ...process.env, SYSTEMD_COLORS: '0', SYSTEMD_LOG_COLOR: '0', SYSTEMD_PAGER: 'cat' };
}

/** How a process run by spawnSync ended. */
function endOf(r: SpawnSyncReturns<Buffer>, timeout: number): ProcessEnd {
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ETIMEDOUT') return { status: r.status, signal: r.signal, timedOutAfter: timeout };
  if (r.error && r.pid === 0) return { status: null, signal: null, startError: code ?? 'error' };
  return { status: r.status, signal: r.signal };
}

/** Runs tasks one after another, each process writing straight to its files. */
function runInTurn(program: string, tasks: readonly Task[]): ProcessEnd[] {
  return tasks.map((t) => {
    const out = fs.openSync(t.out, 'w');
    const err = fs.openSync(t.err, 'w');
    try {
      const r = childProcess().spawnSync(program, t.args, {
        stdio: ['ignore', out, err],
        env: analyserEnv(),
        timeout: t.timeout,
        killSignal: 'SIGKILL',
      });
      return endOf(r, t.timeout);
    } finally {
      fs.closeSync(out);
      fs.closeSync(err);
    }
  });
}

/**
 * The helper that runs tasks in parallel: a short Node program (the pipeline is synchronous, so
 * the waiting happens in a child), given the tasks on stdin; it prints how each process ended.
 */
const PARALLEL_RUNNER = `'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const ends = new Array(job.tasks.length);
let next = 0;
let finished = 0;
function run() {
  const i = next++;
  if (i >= job.tasks.length) return;
  const t = job.tasks[i];
  const out = fs.openSync(t.out, 'w');
  const err = fs.openSync(t.err, 'w');
  let timedOut = false;
  let done = false;
  const child = spawn(job.program, t.args, { stdio: ['ignore', out, err] });
  fs.closeSync(out);
  fs.closeSync(err);
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, t.timeout);
  const finish = (end) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    ends[i] = end;
    if (++finished === job.tasks.length) process.stdout.write(JSON.stringify(ends));
    else run();
  };
  child.on('error', (e) => finish({ status: null, signal: null, startError: String(e.code || 'error') }));
  child.on('close', (status, signal) =>
    finish(timedOut ? { status, signal, timedOutAfter: t.timeout } : { status, signal }));
}
for (let k = 0; k < job.parallel; k++) run();
`;

/** Whether the parallel helper's answer is one end per task. */
function isEnds(value: unknown, n: number): value is ProcessEnd[] {
  return Array.isArray(value) && value.length === n && value.every((e) => typeof e === 'object' && e !== null);
}

/** Runs tasks up to `parallel` at a time (in turn when there is one task, or the helper cannot run). */
function runTasks(program: string, tasks: readonly Task[], parallel: number): ProcessEnd[] {
  if (tasks.length < 2 || parallel < 2) return runInTurn(program, tasks);
  const env = analyserEnv();
  delete env.NODE_OPTIONS; // the helper is plain Node: no loaders or hooks of the parent
  const r = childProcess().spawnSync(process.execPath, ['-e', PARALLEL_RUNNER], {
    input: JSON.stringify({ program, tasks, parallel }),
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 + tasks.length * 256,
  });
  try {
    const ends: unknown = JSON.parse(r.stdout);
    if (isEnds(ends, tasks.length)) return ends;
  } catch {
    // the helper did not answer: run the tasks here, one after another
  }
  return runInTurn(program, tasks);
}

/** Reads a chunk's output file ('' when the process left none). */
function readOutput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A chunk written to its folder: the indexes of its units, the task that analyses them, the units not written. */
interface WrittenChunk {
  folder: string;
  at: number[];
  task: Task;
  /** Units whose file could not be written (the error code), by index. */
  unwritten: Map<number, string>;
}

/** Why a unit has no score when its file could not be written. */
function notWritten(code: string): string {
  return `its file could not be written for systemd-analyze (${code})`;
}

/** Whether a unit's name is one file in its chunk's folder (no `/`, NUL, `.` or `..`: nothing written elsewhere). */
function plainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0');
}

/** Writes each chunk's units to its own folder under `root`, and the task that analyses them. */
function writeChunks(
  root: string,
  units: readonly AnalysedUnit[],
  chunks: readonly number[][],
  command: readonly string[],
  timeoutMs: number | undefined,
): WrittenChunk[] {
  return chunks.map((at, k) => {
    const folder = path.join(root, `c${k}`);
    fs.mkdirSync(folder);
    const unwritten = new Map<number, string>();
    const files = at.flatMap((i) => {
      const file = path.join(folder, units[i]!.name);
      if (!plainFileName(units[i]!.name)) {
        unwritten.set(i, 'not a plain file name');
        return [];
      }
      try {
        fs.writeFileSync(file, units[i]!.content);
        return [file];
      } catch (e) {
        unwritten.set(i, (e as NodeJS.ErrnoException).code ?? 'error');
        return [];
      }
    });
    const timeout = timeoutMs ?? 60_000 + 250 * at.length;
    const task = { args: [...command.slice(1), ...files], out: `${folder}.out`, err: `${folder}.err`, timeout };
    return { folder, at, task, unwritten };
  });
}

/** The scores of one chunk's units, read by name from its output, or why each has none. */
function readChunk(chunk: WrittenChunk, end: ProcessEnd, units: readonly AnalysedUnit[]): Map<number, UnitScore> {
  const scores = parseScores(readOutput(chunk.task.out));
  const names = chunk.at.map((i) => units[i]!.name);
  const missing = names.filter((n) => !scores.has(reportedName(n)));
  const complaints = missing.length ? complaintsByUnit(readOutput(chunk.task.err), chunk.folder, missing) : new Map();
  return new Map(
    chunk.at.map((i): [number, UnitScore] => {
      const name = units[i]!.name;
      const failed = chunk.unwritten.get(i);
      if (failed) return [i, { why: notWritten(failed) }];
      const score = scores.get(reportedName(name));
      return [i, score !== undefined ? { score } : { why: whyUnscored(end, complaints.get(name)) }];
    }),
  );
}

/**
 * Scores unit files (plain file names, unique or not) with the analyser, in chunks, a few
 * processes at a time; returns one score or reason per unit, in the order given.
 */
export function analyseUnits(units: readonly AnalysedUnit[], options: AnalyserOptions = {}): UnitScore[] {
  if (!units.length) return [];
  const command = options.command ?? SECURITY_COMMAND;
  const parallel = options.parallel ?? defaultParallel();
  const chunks = chunkUnits(
    units.map((u) => u.name),
    options.chunkSize ?? chunkSizeFor(units.length, parallel),
  );
  const failed = (e: unknown): UnitScore[] => {
    const why = notWritten((e as NodeJS.ErrnoException).code ?? 'error');
    return units.map(() => ({ why }));
  };
  let root: string;
  try {
    root = fs.mkdtempSync(path.join(os().tmpdir(), 'u2s-security-'));
  } catch (e) {
    return failed(e);
  }
  try {
    // a chunk none of whose files could be written is not run: the analyser would score the host's units
    const written = writeChunks(root, units, chunks, command, options.timeoutMs);
    const run = written.filter((c) => c.unwritten.size < c.at.length);
    const ends = runTasks(
      command[0]!,
      run.map((c) => c.task),
      parallel,
    );
    const byIndex = new Map<number, UnitScore>();
    const none: ProcessEnd = { status: null, signal: null };
    for (const c of written) readChunk(c, ends[run.indexOf(c)] ?? none, units).forEach((s, i) => byIndex.set(i, s));
    return units.map((_, i) => byIndex.get(i)!);
  } catch (e) {
    return failed(e);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
