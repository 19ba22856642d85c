/**
 * The migration plan from a converted batch: each job's disposition (decide.ts), the files it
 * installs and where, what it replaces or shadows as the tree showed it, what to enable (an
 * activating socket or path unit instead of its service; a template's instances that ran), what
 * to start (what ran under Upstart, when host facts say so; nothing otherwise), what it needs on
 * the host, and the dependency order. Pure: the tree is read by the caller (`before`).
 */
import { createHash } from 'node:crypto';
import { jsonChunks } from './json';
import * as path from 'node:path';
import type { HostFacts } from '../model/host';
import { type JobOutline, type ServiceOutline, jobOutline } from '../convert/outline';
import type { OutputFile } from '../output/write';
import { escapeInstance, isValidUnitName } from '../systemd/unit-names';
import { type Disposition, type PlanSource, type Selection, dispose } from './decide';
import { UNIT_DIR, treePath } from './layout';
import { type OrderNode, dependencyOrder, orderEdges } from './order';
import {
  PLAN_FORMAT,
  type PathBefore,
  type Plan,
  type PlanDir,
  type PlanExisting,
  type PlanFile,
  type PlanJob,
  type PlanNeeds,
  type PlanUnit,
} from './types';

/** What the plan is made with besides the jobs. */
export interface PlanOptions {
  target: { name: string; systemd: number };
  scriptDir: string;
  /** What collect recorded on the host; without `running`, nothing is started. */
  host?: HostFacts;
  /** The tree existing units were looked up in, as the user named it (none: nothing is expected to exist). */
  tree?: string;
  selection: Selection;
  /** A job file's path as the host sees it. */
  hostPath(file: string): string;
  /** What is at a host path in the tree (absent without a tree). */
  before(hostPath: string): PathBefore;
}

/** The plan, and for each migrated job the files to write into the output folder (named by their `source`). */
export interface PlanResult {
  plan: Plan;
  files: Map<PlanSource, OutputFile[]>;
}

/** A job on its way into the plan: its disposition and its files at their host paths. */
interface Staged {
  source: PlanSource;
  disposition: Disposition;
  /** What the plan reads of its service model and units. */
  outline: JobOutline;
  files: Array<{ file: OutputFile; path: string; kind: PlanFile['kind'] }>;
  /** Its units (unitsOf), found once. */
  units?: JobUnits;
}

/** The unit systemd knows a job by, its activating unit, whether it is a template and can be enabled. */
interface JobUnits {
  service?: string;
  activator?: string;
  template: boolean;
  enableable: boolean;
}

/** SHA-256 (hex) of a text. */
function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Where a job's file goes on the host: a helper script at its install path, a unit or drop-in under UNIT_DIR. */
function placeOf(outline: JobOutline, f: OutputFile): { path: string; kind: PlanFile['kind'] } {
  const script = outline.service?.scripts.find((s) => s.fileName === f.name);
  if (script) return { path: script.installPath, kind: 'script' };
  return { path: `${UNIT_DIR}/${f.name}`, kind: f.name.includes('.d/') ? 'dropin' : 'unit' };
}

/** The unit systemd knows the job by, its activating unit, whether it is a template and can be enabled (once per job). */
function unitsOf(s: Staged): JobUnits {
  return (s.units ??= findUnits(s));
}

/** What unitsOf says, found. */
function findUnits(s: Staged): JobUnits {
  const job = s.source;
  const existing = job.comparison?.existing;
  if (s.disposition.action !== 'install' && existing) {
    const install = existing.merged.sections.get('Install');
    return { service: existing.name, template: existing.name.includes('@.'), enableable: (install?.size ?? 0) > 0 };
  }
  const service = s.outline.units.find((u) => u.kind === 'service');
  const activator = s.outline.units.find((u) => u.kind === 'socket' || u.kind === 'path');
  const found: JobUnits = { template: Boolean(s.outline.service?.template), enableable: Boolean(service?.installable) };
  if (service) found.service = service.name;
  if (activator) found.activator = activator.name;
  return found;
}

/** The instance units of a template that ran (`NAME@.service` → `NAME@INSTANCE.service`), and notes on the others. */
function instances(template: string, ran: readonly string[], notes: string[]): string[] {
  const out: string[] = [];
  for (const i of ran) {
    const unit = template.replace('@.', `@${escapeInstance(i)}.`);
    if (i !== '' && isValidUnitName(unit)) out.push(unit);
    else notes.push(`instance ${JSON.stringify(i)} ran but cannot be named as a unit of ${template}; not started`);
  }
  return [...new Set(out)];
}

/** Programs, users and groups a service needs on the host (what the plan installs itself left out). */
function needsOf(svc: ServiceOutline | undefined, installed: ReadonlySet<string>): PlanNeeds {
  if (!svc) return { programs: [], users: [], groups: [] };
  const plain = (v: string | undefined): v is string => v !== undefined && v !== '' && !/[$%]/.test(v);
  const programs = [...new Set(svc.programs.filter(plain))].filter((p) => !installed.has(p) && !p.startsWith('-'));
  const dynamic = svc.dynamicUser;
  const users = dynamic ? [] : [svc.identity.user].filter(plain);
  const groups = dynamic ? [] : [...new Set([svc.identity.group, ...svc.identity.supplementaryGroups].filter(plain))];
  return { programs, users, groups };
}

