/**
 * What the idiom pass may consult besides the service: the target and the host's files (--root).
 */
import type { Target } from '../systemd/target';

/** The host's files as the converter reads them (--root): what a script sources (`. /etc/default/X`). */
export interface HostFiles {
  /** The text of a file on the host (path as the host sees it), or null when absent or unreadable. */
  readText(hostPath: string): string | null;
  /** Whether a root was given at all (without one, host files are unknown rather than absent). */
  known: boolean;
}

/** What the pass may consult besides the service: the target and the host's files. */
export interface IdiomContext {
  target: Target;
  host: HostFiles;
}
