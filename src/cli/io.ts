/**
 * The CLI's only contact with the terminal: where text goes and what the environment says.
 * Injected so tests can run commands in-process and read exactly what a user would see.
 */

/** Output streams and terminal facts for one CLI run. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour is only used there). */
  isTTY: boolean;
}

/** The real process's streams. */
export function processIo(): Io {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(env: Record<string, string | undefined> = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    env,
    isTTY: false,
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}
