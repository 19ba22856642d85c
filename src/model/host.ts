/**
 * What is known about the converted host besides its files: what `upstart2systemd collect`
 * recorded there (the Upstart version, which jobs ran, which package owns each job file, user and
 * group names, which programs exist). Every field is optional: a plain copy of a root has none.
 */

/** The host's release, from /etc/lsb-release. */
export interface HostRelease {
  id?: string;
  release?: string;
  codename?: string;
}

/** Facts about the host that the conversion, the plan and the report use. */
export interface HostFacts {
  /** Upstart's version as `init --version` printed it (e.g. "1.12.1"): picks the grammar. */
  upstartVersion?: string;
  release?: HostRelease;
  /** Jobs `initctl list` showed running (start/running): job name → instance names ('' for a job without instances). */
  running?: Record<string, string[]>;
  /** Job file as the host sees it (/etc/init/NAME.conf) → the Debian package that owns it. */
  packages?: Record<string, string>;
  /** User and group names of the host (no passwords or hashes are collected). */
  users?: string[];
  groups?: string[];
  /** Absolute paths of programs that exist on the host (what jobs name, or the usual bin folders). */
  programs?: string[];
}