/** The existing unit as the comparison found it, with each file's digest. */
function existingOf(job: PlanSource): PlanExisting | null {
  const e = job.comparison?.existing;
  if (!e) return null;
  return { unit: e.name, files: e.files.map((p, i) => ({ path: p, sha256: e.digests[i] ?? '' })) };
}

/** The order node of a staged job: the names it is known by, what it comes after and before. */
function nodeOf(s: Staged): OrderNode {
  const u = unitsOf(s);
  const svc = s.outline.service;
  const own = s.outline.units.map((x) => x.name);
  const names = [u.service, u.activator, ...own, svc ? `${svc.unitName}${svc.template ? '@' : ''}.service` : undefined];
  const a = svc?.activation;
  return {
    names: names.filter((n): n is string => n !== undefined),
    after: a ? [...a.after, ...a.requires, ...a.wants, ...a.bindsTo] : [],
    before: a?.before ?? [],
  };
}

/** Enable and start steps of one job (ids filled in later), with the notes they need. */
function steps(s: Staged, ran: string[] | null, notes: string[]): { enable: string[]; start: string[] } {
  const u = unitsOf(s);
  const enabled = Boolean(s.outline.service?.enabled);
  const service = u.service;
  if (!service) return { enable: [], start: [] };
  const started = ran && ran.length ? (u.template ? instances(service, ran, notes) : [service]) : [];
  let enable: string[] = [];
  if (enabled && u.activator) enable = [u.activator];
  else if (enabled && u.enableable) {
    enable = u.template ? started : [service];
    if (u.template && ran === null)
      notes.push(
        `${service} is a template: enable the instances it should run (systemctl enable NAME@INSTANCE.service)`,
      );
  }
  const start = ran === null ? [] : [...(enabled && u.activator ? [u.activator] : []), ...started];
  return { enable, start };
}

/** Notes on a migrated job: what --include overrode, what it shadows. */
function jobNotes(s: Staged, source: PlanSource, selection: Selection): string[] {
  const notes: string[] = [];
  if (s.disposition.action !== 'skip' && s.disposition.included) {
    const glob = selection.excludedBy.get(source.name);
    notes.push(
      `--include ${source.name}: migrated although ` +
        (glob !== undefined ? `--exclude ${glob} matched it` : 'skipped by default'),
    );
  }
  for (const t of s.outline.service?.activation.eventTargets ?? [])
    if (s.disposition.action !== 'skip')
      notes.push(
        `${t.unit}: "systemctl start ${t.unit}" does what "initctl emit ${t.event}" did ` +
          '(for operators and scripts outside this migration)',
      );
  const e = source.comparison?.existing;
  if (s.disposition.action === 'install' && e)
    notes.push(`its unit in ${UNIT_DIR} shadows ${e.name} (${e.files[0] ?? ''}) as it was when the plan was made`);
  return notes;
}

/** Stages a job: its disposition and its files at their host paths (none when skipped). */
function stage(source: PlanSource, opts: PlanOptions): Staged {
  const outline = jobOutline(source);
  const disposition = dispose(source, outline, opts.selection, opts.hostPath);
  const files = disposition.action === 'skip' ? [] : source.files.map((file) => ({ file, ...placeOf(outline, file) }));
  return { source, disposition, outline, files };
}

/** The plan's entry for one staged job, given the id of its first file (files are numbered across the plan). */
function planJob(s: Staged, index: number, firstFile: number, after: string[], opts: PlanOptions): PlanJob {
  const source = s.source;
  const skip = s.disposition.action === 'skip';
  const running = opts.host?.running;
  const ran = running ? (running[source.name] ?? []) : null;
  const notes = jobNotes(s, source, opts.selection);
  const st = skip ? { enable: [], start: [] } : steps(s, ran, notes);
  // a job systemd replaces goes on running as systemd's own unit; any other stops running
  const replaced = s.disposition.action === 'skip' && s.disposition.reason.code === 'replaced-by-systemd';
  if (skip && ran?.length && !replaced)
    notes.push('it was running under Upstart: after the migration it no longer runs unless something else starts it');
  const unit = skip ? undefined : unitsOf(s).service;
  return {
    id: `j${index}`,
    job: source.name,
    conf: opts.hostPath(source.conf),
    action: s.disposition.action,
    ...(s.disposition.action === 'skip' ? { reason: s.disposition.reason } : {}),
    ...(unit ? { unit } : {}),
    files: s.files.map((f, i) => ({
      id: `f${firstFile + i}`,
      kind: f.kind,
      path: f.path,
      source: treePath(f.path),
      mode: `0${(f.file.mode ?? 0o644).toString(8)}`,
      sha256: sha256(f.file.content),
      before: opts.before(f.path),
    })),
    existing: skip ? null : existingOf(source),
    enable: st.enable,
    start: st.start,
    ran,
    after,
    needs: skip
      ? { programs: [], users: [], groups: [] }
      : needsOf(s.outline.service, new Set(s.files.map((f) => f.path))),
    notes,
  };
}

