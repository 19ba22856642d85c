/**
 * Environment: `env`, `export`, `instance`, the UPSTART_* variables scripts read, and the
 * `[ -f /etc/default/NAME ] && . /etc/default/NAME; exec …` idiom, which becomes
 * EnvironmentFile= when the file holds only plain assignments. What Upstart put in a job's
 * environment: docs/upstart-behaviour.md#the-job-environment and
 * docs/upstart-behaviour.md#env-key; what each stanza becomes: docs/mapping.md#stanzas.
 */
import type { SourcePos } from '../diagnostics/diagnostic';
import type { Command, EnvVar, ServiceModel } from '../model/service';
import type { Stanza, UpstartJob } from '../upstart/job';
import { escapeInstance, isValidUnitName } from '../systemd/unit-names';
import { INSTANCE_SPECIFIER } from '../systemd/value';
import { expand } from '../upstart/expand';
import type { Diagnostics } from '../diagnostics/collector';
import type { ConvertContext } from './context';
import { batchEvents } from './event-batch';
import { convertEventVariables, treeValue } from './event-variables';
import { type ShellWord, shellWords } from './shell-words';

/** The variable of an instance template that is exactly one `$VAR`/`${VAR}`, else null. */
export function instanceVariable(template: string): string | null {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(template);
  return m ? (m[1] ?? m[2]!) : null;
}

/** The final environment of `env` stanzas, in first-seen order: a literal value or "pass from init". */
export function envFromStanzas(env: readonly Stanza<string>[]): EnvVar[] {
  const out: EnvVar[] = [];
  const at = new Map<string, number>(); // a job may have 100,000 env stanzas: no search per stanza
  for (const { value } of env) {
    const eq = value.indexOf('=');
    const v: EnvVar = eq < 0 ? { name: value, pass: true } : { name: value.slice(0, eq), value: value.slice(eq + 1) };
    const i = at.get(v.name);
    if (i !== undefined) out[i] = v;
    else at.set(v.name, out.push(v) - 1);
  }
  return out;
}

/** True when every non-comment line of a defaults file is a plain `KEY=value` systemd reads the same way. */
export function plainAssignments(text: string): { plain: true } | { plain: false; line: number; text: string } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*=("[^"$`\\]*"|'[^']*'|[^\s"'$`\\;&|<>()#*?[\]~{}]*)$/.test(line))
      return { plain: false, line: i + 1, text: line };
  }
  return { plain: true };
}

/** Matches one line of the "source the defaults file" idiom and returns the file and whether it is optional. */
function sourcedFile(line: string): { file: string; optional: boolean } | null {
  const t = line.trim();
  let m = /^(?:\[\s+-[fre]\s+(\S+)\s+\]|test\s+-[fre]\s+(\S+))\s*&&\s*\.\s+(\S+)$/.exec(t);
  if (m && (m[1] ?? m[2]) === m[3]) return { file: m[3]!, optional: true };
  m = /^if\s+\[\s+-[fre]\s+(\S+)\s+\];?\s*then\s+\.\s+(\S+)\s*;?\s*fi$/.exec(t);
  if (m && m[1] === m[2]) return { file: m[2]!, optional: true };
  m = /^\.\s+(\S+)$/.exec(t);
  if (m) return { file: m[1]!, optional: false };
  return null;
}

/**
 * Turns a shell word of the subset into an Exec argument in systemd's expansion syntax: a lone
 * unquoted `$VAR` stays `$VAR` (systemd splits it into words, as the shell did), other variables
 * become `${VAR}` (substituted in place), a literal `$` becomes `$$`.
 */
export function execArgFromShellWord(word: ShellWord): string {
  if (word.length === 1 && 'variable' in word[0]! && !word[0].quoted) return `$${word[0].variable}`;
  return word.map((p) => ('lit' in p ? p.lit.replace(/\$/g, '$$$$') : `\${${p.variable}}`)).join('');
}

