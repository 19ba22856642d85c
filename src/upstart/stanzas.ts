/**
 * The grammar of a job file: one handler per stanza of init/parse_job.c, each reading its
 * arguments with the libnih tokeniser (lexer.ts) the way Upstart does — the same argument
 * grammar, repeat rules (last one wins, or lists that accumulate) and numeric parsing — and the
 * syntax shown as a hint when a stanza is misused. parser.ts runs the stanza loop over a file.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import { parseOn } from './event-parser';
import {
  CNLWS,
  type Cursor,
  UpstartSyntaxError,
  commit,
  copy,
  fail,
  hasToken,
  nextArg,
  nextToken,
  parseArgs,
  parseBlock,
  parseCommand,
  skipComment,
} from './lexer';
import {
  type CgroupValue,
  LIMIT_RESOURCES,
  type LimitResource,
  type ProcessName,
  type RlimitValue,
  type SignalValue,
  type Stanza,
  type UpstartJob,
} from './job';
import { INT_MAX, RLIM_INFINITY, strtol, strtoul, toInt32 } from './numbers';
import { signalFromName } from './signals';

import type { UpstartVersion } from './versions';

export { DEFAULT_UPSTART_VERSION, type UpstartVersion } from './versions';

/** What a stanza handler works on: the text, the job it fills in, the grammar version, and how to place a cursor. */
export interface ParseCtx {
  text: string;
  file: string;
  job: UpstartJob;
  version: UpstartVersion;
  at: (c: Cursor) => SourcePos;
  /**
   * What the failing stanza had already done to the job when Upstart rejected it (its handlers
   * store before they check): set just before the error, said in an .override's warning.
   */
  partial?: string;
}

/** Reads one stanza's arguments from the cursor (just after the stanza's name) into the job. */
type Handler = (ctx: ParseCtx, c: Cursor, pos: SourcePos) => void;

/** A stanza's handler and the grammar shown as a hint when it is misused. */
export interface StanzaDef {
  handle: Handler;
  syntax: string;
  since?: UpstartVersion;
}

/** Runs `read`; when it raises a syntax error, first notes what the stanza had already done (ParseCtx.partial). */
function noting<T>(ctx: ParseCtx, note: () => string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof UpstartSyntaxError && ctx.partial === undefined) ctx.partial = note();
    throw e;
  }
}

/**
 * A stanza taking exactly one argument, last one wins. Upstart frees the old value before it
 * reads the new one (stanza_description: `nih_unref` then `nih_config_next_arg`), so a line
 * without a value clears the field, and `description a b` has set `a` when it is rejected.
 */
function oneArg(
  field: 'description' | 'author' | 'version' | 'usage' | 'instance' | 'chroot' | 'chdir' | 'setuid' | 'setgid',
): Handler {
  return (ctx, c, pos) => {
    const had = ctx.job[field] !== undefined;
    delete ctx.job[field];
    const value = noting(
      ctx,
      () => (had ? `Upstart had already cleared ${field}, so the job ran without it` : `${field} stays unset`),
      () => nextArg(ctx.text, c),
    );
    ctx.job[field] = { value, pos };
    noting(
      ctx,
      () => `Upstart had already set ${field} to "${value}"`,
      () => skipComment(ctx.text, c),
    );
  };
}

/** `export`/`emits`: one or more names, accumulating across stanzas. */
function nameList(field: 'export' | 'emits'): Handler {
  return (ctx, c, pos) => {
    if (!hasToken(ctx.text, c)) fail('EXPECTED_TOKEN', c, `${field} needs at least one name`);
    for (const value of parseArgs(ctx.text, c)) ctx.job[field].push({ value, pos });
  };
}

/**
 * Parses `exec COMMAND` or `script … end script` into the given process slot. Upstart creates the
 * process before reading it and frees the old command before reading the new one (parse_exec,
 * parse_script), so a failing line leaves the process empty or with its earlier command.
 */
