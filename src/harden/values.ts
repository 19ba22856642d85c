/**
 * The kinds of value a profile directive takes (boolean, one of some words, sizes, path lists,
 * name lists…), each a small check that says what is wrong, so a bad value is refused at the
 * profile's line instead of reaching a unit. Every pattern here is anchored and free of nested
 * quantifiers that could backtrack: a check takes time linear in the value.
 */

/** A value kind: how docs/profiles.md names it, and the check (undefined: the value is fine). */
export interface ValueKind {
  describe: string;
  check(value: string): string | undefined;
}

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a text with a control character (CR, LF, NUL, tab, escape…) is refused; undefined when it has none. */
export function controlCharacter(text: string): string | undefined {
  const m = CONTROL.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains the control character U+${code} at position ${m.index + 1}`;
}

/** systemd's boolean words (parse_boolean), compared ignoring case. */
const BOOLEAN = /^(?:1|yes|y|true|t|on|0|no|n|false|f|off)$/i;

/**
 * The words of a value as systemd reads a list: split on whitespace, a word may be quoted with
 * "…" or '…' (how the hardening layer writes a path with blanks). Null when a quote is not closed
 * or a backslash appears (a profile value has no use for escapes).
 */
function words(value: string): string[] | null {
  const out: string[] = [];
  let word: string | null = null;
  let quote = '';
  for (const c of value) {
    if (quote) {
      if (c === quote) quote = '';
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\') return null;
    else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else word = (word ?? '') + c;
  }
  if (quote) return null;
  if (word !== null) out.push(word);
  return out;
}

/** Why a value's words cannot be read (an open quote, a backslash), or undefined. */
const unreadable = (v: string): string => `${shown(v)} has an unclosed quote or a backslash`;

/** Text from a profile, fit for a message: special characters escaped, cut after `max` characters. */
export function clip(text: string, max = 80): string {
  const escaped = JSON.stringify(text.length > max ? text.slice(0, max) : text).slice(1, -1);
  return text.length > max ? `${escaped}…` : escaped;
}

/** Shows a value in a message, quoted, escaped and cut (clip). */
export const shown = (value: string): string => `"${clip(value)}"`;

/** A yes/no value. */
export const bool: ValueKind = {
  describe: 'yes | no',
  check: (v) => (BOOLEAN.test(v) ? undefined : `${shown(v)} is not a boolean (yes or no)`),
};

/** One of some words, and a boolean too when `withBoolean`. */
export function oneOf(values: readonly string[], withBoolean = false): ValueKind {
  const all = withBoolean ? ['yes', 'no', ...values] : values;
  return {
    describe: all.join(' | '),
    check: (v) =>
      values.includes(v) || (withBoolean && BOOLEAN.test(v))
        ? undefined
        : `${shown(v)} is not one of ${all.join(', ')}`,
  };
}

/**
 * Whitespace-separated words each matching `word` (`shape` shows one in the docs, `what` names one
 * in messages), optionally inverted with a leading `~`, or one of some words alone.
 */
export function wordList(
  shape: string,
  what: string,
  word: RegExp,
  opts: { invert?: boolean; alone?: string[] } = {},
): ValueKind {
  return {
    describe: `${opts.invert ? '[~]' : ''}${shape} …${opts.alone ? ` | ${opts.alone.join(' | ')}` : ''}`,
    check: (v) => {
      if (opts.alone?.includes(v.trim())) return undefined;
      if (/["'\\]/.test(v)) return `${shown(v)} has a quote or a backslash, which no ${what} holds`;
      const list = words(opts.invert ? v.replace(/^\s*~/, '') : v);
      if (!list) return unreadable(v);
      if (!list.length) return `${shown(v)} names no ${what}`;
      const bad = list.find((w) => !word.test(w));
      return bad === undefined ? undefined : `${shown(bad)} is not ${what}`;
    },
  };
}

/** An absolute path (a word already unquoted). */
function absolutePath(p: string): boolean {
  return p.startsWith('/');
}

/** Absolute paths, each with the prefixes systemd allows for the directive (`-` ignore missing, `+` under root). */
export function pathList(prefixes: '-+' | '-' | ''): ValueKind {
  const prefix = prefixes === '-+' ? /^-?\+?/ : prefixes === '-' ? /^-?/ : /^/;
  return {
    describe: `${[...prefixes].map((c) => `[${c}]`).join('')}/path …`,
    check: (v) => {
      const list = words(v);
      if (!list) return unreadable(v);
      const bad = list.find((w) => !absolutePath(w.replace(prefix, '')));
      return bad === undefined
        ? undefined
        : `${shown(bad)} is not an absolute path${prefixes ? ` (prefixes: ${prefixes})` : ''}`;
    },
  };
}

/** One absolute path. */
export const singlePath: ValueKind = {
  describe: '/path',
  check: (v) => (absolutePath(v) && !/[\s"'\\]/.test(v) ? undefined : `${shown(v)} is not one absolute path`),
};

/** Directory names relative to the managed base (`name`, `name/sub`, `name:link`), never leaving it. */
export const directoryNames: ValueKind = {
  describe: 'NAME[/SUB][:LINK] …',
  check: (v) => {
    const list = words(v);
    if (!list) return unreadable(v);
    const bad = list.find((w) =>
      w.split(':').some((part, i) => i > 1 || !part || part.startsWith('/') || /["'\\]/.test(part) || notNormal(part)),
    );
    return bad === undefined
      ? undefined
      : `${shown(bad)} is not a relative directory name inside the managed directory`;
  },
};

/** Whether a relative path has an empty, `.` or `..` component. */
function notNormal(p: string): boolean {
  return p.split('/').some((c) => c === '' || c === '.' || c === '..');
}

/** BindPaths=/BindReadOnlyPaths=: `[-]SOURCE[:DEST[:rbind|norbind]]`. */
export const bindPaths: ValueKind = {
  describe: '[-]/source[:/dest[:rbind|norbind]] …',
  check: (v) => {
    const list = words(v);
    if (!list) return unreadable(v);
    const bad = list.find((w) => {
      const [src, dest, opt, ...rest] = w.replace(/^-/, '').split(':');
      return (
        rest.length > 0 ||
        !absolutePath(src!) ||
        (dest !== undefined && !absolutePath(dest)) ||
        (opt !== undefined && opt !== 'rbind' && opt !== 'norbind')
      );
    });
    return bad === undefined ? undefined : `${shown(bad)} is not [-]/source[:/dest[:rbind|norbind]]`;
  },
};

/** TemporaryFileSystem=: `/PATH[:OPTIONS]`. */
export const tmpfsList: ValueKind = {
  describe: '/path[:OPTIONS] …',
  check: (v) => {
    const list = words(v);
    if (!list) return unreadable(v);
    const bad = list.find((w) => {
      const colon = w.indexOf(':');
      const p = colon < 0 ? w : w.slice(0, colon);
      return !absolutePath(p) || (colon >= 0 && !/^[A-Za-z0-9=,._%+-]+$/.test(w.slice(colon + 1)));
    });
    return bad === undefined ? undefined : `${shown(bad)} is not /path[:mount,options]`;
  },
};

/** A number with an optional fraction. */
const NUMBER = '\\d+(?:\\.\\d+)?';
/** A size: a number and an optional 1024-based suffix. */
const SIZE = `${NUMBER}[KMGTPE]?`;
/** A time span of one component: a number and an optional unit. */
const TIME = `${NUMBER}(?:us|usec|ms|msec|s|sec|m|min|h|hr|d|w|M|y)?`;

/** A value matching `pattern` (whole), described as `describe`. */
export function matching(describe: string, pattern: string, what = describe): ValueKind {
  const re = new RegExp(`^(?:${pattern})$`);
  return { describe, check: (v) => (re.test(v) ? undefined : `${shown(v)} is not ${what}`) };
}

/** An integer in a range (and, when given, some words). */
export function integer(min: number, max: number, alone: string[] = []): ValueKind {
  return {
    describe: `${min}…${max}${alone.length ? ` | ${alone.join(' | ')}` : ''}`,
    check: (v) => {
      if (alone.includes(v)) return undefined;
      const n = /^[+-]?\d{1,12}$/.test(v) ? Number(v) : NaN;
      return n >= min && n <= max
        ? undefined
        : `${shown(v)} is not a whole number from ${min} to ${max}${alone.length ? ` or ${alone.join(', ')}` : ''}`;
    },
  };
}

/** A resource limit: one value, or soft:hard, each a `part` or infinity. */
function limit(describe: string, part: string): ValueKind {
  const one = `(?:infinity|${part})`;
  return matching(
    `${describe}[:${describe}] | infinity`,
    `${one}(?::${one})?`,
    `a limit (${describe}, soft:hard or infinity)`,
  );
}

/** Limits in bytes (LimitAS=, LimitCORE=…). */
export const limitSize = limit('size', SIZE);
/** Limits that count (LimitNOFILE=, LimitNPROC=…). */
export const limitCount = limit('count', '\\d+');
/** Limits in time (LimitCPU=, LimitRTTIME=). */
export const limitTime = limit('time', TIME);
/** LimitNICE=: a nice level. */
export const limitNice = limit('nice', '[+-]?\\d{1,2}');

/** Memory sizes: bytes, a percentage of RAM, or infinity. */
export const memory = matching(
  'size | N% | infinity',
  `infinity|${SIZE}|${NUMBER}%`,
  'a size, a percentage or infinity',
);
/** TasksMax=: a count, a percentage, or infinity. */
export const tasks = matching('N | N% | infinity', `infinity|\\d+|${NUMBER}%`, 'a count, a percentage or infinity');
/** CPUQuota=: a percentage. */
export const percent = matching('N%', `${NUMBER}%`, 'a percentage');
/** A time span (CPUQuotaPeriodSec=). */
export const timespan = matching('time', TIME, 'a time span (e.g. 10ms)');
/** A file mode (UMask=, *DirectoryMode=), octal. */
export const mode = matching('octal mode', '[0-7]{1,4}', 'an octal mode such as 0027');
/** CPU or NUMA node sets (AllowedCPUs=): `0-3 8,9`. */
export const cpuSet = matching(
  'N[-M][,N[-M]] …',
  '\\d+(?:-\\d+)?(?:[ ,]\\d+(?:-\\d+)?)*',
  'a list of numbers and ranges',
);

/** IO per-device settings: `/dev/PATH VALUE`. */
export function ioDevice(value: ValueKind): ValueKind {
  return {
    describe: `/dev/path ${value.describe}`,
    check: (v) => {
      const parts = words(v) ?? [v];
      if (parts.length !== 2 || !absolutePath(parts[0]!)) return `${shown(v)} is not "/dev/path value"`;
      return value.check(parts[1]!);
    },
  };
}

/** An IO bandwidth or operations limit: a size or infinity. */
export const ioLimit = matching('size | infinity', `infinity|${NUMBER}[KMGT]?`, 'a size or infinity');

/** DeviceAllow=: a device node or class, and optional r, w, m. */
export const deviceAllow: ValueKind = {
  describe: '/dev/node|char-NAME|block-NAME [rwm]',
  check: (v) => {
    const [dev, perms, ...rest] = words(v) ?? [''];
    const okDev = dev !== undefined && (absolutePath(dev) || /^(?:char|block)-[^\s"'\\]+$/.test(dev));
    return okDev && rest.length === 0 && (perms === undefined || /^[rwm]{1,3}$/.test(perms))
      ? undefined
      : `${shown(v)} is not a device and its access (e.g. /dev/null rw)`;
  },
};