/** The migrated jobs in dependency order, each with the names of the jobs it comes after, and the cycles cut. */
function ordered(migrated: readonly Staged[]): { jobs: Array<{ s: Staged; after: string[] }>; cycles: string[][] } {
  const nodes = migrated.map(nodeOf);
  const ordering = dependencyOrder(nodes);
  const before = migrated.map(() => new Set<number>());
  orderEdges(nodes).forEach((set, i) => set.forEach((j) => before[j]!.add(i)));
  const name = (i: number): string => migrated[i]!.source.name;
  return {
    jobs: ordering.order.map((i) => ({ s: migrated[i]!, after: [...before[i]!].sort((a, b) => a - b).map(name) })),
    cycles: ordering.cycles.map((c) => c.map(name)),
  };
}

/** Builds the plan for a batch; skipped jobs keep their place after the migrated ones, in input order. */
export function buildPlan(sources: readonly PlanSource[], opts: PlanOptions): PlanResult {
  const staged = sources.map((s) => stage(s, opts));
  const { jobs: inOrder, cycles } = ordered(staged.filter((s) => s.disposition.action !== 'skip'));
  const all = [...inOrder, ...staged.filter((s) => s.disposition.action === 'skip').map((s) => ({ s, after: [] }))];
  const jobs: PlanJob[] = [];
  const files = new Map<PlanSource, OutputFile[]>();
  let fileCount = 0;
  for (const { s, after } of all) {
    const job = planJob(s, jobs.length + 1, fileCount + 1, after, opts);
    fileCount += job.files.length;
    jobs.push(job);
    if (s.disposition.action !== 'skip')
      files.set(
        s.source,
        s.files.map((f, i) => ({
          name: job.files[i]!.source,
          content: f.file.content,
          ...(f.file.mode ? { mode: f.file.mode } : {}),
        })),
      );
  }
  const plan: Plan = {
    format: PLAN_FORMAT,
    id: '',
    target: { name: opts.target.name, systemd: opts.target.systemd },
    scriptDir: opts.scriptDir,
    tree: opts.tree ?? null,
    host: hostSummary(opts.host),
    order: inOrder.map((x) => x.s.source.name),
    jobs,
    units: unitsOfPlan(jobs),
    dirs: dirsOf(jobs),
    notes: planNotes(opts, cycles),
  };
  // the id names what the plan does to the host: where the tree was read on this machine is not part of it
  const hash = createHash('sha256');
  // hashed piece by piece: the plan's JSON is never held whole (megabytes at scale)
  for (const piece of jsonChunks({ ...plan, tree: null })) hash.update(piece);
  plan.id = hash.digest('hex').slice(0, 12);
  return { plan, files };
}

/** What the plan says about the host facts it was made with. */
function hostSummary(host: HostFacts | undefined): Plan['host'] {
  const release = host?.release;
  const text = release
    ? [release.id, release.release, release.codename && `(${release.codename})`].filter(Boolean)
    : [];
  return {
    known: host?.running !== undefined,
    ...(host?.upstartVersion ? { upstartVersion: host.upstartVersion } : {}),
    ...(text.length ? { release: text.join(' ') } : {}),
  };
}

/** Every unit the migrated jobs touch (service, enabled, started), each once, with its id. */
function unitsOfPlan(jobs: readonly PlanJob[]): PlanUnit[] {
  const seen = new Set<string>();
  const out: PlanUnit[] = [];
  for (const j of jobs)
    for (const unit of [...(j.unit ? [j.unit] : []), ...j.enable, ...j.start])
      if (!unit.includes('@.') && !seen.has(unit)) {
        seen.add(unit);
        out.push({ id: `u${out.length + 1}`, unit, job: j.job });
      }
  return out;
}

/** The directories the files go into (other than UNIT_DIR), parents first. */
function dirsOf(jobs: readonly PlanJob[]): PlanDir[] {
  const dirs = new Set<string>();
  for (const j of jobs)
    for (const f of j.files) if (path.posix.dirname(f.path) !== UNIT_DIR) dirs.add(path.posix.dirname(f.path));
  return [...dirs].sort().map((p, i) => ({ id: `d${i + 1}`, path: p }));
}

/** The plan's notes: no host facts, no tree, ordering cycles cut. */
function planNotes(opts: PlanOptions, cycles: string[][]): string[] {
  const notes: string[] = [];
  if (opts.host?.running === undefined)
    notes.push(
      'no host facts say which jobs ran (make the plan from the tarball of upstart2systemd collect): ' +
        'migrate.sh starts nothing; the enabled units start at the next boot, or by hand (systemctl start UNIT)',
    );
  if (opts.tree === undefined)
    notes.push(
      'no tree to compare with (--root or --against): migrate.sh expects no unit of these names to exist on the host',
    );
  for (const c of cycles)
    notes.push(`${c.join(', ')} wait on each other (an ordering cycle): started in file order from ${c[0] ?? ''}`);
  return notes;
}
