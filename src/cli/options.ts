/**
 * Option groups several commands share, declared once: the target (--target/--systemd), profiles
 * (--profile, --profile-map, --var), --format and --upstart-version; and the parsing of the
 * NAME=VALUE options yargs leaves as strings.
 */
import { statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { visible } from '../diagnostics/diagnostic';
import { DEFAULT_TARGET, DEFAULT_UPSTART_VERSION, TARGET_ROWS } from '../pipeline/declarations';

/** --target NAME or --systemd N (not both). */
export function targetOptions<T>(y: Argv<T>) {
  return y
    .option('target', {
      type: 'string',
      description:
        'target release, by name or code name: ' +
        TARGET_ROWS.map((t) => `${[t.name, ...t.aliases].join('/')} (${t.systemd})`).join(', ') +
        `; default ${DEFAULT_TARGET}`,
    })
    .option('systemd', {
      type: 'string',
      coerce: systemdVersion,
      description: 'target systemd version instead of a release (a whole number, e.g. 252)',
    })
    .conflicts('target', 'systemd');
}

/** `--systemd N` as a number, or a usage error (yargs reports what a coerce function throws). */
export function systemdVersion(value: string | string[]): number {
  if (Array.isArray(value)) throw new Error('--systemd: give it once');
  if (!/^\s*\d+\s*$/.test(value)) throw new Error(`--systemd "${visible(value)}": expected a whole number, e.g. 252`);
  return Number(value);
}

/** --var NAME=VALUE, repeatable. */
export function varOption<T>(y: Argv<T>) {
  return y.option('var', { type: 'string', array: true, description: 'profile variable NAME=VALUE, repeatable' });
}

/** --profile (repeatable), --profile-map FILE and --var. */
export function profileOptions<T>(y: Argv<T>) {
  return varOption(
    y
      .option('profile', {
        type: 'string',
        array: true,
        description: 'hardening profile (preset name or YAML file), repeatable; later wins, lists merge',
      })
      .option('profile-map', {
        type: 'string',
        description: 'YAML file mapping job-name globs to profiles (first match)',
      }),
  );
}

/** --format, one of `choices` (the first is the default). */
export function formatOption<T, F extends string>(y: Argv<T>, choices: readonly [F, ...F[]], description?: string) {
  return y.option('format', { choices, default: choices[0], description: description ?? 'output format' });
}

/** --upstart-version 1.12|1.13 (default 1.12, Ubuntu 14.04's). */
export function upstartVersionOption<T>(y: Argv<T>) {
  return y.option('upstart-version', {
    type: 'string',
    choices: ['1.12', '1.13'] as const,
    default: DEFAULT_UPSTART_VERSION,
    description: 'grammar to accept: 1.12 as Ubuntu 14.04 shipped it (no cgroup), or 1.13',
  });
}

/** --upstart-version 1.12|1.13 for a command with --root: default from the root's collected facts, else 1.12. */
export function rootUpstartVersionOption<T>(y: Argv<T>) {
  return y.option('upstart-version', {
    type: 'string',
    choices: ['1.12', '1.13'] as const,
    description:
      'grammar to accept: 1.12 as Ubuntu 14.04 shipped it (no cgroup), or 1.13; ' +
      "default: from the Upstart version collected in --root's facts, else 1.12",
  });
}

/** --layout, --exclude, --include. */
export function layoutOptions<T>(y: Argv<T>) {
  return y
    .option('layout', {
      choices: ['root', 'flat'] as const,
      default: 'root' as const,
      description:
        "with --out: root makes OUT a mirror of the host's / (OUT/etc/systemd/system/UNIT, helper scripts at " +
        'their install paths, plan.json, migrate.sh and rollback.sh in OUT/var/lib/upstart2systemd/migration; ' +
        'docs/migration.md); flat writes the files side by side',
    })
    .option('exclude', {
      type: 'string',
      array: true,
      description: 'GLOB: leave out the jobs whose name matches (repeatable); they stay in the plan with the reason',
    })
    .option('include', {
      type: 'string',
      array: true,
      description: 'NAME: migrate this job although it is skipped by default or by --exclude (repeatable)',
    });
}

/** --config FILE, or --no-config (docs/config.md). */
export function configOption<T>(y: Argv<T>) {
  return y.option('config', {
    type: 'string',
    description:
      'read settings from FILE (default: upstart2systemd.yaml beside --root, else in the working folder; ' +
      '--no-config reads none); the command line wins (docs/config.md)',
  });
}

/** --baseline FILE, --update-baseline, --max-warnings N. */
export function triageOptions<T>(y: Argv<T>) {
  return y
    .option('baseline', {
      type: 'string',
      description:
        'known findings: written to FILE when it does not exist, else read so that only new warnings show ' +
        '(errors still fail; docs/ci.md)',
    })
    .option('update-baseline', {
      type: 'boolean',
      default: false,
      description: 'with --baseline: write FILE anew from this run (adds new findings, prunes fixed ones)',
    })
    .option('max-warnings', {
      type: 'string',
      coerce: maxWarnings,
      description: `exit 4 when more than N warnings are shown (after the config file and the baseline)`,
    });
}

/** `--max-warnings N` as a number, or a usage error (yargs reports what a coerce function throws). */
export function maxWarnings(value: string | string[]): number {
  if (Array.isArray(value)) throw new Error('--max-warnings: give it once');
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new Error(`--max-warnings "${visible(value)}": expected a whole number, 0 or more`);
  return Number(value);
}

/** Parses repeated `--var NAME=VALUE` options, or says what is wrong. */
export function parseVars(list: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const item of list) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(item);
    if (!m) return `--var ${item}: expected NAME=VALUE`;
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** Parses repeated `--unit-name JOB=UNIT` options, or says what is wrong. */
export function parsePairs(list: readonly string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) return `--unit-name ${item}: expected JOB=UNIT`;
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** Whether a path names a directory (following symlinks); false when it does not exist. */
export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