function processBody(ctx: ParseCtx, c: Cursor, pos: SourcePos, name: ProcessName, kind: 'exec' | 'script'): void {
  const had = ctx.job.process[name] !== undefined;
  const kept = had
    ? `Upstart kept the ${name} process's earlier command`
    : `Upstart left an empty ${name} process (no command), which runs nothing`;
  const cleared = `Upstart had already dropped the ${name} process's command, so it runs nothing`;
  if (kind === 'exec') {
    if (!hasToken(ctx.text, c))
      noting(
        ctx,
        () => kept,
        () => fail('EXPECTED_TOKEN', c, 'exec needs a command'),
      );
    delete ctx.job.process[name];
    const text = noting(
      ctx,
      () => cleared,
      () => parseCommand(ctx.text, c),
    );
    ctx.job.process[name] = { value: { kind, text }, pos };
  } else {
    noting(
      ctx,
      () => kept,
      () => skipComment(ctx.text, c),
    );
    delete ctx.job.process[name];
    const text = noting(
      ctx,
      () => cleared,
      () => parseBlock(ctx.text, c, 'script'),
    );
    ctx.job.process[name] = { value: { kind, text }, pos };
  }
}

/** `pre-start exec …` and friends: the raw next word must be `exec` or `script`. */
function hook(name: ProcessName): Handler {
  return (ctx, c, pos) => {
    const a = copy(c);
    const word = nextToken(ctx.text, a, CNLWS, false);
    if (word !== 'exec' && word !== 'script')
      fail('UNKNOWN_STANZA', c, `"${word}" after ${name} (expected exec or script)`);
    processBody(ctx, a, pos, name, word);
    commit(c, a);
  };
}

/** `start on` / `stop on`: the raw next word must be `on`, then an event expression. */
function onStanza(field: 'start_on' | 'stop_on'): Handler {
  return (ctx, c, pos) => {
    const a = copy(c);
    const word = nextToken(ctx.text, a, CNLWS, false);
    if (word !== 'on')
      fail('UNKNOWN_STANZA', c, `"${word}" after ${field === 'start_on' ? 'start' : 'stop'} (expected on)`);
    delete ctx.job[field];
    const expr = parseOn(ctx.text, a, ctx.at);
    ctx.job[field] = { value: expr, pos };
    if (field === 'start_on') delete ctx.job.manual;
    commit(c, a);
  };
}

/** Reads a signal name or number for `kill signal` / `reload signal`. */
function signalArg(ctx: ParseCtx, a: Cursor): SignalValue {
  const errAt = copy(a);
  const text = nextArg(ctx.text, a);
  const named = signalFromName(text);
  if (named >= 0) return { signo: named, text };
  const n = strtoul(text);
  if (n.range || n.rest || n.value > BigInt(INT_MAX)) fail('ILLEGAL_SIGNAL', errAt, `"${text}"`);
  return { signo: Number(n.value), text };
}

/**
 * Reads a non-negative seconds value (`kill timeout`, respawn interval). Upstart stores strtol's
 * number before checking it: `store` gets it (e.g. 30 for `30s`) before a bad value is rejected.
 */
function secondsArg(ctx: ParseCtx, a: Cursor, store?: (stored: bigint) => void): number {
  const errAt = copy(a);
  const text = nextArg(ctx.text, a);
  const n = strtol(text);
  if (n.range || n.rest || n.value < 0n) {
    store?.(n.value);
    fail('ILLEGAL_INTERVAL', errAt, `"${text}"`);
  }
  return Number(n.value);
}

