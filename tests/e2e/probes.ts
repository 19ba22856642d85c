/**
 * Test side of the probe program (tests/e2e/probes/probe.py): installs it inside a lab at the
 * paths the jobs execute, writes its per-program configuration and reads back its records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from './harness';

export const PROBE_SOURCE = join(__dirname, 'probes', 'probe.py');
/** a copy used as a plain client (`probe.py --client tcp HOST PORT MSG`) */
export const PROBE_CLIENT = '/usr/lib/u2s-probe/probe.py';

/** Programs the example jobs (examples/trusty/README.md) and tests/e2e/jobs execute. */
export const PROGRAMS = [
  '/usr/sbin/acme-relayd',
  '/usr/sbin/quill-spoold',
  '/usr/bin/tallow-cached',
  '/usr/bin/tallow-ctl',
  '/usr/bin/tallow-warmup',
  '/usr/sbin/grebe-monitord',
  '/usr/sbin/ossory-syncd',
  '/usr/bin/brindle-worker',
  '/usr/bin/larkspur-indexd',
  '/usr/sbin/pewter-gatewayd',
  '/usr/bin/cobalt-kvd',
  '/usr/sbin/fennel-proxyd',
  '/usr/sbin/heron-backupd',
  '/usr/sbin/marten-exporter',
  '/usr/sbin/sable-tunneld',
  '/usr/sbin/plover-statusd',
  '/usr/local/sbin/u2s-stubborn',
  '/usr/local/sbin/u2s-stubborn-default',
  '/usr/local/sbin/u2s-respawner',
  '/usr/local/sbin/u2s-selfstop',
  '/usr/local/sbin/u2s-portd',
  '/usr/local/sbin/u2s-emitter',
  '/usr/local/sbin/u2s-waiter',
];

/** Behaviour of one run; see probe.py's docstring. */
export interface Behaviour {
  stat?: string[];
  try_write?: string[];
  fork?: 1 | 2;
  pidfile_arg?: string;
  write_pid?: string;
  sigstop?: boolean;
  listen_fd_env?: string;
  unix_server_arg?: string;
  unix_client_arg?: string;
  ignore?: string[];
  exit_after?: number;
  exit_code?: number;
}

export interface ProbeConfig extends Behaviour {
  /** a file, or "stdout" (then `unit` names the journal to read) */
  record?: string;
  runs?: Behaviour[];
}

/** One JSON line written by the probe. */
export interface Rec {
  event: string;
  tag: string;
  name: string;
  run: number;
  pid: number;
  mono: number;
  argv?: string[];
  ppid?: number;
  uid?: number;
  gid?: number;
  groups?: number[];
  umask?: string;
  nice?: number;
  cwd?: string;
  env?: Record<string, string>;
  oom_score_adj?: string;
  rlimits?: Record<string, [number | string, number | string]>;
  cgroup?: string;
  fds?: Record<string, string>;
  stat?: Record<string, { uid?: number; gid?: number; mode?: string; type?: string; error?: string }>;
  results?: Record<string, { ok: boolean; error?: string; uid?: number; mode?: string }>;
  sig?: string;
  code?: number;
  reply?: string;
  error?: string;
  command?: string;
  daemon?: number;
  child?: number;
  sid?: number;
  sockname?: unknown;
  received?: string;
  [k: string]: unknown;
}

let counter = 0;
/** tells this test file's tags from another file's: each file counts from 1 again, and journals outlive files */
const FILE_NONCE = `${process.pid}.${Date.now().toString(36)}`;

export class Probes {
  private conf = new Map<string, { tag: string; record: string; unit?: string }>();

  constructor(private readonly lab: Lab) {}

  /** Installs the probe at every program path (run once per lab). */
  async install(): Promise<void> {
    const src = readFileSync(PROBE_SOURCE, 'utf8');
    await this.lab.installFile(PROBE_CLIENT, src, '0755');
    await this.lab.exec([
      'sh',
      '-c',
      'set -e; mkdir -p /etc/u2s-probe /var/lib/u2s-probe; chmod 1777 /var/lib/u2s-probe; for p; do mkdir -p "$(dirname "$p")"; install -m 0755 ' +
        PROBE_CLIENT +
        ' "$p"; done',
      'sh',
      ...PROGRAMS,
    ]);
  }

  /**
   * Sets what program `name` (basename of its path) does on its next runs, under a new tag, and
   * forgets its earlier records. `unit` names the journal for record: "stdout".
   */
  async configure(name: string, config: ProbeConfig = {}, unit?: string): Promise<string> {
    const tag = `${name}-${++counter}-${FILE_NONCE}`;
    const record = config.record ?? `/var/lib/u2s-probe/${name}.jsonl`;
    this.conf.set(name, { tag, record, unit });
    const text = JSON.stringify({ ...config, tag });
    const rm = record === 'stdout' ? '' : record;
    await this.lab.exec(
      [
        'sh',
        '-c',
        'cat > "/etc/u2s-probe/$1.json" && chmod 0644 "/etc/u2s-probe/$1.json" && if [ -n "$2" ]; then rm -f "$2"; fi',
        'sh',
        name,
        rm,
      ],
      { input: text },
    );
    return tag;
  }

  /** The records of program `name` under its current tag. */
  async records(name: string): Promise<Rec[]> {
    const c = this.conf.get(name);
    if (!c) throw new Error(`probe ${name} was not configured`);
    let lines: string[];
    if (c.record === 'stdout') {
      if (!c.unit) throw new Error(`probe ${name} records to stdout but no unit was given`);
      lines = (await this.lab.journal(c.unit))
        .split('\n')
        .filter((l) => l.startsWith('U2S-PROBE {'))
        .map((l) => l.slice('U2S-PROBE '.length));
    } else {
      lines = (this.lab.read(c.record) ?? '').split('\n');
    }
    const out: Rec[] = [];
    for (const l of lines) {
      if (!l.trim()) continue;
      try {
        const r = JSON.parse(l) as Rec;
        if (r.tag === c.tag && r.name === name) out.push(r);
      } catch {
        /* a line being written */
      }
    }
    return out;
  }

  async events(name: string, event: string): Promise<Rec[]> {
    return (await this.records(name)).filter((r) => r.event === event);
  }

  /** Waits until `count` records of program `name` match `pred`; returns them. */
  async waitEvents(name: string, pred: (r: Rec) => boolean, count = 1, timeoutMs = 5000): Promise<Rec[]> {
    return this.lab.waitFor(
      async () => {
        const rs = (await this.records(name)).filter(pred);
        return rs.length >= count ? rs : undefined;
      },
      timeoutMs,
      `${count} record(s) of ${name} matching ${pred.toString()}`,
    );
  }

  async waitStart(name: string, timeoutMs = 5000): Promise<Rec> {
    return (await this.waitEvents(name, (r) => r.event === 'start', 1, timeoutMs))[0]!;
  }
}
