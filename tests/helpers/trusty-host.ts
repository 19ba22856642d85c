/**
 * A Trusty-like host for the collect script: buildTrustyRoot lays out examples/trusty with what a
 * stock Ubuntu 14.04 adds around the jobs (users, groups, lsb-release, /etc/init.d, daemon stubs,
 * and fake `init`, `initctl` and `dpkg` printing what Upstart 1.12.1 and dpkg print), and
 * collectTarball runs the collect script inside it as `/` (a mount namespace and chroot), under
 * dash with the host's tools or under a static busybox, and returns the tarball it wrote.
 * Used by tests/collect/ and by the migration e2e.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { writeCollectScript } from '../../src/pipeline';

const run = promisify(execFile);

/** The example root the host is built from. */
export const TRUSTY_EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'trusty');

/** The shells the script is proved under: dash (Ubuntu's /bin/sh) with the host's tools, or busybox alone. */
export type CollectShell = 'dash' | 'busybox';

/** What the fake host says about itself (defaults: Trusty-like, every job's user present). */
export interface TrustyHostOptions {
  /** User names of /etc/passwd. */
  users?: readonly string[];
  /** Group names of /etc/group. */
  groups?: readonly string[];
  /** `dpkg -S` output lines (`pkg: /etc/init/x.conf`); null: no dpkg on the host. */
  dpkg?: readonly string[] | null;
  /** `initctl list` output lines. */
  initctl?: readonly string[];
  /** What `init --version` prints first. */
  initVersion?: string;
}

/** Trusty's system users, and those the example jobs run as. */
export const TRUSTY_USERS = [
  'root',
  'daemon',
  'bin',
  'sys',
  'sync',
  'games',
  'man',
  'lp',
  'mail',
  'news',
  'uucp',
  'proxy',
  'www-data',
  'backup',
  'list',
  'irc',
  'gnats',
  'nobody',
  'libuuid',
  'syslog',
  'messagebus',
  'sshd',
  'brindle',
  'cobalt',
  'larkspur',
  'tallow',
];

/** Trusty's system groups, and those the example jobs use. */
export const TRUSTY_GROUPS = [
  'root',
  'daemon',
  'bin',
  'sys',
  'adm',
  'tty',
  'disk',
  'lp',
  'mail',
  'news',
  'uucp',
  'man',
  'proxy',
  'kmem',
  'dialout',
  'cdrom',
  'sudo',
  'www-data',
  'backup',
  'list',
  'irc',
  'src',
  'gnats',
  'shadow',
  'utmp',
  'staff',
  'users',
  'nogroup',
  'libuuid',
  'syslog',
  'messagebus',
  'brindle',
  'larkspur',
  'cobalt',
];

/** Packages owning job files: two example daemons whose packages ship units (in lib/systemd/system). */
export const TRUSTY_DPKG = [
  'upstart, mountall: /etc/init',
  'fennel-proxyd: /etc/init/fennel-proxyd.conf',
  'cobalt-kvd: /etc/init/cobalt-kvd.conf',
  'upstart: /etc/init/tty1.conf',
  'cron: /etc/init/cron.conf',
  'diversion by fennel-proxyd from: /etc/init/fennel-proxyd.conf',
];

/** What `initctl list` prints: which example jobs (and instances) run. */
export const TRUSTY_INITCTL = [
  'acme-relayd start/running, process 1021',
  'brindle-queues stop/waiting',
  'brindle-worker (default) start/running, process 1130',
  'brindle-worker (mail) start/running, process 1131',
  'cobalt-kvd start/running, process 1002',
  'fennel-proxyd start/running, process 1040',
  'grebe-monitord start/running, process 1050',
  'heron-backupd stop/waiting',
  'larkspur-indexd start/running, process 1060',
  'marten-exporter stop/waiting',
  'net/sable-tunneld start/running, process 1070',
  'ossory-syncd stop/waiting',
  'pewter-gatewayd start/running, process 1080',
  'plover-statusd stop/waiting',
  'quill-spoold start/running, process 1090',
  'tallow-cached start/running, process 1100',
  'tallow-warmup stop/waiting',
];

/** Writes a file (and its folders) under the root. */
function put(root: string, rel: string, text: string, mode = 0o644): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text, { mode });
  fs.chmodSync(p, mode);
}

/** A shell script that prints fixed lines for one argument pattern, and fails otherwise. */
function fake(name: string, cases: ReadonlyArray<[string, readonly string[]]>): string {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const arms = cases.map(([pattern, lines]) => `  ${quote(pattern)}) printf '%s\\n' ${lines.map(quote).join(' ')} ;;`);
  return (
    `#!/bin/sh\n# fake ${name} of a Trusty host (upstart2systemd tests)\ncase "$*" in\n${arms.join('\n')}\n` +
    `  *) echo "${name}: not faked: $*" >&2; exit 1 ;;\nesac\n`
  );
}

