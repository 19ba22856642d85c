/**
 * Issue 11: a unit runs as root on every host it is installed on, so no job, file name, profile
 * or variable may add a line to a unit, and nothing systemd refuses or misreads is reported as
 * converted. Each reproducer of the issue gives a diagnostic or a correct unit — never an
 * injected line, never `internal/error` for bad input, never "converted" with a unit systemd
 * refuses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseUnitFile } from '../../src/systemd/unit-parser';
import { runCli, tempDir } from '../helpers/cli';
import { convertLoaded } from '../../src/pipeline';
import { targetForSystemd } from '../../src/systemd/target';
import { type Converted, convert, loaded } from '../helpers/convert';

const tmp = tempDir('u2s-sec-');

/** The directive keys of a unit as systemd reads it (section.key), with what its reader complained about. */
function readKeys(text: string, name = 'x.service'): { keys: string[]; problems: string[] } {
  const parsed = parseUnitFile(text, name);
  return {
    keys: parsed.sections.flatMap((s) => s.entries.map((e) => `${s.name}.${e.key}`)),
    problems: parsed.diagnostics.map((d) => d.message),
  };
}

/** Every line of a unit is empty, a comment, a section header or a directive, and none holds a CR. */
function wellFormed(text: string): boolean {
  return !/[\r\0]/.test(text) && text.split('\n').every((l) => /^(|#.*|\[[A-Za-z]+\]|[A-Za-z]+=.*)$/s.test(l));
}

/** The rules a conversion reported. */
const rules = (c: Converted): string[] => c.rules;

/** No job input may be blamed on the tool, or slip past the emission check. */
function noToolFault(c: Converted): void {
  expect(rules(c)).not.toContain('internal/error');
  expect(rules(c)).not.toContain('internal/read-back-mismatch');
  for (const [name, text] of Object.entries(c.files)) {
    if (name.endsWith('.sh')) continue;
    expect({ name, wellFormed: wellFormed(text), problems: readKeys(text, name).problems }).toEqual({
      name,
      wellFormed: true,
      problems: [],
    });
  }
}

describe('a CR or LF in free text (author, version, usage, emits, description)', () => {
  it('stays inside its header comment (the reproducer of the issue, through the command line)', async () => {
    const conf = tmp.write(
      'R/etc/init/demo.conf',
      'author "x\r[Service]\rExecStartPre=/bin/evil"\nexec /bin/sleep 100\n',
    );
    const root = path.dirname(path.dirname(path.dirname(conf)));
    const out = path.join(tmp.path, 'O');
    const r = await runCli(['convert', '--root', root, '--out', out, '--layout', 'flat']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[convert/control-characters]');
    const unit = fs.readFileSync(path.join(out, 'demo.service'), 'utf8');
    expect(unit).toContain('# Author: x\\r[Service]\\rExecStartPre=/bin/evil\n');
    expect(readKeys(unit).keys).not.toContain('Service.ExecStartPre');
    expect(wellFormed(unit)).toBe(true);
  });

  it.each(['version', 'usage', 'emits', 'description'])('is shown as an escape for %s', (stanza) => {
    // (Upstart itself reads a newline inside quotes as a blank; a CR stays)
    const c = convert(`${stanza} "x\r[Service]\rExecStartPre=/bin/evil\x1b"\nexec /bin/sleep 100\n`);
    expect(c.job.status).toBe('converted');
    expect(rules(c)).toContain('convert/control-characters');
    expect(c.service).toContain('x\\r[Service]\\rExecStartPre=/bin/evil\\x1b');
    expect(readKeys(c.service).keys).not.toContain('Service.ExecStartPre');
    noToolFault(c);
  });

  it('is cut to lines a target before 235 reads whole', () => {
    const c = convert(`author "${'a'.repeat(3000)}"\nexec /bin/sleep 100\n`, { systemd: 229 });
    expect(c.job.status).toBe('converted');
    expect(Math.max(...c.service.split('\n').map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(2047);
    expect(c.service).toMatch(/^# Author: a+\n# a+\n/m);
  });
});

describe('a newline or CR in a job file name or its folder', () => {
  const name = 'sub\n[Service]/de\rExecStartPre=evil';

  it('is escaped in the unit name, its header comments and its description', () => {
    const c = convert('exec /bin/sleep 100\n', { name });
    expect(c.job.status).toBe('converted');
    expect(rules(c)).toContain('convert/control-characters');
    expect(Object.keys(c.files)).toEqual(['sub\\x0a\\x5bService\\x5d-de\\x0dExecStartPre\\x3devil.service']);
    expect(c.service).toContain('# Upstart job "sub\\n[Service]/de\\rExecStartPre=evil"');
    expect(c.service).toContain('Description=Upstart job sub\\n[Service]/de\\rExecStartPre=evil\n');
    expect(readKeys(c.service).keys).not.toContain('Service.ExecStartPre');
    noToolFault(c);
  });

  it.each(['files', 'auto'] as const)('stays a shell comment in a helper script (--scripts %s)', (scripts) => {
    const c = convert('script\n  echo a\n  echo b\nend script\n', { name, scripts, systemd: 252 });
    const script = Object.entries(c.files).find(([n]) => n.endsWith('.sh'))![1];
    const lines = script.split('\n');
    expect(lines.slice(0, 3).every((l) => l.startsWith('#') && !l.includes('\r'))).toBe(true);
    expect(lines[1]).toContain('Upstart job sub\\n[Service]/de\\rExecStartPre=evil, from /etc/init/sub\\n');
    expect(lines.slice(3)).toEqual(['echo a', 'echo b', '', '']);
    noToolFault(c);
  });
});

describe('a drop-in for an existing unit', () => {
  it('goes through the same check: the job name with a newline stays inside its header comment', async () => {
    tmp.write('R/etc/init/de\nmo.conf', 'env A=1\nexec /bin/sleep 100\n');
    tmp.write('R/lib/systemd/system/de\\x0amo.service', '[Unit]\nDescription=x\n[Service]\nExecStart=/bin/sleep 100\n');
    const out = path.join(tmp.path, 'O');
    const r = await runCli([
      'convert',
      '--root',
      path.join(tmp.path, 'R'),
      '--out',
      out,
      '--layout',
      'flat',
      '--mode',
      'dropin',
    ]);
    expect(r.code).toBe(0);
    const dropin = fs.readFileSync(path.join(out, 'de\\x0amo.service.d', '50-upstart2systemd.conf'), 'utf8');
    expect(dropin).toBe(
      '# Drop-in generated by upstart2systemd for de\\x0amo.service from Upstart job "de\\nmo"\n' +
        '# Generated by upstart2systemd from /etc/init/de\\nmo.conf\n\n[Service]\nEnvironment=A=1\n',
    );
  });
});

describe('values under a hardening profile', () => {
  it('refuses setgid with a CR at its stanza, with or without --profile dynamic-user', () => {
    for (const profiles of [[], ['dynamic-user']]) {
      const c = convert('setgid "adm\rExecStartPre=/bin/evil"\nexec /bin/sleep 100\n', { systemd: 252, profiles });
      expect(c.job.status).toBe('failed');
      expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.line])).toEqual([
        ['convert/invalid-value', 1],
      ]);
      expect(c.service).not.toContain('Group');
      expect(c.service).not.toContain('ExecStartPre');
    }
  });

  it('refuses a --var value with a line break or a trailing backslash, and writes no unit', () => {
    for (const root of ['/x\nExecStartPre=/bin/evil', '/x\rExecStartPre=/bin/evil', '/srv/jail\\', 'jail']) {
      const run = hardened({ root_directory: root });
      expect(run.jobs).toEqual([]);
      expect(run.profileErrors.map((d) => d.ruleId)).toEqual(['harden/invalid-value']);
    }
  });

  it('writes a path the hardening layer derives as one literal word (% kept, the blank quoted)', () => {
    const c = convert('chdir "/srv/%n data"\nexec /bin/sleep 100\n', { systemd: 252, profiles: ['strict'] });
    expect(c.job.status).toBe('converted');
    expect(c.service).toContain('WorkingDirectory=/srv/%%n data\n');
    expect(c.service).toContain('ReadWritePaths="-/srv/%%n data"\n');
    noToolFault(c);
  });

  it('never writes ReadWritePaths=- with an empty path for chdir /', () => {
    const c = convert('chdir /\nexec /bin/sleep 100\n', { systemd: 252, profiles: ['strict'] });
    expect(c.job.status).toBe('converted');
    expect(c.service).not.toMatch(/^ReadWritePaths=-$/m);
    noToolFault(c);
  });
});

describe('a trailing backslash', () => {
  it('never makes systemd join the next line to a value', () => {
    const c = convert('env X\\\\\nenv Y=ok\\\\\nchdir "/srv/app\\\\"\nexec /bin/sleep 100\n', {
      systemd: 252,
      profiles: ['strict'],
    });
    expect(c.job.status).toBe('converted');
    expect(c.diagnostics.map((d) => [d.ruleId, d.line]).filter(([r]) => r === 'convert/env-dropped')).toEqual([
      ['convert/env-dropped', 1],
    ]);
    expect(c.service).toContain('Environment="Y=ok\\\\"\n');
    expect(c.service).toContain('WorkingDirectory=/srv/app\\ \n');
    const keys = readKeys(c.service).keys;
    for (const key of ['Service.ExecStart', 'Service.RemoveIPC', 'Service.KeyringMode']) expect(keys).toContain(key);
    noToolFault(c);
  });
});

describe('bad job input', () => {
  it('leaves out env names systemd refuses, with a warning at the stanza', () => {
    const c = convert('env FOO-BAR=1\nenv =x\nenv OK=1\nenv PASS-ME\nexec /bin/sleep 100\n');
    expect(c.job.status).toBe('converted');
    expect(c.diagnostics.filter((d) => d.ruleId === 'convert/env-dropped').map((d) => d.line)).toEqual([1, 2, 4]);
    expect(c.service).toContain('Environment=OK=1\n');
    expect(c.service).not.toContain('PassEnvironment');
    noToolFault(c);
  });

  it.each([
    ['chdir "/srv/a\rb"', 'convert/invalid-value'],
    ['chroot "/srv/a\rb"', 'convert/invalid-value'],
    ['setuid "app\r"', 'convert/invalid-value'],
    ['setuid "a:b"', 'convert/invalid-value'],
    ['setgid "65535"', 'convert/invalid-value'],
    ['chdir "/srv/../etc"', 'convert/invalid-value'],
    ['apparmor switch "a\rb"', 'convert/invalid-value'],
  ])('reports %s as %s at its stanza, not as a fault of the tool', (line, rule) => {
    const c = convert(`${line}\nexec /bin/sleep 100\n`);
    expect(c.job.status).toBe('failed');
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ruleId, d.line])).toEqual([[rule, 1]]);
    noToolFault(c);
  });

  it.each([
    ['exec @PLACEHOLDER@ --foreground', '/bin/sh -e -c "exec @PLACEHOLDER@ --foreground"'],
    ['exec - foo', '/bin/sh -e -c "exec - foo"'],
    ['exec +x', '/bin/sh -e -c "exec +x"'],
    ['exec !x', '/bin/sh -e -c "exec !x"'],
    ['exec :x', '/bin/sh -e -c "exec :x"'],
    ['exec /usr/bin/app/ --x', '/bin/sh -e -c "exec /usr/bin/app/ --x"'],
  ])('runs %s, which systemd would read as a prefix or refuse, through the shell as Upstart did', (line, exec) => {
    for (const systemd of [237, 252]) {
      const c = convert(`${line}\n`, { systemd });
      expect(c.job.status).toBe('converted');
      expect(c.service).toContain(`ExecStart=${exec}\n`);
      noToolFault(c);
    }
  });

  it.each(['mounting MOUNTPOINT=/a/../b', 'mounted MOUNTPOINT=srv'])(
    'approximates start on %s, a mount point no mount unit can name, instead of failing',
    (event) => {
      const c = convert(`start on ${event}\nexec /bin/sleep 100\n`);
      expect(c.job.status).toBe('converted');
      expect(rules(c)).toContain('convert/event-approximated');
      expect(c.service).toContain('After=local-fs.target remote-fs.target\n');
      noToolFault(c);
    },
  );

  it('resolves a relative chdir or chroot from /, as Upstart did, instead of writing it relative', () => {
    const c = convert('chdir srv/app\nchroot jail\nexec /bin/sleep 100\n');
    expect(c.job.status).toBe('converted');
    expect(c.diagnostics.filter((d) => d.ruleId === 'convert/relative-path').map((d) => d.line)).toEqual([1, 2]);
    expect(c.service).toContain('WorkingDirectory=/srv/app\n');
    expect(c.service).toContain('RootDirectory=/jail\n');
    noToolFault(c);
  });

  it('refuses a line a target before 235 would split, instead of reporting the job converted', () => {
    const c = convert(`env X=${'a'.repeat(2100)}ExecStartPre=/bin/evil\nexec /bin/sleep 100\n`, { systemd: 229 });
    expect(c.job.status).toBe('failed');
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId)).toEqual(['target/line-too-long']);
    expect(c.files).toEqual({});
  });

  it('drops an Environment= value with a CR for a target that ignores it, and keeps it where systemd takes it', () => {
    const old = convert('env X="a\rb"\nexec /bin/sleep 100\n', { systemd: 237 });
    expect(old.job.status).toBe('converted');
    expect(rules(old)).toContain('target/unsupported');
    expect(old.service).not.toContain('Environment=');
    expect(convert('env X="a\rb"\nexec /bin/sleep 100\n', { systemd: 252 }).service).toContain(
      'Environment="X=a\\rb"\n',
    );
  });
});

