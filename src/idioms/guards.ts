/**
 * `[ -x B ] || exit 0` (also `test`, `-e`, `-f`, `-d`, `!`) at the head of the main script: the job
 * ends cleanly before its program runs. A failing Condition…= does the same for systemd — the unit
 * stays inactive ("condition failed"), not failed — provided the clean exit ended the job in the
 * faithful unit too: no restart on exit 0 (Restart=always would loop until the start limit and fail),
 * no forking expectation, no other process of the job that the skipped start would no longer run,
 * and a root shell (PID 1 checks the condition as root). docs/idioms.md#conditions.
 */
import { supports } from '../systemd/target';
import { freeText } from '../systemd/value';
import type { LeadingRecogniser, ScriptState, Step } from './reduce';
import {
  commandName,
  effectsSoFar,
  fold,
  keep,
  normalPath,
  one,
  othersProblem,
  plainCommand,
  scriptIsRoot,
  unwritable,
} from './setup-common';
import { type Node, literal } from './shell';

/** The Condition…= for each `test` operator (docs/idioms.md#conditions for what `-f` and `-x` leave out). */
const CONDITIONS: Record<string, string> = {
  '-x': 'ConditionFileIsExecutable',
  '-e': 'ConditionPathExists',
  '-f': 'ConditionPathExists',
  '-d': 'ConditionPathIsDirectory',
};

/** The idiom's name for notes. */
const IDIOM = 'a guard ("[ -x B ] || exit 0")';

/** Whether a node is `exit 0` or `{ exit 0; }`. */
function isExitZero(node: Node): boolean {
  if (node.kind === 'group') return node.redirects.length === 0 && node.body.length === 1 && isExitZero(node.body[0]!);
  const c = plainCommand(node);
  return !!c && c.words.length === 2 && commandName(c) === 'exit' && c.words[1]!.source === '0';
}

/** A `[ … ]` or `test …` command's operands (brackets dropped), or null when it is neither. */
function testOperands(fields: string[]): string[] | null {
  if (fields[0] === 'test') return fields.slice(1);
  if (fields[0] === '[' && fields[fields.length - 1] === ']') return fields.slice(1, -1);
  return null;
}

/** Why a clean exit of the main script does not simply end the job, as a skipped start would. */
function endingProblem(state: ScriptState): string | undefined {
  const svc = state.service;
  const rs = svc.restart;
  if (svc.lifecycle.kind === 'forking')
    return 'the job expects a fork: a script that exits without forking never completed its start';
  if (svc.lifecycle.kind === 'oneshot' && svc.lifecycle.remainActive)
    return 'the job stays active after its task (RemainAfterExit=yes); a skipped start leaves it inactive';
  const zero = (l: typeof rs.force): boolean => l.some((e) => 'status' in e && e.status === 0);
  if ((rs.when === 'always' && !zero(rs.prevent)) || zero(rs.force))
    return 'the job respawns after exit 0 (until the start limit fails it); a skipped start does not';
  if (!scriptIsRoot(svc)) return `the script tests as ${svc.identity.user}; systemd checks conditions as root`;
  const others = othersProblem(svc, 'a skipped start');
  if (others) return others.replace('would apply to', 'would also skip');
  const before = effectsSoFar(state);
  if (before.length) return `the script did ${before.join(', ')} before the test; a skipped start would not`;
  return undefined;
}

/** `[ OP PATH ] || exit 0` → Condition…=PATH (with `!` for `[ ! OP PATH ]`). */
export const guardCondition: LeadingRecogniser = {
  name: 'guard',
  match(commands, state): Step {
    const node = commands[0]!;
    if (node.kind !== 'or' || !isExitZero(node.right)) return null;
    const test = plainCommand(node.left);
    const name = test ? commandName(test) : null;
    if (!test || (name !== '[' && name !== 'test')) return null;
    const shape = test.words.slice(1, 3).map((w) => literal(w));
    if (!shape.some((w) => w !== null && w in CONDITIONS)) return null;
    const folded = fold(test, state, IDIOM);
    if ('kept' in folded) return folded;
    const ops = testOperands(folded.fields);
    if (!ops) return null;
    const negated = ops.length === 3 && ops[0] === '!';
    const [op, path] = negated ? ops.slice(1) : ops;
    const key = op === undefined ? undefined : CONDITIONS[op];
    if (!key || path === undefined || ops.length !== (negated ? 3 : 2))
      return keep(IDIOM, node.line, 'not a file test');
    const abs = normalPath(path);
    if (abs === null) return keep(IDIOM, node.line, `"${path}" is not an absolute path`);
    const why = endingProblem(state) ?? unwritable(freeText(abs), key);
    if (why) return keep(IDIOM, node.line, why);
    if (!supports(state.ctx.target, 'Unit', key))
      return keep(IDIOM, node.line, `systemd ${state.ctx.target.systemd} has no ${key}=`);
    const value = (negated ? '!' : '') + abs;
    return one({
      rule: 'idiom/condition',
      line: node.line,
      message:
        `main: the guard "${name} ${ops.join(' ')}${name === '[' ? ' ]' : ''} || exit 0" ` +
        `(script line ${node.line}) lifted: ${key}=${value}`,
      apply: (svc) => svc.activation.conditions.push([key, value]),
    });
  },
};
