/**
 * The conversion's defaults that the command line shows in its help, apart from convert/index.ts
 * so that declaring the command line loads none of the conversion.
 */

/** Where helper scripts are installed by default. */
export const DEFAULT_SCRIPT_DIR = '/usr/local/lib/upstart2systemd';