/** The absolute programs the example jobs exec (so the host has its daemons, as stubs). */
function daemonPaths(): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bexec (\/[\w./-]+)/g)) found.add(m[1]!);
    }
  };
  walk(path.join(TRUSTY_EXAMPLE, 'etc', 'init'));
  return [...found].sort();
}

/**
 * Lays out a Trusty-like root in `dir` (created if missing): examples/trusty's /etc and /lib,
 * /etc/passwd, /etc/shadow (hashes the script must not collect), /etc/group, /etc/lsb-release,
 * /etc/init.d (a job's symlink to /lib/init/upstart-job, which is outside the collected trees),
 * daemon stubs, and fake /sbin/init, /sbin/initctl and /usr/bin/dpkg.
 */
export function buildTrustyRoot(dir: string, opts: TrustyHostOptions = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(TRUSTY_EXAMPLE, 'etc'), path.join(dir, 'etc'), { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(TRUSTY_EXAMPLE, 'lib'), path.join(dir, 'lib'), { recursive: true, verbatimSymlinks: true });
  const users = opts.users ?? TRUSTY_USERS;
  put(
    dir,
    'etc/passwd',
    // root's entry holds a hash, as on a host without shadow passwords: the script must not collect it
    users
      .map((u, i) => {
        const pw = i === 0 ? '$6$SALTsalt$NOTAREALHASHinPASSWD' : 'x';
        return `${u}:${pw}:${i === 0 ? 0 : 100 + i}:${100 + i}:${u}:/var/lib/${u}:/bin/false\n`;
      })
      .join(''),
  );
  put(
    dir,
    'etc/shadow',
    users.map((u) => `${u}:$6$SALTsalt$NOTAREALHASHbutSECRETanyway:16000:0:99999:7:::\n`).join(''),
    0o640,
  );
  const groups = opts.groups ?? TRUSTY_GROUPS;
  put(dir, 'etc/group', groups.map((g, i) => `${g}:x:${i === 0 ? 0 : 100 + i}:\n`).join(''));
  put(
    dir,
    'etc/lsb-release',
    'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=14.04\nDISTRIB_CODENAME=trusty\nDISTRIB_DESCRIPTION="Ubuntu 14.04.6 LTS"\n',
  );
  put(dir, 'etc/hostname', 'trusty-host\n');
  put(
    dir,
    'etc/init.d/rc.local',
    '#! /bin/sh\n### BEGIN INIT INFO\n# Provides: rc.local\n### END INIT INFO\nexit 0\n',
    0o755,
  );
  fs.mkdirSync(path.join(dir, 'lib', 'init'), { recursive: true });
  put(dir, 'lib/init/upstart-job', '#!/bin/sh -e\n# Upstart jobs called through /etc/init.d\nexit 0\n', 0o755);
  fs.symlinkSync('/lib/init/upstart-job', path.join(dir, 'etc', 'init.d', 'fennel-proxyd'));
  for (const d of daemonPaths())
    put(dir, d.slice(1), '#!/bin/sh\n# stub of a Trusty daemon (upstart2systemd tests)\nexit 0\n', 0o755);
  const version = opts.initVersion ?? 'init (upstart 1.12.1)';
  put(
    dir,
    'sbin/init',
    fake('init', [['--version', [version, 'Copyright (C) 2006-2014 Canonical Ltd., 2011 Scott James Remnant']]]),
    0o755,
  );
  put(dir, 'sbin/initctl', fake('initctl', [['list', opts.initctl ?? TRUSTY_INITCTL]]), 0o755);
  const dpkg = opts.dpkg === undefined ? TRUSTY_DPKG : opts.dpkg;
  if (dpkg !== null) put(dir, 'usr/bin/dpkg', fake('dpkg', [['-S /etc/init/*', dpkg]]), 0o755);
  for (const d of ['tmp', 'dev', 'out']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.chmodSync(path.join(dir, 'tmp'), 0o1777);
}

/** Whether an ELF file is static (no PT_INTERP program header): a chroot needs no libraries for it. */
function isStaticElf(file: string): boolean {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return false; // 64-bit ELF only
  const [phoff, phentsize, phnum] = [Number(b.readBigUInt64LE(0x20)), b.readUInt16LE(0x36), b.readUInt16LE(0x38)];
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) return false;
  return true;
}

/** The first of some paths that exists. */
function firstExisting(...paths: string[]): string | undefined {
  return paths.find((p) => fs.existsSync(p));
}

/** Why the script cannot be run under `shell` here (not root, no unshare/chroot, shell missing), or undefined. */
export function collectUnavailable(shell: CollectShell): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (chroot and a mount namespace)';
  for (const tool of ['unshare', 'chroot', 'mount'])
    if (!firstExisting(`/usr/bin/${tool}`, `/usr/sbin/${tool}`, `/bin/${tool}`, `/sbin/${tool}`))
      return `${tool} is missing (Debian package util-linux/coreutils)`;
  if (shell === 'dash') {
    if (!firstExisting('/bin/dash', '/usr/bin/dash')) return 'dash is missing (Debian package dash)';
    if (!fs.existsSync('/lib64') || !fs.existsSync('/lib/x86_64-linux-gnu')) return 'needs an x86_64 Debian host';
    return undefined;
  }
  const busybox = firstExisting('/bin/busybox', '/usr/bin/busybox');
  if (!busybox) return 'busybox is missing (Debian package busybox-static)';
  if (!isStaticElf(busybox)) return `${busybox} is not static (install busybox-static)`;
  return undefined;
}