/**
 * Recognises a main script that only sets defaults, sources defaults files and execs the
 * daemon; returns what it amounts to, or why it must stay a shell script.
 */
export function defaultsIdiom(
  script: string,
):
  | { assignments: Array<[string, string]>; files: Array<{ file: string; optional: boolean }>; exec: ShellWord[] }
  | { reason: string } {
  const lines = script
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const assignments: Array<[string, string]> = [];
  const files: Array<{ file: string; optional: boolean }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const src = sourcedFile(line);
    if (src) {
      if (!src.file.startsWith('/'))
        return { reason: `"${src.file}" is not an absolute path, as EnvironmentFile= needs` };
      files.push(src);
      continue;
    }
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (assign && files.length === 0) {
      const words = shellWords(assign[2]!);
      if (!words || words.length > 1 || words[0]?.some((p) => 'variable' in p))
        return { reason: `line "${line}" is not a plain assignment` };
      assignments.push([assign[1]!, words.length ? ((words[0]![0] as { lit: string })?.lit ?? '') : '']);
      continue;
    }
    if (line.startsWith('exec ') && i === lines.length - 1 && files.length > 0) {
      const words = shellWords(line.slice(5));
      if (!words || words.length === 0)
        return { reason: `"${line}" uses shell features beyond plain words and $VARIABLES` };
      if (words.some((w) => w.length > 1 && w.some((p) => 'variable' in p && !p.quoted))) {
        return {
          reason: `"${line}" has an unquoted $VARIABLE inside a word, which the shell would split differently from systemd`,
        };
      }
      return { assignments, files, exec: words };
    }
    return { reason: `line "${line}" is more than sourcing a defaults file and exec` };
  }
  return { reason: 'the script does not end by exec-ing the daemon' };
}

/** `$NAME` or `${NAME}`, compiled once per name. */
const MENTIONS = new Map<string, RegExp>();

/** Whether any of the job's process texts mention a variable. */
function mentions(job: UpstartJob, name: string): boolean {
  let re = MENTIONS.get(name);
  if (!re) MENTIONS.set(name, (re = new RegExp(`\\$\\{?${name}\\b`)));
  const pattern = re;
  return Object.values(job.process).some((p) => p!.value.text.includes(name) && pattern.test(p!.value.text));
}

/**
 * A template started by a socket or file event: Upstart named the instance from the job's env
 * and the event's variables, so the .socket/.path unit starts that one instance; when the name
 * cannot be expanded, Upstart never started the job from the event, and no activating unit is written.
 */
function activationInstance(instance: Stanza<string>, vars: EnvVar[], svc: ServiceModel, r: Diagnostics): void {
  const a = svc.activation;
  const spec = a.socket ?? a.path;
  if (!spec) return;
  const kind = a.socket ? 'socket' : 'path';
  const env = [...(spec.eventEnv ?? []), ...vars.flatMap((v) => ('value' in v ? [`${v.name}=${v.value}`] : []))];
  const x = expand(instance.value, env);
  if (!x.ok || x.value === '') {
    r.report(
      'convert/activation-instance-unknown',
      instance.pos,
      `instance ${instance.value} cannot be named from the ${kind} event ` +
        `(${x.ok ? 'empty' : x.error}): Upstart could not start the job from it either; no .${kind} unit`,
      `give the instance a value from the event (${(spec.eventEnv ?? []).map((e) => e.split('=')[0]).join(', ')}) or from env, or start instances by hand`,
    );
    delete a.socket;
    delete a.path;
    svc.environment.vars = svc.environment.vars.filter((v) => v.name !== 'UPSTART_FDS');
    return;
  }
  spec.instance = escapeInstance(x.value);
  r.report(
    'convert/activation-instance',
    instance.pos,
    `the .${kind} unit starts the instance ${svc.unitName}@${spec.instance}.service, as the event named it "${x.value}"` +
      `${spec.instance !== x.value ? ' (escaped for a unit name; %I gives the job the name itself)' : ''}`,
  );
}

