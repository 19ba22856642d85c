/**
 * The idiom pass end to end: each lift gives the settings and argv it promises, each refusal keeps
 * the converter's script (with one idiom/kept note where the script looks like an idiom), and
 * `--style faithful` is the converter's output untouched.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { convertLoaded } from '../../src/pipeline';
import type { Style } from '../../src/idioms';
import { targetForSystemd } from '../../src/systemd/target';
import { loaded } from '../helpers/convert';

/** The service unit and diagnostics of one job converted in the given style. */
function run(text: string, opts: { style?: Style; systemd?: number; root?: string; scripts?: 'inline' | 'auto' } = {}) {
  const r = convertLoaded(
    [loaded('job', text)],
    {
      target: targetForSystemd(opts.systemd ?? 252),
      style: opts.style ?? 'native',
      scripts: opts.scripts ?? 'auto',
      score: false,
    },
    opts.root,
  );
  const job = r.jobs[0]!;
  const service = job.files.find((f) => f.name.endsWith('.service'))!.content;
  const settings = service
    .split('\n')
    .filter((l) => /^(User|Group|Supplementary|Nice|Working|UMask|Limit|Exec)/.test(l));
  return { service, settings, diagnostics: job.diagnostics, files: job.files.map((f) => f.name) };
}

/** The idiom diagnostics of a run, as `rule: message`. */
const idioms = (r: ReturnType<typeof run>): string[] =>
  r.diagnostics.filter((d) => d.ruleId.startsWith('idiom/')).map((d) => `${d.ruleId}: ${d.message}`);

