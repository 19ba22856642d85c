/**
 * Reading what `upstart2systemd collect` recorded about a host (docs/collect.md): the files of
 * the `upstart2systemd/` folder at the top of a root (a tarball, or a folder it was extracted
 * to) parsed into HostFacts. Each file is optional; one that cannot be read or parsed leaves its
 * fact unknown and says so. Parsing is plain text work on what the host printed.
 */
import * as path from 'node:path';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { HostFacts, HostRelease } from '../model/host';
import type { UpstartVersion } from '../upstart/stanzas';
import { resolveUnder } from './rooted';
import type { RootTree } from './tree';

/** The folder of the metadata, at the top of the root. */
export const FACTS_DIR = '/upstart2systemd';

/** The metadata format this version writes and reads. */
export const FACTS_FORMAT = 1;

/** The largest metadata file read (a host's program list is some 100 KiB). */
const MAX_FACT_BYTES = 16 * 1024 * 1024;

/** Upstart's version from `init --version` ("init (upstart 1.12.1)"), or undefined. */
export function parseInitVersion(text: string): string | undefined {
  return /\(upstart ([0-9]+(?:\.[0-9]+)+)/.exec(text)?.[1];
}

/**
 * The grammar to read jobs with for an Upstart version: 1.12 for 1.12.x and older (Ubuntu
 * 14.04), 1.13 for 1.13.x and newer; undefined for a version that cannot be read.
 */
export function grammarFor(version: string | undefined): UpstartVersion | undefined {
  const m = /^([0-9]+)\.([0-9]+)/.exec(version ?? '');
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 1 || (major === 1 && minor <= 12) ? '1.12' : '1.13';
}

/**
 * The jobs `initctl list` showed running: `NAME start/running[, process N]` and
 * `NAME (INSTANCE) start/running…` lines; job name → instances ('' for a job without instances).
 */
export function parseInitctlList(text: string): Record<string, string[]> {
  // a Map, then own properties: a job named __proto__ stays a job
  const running = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)(?: \((.*)\))? start\/running(?:, process [0-9]+)?\s*$/.exec(line);
    if (!m) continue;
    const instances = running.get(m[1]!) ?? new Set<string>();
    running.set(m[1]!, instances.add(m[2] ?? ''));
  }
  return Object.fromEntries([...running].map(([name, set]) => [name, [...set]]));
}

/** DISTRIB_ID, DISTRIB_RELEASE and DISTRIB_CODENAME of /etc/lsb-release (quotes removed). */
export function parseLsbRelease(text: string): HostRelease {
  const out: HostRelease = {};
  const keys: Record<string, keyof HostRelease> = {
    DISTRIB_ID: 'id',
    DISTRIB_RELEASE: 'release',
    DISTRIB_CODENAME: 'codename',
  };
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z_]+)=(.*?)\s*$/.exec(line);
    const key = m && keys[m[1]!];
    if (key) out[key] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * Which package owns each path, from `dpkg -S` output (`pkg[:arch][, pkg2]: /path`); the first
 * package of a shared path, without its architecture; diversion lines are left out.
 */
export function parseDpkgSearch(text: string): Record<string, string> {
  const owners = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (/^(diversion by|local diversion)/.test(line)) continue;
    const m = /^([a-z0-9][a-z0-9+.-]*)(?::[a-z0-9-]+)?(?:, [^ ,]+)*: (\/.*)$/.exec(line);
    if (m && !owners.has(m[2]!)) owners.set(m[2]!, m[1]!);
  }
  return Object.fromEntries(owners);
}

/** A list of names or paths, one a line (blank lines and duplicates left out). */
export function parseLines(text: string): string[] {
  return [...new Set(text.split('\n').filter((l) => l.trim() !== ''))];
}

/** What reading the metadata gave: the facts (none when the root holds no metadata) and what was noticed. */
export interface FactsRead {
  host?: HostFacts;
  diagnostics: Diagnostic[];
}

/** Reads one metadata file, or null when it is absent (an unreadable one is reported). */
function readFact(root: string, tree: RootTree, name: string, diags: Diagnostic[]): string | null {
  const r = resolveUnder(root, `${FACTS_DIR}/${name}`, {}, tree);
  if (r.kind === 'missing') return null;
  const at = { file: path.join(root, FACTS_DIR, name) };
  if (r.kind !== 'found' || !r.stats.isFile() || r.stats.size > MAX_FACT_BYTES) {
    const why = r.kind === 'found' ? (r.stats.isFile() ? 'is larger than 16 MiB' : 'is not a file') : 'cannot be read';
    diags.push(diagnostic('input/host-facts-unreadable', at, `${why}; the fact it holds is unknown`));
    return null;
  }
  try {
    return tree.readFileNoFollow(r.local).toString('utf8');
  } catch {
    diags.push(diagnostic('input/host-facts-unreadable', at, 'cannot be read; the fact it holds is unknown'));
    return null;
  }
}

/** Reads the facts `collect` recorded under `root` (in `tree`); none when the root has no metadata folder. */
export function readHostFacts(root: string, tree: RootTree): FactsRead {
  const dir = resolveUnder(root, FACTS_DIR, {}, tree);
  if (dir.kind !== 'found' || !dir.stats.isDirectory()) return { diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const read = (name: string): string | null => readFact(root, tree, name, diagnostics);
  const format = read('format')?.trim();
  if (format !== String(FACTS_FORMAT)) {
    const what = format === undefined ? 'has no format file' : `has format ${JSON.stringify(format)}`;
    diagnostics.push(
      diagnostic(
        'input/host-facts-unreadable',
        { file: path.join(root, FACTS_DIR) },
        `${what}; this version reads format ${FACTS_FORMAT}, and reads what it recognises`,
        'collect again with the collect script of this version (upstart2systemd collect)',
      ),
    );
  }
  const host: HostFacts = {};
  const version = read('init-version');
  if (version !== null) {
    const v = parseInitVersion(version);
    if (v) host.upstartVersion = v;
  }
  const parsers = {
    'lsb-release': (t: string) => (host.release = parseLsbRelease(t)),
    'initctl-list': (t: string) => (host.running = parseInitctlList(t)),
    'dpkg-search': (t: string) => (host.packages = parseDpkgSearch(t)),
    users: (t: string) => (host.users = parseLines(t)),
    groups: (t: string) => (host.groups = parseLines(t)),
    programs: (t: string) => (host.programs = parseLines(t).filter((p) => p.startsWith('/'))),
  };
  for (const [name, parse] of Object.entries(parsers)) {
    const t = read(name);
    if (t !== null) parse(t);
  }
  return { host, diagnostics };
}