/** Fills the environment, the instance template, and rewrites the defaults-file idiom. */
export function convertEnvironment(job: UpstartJob, svc: ServiceModel, ctx: ConvertContext, r: Diagnostics): void {
  const vars = envFromStanzas(job.env);
  reportPassedVariables(job, vars, r);
  svc.environment.vars = vars;
  if (job.instance) convertInstance(job, job.instance, vars, svc, r);
  addUpstartVariables(job, svc, r);
  const instanceVar = svc.template && job.instance ? instanceVariable(job.instance.value) : null;
  convertEventVariables(job, svc, r, new Set(instanceVar ? [instanceVar] : []));
  reportExports(job, ctx, r);
}

/** `env NAME` without a value took it from init, whose environment is not systemd's: say so for each. */
function reportPassedVariables(job: UpstartJob, vars: readonly EnvVar[], r: Diagnostics): void {
  const lastAt = new Map(job.env.map((e) => [e.value, e.pos])); // the last stanza of each value
  for (const v of vars) {
    if ('pass' in v) {
      const at = lastAt.get(v.name);
      r.report(
        'convert/env-pass',
        at,
        `env ${v.name} copies ${v.name} from init's own environment (e.g. the kernel command line); ` +
          `PassEnvironment=${v.name} takes it from systemd's manager environment, which differs`,
        `if ${v.name} must have a value, set it with Environment= or in DefaultEnvironment= of /etc/systemd/system.conf`,
      );
    }
  }
}

/** An `instance` with a variable makes a template unit; which kind decides what the instance string fills. */
function convertInstance(
  job: UpstartJob,
  instance: Stanza<string>,
  vars: EnvVar[],
  svc: ServiceModel,
  r: Diagnostics,
): void {
  const variable = instanceVariable(instance.value);
  if (variable) {
    svc.template = true;
    svc.environment.vars = [
      ...svc.environment.vars.filter((v) => v.name !== variable),
      { name: variable, value: INSTANCE_SPECIFIER, instance: true },
    ];
    r.report(
      'convert/instance-template',
      instance.pos,
      `instance ${instance.value}: a template unit ${svc.unitName}@.service with ${variable}=%I; ` +
        `start an instance with "systemctl start $(systemd-escape --template ${svc.unitName}@.service VALUE)" ` +
        '(%I unescapes the instance name, so the job sees VALUE itself)',
      job.env.length
        ? 'variables given to "start JOB VAR=…" other than the instance need a drop-in per instance'
        : undefined,
    );
  } else if (instance.value.includes('$')) {
    svc.template = true;
    svc.environment.vars.push({ name: 'UPSTART_INSTANCE', value: INSTANCE_SPECIFIER, instance: true });
    r.report(
      'convert/instance-complex',
      instance.pos,
      `instance ${instance.value} combines several variables; the template unit ` +
        `${svc.unitName}@.service only receives the whole instance string as UPSTART_INSTANCE=%I`,
      'set the individual variables per instance with drop-ins (systemctl edit NAME@VALUE.service)',
    );
  } else {
    r.report(
      'convert/instance-constant',
      instance.pos,
      `instance ${instance.value} has no variable, so there is only ever one instance; converted as a plain unit`,
    );
  }
  if (svc.template) activationInstance(instance, vars, svc, r);
  if (svc.template && svc.enabled && !svc.activation.socket && !svc.activation.path)
    enabledInstance(job, instance, vars, svc, r);
}

/**
 * The instance the job's `start on` names when it starts at boot: the one literal every way it
 * starts gives the instance variable, or (when no event carries the variable) its `env` default.
 * Anything else comes from an event systemd does not have.
 */
