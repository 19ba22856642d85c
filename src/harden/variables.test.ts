import { resolveProfiles } from './profile';
import { checkProfileVariables } from './variables';

/** The limits preset, resolved. */
const limits = () => resolveProfiles(['limits']).resolved!;

describe('checking a run’s variables', () => {
  it('names the --var that makes a value wrong for its directive', () => {
    const [d, ...more] = checkProfileVariables(limits(), { tasks_max: 'lots' });
    expect(more).toEqual([]);
    expect(d).toMatchObject({ ruleId: 'harden/invalid-value', line: 21, column: 12 });
    expect(d!.message).toBe(
      'TasksMax: "lots" is not a count, a percentage or infinity (the value of {{tasks_max}}, set by --var tasks_max)',
    );
  });

  it('does not blame --var for a value the profile itself makes wrong', () => {
    const resolved = limits();
    resolved.variables.tasks_max = 'many';
    const [d] = checkProfileVariables(resolved, { nofile: '10' });
    expect(d!.message).toBe('TasksMax: "many" is not a count, a percentage or infinity (the value of {{tasks_max}})');
  });

  it('accepts values the directives take', () => {
    expect(checkProfileVariables(limits(), { tasks_max: '50%', nofile: '1024:4096', memory_max: '512M' })).toEqual([]);
  });
});
