/**
 * The fleet test's hosts: each a lab of tests/e2e/lab.sh (a real systemd as PID 1 of its own
 * namespaces, with no network but its loopback) made to look like a Trusty host before its
 * upgrade — its own /etc/init, fake `init` and `initctl` saying which jobs ran, the programs the
 * jobs run — and reachable over real SSH: ssh's ProxyCommand runs `sshd -i` inside the lab
 * (`lab.sh exec`, nsenter into all its namespaces), so no network address is ever used.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR, LAB_SH, run, type Lab } from '../e2e/harness';

/** The job files the hosts are given (tests/fleet/jobs). */
export const JOBS_DIR = join(__dirname, 'jobs');

/** One host of the test fleet. */
export interface FleetHost {
  /** Inventory name and lab name. */
  name: string;
  /** Job names (tests/fleet/jobs/NAME.conf) in the host's /etc/init. */
  jobs: string[];
  /** The host's own variables (host_vars). */
  vars: Record<string, unknown>;
  /** Whether the program fleet-reportd runs is missing (the host whose migration fails). */
  broken: boolean;
}

/** The lab names' prefix: U2S_FLEET_PREFIX, `fleet` by default (never an e2e lab's). */
export function fleetPrefix(): string {
  return process.env.U2S_FLEET_PREFIX ?? 'fleet';
}

/** The three hosts: two that migrate, one whose migration fails (a missing program). */
export function fleetHosts(): FleetHost[] {
  const p = fleetPrefix();
  return [
    { name: `${p}-a`, jobs: ['fleet-web', 'fleet-worker'], vars: { u2s_profiles: ['readonly-tmp'] }, broken: false },
    { name: `${p}-b`, jobs: ['fleet-web', 'fleet-legacy'], vars: { u2s_excludes: ['fleet-legacy'] }, broken: false },
    { name: `${p}-c`, jobs: ['fleet-web', 'fleet-reportd'], vars: {}, broken: true },
  ];
}

/** Quotes a word for sh. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The stand-in programs every host has (path → script). */
const PROGRAMS: Record<string, string> = {
  '/usr/local/bin/fleet-daemon': '#!/bin/sh\n# a stand-in daemon: runs until stopped\nexec sleep 2147483647\n',
  '/usr/local/bin/fleet-reportd':
    '#!/bin/sh\n# a wrapper: the real work is in fleet-core\nexec /opt/fleet/bin/fleet-core "$@"\n',
};

/** The program the broken host lacks (installing it fixes the host). */
export const CORE = '/opt/fleet/bin/fleet-core';
const CORE_SCRIPT = '#!/bin/sh\nexec sleep 2147483647\n';

/** A fake Upstart `initctl list` and `init --version`, as Trusty prints them. */
function fakes(jobs: readonly string[]): Record<string, string> {
  const list = jobs.map((j, i) => `${j} start/running, process ${1000 + i}`);
  return {
    '/usr/local/sbin/initctl':
      `#!/bin/sh\n# fake initctl of a Trusty host (upstart2systemd fleet test)\n[ "$1" = list ] || exit 1\n` +
      `printf '%s\\n' ${list.map(shq).join(' ')}\n`,
    '/usr/local/sbin/init': `#!/bin/sh\n# fake init of a Trusty host\necho 'init (upstart 1.12.1)'\n`,
  };
}

/** Where each host's sshd configuration is (the ProxyCommand names it). */
export const SSHD_CONFIG_PATH = '/etc/ssh/u2s-fleet/sshd_config';

/** The sshd configuration each host runs `sshd -i` with (keys made by the test). */
const SSHD_CONFIG = [
  'HostKey /etc/ssh/u2s-fleet/host_key',
  'PermitRootLogin prohibit-password',
  'PasswordAuthentication no',
  'KbdInteractiveAuthentication no',
  'UsePAM no',
  'AuthorizedKeysFile /etc/ssh/u2s-fleet/authorized_keys',
  'Subsystem sftp internal-sftp',
  'LogLevel ERROR',
  '',
].join('\n');

/** Writes a file in the lab (through stdin: the lab cannot see the host's /tmp). */
async function put(lab: Lab, path: string, content: string, mode: string): Promise<void> {
  await lab.exec(['sh', '-c', 'mkdir -p "$(dirname "$1")" && cat > "$1" && chmod "$2" "$1"', 'sh', path, mode], {
    input: content,
  });
}

