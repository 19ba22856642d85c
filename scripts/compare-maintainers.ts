/**
 * How close our units come to the ones the projects' maintainers wrote (issue 14): converts the
 * jobs of ../shared/corpus that MANIFEST.tsv pairs with a maintainer's unit (units/NAME.service or
 * .target) with the built CLI, reads both units with our unit parser (src/systemd/unit-parser.ts,
 * merged as systemd merges them) and compares directive-level facts.
 *
 * Usage: npm run compare:maintainers [-- [--style native|faithful] [--target debian-12] [--json]
 *                                        [--corpus DIR] [--args "--scripts inline"]]
 *
 * Definitions (docs/idioms.md, "Measuring: agreement with maintainers' units"):
 * - A fact of a kind is counted for a pair when at least one of the two units states it (a
 *   directive both leave out is no fact); it agrees when both sides give the same normalised value.
 * - program: the basename of the first command of ExecStart= (prefixes `-@:+!` dropped). A shell
 *   command line `sh -c BODY` (or our helper script `sh -e FILE.sh`) whose body is a single
 *   command, with or without `exec`, is unwrapped to that command's basename marked "(via shell)",
 *   which agrees with the bare program (the per-kind line says how many agree only via a shell); any
 *   longer body is "(shell script)". Template placeholders (`@sbindir@/cupsd`) read as a folder,
 *   other `@x@` as nothing.
 * - arguments: the words after the program (unwrapped alike, `${X}` written `$X`); reported, not in
 *   the total.
 * - user, group: User=, Group= as written, read as systemd reads them when absent: no User= runs the
 *   process as root, so "(unset)" agrees with "root"; no Group= runs it with the user's primary group,
 *   so for a unit running as root "(unset)" agrees with "root", and for another user it agrees with
 *   a Group= naming the user itself (the usual Debian user-private group: `adduser` makes one unless
 *   told otherwise; a system user made with `adduser --system` alone gets nogroup instead, which we
 *   cannot see). Counted only when at least one side writes User= or Group= respectively.
 * - restart: whether the unit restarts after a failure: `restarts` for always, on-failure, on-abnormal,
 *   on-abort and on-watchdog, else the value (`no` when absent); always and on-failure differ only
 *   after a clean exit, which Upstart's respawn also restarts.
 * - type: Type= with systemd's default when absent (simple, dbus with BusName=, oneshot without
 *   ExecStart=); exec counts as simple. Counted only when a side states Type=.
 * - workdir: WorkingDirectory= (a leading `-` dropped).
 * - environment: the sorted names set by Environment=, plus "EnvironmentFile" when one is read.
 * - install: the sorted WantedBy= units.
 * All paired jobs are converted in one run with --format json (--target debian-12 unless given;
 * when the maintainers wrote their units is not knowable). Without the corpus it says so and exits 0.
 *
 * For `--style native --target debian-12` (without --args) every differing fact is classified by
 * the table of scripts/maintainer-differences.ts (scripts/classify-differences.ts): the text prints
 * each difference's class (maintainer, host, ours) and reason, the counts per class and the ceiling
 * (the agreement if every `ours` and `host` difference were fixed); the JSON has them under
 * `classification` (null for other runs). A row that matches no difference (stale) or a difference
 * without a row (unclassified) is printed with `!!!` at the top and on stderr, and the exit code is 1.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ShellWord, shellWords } from '../src/convert/shell-words';
import {
  alarmLines,
  CLASSIFIED_RUN,
  type Classification,
  classify,
  hasAlarms,
  reasonLine,
  summaryLines,
} from './classify-differences';
import { parseExecLine } from '../src/systemd/exec-line';
import { mergeUnit } from '../src/systemd/unit-merge';
import { parseUnitFile } from '../src/systemd/unit-parser';

/** The kinds of facts compared, in the order they are printed; `arguments` is not in the total. */
export const FACT_KINDS = [
  'program',
  'user',
  'group',
  'restart',
  'type',
  'workdir',
  'environment',
  'install',
  'arguments',
] as const;

/** One kind of fact. */
export type FactKind = (typeof FACT_KINDS)[number];

/** Kinds counted in the headline agreement (the eight). */
export const COUNTED_KINDS: readonly FactKind[] = FACT_KINDS.filter((k) => k !== 'arguments');

/** A unit's facts by kind; a kind absent from the map is not stated by the unit. */
export type Facts = Partial<Record<FactKind, string>>;

/** One compared fact of one pair. */
export interface FactResult {
  job: string;
  kind: FactKind;
  ours: string;
  maintainers: string;
  agrees: boolean;
}

