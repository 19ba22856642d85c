/**
 * Facts about a service that later stages need and that the model's settings do not say: which
 * files and directories its commands write or read, what they do that a sandbox would forbid,
 * and which stanzas its job had. The converter finds them in the job (src/convert/facts.ts), the
 * batch step adds what other services of the batch share with it; hardening reads only these.
 */
import type { SourcePos } from '../diagnostics/diagnostic';

/** One place the service uses a path. */
export interface PathUse {
  path: string;
  write: boolean;
  pos: SourcePos;
}

/** A capability the service needs that some sandbox directive removes, and where it showed. */
export interface NeedUse {
  what: string;
  pos: SourcePos;
}

/** What the service does that a sandbox directive forbids. */
export type Need =
  | 'setuid-binary'
  | 'kernel-modules'
  | 'kernel-tunables'
  | 'clock'
  | 'mount'
  | 'netlink'
  | 'hostname'
  | 'namespaces'
  | 'realtime'
  | 'kernel-logs';

/** What the service touches, grouped the way systemd's sandbox options are, and where it came from. */
export interface ServiceFacts {
  /** The job the service was converted from, and its file (where diagnostics about the service point). */
  job: string;
  file: string;
  /** Stanza names the job had (`exec`, `pre-start`, `setuid`, `limit nofile`…), for `has:`/`missing:` conditions. */
  stanzas: string[];
  /** The text of the job's processes (exec lines and scripts) as written, for `matches:` conditions. */
  text: string;
  /** The job's `env` stanzas as written (NAME=VALUE), searched with `text` for paths other services share. */
  env: string[];
  /** The job had a main process (exec or script), was a task, and set its group with setgid. */
  hasMainProcess: boolean;
  isTask: boolean;
  setsGroup: boolean;
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
  /** Other jobs of the batch that use the same /tmp paths (set by the batch step). */
  sharesTmpWith: string[];
  /** For each runtime directory name, the other jobs of the batch that use /run/NAME too (set by the batch step). */
  sharedRuntimeWith: Record<string, string[]>;
  /** The JIT runtime the main process runs (MemoryDenyWriteExecute= breaks it). */
  jit?: NeedUse;
  needs: Record<Need, NeedUse[]>;
}

/** Facts with nothing found, to be filled by the converter. */
export function emptyFacts(job = '', file = ''): ServiceFacts {
  return {
    job,
    file,
    stanzas: [],
    text: '',
    env: [],
    hasMainProcess: false,
    isTask: false,
    setsGroup: false,
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
}
