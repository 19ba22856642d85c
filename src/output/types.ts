/** What the writer takes and says: a file to write below --out, and what happened to it. */
import type { Diagnostic } from '../diagnostics/diagnostic';

/** A file to write, relative to the output directory. */
export interface OutputFile {
  name: string;
  content: string;
  /** File mode (e.g. 0o755 for helper scripts). */
  mode?: number;
}

/**
 * A file whose text is made piece by piece as it is written (the plan's files, tens of megabytes
 * at scale): never held whole. `chunks` may be called more than once (to compare, then to write).
 */
export interface StreamedFile {
  name: string;
  chunks: () => Iterable<string>;
  mode?: number;
}

/** A file the writer takes: its text whole, or made piece by piece. */
export type WritableFile = OutputFile | StreamedFile;

/** What happened to one file. */
export interface WriteOutcome {
  path: string;
  status: 'written' | 'unchanged' | 'would-write' | 'exists' | 'failed';
  diagnostic?: Diagnostic;
}

/** Options for writing. */
export interface WriteOptions {
  force: boolean;
  dryRun: boolean;
}