/** Agreement counts of one kind (or of the total). */
export interface Tally {
  agree: number;
  total: number;
}

/** The whole comparison: per fact, per kind and the total of the counted kinds. */
export interface Comparison {
  pairs: number;
  facts: FactResult[];
  byKind: Record<FactKind, Tally>;
  total: Tally;
}

/** A unit's settings after merging: the values of a key in a section, in order. */
type Settings = (section: string, key: string) => string[];

/** The merged settings of a unit text, read as systemd reads it. */
function settingsOf(text: string, name: string): Settings {
  const merged = mergeUnit(name, [parseUnitFile(text, name)]);
  return (section, key) => merged.sections.get(section)?.get(key) ?? [];
}

/** The last value of a single-valued setting, or undefined. */
function last(s: Settings, section: string, key: string): string | undefined {
  const v = s(section, key);
  return v.length ? v[v.length - 1] : undefined;
}

/** A shell word as text, variables as `$NAME`. */
function wordText(w: ShellWord): string {
  return w.map((p) => ('lit' in p ? p.lit : `$${p.variable}`)).join('');
}

/** The single command a shell body runs (leading `exec` dropped), or null when it is more than one. */
export function singleCommand(body: string): string[] | null {
  const lines = body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1) return null;
  const words = shellWords(lines[0]!);
  if (!words || !words.length) return null;
  const argv = words.map(wordText);
  return argv[0] === 'exec' ? (argv.length > 1 ? argv.slice(1) : null) : argv;
}

/** The shell body an argv runs: `sh [-e] -c BODY`, or `sh [-e] FILE` of a helper script we wrote. */
function shellBody(argv: string[], scripts: Map<string, string>): string | null | undefined {
  if (!/^(ba|da)?sh$/.test(path.basename(argv[0] ?? ''))) return undefined;
  const c = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
  if (c > 0) return argv[c + 1] ?? null;
  const file = argv.slice(1).find((a) => !a.startsWith('-'));
  if (file && scripts.has(path.basename(file))) return scripts.get(path.basename(file))!;
  return undefined;
}

/** The program and argument facts of ExecStart= (the first command in effect). */
function programFacts(s: Settings, scripts: Map<string, string>): Facts {
  const first = s('Service', 'ExecStart')[0];
  if (first === undefined) return {};
  const argv = parseExecLine(first.replace(/@(\w+)@(?=\/)/g, '/$1').replace(/@\w+@/g, '')).argv;
  if (!argv.length) return { program: '(unreadable)', arguments: '(unreadable)' };
  const body = shellBody(argv, scripts);
  if (body === undefined) return { program: path.basename(argv[0]!), arguments: argumentText(argv.slice(1)) };
  const cmd = body === null ? null : singleCommand(body);
  if (!cmd) return { program: '(shell script)', arguments: '(shell script)' };
  return { program: `${path.basename(cmd[0]!)} (via shell)`, arguments: argumentText(cmd.slice(1)) };
}

