/**
 * docs/mapping.md, generated from the tables the converter itself uses (STANZA_TABLE, EVENTS,
 * WELL_KNOWN_JOBS), so the published mapping is the implemented one.
 */
import { EVENTS, type EventRow } from './event-table';
import { WELL_KNOWN_JOBS } from './names';
import { STANZA_TABLE } from './stanza-table';
import { KEY_ORDER } from '../systemd/unit';

/** Escapes a table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** One example of an event row: the Upstart line, the unit lines it yields, and any it must not. */
function exampleCell(x: NonNullable<EventRow['examples']>[number]): string {
  const never = x.absent?.length ? ` (never ${x.absent.map((y) => `\`${cell(y)}\``).join(', ')})` : '';
  return `\`${cell(x.on)}\` → ${x.yields.map((y) => `\`${cell(y)}\``).join(', ')}${never}`;
}

/** Renders docs/mapping.md. */
export function renderMappingMarkdown(): string {
  let md = '# What each stanza and event becomes\n\n';
  md +=
    'Generated from `src/convert/stanza-table.ts`, `src/convert/event-table.ts` and `src/convert/names.ts` (`npm run docs`). ';
  md += "Every row's example is converted by a test (`tests/convert/mapping.test.ts`) and must yield the lines shown. ";
  md += '★ marks an approximation: it is always reported with a rule id ([rules.md](rules.md)).\n\n';
  md += '## Stanzas\n\n| stanza | becomes | example yields | rule ids |\n|---|---|---|---|\n';
  for (const r of STANZA_TABLE) {
    md += `| \`${r.stanza}\` | ${cell(r.becomes)} | ${r.yields.map((y) => `\`${cell(y)}\``).join('<br>')} | ${r.rules.map((x) => `\`${x}\``).join(' ')} |\n`;
  }
  md += '\n## Events (`start on` / `stop on`)\n\n';
  md +=
    '`or` takes the union of what its branches need. `and` keeps every ordering of both branches and ' +
    'takes the `WantedBy=` of the branch that happens last in boot (a boot milestone over a job ' +
    'event); when that cannot be decided it keeps both and warns. Conditions (`container`) inside an ' +
    '`or` cannot be expressed and are dropped with a warning. Events not listed here are reported ' +
    '(`convert/event-unknown`) with the jobs that emit them; udev `*-device-*` and user-session ' +
    'events are reported as unsupported.\n\n';
  md += '| event | in `start on` | in `stop on` | examples |\n|---|---|---|---|\n';
  for (const e of EVENTS) {
    const ex = (e.examples ?? []).map(exampleCell).join('<br>');
    md += `| \`${e.event}\` | ${cell(e.start)} | ${cell(e.stop)} | ${ex} |\n`;
  }
  md +=
    '\n## Jobs named in job events\n\n' +
    "`started JOB` and friends refer to the unit JOB becomes. Ubuntu 14.04's own jobs are replaced by " +
    'other units on systemd releases; these are used instead (the first name is referenced, ' +
    'the others are aliases also looked for when finding existing units):\n' +
    '\n| Upstart job | systemd unit(s) |\n|---|---|\n';
  for (const [job, units] of Object.entries(WELL_KNOWN_JOBS))
    md += `| \`${job}\` | ${units.map((u) => `\`${u}\``).join(', ')} |\n`;
  md +=
    '\n## Unit names\n\nA job name becomes the unit name with `/` turned into `-` and every ' +
    'character systemd does not allow in unit names escaped as `\\xNN` (`net/apache` → ' +
    '`net-apache.service`). Two jobs that map to the same unit name (`net/apache` and `net-apache`) ' +
    'are both refused (`convert/unit-name-collision`); nothing is overwritten. An `instance` job ' +
    'becomes a template `NAME@.service`.\n';
  md += '\n## Key order in generated units\n\n';
  for (const [section, keys] of Object.entries(KEY_ORDER))
    md += `* \`[${section}]\`: ${keys.join(', ')}, then \`Condition*\` after RequiresMountsFor (in [Unit]), \`Limit*\`, then any other key alphabetically.\n`;
  return md;
}
