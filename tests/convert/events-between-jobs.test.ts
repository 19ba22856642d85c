/**
 * Events between jobs (issue 17): `start on started A and started B`, `initctl emit` and the event
 * targets, `stopped A RESULT=failed`, and instance names — each mapping as the docs
 * (docs/conversion.md#events-between-jobs) say it is.
 */
import { parseExecLine } from '../../src/systemd/exec-line';
import { convertLoaded } from '../../src/pipeline';
import { targetForSystemd } from '../../src/systemd/target';
import { convert, lines, loaded } from '../helpers/convert';

describe('instance jobs', () => {
  it('hands the job the unescaped instance name (%I), so br-lan started as br\\x2dlan is br-lan', () => {
    const r = convert('instance $IFACE\nexec /sbin/bridge-up $IFACE\n', { name: 'bridge' });
    expect(lines(r.files['bridge@.service']!)).toContain('Environment=IFACE=%I');
    expect(r.service).not.toContain('%i');
  });

  it('gives UPSTART_INSTANCE the unescaped name too', () => {
    const r = convert('instance $A-$B\nexec /bin/w $UPSTART_INSTANCE\n', { name: 'w' });
    expect(lines(r.service)).toContain('Environment=UPSTART_INSTANCE=%I');
  });

  it('writes DefaultInstance= (escaped) when start on gives the instance variable one literal', () => {
    const r = convert('instance $IFACE\nstart on net-device-up IFACE=br-lan\nexec /sbin/bridge-up $IFACE\n', {
      name: 'bridge',
    });
    expect(lines(r.service)).toEqual(
      expect.arrayContaining(['WantedBy=multi-user.target', 'DefaultInstance=br\\x2dlan']),
    );
    expect(r.rules).toContain('convert/template-default-instance');
  });

  it('takes the env default as the instance when no event of start on carries the variable', () => {
    const r = convert('instance $TTY\nenv TTY=tty1\nstart on runlevel [2345]\nexec /sbin/getty $TTY\n', {
      name: 'tty',
    });
    expect(lines(r.service)).toContain('DefaultInstance=tty1');
  });

  it('writes no DefaultInstance= (with a note) when the instance comes from the event; instances enable by name', () => {
    const r = convert('instance $IFACE\nstart on net-device-up IFACE!=lo\nexec /sbin/bridge-up $IFACE\n', {
      name: 'bridge',
    });
    expect(r.service).toContain('[Install]');
    expect(r.service).not.toContain('DefaultInstance');
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/template-no-default-instance');
    expect(d?.hint).toContain('systemctl enable "$(systemd-escape --template bridge@.service VALUE)"');
  });

  it('escapes the instance name a job-control command starts (start worker QUEUE=br-lan)', () => {
    const r = convert('start on runlevel [2345]\nscript\n  start worker QUEUE=br-lan\nend script\n', {
      name: 'boss',
      others: { worker: 'instance $QUEUE\nexec /bin/w $QUEUE\n' },
    });
    expect(r.service).toContain('systemd-escape --');
  });

  it('names the instance a socket event starts escaped, as %I unescapes it', () => {
    const r = convert('instance $SOCKET_PATH\nstart on socket PROTO=unix PATH=/run/a-b.sock\nexec /bin/d\n', {
      name: 'd',
    });
    expect(r.files['d.socket']).toContain('Service=d@-run-a\\x2db.sock.service');
  });
});

describe('start on started A and started B', () => {
  const others = { a: 'exec /bin/a\n', b: 'exec /bin/b\n', t: 'task\nexec /bin/t\n' };

  it('is pulled in by both, ordered after both and requires both to be active (Requisite=)', () => {
    const r = convert('start on started a and started b\nexec /bin/x\n', { name: 'x', others });
    expect(lines(r.service)).toEqual(
      expect.arrayContaining([
        'Requisite=a.service b.service',
        'After=a.service b.service',
        'WantedBy=a.service',
        'WantedBy=b.service',
      ]),
    );
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/event-and-requisite');
    expect(d?.message).toMatch(/stops \(and restarts\) it with any of them/);
    expect(r.rules).not.toContain('convert/event-approximated');
  });

  it('requires all of three', () => {
    const r = convert('start on started a and (started b and started c)\nexec /bin/x\n', {
      name: 'x',
      others: { ...others, c: 'exec /bin/c\n' },
    });
    expect(lines(r.service)).toContain('Requisite=a.service b.service c.service');
  });

  it('requires nothing when an `or` lets one of them start it alone', () => {
    const r = convert('start on (started a and started b) or started c\nexec /bin/x\n', {
      name: 'x',
      others: { ...others, c: 'exec /bin/c\n' },
    });
    expect(r.service).not.toContain('Requisite=');
    expect(r.rules).toContain('convert/event-approximated');
  });

  it('does not require a task, which is inactive again once it ran', () => {
    const r = convert('start on started a and started t\nexec /bin/x\n', { name: 'x', others });
    expect(r.service).not.toContain('Requisite=');
    expect(r.rules).toContain('convert/event-approximated');
  });

  it('keeps a single started event as it was (no Requisite=)', () => {
    const r = convert('start on started a\nexec /bin/x\n', { name: 'x', others });
    expect(r.service).not.toContain('Requisite=');
  });
});

