/**
 * Directive metadata: what the rest of the tool needs to know about a directive besides its
 * version — the order keys are written in, which keys accumulate when repeated, which ones make
 * systemd manage a directory, and what a difference in a key is about when two units are
 * compared. Pure data, read by src/systemd/unit.ts, src/harden/apply.ts and src/diff/semantic.ts.
 */

/** Section order in a file. */
export const SECTION_ORDER: readonly string[] = ['Unit', 'Service', 'Socket', 'Path', 'Timer', 'Install'];

/** Key order within each section: identity first, then what runs, then policy, then sandboxing. */
export const KEY_ORDER: Record<string, readonly string[]> = {
  Unit: [
    'Description',
    'Documentation',
    'DefaultDependencies',
    'Requires',
    'Requisite',
    'Wants',
    'BindsTo',
    'PartOf',
    'Conflicts',
    'After',
    'Before',
    'RequiresMountsFor',
    'OnFailure',
    'StartLimitIntervalSec',
    'StartLimitBurst',
  ],
  Service: [
    'Type',
    'RemainAfterExit',
    'PIDFile',
    'BusName',
    'User',
    'Group',
    'SupplementaryGroups',
    'DynamicUser',
    'WorkingDirectory',
    'RootDirectory',
    'UMask',
    'Nice',
    'OOMScoreAdjust',
    'Environment',
    'EnvironmentFile',
    'PassEnvironment',
    'UnsetEnvironment',
    'ExecCondition',
    'ExecStartPre',
    'ExecStart',
    'ExecStartPost',
    'ExecReload',
    'ExecStop',
    'ExecStopPost',
    'Restart',
    'RestartSec',
    'SuccessExitStatus',
    'RestartPreventExitStatus',
    'RestartForceExitStatus',
    'StartLimitInterval',
    'StartLimitBurst',
    'TimeoutStartSec',
    'TimeoutStopSec',
    'KillMode',
    'KillSignal',
    'StandardInput',
    'StandardOutput',
    'StandardError',
    'TTYPath',
    'AppArmorProfile',
  ],
  Socket: [
    'ListenStream',
    'ListenDatagram',
    'ListenSequentialPacket',
    'Accept',
    'Service',
    'SocketUser',
    'SocketGroup',
    'SocketMode',
  ],
  Path: ['PathExists', 'PathExistsGlob', 'PathChanged', 'PathModified', 'DirectoryNotEmpty', 'Unit', 'MakeDirectory'],
  Install: ['WantedBy', 'RequiredBy', 'Alias', 'Also', 'DefaultInstance'],
};

/** A directory systemd creates and owns for a service, and the base path its values are relative to. */
export interface ManagedDirectory {
  key: string;
  base: string;
}

/** The directories systemd manages for a service (RuntimeDirectory= 211, the others 235). */
export const MANAGED_DIRECTORIES: readonly ManagedDirectory[] = [
  { key: 'RuntimeDirectory', base: '/run' },
  { key: 'StateDirectory', base: '/var/lib' },
  { key: 'CacheDirectory', base: '/var/cache' },
  { key: 'LogsDirectory', base: '/var/log' },
  { key: 'ConfigurationDirectory', base: '/etc' },
];

/** Directives that accumulate when repeated, by kind (every other directive: the last assignment wins). */
const LIST_ROWS: readonly string[] = [
  'Environment EnvironmentFile PassEnvironment UnsetEnvironment',
  'ExecCondition ExecStartPre ExecStart ExecStartPost ExecReload ExecStop ExecStopPost',
  'ReadWritePaths ReadOnlyPaths InaccessiblePaths ExecPaths NoExecPaths BindPaths BindReadOnlyPaths',
  'ReadWriteDirectories ReadOnlyDirectories InaccessibleDirectories TemporaryFileSystem',
  ...MANAGED_DIRECTORIES.map((m) => m.key),
  'SupplementaryGroups CapabilityBoundingSet AmbientCapabilities LoadCredential SetCredential',
  'RestrictAddressFamilies SystemCallFilter SystemCallArchitectures RestrictFileSystems',
  'IPAddressAllow IPAddressDeny DeviceAllow RestrictNetworkInterfaces SocketBindAllow SocketBindDeny',
  'After Before Wants Requires Requisite BindsTo PartOf Conflicts Upholds OnFailure OnSuccess',
  'PropagatesReloadTo ReloadPropagatedFrom JoinsNamespaceOf RequiresMountsFor Documentation',
  'WantedBy RequiredBy Also Alias',
  'SuccessExitStatus RestartPreventExitStatus RestartForceExitStatus',
  'ListenStream ListenDatagram ListenSequentialPacket ListenFIFO Sockets',
  'PathExists PathExistsGlob PathChanged PathModified DirectoryNotEmpty',
  'OnCalendar OnActiveSec OnBootSec OnStartupSec OnUnitActiveSec OnUnitInactiveSec',
];

