/**
 * The exit status of every command, in one table: the commands return these names, and the docs
 * (docs/cli.md, the README) and the man page list them from here, so a script that tests `$?` can
 * rely on what they say.
 */

/** Exit statuses by meaning. */
export const EXIT = {
  /** Everything asked was done: every job converted (or loaded), every file written. */
  ok: 0,
  /** A job could not be converted (or loaded), an error was reported, or a file was not written. */
  failed: 1,
  /** The command line is wrong, or a profile (or profile map) is invalid: nothing was converted. */
  usage: 2,
  /** `convert --check`: every job converted, and a unit would change what is in effect. */
  wouldChange: 3,
  /** More warnings shown than `--max-warnings N` allows (no job failed). */
  overWarnings: 4,
  /** A bug in the tool: an internal error, reported in one line (EX_SOFTWARE). */
  internal: 70,
} as const;

/** An exit status, what it means, and the commands that end with it. */
export interface ExitCodeDoc {
  code: number;
  /** A few words, for lists. */
  short: string;
  meaning: string;
  commands: string;
}

/** The exit statuses as documented, in order. */
export const EXIT_CODES: readonly ExitCodeDoc[] = [
  {
    code: EXIT.ok,
    short: 'success',
    meaning: 'success: every job converted (or loaded, for `parse`), every file written',
    commands: 'all',
  },
  {
    code: EXIT.failed,
    short: 'a job could not be converted',
    meaning:
      'a job could not be converted (a parse error, an error diagnostic, a name collision, an existing unit ' +
      'that could not be read), Upstart would reject a job (`parse`), no job file was found, or a file was ' +
      'not written; the other jobs were still done',
    commands: '`parse`, `convert`, `collect`',
  },
  {
    code: EXIT.usage,
    short: 'usage error or invalid profile',
    meaning:
      'usage error (an unknown command, option or value, a missing folder), or an invalid profile or ' +
      'profile map: nothing was converted',
    commands: 'all',
  },
  {
    code: EXIT.wouldChange,
    short: '`--check` found a unit that would change',
    meaning: '`--check`: every job converted, and at least one unit would change what is installed',
    commands: '`convert --check`',
  },
  {
    code: EXIT.overWarnings,
    short: 'more warnings than `--max-warnings`',
    meaning:
      'more warnings shown than `--max-warnings N` allows (after the config file and the baseline), and no job ' +
      'failed (1 wins); it also wins over 3',
    commands: '`convert`',
  },
  {
    code: EXIT.internal,
    short: 'internal error',
    meaning: 'internal error: a bug, reported in one line (please report it)',
    commands: 'all',
  },
];

/** The table of exit statuses for docs/cli.md. */
export function renderExitCodeTable(codes: readonly ExitCodeDoc[] = EXIT_CODES): string {
  const rows = codes.map((c) => `| \`${c.code}\` | ${c.meaning} | ${c.commands} |`);
  return ['| Status | Meaning | Commands |', '|---|---|---|', ...rows].join('\n') + '\n';
}

/** The README's inline list: `0` success …; `1` … */
export function renderExitCodeList(codes: readonly ExitCodeDoc[] = EXIT_CODES): string {
  return codes.map((c) => `\`${c.code}\` ${c.short}`).join('; ');
}