describe('a diagnostic about an .override line', () => {
  it('carries the .override path and line, for stanzas and for the processes it defines', () => {
    const c = convert('exec /bin/sleep 100\n', {
      override: '\n\nchdir rel\nsetuid "a:b"\nscript\n  echo "$EXIT_STATUS"\nend script\nstart on stopped other\n',
    });
    const at = (rule: string) =>
      c.diagnostics.filter((d) => d.ruleId === rule).map((d) => `${path.basename(d.file)}:${d.line}`);
    expect(at('convert/relative-path')).toEqual(['example.override:3']);
    expect(at('convert/invalid-value')).toEqual(['example.override:4']);
    expect(at('convert/event-variable')).toEqual(['example.override:6']);
  });
});

describe('what the property over hostile jobs found', () => {
  it('names the device unit of an interface with the escaped sysfs path, as systemd does', () => {
    const c = convert('start on net-device-up IFACE=br-lan\nexec /bin/sleep 100\n');
    expect(c.service).toContain('BindsTo=sys-subsystem-net-devices-br\\x2dlan.device\n');
    const odd = convert('start on net-device-up IFACE=@\nexec /bin/sleep 100\n');
    expect(odd.service).toContain('BindsTo=sys-subsystem-net-devices-\\x40.device\n');
    const invalid = convert('start on net-device-up "IFACE=a b"\nexec /bin/sleep 100\n');
    expect(invalid.service).toContain('After=network-online.target\n');
    noToolFault(invalid);
  });

  it.each([
    'PROTO=unix SOCKET_PATH=/',
    'PROTO=unix SOCKET_PATH=/.',
    'PROTO=inet PORT=x',
    'PROTO=inet PORT=80 ADDR=localhost',
  ])('writes no .socket unit systemd refuses for start on socket %s', (args) => {
    const c = convert(`start on socket ${args}\nexec /bin/sleep 100\n`);
    expect(c.job.status).toBe('converted');
    expect(rules(c)).toContain('convert/socket-unclear');
    expect(Object.keys(c.files)).toEqual(['example.service']);
  });

  it('ignores a job event that names the empty job instead of failing', () => {
    const c = convert('start on started JOB=\nexec /bin/sleep 100\n');
    expect(c.job.status).toBe('converted');
    noToolFault(c);
  });

  it('takes a "-" in front of a path only where systemd does (WorkingDirectory=, EnvironmentFile=)', () => {
    const run = hardened({ root_directory: '-/srv' });
    expect(run.jobs).toEqual([]);
    expect(run.profileErrors.map((d) => [d.ruleId, d.message])).toEqual([
      ['harden/invalid-value', expect.stringContaining('"-/srv" is not one absolute path')],
    ]);
  });
});

/** Converts a plain job with the chroot preset and the given --var values (profile errors come back, not thrown). */
function hardened(vars: Record<string, string>): ReturnType<typeof convertLoaded> {
  return convertLoaded([loaded('example', 'exec /bin/sleep 100\n')], {
    target: targetForSystemd(252),
    profiles: ['chroot'],
    vars,
    score: false,
  });
}

describe('what reaches the terminal', () => {
  const dir = tempDir('u2s-terminal-');

  it('shows control characters of job names and values as escapes, never raw', async () => {
    dir.write('etc/init/a\u001b[31mb\rc.conf', 'description "x\u001b]0;owned\u0007"\nexec /bin/sleep 100\n');
    const r = await runCli(['convert', '--root', dir.path, '--out', path.join(dir.path, 'out'), '--verbose']);
    expect(r.out + r.err).not.toMatch(/[\u001b\r\u0007]/);
    expect(r.out).toContain('a\\x1b[31mb\\rc: wrote');
  });
});
