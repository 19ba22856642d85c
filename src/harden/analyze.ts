/**
 * Path and capability analysis of a job: which files and directories it writes or reads (pid and
 * log files, `mkdir -p /var/run/NAME`, data directories in arguments, `chdir`, values in `env`
 * and in /etc/default files under --root), and what it does that a sandbox would forbid (JIT
 * runtimes, devices, home directories, /tmp shared with other jobs, kernel tunables…).
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { RootFs } from '../convert/context';
import type { UpstartJob } from '../upstart/job';

/** One place the job uses a path. */
export interface PathUse {
  path: string;
  write: boolean;
  pos: SourcePos;
}

/** A capability the job needs that some sandbox directive removes, and where it showed. */
export interface NeedUse {
  what: string;
  pos: SourcePos;
}

/** What the job touches, grouped the way systemd's sandbox options are. */
export interface JobAnalysis {
  /** Directory names under /run (RuntimeDirectory=), /var/lib, /var/cache, /var/log, /etc. */
  runtimeDirs: string[];
  stateDirs: string[];
  cacheDirs: string[];
  logsDirs: string[];
  configDirs: string[];
  /** Other paths written, outside the managed directories (ReadWritePaths=). */
  writable: PathUse[];
  /** Paths read under trees a profile may hide (BindReadOnlyPaths=). */
  read: PathUse[];
  /** Writes that need a whole shared directory (/run, /var/log, /etc…) writable. */
  broad: PathUse[];
  /** Paths that could not be resolved (a variable with no known value). */
  unknown: PathUse[];
  home: PathUse[];
  devices: PathUse[];
  tmp: PathUse[];
  /** Other jobs of the batch that use the same /tmp paths. */
  sharesTmpWith: string[];
  /** For each runtime directory name, the other jobs of the batch that use /run/NAME too. */
  sharedRuntimeWith: Record<string, string[]>;
  jit?: NeedUse;
  needs: Record<
    | 'setuid-binary'
    | 'kernel-modules'
    | 'kernel-tunables'
    | 'clock'
    | 'mount'
    | 'netlink'
    | 'hostname'
    | 'namespaces'
    | 'realtime'
    | 'kernel-logs',
    NeedUse[]
  >;
}

/** Device nodes every sandbox keeps (PrivateDevices= provides them). */
const HARMLESS_DEVICES =
  /^\/dev\/(null|zero|full|random|urandom|tty|stdin|stdout|stderr|fd(\/.*)?|log|shm(\/.*)?|pts(\/.*)?|mqueue(\/.*)?)$/;
