/**
 * The target releases as documentation: the table of docs/targets.md and the README's list, both
 * rendered from TARGETS so the documented choices are the ones `--target` accepts.
 */
import { DEFAULT_TARGET, TARGETS, type Target } from './target';

/** A line limit as a reader thinks of it: 2047, or 1 MiB. */
function lineLimit(chars: number): string {
  const mib = 1024 * 1024;
  return chars % mib === 0 ? `${chars / mib} MiB` : String(chars);
}

/** The target table of docs/targets.md: name, release, systemd, longest unit-file line. */
export function renderTargetTable(targets: readonly Target[] = TARGETS, defaultName = DEFAULT_TARGET): string {
  const rows = targets.map((t) => {
    const name = `\`${t.name}\`${t.name === defaultName ? ' (default)' : ''}`;
    return `| ${name} | ${t.description} | ${t.systemd} | ${lineLimit(t.maxLineLength)} |`;
  });
  return ['| `--target` | Release | systemd | longest unit line |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

/** The README's inline list: `ubuntu-16.04` (systemd 229), `ubuntu-18.04` (237, the default), … */
export function renderTargetList(targets: readonly Target[] = TARGETS, defaultName = DEFAULT_TARGET): string {
  return targets
    .map(
      (t, i) =>
        `\`${t.name}\` (${i === 0 ? 'systemd ' : ''}${t.systemd}${t.name === defaultName ? ', the default' : ''})`,
    )
    .join(', ');
}
