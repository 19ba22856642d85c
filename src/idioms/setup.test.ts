import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertLoaded } from '../pipeline';
import { targetForSystemd } from '../systemd/target';
import { loaded } from '../../tests/helpers/convert';

/** Converts a job with the idiom pass (native style): its .service text, the rule ids and the messages. */
function native(
  text: string,
  opts: { systemd?: number; root?: string; others?: Record<string, string>; faithful?: boolean } = {},
): { service: string; rules: string[]; messages: string[] } {
  const batch = [loaded('job', text), ...Object.entries(opts.others ?? {}).map(([n, t]) => loaded(n, t))];
  const run = convertLoaded(
    batch,
    { target: targetForSystemd(opts.systemd ?? 252), score: false, style: opts.faithful ? 'faithful' : 'native' },
    opts.root,
  );
  const job = run.jobs[0]!;
  const service = job.files.find((f) => f.name.endsWith('.service'))?.content ?? '';
  const idioms = job.diagnostics.filter((d) => d.ruleId.startsWith('idiom/'));
  return { service, rules: idioms.map((d) => d.ruleId), messages: idioms.map((d) => d.message) };
}

/** A job whose main script is the given lines. */
function script(...lines: string[]): string {
  return `start on runlevel [2345]\nscript\n${lines.map((l) => `  ${l}\n`).join('')}end script\n`;
}

/** A temporary --root with the given files. */
function rootWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'u2s-setup-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const EXEC = 'exec /usr/sbin/d -f';

describe('guards', () => {
  it('lifts "[ -x B ] || exit 0" into ConditionFileIsExecutable= for a job that does not respawn', () => {
    const r = native(script('[ -x /usr/sbin/d ] || exit 0', EXEC));
    expect(r.rules).toEqual(['idiom/condition', 'idiom/exec']);
    expect(r.service).toContain('\nConditionFileIsExecutable=/usr/sbin/d\n');
    expect(r.service).toContain('\nExecStart=/usr/sbin/d -f\n');
  });

  it('maps test -e, -f, -d and ! to their conditions', () => {
    expect(native(script('test -e /etc/d.conf || exit 0', EXEC)).service).toContain('ConditionPathExists=/etc/d.conf');
    expect(native(script('[ -f /etc/d.conf ] || { exit 0; }', EXEC)).service).toContain(
      'ConditionPathExists=/etc/d.conf',
    );
    expect(native(script('[ -d /srv/d ] || exit 0', EXEC)).service).toContain('ConditionPathIsDirectory=/srv/d');
    expect(native(script('[ ! -e /etc/d.off ] || exit 0', EXEC)).service).toContain('ConditionPathExists=!/etc/d.off');
  });

  it('keeps the script of a respawning job: exit 0 restarts it there, a failed condition does not', () => {
    const r = native(`respawn\n${script('[ -x /usr/sbin/d ] || exit 0', EXEC)}`);
    expect(r.rules).toEqual(['idiom/kept']);
    expect(r.messages[0]).toMatch(/respawns after exit 0/);
    expect(r.service).toContain('/bin/sh -e -c');
  });

  it('keeps the script when the job has another process the skipped start would not run', () => {
    const r = native(`post-stop exec /bin/rm -f /run/d.pid\n${script('[ -x /usr/sbin/d ] || exit 0', EXEC)}`);
    expect(r.messages[0]).toMatch(/would also skip/);
  });

  it('does not take "|| exit" with a failing status, nor a non-file test', () => {
    expect(native(script('[ -x /usr/sbin/d ] || exit 1', EXEC)).rules).not.toContain('idiom/condition');
    expect(native(script('[ "$X" = 1 ] || exit 0', EXEC)).rules).not.toContain('idiom/condition');
  });

  it('keeps a guard on a path that a condition line cannot hold', () => {
    const r = native(script('[ -x "/usr/sbin/d\n" ] || exit 0', EXEC));
    expect(r.rules).not.toContain('idiom/condition');
  });
});

