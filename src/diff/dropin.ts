/**
 * Drop-ins instead of replacements: what a job adds over a unit a package already ships — the
 * `.override`'s changes, its environment, limits and user, and the hardening profile — written
 * as NAME.service.d/50-upstart2systemd.conf so the package's unit keeps receiving updates.
 * List directives that must be replaced (ExecStart=…) get the empty reset line first.
 */
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import { UnitBuilder, type UnitFile, isListDirective } from '../systemd/unit';
import { type UnitValue, raw } from '../systemd/value';
import { type MergedUnit, mergeUnit } from '../systemd/unit-merge';
import { parseUnitFile } from '../systemd/unit-parser';
import { renderUnit } from '../systemd/render';
import { semanticDiff } from './semantic';

/** The drop-in file name we own inside NAME.d/. */
export const DROPIN_NAME = '50-upstart2systemd.conf';

/** Directives that are a job's own customisations, carried whenever they differ from the unit's. */
const CUSTOMISATION =
  /^(Environment|EnvironmentFile|PassEnvironment|User|Group|SupplementaryGroups|UMask|Nice|OOMScoreAdjust|WorkingDirectory|Limit\w+)$/;

/** A unit file's text as systemd merges it. */
export function mergedOf(unit: UnitFile): MergedUnit {
  return mergeUnit(unit.name, [parseUnitFile(renderUnit(unit), unit.name)]);
}

/** The values a merged unit has for a directive. */
function valuesOf(m: MergedUnit, section: string, key: string): string[] {
  return m.sections.get(section)?.get(key) ?? [];
}

/**
 * A value of the generated unit as the drop-in writes it: the generated entry's typed value when
 * the text is the one it wrote, else the merged text as it is (unit syntax).
 */
function typedOf(unit: UnitFile, section: string, key: string): (text: string) => UnitValue {
  const entries = unit.sections.find((s) => s.name === section)?.entries.filter((x) => x.key === key) ?? [];
  return (text) => entries.find((x) => x.value === text)?.typed ?? raw(text);
}

/** What goes into a drop-in, and why each directive is there. */
export interface DropinPlan {
  unit: UnitFile | null;
  diagnostics: Diagnostic[];
}

/**
 * Builds the drop-in for `existing` from the generated unit. `withoutOverride` is the unit the
 * job gives without its `.override` (to tell the override's changes apart); `hardening` lists
 * the directives a profile added.
 */
export function buildDropin(args: {
  existingName: string;
  existing: MergedUnit;
  generated: UnitFile;
  withoutOverride?: UnitFile;
  hardening: Record<string, Array<[string, string]>>;
  jobFile: string;
  manual: boolean;
  header: string[];
}): DropinPlan {
  const diagnostics: Diagnostic[] = [];
  const gen = mergedOf(args.generated);
  const wanted = new Map<string, { section: string; key: string; why: string }>();
  const want = (section: string, key: string, why: string): void => {
    if (section === 'Install') return;
    if (!wanted.has(`${section}.${key}`)) wanted.set(`${section}.${key}`, { section, key, why });
  };
  // only what the job sets: a drop-in never takes away what the unit (or an administrator) set
  if (args.withoutOverride) {
    for (const c of semanticDiff(mergedOf(args.withoutOverride), gen))
      if (c.generated.length) want(c.section, c.key, 'override');
  }
  for (const c of semanticDiff(args.existing, gen))
    if (CUSTOMISATION.test(c.key) && c.generated.length) want(c.section, c.key, 'customisation');
  for (const [section, entries] of Object.entries(args.hardening))
    for (const [key] of entries) want(section, key, 'hardening');
  if (args.manual) {
    diagnostics.push(
      diagnostic(
        'diff/dropin-manual',
        { file: args.jobFile },
        `the job is manual, but a drop-in cannot stop ${args.existingName} from being enabled`,
        `run: systemctl disable ${args.existingName}`,
      ),
    );
  }
  if (!wanted.size) return { unit: null, diagnostics };
  const b = new UnitBuilder();
  for (const { section, key } of wanted.values()) {
    const values = valuesOf(gen, section, key);
    const had = valuesOf(args.existing, section, key);
    const typed = typedOf(args.generated, section, key);
    if (isListDirective(key)) {
      // a list is replaced only where the job replaces it (commands); otherwise it is extended
      if (key.startsWith('Exec') && had.length) b.add(section, key, raw(''));
      b.addAll(section, key, values.filter((v) => !(had.includes(v) && !key.startsWith('Exec'))).map(typed));
    } else if (values.length) {
      b.set(section, key, typed(values[values.length - 1]!));
    } else {
      diagnostics.push(
        diagnostic(
          'diff/dropin-cannot-unset',
          { file: args.jobFile },
          `${key}=${had.join(' ')} of ${args.existingName} is not set by the job, and a drop-in cannot remove a single-valued setting`,
          `write the value you want for ${key}= in the drop-in by hand`,
        ),
      );
    }
  }
  const unit = b.build(`${args.existingName}.d/${DROPIN_NAME}`, 'dropin', args.header);
  return { unit: unit.sections.length ? unit : null, diagnostics };
}
