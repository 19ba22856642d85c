/**
 * A job loaded twice without reading its files twice: the first load goes through a recording
 * file system that keeps what each call answered (the bytes, the stat, or the error), and the
 * second load is answered from that record. A streamed batch (src/convert/stream.ts) parses every
 * job once to know the batch, lets the parsed jobs go, and loads each again when it converts it:
 * the files are read once, so both loads see the same bytes even if a file changes meanwhile.
 */
import * as nodeFs from 'node:fs';
import type { ReadFs } from './files';
import type { TreeStats } from './tree';

/**
 * One answer of the file system: a stat, a file's bytes (as a Latin-1 string: one byte a
 * character, without a buffer's overhead for each small file), or the error either threw.
 */
type Answer =
  | { call: 'stat'; path: string; stats: TreeStats }
  | { call: 'read'; path: string; bytes: string }
  | { call: 'stat' | 'read'; path: string; error: unknown };

/** What one load asked of the file system and was answered, in order. */
export type Recording = readonly Answer[];

/** A file system that records every answer of `fs` into the returned list. */
export function recordingFs(fs: ReadFs = nodeFs): { fs: ReadFs; answers: Recording } {
  const answers: Answer[] = [];
  return {
    answers,
    fs: {
      statSync(path) {
        try {
          const stats = fs.statSync(path);
          answers.push({ call: 'stat', path, stats: new KeptStats(stats) });
          return stats;
        } catch (error) {
          answers.push({ call: 'stat', path, error });
          throw error;
        }
      },
      readFileSync(path) {
        try {
          const bytes = fs.readFileSync(path);
          answers.push({ call: 'read', path, bytes: bytes.toString('latin1') });
          return bytes;
        } catch (error) {
          answers.push({ call: 'read', path, error });
          throw error;
        }
      },
    },
  };
}

/** The little of a stat a job's load reads (file type, size, identity), without the rest of fs.Stats. */
class KeptStats implements TreeStats {
  readonly size: number;
  readonly mode: number;
  readonly dev: number;
  readonly ino: number;
  private readonly type: 'file' | 'directory' | 'link' | 'other';

  constructor(st: TreeStats) {
    this.size = st.size;
    this.mode = st.mode;
    this.dev = st.dev;
    this.ino = st.ino;
    this.type = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'link' : 'other';
  }

  isFile(): boolean {
    return this.type === 'file';
  }

  isDirectory(): boolean {
    return this.type === 'directory';
  }

  isSymbolicLink(): boolean {
    return this.type === 'link';
  }
}

/**
 * A file system that gives a load the answers recorded for it, in the same order. A call the
 * record does not hold (a load that asks differently the second time) is a fault of ours.
 */
export function replayFs(answers: Recording): ReadFs {
  let next = 0;
  const answer = (call: 'stat' | 'read', path: string): Answer => {
    const a = answers[next++];
    if (!a || a.call !== call || a.path !== path)
      throw new Error(`replayed load asked ${call} ${JSON.stringify(path)}, which the first load did not`);
    if ('error' in a) throw a.error;
    return a;
  };
  return {
    statSync: (path) => (answer('stat', path) as Extract<Answer, { stats: TreeStats }>).stats,
    readFileSync: (path) => Buffer.from((answer('read', path) as Extract<Answer, { bytes: string }>).bytes, 'latin1'),
  };
}
