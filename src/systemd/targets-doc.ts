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

/** A target's code names, as a reader types them: `bionic`. */
const aliases = (t: Target): string => t.aliases.map((a) => `\`${a}\``).join(', ');

/** The target table of docs/targets.md: name, code name, release, systemd, longest unit-file line. */
export function renderTargetTable(targets: readonly Target[] = TARGETS, defaultName = DEFAULT_TARGET): string {
  const rows = targets.map((t) => {
    const name = `\`${t.name}\`${t.name === defaultName ? ' (default)' : ''}`;
    return `| ${name} | ${aliases(t)} | ${t.description} | ${t.systemd} | ${lineLimit(t.maxLineLength)} |`;
  });
  const head = ['| `--target` | or | Release | systemd | longest unit line |', '|---|---|---|---|---|'];
  return [...head, ...rows].join('\n') + '\n';
}

/** The README's inline list: `ubuntu-16.04` or `xenial` (systemd 229), `ubuntu-18.04` or `bionic` (237, the default), … */
export function renderTargetList(targets: readonly Target[] = TARGETS, defaultName = DEFAULT_TARGET): string {
  return targets
    .map(
      (t, i) =>
        `\`${t.name}\`${t.aliases.length ? ` or ${aliases(t)}` : ''} ` +
        `(${i === 0 ? 'systemd ' : ''}${t.systemd}${t.name === defaultName ? ', the default' : ''})`,
    )
    .join(', ');
}
