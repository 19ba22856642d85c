/**
 * A deliberately small reader of POSIX shell words: literal text, single and double quotes,
 * `$VAR` and `${VAR}`. Anything else (command substitution, globs, `~`, escapes, operators)
 * makes it give up, so a script is only rewritten when the rewrite is exactly equivalent.
 */

/** A piece of a shell word. */
export type WordPart = { lit: string } | { variable: string; quoted: boolean };

/** One shell word: its pieces in order. */
export type ShellWord = WordPart[];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits one line of shell into words, or returns null when it uses anything beyond the subset. */
export function shellWords(line: string): ShellWord[] | null {
  const words: ShellWord[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    const word: ShellWord = [];
    while (i < n && line[i] !== ' ' && line[i] !== '\t') {
      const ch = line[i]!;
      if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) return null;
        word.push({ lit: line.slice(i + 1, end) });
        i = end + 1;
      } else if (ch === '"') {
        i++;
        while (i < n && line[i] !== '"') {
          if (line[i] === '$') {
            const v = variableAt(line, i);
            if (!v) return null;
            word.push({ variable: v.name, quoted: true });
            i = v.end;
          } else if ('`\\'.includes(line[i]!)) {
            return null;
          } else {
            word.push({ lit: line[i]! });
            i++;
          }
        }
        if (i >= n) return null;
        i++;
      } else if (ch === '$') {
        const v = variableAt(line, i);
        if (!v) return null;
        word.push({ variable: v.name, quoted: false });
        i = v.end;
      } else if ('`\\|&;<>()*?[]{}~#!'.includes(ch) || (ch === '=' && word.length === 0)) {
        return null;
      } else {
        word.push({ lit: ch });
        i++;
      }
    }
    words.push(merge(word));
  }
  return words;
}

/** Reads `$NAME` or `${NAME}` at position i; null for anything fancier (`$1`, `${X:-y}`, `$(…)`). */
function variableAt(s: string, i: number): { name: string; end: number } | null {
  if (s[i + 1] === '{') {
    const close = s.indexOf('}', i + 2);
    if (close < 0) return null;
    const name = s.slice(i + 2, close);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? { name, end: close + 1 } : null;
  }
  const m = NAME.exec(s.slice(i + 1));
  return m ? { name: m[0], end: i + 1 + m[0].length } : null;
}

/** Joins adjacent literal pieces. */
function merge(word: ShellWord): ShellWord {
  const out: ShellWord = [];
  for (const p of word) {
    const last = out[out.length - 1];
    if ('lit' in p && last && 'lit' in last) last.lit += p.lit;
    else out.push({ ...p });
  }
  return out;
}
