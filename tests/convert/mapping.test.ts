/**
 * docs/mapping.md is generated from these tables; every row's example is converted here and must
 * yield the lines the table promises, and every stanza the parser knows has a row.
 */
import { EVENTS } from '../../src/convert/events';
import { STANZA_TABLE } from '../../src/convert/stanza-table';
import { RULES } from '../../src/diagnostics/rules';
import { STANZA_NAMES } from '../../src/upstart/stanzas';
import { convert, lines } from '../helpers/convert';

const allLines = (files: Record<string, string>): string[] => Object.values(files).flatMap(lines);

describe('the stanza table', () => {
  it('has a row for every stanza the parser accepts', () => {
    const covered = new Set(STANZA_TABLE.map((r) => r.stanza.split(' ')[0]));
    expect(STANZA_NAMES.filter((s) => !covered.has(s === 'start' || s === 'stop' ? s : s))).toEqual([]);
  });

  it.each(STANZA_TABLE.map((r) => [r.stanza, r] as const))('%s: the example yields the documented lines', (_s, row) => {
    const r = convert(row.sample, { systemd: 252 });
    expect(allLines(r.files)).toEqual(expect.arrayContaining(row.yields));
  });

  it('names only documented rule ids', () => {
    const known = new Set(RULES.map((r) => r.id));
    expect(STANZA_TABLE.flatMap((r) => r.rules).filter((id) => !known.has(id))).toEqual([]);
  });
});

describe('the event table', () => {
  const rows = EVENTS.flatMap((e) =>
    (e.examples ?? []).map((x) => [`${e.event}: ${x.on.replace(/\n/g, ' / ')}`, x] as const),
  );

  it('gives an example for every event it can map', () => {
    expect(
      EVENTS.filter((e) => !e.start.startsWith('unsupported') && !(e.examples ?? []).length).map((e) => e.event),
    ).toEqual([]);
  });

  it.each(rows)('%s', (_n, x) => {
    const r = convert(`${x.on}\nexec /usr/sbin/exampled\n`, {
      systemd: 252,
      others: { exampledb: 'start on runlevel [2345]\nexec /usr/sbin/db\n' },
    });
    expect(allLines(r.files)).toEqual(expect.arrayContaining(x.yields));
    for (const line of x.absent ?? []) expect(allLines(r.files)).not.toContain(line);
  });

  it.each(EVENTS.filter((e) => e.start.startsWith('unsupported')).map((e) => [e.event] as const))(
    'reports %s as unsupported instead of dropping it silently',
    (event) => {
      const r = convert(`start on ${event}\nexec /usr/sbin/exampled\n`);
      expect(r.rules).toContain('convert/event-unsupported');
    },
  );
});
