/**
 * The target-version pass: one walk over a unit that rewrites or drops whatever the target's
 * systemd does not know, driven by the single directive → first-version table in directives.ts.
 * Every rewrite or drop names the directive, its value and the version that introduced it.
 */
import { Diagnostics } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { RENAMES, VALUE_FEATURES, type ValueFeature, firstVersion, maxLineLength } from './directives';
import { UnitBuilder, type UnitFile } from './unit';

/** The unit as the target can load it, and what was changed to get there. */
export interface DowngradeResult {
  unit: UnitFile;
  diagnostics: Diagnostic[];
}

/** The newest value feature this entry uses that `version` lacks (sections and co-required keys respected). */
function newestFeature(
  unit: UnitFile,
  section: string,
  key: string,
  value: string,
  version: number,
): ValueFeature | undefined {
  const has = (k: string, re: RegExp): boolean =>
    unit.sections.some((x) => x.name === section && x.entries.some((e) => e.key === k && re.test(e.value.trim())));
  return VALUE_FEATURES.filter(
    (f) =>
      f.directive === key &&
      version < f.since &&
      (!f.sections || (f.sections as readonly string[]).includes(section)) &&
      f.value.test(value.trim()) &&
      (!f.onlyWith || has(f.onlyWith.key, f.onlyWith.value)),
  ).sort((a, b) => b.since - a.since)[0];
}

/** Rewrites `unit` for systemd `version`; `file` is where diagnostics point (the job file). */
export function downgrade(unit: UnitFile, version: number, file: string, targetName: string): DowngradeResult {
  const r = new Diagnostics({ file, prefix: `${unit.name}: ` });
  const b = new UnitBuilder();
  for (const section of unit.sections) {
    for (const { key, value, hardening } of section.entries) {
      // a profile's sandboxing the target lacks leaves the service as confined as the job was: a note
      const dropped = hardening
        ? (message: string): void =>
            r.report(
              'target/hardening-unsupported',
              undefined,
              `${message}; the service runs without this confinement there`,
            )
        : (message: string): void =>
            r.report('target/unsupported', undefined, message, 'choose a newer --target, or accept the difference');
      let s = section.name;
      let k = key;
      let v = value;
      const rename = RENAMES.find((x) => x.from.section === s && x.from.key === k && version < x.since);
      if (rename) {
        s = rename.to.section;
        k = rename.to.key;
        v = rename.convert ? rename.convert(v) : v;
        r.report(
          'target/renamed',
          undefined,
          `${key}=${value} is written [${s}] ${k}=${v} for ${targetName} (systemd ${version}; ${key} needs ${rename.since})`,
        );
      }
      // a value may need a newer systemd than its key; rewrite to the older spelling until it fits
      for (
        let feature = newestFeature(unit, s, k, v, version);
        feature;
        feature = newestFeature(unit, s, k, v, version)
      ) {
        if (feature.fallback === undefined) {
          dropped(
            `${k}=${v} needs systemd ${feature.since}; dropped for ${targetName} (systemd ${version}): ${feature.note}`,
          );
          v = '';
          break;
        }
        r.report(
          'target/value-rewritten',
          undefined,
          `${k}=${v} needs systemd ${feature.since}; written ${k}=${feature.fallback} for ${targetName} (${feature.note})`,
        );
        v = feature.fallback;
      }
      if (v === '' && value !== '') continue;
      const since = firstVersion(s, k);
      if (since !== undefined && since > version) {
        dropped(`${k}=${v} needs systemd ${since}; dropped for ${targetName} (systemd ${version})`);
        continue;
      }
      if (k.length + 1 + v.length > maxLineLength(version)) {
        r.report(
          'target/line-too-long',
          undefined,
          `${k}= is ${k.length + 1 + v.length} characters long; systemd ${version} reads only ${maxLineLength(version)} of a unit-file line and takes the rest as another line`,
          'shorten the value (a helper script, an EnvironmentFile=), or choose a --target with systemd 235 or newer',
        );
      }
      b.add(s, k, v, hardening);
    }
  }
  return { unit: b.build(unit.name, unit.kind, unit.header), diagnostics: r.diagnostics };
}
