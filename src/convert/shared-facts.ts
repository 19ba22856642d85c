/**
 * Facts a job shares with the rest of its batch: the /run directories and /tmp paths its processes
 * or env have in common with other jobs (which decide RuntimeDirectory= and PrivateTmp=). Each
 * job's text is scanned once for every directory and path of the batch (text-index.ts), so a batch
 * costs O(its text + what is shared), not a regular expression per pair of jobs.
 */
import type { PathUse, ServiceFacts } from '../model/facts';
import { WordIndex } from './text-index';

/** What the pass reads and writes of a service: its facts' texts, directories and /tmp paths, and what it shares. */
export type SharingFacts = Pick<
  ServiceFacts,
  'job' | 'text' | 'env' | 'runtimeDirs' | 'sharedRuntimeWith' | 'sharesTmpWith'
> & { tmp: ReadonlyArray<Pick<PathUse, 'path'>> };

/** What `\b` counts as a word character. */
function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /\w/.test(ch);
}

/** The runtime directories (of `dirs`) a text names as `/run/DIR` or `/var/run/DIR`, followed by `/` or a word boundary. */
function runDirsIn(text: string, index: WordIndex): Set<number> {
  const found = new Set<number>();
  for (let i = text.indexOf('/run/'); i >= 0; i = text.indexOf('/run/', i + 1)) {
    index.startingAt(text, i + 5, (id, end) => {
      if (text[end] === '/' || isWordChar(text[end - 1]) !== isWordChar(text[end])) found.add(id);
    });
  }
  return found;
}

/** For each string, the positions (in `texts`) of the texts it was found in, in order. */
function usersOf(texts: readonly string[], find: (text: string) => Iterable<number>, count: number): number[][] {
  const users: number[][] = Array.from({ length: count }, () => []);
  texts.forEach((text, t) => {
    for (const id of find(text)) users[id]!.push(t);
  });
  return users;
}

/**
 * Batch facts: for each service, the other jobs of the batch whose processes or env use the same
 * /run directories or /tmp paths (a job's name appears once, for its last service).
 */
export function shareFacts(services: ReadonlyArray<{ facts: SharingFacts }>): void {
  const byJob = new Map<string, SharingFacts>();
  for (const s of services) byJob.set(s.facts.job, s.facts);
  const names = [...byJob.keys()];
  const texts = [...byJob.values()].map((f) => f.text + f.env.join('\n'));
  const dirs = [...new Set(services.flatMap((s) => s.facts.runtimeDirs))];
  const dirIndex = new WordIndex(dirs);
  const dirUsers = usersOf(texts, (text) => runDirsIn(text, dirIndex), dirs.length);
  const dirId = new Map(dirs.map((d, i) => [d, i]));
  const tmpPaths = [
    ...new Set(services.flatMap((s) => s.facts.tmp.map((t) => t.path)).filter((p) => p !== '/tmp' && p !== '/var/tmp')),
  ];
  const tmpIndex = new WordIndex(tmpPaths);
  const tmpUsers = usersOf(
    texts,
    (text) => {
      const found: number[] = [];
      tmpIndex.firstOccurrences(text, (id) => found.push(id));
      return found;
    },
    tmpPaths.length,
  );
  const tmpId = new Map(tmpPaths.map((p, i) => [p, i]));
  for (const { facts: a } of services) {
    for (const d of a.runtimeDirs) {
      for (const t of dirUsers[dirId.get(d)!]!) if (names[t] !== a.job) (a.sharedRuntimeWith[d] ??= []).push(names[t]!);
    }
    const sharers = new Set<number>();
    for (const { path } of a.tmp) for (const t of tmpUsers[tmpId.get(path) ?? -1] ?? []) sharers.add(t);
    for (const t of [...sharers].sort((x, y) => x - y)) if (names[t] !== a.job) a.sharesTmpWith.push(names[t]!);
  }
}
