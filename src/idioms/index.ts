/**
 * The idiom pass: between conversion and hardening, it lifts shell and event idioms out of a
 * service's scripts into native settings (`exec su -c 'exec B' U` → User=U + ExecStart=B,
 * `[ -x B ] || exit 0` → ConditionFileIsExecutable=B…), only where the lifted form provably behaves
 * as the script did; anything it cannot prove stays as the converter wrote it, with a note naming the
 * idiom and why. `--style faithful` skips the pass (the converter's output, byte for byte).
 * docs/idioms.md lists every lift with its rule id and a before/after example.
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { ServiceModel } from '../model/service';
import type { Target } from '../systemd/target';
import { liftBootDaemonEvents } from './events';

/** `native`: idioms lifted into directives (the command line's default); `faithful`: the scripts kept as written. */
export type Style = 'native' | 'faithful';

/** The styles, for option choices and docs. */
export const STYLES: readonly Style[] = ['native', 'faithful'];

/** The host's files as the converter reads them (--root): what a script sources (`. /etc/default/X`). */
export interface HostFiles {
  /** The text of a file on the host (path as the host sees it), or null when absent or unreadable. */
  readText(hostPath: string): string | null;
  /** Whether a root was given at all (without one, host files are unknown rather than absent). */
  known: boolean;
}

/** What the pass may consult besides the service: the target and the host's files. */
export interface IdiomContext {
  target: Target;
  host: HostFiles;
}

/** Lifts the service's idioms in place (native style) and returns what it did and left, as diagnostics. */
export function liftIdioms(service: ServiceModel, ctx: IdiomContext): Diagnostic[] {
  void ctx;
  return [...liftBootDaemonEvents(service)];
}