describe('runtime directory', () => {
  it("lifts mkdir -p /var/run/X with the chown the unit's User=/Group= give", () => {
    const r = native(
      script(
        'mkdir -p /var/run/d',
        'chown d:d /var/run/d',
        'chmod 0750 /var/run/d',
        'exec start-stop-daemon --start --chuid d:d --exec /usr/sbin/d',
      ),
    );
    expect(r.rules[0]).toBe('idiom/runtime-directory');
    expect(r.service).toContain('\nRuntimeDirectory=d\n');
    expect(r.service).toContain('\nRuntimeDirectoryMode=0750\n');
    expect(r.messages[0]).toMatch(/removes it when the service stops/);
  });

  it('keeps it when the owner differs from what systemd would give', () => {
    const r = native(script('mkdir -p /run/d', 'chown d:d /run/d', EXEC));
    expect(r.rules).toEqual(['idiom/kept']);
    expect(r.messages[0]).toMatch(/owned by d:d; systemd would make it root:root/);
  });

  it('preserves a directory another job of the batch uses', () => {
    const r = native(script('mkdir -p /run/d', EXEC), { others: { other: 'exec /usr/bin/o --pid /run/d/o.pid\n' } });
    expect(r.service).toContain('\nRuntimeDirectoryPreserve=yes\n');
  });

  it('leaves a name with characters to quote in the script', () => {
    expect(native(script('mkdir -p "/run/d x"', EXEC)).rules).not.toContain('idiom/runtime-directory');
    expect(native(script('mkdir -p /run/%n', EXEC)).rules).not.toContain('idiom/runtime-directory');
  });
});

describe('working directory, limits, environment', () => {
  it('lifts cd DIR, relative to where the script stands', () => {
    const r = native(`chdir /srv\n${script('cd data', EXEC)}`);
    expect(r.service).toContain('\nWorkingDirectory=/srv/data\n');
  });

  it("keeps cd when another process of the job runs in the job's directory", () => {
    const r = native(`pre-start exec /bin/true\n${script('cd /srv', EXEC)}`);
    expect(r.messages[0]).toMatch(/WorkingDirectory= would apply/);
  });

  it("lifts ulimit as dash sets it: soft and hard, in dash's units", () => {
    const r = native(script('ulimit -n 65536', 'ulimit -c unlimited', 'ulimit -s 1024', EXEC));
    expect(r.service).toContain('\nLimitNOFILE=65536\n');
    expect(r.service).toContain('\nLimitCORE=infinity\n');
    expect(r.service).toContain('\nLimitSTACK=1048576\n');
  });

  it('keeps ulimit -S/-H (one limit only) and letters dash does not have', () => {
    expect(native(script('ulimit -S -n 10', EXEC)).rules).toEqual(['idiom/kept']);
    expect(native(script('ulimit -u 10', EXEC)).rules).toEqual(['idiom/kept']);
  });

  it('lifts export A=B and A=B; export A, with hostile values written as typed values', () => {
    const r = native(script('A=\'x%y $z "q"\'', 'export A', 'export B=1', EXEC));
    expect(r.rules).toEqual(['idiom/environment', 'idiom/environment', 'idiom/exec']);
    expect(r.service).toContain('Environment="A=x%%y $z \\"q\\""');
    expect(r.service).toContain('\nEnvironment=B=1\n');
  });

  it('keeps export when a later command assigns the name again, or other processes would see it', () => {
    expect(native(script('export A=1', 'A=2', EXEC)).messages[0]).toMatch(/later command sets A again/);
    expect(native(`post-start exec /bin/true\n${script('export A=1', EXEC)}`).messages[0]).toMatch(
      /Environment= would apply/,
    );
  });

  it('writes an exported value with a line break on one line, escaped', () => {
    const r = native(script("export A='a", "b'", EXEC));
    expect(r.service).toContain('\nEnvironment="A=a\\nb"\n');
  });
});

describe('output redirection', () => {
  it('lifts exec >>LOG 2>&1 into append: and inherit on systemd 240+', () => {
    const r = native(script('exec >>/var/log/d.log 2>&1', EXEC), { systemd: 240 });
    expect(r.service).toContain('\nStandardOutput=append:/var/log/d.log\nStandardError=inherit\n');
  });

  it('keeps it on older targets, and > below 248 (truncate:)', () => {
    expect(native(script('exec >>/var/log/d.log 2>&1', EXEC), { systemd: 237 }).messages[0]).toMatch(
      /no StandardOutput=append:/,
    );
    expect(native(script('exec >/var/log/d.log', EXEC), { systemd: 245 }).messages[0]).toMatch(/truncate:/);
    expect(native(script('exec >/var/log/d.log', EXEC), { systemd: 252 }).service).toContain(
      'StandardOutput=truncate:/var/log/d.log',
    );
  });
});

