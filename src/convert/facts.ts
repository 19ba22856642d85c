/**
 * Facts about a job for later stages (src/model/facts.ts): which files and directories it writes
 * or reads (pid and log files, `mkdir -p /var/run/NAME`, data directories in arguments, `chdir`,
 * values in `env` and in /etc/default files under --root), what it does that a sandbox would
 * forbid (JIT runtimes, devices, home directories, kernel tunables…) and which stanzas it had.
 * What it shares with the other jobs of its batch is found by shared-facts.ts.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import { type Need, type ServiceFacts, emptyFacts } from '../model/facts';
import type { UpstartJob } from '../upstart/job';
import type { RootFs } from './context';
import { firstIndexes } from './text-index';

export { shareFacts } from './shared-facts';

/** Device nodes every sandbox keeps (PrivateDevices= provides them). */
const HARMLESS_DEVICES =
  /^\/dev\/(null|zero|full|random|urandom|tty|stdin|stdout|stderr|fd(\/.*)?|log|shm(\/.*)?|pts(\/.*)?|mqueue(\/.*)?)$/;
/** Words on a line that mean the paths on it are written. */
const WRITE_VERBS =
  /(^|[\s;&|({/])(mkdir|touch|chown|chmod|chgrp|rm|rmdir|mv|cp|ln|tee|install|truncate|mkfifo|mknod|sed\s+-i)\b|>>?\s*["']?\//;
/** Options whose argument is a file the program writes. */
const WRITE_OPTIONS = new RegExp(
  '--?(' +
    [
      'pid-?file',
      'log-?file',
      'logfile',
      'log',
      'data-?dir',
      'datadir',
      'state-?dir',
      'cache-?dir',
      'db',
      'database',
      'socket',
      'sock',
      'output',
      'out',
      'spool',
      'work-?dir',
      'home',
      'textfile-dir',
      'status-dir',
      'dir',
      'var-?dir',
      'run-?dir',
      'tmp-?dir',
    ].join('|') +
    ')\\b',
  'i',
);
/** Programs that JIT-compile (MemoryDenyWriteExecute= breaks them). */
const JIT = /(^|[\s/;&|])(node|nodejs|java|mono|luajit|pypy3?|dotnet|beam\.smp|erl|php-fpm|ruby)(\s|$)/m;

/** Commands that show a need, by need. */
export const NEEDS: ReadonlyArray<[Need, RegExp]> = [
  ['setuid-binary', /(^|[\s;&|(/])(su|sudo|ping|ping6|newgrp|passwd|pkexec|fusermount|chsh|chfn)\s/m],
  ['kernel-modules', /(^|[\s;&|(/])(modprobe|insmod|rmmod)\s/m],
  ['kernel-tunables', /(^|[\s;&|(/])sysctl\s+-w|\/proc\/sys\//m],
  ['clock', /(^|[\s;&|(/])(hwclock|ntpdate|adjtimex|timedatectl|date\s+-s)\b/m],
  ['mount', /(^|[\s;&|(/])(mount|umount|swapon|swapoff|losetup)\s/m],
  ['netlink', /(^|[\s;&|(/])(ip|ifup|ifdown|iptables|ip6tables|tc|dhclient|brctl|iw|ethtool|ifconfig|route)\s/m],
  ['hostname', /(^|[\s;&|(/])hostname\s+(?!-)\S/m],
  ['namespaces', /(^|[\s;&|(/])(unshare|nsenter|lxc-\w+|docker|ip\s+netns)\b/m],
  ['realtime', /(^|[\s;&|(/])chrt\s/m],
  ['kernel-logs', /(^|[\s;&|(/])dmesg\b|\/dev\/kmsg|\/proc\/kmsg/m],
];

/** Any of NEEDS (a line matches it exactly when it matches one of them): most lines match none, and skip the ten. */
const ANY_NEED = new RegExp(NEEDS.map(([, re]) => `(?:${re.source})`).join('|'), 'm');

/** A job's text to scan, line by line, with the position of each line. */
interface Line {
  text: string;
  pos: SourcePos;
}

/** Lines of every process, env stanza, chdir and of the defaults files the job sources. */
function jobLines(job: UpstartJob, root: RootFs): Line[] {
  const out: Line[] = [];
  for (const p of Object.values(job.process)) {
    if (!p) continue;
    if (p.value.kind === 'exec') out.push({ text: p.value.text, pos: p.pos });
    else
      p.value.text
        .split('\n')
        .forEach((t, i) => out.push({ text: t, pos: { ...p.pos, line: p.pos.line + 1 + i, column: 1 } }));
  }
  for (const e of job.env) out.push({ text: e.value.slice(e.value.indexOf('=') + 1), pos: e.pos });
  const sourced = new Set(
    Object.values(job.process).flatMap((p) =>
      [...(p?.value.text ?? '').matchAll(/(?:^|\s)\.\s+(\/etc\/default\/\S+)/gm)].map((m) => m[1]!),
    ),
  );
  for (const file of sourced) {
    const text = root.readText(file);
    if (text)
      text.split('\n').forEach((t, i) => out.push({ text: t, pos: { file, line: i + 1, column: 1, offset: 0 } }));
  }
  return out;
}

/** Known variable values: `env` stanzas and assignments in the scripts and defaults files. */
function knownVariables(lines: Line[], job: UpstartJob): Map<string, string> {
  const vars = new Map<string, string>();
  for (const e of job.env) {
    const eq = e.value.indexOf('=');
    if (eq > 0) vars.set(e.value.slice(0, eq), e.value.slice(eq + 1));
  }
  for (const l of lines) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=["']?([^"'\s;]*)["']?\s*$/.exec(l.text);
    if (m && m[2]!.startsWith('/')) vars.set(m[1]!, m[2]!);
  }
  return vars;
}

/** Replaces `$VAR`/`${VAR}` with known values; unknown ones stay. */
function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => vars.get(name) ?? m);
}

/** The first directory below a base (`/var/lib/grebe/x.db` under /var/lib → `grebe`), if any. */
function underDir(path: string, base: string): string | null | undefined {
  if (!path.startsWith(base + '/')) return undefined;
  const rest = path.slice(base.length + 1);
  const first = rest.split('/')[0]!;
  if (!first) return undefined;
  return rest.includes('/') || !/\.[a-z0-9]+$/i.test(first) ? first : null; // null: a file directly in base
}

/** Stanza names present in a job, for `has:`/`missing:` conditions. */
function stanzasOf(job: UpstartJob): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(job)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (k === 'process') for (const p of Object.keys(v as object)) out.add(p === 'main' ? 'exec' : p);
    else if (k === 'limit') for (const r of Object.keys(v as object)) out.add(`limit ${r}`);
    else out.add(k.replace(/_/g, ' '));
    if (k === 'limit' && Object.keys(v as object).length) out.add('limit');
  }
  return out;
}

/** Records one path the job uses in the list systemd's sandbox options group it in. */
function usePath(a: ServiceFacts, raw: string, write: boolean, pos: SourcePos): void {
  // `/` and `/.` stay the root (not an empty path)
  let p = raw.replace(/\/\.?$/, '') || '/';
  // a path a unit's path list cannot hold (line breaks, control characters, backslashes) is named, not used
  if (/[\\\x00-\x1f\x7f]/.test(p)) {
    a.unknown.push({ path: raw, write, pos });
    return;
  }
  if (p.includes('$')) {
    const fixed = p.slice(0, p.indexOf('$'));
    const dir = fixed.slice(0, fixed.lastIndexOf('/'));
    if (dir.split('/').length < 3 || /^\/(var|run|etc|srv|home)$/.test(dir)) {
      a.unknown.push({ path: raw, write, pos });
      return;
    }
    p = dir; // the directory before the variable part is fixed
  }
  if (p === '/var/run' || p.startsWith('/var/run/')) p = '/run' + p.slice(8);
  if (/^\/(proc|sys)(\/|$)/.test(p) || p === '/') return;
  if (p.startsWith('/dev/')) {
    if (!HARMLESS_DEVICES.test(p)) a.devices.push({ path: p, write, pos });
    return;
  }
  if (/^\/(home|root)(\/|$)/.test(p)) {
    a.home.push({ path: p, write, pos });
    return;
  }
  if (/^\/(var\/)?tmp(\/|$)/.test(p)) {
    a.tmp.push({ path: p, write, pos });
    return;
  }
  if (!useManaged(a, p, write, pos)) useOther(a, p, write, pos);
}

/**
 * What each list of the job's facts being found holds already, so adding once costs O(1) (a job
 * may name 100,000 paths); emptied when the job's facts are found (the lists are complete then).
 */
const HELD = new Map<unknown[], Set<string>>();

/** Adds an item to a list unless one with the same key is there. */
function addOnce<T>(list: T[], key: string, item: T, keyOf: (x: T) => string): void {
  let held = HELD.get(list);
  if (!held) HELD.set(list, (held = new Set(list.map(keyOf))));
  if (held.has(key)) return;
  held.add(key);
  list.push(item);
}

/** Adds a name to a list once. */
function add(list: string[], name: string): void {
  addOnce(list, name, name, (x) => x);
}

/** The directories systemd manages, and the list of the facts each one's folders go into. */
const MANAGED: ReadonlyArray<readonly [string, 'runtimeDirs' | 'stateDirs' | 'cacheDirs' | 'logsDirs']> = [
  ['/run', 'runtimeDirs'],
  ['/var/lib', 'stateDirs'],
  ['/var/cache', 'cacheDirs'],
  ['/var/log', 'logsDirs'],
];

/** A path under a directory systemd manages (/run, /var/lib, /var/cache, /var/log); false when it is not. */
function useManaged(a: ServiceFacts, p: string, write: boolean, pos: SourcePos): boolean {
  for (const [base, key] of MANAGED) {
    const list = a[key];
    const d = underDir(p, base);
    if (d === undefined) continue;
    if (d === null) {
      if (write) a.broad.push({ path: p, write, pos });
      return true;
    }
    if (write || base !== '/var/log') add(list, d);
    return true;
  }
  return false;
}

/** A path under /etc, the system's own trees, or anywhere else. */
function useOther(a: ServiceFacts, p: string, write: boolean, pos: SourcePos): void {
  if (p.startsWith('/etc/')) {
    if (write) a.broad.push({ path: p, write, pos });
    else {
      const d = underDir(p, '/etc');
      if (d) add(a.configDirs, d);
    }
    return;
  }
  if (/^\/(usr|bin|sbin|lib|lib32|lib64|boot)(\/|$)/.test(p)) {
    if (write) a.broad.push({ path: p, write, pos });
    return;
  }
  addOnce(write ? a.writable : a.read, p, { path: p, write, pos }, (x) => x.path);
}

/** The absolute paths written on a line. */
function pathsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w$.~-])\/[A-Za-z0-9._@%+\-/${}]*/g)].map((m) => m[0]!.replace(/\/+$/, '') || '/');
}

/** Whether a character is one `\s` matches (JavaScript's white space and line terminators). */
function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** `text.slice(0, pos).split(/\s+/).slice(-2).join(' ')`, found by scanning back from `pos` (nothing split). */
export function lastTwoWords(text: string, pos: number): string {
  let a = pos;
  while (a > 0 && !isSpace(text.charCodeAt(a - 1))) a--;
  const last = text.slice(a, pos);
  if (a === 0) return last;
  let b = a;
  while (b > 0 && isSpace(text.charCodeAt(b - 1))) b--;
  let c = b;
  while (c > 0 && !isSpace(text.charCodeAt(c - 1))) c--;
  return `${text.slice(c, b)} ${last}`;
}

/**
 * Whether a write option (WRITE_OPTIONS) is among the last two blank-separated words before `pos`
 * — `WRITE_OPTIONS.test(text.slice(0, pos).split(/\s+/).slice(-2).join(' '))`, asked for positions
 * of a `/`, `=`, quote or blank. On a long line the words are indexed once, so asking for each of
 * its 100,000 paths costs O(line) in all instead of O(line) each.
 */
export function optionBefore(text: string): (pos: number) => boolean {
  if (text.length < 512) return (pos) => WRITE_OPTIONS.test(lastTwoWords(text, pos));
  const words: Array<{ start: number; end: number; option: number }> = [];
  for (const m of text.matchAll(/\S+/g)) {
    const o = WRITE_OPTIONS.exec(m[0]);
    words.push({ start: m.index, end: m.index + m[0].length, option: o ? m.index + o.index : Infinity });
  }
  return (pos) => {
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]!.start < pos) lo = mid + 1;
      else hi = mid;
    }
    const last = words[lo - 1];
    if (!last) return false;
    const previous = words[lo - 2];
    // an option cannot take in the character at pos, so the part of a word before it holds one
    // exactly when the whole word's first one starts before pos
    const inLast = last.end > pos ? last.option < pos : last.option < Infinity;
    return inLast || (last.end >= pos && previous !== undefined && previous.option < Infinity);
  };
}

/** The paths of a line made of variables the job does not set (`$DIR/x`, or after a write option). */
function unknownPaths(a: ServiceFacts, line: Line, text: string, optionAt: (pos: number) => boolean): void {
  for (const m of text.matchAll(/(^|[\s="'])\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?(\/[\w./-]*)?/g)) {
    const isPath = m[3] !== undefined || optionAt(m.index);
    if (isPath && !['MAINPID', 'UPSTART_JOB', 'UPSTART_INSTANCE', 'HOME'].includes(m[2]!))
      a.unknown.push({ path: `$${m[2]}${m[3] ?? ''}`, write: true, pos: line.pos });
  }
}

/** One line of the job: the paths it uses (written or read), the variables it cannot resolve, its needs. */
function scanLine(a: ServiceFacts, line: Line, vars: Map<string, string>): void {
  // what a line without a comment, a `$` or a `/` cannot hold is not looked for
  const uncommented = line.text.includes('#') ? line.text.replace(/#.*$/, '') : line.text;
  const text = uncommented.includes('$') ? substitute(uncommented, vars) : uncommented;
  const paths = text.includes('/') ? pathsIn(text) : [];
  const dollar = text.includes('$');
  if (paths.length || dollar) {
    const writesHere = WRITE_VERBS.test(text);
    const firstAt = firstIndexes(text, paths);
    const optionAt = optionBefore(text);
    for (const p of paths) {
      const optionWrite = optionAt(firstAt.get(p)!);
      const dataArea = /^\/(var\/(lib|log|cache|spool|run)|run|srv|tmp|var\/tmp)\//.test(p);
      usePath(a, p, writesHere || optionWrite || dataArea, line.pos);
    }
    if (dollar) unknownPaths(a, line, text, optionAt);
  }
  for (const [need, what] of needsIn(text)) a.needs[need].push({ what, pos: line.pos });
}

/** The powers a line of shell shows it needs (NEEDS), each with what showed it. */
export function needsIn(text: string): Array<[Need, string]> {
  if (!ANY_NEED.test(text)) return [];
  const found: Array<[Need, string]> = [];
  for (const [need, re] of NEEDS) if (re.test(text)) found.push([need, (re.exec(text)?.[0] ?? '').trim()]);
  return found;
}

/** The JIT runtime the main process runs (the exec line, or the script's exec lines), if any. */
function jitOf(job: UpstartJob): ServiceFacts['jit'] {
  const main = job.process.main?.value.text ?? '';
  const jit = JIT.exec(
    main
      .split('\n')
      .filter((l) => /\bexec\b/.test(l) || job.process.main?.value.kind === 'exec')
      .join('\n') || main,
  );
  return jit ? { what: jit[2]!, pos: job.process.main!.pos } : undefined;
}

/**
 * The facts of one job (and its defaults files under --root): its stanzas and process text, the
 * paths and powers it needs. What it shares with other jobs is left to `shareFacts`.
 */
export function jobFacts(job: UpstartJob, root: RootFs): ServiceFacts {
  const a = emptyFacts(job.name, job.file);
  a.stanzas = [...stanzasOf(job)];
  a.text = Object.values(job.process)
    .map((p) => p!.value.text)
    .join('\n');
  a.env = job.env.map((e) => e.value);
  a.hasMainProcess = Boolean(job.process.main);
  a.isTask = Boolean(job.task);
  a.setsGroup = Boolean(job.setgid);
  const lines = jobLines(job, root);
  const vars = knownVariables(lines, job);
  try {
    for (const line of lines) scanLine(a, line, vars);
    if (job.chdir) usePath(a, job.chdir.value, true, job.chdir.pos);
  } finally {
    HELD.clear();
  }
  if (job.limit.rtprio) a.needs.realtime.push({ what: 'limit rtprio', pos: job.limit.rtprio.pos });
  const jit = jitOf(job);
  if (jit) a.jit = jit;
  return a;
}