function namedInstance(job: UpstartJob, instance: Stanza<string>, vars: readonly EnvVar[]): string | undefined {
  const variable = instanceVariable(instance.value);
  if (!variable || !job.start_on) return undefined;
  const known = treeValue(job.start_on.value, variable);
  if (typeof known === 'object') return known.value || undefined;
  if (known === 'unknown') return undefined;
  const fallback = vars.find((v) => v.name === variable && 'value' in v && !('instance' in v));
  return fallback && 'value' in fallback && fallback.value !== '' ? fallback.value : undefined;
}

/**
 * A template is enabled per instance (`systemctl enable NAME@X.service`); enabling the template
 * itself needs `DefaultInstance=` (else "Destination unit … is a non-template unit"). The instance
 * `start on` names becomes DefaultInstance=; without one there is no such line, and the note says
 * to enable instances by name.
 */
function enabledInstance(
  job: UpstartJob,
  instance: Stanza<string>,
  vars: readonly EnvVar[],
  svc: ServiceModel,
  r: Diagnostics,
): void {
  const a = svc.activation;
  const targets = a.wantedBy.join(' ');
  const named = namedInstance(job, instance, vars);
  // a name no instance unit can hold (too long once escaped) is as good as none
  if (named !== undefined && isValidUnitName(`${svc.unitName}@${escapeInstance(named)}.service`)) {
    a.defaultInstance = escapeInstance(named);
    r.report(
      'convert/template-default-instance',
      instance.pos,
      `start on names the instance ${named}: DefaultInstance=${a.defaultInstance}, so "systemctl enable ` +
        `${svc.unitName}@.service" enables ${svc.unitName}@${a.defaultInstance}.service (WantedBy=${targets})`,
    );
    return;
  }
  r.report(
    'convert/template-no-default-instance',
    instance.pos,
    `instance ${instance.value}: the instance name came from the event that started the job, which systemd does ` +
      `not have, so there is no DefaultInstance=: "systemctl enable ${svc.unitName}@.service" fails ` +
      `("non-template unit"); enable each instance by name (WantedBy=${targets})`,
    `systemctl enable "$(systemd-escape --template ${svc.unitName}@.service VALUE)"`,
  );
}

/** The UPSTART_* variables Upstart set that the job's processes read, so they still find them under systemd. */
function addUpstartVariables(job: UpstartJob, svc: ServiceModel, r: Diagnostics): void {
  // Upstart set both for every process; daemons using `expect stop` read UPSTART_JOB to know they
  // should stop themselves (collectd, upstart-aware daemons), so they are always set for those
  const expectStop = job.expect?.value === 'stop';
  if (mentions(job, 'UPSTART_JOB') || expectStop) svc.environment.vars.push({ name: 'UPSTART_JOB', value: job.name });
  if (
    (mentions(job, 'UPSTART_INSTANCE') || expectStop) &&
    !svc.environment.vars.some((v) => v.name === 'UPSTART_INSTANCE')
  ) {
    svc.environment.vars.push(
      svc.template
        ? { name: 'UPSTART_INSTANCE', value: INSTANCE_SPECIFIER, instance: true }
        : { name: 'UPSTART_INSTANCE', value: '' },
    );
  }
  if (mentions(job, 'UPSTART_EVENTS') || mentions(job, 'UPSTART_STOP_EVENTS')) {
    r.report(
      'convert/upstart-events-variable',
      undefined,
      'the scripts read UPSTART_EVENTS or UPSTART_STOP_EVENTS, which only Upstart sets; they are empty under systemd',
    );
  }
  if (svc.activation.socket) svc.environment.vars.push({ name: 'UPSTART_FDS', value: '3' });
}

