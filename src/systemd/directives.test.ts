/**
 * The directive tables: internally consistent (every known key has a version, 252 keys are no
 * newer than 252), lookups and "did you mean", and that the generated 252 list still matches this
 * machine's systemd.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  KNOWN_DIRECTIVES,
  SECTIONS,
  SYSTEMD_252_DIRECTIVES,
  isKnownDirective,
  sectionsOf,
  suggestDirective,
} from './directives';
import {
  FIRST_VERSION,
  LATER_DIRECTIVES,
  NEWEST_KNOWN_SYSTEMD,
  SECTION_FIRST_VERSION,
  STABLE_BACKPORTS_IN_252,
} from './tables/first-versions';
import { firstVersion } from './target';

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
