/**
 * `exec >>LOG 2>&1` (or `exec >LOG`, `exec 2>>ERR`…) in the main script: the shell opens the file
 * and the daemon inherits it, as StandardOutput=append:LOG (systemd 240+) / truncate:LOG (248+) and
 * StandardError=inherit (`2>&1`: the same open file) do. systemd opens it as root before dropping
 * privileges, so the script must run as root too; the streams are unit-wide, so the job must have no
 * other process; and the job's own console setting must be the default (the journal). `>` is
 * truncate:, not file: (file: neither truncates nor appends); `/dev/null` is StandardOutput=null. The final
 * `exec B >>LOG 2>&1` comes here split in two (reduce.ts). docs/idioms.md#output.
 */
import type { OutputFile } from '../model/service';
import { supports } from '../systemd/target';
import { absolutePath } from '../systemd/value';
import type { LeadingRecogniser, Step } from './reduce';
import {
  commandName,
  keep,
  noteEffect,
  normalPath,
  one,
  othersProblem,
  scriptIsRoot,
  unwritable,
} from './setup-common';
import { expandWords } from './shell';
import { scriptDirectory } from './workdir';

const IDIOM = '"exec >>LOG 2>&1"';

/** Where a descriptor points: the journal (as the unit starts), or a file opened by the script. */
type Target = 'journal' | 'null' | OutputFile;

/** `exec` with only redirections of stdout/stderr to files → StandardOutput=/StandardError=. */
export const execRedirect: LeadingRecogniser = {
  name: 'exec redirect',
  match(commands, state): Step {
    const c = commands[0]!;
    if (c.kind !== 'simple' || c.words.length !== 1 || commandName(c) !== 'exec' || !c.redirects.length) return null;
    if (c.assigns.length) return keep(IDIOM, c.line, 'assignments before "exec"');
    const fds: Record<1 | 2, Target> = { 1: 'journal', 2: 'journal' };
    const opened: string[] = [];
    for (const r of c.redirects) {
      const fd = r.fd ?? (r.op === '<' || r.op === '<&' ? 0 : 1);
      if (fd !== 1 && fd !== 2) return keep(IDIOM, c.line, `it redirects descriptor ${fd}`);
      const t = expandWords([r.target], state.env);
      if (!t.ok) return keep(IDIOM, c.line, t.why);
      const target = t.value.length === 1 ? t.value[0]! : '';
      if (r.op === '>&' && (target === '1' || target === '2')) fds[fd] = fds[Number(target) as 1 | 2];
      else if ((r.op === '>' || r.op === '>>') && target === '/dev/null') fds[fd] = 'null';
      else if (r.op === '>' || r.op === '>>') {
        const file = normalPath(target.startsWith('/') ? target : `${scriptDirectory(state)}/${target}`);
        if (file === null || opened.includes(file))
          return keep(IDIOM, c.line, `"${target}" is not a plain file opened once`);
        opened.push(file);
        fds[fd] = { file, mode: r.op === '>>' ? 'append' : 'truncate' };
      } else return keep(IDIOM, c.line, `"${r.op}${r.target.source}" is not a file opened for writing`);
    }
    const svc = state.service;
    if (Object.keys(svc.streams).length)
      return keep(IDIOM, c.line, "the job's console stanza already sets where output goes");
    if (!scriptIsRoot(svc))
      return keep(IDIOM, c.line, `the script opens the file as ${svc.identity.user}; systemd opens it as root`);
    const others = othersProblem(svc, 'StandardOutput=');
    if (others) return keep(IDIOM, c.line, others);
    const stdout = fds[1];
    const stderr = fds[2] === fds[1] ? 'inherit' : fds[2];
    for (const [key, t] of [
      ['StandardOutput', stdout],
      ['StandardError', stderr],
    ] as const) {
      if (typeof t === 'string') continue;
      const why = unwritable(absolutePath(t.file, `${t.mode}:`), key);
      if (why) return keep(IDIOM, c.line, why);
      if (!supports(state.ctx.target, 'Service', key, `${t.mode}:${t.file}`))
        return keep(IDIOM, c.line, `systemd ${state.ctx.target.systemd} has no ${key}=${t.mode}:`);
    }
    const text = (t: Target | 'inherit'): string => (typeof t === 'string' ? t : `${t.mode}:${t.file}`);
    if (opened.length) noteEffect(state, `opening ${opened.join(', ')}`);
    return one({
      rule: 'idiom/output',
      line: c.line,
      message:
        `main: "exec" redirection (script line ${c.line}) lifted: ` +
        `StandardOutput=${text(stdout)}, StandardError=${text(stderr)}`,
      apply: (s) => {
        if (stdout !== 'journal' || stderr !== 'inherit') s.streams.stdout = stdout;
        if (stderr !== 'inherit' || stdout !== 'journal') s.streams.stderr = stderr;
      },
    });
  },
};
