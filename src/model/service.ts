/**
 * The init-neutral service model: what a service does, in terms that belong neither to Upstart
 * nor to systemd. The converter fills it from an Upstart job (src/convert/to-service.ts) and
 * renders it as systemd units (src/convert/to-unit.ts); hardening edits it in between, reading
 * the facts the converter recorded about the job (src/model/facts.ts).
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import { type ServiceFacts, emptyFacts } from './facts';

/** One command to run: the exact argv the process must receive. */
export interface Command {
  argv: string[];
  /** The arguments are already in systemd's `$VAR`/`${VAR}` syntax (a literal `$` written `$$`). */
  systemdVars?: boolean;
  /** A failure of this command does not fail the service (Upstart ignored it). */
  ignoreFailure?: boolean;
  /**
   * Runs with the unit's full credentials despite User=/Group= (`!`): the idiom pass moved the main
   * process's identity change into the unit, and the job's other processes ran as root.
   */
  privileged?: boolean;
  /** Runs with full privileges (`+`): no User=, sandboxing or namespaces (a check that asks systemd about units). */
  fullPrivileges?: boolean;
  /** Where it came from, for diagnostics and comments. */
  source?: SourcePos;
}

/** A helper script that must be installed for a command to work (`--scripts files`). */
export interface HelperScript {
  /** File name written beside the units. */
  fileName: string;
  /** Absolute path the unit refers to once installed. */
  installPath: string;
  /** What its header comment says: which process of which job, from where, run by which unit. */
  header: { process: string; job: string; source: string; unit: string };
  /** The shell code, as it is run. */
  body: string;
}

/** How the service's start completes and how its main process is tracked. */
export type Lifecycle =
  /** A long-running main process; started as soon as it is exec'd. */
  | { kind: 'daemon' }
  /** The main process forks (once or twice) and the parent exits; optionally a PID file names the child. */
  | { kind: 'forking'; pidFile?: string }
  /** Run to completion; the start finishes when the process exits. */
  | { kind: 'oneshot'; remainActive: boolean };

/** What happens when the main process ends on its own. */
export interface RestartPolicy {
  when: 'never' | 'always' | 'on-failure';
  /** Exit statuses / signals that count as success (never a failure). */
  success: ExitSpec[];
  /** Exit statuses / signals after which the service is not restarted. */
  prevent: ExitSpec[];
  /** Exit statuses / signals that force a restart even though they are "clean" for systemd. */
  force: ExitSpec[];
  /** Rate limit: at most `burst` starts within `intervalSec`; null = no limit. */
  limit: { burst: number; intervalSec: number } | null;
  /** Seconds to wait before a restart (RestartSec=); absent: systemd's default, 100 ms. */
  delaySec?: number;
}

/** An exit status (0-255) or a signal name without SIG (TERM). */
export type ExitSpec = { status: number } | { signal: string };

/** Relations to other units and how the service is started automatically. */
export interface Activation {
  /** Units/targets that pull the service in when enabled (`[Install] WantedBy=`). */
  wantedBy: string[];
  requiredBy: string[];
  wants: string[];
  requires: string[];
  /** Units that must already be active for the service to start (an `and` of `started` events). */
  requisite?: string[];
  bindsTo: string[];
  partOf: string[];
  after: string[];
  before: string[];
  conflicts: string[];
  requiresMountsFor: string[];
  /** Conditions as [key, value] pairs (ConditionVirtualization=container…). */
  conditions: Array<[string, string]>;
  /** Default dependencies on basic system targets (false for very early boot units). */
  defaultDependencies: boolean;
  socket?: SocketSpec;
  path?: PathSpec;
  /** Set when the job ran as the system went down (runlevel 0/6): the levels. */
  atShutdown?: string[];
  /** Units whose failure starts this service (`start on stopped A RESULT=failed`). */
  onFailureOf?: string[];
  /** Units this one starts when it fails (OnFailure=). */
  onFailure?: string[];
  /**
   * The targets of custom events this service writes (one job of the batch writes each): starting
   * one does what `initctl emit EVENT` did.
   */
  eventTargets?: Array<{ event: string; unit: string }>;
  /** For an enabled template: the instance (escaped) `systemctl enable NAME@.service` enables. */
  defaultInstance?: string;
}

/** A listening socket that activates the service. */
export interface SocketSpec {
  listen: Array<{ kind: 'stream' | 'datagram'; address: string }>;
  source?: SourcePos;
  /** KEY=VALUE the bridge put into the event (PROTO, PORT, ADDR, SOCKET_PATH): an instance name may use them. */
  eventEnv?: string[];
  /** For a template service: the instance the event started (`Service=NAME@INSTANCE.service`). */
  instance?: string;
}