/** Makes the lab a Trusty-like host with sshd: jobs, programs, fakes, keys. */
export async function prepareHost(lab: Lab, host: FleetHost, keys: { client: string; hostKey: string }): Promise<void> {
  for (const job of host.jobs) {
    await put(lab, `/etc/init/${job}.conf`, readFileSync(join(JOBS_DIR, `${job}.conf`), 'utf8'), '644');
  }
  for (const [path, text] of Object.entries({ ...PROGRAMS, ...fakes(host.jobs) })) await put(lab, path, text, '755');
  if (!host.broken) await installCore(lab);
  await put(lab, SSHD_CONFIG_PATH, SSHD_CONFIG, '644');
  await put(lab, '/etc/ssh/u2s-fleet/host_key', readFileSync(keys.hostKey, 'utf8'), '600');
  await put(lab, '/etc/ssh/u2s-fleet/authorized_keys', readFileSync(`${keys.client}.pub`, 'utf8'), '600');
  await lab.exec(['mkdir', '-p', '-m', '0755', '/run/sshd']);
  // root's shell files are the machine's (the lab is a copy of its /): a pyenv or cargo setup in
  // them costs every ssh command a second; the hosts get a plain root account
  await lab.exec(['sh', '-c', ': > /root/.bashrc && : > /root/.profile']);
}

/** Installs the program the broken host lacks. */
export async function installCore(lab: Lab): Promise<void> {
  await put(lab, CORE, CORE_SCRIPT, '755');
}

/** Makes an ssh key pair (no passphrase) at PATH and PATH.pub. */
export async function keygen(path: string): Promise<void> {
  const r = await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'u2s-fleet', '-f', path]);
  if (r.code !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** Quotes a ProxyCommand word: sh quoting, and ssh's % tokens doubled. */
function proxyWord(s: string): string {
  return shq(s).replace(/%/g, '%%');
}

/** Quotes a path for ssh_config: in double quotes, % tokens doubled (a path with " is refused). */
function configWord(s: string): string {
  if (/["\r\n]/.test(s)) throw new Error(`cannot name ${JSON.stringify(s)} in ssh_config`);
  return `"${s.replace(/%/g, '%%')}"`;
}

/**
 * Writes the run's ssh_config (one Host block per lab: ProxyCommand `lab.sh exec sshd -i`, the
 * host's key pinned under its name) and known_hosts; returns the ssh_config's path.
 */
export function writeSshConfig(
  dir: string,
  hosts: readonly FleetHost[],
  keys: Record<string, string>,
  client: string,
): string {
  const config = join(dir, 'ssh_config');
  const known = join(dir, 'known_hosts');
  const blocks = hosts.map((h) =>
    [
      `Host ${h.name}`,
      '  User root',
      `  IdentityFile ${configWord(client)}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${configWord(known)}`,
      '  StrictHostKeyChecking yes',
      `  HostKeyAlias ${h.name}`,
      '  ProxyCommand env ' +
        [`LAB_NAME=${h.name}`, `LAB_DIR=${LAB_DIR}`, LAB_SH, 'exec', '/usr/sbin/sshd', '-i', '-f', SSHD_CONFIG_PATH]
          .map(proxyWord)
          .join(' '),
      '',
    ].join('\n'),
  );
  writeFileSync(config, blocks.join('\n'));
  writeFileSync(known, hosts.map((h) => `${h.name} ${keys[h.name]!.split(' ').slice(0, 2).join(' ')}\n`).join(''));
  return config;
}

/** Settings of the test fleet (group_vars of `trusty`). */
export interface FleetSettings {
  /** The tool, as argv. */
  cli: string[];
  /** The controller's work folder. */
  work: string;
  /** The run's ssh_config. */
  sshConfig: string;
}

/**
 * Writes the inventory (JSON is YAML: every value quoted for free): the group `trusty` with the
 * hosts, their host_vars, and group_vars with the test's settings. Returns the inventory folder.
 */
export function writeInventory(dir: string, hosts: readonly FleetHost[], s: FleetSettings): string {
  const inv = join(dir, 'inventory');
  mkdirSync(join(inv, 'group_vars'), { recursive: true });
  mkdirSync(join(inv, 'host_vars'), { recursive: true });
  const group = { all: { children: { trusty: { hosts: Object.fromEntries(hosts.map((h) => [h.name, {}])) } } } };
  writeFileSync(join(inv, 'hosts.yml'), JSON.stringify(group, null, 2) + '\n');
  const vars = {
    ansible_connection: 'ssh',
    ansible_user: 'root',
    ansible_ssh_common_args: `-F ${shq(s.sshConfig)}`,
    // the collect run proves collect needs no Python on the host
    ansible_python_interpreter:
      "{{ '/nonexistent/python3' if fleet_without_python | default(false) | bool else '/usr/bin/python3' }}",
    u2s_cli: s.cli,
    u2s_work_dir: s.work,
    u2s_target: 'debian-12',
    u2s_convert_args: ['--no-score'],
    u2s_settle: 1,
  };
  writeFileSync(join(inv, 'group_vars', 'trusty.yml'), JSON.stringify(vars, null, 2) + '\n');
  for (const h of hosts) writeFileSync(join(inv, 'host_vars', `${h.name}.yml`), JSON.stringify(h.vars, null, 2) + '\n');
  return inv;
}