/** The variable names an Environment= value assigns. */
function environmentNames(value: string): string[] {
  const words = value.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  return words.map((w) => w.replace(/^["']/, '').split('=')[0]!).filter((n) => n !== '');
}

/** Restart= reduced to whether a failed main process is restarted. */
function normaliseRestart(v: string): string {
  return ['always', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog'].includes(v) ? 'restarts' : v;
}

/** Arguments as one string, `${X}` written `$X` (systemd expands both alike). */
function argumentText(words: string[]): string {
  return words.join(' ').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');
}

/** Type= with systemd's default when absent; exec counts as simple. */
function normaliseType(s: Settings): string {
  const t = last(s, 'Service', 'Type');
  if (t === 'exec') return 'simple';
  if (t) return t;
  if (last(s, 'Service', 'BusName')) return 'dbus';
  return s('Service', 'ExecStart').length ? 'simple' : 'oneshot';
}

/** The facts one unit states (see the file's header for the definitions). */
export function unitFacts(text: string, name: string, scripts: Map<string, string> = new Map()): Facts {
  const s = settingsOf(text, name);
  const facts: Facts = programFacts(s, scripts);
  const user = last(s, 'Service', 'User');
  if (user !== undefined) facts.user = user;
  const group = last(s, 'Service', 'Group');
  if (group !== undefined) facts.group = group;
  facts.restart = normaliseRestart(last(s, 'Service', 'Restart') ?? 'no');
  facts.type = normaliseType(s);
  const wd = last(s, 'Service', 'WorkingDirectory');
  if (wd !== undefined) facts.workdir = wd.replace(/^-/, '');
  const names = [...new Set(s('Service', 'Environment').flatMap(environmentNames))].sort();
  if (s('Service', 'EnvironmentFile').length) names.push('EnvironmentFile');
  if (names.length) facts.environment = names.join(', ');
  const wanted = s('Install', 'WantedBy').flatMap((v) => v.split(/\s+/).filter(Boolean));
  if (wanted.length) facts.install = [...new Set(wanted)].sort().join(' ');
  return facts;
}

/** Which kinds a unit states explicitly (restart and type have values even when left out). */
function stated(text: string, name: string, facts: Facts): Set<FactKind> {
  const s = settingsOf(text, name);
  const kinds = new Set(Object.keys(facts) as FactKind[]);
  if (!s('Service', 'Restart').length) kinds.delete('restart');
  if (!s('Service', 'Type').length) kinds.delete('type');
  return kinds;
}

/** The facts of one pair that at least one side states, compared. */
export function compareUnits(
  job: string,
  ours: { text: string; name: string; scripts?: Map<string, string> } | null,
  maintainers: { text: string; name: string },
): FactResult[] {
  const m = unitFacts(maintainers.text, maintainers.name);
  const o = ours ? unitFacts(ours.text, ours.name, ours.scripts) : {};
  const kinds = new Set([
    ...stated(maintainers.text, maintainers.name, m),
    ...(ours ? stated(ours.text, ours.name, o) : []),
  ]);
  return FACT_KINDS.filter((k) => kinds.has(k)).map((kind) => {
    const a = ours ? (o[kind] ?? '(unset)') : '(not converted)';
    const b = m[kind] ?? '(unset)';
    const agrees = a === b || (kind === 'program' && a === `${b} (via shell)`) || (!!ours && sameIdentity(kind, o, m));
    return { job, kind, ours: a, maintainers: b, agrees };
  });
}

/** The user a unit's process runs as: User=, or root when absent (systemd's default for system units). */
export function effectiveUser(f: Facts): string {
  return f.user ?? 'root';
}

/**
 * The group a unit's process runs as: Group=, else the user's primary group, taken to be the group
 * named like the user. For root that is exact (root's primary group is root); for another user it
 * assumes the usual Debian user-private group (`adduser` makes one unless told otherwise).
 */
export function effectiveGroup(f: Facts): string {
  return f.group ?? effectiveUser(f);
}

/** Whether a user or group fact agrees once absent User=/Group= are read as systemd reads them. */
function sameIdentity(kind: FactKind, ours: Facts, maintainers: Facts): boolean {
  if (kind === 'user') return effectiveUser(ours) === effectiveUser(maintainers);
  if (kind === 'group') return effectiveGroup(ours) === effectiveGroup(maintainers);
  return false;
}

/** Counts per kind and in total (the counted kinds only). */
export function tally(facts: FactResult[], pairs: number): Comparison {
  const byKind = Object.fromEntries(FACT_KINDS.map((k) => [k, { agree: 0, total: 0 }])) as Record<FactKind, Tally>;
  const total: Tally = { agree: 0, total: 0 };
  for (const f of facts) {
    const t = byKind[f.kind];
    t.total++;
    if (f.agrees) t.agree++;
    if (!COUNTED_KINDS.includes(f.kind)) continue;
    total.total++;
    if (f.agrees) total.agree++;
  }
  return { pairs, facts, byKind, total };
}

/** `N of M facts agree (P%)`. */
export function agreementLine(t: Tally, what = 'facts'): string {
  const pct = t.total ? `${Math.round((100 * t.agree) / t.total)}%` : 'none stated';
  return `${t.agree} of ${t.total} ${what} agree (${pct})`;
}

/**
 * The text report: the total, each kind, then the differing facts grouped by kind. With a
 * classification: stale rows and unclassified differences first (loudly), the classes and the
 * ceiling under the total, and each differing fact's class and reason under it.
 */
export function renderText(c: Comparison, label: string, cls?: Classification): string {
  const out = [`${label}: ${c.pairs} pairs`, agreementLine(c.total)];
  if (cls) out.push(...summaryLines(cls, (t) => agreementLine(t)), ...alarmLines(cls));
  else
    out.push(`(differences are classified for --style ${CLASSIFIED_RUN.style} --target ${CLASSIFIED_RUN.target} only)`);
  out.push('');
  for (const k of FACT_KINDS) {
    const viaShell = c.facts.filter((f) => f.kind === k && f.agrees && f.ours.endsWith(' (via shell)')).length;
    const note = COUNTED_KINDS.includes(k)
      ? viaShell
        ? ` (${viaShell} of them via shell)`
        : ''
      : ' (not in the total)';
    out.push(`  ${k.padEnd(12)} ${agreementLine(c.byKind[k])}${note}`);
  }
  for (const k of FACT_KINDS) {
    const differing = c.facts.filter((f) => f.kind === k && !f.agrees);
    if (!differing.length) continue;
    out.push('', `${k}: ${differing.length} differ`);
    for (const f of differing) {
      out.push(`  ${f.job}: ours ${JSON.stringify(f.ours)}, maintainers ${JSON.stringify(f.maintainers)}`);
      if (cls) out.push(reasonLine(cls, f));
    }
  }
  return out.join('\n') + '\n';
}

/** A pair of the manifest: the job file and the maintainers' unit file. */
export interface Pair {
  name: string;
  job: string;
  unit: string;
}

/** The pairs of a corpus folder: MANIFEST.tsv rows with a unit path whose jobs/ and units/ files exist. */
export function readPairs(corpus: string): Pair[] {
  const rows = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
  const pairs: Pair[] = [];
  for (const row of rows) {
    const cols = row.split('\t');
    if (!cols[0] || !cols[5]) continue;
    const job = path.join(corpus, 'jobs', `${cols[0]}.conf`);
    const unit = ['service', 'target']
      .map((ext) => path.join(corpus, 'units', `${cols[0]}.${ext}`))
      .find((f) => fs.existsSync(f));
    if (unit && fs.existsSync(job)) pairs.push({ name: cols[0], job, unit });
  }
  return pairs;
}

/** A converted job of the CLI's JSON document. */
interface JsonJob {
  name: string;
  status: string;
  files?: Array<{ name: string; content: string }>;
}

/** Our main unit of a job (its first .service, else its first unit) and its helper scripts by name. */
function ourUnit(job: JsonJob | undefined): { text: string; name: string; scripts: Map<string, string> } | null {
  if (!job || job.status !== 'converted' || !job.files?.length) return null;
  const units = job.files.filter((f) => /\.(service|socket|path|target|timer)$/.test(f.name));
  const main = units.find((f) => f.name.endsWith('.service')) ?? units[0];
  if (!main) return null;
  const scripts = new Map(job.files.filter((f) => f.name.endsWith('.sh')).map((f) => [f.name, f.content]));
  return { text: main.content, name: main.name, scripts };
}

/** Converts the pairs' jobs with the CLI and compares each with its maintainers' unit. */
export function compareCorpus(pairs: Pair[], cli: string, args: string[]): Comparison {
  const run = spawnSync(process.execPath, [cli, 'convert', ...pairs.map((p) => p.job), '--format', 'json', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`convert printed nothing: ${run.stderr}`);
  const doc = JSON.parse(run.stdout) as { jobs: JsonJob[] };
  const byName = new Map(doc.jobs.map((j) => [j.name, j]));
  const facts = pairs.flatMap((p) =>
    compareUnits(p.name, ourUnit(byName.get(p.name)), {
      text: fs.readFileSync(p.unit, 'utf8'),
      name: path.basename(p.unit),
    }),
  );
  return tally(facts, pairs.length);
}

/** The value of `--name VALUE`, or the fallback. */
function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

/** Command line entry: prints the comparison, or says that the corpus is absent (exit 0). */
function main(argv: string[]): void {
  const repo = path.resolve(__dirname, '..');
  const corpus = path.resolve(option(argv, 'corpus', path.join(repo, '..', 'shared', 'corpus')));
  if (!fs.existsSync(path.join(corpus, 'MANIFEST.tsv'))) {
    process.stdout.write(`compare-maintainers: no corpus at ${corpus} (../shared/corpus); nothing to compare\n`);
    return;
  }
  const style = option(argv, 'style', 'native');
  const target = option(argv, 'target', 'debian-12');
  const extra = option(argv, 'args', '').split(' ').filter(Boolean);
  const cli = path.join(repo, 'bin', 'upstart2systemd.js');
  const result = compareCorpus(readPairs(corpus), cli, ['--style', style, '--target', target, ...extra]);
  const classified = style === CLASSIFIED_RUN.style && target === CLASSIFIED_RUN.target && !extra.length;
  const cls = classified ? classify(result, COUNTED_KINDS) : undefined;
  if (argv.includes('--json'))
    process.stdout.write(JSON.stringify({ style, target, ...result, classification: cls ?? null }, null, 2) + '\n');
  else process.stdout.write(renderText(result, `--style ${style} --target ${target}`, cls));
  if (cls && hasAlarms(cls)) {
    process.stderr.write(alarmLines(cls).join('\n') + '\n');
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv.slice(2));