/** File-system conditions that activate the service. */
export interface PathSpec {
  watches: Array<{
    kind: 'PathExists' | 'PathExistsGlob' | 'PathChanged' | 'PathModified' | 'DirectoryNotEmpty';
    path: string;
  }>;
  source?: SourcePos;
  /** KEY=VALUE the bridge put into the event (FILE, EVENT): an instance name may use them. */
  eventEnv?: string[];
  /** For a template service: the instance the event started (`Unit=NAME@INSTANCE.service`). */
  instance?: string;
}

/**
 * An environment variable: a literal value, or passed through from the service manager. With
 * `instance`, the value is the instance name of a template unit (`%I`), not literal text.
 */
export type EnvVar = { name: string; value: string; instance?: true } | { name: string; pass: true };

/** A file a standard stream is written to (`StandardOutput=append:` / `truncate:`), as `>>` / `>` opened it. */
export interface OutputFile {
  file: string;
  mode: 'append' | 'truncate';
}

/** Where the service's standard streams go. */
export interface Streams {
  stdin?: 'null' | 'tty' | 'tty-force' | { file: string };
  stdout?: 'journal' | 'null' | 'tty' | OutputFile;
  /** `inherit`: the same open file as standard output (`2>&1`). */
  stderr?: 'journal' | 'null' | 'tty' | 'inherit' | OutputFile;
  ttyPath?: string;
}

/** A resource limit: soft and hard values, `infinity` for unlimited. */
export interface Rlimit {
  resource: string;
  soft: string;
  hard: string;
}

/** The whole service. */
export interface ServiceModel {
  /** Unit base name (without .service), already escaped for systemd. */
  unitName: string;
  /** True for a template (`name@.service`), instantiated per Upstart instance. */
  template: boolean;
  description?: string;
  /** Lines for the header comment: sources, author, version, usage. */
  notes: string[];
  /** The header line naming the hardening profiles applied and where they were chosen, when any were. */
  profilesNote?: string;
  lifecycle: Lifecycle;
  /** Commands by role; each role may hold several commands, run in order. */
  commands: {
    condition: Command[];
    startPre: Command[];
    start: Command[];
    startPost: Command[];
    reload: Command[];
    stop: Command[];
    stopPost: Command[];
  };
  scripts: HelperScript[];
  restart: RestartPolicy;
  activation: Activation;
  /** Whether the service is enabled at boot by some event (false = started only by hand). */
  enabled: boolean;
  identity: { user?: string; group?: string; supplementaryGroups: string[] };
  environment: { vars: EnvVar[]; files: Array<{ path: string; optional: boolean }> };
  process: {
    workingDirectory?: string;
    rootDirectory?: string;
    umask?: string;
    nice?: number;
    oomScoreAdjust?: number;
    limits: Rlimit[];
    appArmorProfile?: string;
    /** Directories under /run that systemd makes (owned by User=/Group=) at start and removes at stop unless preserved. */
    runtimeDirectory?: { names: string[]; mode?: string; preserve?: boolean };
  };
  resources: Array<[string, string]>;
  streams: Streams;
  /** Stop: signal, how long before SIGKILL (Infinity = never), and which processes are signalled. */
  kill: { signal?: string; timeoutSec: number; mode?: 'process' };
  /** How long the start may take (pre-start, post-start, forking); Infinity = as long as it takes. */
  startTimeoutSec?: number;
  /** Extra directives by section, added by later stages (hardening profiles). */
  extra: Record<string, Array<[string, string]>>;
  /**
   * What the job's commands touch and need, and which stanzas it had (src/model/facts.ts): found by
   * the converter so that later stages (hardening) never read the job again.
   */
  facts: ServiceFacts;
}

/** A service model with nothing in it, to be filled by the converter. */
export function emptyService(unitName: string): ServiceModel {
  return {
    unitName,
    template: false,
    notes: [],
    lifecycle: { kind: 'daemon' },
    commands: { condition: [], startPre: [], start: [], startPost: [], reload: [], stop: [], stopPost: [] },
    scripts: [],
    restart: { when: 'never', success: [], prevent: [], force: [], limit: null },
    activation: {
      wantedBy: [],
      requiredBy: [],
      wants: [],
      requires: [],
      bindsTo: [],
      partOf: [],
      after: [],
      before: [],
      conflicts: [],
      requiresMountsFor: [],
      conditions: [],
      defaultDependencies: true,
    },
    enabled: false,
    identity: { supplementaryGroups: [] },
    environment: { vars: [], files: [] },
    process: { limits: [] },
    resources: [],
    streams: {},
    kill: { timeoutSec: 90 },
    extra: {},
    facts: emptyFacts(),
  };
}
