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
import { type MergedUnit, cannotReset, mergeUnit } from '../systemd/unit-merge';
import { parseUnitFile } from '../systemd/unit-parser';
import { renderUnit } from '../systemd/render';
import { type DirectiveChange, semanticDiff } from './semantic';

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
  /** Settings (`Section.Key`) a diagnostic already says the drop-in leaves as they are. */
  reported: string[];
}

/** The [Install] settings that enable a unit: what diff/dropin-manual is about. */
const ENABLEMENT = ['Install.WantedBy', 'Install.RequiredBy', 'Install.UpheldBy'];

/** A manual job over a unit that is enabled: a drop-in cannot change that. */
function manualDiagnostic(unit: string, jobFile: string): Diagnostic {
  return diagnostic(
    'diff/dropin-manual',
    { file: jobFile },
    `the job is manual, but a drop-in cannot stop ${unit} from being enabled`,
    `run: systemctl disable ${unit}`,
  );
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
  const reported: string[] = [];
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
    reported.push(...ENABLEMENT);
    diagnostics.push(manualDiagnostic(args.existingName, args.jobFile));
  }
  if (!wanted.size) return { unit: null, diagnostics, reported };
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
      reported.push(`${section}.${key}`);
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
  return { unit: unit.sections.length ? unit : null, diagnostics, reported };
}

/** The words of a directive's values (a dependency list may hold several per line). */
function words(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/\s+/)).filter(Boolean);
}

/**
 * Whether only a whole unit can make a difference go away: [Install] (a drop-in's does not change
 * enablement) and a dependency the unit has and the job had not (an empty assignment never resets one).
 */
function needsWholeUnit(c: DirectiveChange): boolean {
  if (c.section === 'Install') return true;
  const job = new Set(words(c.generated));
  return cannotReset(c.section, c.key) && words(c.existing).some((w) => !job.has(w));
}

/**
 * The differences a drop-in leaves between the unit and what the job did: the unit with the
 * drop-in against the job's full unit, less what another diagnostic already reported (`reported`)
 * and, for a unit found through an alias, that alias (the job's own name).
 */
export function leftOut(args: {
  after: MergedUnit;
  generated: UnitFile;
  reported: readonly string[];
  alias?: string;
}): DirectiveChange[] {
  return semanticDiff(args.after, mergedOf(args.generated)).filter(
    (c) =>
      !args.reported.includes(`${c.section}.${c.key}`) &&
      !(c.section === 'Install' && c.key === 'Alias' && args.alias && words(c.existing).includes(args.alias)),
  );
}

/** One difference in a diagnostic's list, cut short (the full values are in --diff). */
function item(c: DirectiveChange): string {
  const text = c.message.length > 100 ? `${c.message.slice(0, 99)}…` : c.message;
  return `[${c.section}] ${c.key} (${text})`;
}

/** The keys of a list of differences, for a hint: `Restart=, ExecReload=`. */
function keys(changes: readonly DirectiveChange[]): string {
  return [...new Set(changes.map((c) => `${c.key}=`))].join(', ');
}

/**
 * The warning that a drop-in leaves differences from the job as they are, each listed, with what
 * to do: set them in a drop-in of one's own, or write the whole unit where a drop-in cannot.
 */
export function leftOutDiagnostic(unit: string, jobFile: string, changes: readonly DirectiveChange[]): Diagnostic {
  const n = changes.length;
  const whole = changes.filter(needsWholeUnit);
  const settable = changes.filter((c) => !needsWholeUnit(c));
  const todo = [
    ...(settable.length
      ? [
          `to do as the job did, set ${keys(settable)} in a drop-in of your own ` +
            `(systemctl edit ${unit}; ${DROPIN_NAME} is rewritten by every run)`,
        ]
      : []),
    ...(whole.length
      ? [`a drop-in cannot take away ${keys(whole)} as the job would: only the whole unit can (--mode full)`]
      : []),
  ];
  return diagnostic(
    'diff/dropin-leaves-out',
    { file: jobFile },
    `the drop-in leaves ${n} difference${n === 1 ? '' : 's'} between ${unit} and the job ` +
      `as ${n === 1 ? 'it is' : 'they are'}: ` +
      changes.map(item).join('; '),
    `${todo.join('; ')}; or keep the unit's settings, as its package ships them`,
  );
}
