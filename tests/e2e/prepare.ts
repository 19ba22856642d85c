/**
 * Prepares a freshly booted lab the way examples/trusty/README.md says a host must be for the
 * example jobs (users, directories, /etc/default files), installs the probe at every program path,
 * and reads back what the scenarios compare against (ids, host names). Run once per lab.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES } from './convert';
import type { Lab } from './harness';
import { Probes } from './probes';
import type { Ids, LabState } from './state';

/** /etc/default files of the examples that the jobs source */
const DEFAULTS = ['fennel-proxyd', 'heron-backupd', 'marten-exporter', 'brindle'];

/** What examples/trusty/README.md says a host needs: users, and the directories named in arguments. */
const HOST_SETUP = `set -e
  for u in tallow brindle larkspur cobalt; do
    id -u "$u" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$u"
  done
  mkdir -p /var/log/acme /var/log/quill /var/log/ossory /var/log/larkspur /var/log/pewter /var/log/fennel /var/log/heron /var/log/marten /var/log/brindle
  mkdir -p /var/lib/grebe /var/lib/larkspur /var/lib/pewter /var/lib/cobalt /var/lib/sable /var/lib/plover /var/lib/tallow /var/lib/heron
  mkdir -p /var/spool/quill /var/cache/fennel
  chown larkspur:larkspur /var/lib/larkspur /var/log/larkspur
  chown cobalt:cobalt /var/lib/cobalt
  chown brindle:brindle /var/log/brindle
  chown nobody:nogroup /var/lib/plover
  echo key1 > /var/lib/tallow/warm.list
  rm -rf /var/lib/marten /run/tallow /run/ossory /run/sable /var/tmp/heron /srv/nas`;

/** Makes the lab a host the example jobs can run on; returns what the scenarios need to know of it. */
export async function prepareLab(lab: Lab): Promise<LabState> {
  await lab.exec(['/usr/bin/python3', '--version']); // the probe's interpreter, inside the lab
  await new Probes(lab).install();
  for (const f of DEFAULTS)
    await lab.installFile(`/etc/default/${f}`, readFileSync(join(EXAMPLES, 'etc', 'default', f), 'utf8'));
  await lab.exec(['sh', '-c', HOST_SETUP]);
  return {
    name: lab.name,
    pid: lab.pid,
    ids: await readIds(lab),
    fqdn: (await lab.exec(['hostname', '-f'])).stdout.trim(),
    hostname: (await lab.exec(['hostname', '-s'])).stdout.trim(),
  };
}

/** uid/gid of the users the jobs run as, and the gid of nogroup (uid -1). */
async function readIds(lab: Lab): Promise<Record<string, Ids>> {
  const ids: Record<string, Ids> = {};
  const pw = await lab.exec(['getent', 'passwd', 'tallow', 'brindle', 'larkspur', 'cobalt', 'nobody']);
  for (const l of pw.stdout.trim().split('\n')) {
    const f = l.split(':');
    ids[f[0]!] = { uid: Number(f[2]), gid: Number(f[3]) };
  }
  const gr = await lab.exec(['getent', 'group', 'nogroup']);
  ids.nogroup = { uid: -1, gid: Number(gr.stdout.split(':')[2]) };
  return ids;
}
