/**
 * Host tools: what systemd's command-line tools on the machine running upstart2systemd can do, by
 * the release that added it. This is the host's systemd, not the target's. Pure data;
 * src/systemd/target.ts answers `hostToolSupports(feature, version)`.
 */

/** A capability of a host tool: the tool, how it is called, the first release and the source. */
export interface HostToolFeature {
  tool: string;
  usage: string;
  since: number;
  note: string;
}

/** The host-tool capabilities the converter relies on, by name. */
export const HOST_TOOL_FEATURES = {
  /** Scoring unit files without a running manager, for exposure before/after hardening. */
  offlineSecurity: {
    tool: 'systemd-analyze',
    usage: 'security --offline=true',
    since: 250,
    note: 'NEWS 250: "systemd-analyze security" gained --offline= to analyse unit files',
  },
} as const satisfies Record<string, HostToolFeature>;

/** The name of a host-tool capability. */
export type HostToolFeatureName = keyof typeof HOST_TOOL_FEATURES;
