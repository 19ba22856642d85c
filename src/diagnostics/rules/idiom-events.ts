/** The idiom/… rules of event idioms (src/idioms/events.ts): what the native style lifts out of `start on`. */
import type { FamilyRules } from './spec';

/** The idiom/… rules of event idioms, by id. */
export const IDIOM_EVENT_RULES = {
  'idiom/boot-daemon-event': {
    severity: 'info',
    summary:
      '`start on started DAEMON` of a daemon every boot starts (dbus, rsyslog, networking, cgmanager, udev): the unit ' +
      'is pulled in by the boot target and ordered after the daemon (Wants=, After=), not pulled in by the daemon.',
    action: 'Nothing; docs/idioms.md has the table of daemons. `--style faithful` keeps WantedBy=DAEMON.',
  },
} as const satisfies FamilyRules<'idiom'>;
