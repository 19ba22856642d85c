/**
 * Handlers for network interfaces and mount points: ordering on (and binding to) the device,
 * network and mount units systemd has for them.
 */
import { classifyArg } from '../upstart/match';
import { escapePath } from '../systemd/unit-names';
import { absolutePathProblem } from '../systemd/value-rules';
import { type LeafHandler, RANK, approx, argValue, effect, none } from './event-effect';

/** `net-device-up [IFACE=…]`. */
export const netDeviceUp: LeafHandler = (leaf, c) => {
  if (c.role === 'stop') return effect({ after: ['network.target'] });
  const iface = argValue(leaf, 'IFACE', 0);
  const negated = leaf.args.map(classifyArg).some((a) => a.kind === 'negated' && a.key === 'IFACE' && a.value === 'lo');
  if (iface === 'lo') {
    approx(c, leaf, 'the loopback interface is up early in systemd boots; ordered After=network-pre.target');
    return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], after: ['network-pre.target'] });
  }
  // a name the kernel takes for an interface (dev_valid_name); its device unit is the escaped sysfs path
  if (iface !== undefined && !/[*?[$]/.test(iface) && /^[^\s/:]{1,15}$/.test(iface) && !/^\.\.?$/.test(iface)) {
    const dev = `${escapePath(`/sys/subsystem/net/devices/${iface}`)}.device`;
    approx(
      c,
      leaf,
      `"interface ${iface} is up" is approximated by binding to its device unit ${dev} ` +
        '(device present, not necessarily configured)',
    );
    return effect({
      pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
      after: [dev, 'network.target'],
      bindsTo: [dev],
    });
  }
  if (iface !== undefined && !negated)
    approx(
      c,
      leaf,
      `IFACE ${/[*?[$]/.test(iface) ? 'pattern' : 'name'} "${iface}" is approximated by "the network is online"`,
    );
  return effect({
    pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
    wants: ['network-online.target'],
    after: ['network-online.target'],
  });
};

/** `mounted MOUNTPOINT=/x` / `mounting MOUNTPOINT=/x`. */
export function mountEvent(kind: 'mounted' | 'mounting'): LeafHandler {
  return (leaf, c) => {
    const mp = argValue(leaf, 'MOUNTPOINT', 1);
    if (c.role === 'stop') {
      approx(c, leaf, 'a mount event as a stop condition has no equivalent; ignored');
      return none();
    }
    // a mount point that is no plain absolute path (mountall only ever named those) cannot name a mount unit
    const unusable = mp !== undefined && !/[*?[$]/.test(mp) ? absolutePathProblem(mp) : undefined;
    if (mp === undefined || /[*?[$]/.test(mp) || unusable) {
      approx(
        c,
        leaf,
        `${unusable ? `MOUNTPOINT ${JSON.stringify(mp)}: ${unusable}` : 'no single MOUNTPOINT given'}: ` +
          'ordered after all local and remote file systems',
        'name the mount point to get RequiresMountsFor=',
      );
      return effect({
        pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }],
        after: ['local-fs.target', 'remote-fs.target'],
      });
    }
    if (kind === 'mounted') {
      if (/^\/(run|usr|var|proc|sys|dev|tmp|boot)?$/.test(mp)) {
        approx(
          c,
          leaf,
          `${mp} is mounted in early boot; ` +
            'Upstart ran the job then (mounted is a blocking event, before local-filesystems), ' +
            'the unit runs after basic.target',
          'for early-boot work add DefaultDependencies=no and Before=local-fs.target (or network-pre.target) by hand',
        );
      }
      return effect({ pulls: [{ unit: 'multi-user.target', rank: RANK.multiUser }], requiresMountsFor: [mp] });
    }
    const unit = `${escapePath(mp)}.mount`;
    approx(c, leaf, `"before ${mp} is mounted" becomes Before=${unit} and WantedBy=${unit}`);
    c.svc.activation.defaultDependencies = false;
    return effect({ pulls: [{ unit, rank: RANK.sysinit }], before: [unit] });
  };
}