/** Words on a line that mean the paths on it are written. */
const WRITE_VERBS =
  /(^|[\s;&|({/])(mkdir|touch|chown|chmod|chgrp|rm|rmdir|mv|cp|ln|tee|install|truncate|mkfifo|mknod|sed\s+-i)\b|>>?\s*["']?\//;
/** Options whose argument is a file the program writes. */
const WRITE_OPTIONS =
  /--?(pid-?file|log-?file|logfile|log|data-?dir|datadir|state-?dir|cache-?dir|db|database|socket|sock|output|out|spool|work-?dir|home|textfile-dir|status-dir|dir|var-?dir|run-?dir|tmp-?dir)\b/i;
/** Programs that JIT-compile (MemoryDenyWriteExecute= breaks them). */
const JIT = /(^|[\s/;&|])(node|nodejs|java|mono|luajit|pypy3?|dotnet|beam\.smp|erl|php-fpm|ruby)(\s|$)/m;

const NEEDS: Array<[keyof JobAnalysis['needs'], RegExp]> = [
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

/** Analyses a job (and its defaults files under --root) for the paths and powers it needs. */
export function analyzeJob(job: UpstartJob, root: RootFs, batch: ReadonlyMap<string, UpstartJob>): JobAnalysis {
  const a: JobAnalysis = {
    runtimeDirs: [],
    stateDirs: [],
    cacheDirs: [],
    logsDirs: [],
    configDirs: [],
    writable: [],
    read: [],
    broad: [],
    unknown: [],
    home: [],
    devices: [],
    tmp: [],
    sharesTmpWith: [],
    sharedRuntimeWith: {},
    needs: {
      'setuid-binary': [],
      'kernel-modules': [],
      'kernel-tunables': [],
      clock: [],
      mount: [],
      netlink: [],
      hostname: [],
      namespaces: [],
      realtime: [],
      'kernel-logs': [],
    },
  };
  const lines = jobLines(job, root);
  const vars = knownVariables(lines, job);
  const add = (list: string[], name: string): void => {
    if (!list.includes(name)) list.push(name);
  };
  const pathsIn = (text: string): string[] =>
    [...text.matchAll(/(?<![\w$.~-])\/[A-Za-z0-9._@%+\-/${}]*/g)].map((m) => m[0]!.replace(/\/+$/, '') || '/');

  const use = (raw: string, write: boolean, pos: SourcePos): void => {
    let p = raw.replace(/\/\.?$/, '');
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
    const managed: Array<[string, string[]]> = [
      ['/run', a.runtimeDirs],
      ['/var/lib', a.stateDirs],
      ['/var/cache', a.cacheDirs],
      ['/var/log', a.logsDirs],
    ];
    for (const [base, list] of managed) {
      const d = underDir(p, base);
      if (d === undefined) continue;
      if (d === null) {
        if (write) a.broad.push({ path: p, write, pos });
        return;
      }
      if (write || base !== '/var/log') add(list, d);
      return;
    }
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
    if (write) {
      if (!a.writable.some((w) => w.path === p)) a.writable.push({ path: p, write, pos });
    } else if (!a.read.some((r) => r.path === p)) {
      a.read.push({ path: p, write, pos });
    }
  };

  for (const line of lines) {
    const text = substitute(line.text.replace(/#.*$/, ''), vars);
    const writesHere = WRITE_VERBS.test(text);
    for (const p of pathsIn(text)) {
      const before = text.slice(0, text.indexOf(p));
      const optionWrite = WRITE_OPTIONS.test(before.split(/\s+/).slice(-2).join(' '));
      const dataArea = /^\/(var\/(lib|log|cache|spool|run)|run|srv|tmp|var\/tmp)\//.test(p);
      use(p, writesHere || optionWrite || dataArea, line.pos);
    }
    for (const m of text.matchAll(/(^|[\s="'])\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?(\/[\w./-]*)?/g)) {
      const before = text.slice(0, m.index);
      const isPath = m[3] !== undefined || WRITE_OPTIONS.test(before.split(/\s+/).slice(-2).join(' '));
      if (isPath && !['MAINPID', 'UPSTART_JOB', 'UPSTART_INSTANCE', 'HOME'].includes(m[2]!))
        a.unknown.push({ path: `$${m[2]}${m[3] ?? ''}`, write: true, pos: line.pos });
    }
    for (const [need, re] of NEEDS)
      if (re.test(text)) a.needs[need].push({ what: (re.exec(text)?.[0] ?? '').trim(), pos: line.pos });
  }
  if (job.chdir) use(job.chdir.value, true, job.chdir.pos);
  if (job.limit.rtprio) a.needs.realtime.push({ what: 'limit rtprio', pos: job.limit.rtprio.pos });

  const main = job.process.main?.value.text ?? '';
  const jit = JIT.exec(
    main
      .split('\n')
      .filter((l) => /\bexec\b/.test(l) || job.process.main?.value.kind === 'exec')
      .join('\n') || main,
  );
  if (jit) a.jit = { what: jit[2]!, pos: job.process.main!.pos };

  for (const d of a.runtimeDirs) {
    const re = new RegExp(`/(var/)?run/${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|\\b)`);
    for (const [name, other] of batch) {
      if (name === job.name) continue;
      const text =
        Object.values(other.process)
          .map((p) => p!.value.text)
          .join('\n') + other.env.map((e) => e.value).join('\n');
      if (re.test(text)) (a.sharedRuntimeWith[d] ??= []).push(name);
    }
  }
  const mine = new Set(a.tmp.map((t) => t.path));
  if (mine.size) {
    for (const [name, other] of batch) {
      if (name === job.name) continue;
      const text =
        Object.values(other.process)
          .map((p) => p!.value.text)
          .join('\n') + other.env.map((e) => e.value).join('\n');
      if ([...mine].some((p) => p !== '/tmp' && p !== '/var/tmp' && text.includes(p))) a.sharesTmpWith.push(name);
    }
  }
  return a;
}