describe('the idiom pass', () => {
  it('lifts start-stop-daemon --chuid U:G behind a variable into User=, Group= and the argv', () => {
    const r = run(
      'respawn\nscript\n  DAEMON=/usr/sbin/food\n  OPTS="-f --x=1"\n' +
        '  exec start-stop-daemon --start --quiet --chuid app:adm --exec $DAEMON -- $OPTS\nend script\n',
    );
    expect(r.settings).toEqual([
      'User=app',
      'Group=adm',
      'ExecStart=/usr/sbin/food -f --x=1',
      'ExecReload=!/bin/kill -HUP $MAINPID',
    ]);
    expect(idioms(r)).toEqual([
      expect.stringMatching(/^idiom\/start-stop-daemon: main: --chuid app:adm \(script line 3\) lifted/),
    ]);
    expect(r.files).toEqual(['job.service']); // the helper script is gone with the lift
  });

  it('maps start-stop-daemon --chdir, --nicelevel and --umask when the job has no other process', () => {
    const r = run(
      'exec start-stop-daemon --start --chdir /srv --nicelevel 5 --umask 027 --startas /usr/bin/d --exec /usr/bin/x -- a',
    );
    expect(r.settings).toEqual(
      expect.arrayContaining(['WorkingDirectory=/srv', 'UMask=0027', 'Nice=5', 'ExecStart=/usr/bin/d a']),
    );
  });

  it('lifts su -s /bin/sh -c and keeps the other processes root with "!"', () => {
    const r = run("pre-start exec /bin/mkdir -p /run/c\nexec su -s /bin/sh -c 'exec /usr/bin/c --no-fork' cuser");
    expect(r.settings).toEqual([
      'User=cuser',
      'ExecStartPre=!/bin/mkdir -p /run/c',
      'ExecStart=/usr/bin/c --no-fork',
      'ExecReload=!/bin/kill -HUP $MAINPID',
    ]);
    expect(idioms(r)[0]).toContain('the daemon is now the main process');
  });

  it('keeps a su lift when the target has no "!" prefix for the other processes', () => {
    const r = run("pre-start exec /bin/mkdir -p /run/c\nexec su -s /bin/sh -c 'exec /usr/bin/c' cuser", {
      systemd: 229,
    });
    expect(r.settings).not.toContain('User=cuser');
    expect(idioms(r)).toEqual([expect.stringContaining('idiom/kept: main: looks like su')]);
  });

  it.each([
    ['exec runuser -u app -- /usr/bin/r -x', ['User=app', 'ExecStart=/usr/bin/r -x']],
    ['exec sudo -u app /usr/bin/s', ['User=app', 'LimitCORE=0', 'ExecStart=/usr/bin/s']],
    ['exec nice -n 5 /usr/bin/g "a b"', ['Nice=5', 'ExecStart=/usr/bin/g "a b"']],
    ['nice 3\nexec nice -n 20 /usr/bin/g', ['Nice=19', 'ExecStart=/usr/bin/g']],
    [
      'env NUMACTL=\nexec $NUMACTL /usr/bin/mongod --config /etc/m.conf',
      ['ExecStart=/usr/bin/mongod --config /etc/m.conf'],
    ],
  ])('lifts %j', (text, want) => {
    expect(run(text).settings).toEqual(expect.arrayContaining(want));
  });

  it.each([
    ['setuid x\nexec su -s /bin/sh -c "exec /usr/bin/c" y', 'already sets its user'],
    ["exec su - app -c '/usr/bin/c'", 'login shell'],
    ["exec su app -c 'exec /usr/bin/c'", 'login shell, which is unknown'],
    ["exec su -s /bin/sh -c 'exec /usr/bin/c $X' app", '$X has no value'],
    ['exec start-stop-daemon --start --background --exec /usr/bin/d', '--background'],
    ['exec chpst -u dd /usr/bin/d', 'give --root with /etc/group'],
    ['env A=1\nexec sudo -u app /usr/bin/s', 'env_reset'],
    ['exec sudo -u app -g adm /usr/bin/s', '"-g"'],
    ['pre-start exec /bin/mkdir -p /run/s\nexec sudo -u app /usr/bin/s', 'LimitCORE= would apply'],
    ['script\n  . /etc/default/x\n  exec $DAEMON\nend script', 'line 1: the file is not under --root'],
    ['script\n  if true; then :; fi\n  exec start-stop-daemon --start --exec /d\nend script', 'compound command'],
    ['exec $DAEMON -f', '$DAEMON has no value'],
    ['exec nice -n 5 relative-d', 'no absolute path'],
    ['expect fork\nexec su -s /bin/sh -c "exec /usr/bin/c" app', 'expects a fork'],
    ['exec start-stop-daemon --start --exec /usr/bin/d </etc/d.conf', 'redirects descriptor 0'],
  ])('keeps %j, saying why', (text, why) => {
    const faithful = run(text, { style: 'faithful' });
    const r = run(text);
    expect(r.service).toBe(faithful.service);
    const kept = idioms(r);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^idiom\/kept: main: looks like /);
    expect(kept[0]).toContain(why);
  });

  it('says nothing about a script that is no idiom', () => {
    const r = run('script\n  for i in 1 2; do echo $i; done\nend script');
    expect(idioms(r)).toEqual([]);
  });

  it('lifts chpst -u and setuidgid when /etc/group under --root shows no memberships, and keeps them otherwise', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-idioms-'));
    try {
      fs.mkdirSync(path.join(root, 'etc', 'init'), { recursive: true });
      fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nadm:x:4:syslog,busy\nlone:x:1001:\n');
      expect(run('exec chpst -u lone:lone:adm /usr/bin/d', { root }).settings).toEqual(
        expect.arrayContaining(['User=lone', 'Group=lone', 'SupplementaryGroups=adm', 'ExecStart=/usr/bin/d']),
      );
      expect(run('exec setuidgid lone /usr/bin/d', { root }).settings).toContain('User=lone');
      expect(idioms(run('exec setuidgid busy /usr/bin/d', { root }))[0]).toContain('is a member of groups');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('never lets job text add a line or a directive: values go through the typed unit values', () => {
    const hostile = [
      'exec su -s /bin/sh -c \'exec /usr/bin/c "a\nExecStartPre=/bin/evil" %n $$ \\\\\' app',
      'env X="a\nUser=root"\nexec $X/usr/bin/d',
      'exec nice -n 1 /usr/bin/d "x\r\nGroup=root" \'%h\' "\\\\"',
      `exec start-stop-daemon --start --exec /usr/bin/d -- "${'y'.repeat(5000)}"`,
    ];
    for (const text of hostile) {
      const r = run(text);
      expect(r.service).not.toMatch(/^(ExecStartPre=\/bin\/evil|User=root|Group=root)/m);
      for (const line of r.service.split('\n')) expect(line.startsWith('\r')).toBe(false);
    }
    const lifted = run("exec nice -n 1 /usr/bin/d 'a%b$c' 'x\\y'");
    expect(lifted.settings).toContain('ExecStart=/usr/bin/d a%%b$$c "x\\\\y"');
  });

  it('leaves --style faithful output exactly as the converter wrote it', () => {
    const text = "exec su -s /bin/sh -c 'exec /usr/bin/c' cuser";
    const faithful = run(text, { style: 'faithful' });
    expect(faithful.settings).toEqual([
      `ExecStart=/bin/sh -e -c "exec su -s /bin/sh -c 'exec /usr/bin/c' cuser"`,
      'ExecReload=/bin/kill -HUP $MAINPID',
    ]);
    expect(idioms(faithful)).toEqual([]);
  });
});
