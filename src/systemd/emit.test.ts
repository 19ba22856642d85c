/**
 * The emission check: a unit is rendered and read back before it is emitted; whatever does not
 * read back as the model (an added line, a lost one, a value systemd would read differently, a
 * header line that is no comment, a line the target would split) fails the file with an error.
 */
import { type ScriptSpec, emitScript, emitUnit, readBackScript, readBackUnit } from './emit';
import { commentLines, renderUnit } from './render';
import { targetForSystemd } from './target';
import { UnitBuilder, type UnitFile } from './unit';
import { absolutePath, freeText, raw } from './value';

const where = { file: '/etc/init/x.conf' };

/** A small service unit with the given header. */
function unit(header: string[] = ['Generated']): UnitFile {
  return new UnitBuilder()
    .add('Unit', 'Description', freeText('x'))
    .add('Service', 'ExecStart', { kind: 'exec', argv: ['/bin/sleep', '100'], prefixes: '' })
    .add('Service', 'WorkingDirectory', absolutePath('/srv/app\\'))
    .build('x.service', 'service', header);
}

describe('the emission check', () => {
  it('emits a unit whose text reads back as the model', () => {
    const e = emitUnit(unit(), targetForSystemd(252), where);
    expect(e.diagnostics).toEqual([]);
    expect(e.file!.content).toContain('WorkingDirectory=/srv/app\\ \n');
  });

  it('shows a line break in a header note as an escape, so it stays one comment line', () => {
    const e = emitUnit(
      unit(['Author: x\r[Service]\rExecStartPre=/bin/evil', 'a\nb\u2028c']),
      targetForSystemd(252),
      where,
    );
    expect(e.diagnostics).toEqual([]);
    expect(e.file!.content).toMatch(/^# Author: x\\r\[Service\]\\rExecStartPre=\/bin\/evil\n# a\\nb\\u2028c\n/);
  });

  it('cuts header notes to the line length a target before 235 reads whole', () => {
    const note = 'é'.repeat(1500);
    expect(commentLines(note, 2047).map((l) => Buffer.byteLength(`# ${l}`))).toEqual([2046, 958]);
    const e = emitUnit(unit([note]), targetForSystemd(229), where);
    expect(e.diagnostics).toEqual([]);
    expect(emitUnit(unit([note]), targetForSystemd(252), where).file!.content.split('\n')[0]).toBe(`# ${note}`);
  });

  it('refuses a setting longer than a target before 235 reads as one line', () => {
    const long = new UnitBuilder()
      .add('Service', 'ExecStart', {
        kind: 'exec',
        argv: ['/bin/echo', `${'x'.repeat(2040)}ExecStartPre=/bin/evil`],
        prefixes: '',
      })
      .build('x.service', 'service', []);
    const old = emitUnit(long, targetForSystemd(229), where);
    expect(old.file).toBeUndefined();
    expect(old.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([['target/line-too-long', 'error']]);
    expect(emitUnit(long, targetForSystemd(235), where).diagnostics).toEqual([]);
  });

  it('reports a value that could not be written, at the place it came from, and emits nothing', () => {
    const at = { file: '/etc/init/x.override', line: 3, column: 1, offset: 20 };
    const u = new UnitBuilder()
      .add('Service', 'ExecStart', { kind: 'exec', argv: ['/bin/true'], prefixes: '' })
      .add('Service', 'RootDirectory', raw('/x\nExecStartPre=/bin/evil'))
      .add('Service', 'TTYPath', absolutePath('dev/tty1', '', at))
      .build('x.service', 'service', []);
    const e = emitUnit(u, targetForSystemd(252), where);
    expect(e.file).toBeUndefined();
    expect(e.diagnostics.map((d) => [d.ruleId, d.file, d.line])).toEqual([
      ['output/unwritable-value', '/etc/init/x.conf', 0],
      ['output/unwritable-value', '/etc/init/x.override', 3],
    ]);
  });

  it('finds every way a text can differ from its model when read back', () => {
    const u = unit();
    const text = renderUnit(u);
    expect(readBackUnit(u, text)).toEqual([]);
    expect(readBackUnit(u, text.replace('[Service]\n', '[Service]\nExecStartPre=/bin/evil\n'))).toEqual([
      '[Service] has 3 settings instead of 2',
      'line 7: ExecStartPre= instead of WorkingDirectory=',
      'line 8: WorkingDirectory= instead of ExecStart=',
    ]);
    // without the blank after it, the trailing backslash joins ExecStart= to WorkingDirectory=
    expect(readBackUnit(u, text.replace('/srv/app\\ ', '/srv/app\\'))).toEqual([
      '[Service] has 1 settings instead of 2',
      'line 7: WorkingDirectory= reads back as "/srv/app ExecStart=/bin/sleep 100", not "/srv/app\\\\"',
    ]);
    expect(readBackUnit(u, text.replace('sleep 100', 'sleep "100'))).toEqual([
      'line 8: ExecStart= reads back as "/bin/sleep \\"100", not "/bin/sleep 100"',
    ]);
    expect(readBackUnit(u, 'Injected=1\n' + text)).toContain('a header line is not a comment');
    expect(readBackUnit(u, text.replace('Description=x', 'Description=x\r[Install]'))[0]).toMatch(/carriage return/);
  });

  it('checks that a helper script has comments for a header and the model body', () => {
    const script: ScriptSpec = {
      fileName: 'x-main.sh',
      installPath: '/usr/local/lib/upstart2systemd/x-main.sh',
      header: { process: 'main', job: 'x\nrm -rf /', source: '/etc/init/x\r.conf:1', unit: 'x.service' },
      body: 'echo hi\n',
    };
    const e = emitScript(script, where);
    expect(e.diagnostics).toEqual([]);
    expect(e.file!.content.split('\n').slice(0, 4)).toEqual([
      '#!/bin/sh -e',
      '# x-main.sh: the main of Upstart job x\\nrm -rf /, from /etc/init/x\\r.conf:1.',
      '# Installed by upstart2systemd; run by x.service as /bin/sh -e /usr/local/lib/upstart2systemd/x-main.sh',
      'echo hi',
    ]);
    expect(readBackScript(script, e.file!.content.replace('Upstart job x', 'Upstart job x\nrm -rf /'))).toEqual([
      'a header line is not a plain comment',
      'the body differs from the script',
    ]);
  });
});