/** The list-valued directives (a key listed twice is a mistake in the rows above). */
export const LIST_DIRECTIVES: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  for (const name of LIST_ROWS.flatMap((row) => row.split(' '))) {
    if (out.has(name)) throw new Error(`LIST_DIRECTIVES lists ${name} twice`);
    out.add(name);
  }
  return out;
})();

/** What a difference between two units is about, in the order a reviewer should read them. */
export const CATEGORIES = [
  'identity',
  'exec',
  'restart',
  'ordering',
  'names',
  'sandboxing',
  'environment',
  'other',
] as const;
/** One of CATEGORIES. */
export type Category = (typeof CATEGORIES)[number];

/** A pattern for keys named exactly one of `names` (each may be a pattern itself, e.g. `Limit\w+`). */
const exactly = (...names: string[]): RegExp => new RegExp(`^(${names.join('|')})$`);
/** A pattern for keys that start with one of `names`. */
const startingWith = (...names: string[]): RegExp => new RegExp(`^(${names.join('|')})`);

/** Which category a key falls in: the first row whose section (if any) and keys (if any) match; else "other". */
export const DIRECTIVE_CATEGORIES: ReadonlyArray<{ category: Category; section?: string; keys?: RegExp }> = [
  { category: 'identity', keys: exactly('User', 'Group', 'DynamicUser', 'SupplementaryGroups', 'PAMName') },
  { category: 'exec', keys: startingWith('Exec') },
  {
    category: 'exec',
    keys: exactly('Type', 'PIDFile', 'RemainAfterExit', 'BusName', 'WorkingDirectory', 'RootDirectory'),
  },
  {
    category: 'restart',
    keys: exactly(
      ...['Restart', 'RestartSec', 'RestartPreventExitStatus', 'RestartForceExitStatus', 'SuccessExitStatus'],
      ...['StartLimit\\w*', 'TimeoutStopSec', 'KillSignal', 'KillMode'],
    ),
  },
  // the other names a unit answers to (Alias=, Also=, DefaultInstance=) are not about when it starts
  { category: 'names', section: 'Install', keys: exactly('Alias', 'Also', 'DefaultInstance') },
  { category: 'ordering', section: 'Install' },
  {
    category: 'ordering',
    keys: exactly(
      ...['After', 'Before', 'Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Conflicts'],
      ...['RequiresMountsFor', 'DefaultDependencies', 'Condition\\w+'],
    ),
  },
  {
    category: 'sandboxing',
    keys: exactly(
      ...['Limit\\w+', 'TasksMax', 'MemoryMax', 'MemoryLimit', 'MemoryHigh'],
      ...['CPUWeight', 'CPUShares', 'CPUQuota', 'IOWeight'],
    ),
  },
  {
    category: 'sandboxing',
    keys: startingWith(
      ...['Protect', 'Private', 'Restrict', 'NoNewPrivileges', 'LockPersonality', 'MemoryDenyWriteExecute'],
      ...['SystemCall', 'Capability', 'AmbientCapabilities', 'ReadWrite', 'ReadOnly', 'Inaccessible', 'Bind'],
      ...['TemporaryFileSystem', 'RemoveIPC', 'KeyringMode', '\\w+Directory$', 'AppArmorProfile', 'SELinuxContext'],
      ...['IPAddress', 'DeviceAllow', 'UMask'],
    ),
  },
  { category: 'environment', keys: exactly('Environment', 'EnvironmentFile', 'PassEnvironment', 'UnsetEnvironment') },
];
