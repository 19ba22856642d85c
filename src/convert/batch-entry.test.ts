/**
 * What the batch keeps of a job (batch-entry.ts) is the job's own start on / stop on, instance,
 * emits and emitted events, copied: equal to what the parsed job holds, at any depth.
 */
import { parseJob } from '../upstart/parser';
import { BatchStrings, batchEntry } from './batch-entry';
import { eventEntry } from './event-batch';

/** A parsed job (the test's text always parses). */
function job(text: string, name = 'x') {
  const parsed = parseJob(text, { file: `/etc/init/${name}.conf`, name, upstartVersion: '1.13' });
  if (!parsed.job) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.job;
}

describe("a job's entry in the batch", () => {
  it('holds what the parsed job holds of it', () => {
    const j = job(
      'instance $IFACE\nstart on (started a or net-device-up IFACE!=lo) and filesystem\nstop on runlevel [!2345]\n' +
        'emits custom-ready\ntask\nexpect fork\nmanual\npost-start exec initctl emit --no-wait other-ready\n',
    );
    const e = batchEntry(j, new BatchStrings());
    expect(e).toEqual({
      ...eventEntry(j),
      name: j.name,
      instance: j.instance,
      task: j.task,
      manual: j.manual,
      expect: j.expect,
      start_on: j.start_on,
      stop_on: j.stop_on,
    });
    expect(e.scripted).toEqual(['other-ready']);
    expect(e.emits).toEqual(['custom-ready']);
  });

  it('copies a start on 100,000 events deep without running out of stack', () => {
    const deep = job(`start on ${Array.from({ length: 100000 }, (_, i) => `e${i}`).join(' or ')}\nexec /bin/x\n`);
    const e = batchEntry(deep, new BatchStrings());
    let depth = 0;
    for (let x = e.start_on!.value; x.type !== 'event'; x = x.left) depth++;
    expect(depth).toBe(99999);
    expect(e.start_on!.value).not.toBe(deep.start_on!.value);
  });
});
