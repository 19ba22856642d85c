/**
 * Printing comparisons with existing units (`convert --diff`, `--check`, `--mode`): the unified
 * diff (coloured on a terminal), the differences by directive with the ones a reviewer must read
 * first on top, and the `existing` part of a job in JSON output.
 */
import { visible } from '../diagnostics/diagnostic';
import * as path from 'node:path';
import { createColors } from 'picocolors';
import { type Comparison, differs } from '../pipeline';

const pc = createColors(true);

/** Colours a unified diff for a terminal. */
export function colorDiff(text: string): string {
  return text
    .split('\n')
    .map((l) =>
      l.startsWith('+++') || l.startsWith('---')
        ? pc.bold(l)
        : l.startsWith('+')
          ? pc.green(l)
          : l.startsWith('-')
            ? pc.red(l)
            : l.startsWith('@@')
              ? pc.cyan(l)
              : l,
    )
    .join('\n');
}

/** The text report of one comparison: unified diff, then the differences by directive. */
export function describeComparison(
  job: { name: string },
  cmp: Comparison,
  color: boolean,
  withUnified: boolean,
): string {
  if (!cmp.existing) {
    return cmp.lookup.unreadable
      ? `${visible(job.name)}: the existing unit cannot be read\n`
      : `${visible(job.name)}: no existing unit (looked for ${cmp.lookedFor.join(', ')})${cmp.lookup.masked ? `; ${cmp.lookup.masked} is masked` : ''}\n`;
  }
  const where = cmp.existing.files.map((f) => path.normalize(f)).join(' + ');
  if (!cmp.changes.length)
    return (
      `${visible(job.name)}: same as ${where}` +
      `${cmp.mode === 'dropin' ? (cmp.dropin ? ' once the drop-in is in place' : ' (nothing to add)') : ''}\n` +
      leftOutLine(cmp)
    );
  let out = withUnified && cmp.unified ? (color ? colorDiff(cmp.unified) : cmp.unified) : '';
  const first = cmp.changes.filter((c) => c.category !== 'other' && c.category !== 'environment');
  const readFirst = [...new Set(first.map((c) => c.category))].join(', ');
  out +=
    `${visible(job.name)}: ${cmp.changes.length} difference${cmp.changes.length === 1 ? '' : 's'} from ${where}` +
    `${first.length ? ` — read first: ${readFirst}` : ''}\n`;
  for (const c of cmp.changes) {
    const mark = { added: '+', removed: '-', changed: '~' }[c.kind];
    const line = `  ${mark} [${c.section}] ${c.key} (${c.category}): ${c.message}`;
    out += (color ? (c.category === 'other' ? line : pc.bold(line)) : line) + '\n';
  }
  return out + leftOutLine(cmp);
}

/** In drop-in mode, the line saying which differences from the job the drop-in leaves as they are ('' when none). */
function leftOutLine(cmp: Comparison): string {
  const left = cmp.leftOut ?? [];
  if (!left.length) return '';
  const keys = [...new Set(left.map((c) => `${c.key}=`))].join(', ');
  const n = left.length;
  const what = `${n} difference${n === 1 ? '' : 's'} from the job`;
  return `  and ${what} the drop-in leaves as is: ${keys} [diff/dropin-leaves-out]\n`;
}

/** The `existing` part of a job in JSON output. */
export function existingJson(cmp: Comparison): object {
  return {
    unit: cmp.existing
      ? { name: cmp.existing.name, files: cmp.existing.files, matchedBy: cmp.existing.matchedBy }
      : null,
    lookedFor: cmp.lookedFor,
    mode: cmp.mode,
    differs: differs(cmp),
    changes: cmp.changes,
    ...(cmp.leftOut ? { leftOut: cmp.leftOut } : {}),
    unified: cmp.unified,
  };
}