describe('start on stopped A RESULT=failed', () => {
  const batch = (text: string, a = 'exec /bin/a\n', systemd = 252) => {
    const waiter = convert(text, { name: 'x', others: { a }, systemd });
    const failing = convert(a, { name: 'a', others: { x: text }, systemd });
    return { waiter, failing };
  };

  it("starts the job from A's OnFailure= and not at boot", () => {
    const { waiter, failing } = batch('start on stopped a RESULT=failed\ntask\nexec /bin/x\n');
    expect(lines(failing.service)).toContain('OnFailure=x.service');
    expect(failing.rules).toContain('convert/on-failure');
    expect(waiter.service).not.toContain('WantedBy=');
    expect(waiter.service).not.toContain('After=a.service');
    expect(waiter.rules).toEqual(expect.arrayContaining(['convert/on-failure']));
    expect(waiter.rules).not.toContain('convert/not-enabled');
    expect(waiter.rules).not.toContain('convert/event-approximated');
  });

  it('reads RESULT!=ok and a pattern that only "failed" matches as failure only', () => {
    for (const cond of ['RESULT!=ok', 'RESULT=fail*', 'EXIT_SIGNAL=?*', 'PROCESS=main']) {
      const { failing } = batch(`start on stopped a ${cond}\nexec /bin/x\n`);
      expect(lines(failing.service)).toContain('OnFailure=x.service');
    }
  });

  it('keeps stopped A RESULT=ok (and plain stopped A) as before: at boot, after A', () => {
    const { waiter, failing } = batch('start on stopped a RESULT=ok\nexec /bin/x\n');
    expect(failing.service).not.toContain('OnFailure=');
    expect(lines(waiter.service)).toEqual(expect.arrayContaining(['After=a.service', 'WantedBy=multi-user.target']));
  });

  it('checks EXIT_STATUS=N with an ExecCondition= that reads how A ended (systemd 243+)', () => {
    const { waiter } = batch('start on stopped a EXIT_STATUS=4\ntask\nexec /bin/x\n');
    const cond = lines(waiter.service).find((l) => l.startsWith('ExecCondition='));
    const parsed = parseExecLine(cond!.slice('ExecCondition='.length));
    expect(parsed.prefixes).toBe('+');
    expect(parsed.argv.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(parsed.argv[2]).toContain("systemctl show -p ExecMainCode 'a.service'");
    expect(parsed.argv[2]).toContain('case "$EXIT_STATUS" in 4) :;; *) exit 1;; esac');
  });

  it('says EXIT_STATUS is not checked before systemd 243', () => {
    const { waiter } = batch('start on stopped a EXIT_STATUS=4\nexec /bin/x\n', 'exec /bin/a\n', 237);
    expect(waiter.service).not.toContain('ExecCondition=');
    const d = waiter.diagnostics.find((x) => x.ruleId === 'convert/on-failure-status');
    expect(d?.message).toMatch(/not checked .*243/);
  });

  it('tells how to add OnFailure= with a drop-in when A is not converted with it', () => {
    const r = convert('start on stopped elsewhere RESULT=failed\nexec /bin/x\n', { name: 'x' });
    expect(r.service).not.toContain('[Install]');
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/on-failure-outside-batch');
    expect(d?.hint).toContain('/etc/systemd/system/elsewhere.service.d/');
    expect(d?.hint).toContain('OnFailure=x.service');
  });
});

describe('initctl emit and event targets', () => {
  const waiter = 'start on x-ready\nexec /bin/w\n';
  const emitterIn = (where: string): string =>
    `start on runlevel [2345]\nexec /bin/e\n${where} script\n  initctl emit x-ready\nend script\n`;

  it('waits for the jobs the emit starts, as Upstart did (no --no-block unless --no-wait)', () => {
    const r = convert(emitterIn('post-start'), { name: 'e', others: { w: waiter }, systemd: 252 });
    expect(r.service).toContain('x-ready) systemctl $$u2s_nb start w.service;;');
    expect(r.service).toContain('-n|--no-wait) u2s_nb=--no-block');
    expect(r.rules).not.toContain('convert/emit-no-block');
  });

  it('does not wait when the waiting job is ordered after the emitter and the emit runs in its start (deadlock)', () => {
    const ordered = 'start on x-ready or started e\nexec /bin/w\n';
    const r = convert(emitterIn('post-start'), { name: 'e', others: { w: ordered }, systemd: 252 });
    expect(r.service).toContain('x-ready) systemctl --no-block start w.service;;');
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/emit-no-block');
    expect(d?.message).toMatch(/inside the start job of e\.service.*deadlock/);
  });

  it("waits from a service's main process, which runs after its start job, even for a job ordered after it", () => {
    const ordered = 'start on x-ready or started e\nexec /bin/w\n';
    const r = convert('start on runlevel [2345]\nscript\n  initctl emit x-ready\n  exec /bin/e\nend script\n', {
      name: 'e',
      others: { w: ordered },
      systemd: 252,
    });
    expect(r.service).toContain('x-ready) systemctl $$u2s_nb start w.service;;');
  });

  it('writes upstart-event-EVENT.target (systemd-escaped, stopped when unneeded) that the waiting jobs are wanted by', () => {
    const run = convertLoaded([loaded('w', waiter), loaded('v', waiter)], {
      target: targetForSystemd(252),
      score: false,
    });
    const [first, second] = run.jobs.map((j) => Object.fromEntries(j.files.map((f) => [f.name, f.content])));
    const target = first!['upstart-event-x\\x2dready.target'];
    expect(lines(target!)).toEqual(
      expect.arrayContaining(['Description=Upstart event x-ready', 'StopWhenUnneeded=yes']),
    );
    expect(Object.keys(second!)).toEqual(['v.service']);
    for (const files of [first!, second!])
      expect(lines(Object.values(files)[0]!)).toContain('WantedBy=upstart-event-x\\x2dready.target');
    const one = convert(waiter, { name: 'w' });
    expect(one.rules).toContain('convert/event-target');
    const unknown = one.diagnostics.find((d) => d.ruleId === 'convert/event-unknown');
    expect(unknown?.hint).toContain("systemctl start 'upstart-event-x\\x2dready.target'");
  });

  it('writes no target for an instance job named from the event, nor for a manual job', () => {
    const inst = convert('instance $Q\nstart on x-ready\nexec /bin/w $Q\n', { name: 'w' });
    expect(Object.keys(inst.files)).toEqual(['w@.service']);
    const manual = convert('start on x-ready\nmanual\nexec /bin/w\n', { name: 'm' });
    expect(Object.keys(manual.files)).toEqual(['m.service']);
  });

  it('names the target of an event with unusual characters escaped, never clashing with a real target', () => {
    const r = convert('start on network\nexec /bin/w\n', { name: 'w' });
    expect(Object.keys(r.files)).toContain('upstart-event-network.target');
    const odd = convert("start on 'a b/c'\nexec /bin/w\n", { name: 'w' });
    expect(Object.keys(odd.files)).toContain('upstart-event-a\\x20b-c.target');
  });
});

describe('issue 17 mappings next to the rest', () => {
  it('keeps stopped JOB of a job that stands for a boot milestone (mountall) as before', () => {
    const r = convert('start on stopped mountall EXIT_STATUS=4\ntask\nexec /bin/x\n', {
      name: 'x',
      others: { mountall: 'task\nexec /sbin/mountall\n' },
      systemd: 252,
    });
    expect(r.service).not.toContain('ExecCondition=');
    expect(r.rules).not.toContain('convert/on-failure');
  });

  it('still starts a job on started dbus and a custom event at boot (the default native style), and on the event', () => {
    const run = convertLoaded([loaded('x', 'start on started dbus and android\nexec /bin/x\n')], {
      target: targetForSystemd(252),
      score: false,
      style: 'native',
    });
    const service = run.jobs[0]!.files.find((f) => f.name === 'x.service')!.content;
    expect(lines(service)).toEqual(
      expect.arrayContaining(['WantedBy=multi-user.target', 'WantedBy=upstart-event-android.target']),
    );
  });
});

describe('hostile names in the new mappings', () => {
  const hostile = ['a\rb', 'a\nb', 'tail\\', '50%', '$HOME', `it's "q"`, 'x'.repeat(300)];

  it.each(hostile)('writes an event target only under a valid, escaped unit name (%j)', (event) => {
    const quoted = `'${event.replace(/\\/g, '\\\\').replace(/'/g, `'\\''`)}'`;
    const r = convert(`start on ${quoted}\nexec /bin/w\n`, { name: 'w' });
    for (const name of Object.keys(r.files)) expect(name).toMatch(/^[A-Za-z0-9:_.\\@-]+$/);
    for (const text of Object.values(r.files)) expect(text).not.toMatch(/[\r]|^Description=.*\n(?!\[|[A-Z]|$)/m);
  });

  it.each(hostile)('writes DefaultInstance= only as an escaped instance a unit name can hold (%j)', (value) => {
    const r = convert(
      `instance $Q\nenv Q='${value.replace(/\\/g, '\\\\').replace(/'/g, '')}'\nstart on runlevel [2345]\nexec /bin/w\n`,
      {
        name: 'w',
      },
    );
    const line = lines(r.service).find((l) => l.startsWith('DefaultInstance='));
    if (line) expect(line).toMatch(/^DefaultInstance=[A-Za-z0-9:_.\\-]{1,240}$/);
  });
});
