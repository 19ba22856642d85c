/**
 * Locates the shared reference material (../shared from the project root, or $UPSTART2SYSTEMD_SHARED).
 * Tests over it run when it is present and announce that they were skipped when it is not.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Absolute path of a file or folder in the shared material, or null when it is not available. */
export function sharedPath(...parts: string[]): string | null {
  const base = process.env.UPSTART2SYSTEMD_SHARED ?? resolve(__dirname, '..', '..', '..', 'shared');
  const p = join(base, ...parts);
  return existsSync(p) ? p : null;
}

/** `describe` when the shared path exists; otherwise one skipped test saying why, and a line on stderr. */
export function describeWithShared(name: string, parts: string[], body: (path: string) => void): void {
  const p = sharedPath(...parts);
  if (p) {
    describe(name, () => body(p));
    return;
  }
  process.stderr.write(`skipped "${name}": ../shared/${parts.join('/')} is not present\n`);
  describe(name, () => {
    it.skip(`skipped: ../shared/${parts.join('/')} is not present`, () => undefined);
  });
}
