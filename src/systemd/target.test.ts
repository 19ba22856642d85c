/**
 * Version questions, answered by the target: first versions the converter relies on, values and
 * command-line forms newer than their directive, combinations with another key, renames, the
 * targets and their line limits, and host-tool capabilities.
 */
import { FIRST_VERSION, NEWEST_KNOWN_SYSTEMD } from './tables/first-versions';
import { HOST_TOOL_FEATURES } from './tables/host-tools';
import { RENAMES, cpuWeightToShares, ioWeightToBlkio } from './tables/renames';
import { MAX_LINE } from './tables/targets';
import { SYSCALL_FILTER_GROUPS, VALUE_FEATURES } from './tables/value-features';
import { isKnownDirective, sectionsOf } from './directives';
import {
  DEFAULT_TARGET,
  TARGETS,
  firstVersion,
  firstVersionWith,
  hostToolSupports,
  renameFor,
  resolveTarget,
  restartFirstVersion,
  supports,
  targetForSystemd,
} from './target';

/** The ad-hoc target of a systemd version. */
const v = targetForSystemd;

describe('first versions the converter relies on', () => {
  it.each([
    ['Service', 'Type', 209],
    ['Service', 'ExecCondition', 243],
    ['Unit', 'StartLimitIntervalSec', 230],
    ['Service', 'PassEnvironment', 228],
    ['Service', 'RestartForceExitStatus', 215],
    ['Service', 'AppArmorProfile', 210],
    ['Service', 'MemoryMax', 231],
    ['Service', 'CPUWeight', 232],
    ['Service', 'IOWeight', 230],
    ['Service', 'AllowedCPUs', 244],
    ['Service', 'TasksMax', 227],
    ['Service', 'DynamicUser', 232],
    ['Service', 'StateDirectory', 235],
    ['Service', 'CacheDirectory', 235],
    ['Service', 'LogsDirectory', 235],
    ['Service', 'ConfigurationDirectory', 235],
    ['Service', 'RuntimeDirectory', 211],
    ['Service', 'RuntimeDirectoryMode', 211],
    ['Service', 'ReadWritePaths', 231],
    ['Service', 'ReadOnlyPaths', 231],
    ['Service', 'InaccessiblePaths', 231],
    ['Service', 'TemporaryFileSystem', 238],
    ['Service', 'BindPaths', 233],
    ['Service', 'BindReadOnlyPaths', 233],
    ['Service', 'ProtectKernelTunables', 232],
    ['Service', 'ProtectKernelModules', 232],
    ['Service', 'ProtectControlGroups', 232],
    ['Service', 'RestrictNamespaces', 233],
    ['Service', 'RestrictRealtime', 231],
    ['Service', 'RestrictSUIDSGID', 242],
    ['Service', 'LockPersonality', 235],
    ['Service', 'MemoryDenyWriteExecute', 231],
    ['Service', 'RestrictAddressFamilies', 211],
    ['Service', 'SystemCallArchitectures', 209],
    ['Service', 'ProtectClock', 245],
    ['Service', 'ProtectHostname', 242],
    ['Service', 'ProtectKernelLogs', 244],
    ['Service', 'ProtectProc', 247],
    ['Service', 'ProcSubset', 247],
    ['Service', 'PrivateUsers', 232],
    ['Service', 'RemoveIPC', 232],
    ['Service', 'ExitType', 250],
    ['Service', 'OOMPolicy', 243],
    ['Unit', 'CollectMode', 236],
    ['Service', 'RuntimeDirectoryPreserve', 235],
    ['Service', 'SupplementaryGroups', 209],
    ['Service', 'UMask', 209],
    ['Service', 'Nice', 209],
    ['Service', 'OOMScoreAdjust', 209],
    ['Service', 'LimitNOFILE', 209],
    ['Service', 'TTYPath', 209],
    ['Service', 'StandardInput', 209],
    ['Service', 'StandardOutput', 209],
    ['Service', 'StandardError', 209],
    ['Service', 'KillSignal', 209],
    ['Service', 'KillMode', 209],
    ['Service', 'TimeoutStopSec', 209],
    ['Service', 'RestartPreventExitStatus', 209],
    ['Service', 'SuccessExitStatus', 209],
    ['Unit', 'RequiresMountsFor', 209],
    ['Unit', 'ConditionVirtualization', 209],
    ['Unit', 'ConditionFileIsExecutable', 209],
    ['Socket', 'ListenStream', 209],
    ['Socket', 'Accept', 209],
    ['Path', 'PathExists', 209],
    ['Path', 'PathExistsGlob', 209],
    ['Path', 'PathChanged', 209],
    ['Path', 'PathModified', 209],
    ['Path', 'DirectoryNotEmpty', 209],
    ['Timer', 'OnCalendar', 209],
    ['Unit', 'ConditionUser', 234],
    ['Unit', 'JobTimeoutAction', 217],
    ['Service', 'MemoryLow', 231],
  ] as const)('dates [%s] %s= at %i', (section, key, version) => {
    expect(firstVersion(section, key)).toBe(version);
  });

  it('dates StartLimitBurst= in [Unit] at 229 (NEWS 229 moved it there) but in [Service] as old', () => {
    expect(firstVersion('Unit', 'StartLimitBurst')).toBe(229);
    expect(firstVersion('Service', 'StartLimitBurst')).toBe(209);
    expect(firstVersion('Unit', 'StartLimitInterval')).toBe(229);
  });

  it('dates keys that reached another section later by that section', () => {
    expect(firstVersion('Socket', 'TriggerLimitBurst')).toBe(230);
    expect(firstVersion('Path', 'TriggerLimitBurst')).toBe(250);
    expect(firstVersion('Service', 'FailureAction')).toBe(213);
    expect(firstVersion('Unit', 'FailureAction')).toBe(236);
    expect(firstVersion('Mount', 'Options')).toBe(209);
    expect(firstVersion('Swap', 'Options')).toBe(217);
  });

  it('says nothing about keys that do not exist in the section', () => {
    expect(firstVersion('Service', 'StartLimitIntervalSec')).toBeUndefined();
    expect(firstVersion('Unit', 'ConditionPathIsExecutable')).toBeUndefined();
    expect(firstVersion('Nope', 'Type')).toBeUndefined();
  });
});

