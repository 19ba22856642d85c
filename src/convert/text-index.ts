/**
 * Finding many strings in many texts at once, in time linear in the texts: which /run directories
 * and /tmp paths of a batch each job's text mentions, where each path of a long line first
 * occurs. A regular expression or an `indexOf` per pair (string, text) made these O(n²).
 */

/**
 * A set of words as a trie (edges in one map keyed by node and character code), with Aho–Corasick
 * failure links built on first use, so a text is scanned once for all of them.
 */
export class WordIndex {
  private readonly edges = new Map<number, number>();
  /** The word ending at each node, -1 for none. */
  private readonly word: number[] = [-1];
  private fail: number[] | null = null;
  /** The nearest node on the failure chain (itself excluded) where a word ends, -1 for none. */
  private dict: number[] = [];

  constructor(readonly words: readonly string[]) {
    words.forEach((w, id) => {
      if (w === '') return; // found everywhere: callers handle it
      let node = 0;
      for (let i = 0; i < w.length; i++) node = this.child(node, w.charCodeAt(i), true);
      if (this.word[node]! < 0) this.word[node] = id;
    });
  }

  /** The node reached from `node` by a character; with `make`, created when missing (else -1). */
  private child(node: number, code: number, make = false): number {
    const key = node * 0x10000 + code;
    const next = this.edges.get(key);
    if (next !== undefined) return next;
    if (!make) return -1;
    this.word.push(-1);
    this.edges.set(key, this.word.length - 1);
    return this.word.length - 1;
  }

  /**
   * Calls `visit(id, from, end)` for each word that starts at `from` in `text` (shortest first),
   * walking the trie along the text: O(length of the longest word matched there).
   */
  startingAt(text: string, from: number, visit: (id: number, end: number) => void): void {
    let node = 0;
    for (let i = from; i < text.length; i++) {
      node = this.child(node, text.charCodeAt(i));
      if (node < 0) return;
      if (this.word[node]! >= 0) visit(this.word[node]!, i + 1);
    }
  }

  /**
   * Calls `visit(id, end)` once for each word occurring in `text`, at its first occurrence, in order
   * of where those end: O(text + words found).
   */
  firstOccurrences(text: string, visit: (id: number, end: number) => void): void {
    const fail = this.failureLinks();
    const seen = new Set<number>();
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.child(node, code);
      while (next < 0 && node > 0) {
        node = fail[node]!;
        next = this.child(node, code);
      }
      node = next < 0 ? 0 : next;
      // every word ending here: this node's, then those down the dictionary links; a node seen in
      // this text had all of its chain reported already
      for (let n = this.word[node]! >= 0 ? node : this.dict[node]!; n >= 0 && !seen.has(n); n = this.dict[n]!) {
        seen.add(n);
        visit(this.word[n]!, i + 1);
      }
    }
  }

  /** The failure and dictionary links, built breadth-first over the trie once. */
  private failureLinks(): number[] {
    if (this.fail) return this.fail;
    const n = this.word.length;
    const fail = new Array<number>(n).fill(0);
    const dict = new Array<number>(n).fill(-1);
    const children: number[][] = Array.from({ length: n }, () => []);
    for (const [key, child] of this.edges) children[Math.floor(key / 0x10000)]!.push(key % 0x10000, child);
    const queue: number[] = [];
    for (let k = 0; k < children[0]!.length; k += 2) queue.push(children[0]![k + 1]!);
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      const edges = children[node]!;
      for (let k = 0; k < edges.length; k += 2) {
        const [code, child] = [edges[k]!, edges[k + 1]!];
        let f = fail[node]!;
        while (f > 0 && this.child(f, code) < 0) f = fail[f]!;
        const via = this.child(f, code);
        fail[child] = via >= 0 && via !== child ? via : 0;
        dict[child] = this.word[fail[child]!]! >= 0 ? fail[child]! : dict[fail[child]!]!;
        queue.push(child);
      }
    }
    this.dict = dict;
    this.fail = fail;
    return fail;
  }
}

/** Where each of `needles` first occurs in `text` (text.indexOf for each, found in one scan when there are many). */
export function firstIndexes(text: string, needles: readonly string[]): Map<string, number> {
  const distinct = [...new Set(needles)];
  const out = new Map<string, number>();
  if (distinct.length <= 16) {
    for (const s of distinct) out.set(s, text.indexOf(s));
    return out;
  }
  const index = new WordIndex(distinct);
  index.firstOccurrences(text, (id, end) => out.set(distinct[id]!, end - distinct[id]!.length));
  for (const s of distinct) if (!out.has(s)) out.set(s, s === '' ? 0 : -1);
  return out;
}
