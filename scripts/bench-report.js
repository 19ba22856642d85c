// The text output of `npm run bench` (scripts/bench.js): one block per part, printed as soon as the
// part is measured, and the table of the issue's targets at the end. Formatting only.
'use strict';

/** A number with `digits` decimals, or "—" when there is none. */
function num(x, digits) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}

/** A child's CPU time (user + system) in seconds, in parentheses, or "—". */
function cpu(r, digits) {
  return r && r.cpuMs !== null ? `(${num(r.cpuMs / 1000, digits)})` : '—';
}

/** The lines above the measurements: the machine, how RSS is read, and a word on noise. */
function header(result, opts) {
  const m = result.machine;
  return [
    `upstart2systemd bench (issue 15): node ${m.node}, ${m.systemd ?? 'no systemctl'}, ${m.cpus} CPUs, ` +
      `load ${m.loadavg.join(' ')}`,
    `peak RSS read by ${m.rss ?? 'nothing (install the Debian package "time")'}; inputs generated in ${m.tmp} ` +
      'and removed afterwards',
    `each size is measured ${opts.repeat === 1 ? 'once' : `${opts.repeat} times in turns with the generator (the median run shown)`}, ` +
      `start-up ${opts.runs} times: on a shared or busy machine every number is noisy`,
    '',
    result.generator
      ? `convert DIR --out OUT --force  against  ${result.generator} OUT OUT OUT`
      : 'systemd-sysv-generator is not installed: our times only, no ratio',
  ].join('\n');
}

/** One size's line (and the column heads above the first), what each side wrote, and why it is void. */
function sizeRow(row, first) {
  const head =
    '     jobs    ours s   (cpu s)    µs/job   peak MB    generator s   (cpu s)    µs/job   peak MB     ratio\n' +
    '  -------  --------  --------  --------  --------  -------------  --------  --------  --------  --------\n';
  const o = row.ours;
  const g = row.generator;
  const line =
    `  ${String(row.jobs).padStart(7)}  ${num(o.ms / 1000, 2).padStart(8)}  ${cpu(o, 2).padStart(8)}  ` +
    `${num(o.usPerJob, 1).padStart(8)}  ${num(o.rssMB, 1).padStart(8)}  ${num(g && g.ms / 1000, 3).padStart(13)}  ` +
    `${cpu(g, 2).padStart(8)}  ${num(g?.usPerJob, 1).padStart(8)}  ` +
    `${num(g?.rssMB, 1).padStart(8)}  ${(row.ratio === null ? '—' : `${num(row.ratio, 2)}×`).padStart(8)}`;
  const wrote =
    `           ours wrote ${o.units} units, ${o.helperScripts} helper scripts, ${o.planFiles.join(' ') || 'no plan'}` +
    (g ? `; the generator ${g.units} units, ${g.wantsLinks} .wants links` : '');
  const secs = (r) => r.allMs.map((ms) => num(ms / 1000, 2)).join(' ');
  const runs =
    row.runs > 1 ? [`           each run's wall s: ours ${secs(o)}${g ? `; the generator ${secs(g)}` : ''}`] : [];
  const bad = row.void.map((r) => `           VOID: ${r}`);
  return [(first ? head : '') + line, wrote, ...runs, ...bad].join('\n');
}

/** The 50k ÷ 10k line under the sizes. */
function sizesFooter(result) {
  const s = result.scaling;
  if (!s) return '  (50k ÷ 10k: measured when --sizes holds both 10000 and 50000 and neither is void)\n';
  const g = s.generator === null ? '' : `, the generator ×${num(s.generator, 2)}`;
  return `  ${s.to} ÷ ${s.from} jobs: ours ×${num(s.ours, 2)} the time${g}\n`;
}

/** The start-up block: each command's median and its ratio to `node -e 0`. */
function startup(st) {
  const names = { node: 'node -e 0', version: '--version', help: '--help', oneJob: 'convert, one job, fresh --out' };
  const lines = Object.entries(names).map(
    ([k, label]) => `  ${label.padEnd(30)} ${num(st.ms[k], 1).padStart(8)} ms  ${num(st.ratio[k], 2).padStart(6)}×`,
  );
  return [`start-up, median of ${st.runs} runs each (ratio to node -e 0)`, ...lines, ''].join('\n');
}

/** The profile block: 10k jobs without a profile and with `--profile recommended`, and the ratio. */
function profile(p) {
  const line = (label, r, note) =>
    `  ${label.padEnd(30)} ${num(r.ms / 1000, 2).padStart(8)} s ${cpu(r, 2).padStart(8)} cpu s ` +
    `${num(r.rssMB, 1).padStart(8)} MB peak${note}`;
  return [
    `${p.jobs} jobs: --profile recommended (exposure scores by systemd-analyze security) against no profile`,
    line('no profile', p.without, ''),
    line('--profile recommended', p.with, `  ${p.with.scored} of ${p.jobs} units scored`),
    `  ${'ratio'.padEnd(30)} ${num(p.ratio, 2).padStart(8)}×`,
    ...p.void.map((r) => `  VOID: ${r}`),
    '',
  ].join('\n');
}

/** The table of the issue's "Done when" targets, PASS or FAIL per line ("n/a": not measured or void). */
function targets(result) {
  const value = (t) =>
    t.value === null ? '—' : `${num(t.value, t.unit === 'MB' ? 1 : 2)}${t.unit === 'MB' ? ' MB' : '×'}`;
  const limit = (t) => `≤ ${t.unit === 'MB' ? `${t.limit} MB` : `${num(t.limit, 1)}×`}`;
  const lines = result.targets.map(
    (t) => `  ${t.target.padEnd(42)} ${limit(t).padEnd(9)} ${value(t).padStart(10)}  ${t.verdict}`,
  );
  const voided = result.void.length ? [`VOID measurements (exit 1): ${result.void.join('; ')}`] : [];
  return [`issue 15 "Done when"${' '.repeat(25)}limit       measured  verdict`, ...lines, ...voided].join('\n');
}

module.exports = { header, sizeRow, sizesFooter, startup, profile, targets };
