/**
 * Jest reporter of the end-to-end suite (registered next to the default one in
 * jest.e2e.config.js): at the end of the whole run it prints ONE table "scenario → result (time)"
 * covering every scenario of every *.e2e.test.ts file.
 *
 * The verdict of each test is jest's own; the time is the one the scenario spent in its lab, read
 * from the rows scenario.ts appended to U2S_E2E_RESULTS (jest's duration of a test says little
 * when both labs run the scenario side by side). Expected failures (test.failing) are told apart
 * from failures and from unexpected passes, and each of those is listed with its first error line.
 */
const { readFileSync } = require('node:fs');
const { relative } = require('node:path');

/** Labels of the result column; anything but "pass" and "expected failure" fails the run. */
const PASS = 'pass';
const FAIL = 'FAIL';
const XFAIL = 'expected failure';
const XPASS = 'UNEXPECTED PASS';
const NOT_RUN = 'FAIL (not run)';

class TableReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.fileResults = [];
    this.t0 = Date.now();
  }

  /** Starts the test clock (global setup has run by then). */
  onRunStart() {
    this.t0 = Date.now();
  }

  /** Keeps each file's results for the table. */
  onTestResult(_test, testResult) {
    this.fileResults.push(testResult);
  }

  /** Prints the table, or one line saying why the suite was skipped. */
  onRunComplete() {
    if (process.env.U2S_E2E_SKIP) {
      process.stdout.write(`\nupstart2systemd e2e skipped: ${process.env.U2S_E2E_SKIP}\n`);
      return;
    }
    const recs = readRecords(process.env.U2S_E2E_RESULTS);
    const files = [...this.fileResults].sort((a, b) => a.testFilePath.localeCompare(b.testFilePath));
    const rows = [];
    let skipped = 0;
    for (const f of files) {
      const file = relative(this.rootDir, f.testFilePath);
      if (f.testExecError && !f.testResults.length)
        rows.push({
          name: `${file} (the file did not run)`,
          result: NOT_RUN,
          ms: 0,
          error: firstLine(f.testExecError.message),
        });
      for (const a of f.testResults) {
        if (a.status !== 'passed' && a.status !== 'failed') skipped++;
        else rows.push(rowOf(a, recs.get(`${f.testFilePath}\0${a.title}`)));
      }
    }
    if (rows.length) process.stdout.write(render(rows, skipped, Date.now() - this.t0));
  }
}

/** The rows scenario.ts wrote, by test file and test name. */
function readRecords(path) {
  const recs = new Map();
  let text = '';
  try {
    text = path ? readFileSync(path, 'utf8') : '';
  } catch {
    /* no scenario ran */
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    recs.set(`${r.file}\0${r.name}`, r);
  }
  return recs;
}

/** One row: jest's verdict, told apart for expected failures, with the scenario's time in its lab. */
function rowOf(a, rec) {
  const passed = a.status === 'passed';
  let result = passed ? PASS : FAIL;
  if (rec && rec.failing) result = passed ? XFAIL : rec.ok ? XPASS : FAIL;
  const error = result === PASS ? undefined : (rec && rec.error) || firstLine((a.failureMessages || [])[0] || '');
  return { name: a.title, result, ms: rec ? rec.ms : a.duration || 0, error };
}

/** The table, the summary line, and the first error line of every row that is not a plain pass. */
function render(rows, skipped, testMs) {
  const w = Math.max(...rows.map((r) => r.name.length), 20);
  const count = (label) => rows.filter((r) => r.result === label).length;
  const failed = rows.filter((r) => r.result !== PASS && r.result !== XFAIL);
  const labs = new Set(rows.map((r) => (/\[([^\]]+)\]$/.exec(r.name) || [])[1]).filter(Boolean)).size;
  const setupMs = Number(process.env.U2S_E2E_SETUP_MS || 0);
  const xpass = count(XPASS) ? ` (${count(XPASS)} unexpected pass${count(XPASS) > 1 ? 'es' : ''})` : '';
  const lines = [
    '',
    'upstart2systemd end-to-end results',
    `${'scenario'.padEnd(w)}  result            time`,
    `${'-'.repeat(w)}  ----------------  -------`,
    ...rows.map((r) => `${r.name.padEnd(w)}  ${r.result.padEnd(16)}  ${(r.ms / 1000).toFixed(2).padStart(6)}s`),
    '',
    `${count(PASS)} passed, ${failed.length} failed${xpass}, ${count(XFAIL)} expected failures` +
      `${skipped ? `, ${skipped} skipped` : ''}; scenario time ${(sum(rows) / 1000).toFixed(1)}s in ${labs} labs side by side; ` +
      `wall ${((setupMs + testMs) / 1000).toFixed(1)}s = global setup ${(setupMs / 1000).toFixed(1)}s ` +
      `(build, lab boot, conversion, preparation) + tests ${(testMs / 1000).toFixed(1)}s`,
  ];
  for (const [title, list] of [
    ['failed', failed],
    ['expected failures', rows.filter((r) => r.result === XFAIL)],
  ]) {
    if (!list.length) continue;
    lines.push('', `${title}:`);
    for (const r of list) lines.push(`  ${r.result.padEnd(16)}  ${r.name}`, `  ${''.padEnd(16)}  ${r.error || ''}`);
  }
  return lines.join('\n') + '\n\n';
}

/** Total scenario time of the rows, in ms. */
function sum(rows) {
  return rows.reduce((a, r) => a + r.ms, 0);
}

/** A jest failure message in one line: its first lines before the stack, without colours. */
function firstLine(text) {
  const lines = String(text)
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim());
  const end = lines.findIndex((l) => l.startsWith('at '));
  return (end < 0 ? lines : lines.slice(0, end)).filter(Boolean).slice(0, 3).join(' · ').slice(0, 300);
}

module.exports = TableReporter;
