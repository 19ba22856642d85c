/**
 * What a profile may set: sandboxing, file-system views, resource control and limits, and the
 * identity a sandbox needs (DynamicUser=, SupplementaryGroups=) — every [Service] directive here
 * with the kind of value it takes. Anything else (commands, ordering and dependencies, the
 * service type, restarts, environment, the job's own user…) belongs to the job, not to a
 * hardening profile, and is refused (`harden/directive-not-allowed`, docs/profiles.md).
 */
import {
  type ValueKind,
  bindPaths,
  bool,
  controlCharacter,
  cpuSet,
  deviceAllow,
  directoryNames,
  integer,
  ioDevice,
  ioLimit,
  limitCount,
  limitNice,
  limitSize,
  limitTime,
  matching,
  memory,
  mode,
  oneOf,
  pathList,
  percent,
  shown,
  singlePath,
  tasks,
  timespan,
  tmpfsList,
  wordList,
} from './values';

/** One group of the allow-list: what it is for and its directives with their value kinds. */
export interface AllowedGroup {
  name: string;
  directives: Readonly<Record<string, ValueKind>>;
}

/** Keys that share one kind. */
const each = (keys: string, kind: ValueKind): Record<string, ValueKind> =>
  Object.fromEntries(keys.split(' ').map((k) => [k, kind]));