describe('values that appeared after their directive', () => {
  it.each([
    ['Service', 'Type', 'exec', 240],
    ['Service', 'Type', 'simple', 209],
    ['Service', 'Type', 'notify-reload', 253],
    ['Service', 'ProtectSystem', 'strict', 232],
    ['Service', 'ProtectSystem', 'full', 214],
    ['Service', 'ProtectHome', 'tmpfs', 238],
    ['Service', 'ProtectHome', 'read-only', 214],
    ['Service', 'StandardInput', 'file:/dev/console', 236],
    ['Service', 'StandardInput', 'tty', 209],
    ['Service', 'StandardOutput', 'file:/var/log/x.log', 236],
    ['Service', 'StandardOutput', 'append:/var/log/x.log', 240],
    ['Service', 'StandardError', 'truncate:/var/log/x.log', 248],
    ['Service', 'StandardError', 'journal', 209],
    ['Service', 'LimitNOFILE', '1024:4096', 229],
    ['Service', 'LimitNOFILE', '4096', 209],
    ['Service', 'SystemCallFilter', '@system-service', 239],
    ['Service', 'SystemCallFilter', '~@mount @swap', 233],
    ['Service', 'SystemCallFilter', '~@mount', 231],
    ['Service', 'SystemCallFilter', '@pkey', 244],
    ['Service', 'SystemCallFilter', 'read write', 209],
    ['Service', 'ExecStart', '/usr/bin/daemon --foreground', 209],
    ['Service', 'ExecStart', 'daemon --foreground', 239],
    ['Service', 'ExecStart', '"/usr/bin/my daemon"', 209],
    ['Service', 'ExecStart', '%h/bin/daemon', 209],
    ['Service', 'ExecStart', '%%daemon', 239],
    ['Service', 'ExecStartPre', '+/bin/mkdir -p /run/x', 231],
    ['Service', 'ExecStartPre', '-+/bin/true', 231],
    ['Service', 'ExecStartPre', '!/bin/true', 235],
    ['Service', 'ExecStartPre', '!!/bin/true', 235],
    ['Service', 'ExecStop', ':/bin/kill $MAINPID', 242],
    ['Service', 'ExecStop', '-:/bin/true', 242],
    ['Service', 'ExecStart', '@/usr/sbin/daemon daemon', 209],
    ['Service', 'ExecCondition', '/bin/true', 243],
    ['Service', 'CPUWeight', 'idle', 252],
    ['Service', 'Restart', 'on-failure', 209],
    ['Mount', 'Type', 'exec', 209],
  ] as const)('dates [%s] %s=%s at %i', (section, key, value, version) => {
    expect(firstVersion(section, key, value)).toBe(version);
  });

  it('offers the older spelling where there is one', () => {
    const fallback = (d: string, v: string) =>
      VALUE_FEATURES.find((f) => f.directive === d && f.value.test(v))?.fallback;
    expect(fallback('Type', 'exec')).toBe('simple');
    expect(fallback('StandardInput', 'file:/dev/console')).toBe('null');
    expect(fallback('ProtectSystem', 'strict')).toBe('full');
  });

  it('only lists values newer than their directive, for directives that exist', () => {
    for (const f of VALUE_FEATURES) {
      expect(sectionsOf(f.directive).length).toBeGreaterThan(0);
      expect(f.since).toBeGreaterThan(FIRST_VERSION[f.directive]!);
      expect(f.note.length).toBeGreaterThan(0);
    }
  });

  it('knows a version for every system call group it dates', () => {
    for (const [group, since] of Object.entries(SYSCALL_FILTER_GROUPS)) {
      expect(firstVersion('Service', 'SystemCallFilter', `@${group}`)).toBe(since);
    }
  });

  it('accepts Restart= other than no with Type=oneshot only from 244, and never always/on-success', () => {
    expect(restartFirstVersion('oneshot', 'no')).toBe(209);
    expect(restartFirstVersion('oneshot', 'on-failure')).toBe(244);
    expect(restartFirstVersion('oneshot', 'on-abnormal')).toBe(244);
    expect(restartFirstVersion('oneshot', 'always')).toBeNull();
    expect(restartFirstVersion('oneshot', 'on-success')).toBeNull();
    expect(restartFirstVersion('simple', 'always')).toBe(209);
    expect(restartFirstVersion(undefined, 'on-abnormal')).toBe(214);
    const entry = VALUE_FEATURES.find((f) => f.directive === 'Restart' && f.onlyWith);
    expect(entry).toMatchObject({ since: 244, onlyWith: { key: 'Type' } });
  });
});

