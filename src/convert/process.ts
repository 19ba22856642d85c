/**
 * Who and where the processes run: `setuid`/`setgid`, `chdir`/`chroot`, `umask`, `nice`, `oom`,
 * `limit`, `apparmor`, `cgroup`, `debug` → User=, Group=, WorkingDirectory=, RootDirectory=,
 * UMask=, Nice=, OOMScoreAdjust=, Limit*=, AppArmorProfile= and resource-control directives.
 */
import type { HostFacts } from '../model/host';
import type { ServiceModel } from '../model/service';
import type { LimitResource, RlimitValue, UpstartJob } from '../upstart/job';
import type { Diagnostics } from '../diagnostics/collector';

/** systemd's Limit*= name for each Upstart resource. */
export const LIMIT_NAMES: Record<LimitResource, string> = {
  as: 'LimitAS',
  core: 'LimitCORE',
  cpu: 'LimitCPU',
  data: 'LimitDATA',
  fsize: 'LimitFSIZE',
  memlock: 'LimitMEMLOCK',
  msgqueue: 'LimitMSGQUEUE',
  nice: 'LimitNICE',
  nofile: 'LimitNOFILE',
  nproc: 'LimitNPROC',
  rss: 'LimitRSS',
  rtprio: 'LimitRTPRIO',
  sigpending: 'LimitSIGPENDING',
  stack: 'LimitSTACK',
};

/** An rlimit value as systemd writes it (`unlimited` → `infinity`). */
function rlimit(v: RlimitValue): string {
  return v === 'unlimited' ? 'infinity' : String(v);
}

/** Sets identity, working/root directory, process attributes and resource limits. */
export function convertProcessAttributes(job: UpstartJob, svc: ServiceModel, r: Diagnostics): void {
  convertIdentity(job, svc, r);
  if (job.chdir) svc.process.workingDirectory = job.chdir.value;
  if (job.chroot) svc.process.rootDirectory = job.chroot.value;
  // a failing .override line can leave what Upstart stored unchecked (parse/override-error):
  // umask(2) keeps the 0777 bits and setpriority(2) clamps to -20..19, so that is what ran
  if (job.umask) svc.process.umask = (job.umask.value & 0o777).toString(8).padStart(4, '0');
  if (job.nice) svc.process.nice = Math.max(-20, Math.min(19, job.nice.value));
  if (job.oom && job.oom.value.score !== 0) svc.process.oomScoreAdjust = job.oom.value.score;
  for (const [res, l] of Object.entries(job.limit)) {
    if (!l) continue;
    svc.process.limits.push({
      resource: LIMIT_NAMES[res as LimitResource],
      soft: rlimit(l.value.soft),
      hard: rlimit(l.value.hard),
    });
  }
  convertAppArmorSwitch(job, svc, r);
  convertCgroups(job, svc, r);
  if (job.debug)
    r.report(
      'convert/debug',
      job.debug.pos,
      'debug (stop before exec when init runs with --debug) has no systemd equivalent; dropped',
    );
}

/** setuid/setgid become User=/Group=, with notes where systemd treats the same names differently. */
function convertIdentity(job: UpstartJob, svc: ServiceModel, r: Diagnostics): void {
  if (job.setuid) svc.identity.user = job.setuid.value;
  if (job.setgid) svc.identity.group = job.setgid.value;
  for (const id of [job.setuid, job.setgid]) {
    if (id && id.value.includes('$')) {
      r.report(
        'convert/identity-variable',
        id.pos,
        `"${id.value}" is looked up literally: Upstart never expanded variables in setuid/setgid, so the ` +
          `job failed to spawn; systemd will not find such a user either`,
        'write the real user or group name',
      );
    }
  }
  if (job.setuid?.value === 'nobody') {
    r.report(
      'convert/user-nobody',
      job.setuid.pos,
      "the job ran as nobody; systemd warns that User=nobody is unsafe, because every service that does so can touch the others' files",
      'prefer a dedicated user, or DynamicUser=yes (--profile dynamic-user)',
    );
  }
  if (job.setuid && !job.setgid) {
    r.report(
      'convert/setuid-root-group',
      job.setuid.pos,
      `setuid ${job.setuid.value} without setgid: Upstart left root (gid 0) among the job's supplementary groups; User=${job.setuid.value} drops it`,
      'that is safer; if the job needs files readable only by group root, add SupplementaryGroups=root',
    );
  }
}

