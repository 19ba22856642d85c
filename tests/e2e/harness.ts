/**
 * TypeScript side of the end-to-end lab: boots a real systemd (tests/e2e/lab.sh) and drives it.
 *
 * A Lab is one systemd 252 running as PID 1 of private namespaces over a copy-on-write overlay of
 * the host root. Commands run inside with nsenter (what `lab.sh exec` does); files are read from
 * the host through /proc/PID/root, resolving symlinks inside the lab's root.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, readlinkSync, lstatSync, existsSync, truncateSync } from 'node:fs';
import { join, posix } from 'node:path';

export const LAB_SH = join(__dirname, 'lab.sh');
export const LAB_DIR = process.env.LAB_DIR ?? '/var/tmp/upstart2systemd-e2e';
const LAB_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** text written to the command's stdin */
  input?: string;
  /** throw when the command exits non-zero (default true for exec, false for systemctl) */
  check?: boolean;
  timeoutMs?: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs a host command; never throws on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** Why a lab cannot run on this machine (null when it can): `lab.sh check`, one line. */
export function unavailableReason(): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(LAB_SH, ['check'], { env: process.env }, (err, stdout, stderr) => {
      const line = `${stdout}${stderr}`.trim().split('\n').pop() ?? '';
      resolve(err ? line || `lab.sh check failed (${err.message})` : null);
    });
  });
}

/** A host file's text, null when it cannot be read. */
function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Polls fn until it returns something other than undefined/false/null; throws after timeoutMs. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
  what = 'condition',
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== null && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(intervalMs);
  }
}

export class Lab {
  pid = 0;

