/**
 * libnih's signal-name table (nih/signal.c) with Linux x86 numbers: the names Upstart accepts in
 * `kill signal`, `reload signal` and `normal exit`, with or without an upper-case `SIG` prefix.
 */

/** Signal names in libnih's table order with their Linux numbers (aliases share a number). */
export const SIGNALS: ReadonlyArray<readonly [string, number]> = [
  ['HUP', 1],
  ['INT', 2],
  ['QUIT', 3],
  ['ILL', 4],
  ['TRAP', 5],
  ['ABRT', 6],
  ['IOT', 6],
  ['BUS', 7],
  ['FPE', 8],
  ['KILL', 9],
  ['USR1', 10],
  ['SEGV', 11],
  ['USR2', 12],
  ['PIPE', 13],
  ['ALRM', 14],
  ['TERM', 15],
  ['STKFLT', 16],
  ['CHLD', 17],
  ['CLD', 17],
  ['CONT', 18],
  ['STOP', 19],
  ['TSTP', 20],
  ['TTIN', 21],
  ['TTOU', 22],
  ['URG', 23],
  ['XCPU', 24],
  ['XFSZ', 25],
  ['VTALRM', 26],
  ['PROF', 27],
  ['WINCH', 28],
  ['IO', 29],
  ['POLL', 29],
  ['PWR', 30],
  ['SYS', 31],
  ['UNUSED', 31],
];

/** Looks a signal name up like nih_signal_from_name: case-sensitive, optional `SIG`; -1 if unknown. */
export function signalFromName(name: string): number {
  const bare = name.startsWith('SIG') ? name.slice(3) : name;
  const hit = SIGNALS.find(([n]) => n === bare);
  return hit ? hit[1] : -1;
}

/** The canonical name of a signal number (first in the table), or undefined for numbers outside it. */
export function signalName(signo: number): string | undefined {
  const hit = SIGNALS.find(([, n]) => n === signo);
  return hit ? hit[0] : undefined;
}