/** Programs of the machine running the tests that the fake host provides (or lacks) itself. */
const HOST_OWN = ['dpkg', 'dpkg-query', 'init', 'initctl', 'telinit'];

/** The busybox applets made into /bin, all but those the fake host provides itself. */
async function busyboxBin(root: string): Promise<void> {
  const busybox = firstExisting('/bin/busybox', '/usr/bin/busybox')!;
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.copyFileSync(busybox, path.join(bin, 'busybox'));
  fs.chmodSync(path.join(bin, 'busybox'), 0o755);
  const { stdout } = await run(busybox, ['--list']);
  for (const applet of stdout.split('\n').filter(Boolean)) {
    if ([...HOST_OWN, 'dpkg-deb', 'busybox'].includes(applet) || applet.includes('/')) continue;
    const p = path.join(bin, applet);
    if (!fs.existsSync(p)) fs.symlinkSync('busybox', p);
  }
}

/**
 * The mount points dash's layer needs: the host's /bin (dash, coreutils, tar…) at /host-bin, its
 * libraries and loader where the loader looks for them.
 */
const DASH_MOUNTS: ReadonlyArray<[string, string]> = [
  ['/bin', '/host-bin'],
  ['/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu'],
  ['/lib64', '/lib64'],
];

/** /bin of the root for dash: a link to each of the host's /bin programs (remove one to hide it). */
function dashBin(root: string): void {
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const name of fs.readdirSync('/bin')) {
    if (HOST_OWN.includes(name)) continue;
    const p = path.join(bin, name);
    if (!fs.existsSync(p) && !isLink(p)) fs.symlinkSync(`/host-bin/${name}`, p);
  }
}

/** Whether a path is a symlink (dangling ones included). */
function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** What one run of the script gave. */
export interface CollectRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the collect script (as `collect -o` writes it) inside `root` as `/`: a private mount
 * namespace with /dev (and for dash the host's /bin and libraries) bound in, then chroot, under
 * `shell`, with `args`; `user` runs it as another uid:gid (chroot --userspec).
 */
export async function runCollectScript(
  root: string,
  opts: { shell?: CollectShell; args?: readonly string[]; user?: string } = {},
): Promise<CollectRun> {
  const shell = opts.shell ?? 'dash';
  const why = collectUnavailable(shell);
  if (why) throw new Error(`cannot run the collect script: ${why}`);
  const script = path.join(root, 'upstart2systemd-collect.sh');
  const written = writeCollectScript(script, true);
  if (written.status !== 'written' && written.status !== 'unchanged') throw new Error(`collect -o: ${written.status}`);
  const mounts = shell === 'dash' ? DASH_MOUNTS : [];
  if (shell === 'busybox' && !fs.existsSync(path.join(root, 'bin', 'busybox'))) await busyboxBin(root);
  if (shell === 'dash' && !isLink(path.join(root, 'bin', 'dash'))) dashBin(root);
  for (const [, at] of mounts) fs.mkdirSync(path.join(root, at), { recursive: true });
  const argv = shell === 'dash' ? ['/bin/dash'] : ['/bin/busybox', 'sh'];
  const inner =
    'set -e; R=$1; U=$2; shift 2; mount --bind /dev "$R/dev"; ' +
    mounts.map(([from, at]) => `mount --bind '${from}' "$R${at}"; `).join('') +
    'if [ -n "$U" ]; then exec chroot --userspec="$U" "$R" "$@"; fi; exec chroot "$R" "$@"';
  const cmd = ['-m', '--propagation', 'private', 'sh', '-c', inner, 'sh', root, opts.user ?? ''];
  try {
    const { stdout, stderr } = await run(
      'unshare',
      [...cmd, ...argv, '/upstart2systemd-collect.sh', ...(opts.args ?? [])],
      {
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
        cwd: '/',
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 127, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/**
 * Runs the collect script inside `root` (runCollectScript) and returns the host path of the
 * tarball it wrote, in ROOT/out; throws with the script's stderr when it fails.
 */
export async function collectTarball(
  root: string,
  opts: { shell?: CollectShell; name?: string } = {},
): Promise<string> {
  const shell = opts.shell ?? 'dash';
  const name = opts.name ?? `host-${shell}.tar.gz`;
  const r = await runCollectScript(root, { shell, args: [`/out/${name}`] });
  if (r.code !== 0) throw new Error(`the collect script failed under ${shell} (exit ${r.code}): ${r.stderr}`);
  return path.join(root, 'out', name);
}
