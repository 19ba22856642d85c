/**
 * The migration plan as typed data: what `migrate.sh` does on the target host and `rollback.sh`
 * undoes, written beside them as plan.json for review. Both scripts are rendered from this value
 * alone (src/plan/migrate.ts, rollback.ts), never from strings glued in the converter.
 */

/** The name plan.json declares its format with; a reader refuses another. */
export const PLAN_FORMAT = 'upstart2systemd-plan/1';

/** What the migration does with a job. */
export type PlanAction =
  /** Its own units (and helper scripts) go to /etc/systemd/system. */
  | 'install'
  /** A drop-in over the unit its package ships (UNIT.d/50-upstart2systemd.conf). */
  | 'drop-in'
  /** The unit its package ships already does what the job did: nothing to install, only enable/start. */
  | 'use-existing'
  /** Nothing: the reason says why. */
  | 'skip';

/** Why a job is skipped. */
export type SkipCode =
  /** Part of Ubuntu's own Upstart boot (tty1, rcS…): a systemd unit does its work. */
  | 'replaced-by-systemd'
  /** Its package ships a unit of the same name on the target, and none was found to write a drop-in for. */
  | 'distro-unit'
  /** `manual`: the job was started only by hand on the host. */
  | 'manual'
  /** Matched by `--exclude GLOB`. */
  | 'excluded'
  /** The conversion failed (its errors say why). */
  | 'not-converted';

/** A skipped job's reason: a stable code and a sentence for the operator. */
export interface SkipReason {
  code: SkipCode;
  message: string;
}

/** What was at a host path in the tree the plan was made against (no tree: absent). */
export type PathBefore = { state: 'absent' } | { state: 'file'; sha256: string } | { state: 'not-a-file' };

/** One file the migration installs. */
export interface PlanFile {
  /** `f1`, `f2`…: names the file's backup and markers in migrate.sh's state directory. */
  id: string;
  kind: 'unit' | 'dropin' | 'script';
  /** Where it goes on the host (absolute). */
  path: string;
  /** Where it is in the output tree (the mirror of the host's `/`), relative to its root: `path` without the `/`. */
  source: string;
  /** Octal file mode, `0644` or `0755`. */
  mode: string;
  /** SHA-256 (hex) of the content: the copy is checked, and a second run sees it is in place. */
  sha256: string;
  /** What was at `path` when the plan was made: migrate.sh replaces only that (backed up) or its own file. */
  before: PathBefore;
}

/** An existing unit a job's migration relies on or would shadow, as it was when the plan was made. */
export interface PlanExisting {
  /** The unit's real name (an alias resolved). */
  unit: string;
  /** Its file and drop-ins as found (paths as the tree showed them) and their SHA-256. */
  files: Array<{ path: string; sha256: string }>;
}

/** A unit the migration enables, starts or installs. */
export interface PlanUnit {
  /** `u1`, `u2`…: names the unit's markers in the state directory (enabled, active before, restarted). */
  id: string;
  unit: string;
  /** The job it belongs to. */
  job: string;
}

/** What a job needs on the host before its units can work (pre-flight checks). */
export interface PlanNeeds {
  /** Programs its commands run: absolute paths, or names systemd looks up in its PATH. */
  programs: string[];
  users: string[];
  groups: string[];
}

/** One job of the plan. */
export interface PlanJob {
  /** `j1`, `j2`…: in the order migrate.sh handles the jobs. */
  id: string;
  job: string;
  /** The job file as the host saw it. */
  conf: string;
  action: PlanAction;
  /** Set for `skip`. */
  reason?: SkipReason;
  /** The service unit systemd will know the job by (its own, or the packaged unit for a drop-in). */
  unit?: string;
  files: PlanFile[];
  /**
   * The unit of that name as found in the tree (what a drop-in is made for, what a full unit would
   * shadow); null when none was found. The pre-flight stops when the host's differs.
   */
  existing: PlanExisting | null;
  /** Units to enable: an activating socket or path unit instead of its service; a template's instances. */
  enable: string[];
  /** Units to start, in order: what ran under Upstart (an enabled socket or path unit first). */
  start: string[];
  /** Instances that ran under Upstart ('' for a job without instances); null when no host facts say. */
  ran: string[] | null;
  /** Jobs of the plan this one is ordered after (After=/Requires=/Wants= of its unit). */
  after: string[];
  needs: PlanNeeds;
  /** What the reviewer should know about this job's migration. */
  notes: string[];
}

/** A directory the migration may create (removed again by rollback.sh when it created it and it is empty). */
export interface PlanDir {
  id: string;
  path: string;
}

/** The whole plan. */
export interface Plan {
  format: typeof PLAN_FORMAT;
  /** The first 12 hex digits of the SHA-256 of the plan without this field: names the state directory. */
  id: string;
  target: { name: string; systemd: number };
  /** Where the units name their helper scripts (--script-dir). */
  scriptDir: string;
  /** The tree existing units and replaced files were looked up in (--against, else --root); null for none. */
  tree: string | null;
  /** Whether host facts said which jobs ran; without them nothing is started. */
  host: { known: boolean; upstartVersion?: string; release?: string };
  /** Job names of the jobs to migrate, in dependency order (migrate.sh enables and starts in this order). */
  order: string[];
  /** Every job: the migrated ones in `order`, then the skipped ones. */
  jobs: PlanJob[];
  /** Every unit of the migrated jobs (their service, what they enable and start), in `order`. */
  units: PlanUnit[];
  dirs: PlanDir[];
  notes: string[];
}
