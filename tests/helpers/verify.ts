/**
 * Runs the real `systemd-analyze verify` on generated units, in one process for many files, and
 * returns the complaints about our own syntax (a missing executable on this machine is expected:
 * the daemons of converted jobs are not installed here).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Whether systemd-analyze is available. */
export function haveSystemdAnalyze(): boolean {
  return spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Lines systemd-analyze prints that are not about unit syntax. */
const EXPECTED = [
  /is not executable: No such file or directory/,
  /Command .* is not executable/,
  /Special user nobody configured, this is not safe!/, // faithful to `setuid nobody`; reported as convert/user-nobody
  /Accepting user\/group name '\$/, // `setuid $USER` in a job; reported as convert/identity-variable
  /Unit uses MemoryLimit=; please use MemoryMax= instead/, // the spelling targets before systemd 231 need (ubuntu-16.04); 252 only prefers the new one
];

/**
 * Writes units (name → text) to a temporary directory (plus drop-ins under NAME.d/) and verifies
 * them all in one call; returns the unexpected output lines.
 */
export function verifyUnits(units: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-verify-'));
  try {
    const top: string[] = [];
    for (const [name, text] of Object.entries(units)) {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      if (!name.includes('/')) top.push(p);
    }
    const out: string[] = [];
    for (let i = 0; i < top.length; i += 100) {
      const r = spawnSync('systemd-analyze', ['verify', '--man=no', ...top.slice(i, i + 100)], {
        encoding: 'utf8',
        env: { ...process.env, SYSTEMD_LOG_COLOR: '0', SYSTEMD_UNIT_PATH: `${dir}:` },
      });
      out.push(...`${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.trim()));
    }
    return out.filter((l) => !EXPECTED.some((re) => re.test(l))).map((l) => l.replace(dir + '/', ''));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
