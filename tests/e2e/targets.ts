/** The targets every scenario runs against, each in its own lab. */
export const TARGETS = ['debian-12', 'ubuntu-16.04'] as const;
export type Target = (typeof TARGETS)[number];

/** LAB_NAME prefixes every lab name and the run's files, so two runs can share a machine. */
export function labPrefix(): string {
  return process.env.LAB_NAME ?? 'u2s';
}

/** Lab instance names, one per target, booted once by global-setup.ts. */
export function labNames(): Record<Target, string> {
  const prefix = labPrefix();
  return { 'debian-12': `${prefix}-d12`, 'ubuntu-16.04': `${prefix}-u16` };
}

/** Names of the labs the shutdown scenario boots and ends itself (a reboot ends a lab). */
export function shutdownLabNames(): Record<Target, string> {
  const prefix = labPrefix();
  return { 'debian-12': `${prefix}-shut-d12`, 'ubuntu-16.04': `${prefix}-shut-u16` };
}