describe('renames to older spellings', () => {
  it('rename to keys that existed before the new spelling, in sections that have them', () => {
    expect(RENAMES.length).toBeGreaterThan(10);
    for (const r of RENAMES) {
      expect(isKnownDirective(r.from.section, r.from.key)).toBe(true);
      expect(isKnownDirective(r.to.section, r.to.key)).toBe(true);
      expect(firstVersion(r.to.section, r.to.key)!).toBeLessThan(r.since);
      expect(firstVersion(r.from.section, r.from.key)!).toBeLessThanOrEqual(r.since);
    }
  });

  it('moves [Unit] StartLimitIntervalSec= to [Service] StartLimitInterval= before 230 only', () => {
    expect(renameFor(v(229), 'Unit', 'StartLimitIntervalSec')?.to).toEqual({
      section: 'Service',
      key: 'StartLimitInterval',
    });
    expect(renameFor(v(230), 'Unit', 'StartLimitIntervalSec')).toBeUndefined();
    // [Unit] StartLimitBurst= works from 229, but moves along so the pair stays in one section.
    expect(renameFor(v(229), 'Unit', 'StartLimitBurst')?.to).toEqual({ section: 'Service', key: 'StartLimitBurst' });
    expect(renameFor(v(230), 'Unit', 'StartLimitBurst')).toBeUndefined();
  });

  it('renames the cgroup and sandboxing keys for older targets', () => {
    expect(renameFor(v(230), 'Service', 'MemoryMax')?.to.key).toBe('MemoryLimit');
    expect(renameFor(v(231), 'Service', 'MemoryMax')).toBeUndefined();
    expect(renameFor(v(231), 'Service', 'CPUWeight')?.to.key).toBe('CPUShares');
    expect(renameFor(v(229), 'Service', 'IOWeight')?.to.key).toBe('BlockIOWeight');
    expect(renameFor(v(229), 'Service', 'ReadWritePaths')?.to.key).toBe('ReadWriteDirectories');
    expect(renameFor(v(230), 'Service', 'ReadOnlyPaths')?.to.key).toBe('ReadOnlyDirectories');
    expect(renameFor(v(230), 'Service', 'InaccessiblePaths')?.to.key).toBe('InaccessibleDirectories');
    expect(renameFor(v(229), 'Socket', 'MemoryMax')?.to).toEqual({ section: 'Socket', key: 'MemoryLimit' });
  });

  it('converts weights to the old scales', () => {
    expect(['100', '1', '3', '50', '10000', 'idle', ''].map(cpuWeightToShares)).toEqual([
      '1024',
      '10',
      '31',
      '512',
      '102400',
      '2',
      '',
    ]);
    expect(['100', '1', '500', '10000'].map(ioWeightToBlkio)).toEqual(['500', '10', '1000', '1000']);
    const convert = (key: string, value: string) => renameFor(v(229), 'Service', key)!.convert!(value);
    expect(convert('CPUWeight', '200')).toBe('2048');
    expect(convert('IODeviceWeight', '/dev/sda 200')).toBe('/dev/sda 1000');
    expect(convert('MemoryMax', 'max')).toBe('infinity');
    expect(convert('MemoryMax', '512M')).toBe('512M');
  });
});