  constructor(readonly name: string) {}

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, LAB_NAME: this.name, LAB_DIR };
  }

  /** Boots the lab (`lab.sh up`); throws with the lab's own message when it does not boot. */
  async up(): Promise<void> {
    this.installed.clear(); // a new boot starts from the host's units
    const r = await run(LAB_SH, ['up'], { env: this.env(), timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`lab ${this.name} did not boot: ${(r.stderr || r.stdout).trim()}`);
    const p = await run(LAB_SH, ['pid'], { env: this.env() });
    this.pid = Number(p.stdout.trim());
    if (!this.pid) throw new Error(`lab ${this.name}: no pid (${p.stderr.trim()})`);
  }

  /** Powers the lab off and frees it (`lab.sh down`); a lab that is already gone is fine. */
  async down(): Promise<void> {
    await run(LAB_SH, ['down'], { env: this.env(), timeoutMs: 30_000 });
    this.pid = 0;
  }

  /** The lab's state directory on the host: its logs and console.log outlive the lab. */
  get stateDir(): string {
    return join(LAB_DIR, this.name);
  }

  /** What was written to the lab's /dev/console since boot (or since clearConsole()). */
  console(): string {
    try {
      return readFileSync(join(this.stateDir, 'console.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Empties console.log, so that a step reads only what it caused (the copier appends). */
  clearConsole(): void {
    truncateSync(join(this.stateDir, 'console.log'), 0);
  }

  /** Waits until the lab's systemd has exited by itself (after a reboot or poweroff inside it). */
  async waitExit(timeoutMs: number): Promise<void> {
    const pid = this.pid;
    await waitFor(
      () => {
        const stat = readOrNull(`/proc/${pid}/stat`);
        return stat === null || /^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
      },
      timeoutMs,
      `the systemd of lab ${this.name} (host PID ${pid}) to exit`,
    );
  }

  /** Runs argv inside the lab (all its namespaces, a clean environment), like `lab.sh exec`. */
  async exec(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (!this.pid) throw new Error(`lab ${this.name} is not up`);
    const r = await run(
      'nsenter',
      [
        '-t',
        String(this.pid),
        '-a',
        '--',
        'env',
        '-i',
        `PATH=${LAB_PATH}`,
        'TERM=dumb',
        'SYSTEMD_PAGER=',
        'SYSTEMD_COLORS=0',
        'LANG=C.UTF-8',
        ...argv,
      ],
      {
        input: opts.input,
        timeoutMs: opts.timeoutMs,
      },
    );
    if ((opts.check ?? true) && r.code !== 0)
      throw new Error(`in lab ${this.name}: ${argv.join(' ')} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
    return r;
  }

  /** systemctl inside the lab; does not throw on failure (check .code). */
  systemctl(args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return this.exec(['systemctl', '--no-pager', ...args], { check: false, ...opts });
  }

  /** `systemctl show` of the given properties, as a record. */
  async show(unit: string, props: string[]): Promise<Record<string, string>> {
    const r = await this.exec(['systemctl', 'show', unit, ...props.map((p) => `--property=${p}`)]);
    const out: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
    }
    return out;
  }

  async prop(unit: string, prop: string): Promise<string> {
    return (await this.show(unit, [prop]))[prop] ?? '';
  }

  /** What install() last wrote, by unit name (a daemon-reload costs ~0.4 s: skipped when nothing changed). */
  private installed = new Map<string, string>();

  /** Writes units into /etc/systemd/system, then one daemon-reload (when any of them changed). */
  async install(files: Record<string, string>): Promise<void> {
    let changed = false;
    for (const [name, content] of Object.entries(files)) {
      if (name.includes('/')) throw new Error(`unit name with a slash: ${name}`);
      if (this.installed.get(name) === content) continue;
      await this.installFile(`/etc/systemd/system/${name}`, content, '0644');
      this.installed.set(name, content);
      changed = true;
    }
    if (changed) await this.exec(['systemctl', 'daemon-reload']);
  }

  /** Writes a file inside the lab (creating its directory). */
  async installFile(path: string, content: string, mode = '0644'): Promise<void> {
    await this.exec(['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1" && chmod "$2" "$1"', 'sh', path, mode], {
      input: content,
    });
  }

  /** Host path of a path inside the lab, following symlinks inside the lab's root. */
  hostPath(path: string): string {
    const root = `/proc/${this.pid}/root`;
    const parts = posix.normalize(path).split('/').filter(Boolean);
    let resolved: string[] = [];
    let hops = 0;
    while (parts.length) {
      const part = parts.shift()!;
      if (part === '.') continue;
      if (part === '..') {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, part];
      const host = root + '/' + candidate.join('/');
      let st;
      try {
        st = lstatSync(host);
      } catch {
        resolved = candidate;
        continue;
      }
      if (st.isSymbolicLink()) {
        if (++hops > 40) throw new Error(`too many symlinks in ${path}`);
        const target = readlinkSync(host);
        if (target.startsWith('/')) resolved = [];
        parts.unshift(...target.split('/').filter(Boolean));
      } else {
        resolved = candidate;
      }
    }
    return root + '/' + resolved.join('/');
  }

  /** A file's text inside the lab (null when it does not exist). */
  read(path: string): string | null {
    try {
      return readFileSync(this.hostPath(path), 'utf8');
    } catch {
      return null;
    }
  }

  exists(path: string): boolean {
    return existsSync(this.hostPath(path));
  }

  /** State letter (R, S, T, Z…) of a process of the lab (its own pid namespace), null when gone. */
  procState(pid: number): string | null {
    if (!pid) return null;
    const stat = this.read(`/proc/${pid}/stat`);
    if (!stat) return null;
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  }

  /** The process exists and is not a zombie. */
  alive(pid: number): boolean {
    const s = this.procState(pid);
    return s !== null && s !== 'Z' && s !== 'X';
  }

  /** Current end of the journal, to read only what comes after. */
  async cursor(): Promise<string> {
    const r = await this.exec(['journalctl', '-n', '0', '--show-cursor', '--no-pager', '-q']);
    const m = /-- cursor: (.*)/.exec(r.stdout);
    return m ? m[1]!.trim() : '';
  }

  /** The unit's journal messages (-o cat), optionally only those after a cursor. */
  async journal(unit: string, after?: string): Promise<string> {
    const args = ['journalctl', '--no-pager', '-q', '-o', 'cat', '-u', unit];
    if (after) args.push(`--after-cursor=${after}`);
    return (await this.exec(args, { check: false })).stdout;
  }

  waitFor<T>(
    fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
    timeoutMs: number,
    what?: string,
  ): Promise<T> {
    return waitFor(fn, timeoutMs, what);
  }
}