/** `export` only added variables to the job's events: say whether any converted job matched on them. */
function reportExports(job: UpstartJob, ctx: ConvertContext, r: Diagnostics): void {
  for (const e of job.export) {
    const consumers = batchEvents(ctx).jobEventKeys.get(e.value) ?? [];
    if (consumers.length)
      r.report(
        'convert/export-consumed',
        e.pos,
        `export ${e.value}: ${consumers.join(', ')} match(es) on ${e.value} in this job's events, which systemd does not have`,
        'give the consuming units the value another way (EnvironmentFile= shared by both)',
      );
    else
      r.report(
        'convert/export-unused',
        e.pos,
        `export ${e.value} only adds ${e.value} to this job's Upstart events; nothing in this conversion matches on it`,
      );
  }
}

/**
 * Rewrites a main script of the defaults idiom as EnvironmentFile= + a direct ExecStart=, when the
 * defaults files (under --root) hold only plain assignments; otherwise leaves the shell and says why.
 * Returns the replacement main command, or null to keep the script.
 */
export function rewriteDefaultsIdiom(
  job: UpstartJob,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
): Command | null {
  const main = job.process.main;
  if (!main || main.value.kind !== 'script' || !/(^|\s)\.\s+\//m.test(main.value.text)) return null;
  const idiom = defaultsIdiom(main.value.text);
  if ('reason' in idiom) {
    if (/\/etc\/default\//.test(main.value.text))
      r.report(
        'convert/defaults-kept-shell',
        main.pos,
        `the main script sources a defaults file but is kept as a shell script: ${idiom.reason}`,
      );
    return null;
  }
  if (!defaultsFilesPlain(idiom.files, main.pos, ctx, r)) return null;
  const [program, ...rest] = idiom.exec;
  if (!program || program.length !== 1 || !('lit' in program[0]!) || !program[0].lit.startsWith('/')) {
    r.report(
      'convert/defaults-kept-shell',
      main.pos,
      'the exec line does not start with an absolute program path; the shell is kept',
    );
    return null;
  }
  // each assigned name moves to the end with its last value, in the order of the last assignments
  const last = new Map(idiom.assignments.map(([k], i) => [k, i]));
  svc.environment.vars = [
    ...svc.environment.vars.filter((x) => !last.has(x.name)),
    ...idiom.assignments.filter(([k], i) => last.get(k) === i).map(([name, value]) => ({ name, value })),
  ];
  for (const f of idiom.files) svc.environment.files.push({ path: f.file, optional: f.optional });
  r.report(
    'convert/defaults-environment-file',
    main.pos,
    `the main script only sources ${idiom.files.map((f) => f.file).join(', ')} and execs the daemon: ` +
      `EnvironmentFile=${idiom.files.map((f) => (f.optional ? '-' : '') + f.file).join(' ')} and a direct ExecStart=`,
  );
  return { argv: [program[0].lit, ...rest.map(execArgFromShellWord)], systemdVars: true, source: main.pos };
}

/** EnvironmentFile= reads only plain assignments: each sourced file found under --root must hold nothing else. */
function defaultsFilesPlain(
  files: ReadonlyArray<{ file: string; optional: boolean }>,
  pos: SourcePos,
  ctx: ConvertContext,
  r: Diagnostics,
): boolean {
  for (const f of files) {
    const text = ctx.root.readText(f.file);
    if (text === null) {
      if (!ctx.root.known) {
        r.report(
          'convert/defaults-kept-shell',
          pos,
          `the main script sources ${f.file}; without --root its content cannot be checked, so the shell is kept`,
          'give --root to turn it into EnvironmentFile=',
        );
        return false;
      }
      if (!f.optional) {
        r.report(
          'convert/defaults-kept-shell',
          pos,
          `${f.file} is sourced unconditionally but does not exist under --root; the shell is kept`,
        );
        return false;
      }
      continue;
    }
    const check = plainAssignments(text);
    if (!check.plain) {
      r.report(
        'convert/defaults-kept-shell',
        pos,
        `${f.file} line ${check.line} ("${check.text.trim()}") is not a plain assignment, so sourcing it is kept as a shell script`,
      );
      return false;
    }
  }
  return true;
}
