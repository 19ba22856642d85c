/**
 * Unit names and paths: a job name as a unit-name prefix, the validity check systemd applies to
 * a full unit name, and `systemd-escape --path`.
 *
 * Sources: src/basic/unit-name.c (unit_name_is_valid, unit_name_escape, unit_name_path_escape).
 *
 * Confirmed on the real systemd 252 (lab.sh):
 * - Names: net-apache, caf\xc3\xa9, \x2ehidden, a\x40b and a shortened 252-character name
 *   load; After= keeps `caf\xc3\xa9.service` verbatim.
 */

/** Longest unit name systemd accepts (UNIT_NAME_MAX - 1, including the suffix). */
export const UNIT_NAME_MAX = 255;

/** Unit types of systemd 229..255 (unit_type_from_string). */
const UNIT_TYPES = [
  'service',
  'socket',
  'target',
  'device',
  'mount',
  'automount',
  'swap',
  'timer',
  'path',
  'slice',
  'scope',
];

/** Longest prefix escapeUnitName returns: room for `@` plus the longest suffix `.automount`. */
export const UNIT_PREFIX_MAX = UNIT_NAME_MAX - 1 - '.automount'.length;

/** systemd's VALID_CHARS for unit names: ASCII letters, digits, `:`, `-`, `_`, `.`, `\`. */
const UNIT_NAME_CHAR = /^[A-Za-z0-9:\-_.\\]$/;

/** `\xNN` escapes of the UTF-8 bytes of one character, as unit_name_escape writes them. */
function hexEscape(c: string): string {
  return Array.from(Buffer.from(c, 'utf8'), (b) => '\\x' + b.toString(16).padStart(2, '0')).join('');
}

/** A short stable digest, FNV-1a over the UTF-8 bytes, to tell apart shortened names. */
function digest(s: string): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Turns an Upstart job name (`net/apache`) into a unit name prefix (`net-apache`): characters
 * valid in unit names stay, `/` becomes `-`, everything else (and a leading `.`) becomes `\xNN`
 * per UTF-8 byte. Readable, not reversible: `net/apache` and `net-apache` both give `net-apache`,
 * so callers must detect collisions. Over UNIT_PREFIX_MAX characters the name is shortened and
 * ends in `-` and a digest of the job name, so that any suffix still fits in 255 characters.
 */
export function escapeUnitName(jobName: string): string {
  let name = UNIT_NAMES.get(jobName);
  if (name === undefined) {
    name = computeUnitName(jobName);
    if (UNIT_NAMES.size > 100_000) UNIT_NAMES.clear();
    UNIT_NAMES.set(jobName, name);
  }
  return name;
}

/** escapeUnitName's results (a pure function asked again and again for the same names). */
const UNIT_NAMES = new Map<string, string>();

/** escapeUnitName without the cache. */
function computeUnitName(jobName: string): string {
  if (jobName === '') throw new RangeError('An empty job name has no unit name');
  const parts = Array.from(jobName, (c, i) => {
    if (c === '/') return '-';
    if (i === 0 && c === '.') return '\\x2e';
    return UNIT_NAME_CHAR.test(c) ? c : hexEscape(c);
  });
  const whole = parts.join('');
  if (whole.length <= UNIT_PREFIX_MAX) return whole;
  const tail = '-' + digest(jobName);
  let head = '';
  for (const p of parts) {
    if (head.length + p.length + tail.length > UNIT_PREFIX_MAX) break;
    head += p;
  }
  return head + tail;
}

/** unit_name_is_valid: a full unit name (plain, template `foo@.service` or instance) of at most 255 bytes. */
export function isValidUnitName(name: string): boolean {
  if (name === '' || Buffer.byteLength(name) > UNIT_NAME_MAX) return false;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !UNIT_TYPES.includes(name.slice(dot + 1))) return false;
  const body = name.slice(0, dot);
  return !body.startsWith('@') && Array.from(body).every((c) => c === '@' || UNIT_NAME_CHAR.test(c));
}

/** unit_name_escape: every byte outside VALID_CHARS, plus `-`, `\` and a leading `.`, as `\xNN`. */
function unitNameEscape(s: string): string {
  return Array.from(s, (c, i) => {
    if (c === '/') return '-';
    if ((i === 0 && c === '.') || c === '-' || c === '\\' || !UNIT_NAME_CHAR.test(c)) return hexEscape(c);
    return c;
  }).join('');
}

/**
 * An Upstart instance name as the instance part of a template's unit name, as `systemd-escape`
 * writes it (`mail` stays, `a/b` becomes `a-b`, a space `\x20`); `systemctl start NAME@%s` then
 * names the instance the job ran as. Empty for an empty instance, which no unit name can hold.
 */
export function escapeInstance(instance: string): string {
  return unitNameEscape(instance);
}

/** The same as `systemd-escape --path` (252): throws RangeError where the tool refuses the path. */
export function escapePath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) {
    if (path === '' || path.startsWith('/')) return '-';
    throw new RangeError(`"${path}" is not a normalized path`);
  }
  if (parts.includes('..')) throw new RangeError(`"${path}" is not a normalized path`);
  if (parts.some((p) => Buffer.byteLength(p) > 255) || Buffer.byteLength(parts.join('/')) + 1 >= 4096) {
    throw new RangeError(`"${path}" is not a valid path`);
  }
  return unitNameEscape(parts.join('/'));
}