describe('targets', () => {
  it('are exactly the supported releases with their systemd', () => {
    expect(TARGETS.map((t) => [t.name, t.systemd])).toEqual([
      ['ubuntu-16.04', 229],
      ['ubuntu-18.04', 237],
      ['ubuntu-20.04', 245],
      ['ubuntu-22.04', 249],
      ['ubuntu-24.04', 255],
      ['debian-9', 232],
      ['debian-10', 241],
      ['debian-11', 247],
      ['debian-12', 252],
    ]);
    for (const t of TARGETS) expect(t.systemd).toBeLessThanOrEqual(NEWEST_KNOWN_SYSTEMD);
  });

  it('resolves names, and Ubuntu 18.04 when nothing is given', () => {
    expect(resolveTarget({})).toMatchObject({ name: DEFAULT_TARGET, systemd: 237 });
    expect(resolveTarget({ target: 'debian-12' })).toMatchObject({ name: 'debian-12', systemd: 252 });
    expect(resolveTarget({ target: ' Ubuntu-24.04 ' })).toMatchObject({ name: 'ubuntu-24.04', systemd: 255 });
  });

  it('turns --systemd N into an ad-hoc target', () => {
    expect(resolveTarget({ systemd: 250 })).toMatchObject({
      name: 'systemd-250',
      systemd: 250,
      description: expect.any(String),
      maxLineLength: 1048576,
    });
    expect(JSON.parse(JSON.stringify(resolveTarget({ systemd: 250 })))).toEqual({
      name: 'systemd-250',
      systemd: 250,
      description: 'systemd 250 (given with --systemd)',
    });
    expect(resolveTarget({ systemd: 200 })).toMatchObject({ systemd: 200 });
    expect(resolveTarget({ systemd: 400 })).toMatchObject({ systemd: 400 });
    expect(resolveTarget({ target: 'debian-11', systemd: 247 })).toMatchObject({ name: 'debian-11' });
  });

  it('rejects unknown names, listing the valid ones', () => {
    const r = resolveTarget({ target: 'ubuntu-14.04' });
    expect(r).toHaveProperty('error');
    const error = (r as { error: string }).error;
    for (const t of TARGETS) expect(error).toContain(t.name);
  });

  it('takes each release by its code name too, in any case', () => {
    const codeNames: Record<string, string> = {
      xenial: 'ubuntu-16.04',
      bionic: 'ubuntu-18.04',
      focal: 'ubuntu-20.04',
      jammy: 'ubuntu-22.04',
      noble: 'ubuntu-24.04',
      stretch: 'debian-9',
      buster: 'debian-10',
      bullseye: 'debian-11',
      bookworm: 'debian-12',
    };
    for (const [code, name] of Object.entries(codeNames)) {
      expect(resolveTarget({ target: code })).toMatchObject({ name });
      expect(TARGETS.find((t) => t.name === name)!.aliases).toEqual([code]);
    }
    expect(resolveTarget({ target: ' Jammy ' })).toMatchObject({ name: 'ubuntu-22.04', systemd: 249 });
    expect(resolveTarget({ target: 'bookworm', systemd: 252 })).toMatchObject({ name: 'debian-12' });
    // a report names the release, never the alias it was chosen by
    expect(JSON.parse(JSON.stringify(resolveTarget({ target: 'focal' })))).toEqual({
      name: 'ubuntu-20.04',
      systemd: 245,
      description: 'Ubuntu 20.04 LTS (focal)',
    });
  });

  it('suggests the target a near miss meant, but never another version', () => {
    const error = (target: string) => (resolveTarget({ target }) as { error: string }).error;
    expect(error('bionc')).toMatch(/^unknown target "bionc"; did you mean bionic \(ubuntu-18\.04\)\? Valid targets: /);
    expect(error('ubuntu-18.4')).toContain('did you mean ubuntu-18.04?');
    expect(error('ubunt-22.04')).toContain('did you mean ubuntu-22.04?');
    expect(error('ubuntu-14.04')).toMatch(/^unknown target "ubuntu-14\.04"; valid targets: ubuntu-16\.04 \(xenial\), /);
    expect(error('debian-8')).not.toContain('did you mean');
    expect(error('trusty\r\x1b[2J')).toContain('"trusty\\r\\x1b[2J"');
  });

  it('rejects --systemd values that are not integers from 200 to 400, or that contradict --target', () => {
    for (const n of [199, 401, 250.5, Number.NaN]) expect(resolveTarget({ systemd: n })).toHaveProperty('error');
    expect(resolveTarget({ target: 'debian-11', systemd: 252 })).toHaveProperty('error');
  });
});

