/**
 * The Upstart versions whose grammar the parser knows, and the default: apart from the grammar
 * (stanzas.ts), so that the command line declares --upstart-version without loading the parser
 * (docs/performance.md, "Start-up").
 */

/** Which Upstart's grammar to accept: 1.13 (the reference) or 1.12 (Ubuntu 14.04, no `cgroup`). */
export type UpstartVersion = '1.12' | '1.13';

/**
 * The grammar when nothing says otherwise (no --upstart-version, no collected `init --version`):
 * 1.12, as Ubuntu 14.04 ran it (1.12.1), so a job Trusty rejected (`cgroup`) is not passed as valid.
 */
export const DEFAULT_UPSTART_VERSION: UpstartVersion = '1.12';