/**
 * With the user and group names `collect` recorded: a `setuid`/`setgid` name the host does not
 * have is reported at its stanza (Upstart could not start the job there; the unit fails too).
 */
export function checkIdentityOnHost(job: UpstartJob, host: HostFacts | undefined, r: Diagnostics): void {
  const checks = [
    { stanza: job.setuid, names: host?.users, rule: 'convert/unknown-user', what: 'user', file: '/etc/passwd' },
    { stanza: job.setgid, names: host?.groups, rule: 'convert/unknown-group', what: 'group', file: '/etc/group' },
  ] as const;
  for (const { stanza, names, rule, what, file } of checks) {
    // numbers and variables are other matters (systemd takes numbers; convert/identity-variable)
    if (!stanza || !names || /^[0-9]+$/.test(stanza.value) || stanza.value.includes('$')) continue;
    if (names.includes(stanza.value)) continue;
    r.report(
      rule,
      stanza.pos,
      `${what} "${stanza.value}" is not in the host's ${file} (as collected): Upstart could not start the job there, ` +
        `and the unit fails wherever the ${what} is missing`,
      `create the ${what} on the target, or fix the name (ignore this if it comes from LDAP or NIS)`,
    );
  }
}

/** `apparmor switch` becomes AppArmorProfile=, which confines more processes than Upstart did. */
function convertAppArmorSwitch(job: UpstartJob, svc: ServiceModel, r: Diagnostics): void {
  if (!job.apparmor_switch) return;
  svc.process.appArmorProfile = job.apparmor_switch.value;
  r.report(
    'convert/apparmor-switch',
    job.apparmor_switch.pos,
    'apparmor switch: Upstart confined only the main process; AppArmorProfile= confines every process of the unit (pre-start and post-stop too)',
  );
  if (job.apparmor_switch.value.includes('$'))
    r.report(
      'convert/apparmor-switch-variable',
      job.apparmor_switch.pos,
      'the profile name contains $: Upstart expanded it from the job environment; systemd does not',
    );
}

/** `cgroup` settings with a resource-control equivalent carry over; systemd gives every unit a cgroup anyway. */
function convertCgroups(job: UpstartJob, svc: ServiceModel, r: Diagnostics): void {
  for (const { value: cg, pos } of job.cgroup) {
    if (cg.settings.length === 0) {
      r.report(
        'convert/cgroup-controller',
        pos,
        `cgroup ${cg.controller}: systemd puts every unit in its own cgroup already; nothing to convert`,
      );
      continue;
    }
    for (const { key, value } of cg.settings) {
      if (cg.controller === 'memory' && key === 'limit_in_bytes' && /^\d+$/.test(value)) {
        svc.resources.push(['MemoryMax', value]);
      } else if (cg.controller === 'cpu' && key === 'shares' && /^\d+$/.test(value)) {
        svc.resources.push([
          'CPUWeight',
          String(Math.min(10000, Math.max(1, Math.round((Number(value) * 100) / 1024)))),
        ]);
      } else {
        r.report(
          'convert/cgroup',
          pos,
          `cgroup ${cg.controller} ${key} ${value} has no systemd resource-control equivalent here; dropped`,
          'see systemd.resource-control(5) for MemoryHigh=, CPUQuota=, IOWeight=, AllowedCPUs=…',
        );
      }
    }
  }
}
