/** The harden/… rules: sandboxing profiles, and what a job needs that they would forbid. */
import type { FamilyRules } from './spec';

/** The harden/… rules, by id. */
export const HARDEN_RULES = {
  'harden/profile-invalid': {
    severity: 'error',
    summary:
      'A profile (or profile map) is not valid: YAML syntax, a key the format does not have, a value of the wrong ' +
      'shape; reported at file:line:column.',
    action: 'Fix the file; docs/profiles.md describes the format.',
  },
  'harden/profile-not-found': {
    severity: 'error',
    summary:
      'No preset of that name and no such file; reported where the name is written (a --profile-map file, ' +
      '`extends:`), with the nearest preset name when one is close.',
    action: 'Use a preset name from `profiles list` or a path to a .yaml file.',
  },
  'harden/profile-cycle': {
    severity: 'error',
    summary: 'Profiles extend each other in a cycle.',
    action: 'Break the cycle of extends.',
  },
  'harden/unknown-directive': {
    severity: 'error',
    summary:
      "A profile names a directive systemd does not have (checked against systemd's own list), usually a typo; the " +
      'hint suggests the closest name.',
    action: 'Correct the name.',
  },
  'harden/directive-not-allowed': {
    severity: 'error',
    summary:
      'A profile sets a directive that is not sandboxing, file-system view, resource control, a limit or the ' +
      "identity a sandbox needs: commands (Exec*=), ordering and dependencies, the service type, restarts, the job's " +
      'user or environment belong to the job, not to a hardening profile (docs/profiles.md lists what a profile may set).',
    action: 'Remove it from the profile; change the job (or an override) for what the service runs and when.',
  },
  'harden/invalid-value': {
    severity: 'error',
    summary:
      'A directive value (as written, or once its {{variables}} are filled in), a profile variable or a --var value ' +
      'is not what the directive takes (a boolean, one of its words, a size, absolute paths…), has a control ' +
      'character (CR, LF, NUL, tab…) or is not a template of {{name}} placeholders; reported at the profile line.',
    action: 'Correct the value; docs/profiles.md lists the values each directive takes.',
  },
  'harden/job-value-left-out': {
    severity: 'warning',
    summary:
      "A value that a job's own data (a path it uses, its user or group) put into a profile's {{variable}} is not " +
      'what the directive takes (a path that is not absolute, a name systemd refuses…); that value is left out of ' +
      "the job's unit, the directive's other values kept, and the warning points at the profile's line.",
    action: 'Check the path or name in the job; add the right value to the unit by hand if the service needs it.',
  },
  'harden/invalid-regex': {
    severity: 'error',
    summary:
      'A `matches:` condition is not a valid RE2 expression (no look-around or back-references), or is longer than ' +
      '1024 characters; reported when the profile loads.',
    action: 'Correct the expression (RE2 syntax).',
  },
  'harden/profile-limit': {
    severity: 'error',
    summary:
      'A profile or profile map is past a limit: larger than 1 MiB, more than 64 YAML aliases or more than 100,000 ' +
      'nodes once aliases are expanded, nesting deeper than 100 levels, an `extends:` chain of more than 32 profiles, ' +
      '`when:` conditions nested deeper than 32, more than 1,000 values in the profiles applied together, a value ' +
      'longer than 65,536 characters once filled in, or more than 20 problems in one file.',
    action: 'Simplify the file; docs/profiles.md lists the limits.',
  },
  'harden/unknown-variable': {
    severity: 'error',
    summary:
      "A directive value uses a {{variable}} that is neither built in, nor in the profile's variables, nor given " +
      'with --var; reported once, before any job is converted.',
    action: 'Define it, or pass --var NAME=VALUE.',
  },
  'harden/path-unknown': {
    severity: 'warning',
    summary:
      'The job uses a path made of a variable whose value is unknown, so it cannot be kept writable automatically.',
    action: 'Add it with ReadWritePaths= if the job writes there.',
  },
  'harden/path-broad': {
    severity: 'warning',
    summary: 'The job writes a file directly in /run or /var/log, so the whole directory had to stay writable.',
    action: 'Move the file into its own directory so RuntimeDirectory=/LogsDirectory= can confine it.',
  },
  'harden/protect-system-write': {
    severity: 'warning',
    summary:
      'The job writes below /etc or /usr; ReadWritePaths= for that path keeps it working under ProtectSystem=strict.',
    action: 'Confirm the service has to write there.',
  },
  'harden/managed-dir-fallback': {
    severity: 'info',
    summary:
      'State/Cache/Logs/ConfigurationDirectory= need systemd 235; ReadWritePaths= is used for older targets (the ' +
      'directory must exist).',
    action: 'Create the directory at install time.',
  },
  'harden/private-tmp-shared': {
    severity: 'warning',
    summary: 'PrivateTmp= left out: the job shares files in /tmp with other jobs.',
    action: 'Use JoinsNamespaceOf= or move the shared files.',
  },
  'harden/mdwe-jit': {
    severity: 'warning',
    summary: 'MemoryDenyWriteExecute= left out: the job runs a JIT runtime (node, java, mono, luajit, pypy…).',
    action: 'Nothing; it cannot work with JIT.',
  },
  'harden/protect-home': {
    severity: 'warning',
    summary: 'ProtectHome= left out: the job writes below /home or /root.',
    action: 'Move the data out of /home to confine it.',
  },
  'harden/protect-home-read-only': {
    severity: 'info',
    summary: "ProtectHome=read-only instead of the profile's value: the job reads below /home or /root.",
    action: 'Nothing; move the files out of /home to hide it completely.',
  },
  'harden/private-devices': {
    severity: 'warning',
    summary: 'PrivateDevices= left out: the job uses a device node.',
    action: 'Or keep it and add DeviceAllow= and BindPaths= for the device.',
  },
  'harden/setuid-binary': {
    severity: 'warning',
    summary: 'NoNewPrivileges=/RestrictSUIDSGID= left out: the job runs a set-uid program (su, sudo, ping…).',
    action: 'Remove the need for it, then add them back.',
  },
  'harden/kernel-modules': {
    severity: 'warning',
    summary: 'ProtectKernelModules= left out: the job loads kernel modules.',
    action: 'Load them at boot (modules-load.d) instead.',
  },
  'harden/kernel-tunables': {
    severity: 'warning',
    summary: 'ProtectKernelTunables= left out: the job changes sysctls.',
    action: 'Use sysctl.d instead.',
  },
  'harden/kernel-logs': {
    severity: 'warning',
    summary: 'ProtectKernelLogs= left out: the job reads the kernel log.',
    action: 'Nothing, if it needs to.',
  },
  'harden/clock': {
    severity: 'warning',
    summary: 'ProtectClock= left out: the job sets the clock.',
    action: 'Nothing, if it needs to.',
  },
  'harden/hostname': {
    severity: 'warning',
    summary: 'ProtectHostname= left out: the job sets the host name.',
    action: 'Nothing, if it needs to.',
  },
  'harden/namespaces': {
    severity: 'warning',
    summary: 'RestrictNamespaces= left out: the job creates namespaces or containers.',
    action: 'Nothing, if it needs to.',
  },
  'harden/realtime': {
    severity: 'warning',
    summary: 'RestrictRealtime= left out: the job uses real-time scheduling.',
    action: 'Nothing, if it needs to.',
  },
  'harden/syscall-filter': {
    severity: 'warning',
    summary:
      'SystemCallFilter=@system-service left out: the job runs mount, modprobe or hwclock, whose system calls the ' +
      'set denies.',
    action: 'Write a filter that adds the needed groups.',
  },
  'harden/address-families': {
    severity: 'info',
    summary: 'AF_NETLINK added to RestrictAddressFamilies=: the job configures the network.',
    action: 'Nothing.',
  },
  'harden/dynamic-user-owner': {
    severity: 'warning',
    summary: 'DynamicUser= left out: the job runs as its own user, who owns its files.',
    action: 'Keep User=, or move the data to managed directories first.',
  },
  'harden/dynamic-user-root': {
    severity: 'warning',
    summary: 'A job that ran as root now runs as an ephemeral unprivileged user.',
    action: 'Check it needs no root privileges (ports < 1024, chown…).',
  },
  'harden/dynamic-user-paths': {
    severity: 'warning',
    summary: 'The ephemeral user does not own paths the job writes outside its managed directories.',
    action: 'Move them into StateDirectory= etc., or keep a static User=.',
  },
  'harden/dynamic-user-target': {
    severity: 'warning',
    summary: "DynamicUser= is newer than the target's systemd: left out, and the job keeps its own user.",
    action: 'Choose a newer --target.',
  },
  'harden/runtime-dir-shared': {
    severity: 'info',
    summary:
      'A runtime directory other jobs also use gets ReadWritePaths= on systemd < 235, whose RuntimeDirectory= would ' +
      'be deleted when this unit stops (235+: RuntimeDirectoryPreserve=yes).',
    action: 'Create the directory at boot (tmpfiles.d).',
  },
  'harden/job-limit-kept': {
    severity: 'info',
    summary: "The job's own `limit` wins over the profile's value for the same resource.",
    action: 'Nothing; edit the job to change it.',
  },
  'harden/exposure-unscored': {
    severity: 'warning',
    summary:
      'Scoring was asked for (a profile without --no-score), but a service unit has no exposure score before or ' +
      'after hardening: systemd-analyze security refused the unit (its own words follow), was stopped, or printed ' +
      'no score for it.',
    action:
      'Read the reason; a refused unit will not load either, so fix it before installing. Score the written unit ' +
      'by hand with `systemd-analyze security --offline=true FILE`.',
  },
} as const satisfies FamilyRules<'harden'>;
