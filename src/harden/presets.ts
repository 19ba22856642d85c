/**
 * Where the preset profiles live and what they are called, apart from profile.ts (which loads
 * and checks them) so that the command line can list their names for help and completion without
 * loading the hardening stage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the bundled presets live (same depth from src/ and dist/). */
export const PROFILE_DIR = path.join(__dirname, '..', '..', 'profiles');

/** The bundled preset names (profiles/*.yaml). */
export function presetNames(dir = PROFILE_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}
