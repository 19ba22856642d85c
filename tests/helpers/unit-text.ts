/**
 * A minimal reader of the units we generate (one key per line, no continuations), for assertions
 * on sections and keys.
 */
export interface TextSection {
  name: string;
  entries: Array<{ key: string; value: string }>;
}

/** Splits a generated unit into sections and key=value entries. */
export function parseUnitText(text: string): TextSection[] {
  const sections: TextSection[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) sections.push({ name: head[1]!, entries: [] });
    else {
      const eq = line.indexOf('=');
      sections[sections.length - 1]!.entries.push({ key: line.slice(0, eq), value: line.slice(eq + 1) });
    }
  }
  return sections;
}
