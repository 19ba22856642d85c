/**
 * Exposure scores of a hardened run: every job's service unit before and after hardening, scored
 * by one `systemd-analyze security` call (src/harden/exposure.ts).
 */
import type { ConvertedJob } from '../convert';
import { exposureScores } from '../harden/exposure';

/** A job's exposure before and after hardening (0 = most confined, 10 = fully exposed), when scored. */
export interface Exposure {
  before?: number;
  after?: number;
}

/** The prefix that keeps a job's unhardened unit apart from its hardened one in one scoring call. */
const BEFORE = 'u2s-before--';

/**
 * Scores the services of `before` (unhardened) and `after` (hardened) together; returns each
 * `after` job's exposure, in order, and the note saying why scores are missing.
 */
export function scoreExposure(
  before: readonly ConvertedJob[],
  after: readonly ConvertedJob[],
): { exposure: Exposure[]; note?: string } {
  const units = [
    ...before.flatMap((j) =>
      j.files.filter((f) => f.name.endsWith('.service')).map((f) => ({ name: BEFORE + f.name, content: f.content })),
    ),
    ...after.flatMap((j) => j.files.filter((f) => f.name.endsWith('.service'))),
  ];
  const result = exposureScores(units);
  const exposure = after.map((j): Exposure => {
    const svc = j.files.find((f) => f.name.endsWith('.service'))?.name;
    return svc ? { before: result.scores.get(BEFORE + svc), after: result.scores.get(svc) } : {};
  });
  return { exposure, ...(result.note ? { note: result.note } : {}) };
}
