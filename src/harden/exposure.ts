/**
 * Exposure scores from the real `systemd-analyze security --offline=true` (systemd 250+): one
 * process for many units, the "Overall exposure level" of each read back. When the tool is
 * missing or too old there are no scores and a note says why.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOST_TOOL_FEATURES } from '../systemd/tables/host-tools';
import { hostToolSupports } from '../systemd/target';

/** Scores by unit file name (0 = most confined, 10 = fully exposed), or why there are none. */
export interface ExposureResult {
  scores: Map<string, number>;
  note?: string;
}

/** The version of systemd-analyze on this machine, or null when it is not installed. */
export function systemdAnalyzeVersion(): number | null {
  const r = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  const m = /systemd (\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : null;
}

/** The unit name systemd-analyze prints for a file (templates are analysed as instance "i"). */
function reportedName(file: string): string {
  return file.replace(/@\.service$/, '@i.service');
}

/**
 * Scores service units (file name → content) with one systemd-analyze call. Only `.service`
 * files are scored; drop-ins must already be merged into their unit.
 */
export function exposureScores(units: ReadonlyArray<{ name: string; content: string }>): ExposureResult {
  const services = units.filter((u) => u.name.endsWith('.service') && !u.name.includes('/'));
  const scores = new Map<string, number>();
  if (!services.length) return { scores };
  const version = systemdAnalyzeVersion();
  if (version === null)
    return { scores, note: 'no exposure scores: systemd-analyze is not installed (apt-get install systemd)' };
  if (!hostToolSupports('offlineSecurity', version))
    return {
      scores,
      note: `no exposure scores: systemd-analyze ${version} is older than ${HOST_TOOL_FEATURES.offlineSecurity.since} and cannot analyse unit files offline`,
    };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-security-'));
  try {
    const files = services.map((u) => {
      const p = path.join(dir, u.name);
      fs.writeFileSync(p, u.content);
      return p;
    });
    const r = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', ...files], {
      encoding: 'utf8',
      env: { ...process.env, SYSTEMD_COLORS: '0', SYSTEMD_LOG_COLOR: '0' },
    });
    const text = `${r.stdout}\n${r.stderr}`;
    for (const m of text.matchAll(/Overall exposure level for (\S+): (\d+(?:\.\d+)?)/g))
      scores.set(m[1]!, Number(m[2]));
    const byFile = new Map<string, number>();
    for (const u of services) {
      const s = scores.get(reportedName(u.name));
      if (s !== undefined) byFile.set(u.name, s);
    }
    const missing = services.filter((u) => !byFile.has(u.name)).map((u) => u.name);
    return missing.length
      ? { scores: byFile, note: `systemd-analyze gave no score for ${missing.join(', ')}` }
      : { scores: byFile };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
