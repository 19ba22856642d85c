/**
 * The directive/version tables: internally consistent (every known key has a version, 252 keys
 * are no newer than 252), the versions the converter relies on, value features, renames, targets,
 * line limits, and that the generated 252 list still matches this machine's systemd.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_TARGET,
  FIRST_VERSION,
  KNOWN_DIRECTIVES,
  LATER_DIRECTIVES,
  MAX_LINE,
  NEWEST_KNOWN_SYSTEMD,
  RENAMES,
  SECTIONS,
  SECTION_FIRST_VERSION,
  STABLE_BACKPORTS_IN_252,
  SYSCALL_FILTER_GROUPS,
  SYSTEMD_252_DIRECTIVES,
  TARGETS,
  VALUE_FEATURES,
  cpuWeightToShares,
  firstVersion,
  ioWeightToBlkio,
  isKnownDirective,
  maxLineLength,
  renameFor,
  resolveTarget,
  restartFirstVersion,
  sectionsOf,
  suggestDirective,
} from './directives';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'gen-directive-list.js');
/** The generator's pure helpers (plain JavaScript, so typed here by hand). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain JavaScript script, loaded by path
const gen = require(script) as {
  parseDump(text: string): Record<string, string[]>;
  renderTs(version: number, sections: Record<string, string[]>): string;
};

/** Every (section, key) pair systemd 255 accepts. */
const allPairs = SECTIONS.flatMap((s) => KNOWN_DIRECTIVES[s]!.map((k) => [s, k] as const));

