/**
 * Migration tests: `convert --out` run in-process with host facts (what collect records; until
 * the tarball loader is merged the facts are given to the command directly), and a fake host to
 * run the generated migrate.sh and rollback.sh on under dash: U2S_ROOT keeps every file below a
 * temporary folder, and a fake systemctl and getent (tests/plan/fake-systemctl.sh) keep units'
 * enablement and activity as files and log every call.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ConvertCommandArgs, runConvert } from '../../src/cli/commands/convert';
import { memoryIo } from '../../src/cli/io';
import type { HostFacts } from '../../src/model/host';
import { KIT_DIR, type Plan, resolveTarget } from '../../src/pipeline';

/** Where the kit (plan.json, migrate.sh, rollback.sh) is in a tree, relative to its root. */
export const KIT = KIT_DIR.slice(1);

/** A file of the kit in the tree written to `out`. */
export function kitFile(out: string, name: 'plan.json' | 'migrate.sh' | 'rollback.sh'): string {
  return path.join(out, KIT, name);
}

/** Converts like `convert --out OUT` (root layout, debian-12 unless given) with these arguments and host facts. */
export function convertOut(
  args: Partial<ConvertCommandArgs> & { out: string },
  host?: HostFacts,
): { code: number; out: string; err: string; plan: Plan | undefined } {
  const target = resolveTarget({ target: 'debian-12' });
  if ('error' in target) throw new Error(target.error);
  const io = memoryIo({ NO_COLOR: '1' });
  const code = runConvert(
    {
      paths: [],
      stdout: false,
      layout: 'root',
      target,
      scripts: 'inline',
      style: 'faithful',
      format: 'text',
      force: false,
      dryRun: false,
      verbose: false,
      upstartVersion: '1.13',
      score: false,
      ...args,
      ...(host ? { host } : {}),
    },
    io,
  );
  const planFile = kitFile(args.out, 'plan.json');
  const plan = fs.existsSync(planFile) ? (JSON.parse(fs.readFileSync(planFile, 'utf8')) as Plan) : undefined;
  return { code, out: io.out, err: io.err, plan };
}

/** A host to run the scripts on: its root, the fake commands' state, users that exist. */
export interface FakeHost {
  root: string;
  state: string;
  bin: string;
  users: string[];
}

const FAKE_SYSTEMCTL = path.join(__dirname, '..', 'plan', 'fake-systemctl.sh');

/** Makes a fake host under `dir`: programs at the given paths, users and groups by name. */
export function fakeHost(dir: string, programs: readonly string[], users: readonly string[] = []): FakeHost {
  const host = {
    root: path.join(dir, 'host'),
    state: path.join(dir, 'state'),
    bin: path.join(dir, 'bin'),
    users: [...users],
  };
  // what every systemd host has: the folder units are installed in, and /var/lib
  for (const d of [host.state, host.bin, path.join(host.root, 'etc/systemd/system'), path.join(host.root, 'var/lib')])
    fs.mkdirSync(d, { recursive: true });
  fs.copyFileSync(FAKE_SYSTEMCTL, path.join(host.bin, 'systemctl'));
  fs.chmodSync(path.join(host.bin, 'systemctl'), 0o755);
  const getent =
    '#!/bin/sh\ncase " ${FAKE_USERS:-} " in *" $2 "*) echo "$2:x:1:1::/:/bin/sh"; exit 0 ;; esac\nexit 2\n';
  fs.writeFileSync(path.join(host.bin, 'getent'), getent, { mode: 0o755 });
  for (const p of programs) {
    fs.mkdirSync(path.join(host.root, path.dirname(p)), { recursive: true });
    fs.writeFileSync(path.join(host.root, p), '#!/bin/sh\n', { mode: 0o755 });
  }
  return host;
}

/** Puts on the fake host every program the plan's jobs need (absolute paths), as an executable stub. */
export function providePrograms(host: FakeHost, plan: Plan): void {
  for (const p of plan.jobs.flatMap((j) => j.needs.programs).filter((x) => x.startsWith('/'))) {
    fs.mkdirSync(path.join(host.root, path.dirname(p)), { recursive: true });
    fs.writeFileSync(path.join(host.root, p), '#!/bin/sh\n', { mode: 0o755 });
  }
}

/** Every regular file under a folder (relative paths, sorted): what a tree holds, without its folders. */
export function filesUnder(dir: string): string[] {
  return Object.entries(snapshot(dir))
    .filter(([, v]) => v !== 'dir')
    .map(([k]) => k)
    .sort();
}

/** A POSIX shell to run the scripts with: its command line before the script's path. */
export interface Shell {
  name: string;
  argv: string[];
}

/** The shells the scripts must run under: dash (Debian's and Ubuntu's /bin/sh), and busybox sh where installed. */
export function shells(): Shell[] {
  const found: Shell[] = [];
  const has = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  if (has('dash', ['-c', ':'])) found.push({ name: 'dash', argv: ['dash'] });
  if (has('busybox', ['sh', '-c', ':'])) found.push({ name: 'busybox sh', argv: ['busybox', 'sh'] });
  if (!found.length) found.push({ name: 'sh', argv: ['sh'] });
  return found;
}

/** How to run a script: the shell (dash unless given), extra environment (FAKE_SYSTEMD=…), the working folder. */
export interface RunOptions {
  shell?: Shell;
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs `SHELL SCRIPT ARGS…` on the fake host; returns its exit code and output (stdout and stderr). */
export function runScript(
  host: FakeHost,
  script: string,
  args: string[] = [],
  opts: RunOptions = {},
): { code: number; out: string } {
  const [cmd, ...pre] = opts.shell?.argv ?? ['sh'];
  const r = spawnSync(cmd!, [...pre, script, ...args], {
    encoding: 'utf8',
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: {
      PATH: `${host.bin}:/usr/bin:/bin`,
      U2S_ROOT: host.root,
      U2S_SETTLE: '0',
      FAKE_STATE: host.state,
      FAKE_USERS: host.users.join(' '),
      ...opts.env,
    },
  });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** Whether shellcheck is installed (the scripts are checked with it where it is). */
export function hasShellcheck(): boolean {
  return spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** shellcheck's findings for POSIX sh scripts ('' when clean). */
export function shellcheck(...files: string[]): string {
  const r = spawnSync('shellcheck', ['-s', 'sh', '-f', 'gcc', ...files], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/** Extracts the tree written to `from` into `to` as an operator would: `tar -C FROM -c . | tar -C TO -x`. */
export function extractTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  const r = spawnSync('sh', ['-c', 'tar -C "$1" -c . | tar -C "$2" -x', 'sh', from, to], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
}
/** Every path under a folder with its kind and, for files, content: to compare a tree before and after. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      const full = path.join(dir, r);
      if (e.isSymbolicLink()) out[r] = `link ${fs.readlinkSync(full)}`;
      else if (e.isDirectory()) {
        out[r] = 'dir';
        walk(r);
      } else out[r] = fs.readFileSync(full, 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}

/** The calls the fake systemctl got, one line per call (`[verb][arg]…`). */
export function systemctlCalls(host: FakeHost): string[] {
  const log = path.join(host.state, 'log');
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** The units the fake systemctl has enabled, and those active. */
export function unitStates(host: FakeHost): { enabled: string[]; active: string[] } {
  const list = (d: string): string[] =>
    fs.existsSync(path.join(host.state, d)) ? fs.readdirSync(path.join(host.state, d)).sort() : [];
  return { enabled: list('enabled'), active: list('active') };
}
