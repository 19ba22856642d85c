/**
 * Where things are in the output of `--layout root` and on the host. The output mirrors the
 * host's `/`, so that `tar -C OUT -c . | ssh host tar -C / -x` installs exactly its files; the
 * migration kit sits inside that mirror where it is harmless on the host, and the way back
 * (rollback.sh) travels with a tree extracted at `/`.
 */

/** Where unit files and drop-ins are installed. */
export const UNIT_DIR = '/etc/systemd/system';

/** Where plan.json, migrate.sh and rollback.sh are, in the tree and on the host; the tree's root is four levels up. */
export const KIT_DIR = '/var/lib/upstart2systemd/migration';

/** Where migrate.sh keeps its state on the host (backups, what it created and enabled): `STATE_DIR/PLAN-ID`. */
export const STATE_DIR = '/var/lib/upstart2systemd';

/** A host path's place in the output tree, relative to the tree's root (`/etc/x` → `etc/x`). */
export function treePath(hostPath: string): string {
  return hostPath.replace(/^\/+/, '');
}
