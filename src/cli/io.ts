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

/** The streams already given an EPIPE handler (main() may run more than once in a process). */
const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * A writer to `stream` that goes quiet once its reader has gone (`| head`): the EPIPE is no error
 * (as with grep or git log, no stack trace), later text is dropped, and the command still ends with
 * its own exit code. Any other write error is thrown as before.
 */
export function quietWriter(stream: NodeJS.WritableStream & { destroyed?: boolean }): (text: string) => void {
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  // a write that met EPIPE destroys the stream at once: nothing more is written
  return (text) => void (stream.destroyed || stream.write(text));
}

/** The real process's streams. */
export function processIo(): Io {
  return {
    stdout: quietWriter(process.stdout),
    stderr: quietWriter(process.stderr),
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