describe('redirections on the final exec', () => {
  it('lifts exec B >/dev/null 2>&1 into StandardOutput=null with the program run directly', () => {
    const r = native('start on runlevel [2345]\nexec /usr/bin/salt-master -d >/dev/null 2>&1\n');
    expect(r.rules).toEqual(['idiom/output', 'idiom/exec']);
    expect(r.service).toContain('\nExecStart=/usr/bin/salt-master -d\n');
    expect(r.service).toContain('\nStandardOutput=null\nStandardError=inherit\n');
  });

  it('lifts exec B >>LOG 2>&1 at the end of a script as exec >>LOG 2>&1; exec B', () => {
    const r = native(script('cd /srv', 'exec /usr/sbin/d --fg >>/var/log/d.log 2>&1'));
    expect(r.service).toContain('\nWorkingDirectory=/srv\n');
    expect(r.service).toContain('\nExecStart=/usr/sbin/d --fg\n');
    expect(r.service).toContain('\nStandardOutput=append:/var/log/d.log\nStandardError=inherit\n');
  });

  it('sends only standard error to null when only 2> names /dev/null', () => {
    const r = native(script('exec /usr/sbin/d 2>/dev/null'));
    expect(r.service).toContain('\nStandardOutput=journal\nStandardError=null\n');
  });

  it('keeps the script when a redirection is not a file opened for writing, or another process shares the streams', () => {
    const input = native(script('exec /usr/sbin/d </etc/d.conf'));
    expect(input.service).toContain('ExecStart=/bin/sh');
    expect(input.messages.join('\n')).toMatch(/descriptor 0/);
    const shared = native(`pre-start exec /bin/true\n${script('exec /usr/sbin/d >/dev/null 2>&1')}`);
    expect(shared.service).toContain('ExecStart=/bin/sh');
    expect(shared.rules).toContain('idiom/kept');
  });

  it('keeps a non-final command with redirections as it is (only the last command is split)', () => {
    const r = native(script('/bin/echo hi >/tmp/x', 'exec /usr/sbin/d'));
    expect(r.service).toContain('ExecStart=/bin/sh');
  });
});

describe('environment files', () => {
  it('lifts . /etc/default/X into EnvironmentFile= when the file under --root is plain, folding its values', () => {
    const root = rootWith({ 'etc/default/d': '# options\nOPTS="-f -v"\nPORT=80\n' });
    roots.push(root);
    const r = native(
      script('cd /srv', '[ -r /etc/default/d ] && . /etc/default/d', 'exec /usr/sbin/d $OPTS --port $PORT'),
      {
        root,
      },
    );
    expect(r.rules).toEqual(['idiom/working-directory', 'idiom/environment-file', 'idiom/exec']);
    expect(r.service).toContain('\nEnvironmentFile=-/etc/default/d\n');
    expect(r.service).toContain('\nExecStart=/usr/sbin/d -f -v --port 80\n');
  });

  it('keeps it without --root, with export lines, or with expansions', () => {
    expect(native(script('cd /srv', '. /etc/default/d', EXEC)).messages[0]).toMatch(/not under --root/);
    for (const text of ['export OPTS=1\n', 'OPTS="$HOME"\n', 'OPTS=`id`\n', 'OPTS=a b\n', "OPTS='a\\'\n"]) {
      const root = rootWith({ 'etc/default/d': text });
      roots.push(root);
      expect(native(script('cd /srv', '. /etc/default/d', EXEC), { root }).rules).toEqual(['idiom/kept']);
    }
  });

  it('lifts a guarded source of a file missing under --root, its variables then unknown', () => {
    const root = rootWith({ 'etc/passwd': 'root:x:0:0::/root:/bin/sh\n' });
    roots.push(root);
    expect(native(script('cd /srv', '[ -r /etc/default/d ] && . /etc/default/d', EXEC), { root }).service).toContain(
      'EnvironmentFile=-/etc/default/d',
    );
    const r = native(script('cd /srv', '[ -r /etc/default/d ] && . /etc/default/d', 'exec /usr/sbin/d $OPTS'), {
      root,
    });
    expect(r.rules).toEqual([]);
    expect(r.service).toContain('/bin/sh -e -c');
  });
});

describe('faithful style', () => {
  it('keeps every set-up command in the script', () => {
    const r = native(script('[ -x /usr/sbin/d ] || exit 0', 'cd /srv', EXEC), { faithful: true });
    expect(r.rules).toEqual([]);
    expect(r.service).toContain('/bin/sh -e -c');
  });
});
