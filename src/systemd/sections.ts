/** The unit-file sections of systemd, as the generated directive list and the tables name them. */

/** The unit-file sections systemd 252 knows, in systemd's order ([Device]/[Target] have no keys). */
export type Section =
  'Unit' | 'Service' | 'Socket' | 'Mount' | 'Automount' | 'Swap' | 'Timer' | 'Path' | 'Slice' | 'Scope' | 'Install';

/** All sections, so callers can iterate them without restating the union. */
export const SECTIONS: readonly Section[] = [
  'Unit',
  'Service',
  'Socket',
  'Mount',
  'Automount',
  'Swap',
  'Timer',
  'Path',
  'Slice',
  'Scope',
  'Install',
];
