/**
 * The security shape of a service unit: its text with only the lines taken out that cannot change
 * what `systemd-analyze security --offline=true` (systemd 252) prints for it, so that units of one
 * shape are analysed once and share the score. What the analyser reads, and why each line taken
 * out is safe to take out, is in docs/profiles.md#scoring-each-shape-once. Anything not
 * proven harmless stays in the shape word for word: unknown keys, every hardening setting, Type=,
 * Restart=, lines the parser would join or might read differently.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Lines by section whose value never reaches the assessment and whose errors are only warnings:
 * descriptions, ordering and requirement dependencies, the environment, the PID file, the log
 * identifier. Everything in [Install] is left out too (the service manager does not read it).
 */
const IRRELEVANT: Readonly<Record<string, ReadonlySet<string>>> = {
  Unit: new Set([
    'Description',
    'Documentation',
    'After',
    'Before',
    'Wants',
    'Requires',
    'Requisite',
    'BindsTo',
    'PartOf',
    'Conflicts',
  ]),
  Service: new Set(['Environment', 'EnvironmentFile', 'PassEnvironment', 'UnsetEnvironment', 'SyslogIdentifier']),
};

/**
 * Lines of [Service] left out only when their value is plain words (no quote, escape or
 * specifier): a path or folder name that is not read by the assessment, whose only use at load
 * is a mount dependency on a path that is then surely valid.
 */
const PLAIN_PATHS: ReadonlySet<string> = new Set([
  'PIDFile',
  'RuntimeDirectory',
  'StateDirectory',
  'CacheDirectory',
  'LogsDirectory',
  'ConfigurationDirectory',
]);

/** The command lines of a service: only their prefix and whether they load matter, not the command. */
const EXEC: ReadonlySet<string> = new Set([
  'ExecCondition',
  'ExecStartPre',
  'ExecStart',
  'ExecStartPost',
  'ExecReload',
  'ExecStop',
  'ExecStopPost',
]);

/** The longest line that may be left out or shortened: longer ones stay whole. */
const MAX_LINE = 2048;

/** Plain words: letters, digits and `._/:+-`, separated by blanks. */
const PLAIN_WORDS = /^[A-Za-z0-9._/:+-]+(?:[ \t]+[A-Za-z0-9._/:+-]+)*$/;

/** A character of an unquoted word: printable, not a blank, quote, backslash, specifier (`%`) or `;`. */
const BARE = String.raw`(?![\\'"%;])[\x21-\x7e]`;

/** A quoted part of a word: printable characters and blanks, no backslash, specifier or `;` within. */
const QUOTED = String.raw`'(?:(?![\\'%;])[\x20-\x7e])*'|"(?:(?![\\"%;])[\x20-\x7e])*"`;

/**
 * A command that surely loads as one command: an absolute, normalised path of plain characters
 * (no part starting with a dot, no empty part), then words of printable characters without
 * escapes, specifiers or semicolons, quoted or not (each quote closed within its word).
 */
const PLAIN_COMMAND = new RegExp(
  String.raw`^(?:\/[A-Za-z0-9_+-][A-Za-z0-9._+-]*)+(?:[ \t]+(?:${BARE}|${QUOTED})+)*[ \t]*$`,
);

/** The prefixes a command line may start with (systemd 252): `-`, `@`, `:`, `+`, `!`, `!!`. */
const PREFIX = /^[-@:+!]*/;

/** A marker that cannot be in a unit's text (text holding it keeps its whole self as shape). */
const MARK = '\0';

/** The parts of a unit file name that the analyser may read: it is a template, an instance, or neither. */
function nameClass(name: string): string | undefined {
  if (name.length > 255 || !/^[A-Za-z0-9_.:-]+(?:@[A-Za-z0-9_.:-]*)?\.service$/.test(name)) return undefined;
  return name.endsWith('@.service') ? 'template' : name.includes('@') ? 'instance' : 'plain';
}

/**
 * The name a dynamic user gets from a unit without User= (its name before `@` or `.service`):
 * the assessment reads only whether it is root (`root`, `0`) or `nobody`, so any other plain
 * user name gives the same score; the others keep the unit's name in the shape.
 */
function plainDynamicUser(name: string): boolean {
  const prefix = name.replace(/(?:@.*)?\.service$/, '');
  return /^[a-z_][a-z0-9_-]{0,30}$/.test(prefix) && prefix !== 'root' && prefix !== 'nobody';
}