const SYSCALL = /^@?[a-z0-9_-]+(?::(?:E[A-Z0-9]+|\d+|kill))?$/;
const NAMESPACES = /^(?:cgroup|ipc|net|mnt|pid|user|uts|time)$/;
const ADDRESS = /^(?:any|localhost|link-local|multicast|[0-9A-Fa-f:.]+(?:\/\d{1,3})?)$/;
const SOCKET_BIND = /^(?:(?:ipv4|ipv6):)?(?:(?:tcp|udp):)?(?:any|\d+(?:-\d+)?)$/;
// systemd's relaxed user and group names (valid_user_group_name, VALID_USER_RELAX), without quotes or backslashes
const GROUP = /^(?![-+]|\.{1,2}$)[^\s:/"'\\]+$/;
const NAMESPACE_LIST = wordList('cgroup|ipc|net|mnt|pid|user|uts|time', 'a namespace type', NAMESPACES, {
  invert: true,
});

/** The allow-list, by group (docs/profiles.md renders it). */
export const ALLOWED_GROUPS: readonly AllowedGroup[] = [
  {
    name: 'sandboxing',
    directives: {
      ...each(
        'NoNewPrivileges PrivateTmp PrivateDevices PrivateNetwork PrivateIPC PrivateMounts PrivateUsers ' +
          'ProtectKernelTunables ProtectKernelModules ProtectKernelLogs ProtectControlGroups ProtectClock ' +
          'ProtectHostname RestrictRealtime RestrictSUIDSGID LockPersonality MemoryDenyWriteExecute RemoveIPC',
        bool,
      ),
      ProtectSystem: oneOf(['full', 'strict'], true),
      ProtectHome: oneOf(['read-only', 'tmpfs'], true),
      ProtectProc: oneOf(['noaccess', 'invisible', 'ptraceable', 'default']),
      ProcSubset: oneOf(['all', 'pid']),
      KeyringMode: oneOf(['inherit', 'private', 'shared']),
      RestrictNamespaces: {
        describe: `yes | no | ${NAMESPACE_LIST.describe}`,
        check: (v) => (bool.check(v) ? NAMESPACE_LIST.check(v) : undefined),
      },
      RestrictAddressFamilies: wordList('AF_NAME', 'an address family', /^AF_[A-Z0-9]+$/, {
        invert: true,
        alone: ['none'],
      }),
      RestrictFileSystems: wordList('filesystem|@set', 'a file system name', /^@?[a-z0-9_.-]+$/, { invert: true }),
      RestrictNetworkInterfaces: wordList('interface', 'an interface name', /^[A-Za-z0-9_.:@-]{1,15}$/, {
        invert: true,
      }),
      SystemCallFilter: wordList('syscall|@set[:errno]', 'a system call or @set', SYSCALL, { invert: true }),
      SystemCallLog: wordList('syscall|@set', 'a system call or @set', SYSCALL, { invert: true }),
      SystemCallArchitectures: wordList('native|ARCH', 'an architecture', /^[a-z0-9_-]+$/),
      SystemCallErrorNumber: matching('errno name | number', 'E[A-Z0-9]+|\\d+|kill|log', 'an errno name'),
      CapabilityBoundingSet: wordList('CAP_NAME', 'a capability', /^CAP_[A-Z0-9_]+$/i, { invert: true }),
      DevicePolicy: oneOf(['auto', 'closed', 'strict']),
      DeviceAllow: deviceAllow,
      IPAddressAllow: wordList('ADDRESS[/PREFIX]|any|localhost', 'an address or prefix', ADDRESS),
      IPAddressDeny: wordList('ADDRESS[/PREFIX]|any|localhost', 'an address or prefix', ADDRESS),
      SocketBindAllow: wordList('[ipv4:|ipv6:][tcp:|udp:]PORT[-PORT]|any', 'a port', SOCKET_BIND),
      SocketBindDeny: wordList('[ipv4:|ipv6:][tcp:|udp:]PORT[-PORT]|any', 'a port', SOCKET_BIND),
    },
  },
  {
    name: 'file system',
    directives: {
      ...each('ReadWritePaths ReadOnlyPaths InaccessiblePaths ExecPaths NoExecPaths', pathList('-+')),
      ...each('ReadWriteDirectories ReadOnlyDirectories InaccessibleDirectories', pathList('-+')),
      TemporaryFileSystem: tmpfsList,
      BindPaths: bindPaths,
      BindReadOnlyPaths: bindPaths,
      RootDirectory: singlePath,
      MountAPIVFS: bool,
      MountFlags: oneOf(['shared', 'slave', 'private']),
      ...each('RuntimeDirectory StateDirectory CacheDirectory LogsDirectory ConfigurationDirectory', directoryNames),
      ...each(
        'RuntimeDirectoryMode StateDirectoryMode CacheDirectoryMode LogsDirectoryMode ConfigurationDirectoryMode',
        mode,
      ),
      RuntimeDirectoryPreserve: oneOf(['restart'], true),
      UMask: mode,
    },
  },
  {
    name: 'resource control',
    directives: {
      TasksMax: tasks,
      ...each(
        'MemoryMax MemoryHigh MemoryLow MemoryMin MemorySwapMax MemoryZSwapMax MemoryLimit ' +
          'StartupMemoryMax StartupMemoryHigh StartupMemoryLow StartupMemorySwapMax StartupMemoryZSwapMax',
        memory,
      ),
      CPUQuota: percent,
      CPUQuotaPeriodSec: timespan,
      CPUWeight: integer(1, 10000, ['idle']),
      StartupCPUWeight: integer(1, 10000, ['idle']),
      ...each('CPUShares StartupCPUShares', integer(2, 262144)),
      ...each('AllowedCPUs StartupAllowedCPUs AllowedMemoryNodes StartupAllowedMemoryNodes', cpuSet),
      ...each('IOWeight StartupIOWeight', integer(1, 10000)),
      IODeviceWeight: ioDevice(integer(1, 10000)),
      ...each('IOReadBandwidthMax IOWriteBandwidthMax IOReadIOPSMax IOWriteIOPSMax', ioDevice(ioLimit)),
      ...each('CPUAccounting MemoryAccounting TasksAccounting IOAccounting IPAccounting', bool),
    },
  },
  {
    name: 'limits',
    directives: {
      ...each('LimitAS LimitCORE LimitDATA LimitFSIZE LimitMEMLOCK LimitMSGQUEUE LimitRSS LimitSTACK', limitSize),
      ...each('LimitLOCKS LimitNOFILE LimitNPROC LimitSIGPENDING LimitRTPRIO', limitCount),
      ...each('LimitCPU LimitRTTIME', limitTime),
      LimitNICE: limitNice,
    },
  },
  {
    name: 'identity',
    directives: {
      DynamicUser: bool,
      SupplementaryGroups: wordList('GROUP', 'a group name', GROUP),
    },
  },
];

const KINDS = new Map<string, ValueKind>(ALLOWED_GROUPS.flatMap((g) => Object.entries(g.directives)));

/** The kind of value an allowed [Service] directive takes; undefined when a profile may not set it. */
export function allowedDirective(section: string, key: string): ValueKind | undefined {
  return section === 'Service' ? KINDS.get(key) : undefined;
}

/** Why a value is wrong for an allowed directive (control characters included); undefined when it is fine. */
export function checkDirectiveValue(key: string, value: string): string | undefined {
  const control = controlCharacter(value);
  if (control) return `${shown(value)} ${control}`;
  return KINDS.get(key)?.check(value);
}
