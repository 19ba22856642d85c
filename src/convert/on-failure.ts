/**
 * `start on stopped A RESULT=failed` (and the EXIT_STATUS=/EXIT_SIGNAL= forms) as systemd's
 * OnFailure=: A's unit starts the job's unit when A fails. The leaf handler (event-jobs.ts) marks the
 * job's model; this batch pass writes OnFailure= into A's model, and a gate checks the exit status
 * Upstart matched on, where the target can skip a start (ExecCondition=, systemd 243).
 */
import type { Diagnostic } from '../diagnostics/diagnostic';
import { diagnostic } from '../diagnostics/collector';
import type { Diagnostics } from '../diagnostics/collector';
import type { Activation, Command, ServiceModel } from '../model/service';
import { supports, firstVersion } from '../systemd/target';
import type { EventMatch } from '../upstart/job';
import { classifyArg } from '../upstart/match';
import type { ConvertContext } from './context';
import { serviceFileName } from './to-unit';

/** A `case` pattern the shell reads as the same fnmatch pattern Upstart matched with (no quoting needed). */
const PLAIN_PATTERN = /^[A-Za-z0-9_.+*?[\]!-]*$/;

/** The EXIT_STATUS / EXIT_SIGNAL arguments of a leaf, as shell tests; undefined when one cannot be written. */
function statusTests(leaf: EventMatch): string[] | undefined {
  const tests: string[] = [];
  for (const a of leaf.args.map(classifyArg)) {
    if (a.kind === 'positional' || (a.key !== 'EXIT_STATUS' && a.key !== 'EXIT_SIGNAL')) continue;
    if (!PLAIN_PATTERN.test(a.value) || a.value === '') return undefined;
    // Upstart: a variable the event does not carry never matches, with = or !=
    const [hit, miss] = a.kind === 'named' ? [':', 'exit 1'] : ['exit 1', ':'];
    tests.push(`[ -n "\${${a.key}+x}" ] || exit 1`, `case "$${a.key}" in ${a.value}) ${hit};; *) ${miss};; esac`);
  }
  return tests;
}

/**
 * The shell that reads how the main process of `unit` ended (systemctl show) and exits 1 unless
 * the tests hold: EXIT_STATUS=N for an exit, EXIT_SIGNAL=NAME (kill -l) for a signal.
 */
export function failureGateScript(unit: string, tests: readonly string[]): string {
  return [
    `u2s_code=$(systemctl show -p ExecMainCode '${unit}'); u2s_code=\${u2s_code#*=}`,
    `u2s_st=$(systemctl show -p ExecMainStatus '${unit}'); u2s_st=\${u2s_st#*=}`,
    'case "$u2s_code" in 1) EXIT_STATUS=$u2s_st;; 2|3) EXIT_SIGNAL=$(kill -l "$u2s_st");; *) exit 1;; esac',
    ...tests,
  ].join('\n');
}

/**
 * The exit status or signal a `stopped A …` start condition names, as ExecCondition= (skipped, not
 * failed, on another status) where the target has it; otherwise said to run on every failure.
 */
export function gateOnStatus(
  leaf: EventMatch,
  unit: string,
  svc: ServiceModel,
  ctx: ConvertContext,
  r: Diagnostics,
): void {
  const tests = statusTests(leaf);
  if (tests && tests.length === 0) return;
  const written = leaf.args.filter((a) => /^EXIT_(STATUS|SIGNAL)!?=/.test(a)).join(' ');
  if (!tests || !supports(ctx.target, 'Service', 'ExecCondition')) {
    r.report(
      'convert/on-failure-status',
      leaf.pos,
      `${written}: not checked (${
        tests
          ? `ExecCondition= is systemd ${firstVersion('Service', 'ExecCondition')}+`
          : 'a pattern the shell cannot read alike'
      }): the unit runs whenever ${unit} fails, whatever its exit status or signal`,
      'check $MONITOR_EXIT_STATUS / $MONITOR_EXIT_CODE (systemd 251+) in the script',
    );
    return;
  }
  const gate: Command = {
    argv: ['/bin/sh', '-c', failureGateScript(unit, tests)],
    fullPrivileges: true,
    source: leaf.pos,
  };
  svc.commands.condition.unshift(gate);
  r.report(
    'convert/on-failure-status',
    leaf.pos,
    `${written}: an ExecCondition= reads how the main process of ${unit} ended (systemctl show) and skips the ` +
      'start otherwise; Upstart also matched the status of a failing pre-start or post-start, systemd keeps only the main one',
  );
}

/** A converted job as the pass sees it: what it reads and writes of its model, and where to report. */
export interface FailureLinked {
  service: Pick<ServiceModel, 'unitName' | 'template'> & { activation: Pick<Activation, 'onFailureOf' | 'onFailure'> };
  diagnostics: Diagnostic[];
  file: string;
}

/** Writes OnFailure= into the units whose failure starts another unit of the batch. */
export function linkFailureHandlers(jobs: readonly FailureLinked[]): void {
  const byUnit = new Map(jobs.map((j) => [serviceFileName(j.service), j]));
  for (const waiter of jobs) {
    const self = serviceFileName(waiter.service);
    for (const unit of waiter.service.activation.onFailureOf ?? []) {
      const failing = byUnit.get(unit);
      if (!failing) continue;
      const a = failing.service.activation;
      if ((a.onFailure ??= []).includes(self)) continue;
      a.onFailure.push(self);
      failing.diagnostics.push(
        diagnostic(
          'convert/on-failure',
          { file: failing.file },
          `OnFailure=${self}: ${waiter.service.unitName} started on "stopped" of this job when it failed`,
        ),
      );
    }
  }
}
