/**
 * Events between jobs (issue 17): `start on started A and started B`, `initctl emit` and the event
 * targets, `stopped A RESULT=failed`, and instance names — each mapping as the docs
 * (docs/conversion.md#events-between-jobs) say it is.
 */
import { convert, lines } from '../helpers/convert';

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

  it('leaves out [Install] (with a note) when the instance comes from the event', () => {
    const r = convert('instance $IFACE\nstart on net-device-up IFACE!=lo\nexec /sbin/bridge-up $IFACE\n', {
      name: 'bridge',
    });
    expect(r.service).not.toContain('[Install]');
    expect(r.service).not.toContain('DefaultInstance');
    const d = r.diagnostics.find((x) => x.ruleId === 'convert/template-not-enabled');
    expect(d?.hint).toContain('systemctl add-wants');
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
