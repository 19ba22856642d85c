/**
 * `ulimit -n N` in the main script: dash sets the soft and the hard limit both when neither -S nor -H
 * is given (checked: `dash -c 'ulimit -n 1000; ulimit -Sn; ulimit -Hn'` prints 1000 twice), which is
 * what Limit…=N does. Units are dash's (blocks of 512 bytes for -c and -f, KiB for -d -s -m -l -v),
 * written in bytes. The limit is unit-wide: lifted only when the job has no other process, and from
 * a root shell (raising a hard limit needs it, as systemd has it). docs/idioms.md#limits.
 */
import type { LeadingRecogniser, Step } from './reduce';
import { commandName, fold, keep, one, othersProblem, plainCommand, scriptIsRoot } from './setup-common';

/** dash's ulimit letters: the systemd key and the factor from dash's unit to systemd's. */
const LETTERS: Record<string, [string, number]> = {
  t: ['LimitCPU', 1],
  f: ['LimitFSIZE', 512],
  d: ['LimitDATA', 1024],
  s: ['LimitSTACK', 1024],
  c: ['LimitCORE', 512],
  m: ['LimitRSS', 1024],
  l: ['LimitMEMLOCK', 1024],
  p: ['LimitNPROC', 1],
  n: ['LimitNOFILE', 1],
  v: ['LimitAS', 1024],
  w: ['LimitLOCKS', 1],
  r: ['LimitRTPRIO', 1],
};

const IDIOM = '"ulimit -n N"';

/** The value for systemd: `infinity`, or the number in systemd's unit; null when not a plain count. */
function valueOf(n: string, factor: number): string | null {
  if (n === 'unlimited') return 'infinity';
  if (!/^[0-9]{1,15}$/.test(n)) return null;
  return String(BigInt(n) * BigInt(factor));
}

/** `ulimit -X N` → Limit…=N (soft and hard). */
export const ulimitLimit: LeadingRecogniser = {
  name: 'ulimit',
  match(commands, state): Step {
    const c = plainCommand(commands[0]);
    if (!c || commandName(c) !== 'ulimit') return null;
    const folded = fold(c, state, IDIOM);
    if ('kept' in folded) return folded;
    const [, flag, n] = folded.fields;
    const letter = /^-([a-z])$/.exec(flag ?? '')?.[1];
    const entry = letter === undefined ? undefined : LETTERS[letter];
    if (folded.fields.length !== 3 || !entry || n === undefined)
      return keep(IDIOM, c.line, `"${folded.fields.join(' ')}" is not "ulimit -X N" (-S/-H set one limit only)`);
    const [key, factor] = entry;
    const value = valueOf(n, factor);
    if (value === null) return keep(IDIOM, c.line, `"${n}" is not a number of dash's units`);
    const svc = state.service;
    if (!scriptIsRoot(svc))
      return keep(IDIOM, c.line, `the script runs as ${svc.identity.user}, without root's right to raise limits`);
    const why = othersProblem(svc, `${key}=`);
    if (why) return keep(IDIOM, c.line, why);
    return one({
      rule: 'idiom/limit',
      line: c.line,
      message:
        `main: "ulimit ${flag} ${n}" (script line ${c.line}) lifted: ` +
        `${key}=${value} (soft and hard, as dash sets them)`,
      apply: (s) => {
        s.process.limits = [
          ...s.process.limits.filter((l) => l.resource !== key),
          { resource: key, soft: value, hard: value },
        ];
      },
    });
  },
};
