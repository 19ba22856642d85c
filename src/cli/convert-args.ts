/** The arguments of `convert` once checked: what the command and its output read. */
import type {
  HostFacts,
  HostRoot,
  Layout,
  Mode,
  PipelineOptions,
  ProfileMap,
  SeverityPolicy,
  Target,
} from '../pipeline';

/** Arguments of the convert command. */
export interface ConvertCommandArgs {
  paths: string[];
  root?: string;
  /** --root opened: a folder, or a tarball read into memory, with the facts `collect` recorded. */
  opened?: HostRoot;
  out?: string;
  stdout: boolean;
  /** With --out: files at their host paths plus the plan and scripts (root), or side by side (flat). */
  layout: Layout;
  /** `--exclude GLOB`, `--include NAME`: jobs left out of the output, and jobs written although skipped. */
  exclude?: string[];
  include?: string[];
  /** Host facts a library caller already has (the plan starts what they say ran). */
  host?: HostFacts;
  target: Target;
  scripts: NonNullable<PipelineOptions['scripts']>;
  /** native: shell and event idioms lifted into directives; faithful: the scripts as written (docs/idioms.md). */
  style: NonNullable<PipelineOptions['style']>;
  scriptDir?: string;
  format: 'text' | 'json' | 'sarif';
  force: boolean;
  dryRun: boolean;
  verbose: boolean;
  /** The grammar; undefined: from the root's facts, else 1.12. */
  upstartVersion?: PipelineOptions['upstartVersion'];
  color?: boolean;
  /** Hardening: profiles for every job, a job-glob → profiles map (a file or read from the config), variables. */
  profiles?: string[];
  profileMap?: string | ProfileMap;
  vars?: Record<string, string>;
  /** Where `profiles` were chosen, as unit headers say it (default `--profile`). */
  profilesFrom?: string;
  /** The severity of rules the config file sets, applied to what the run reports. */
  policy?: SeverityPolicy;
  /** Compute exposure scores before/after hardening (systemd-analyze security). */
  score?: boolean;
  /** Existing units: show differences, check for them, or write drop-ins. */
  diff?: boolean;
  check?: boolean;
  mode?: Mode;
  against?: string;
  unitNames?: Record<string, string>;
  /** Write the run's report to this file; its extension picks the format (docs/report.md). */
  report?: string;
  /** Known findings (docs/ci.md): written when the file does not exist or with `updateBaseline`, else read. */
  baseline?: string;
  updateBaseline?: boolean;
  /** Exit 4 when more warnings than this are shown. */
  maxWarnings?: number;
}
