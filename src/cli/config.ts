/**
 * The config file on the command line (docs/config.md): which file a run reads, its errors
 * printed, and its settings used where the command line gives none.
 */
import * as path from 'node:path';
import { visible } from '../diagnostics/diagnostic';
import {
  type ProfileMap,
  type RunConfig,
  type SeverityPolicy,
  configPolicy,
  findConfig,
  loadConfig,
  untrustedConfig,
} from '../pipeline';
import type { Io } from './io';
import { formatDiagnostics, useColor } from './report';

/** The options a config file can stand in for, as yargs gives them. */
export interface ConfigurableArgs {
  config?: string;
  root?: string;
  format?: string;
  color?: boolean;
  target?: string;
  systemd?: number;
  profile?: string[];
  'profile-map'?: string;
  exclude?: string[];
}

/**
 * The run's config file (--config, else upstart2systemd.yaml beside --root or here), read and
 * checked; 'failed' once its errors are printed. A file found without --config is named on stderr.
 */
export function configOf(a: ConfigurableArgs, io: Io): RunConfig | undefined | 'failed' {
  // yargs gives false for --no-config
  const given = a.config as string | false | undefined;
  const file = findConfig({ config: given, root: a.root, cwd: process.cwd() });
  if (file === undefined) return undefined;
  const untrusted = given === undefined ? untrustedConfig(file) : undefined;
  const read = untrusted ? { diagnostics: [untrusted] } : loadConfig(file);
  if ('diagnostics' in read) {
    io.stderr(formatDiagnostics(read.diagnostics, useColor(io, a.color)));
    return 'failed';
  }
  if (given === undefined && a.format !== 'json')
    io.stderr(`note: settings from ${visible(file)} (--no-config to ignore it)\n`);
  return read.config;
}

/** The settings of a run: the command line's, else the config file's (--var values merge, see convertArgs). */
export interface ConfiguredArgs {
  target?: string;
  systemd?: number;
  profiles?: string[];
  /** Where `profiles` were chosen, as unit headers say it. */
  profilesFrom: string;
  profileMap?: string | ProfileMap;
  exclude?: string[];
  policy?: SeverityPolicy;
}

/** What the config file gives where the command line gives nothing (the command line wins). */
export function fromConfig(a: ConfigurableArgs, c: RunConfig | undefined): ConfiguredArgs {
  const targetGiven = a.target !== undefined || a.systemd !== undefined;
  const policy = c && configPolicy(c);
  return {
    target: targetGiven ? a.target : c?.target,
    systemd: targetGiven ? a.systemd : c?.systemd,
    profiles: a.profile ?? c?.profiles,
    profilesFrom: a.profile === undefined && c?.profiles ? path.basename(c.file) : '--profile',
    profileMap: a['profile-map'] ?? c?.profileMap,
    exclude: a.exclude ?? c?.exclude,
    ...(policy ? { policy } : {}),
  };
}
