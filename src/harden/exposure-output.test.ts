/**
 * Reading systemd-analyze security's output: scores by the unit name printed (in any order, only
 * from complete lines), the stderr lines that say why a unit was refused (without the temporary
 * folder), and the reason a unit has no score.
 */
import fc from 'fast-check';
import { complaintsByUnit, mentions, parseScores, reportedName, whyUnscored } from './exposure-output';

/** The block systemd 252 prints for one unit: a table, then the overall line. */
function block(name: string, score: string, arrow = '→'): string {
  return (
    '  NAME                           DESCRIPTION                                     EXPOSURE\n' +
    "✗ RootDirectory=/RootImage=     Service runs within the host's root directory        0.1\n" +
    '✓ NotifyAccess=                 Service child processes cannot alter service state\n' +
    '\n' +
    `${arrow} Overall exposure level for ${name}: ${score} UNSAFE 😨\n`
  );
}

describe('parseScores', () => {
  it('reads each score by the unit name printed, whatever the order of the units', () => {
    const out = block('job10.service', '9.6') + block('job1.service', '2.1') + block('a@i.service', '5.0');
    expect(parseScores(out)).toEqual(
      new Map([
        ['job10.service', 9.6],
        ['job1.service', 2.1],
        ['a@i.service', 5.0],
      ]),
    );
  });

  it('reads the plain arrow systemd prints outside a UTF-8 locale', () => {
    expect(parseScores(block('x.service', '4.2', '->'))).toEqual(new Map([['x.service', 4.2]]));
  });

  it('keeps a unit name that holds ": " whole', () => {
    expect(parseScores(block('a: b.service', '3.3'))).toEqual(new Map([['a: b.service', 3.3]]));
  });

  it('does not read a last line cut short, even where the number already looks whole', () => {
    const out = block('a.service', '1.0') + block('b.service', '9.6').slice(0, -'6 UNSAFE 😨\n'.length);
    expect(parseScores(out)).toEqual(new Map([['a.service', 1.0]]));
    expect(parseScores(block('c.service', '7.5').slice(0, -1))).toEqual(new Map());
  });

  it('reads nothing from output cut inside a table, or from empty output', () => {
    expect(parseScores(block('a.service', '1.0').slice(0, 120))).toEqual(new Map());
    expect(parseScores('')).toEqual(new Map());
  });

  it('reads back any set of unit names and scores in any order, and never throws', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9:_.@\\-]{1,40}\.service$/);
    const score = fc.integer({ min: 0, max: 100 }).map((n) => (n / 10).toFixed(1));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, score), { selector: ([n]) => n, maxLength: 20 }), (units) => {
        const out = units.map(([n, s]) => block(n, s)).join('');
        expect(parseScores(out)).toEqual(new Map(units.map(([n, s]) => [n, Number(s)])));
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void parseScores(text)));
  });
});

describe('reportedName', () => {
  it('names a template file as its instance "i", as systemd-analyze reports it', () => {
    expect(reportedName('a@.service')).toBe('a@i.service');
    expect(reportedName('a@b.service')).toBe('a@b.service');
    expect(reportedName('a.service')).toBe('a.service');
  });
});

describe('mentions', () => {
  it('finds a unit named at the start, after a blank or at the end of a path', () => {
    expect(mentions('job1.service: Service has no ExecStart=. Refusing.', 'job1.service')).toBe(true);
    expect(mentions('Unit job1.service has a bad unit file setting.', 'job1.service')).toBe(true);
    expect(mentions('Failed to prepare filename /f/job1.service: Invalid argument', 'job1.service')).toBe(true);
    expect(mentions('Unit job1.service.', 'job1.service')).toBe(true);
  });

  it('does not take one unit for another whose name contains it', () => {
    expect(mentions('job10.service: Refusing.', 'job1.service')).toBe(false);
    expect(mentions('Unit xjob1.service not found.', 'job1.service')).toBe(false);
    expect(mentions('Unit job1.service.d is odd', 'job1.service')).toBe(false);
  });
});

describe('complaintsByUnit', () => {
  const folder = '/tmp/u2s-security-AbC123/c0';

  it("keeps each unit's last lines, without the temporary folder", () => {
    const stderr =
      `${folder}/bad.service:1: Assignment outside of section. Ignoring.\n` +
      `${folder}/bad.service:2: Invalid section header '[Service'\n` +
      'Unit bad.service failed to load properly, please adjust/correct and reload service manager: Bad message\n' +
      'noexec.service: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.\n' +
      'Unit noexec.service has a bad unit file setting.\n';
    const found = complaintsByUnit(stderr, folder, ['bad.service', 'noexec.service', 'good.service']);
    expect(found).toEqual(
      new Map([
        [
          'bad.service',
          [
            'bad.service:1: Assignment outside of section. Ignoring.',
            "bad.service:2: Invalid section header '[Service'",
            'Unit bad.service failed to load properly, please adjust/correct and reload service manager: Bad message',
          ],
        ],
        [
          'noexec.service',
          [
            'noexec.service: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.',
            'Unit noexec.service has a bad unit file setting.',
          ],
        ],
      ]),
    );
    expect(JSON.stringify([...found])).not.toContain('u2s-security');
  });

  it('finds a template by the instance name the analyser gives it', () => {
    const stderr = 'tp@i.service: Service has no ExecStart=. Refusing.\n';
    expect(complaintsByUnit(stderr, folder, ['tp@.service']).get('tp@.service')).toEqual([
      'tp@i.service: Service has no ExecStart=. Refusing.',
    ]);
  });

  it('shows the folder itself, named without a slash, as "(temporary folder)", and cuts very long lines', () => {
    const stderr = `Failed to open ${folder} for a.service: Permission denied\na.service: ${'x'.repeat(5000)}\n`;
    const lines = complaintsByUnit(stderr, folder, ['a.service'])!.get('a.service')!;
    expect(lines[0]).toBe('Failed to open (temporary folder) for a.service: Permission denied');
    expect(lines[1]!.length).toBeLessThanOrEqual(241);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });
});

describe('whyUnscored', () => {
  const exited = { status: 1, signal: null };

  it("quotes the analyser's own words for a unit it refused", () => {
    expect(whyUnscored(exited, ['a.service: Refusing.', 'Unit a.service has a bad unit file setting.'])).toBe(
      'systemd-analyze refused it: a.service: Refusing. — Unit a.service has a bad unit file setting.',
    );
  });

  it('says when the analyser could not start, was stopped or ended, or printed no score', () => {
    expect(whyUnscored({ status: null, signal: null, startError: 'ENOENT' }, undefined)).toBe(
      'systemd-analyze could not be started (ENOENT)',
    );
    expect(whyUnscored({ status: null, signal: 'SIGKILL', timedOutAfter: 92_000 }, undefined)).toBe(
      'systemd-analyze was stopped after 92 s without scoring it',
    );
    expect(whyUnscored({ status: null, signal: 'SIGKILL', timedOutAfter: 500 }, undefined)).toBe(
      'systemd-analyze was stopped after 0.5 s without scoring it',
    );
    expect(whyUnscored({ status: null, signal: 'SIGSEGV' }, undefined)).toBe(
      'systemd-analyze was ended by SIGSEGV before scoring it',
    );
    expect(whyUnscored(exited, undefined)).toBe('systemd-analyze printed no score for it (exit status 1)');
  });
});
