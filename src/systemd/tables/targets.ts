/**
 * Targets: the releases the converter writes units for, the systemd each shipped, and the
 * unit-file parser limits that depend on the version. Pure data; src/systemd/target.ts makes
 * `Target` values of these rows and resolves `--target NAME` / `--systemd N`.
 */

/** One release: its `--target` name, the systemd it shipped and a description for listings. */
export interface TargetRow {
  name: string;
  systemd: number;
  description: string;
}

/** A supported release: its row, and the code names `--target` also takes for it (`bionic`). */
export interface TargetEntry extends TargetRow {
  aliases: readonly string[];
}

/**
 * The supported targets and the systemd each ships (the release's original version, not point
 * updates), with the release's code name as an alias.
 */
export const TARGET_ROWS: readonly TargetEntry[] = [
  { name: 'ubuntu-16.04', systemd: 229, description: 'Ubuntu 16.04 LTS (xenial)', aliases: ['xenial'] },
  { name: 'ubuntu-18.04', systemd: 237, description: 'Ubuntu 18.04 LTS (bionic)', aliases: ['bionic'] },
  { name: 'ubuntu-20.04', systemd: 245, description: 'Ubuntu 20.04 LTS (focal)', aliases: ['focal'] },
  { name: 'ubuntu-22.04', systemd: 249, description: 'Ubuntu 22.04 LTS (jammy)', aliases: ['jammy'] },
  { name: 'ubuntu-24.04', systemd: 255, description: 'Ubuntu 24.04 LTS (noble)', aliases: ['noble'] },
  { name: 'debian-9', systemd: 232, description: 'Debian 9 (stretch)', aliases: ['stretch'] },
  { name: 'debian-10', systemd: 241, description: 'Debian 10 (buster)', aliases: ['buster'] },
  { name: 'debian-11', systemd: 247, description: 'Debian 11 (bullseye)', aliases: ['bullseye'] },
  { name: 'debian-12', systemd: 252, description: 'Debian 12 (bookworm)', aliases: ['bookworm'] },
];

/** The target when none is given: Ubuntu 18.04, the usual next step for a 14.04 Upstart host. */
export const DEFAULT_TARGET = 'ubuntu-18.04';

/** Lowest and highest `--systemd N` accepted (outside, the tables here say nothing useful). */
export const SYSTEMD_RANGE = [200, 400] as const;

// Until 234, config_parse() (src/shared/conf-parser.c) read each physical line with
// fgets(buf, LINE_MAX=2048): 2047 characters, the rest became a separate (bogus) line
// (systemd/systemd#3302). systemd/systemd#6891 (merged 2017-09-23, before the v235 tag of
// 2017-10-06) switched to read_line(f, LONG_LINE_MAX=1 MiB, …), which rejects longer lines. A
// backslash continuation splits a long logical line into physical ones in every release.
/** Unit-file line limits of systemd's parser and the release that raised them. */
export const MAX_LINE = { LINE_MAX: 2048, LONG_LINE_MAX: 1024 * 1024, longLinesSince: 235 } as const;
