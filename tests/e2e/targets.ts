/** The targets every scenario runs against, each in its own lab. */
export const TARGETS = ['debian-12', 'ubuntu-16.04'] as const;
export type Target = (typeof TARGETS)[number];

/** Lab instance names; LAB_NAME prefixes them so two runs can share a machine. */
export function labNames(): Record<Target, string> {
  const prefix = process.env.LAB_NAME ?? 'u2s';
  return { 'debian-12': `${prefix}-d12`, 'ubuntu-16.04': `${prefix}-u16` };
}