/** The shape of one command line: its key, its prefix, and whether it has more than one word. */
function commandShape(key: string, value: string): string | undefined {
  const prefix = PREFIX.exec(value)![0];
  const command = value.slice(prefix.length);
  if (!PLAIN_COMMAND.test(command)) return undefined;
  // with `@` the second word is argv[0]: a command of one word would not load
  const words = /[ \t]\S/.test(command.trim()) ? 'words' : 'word';
  return `${MARK}${key}=${prefix} ${words}`;
}

/** What one line of a section becomes in the shape: itself, its command shape, or nothing. */
function lineShape(section: string, line: string): string | undefined {
  const at = line.indexOf('=');
  if (at < 0 || line.length > MAX_LINE || line.trim().startsWith('[')) return line;
  const key = line.slice(0, at).trim();
  const value = line.slice(at + 1).trim();
  if (section === 'Install') return undefined;
  if (IRRELEVANT[section]?.has(key)) return undefined;
  if (section !== 'Service') return line;
  if (PLAIN_PATHS.has(key) && (value === '' || PLAIN_WORDS.test(value))) return undefined;
  if (EXEC.has(key)) return commandShape(key, value) ?? line;
  return line;
}

/** Whether a physical line is a comment (systemd skips it, even within a continued line). */
const isComment = (line: string): boolean => /^[ \t]*[#;]/.test(line);

/** Whether a line is continued on the next one: it ends in an odd number of backslashes. */
const continues = (line: string): boolean => /(?:^|[^\\])(?:\\\\)*\\$/.test(line);

/** The lines of a unit's text that matter, in order: no comments, blanks or irrelevant keys; commands shortened. */
function shapedLines(text: string): string[] {
  const kept: string[] = [];
  let section = '';
  let joined: string[] = [];
  for (const line of text.split('\n')) {
    if (isComment(line)) continue;
    joined.push(line);
    if (continues(line)) continue;
    const whole = joined;
    joined = [];
    // a line continued over several keeps all its parts: the parser joins them
    if (whole.length > 1) {
      kept.push(whole.join('\n'));
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      section = trimmed.slice(1, -1);
      if (section !== 'Install') kept.push(line);
      continue;
    }
    const shaped = lineShape(section, line);
    if (shaped !== undefined) kept.push(shaped);
  }
  if (joined.length) kept.push(joined.join('\n'));
  return kept;
}

/**
 * The service unit folders of the host (systemd 252, system manager) that the offline analyser
 * also searches, after the folder of the files it is given: drop-ins there apply to a unit by name.
 */
export const HOST_UNIT_DIRS: readonly string[] = [
  '/etc/systemd/system.control',
  '/run/systemd/system.control',
  '/run/systemd/transient',
  '/run/systemd/generator.early',
  '/etc/systemd/system',
  '/etc/systemd/system.attached',
  '/run/systemd/system',
  '/run/systemd/system.attached',
  '/run/systemd/generator',
  '/usr/local/lib/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/run/systemd/generator.late',
];

/**
 * The names that the service drop-in folders of the host apply to, as stems (`user` for
 * `user@.service.d`, `foo` for `foo-.service.d`, `rc-local` for `rc-local.service.d`); the drop-ins
 * for every service (`service.d`) apply to all units alike and are not listed.
 */
export function hostDropInStems(dirs: readonly string[] = HOST_UNIT_DIRS): string[] {
  const stems = new Set<string>();
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries)
      if (e.endsWith('.service.d') && e !== 'service.d')
        stems.add(e.slice(0, -'.service.d'.length).replace(/[-@]$/, ''));
  }
  return [...stems].sort();
}

/** Whether a drop-in folder of the host may apply to a unit: its stem is the unit's name, or a prefix at `-` or `@`. */
function hostDropInFor(name: string, stems: readonly string[]): boolean {
  const stem = path.basename(name, '.service');
  return stems.some((s) => stem === s || stem.startsWith(`${s}-`) || stem.startsWith(`${s}@`));
}

/**
 * The security shape of a unit file (its name and text): units of one shape get the same score
 * from the analyser. The unit's name is part of the shape whenever it may matter: it is not a
 * plain service name, a specifier (`%`) may read it, a dynamic user may be named after it, or a
 * drop-in of the host may apply to it (`dropInStems`, from hostDropInStems).
 */
export function securityShape(unit: { name: string; content: string }, dropInStems: readonly string[]): string {
  const { name, content } = unit;
  const whole = `${MARK}name ${name}\n${content}`;
  if (/[\0\r\uFEFF]/.test(content)) return whole;
  const cls = nameClass(name);
  if (cls === undefined || hostDropInFor(name, dropInStems)) return whole;
  const body = shapedLines(content).join('\n');
  const named = body.includes('%') || (body.includes('DynamicUser') && !plainDynamicUser(name));
  return `${MARK}name ${named ? name : cls}\n${body}`;
}
