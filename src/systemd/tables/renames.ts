/**
 * Renames: a newer spelling of a directive and the older one to write for targets before it, with
 * the value converters where the old key takes another scale. Pure data and pure converters;
 * src/systemd/target.ts picks the rename a target needs.
 */

import { SECTIONS } from '../sections';
import { SYSTEMD_252_DIRECTIVES } from '../directives-252.generated';

/** One spelling change: write `to` instead of `from` for targets older than `since`. */
export interface Rename {
  from: { section: string; key: string };
  to: { section: string; key: string };
  since: number;
  /** Rewrites the value when the old key takes a different scale. */
  convert?: (value: string) => string;
}

/** Converts a decimal weight with `scale`, clamped to the old key's range; other values pass unchanged. */
function scaleWeight(value: string, factor: number, min: number, max: number): string {
  const v = value.trim();
  if (!/^\d+$/.test(v)) return v;
  return String(Math.min(max, Math.max(min, Math.round(Number(v) * factor))));
}

// CPUWeight= is 1..10000 (default 100), CPUShares= 2..262144 (default 1024): shares =
// weight × 1024 / 100, rounded (systemd's own translation, cgroup_cpu_weight_to_shares() in
// src/core/cgroup.c, truncates: at most one share apart); "idle" → the minimum, as systemd maps it.
/** Converts a CPUWeight= value to the CPUShares= scale. */
export function cpuWeightToShares(value: string): string {
  if (value.trim() === 'idle') return '2';
  return scaleWeight(value, 1024 / 100, 2, 262144);
}

/** IOWeight= (1..10000, default 100) → BlockIOWeight= (10..1000, default 500), as cgroup_weight_io_to_blkio() does. */
export function ioWeightToBlkio(value: string): string {
  return scaleWeight(value, 500 / 100, 10, 1000);
}

/** IODeviceWeight= "DEVICE WEIGHT" → BlockIODeviceWeight= "DEVICE WEIGHT" on the blkio scale. */
function ioDeviceWeightToBlkio(value: string): string {
  const m = /^(.*\S)\s+(\S+)$/.exec(value.trim());
  return m ? `${m[1]} ${ioWeightToBlkio(m[2]!)}` : value;
}

/** MemoryMax= accepts "max" (231); MemoryLimit= spells no-limit "infinity". */
function memoryMaxToLimit(value: string): string {
  return value.trim() === 'max' ? 'infinity' : value;
}

/** The renames of exec/cgroup keys, repeated for every section that has both spellings. */
function perSection(from: string, to: string, since: number, convert?: (value: string) => string): Rename[] {
  return SECTIONS.filter((s) => SYSTEMD_252_DIRECTIVES[s].includes(from) && SYSTEMD_252_DIRECTIVES[s].includes(to)).map(
    (section) => ({ from: { section, key: from }, to: { section, key: to }, since, ...(convert ? { convert } : {}) }),
  );
}

// Each verified in NEWS: the [Unit] moves in 229/230/236, the io controller keys in 230, MemoryMax=
// in 231 (with compat translation, systemd/systemd#3315), the *Paths= renames in 231, CPUWeight=
// in 232 (systemd/systemd#3905).
/** Newer spelling → older spelling, for targets older than `since`. */
export const RENAMES: ReadonlyArray<Rename> = [
  // [Service] StartLimitInterval= is accepted by every release (as a compat alias from 229 on).
  {
    from: { section: 'Unit', key: 'StartLimitIntervalSec' },
    to: { section: 'Service', key: 'StartLimitInterval' },
    since: 230,
  },
  // [Unit] takes these from 229 (SECTION_FIRST_VERSION), but below 230 they follow
  // StartLimitIntervalSec= to [Service] so the start-limit settings stay in one section; [Service]
  // accepts them in every release, so this costs nothing on 229.
  { from: { section: 'Unit', key: 'StartLimitBurst' }, to: { section: 'Service', key: 'StartLimitBurst' }, since: 230 },
  {
    from: { section: 'Unit', key: 'StartLimitAction' },
    to: { section: 'Service', key: 'StartLimitAction' },
    since: 230,
  },
  { from: { section: 'Unit', key: 'RebootArgument' }, to: { section: 'Service', key: 'RebootArgument' }, since: 230 },
  { from: { section: 'Unit', key: 'FailureAction' }, to: { section: 'Service', key: 'FailureAction' }, since: 236 },
  ...perSection('MemoryMax', 'MemoryLimit', 231, memoryMaxToLimit),
  ...perSection('CPUWeight', 'CPUShares', 232, cpuWeightToShares),
  ...perSection('StartupCPUWeight', 'StartupCPUShares', 232, cpuWeightToShares),
  ...perSection('IOAccounting', 'BlockIOAccounting', 230),
  ...perSection('IOWeight', 'BlockIOWeight', 230, ioWeightToBlkio),
  ...perSection('StartupIOWeight', 'StartupBlockIOWeight', 230, ioWeightToBlkio),
  ...perSection('IODeviceWeight', 'BlockIODeviceWeight', 230, ioDeviceWeightToBlkio),
  ...perSection('IOReadBandwidthMax', 'BlockIOReadBandwidth', 230),
  ...perSection('IOWriteBandwidthMax', 'BlockIOWriteBandwidth', 230),
  // The old names take directories only (the new ones any file node).
  ...perSection('ReadWritePaths', 'ReadWriteDirectories', 231),
  ...perSection('ReadOnlyPaths', 'ReadOnlyDirectories', 231),
  ...perSection('InaccessiblePaths', 'InaccessibleDirectories', 231),
];