describe('line length', () => {
  it('is LINE_MAX minus the newline before 235 and LONG_LINE_MAX from 235', () => {
    expect(v(229).maxLineLength).toBe(2047);
    expect(v(234).maxLineLength).toBe(2047);
    expect(v(235).maxLineLength).toBe(1048576);
    expect(v(255).maxLineLength).toBe(1048576);
    expect(MAX_LINE.LINE_MAX).toBe(2048);
  });
});

describe('supports()', () => {
  it('answers for a directive, a value of it and a command-line form', () => {
    expect([242, 243].map((n) => supports(v(n), 'Service', 'ExecCondition'))).toEqual([false, true]);
    const stdin = (n: number) => supports(v(n), 'Service', 'StandardInput', 'file:/dev/console');
    expect([235, 236].map(stdin)).toEqual([false, true]);
    expect([238, 239].map((n) => supports(v(n), 'Service', 'ExecStart', 'daemon --foreground'))).toEqual([false, true]);
    expect(supports(v(229), 'Service', 'ExecStart', '/usr/bin/daemon')).toBe(true);
    expect(supports(v(229), 'Service', 'ExecStart', '%h/bin/daemon')).toBe(true);
    expect(supports(v(238), 'Service', 'ExecStart', '%%daemon')).toBe(false);
  });

  it('answers Restart= in a Type=oneshot service from the other entries of the section', () => {
    const oneshot = [{ key: 'Type', value: 'oneshot' }];
    expect([243, 244].map((n) => supports(v(n), 'Service', 'Restart', 'on-failure', oneshot))).toEqual([false, true]);
    expect(supports(v(229), 'Service', 'Restart', 'on-failure')).toBe(true);
    expect(supports(v(255), 'Service', 'Restart', 'always', oneshot)).toBe(false);
    expect(firstVersionWith('Service', 'Restart', 'on-success', oneshot)).toBeNull();
    expect(firstVersionWith('Service', 'Restart', 'always', [{ key: 'Type', value: 'simple' }])).toBe(209);
  });

  it('agrees with firstVersion() for every known key on every target', () => {
    for (const t of TARGETS)
      for (const key of Object.keys(FIRST_VERSION))
        for (const section of sectionsOf(key))
          expect([section, key, supports(t, section, key)]).toEqual([
            section,
            key,
            firstVersion(section, key)! <= t.systemd,
          ]);
  });

  it('does not refuse keys the tables do not know (profiles and the read-back check refuse them)', () => {
    expect(supports(v(229), 'Service', 'NoSuchKey')).toBe(true);
    expect(supports(v(229), 'Nope', 'Type', 'exec')).toBe(true);
  });
});

describe('host tools', () => {
  it('score unit files offline with systemd-analyze from 250', () => {
    expect(HOST_TOOL_FEATURES.offlineSecurity.since).toBe(250);
    expect([249, 250].map((n) => hostToolSupports('offlineSecurity', n))).toEqual([false, true]);
  });
});