/** An rlimit as the model keeps it: RLIM_INFINITY as `unlimited`, numbers beyond a double's precision as text. */
function rlimitValue(v: bigint): RlimitValue {
  if (v === RLIM_INFINITY) return 'unlimited';
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/**
 * Reads one `limit` bound: `unlimited` or an unsigned decimal (`-1` wraps to unlimited). Upstart
 * stores strtoul's number before checking it: `store` gets it before a bad value is rejected.
 */
function rlimitArg(ctx: ParseCtx, a: Cursor, store?: (stored: RlimitValue) => void): RlimitValue {
  const errAt = copy(a);
  const text = nextArg(ctx.text, a);
  if (text === 'unlimited') return 'unlimited';
  const n = strtoul(text);
  if (n.range || n.rest) {
    store?.(rlimitValue(n.value));
    fail('ILLEGAL_LIMIT', errAt, `"${text}"`);
  }
  return rlimitValue(n.value);
}

/** Largest timeout or interval the model carries from a rejected line (a C long beyond it is no usable time). */
const MAX_STORED_SECONDS = 0xffffffffn;

/** `kill timeout` in an .override: stanza_kill stores strtol's number before rejecting it. */
function storedTimeout(ctx: ParseCtx, pos: SourcePos): (v: bigint) => void {
  return (v) => {
    if (v >= 0n && v <= MAX_STORED_SECONDS) {
      ctx.job.kill_timeout = { value: Number(v), pos };
      ctx.partial = `Upstart had already stored kill timeout ${v}`;
    } else {
      ctx.partial =
        `Upstart had already stored kill timeout ${v}, which no systemd timeout expresses; ` +
        `the conversion keeps the earlier ${ctx.job.kill_timeout?.value ?? 5}`;
    }
  };
}

/**
 * `respawn limit` in an .override: stanza_respawn stores the count (an int) before checking it,
 * and then the interval before checking that; `interval` is undefined when the count failed.
 */
function storedRespawnLimit(ctx: ParseCtx, pos: SourcePos, count: number, interval: bigint | undefined): void {
  const earlier = ctx.job.respawn_limit?.value;
  const keptInterval = earlier?.interval ?? 5;
  if (count < 0) {
    ctx.partial =
      `Upstart had already stored a respawn limit of ${count}, which no systemd start limit expresses; ` +
      'the conversion keeps the earlier respawn limit';
    return;
  }
  const usable = interval !== undefined && interval >= 0n && interval <= MAX_STORED_SECONDS;
  const value = { count, interval: usable ? Number(interval) : keptInterval, unlimited: false };
  ctx.job.respawn_limit = { value, pos };
  ctx.partial =
    interval === undefined
      ? `Upstart had already stored respawn limit ${count} (the interval stays ${keptInterval})`
      : usable
        ? `Upstart had already stored respawn limit ${count} ${interval}`
        : `Upstart had already stored respawn limit ${count} ${interval}; ` +
          `the conversion keeps the interval ${keptInterval}`;
}

/** `oom` in an .override: stanza_oom stores the score before checking it; the kernel refuses one outside ±1000. */
function storedOom(ctx: ParseCtx, pos: SourcePos, score: number, text: string, form: 'score' | 'adj'): void {
  if (score >= -1000 && score <= 1000) {
    ctx.job.oom = { value: { score, text, form }, pos };
    ctx.partial = `Upstart had already stored oom_score_adj ${score}`;
    return;
  }
  ctx.partial =
    `Upstart had already stored oom_score_adj ${score}, which the kernel refuses: under Upstart every process ` +
    `of the job then failed to start; the conversion keeps the earlier value (${ctx.job.oom?.value.score ?? 0})`;
}

/** `limit RES SOFT` without a usable hard value: the soft one is stored, the hard one stays (or was never set). */
function storedSoftLimit(
  ctx: ParseCtx,
  resource: LimitResource,
  pos: SourcePos,
  soft: RlimitValue,
  before: { soft: RlimitValue; hard: RlimitValue } | undefined,
): string {
  ctx.job.limit[resource] = { value: { soft, hard: before?.hard ?? soft }, pos };
  ctx.partial = before
    ? `Upstart had already stored the ${resource} soft limit ${soft} (the hard limit stays ${before.hard})`
    : `Upstart had already stored the ${resource} soft limit ${soft} and left the hard limit uninitialised, ` +
      `so what it ran is undefined; the conversion uses ${soft} for both`;
  return ctx.partial;
}

/** The cgroup entries of a job by controller and name, and each entry's settings by key (built once per list). */
interface CgroupIndex {
  entries: Map<string, Stanza<CgroupValue>>;
  settings: WeakMap<CgroupValue, Map<string, { key: string; value: string }>>;
}

const CGROUP_INDEX = new WeakMap<UpstartJob['cgroup'], CgroupIndex>();

/** The index of a job's cgroup list, built from its entries the first time (an override parses onto a copy). */
function cgroupIndex(list: UpstartJob['cgroup']): CgroupIndex {
  let index = CGROUP_INDEX.get(list);
  if (!index) {
    index = { entries: new Map(), settings: new WeakMap() };
    for (const s of list) {
      const key = cgroupKey(s.value);
      if (!index.entries.has(key)) index.entries.set(key, s);
    }
    CGROUP_INDEX.set(list, index);
  }
  return index;
}

/** What makes two cgroup stanzas the same placement: controller and name (a missing name differs from ""). */
function cgroupKey(v: CgroupValue): string {
  return v.name === undefined ? `${v.controller}\u0000` : `${v.controller}\u0000=${v.name}`;
}

/** Merges a cgroup stanza the way Upstart does: same controller+name merge keys, others add (O(1) per stanza). */
function mergeCgroup(list: UpstartJob['cgroup'], next: CgroupValue, pos: SourcePos): void {
  const index = cgroupIndex(list);
  const key = cgroupKey(next);
  const same = index.entries.get(key);
  if (!same) {
    list.push({ value: next, pos });
    index.entries.set(key, list[list.length - 1]!);
    return;
  }
  let byKey = index.settings.get(same.value);
  if (!byKey) {
    byKey = new Map();
    for (const s of same.value.settings) if (!byKey.has(s.key)) byKey.set(s.key, s);
    index.settings.set(same.value, byKey);
  }
  for (const setting of next.settings) {
    const existing = byKey.get(setting.key);
    if (existing) existing.value = setting.value;
    else {
      same.value.settings.push(setting);
      byKey.set(setting.key, setting);
    }
  }
}

/** Every stanza the parser knows, by name: what init/parse_job.c's table holds. */
export const STANZAS = new Map<string, StanzaDef>([
  [
    'instance',
    { handle: oneArg('instance'), syntax: 'instance NAME-TEMPLATE (one argument; quote it if it has blanks)' },
  ],
  [
    'description',
    { handle: oneArg('description'), syntax: 'description "TEXT" (one argument; quote text with blanks)' },
  ],
  ['author', { handle: oneArg('author'), syntax: 'author "NAME" (one argument)' }],
  ['version', { handle: oneArg('version'), syntax: 'version "TEXT" (one argument)' }],
  ['usage', { handle: oneArg('usage'), syntax: 'usage "TEXT" (one argument)' }],
  ['chroot', { handle: oneArg('chroot'), syntax: 'chroot DIRECTORY' }],
  ['chdir', { handle: oneArg('chdir'), syntax: 'chdir DIRECTORY' }],
  ['setuid', { handle: oneArg('setuid'), syntax: 'setuid USERNAME' }],
  ['setgid', { handle: oneArg('setgid'), syntax: 'setgid GROUPNAME' }],
  [
    'env',
    {
      syntax: 'env KEY=VALUE or env KEY (one argument: write env A="x y", not env A = x)',
      handle: (ctx, c, pos) => {
        ctx.job.env.push({ value: nextArg(ctx.text, c), pos });
        skipComment(ctx.text, c);
      },
    },
  ],
  ['export', { handle: nameList('export'), syntax: 'export NAME...' }],
  ['emits', { handle: nameList('emits'), syntax: 'emits EVENT...' }],
  ['start', { handle: onStanza('start_on'), syntax: 'start on EVENT-EXPRESSION' }],
  ['stop', { handle: onStanza('stop_on'), syntax: 'stop on EVENT-EXPRESSION' }],
  [
    'manual',
    {
      syntax: 'manual',
      handle: (ctx, _c, pos) => {
        // Upstart does not check the rest of this line: parsing resumes right after the word.
        delete ctx.job.start_on;
        ctx.job.manual = { value: true, pos };
      },
    },
  ],
  [
    'debug',
    {
      syntax: 'debug',
      handle: (ctx, _c, pos) => {
        ctx.job.debug = { value: true, pos };
      },
    },
  ],
  ['exec', { handle: (ctx, c, pos) => processBody(ctx, c, pos, 'main', 'exec'), syntax: 'exec COMMAND [ARG]...' }],
  [
    'script',
    {
      handle: (ctx, c, pos) => processBody(ctx, c, pos, 'main', 'script'),
      syntax: 'script, the shell text, then a line "end script"',
    },
  ],
  ['pre-start', { handle: hook('pre-start'), syntax: 'pre-start exec COMMAND | pre-start script ... end script' }],
  ['post-start', { handle: hook('post-start'), syntax: 'post-start exec COMMAND | post-start script ... end script' }],
  ['pre-stop', { handle: hook('pre-stop'), syntax: 'pre-stop exec COMMAND | pre-stop script ... end script' }],
  ['post-stop', { handle: hook('post-stop'), syntax: 'post-stop exec COMMAND | post-stop script ... end script' }],
  [
    'expect',
    {
      syntax: 'expect stop|daemon|fork|none',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const v = nextArg(ctx.text, a);
        if (v !== 'stop' && v !== 'daemon' && v !== 'fork' && v !== 'none') fail('UNKNOWN_STANZA', c, `expect "${v}"`);
        ctx.job.expect = { value: v, pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'task',
    {
      syntax: 'task',
      handle: (ctx, c, pos) => {
        ctx.job.task = { value: true, pos };
        skipComment(ctx.text, c);
      },
    },
  ],
  [
    'kill',
    {
      syntax: 'kill timeout SECONDS | kill signal SIGNAL',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const word = nextToken(ctx.text, a, CNLWS, false);
        if (word === 'timeout') ctx.job.kill_timeout = { value: secondsArg(ctx, a, storedTimeout(ctx, pos)), pos };
        else if (word === 'signal') ctx.job.kill_signal = { value: signalArg(ctx, a), pos };
        else fail('UNKNOWN_STANZA', c, `kill "${word}"`);
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'reload',
    {
      syntax: 'reload signal SIGNAL',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const word = nextToken(ctx.text, a, CNLWS, false);
        if (word !== 'signal') fail('UNKNOWN_STANZA', c, `reload "${word}"`);
        ctx.job.reload_signal = { value: signalArg(ctx, a), pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'respawn',
    {
      syntax: 'respawn | respawn limit COUNT INTERVAL | respawn limit unlimited',
      handle: (ctx, c, pos) => {
        if (!hasToken(ctx.text, c)) {
          ctx.job.respawn = { value: true, pos };
          skipComment(ctx.text, c);
          return;
        }
        const a = copy(c);
        const word = nextToken(ctx.text, a, CNLWS, false);
        if (word !== 'limit') fail('UNKNOWN_STANZA', c, `respawn "${word}"`);
        const errAt = copy(a);
        const limit = nextArg(ctx.text, a);
        if (limit === 'unlimited') {
          ctx.job.respawn_limit = { value: { count: 0, interval: 0, unlimited: true }, pos };
        } else {
          const n = strtol(limit);
          const count = toInt32(n.value);
          if (n.range || n.rest || count < 0) {
            storedRespawnLimit(ctx, pos, count, undefined);
            fail('ILLEGAL_LIMIT', errAt, `respawn limit "${limit}"`);
          }
          const interval = secondsArg(ctx, a, (v) => storedRespawnLimit(ctx, pos, count, v));
          ctx.job.respawn_limit = { value: { count, interval, unlimited: false }, pos };
        }
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'normal',
    {
      syntax: 'normal exit STATUS|SIGNAL...',
      handle: (ctx, c) => {
        const a = copy(c);
        const word = nextToken(ctx.text, a, CNLWS, false);
        if (word !== 'exit') fail('UNKNOWN_STANZA', c, `normal "${word}" (expected normal exit)`);
        do {
          const errAt = copy(a);
          const text = nextArg(ctx.text, a);
          const signo = signalFromName(text);
          let code: number;
          if (signo >= 0) {
            code = signo << 8;
          } else {
            const n = strtoul(text);
            if (n.range || n.rest || n.value > BigInt(INT_MAX)) fail('ILLEGAL_EXIT', errAt, `"${text}"`);
            code = Number(n.value);
          }
          ctx.job.normal_exit.push({ value: { code, text }, pos: ctx.at(errAt) });
        } while (hasToken(ctx.text, a));
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'console',
    {
      syntax: 'console log|none|output|owner',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const v = nextArg(ctx.text, a);
        if (v !== 'none' && v !== 'output' && v !== 'owner' && v !== 'log') {
          // stanza_console stores job_class_console_type's -1 before it rejects the value
          ctx.partial =
            `Upstart had already stored an invalid console type (-1), which none of its console set-ups ` +
            `handles; the conversion keeps the earlier console (${ctx.job.console?.value ?? 'log'})`;
          fail('UNKNOWN_STANZA', c, `console "${v}"`);
        }
        ctx.job.console = { value: v, pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'umask',
    {
      syntax: 'umask OCTAL (e.g. umask 022)',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const text = nextArg(ctx.text, a);
        const n = strtoul(text, 8);
        if (n.range || n.rest || (n.value & ~0o777n) !== 0n) {
          // stanza_umask stores the (mode_t) number before checking it; umask(2) keeps its 0777 bits
          const stored = n.value & 0xffffffffn;
          const ran = Number(stored & 0o777n);
          ctx.job.umask = { value: Number(stored), pos };
          ctx.partial =
            `Upstart had already stored umask ${stored.toString(8).padStart(3, '0')}, ` +
            `so the job ran with umask ${ran.toString(8).padStart(3, '0')}`;
          fail('ILLEGAL_UMASK', c, `"${text}"`);
        }
        ctx.job.umask = { value: Number(n.value), pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'nice',
    {
      syntax: 'nice -20..19',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const text = nextArg(ctx.text, a);
        const n = strtol(text);
        const v = toInt32(n.value);
        if (n.range || n.rest || v < -20 || v > 19) {
          // stanza_nice stores the (int) number before checking it; setpriority(2) clamps it to -20..19
          const ran = Math.max(-20, Math.min(19, v));
          ctx.job.nice = { value: v, pos };
          ctx.partial =
            `Upstart had already stored nice ${v}` +
            (ran === v ? '' : `, which the kernel clamps: the job ran at nice ${ran}`);
          fail('ILLEGAL_NICE', c, `"${text}"`);
        }
        ctx.job.nice = { value: v, pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'oom',
    {
      syntax: 'oom -17..15|never | oom score -1000..1000|never',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const text = nextArg(ctx.text, a);
        if (text === 'never') {
          ctx.job.oom = { value: { score: -1000, text, form: 'adj' }, pos };
        } else if (text === 'score') {
          const errAt = copy(a);
          const s = nextArg(ctx.text, a);
          let score = -1000;
          if (s !== 'never') {
            const n = strtol(s);
            score = toInt32(n.value);
            if (n.range || n.rest || score < -1000 || score > 1000) {
              storedOom(ctx, pos, score, s, 'score');
              fail(
                'ILLEGAL_OOM',
                errAt,
                `oom score "${s}"; Upstart says: Illegal oom score adjustment, expected -999 to 1000 or 'never'`,
              );
            }
          }
          ctx.job.oom = { value: { score, text: s, form: 'score' }, pos };
        } else {
          const n = strtol(text);
          const adj = toInt32(n.value);
          // stanza_oom stores the derived score before checking the adjustment
          const score = Math.trunc(adj < 0 ? (adj * 1000) / 17 : (adj * 1000) / 15);
          if (n.range || n.rest || adj < -17 || adj > 15) {
            storedOom(ctx, pos, score, text, 'adj');
            fail('ILLEGAL_OOM', c, `"${text}"`);
          }
          ctx.job.oom = { value: { score, text, form: 'adj' }, pos };
        }
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'limit',
    {
      syntax: `limit RESOURCE SOFT HARD (RESOURCE: ${LIMIT_RESOURCES.join(' ')}; values: integer or unlimited)`,
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const res = nextArg(ctx.text, a);
        if (!(LIMIT_RESOURCES as readonly string[]).includes(res))
          fail('UNKNOWN_STANZA', c, `limit "${res}" is not a resource Upstart knows`);
        const resource = res as LimitResource;
        const before = ctx.job.limit[resource]?.value;
        const soft = noting(
          ctx,
          () =>
            before
              ? `the ${res} limit stays ${before.soft} ${before.hard}`
              : `Upstart had created the ${res} limit with no values (uninitialised memory), so what it set ` +
                'is undefined; the conversion sets none',
          () => rlimitArg(ctx, a, (v) => storedSoftLimit(ctx, resource, pos, v, before)),
        );
        const hard = noting(
          ctx,
          () => storedSoftLimit(ctx, resource, pos, soft, before),
          () =>
            rlimitArg(ctx, a, (v) => {
              ctx.job.limit[resource] = { value: { soft, hard: v }, pos };
              ctx.partial = `Upstart had already stored the ${res} limit ${soft} ${v}`;
            }),
        );
        ctx.job.limit[resource] = { value: { soft, hard }, pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'apparmor',
    {
      syntax: 'apparmor load PROFILE-PATH | apparmor switch PROFILE-NAME',
      handle: (ctx, c, pos) => {
        const a = copy(c);
        const word = nextToken(ctx.text, a, CNLWS, false);
        if (word !== 'load' && word !== 'switch') fail('UNKNOWN_STANZA', c, `apparmor "${word}"`);
        const value = nextArg(ctx.text, a);
        if (word === 'load') ctx.job.apparmor_load = { value, pos };
        else ctx.job.apparmor_switch = { value, pos };
        skipComment(ctx.text, a);
        commit(c, a);
      },
    },
  ],
  [
    'cgroup',
    {
      syntax: 'cgroup CONTROLLER [NAME] [KEY VALUE] (Upstart 1.13 and later)',
      since: '1.13',
      handle: (ctx, c, pos) => {
        const args = [nextArg(ctx.text, c)];
        while (args.length < 4 && hasToken(ctx.text, c)) args.push(nextArg(ctx.text, c));
        skipComment(ctx.text, c);
        const [controller, ...rest] = args as [string, ...string[]];
        const v: CgroupValue = { controller, settings: [] };
        if (rest.length === 1 || rest.length === 3) v.name = rest.shift();
        if (rest.length === 2) v.settings.push({ key: rest[0]!, value: rest[1]! });
        mergeCgroup(ctx.job.cgroup, v, pos);
      },
    },
  ],
]);

/** The names of every stanza the parser knows (for docs and hints). */
export const STANZA_NAMES: readonly string[] = [...STANZAS.keys()];