describe('the directive table', () => {
  it('has every section with sorted, unique keys', () => {
    expect(Object.keys(KNOWN_DIRECTIVES).sort()).toEqual([...SECTIONS].sort());
    for (const s of SECTIONS) {
      const keys = KNOWN_DIRECTIVES[s]!;
      expect([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('contains every key of the systemd 252 dump and adds only keys that 252 lacks', () => {
    for (const s of SECTIONS) {
      expect(KNOWN_DIRECTIVES[s]).toEqual(expect.arrayContaining([...SYSTEMD_252_DIRECTIVES[s]]));
    }
    for (const d of LATER_DIRECTIVES) {
      for (const s of d.sections) {
        expect(SYSTEMD_252_DIRECTIVES[s]).not.toContain(d.key);
        expect(isKnownDirective(s, d.key)).toBe(true);
      }
      expect(d.since).toBeGreaterThan(252);
      expect(d.since).toBeLessThanOrEqual(NEWEST_KNOWN_SYSTEMD);
    }
  });

  it('knows the directives every generated service, socket and path unit uses', () => {
    expect(SYSTEMD_252_DIRECTIVES.Service).toEqual(
      expect.arrayContaining(['ExecStart', 'Type', 'KillMode', 'MemoryMax', 'LimitNOFILE']),
    );
    expect(SYSTEMD_252_DIRECTIVES.Socket).toEqual(expect.arrayContaining(['ListenStream', 'Accept', 'ExecStartPre']));
    expect(SYSTEMD_252_DIRECTIVES.Path).toEqual(expect.arrayContaining(['PathExists', 'PathExistsGlob', 'Unit']));
    expect(SYSTEMD_252_DIRECTIVES.Unit.length).toBeGreaterThan(100);
  });

  it('gives a first version to every key it knows, and to no key it does not know', () => {
    expect(allPairs.filter(([s, k]) => firstVersion(s, k) === undefined)).toEqual([]);
    const knownNames = new Set(allPairs.map(([, k]) => k));
    expect(Object.keys(FIRST_VERSION).filter((k) => !knownNames.has(k))).toEqual([]);
    for (const key of Object.keys(SECTION_FIRST_VERSION)) {
      const [s, k] = key.split('.') as [string, string];
      expect(isKnownDirective(s, k)).toBe(true);
      expect(SECTION_FIRST_VERSION[key]).toBeGreaterThan(FIRST_VERSION[k]!);
    }
  });

  it('dates every key of the 252 dump at 252 or earlier, except the documented stable backports', () => {
    const tooNew = SECTIONS.flatMap((s) =>
      SYSTEMD_252_DIRECTIVES[s].filter((k) => firstVersion(s, k)! > 252).map((k) => `${s}.${k}`),
    );
    expect(tooNew).toEqual([...STABLE_BACKPORTS_IN_252]);
    expect(Math.min(...Object.values(FIRST_VERSION))).toBe(209);
  });

  it('dates the 253–255 additions by their own release', () => {
    for (const d of LATER_DIRECTIVES) expect(firstVersion(d.sections[0]!, d.key)).toBe(d.since);
    expect(firstVersion('Service', 'OpenFile')).toBe(253);
    expect(firstVersion('Service', 'RestartSteps')).toBe(254);
    expect(firstVersion('Unit', 'SurviveFinalKillSignal')).toBe(255);
    expect(isKnownDirective('Unit', 'WantsMountsFor')).toBe(false); // 256
  });
});

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

describe('looking directives up', () => {
  it('matches section and key exactly, as systemd does', () => {
    expect(isKnownDirective('Service', 'ProtectSystem')).toBe(true);
    expect(isKnownDirective('Service', 'protectsystem')).toBe(false);
    expect(isKnownDirective('service', 'ProtectSystem')).toBe(false);
    expect(isKnownDirective('Unit', 'StartLimitIntervalSec')).toBe(true);
    expect(isKnownDirective('Service', 'StartLimitIntervalSec')).toBe(false);
    expect(isKnownDirective('Service', 'StartLimitInterval')).toBe(true);
    expect(isKnownDirective('Unit', 'ConditionPathIsExecutable')).toBe(false);
    expect(isKnownDirective('Service', 'Capabilities')).toBe(false); // parsed but ignored since 2xx
  });

  it('lists the sections a key belongs to', () => {
    expect(sectionsOf('StartLimitIntervalSec')).toEqual(['Unit']);
    expect(sectionsOf('PathExists')).toEqual(['Path']);
    expect(sectionsOf('NoSuchKey')).toEqual([]);
  });

  it('suggests ProtectSystem for the typo ProtectSytem', () => {
    expect(suggestDirective('Service', 'ProtectSytem')).toBe('ProtectSystem');
  });

  it('prefers a case-insensitive match over an edit-distance match', () => {
    expect(suggestDirective('Service', 'protectsystem')).toBe('ProtectSystem');
    expect(suggestDirective('Service', 'EXECSTART')).toBe('ExecStart');
  });

  it('suggests transposed and two-letter typos but nothing further away', () => {
    expect(suggestDirective('Service', 'Restrat')).toBe('Restart');
    expect(suggestDirective('Service', 'WorkingDirectry')).toBe('WorkingDirectory');
    expect(suggestDirective('Socket', 'ListenStrem')).toBe('ListenStream');
    expect(suggestDirective('Unit', 'ConditionPathIsExecutable')).toBeUndefined();
    expect(suggestDirective('Service', 'Frobnicate')).toBeUndefined();
  });

  it('suggests nothing for a known key or an unknown section', () => {
    expect(suggestDirective('Service', 'ExecStart')).toBeUndefined();
    expect(suggestDirective('Nope', 'ExecStrat')).toBeUndefined();
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
    expect(renameFor('Unit', 'StartLimitIntervalSec', 229)?.to).toEqual({
      section: 'Service',
      key: 'StartLimitInterval',
    });
    expect(renameFor('Unit', 'StartLimitIntervalSec', 230)).toBeUndefined();
    // [Unit] StartLimitBurst= works from 229, but moves along so the pair stays in one section.
    expect(renameFor('Unit', 'StartLimitBurst', 229)?.to).toEqual({ section: 'Service', key: 'StartLimitBurst' });
    expect(renameFor('Unit', 'StartLimitBurst', 230)).toBeUndefined();
  });

  it('renames the cgroup and sandboxing keys for older targets', () => {
    expect(renameFor('Service', 'MemoryMax', 230)?.to.key).toBe('MemoryLimit');
    expect(renameFor('Service', 'MemoryMax', 231)).toBeUndefined();
    expect(renameFor('Service', 'CPUWeight', 231)?.to.key).toBe('CPUShares');
    expect(renameFor('Service', 'IOWeight', 229)?.to.key).toBe('BlockIOWeight');
    expect(renameFor('Service', 'ReadWritePaths', 229)?.to.key).toBe('ReadWriteDirectories');
    expect(renameFor('Service', 'ReadOnlyPaths', 230)?.to.key).toBe('ReadOnlyDirectories');
    expect(renameFor('Service', 'InaccessiblePaths', 230)?.to.key).toBe('InaccessibleDirectories');
    expect(renameFor('Socket', 'MemoryMax', 229)?.to).toEqual({ section: 'Socket', key: 'MemoryLimit' });
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
    const convert = (key: string, v: string) => renameFor('Service', key, 229)!.convert!(v);
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
    expect(resolveTarget({ systemd: 250 })).toEqual({
      name: 'systemd-250',
      systemd: 250,
      description: expect.any(String),
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

  it('rejects --systemd values that are not integers from 200 to 400, or that contradict --target', () => {
    for (const n of [199, 401, 250.5, Number.NaN]) expect(resolveTarget({ systemd: n })).toHaveProperty('error');
    expect(resolveTarget({ target: 'debian-11', systemd: 252 })).toHaveProperty('error');
  });
});

describe('line length', () => {
  it('is LINE_MAX minus the newline before 235 and LONG_LINE_MAX from 235', () => {
    expect(maxLineLength(229)).toBe(2047);
    expect(maxLineLength(234)).toBe(2047);
    expect(maxLineLength(235)).toBe(1048576);
    expect(maxLineLength(255)).toBe(1048576);
    expect(MAX_LINE.LINE_MAX).toBe(2048);
  });
});

describe('the generator script', () => {
  it('parses a dump into sorted, de-duplicated keys per section', () => {
    const dump = '[Unit]\nWants=UNIT [...]\nAfter=UNIT [...]\nAfter=UNIT [...]\n\n[Service]\nType=SERVICETYPE\n';
    expect(gen.parseDump(dump)).toEqual({ Unit: ['After', 'Wants'], Service: ['Type'] });
    expect(() => gen.parseDump('Orphan=1\n')).toThrow(/unexpected line/);
    expect(gen.renderTs(252, { Unit: ['After'] })).toContain('export const SYSTEMD_252_DIRECTIVES');
  });

  const systemd = '/lib/systemd/systemd';
  const version = existsSync(systemd)
    ? /^systemd (\d+)/.exec(execFileSync(systemd, ['--version'], { encoding: 'utf8' }))?.[1]
    : undefined;
  const skip =
    version === '252'
      ? null
      : existsSync(systemd)
        ? `${systemd} is systemd ${version}, not 252`
        : `${systemd} does not exist`;
  if (skip) process.stderr.write(`skipped "the generator script matches this machine": ${skip}\n`);
  const itOnMachine = skip ? it.skip : it;

  itOnMachine('prints, for this machine, exactly the committed directives-252.generated.ts', () => {
    const json = JSON.parse(execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' })) as {
      version: number;
      sections: Record<string, string[]>;
    };
    expect(json.version).toBe(252);
    expect(json.sections).toEqual(SYSTEMD_252_DIRECTIVES);
    const source = readFileSync(join(__dirname, 'directives-252.generated.ts'), 'utf8');
    expect(source).toBe(execFileSync(process.execPath, [script], { encoding: 'utf8' }));
  });
});
