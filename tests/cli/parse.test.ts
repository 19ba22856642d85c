/**
 * `upstart2systemd parse`: what it prints, in which formats, and its exit codes (0 loads,
 * 1 rejected, 2 usage), including a batch in which bad files do not stop the good ones.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-cli-');
const write = tmp.write;
const run = (...argv: string[]) => runCli(argv);

describe('upstart2systemd parse', () => {
  it('lists each stanza with its position and exits 0 when Upstart would load the job', async () => {
    const conf = write('web.conf', 'description "web server"\nstart on runlevel [2345]\nexec /usr/sbin/webd -f\n');
    const r = await run('parse', conf);
    expect(r.code).toBe(0);
    expect(r.out).toContain('job web');
    expect(r.out).toMatch(/1:1\s+description "web server"/);
    expect(r.out).toMatch(/3:1\s+exec \/usr\/sbin\/webd -f/);
  });

  it('exits 1 and prints file:line:column, the message and the rule when Upstart would reject the job', async () => {
    const conf = write('bad.conf', 'description "x"\nlimit nofile 4096\n');
    const r = await run('parse', conf);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${conf}:2:18: error: Expected token [parse/expected-token]`);
    expect(r.out).toContain('hint: syntax: limit RESOURCE SOFT HARD');
  });

  it('applies the override beside a job and says which file each stanza came from', async () => {
    const conf = write('etc/init/app.conf', 'start on runlevel [2345]\nexec /usr/bin/app\n');
    write('etc/init/app.override', 'manual\n');
    const r = await run('parse', conf, '--format', 'json');
    const doc = JSON.parse(r.out);
    expect(doc.jobs[0].job.start_on).toBeUndefined();
    expect(doc.jobs[0].job.manual).toMatchObject({
      value: true,
      line: 1,
      column: 1,
      file: path.join(tmp.path, 'etc/init/app.override'),
    });
  });

  it('prints the JSON model with stanza fields, positions and diagnostics', async () => {
    const conf = write('j.conf', 'respawn\nrespawn limit 3 10\nkill timeout 0\nexec /bin/x\n');
    const doc = JSON.parse((await run('parse', conf, '--format', 'json')).out);
    expect(doc.jobs[0]).toMatchObject({
      name: 'j',
      loaded: true,
      job: {
        respawn: { value: true, line: 1, column: 1 },
        respawn_limit: { value: { count: 3, interval: 10, unlimited: false }, line: 2 },
        process: { main: { value: { kind: 'exec', text: '/bin/x' }, line: 4 } },
      },
      diagnostics: [
        expect.objectContaining({ ruleId: 'upstart/kill-timeout-zero', severity: 'warning', line: 3, column: 1 }),
      ],
    });
  });

  it('prints the effective job (conf plus override) as Upstart text', async () => {
    const conf = write('a.conf', 'env A=1\nexec /bin/a\n');
    write('a.override', 'env B="two words"\n');
    const r = await run('parse', conf, '--format', 'upstart');
    expect(r.out).toContain('env A=1\nenv "B=two words"\nexec /bin/a\n');
  });

  it('keeps going through a batch with bad files, one line per bad file, and exits 1', async () => {
    write('etc/init/good.conf', 'exec /bin/true\n');
    write('etc/init/binary.conf', Buffer.from([0, 1, 2]));
    write('etc/init/latin1.conf', Buffer.from([0x65, 0x6e, 0x76, 0x20, 0x41, 0x3d, 0xe9, 0x0a]));
    fs.mkdirSync(path.join(tmp.path, 'etc/init/tmp.path.conf'));
    write('etc/init/late.conf', 'task\n');
    const r = await run('parse', path.join(tmp.path, 'etc/init'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('job good');
    expect(r.out).toContain('job late');
    // Upstart reads past a NUL (a blank) and reads raw bytes: binary.conf fails on the stanza "\x01\x02",
    // latin1.conf loads (issue 17); each says how its bytes were read
    expect(r.out.match(/input\/nul-byte/g)).toHaveLength(1);
    expect(r.out.match(/input\/not-utf8/g)).toHaveLength(1);
    expect(r.out).toContain('job latin1');
    expect(r.err).toContain('3 of 4 jobs loaded');
  });

  it('exits 2 on a usage error', async () => {
    expect((await run('parse')).code).toBe(2);
    expect((await run('parse', 'x', '--format', 'yaml')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('rejects cgroup by default, as Trusty (1.12.1) did, and accepts it with --upstart-version 1.13', async () => {
    const conf = write('cg.conf', 'cgroup memory\n');
    const byDefault = await run('parse', conf);
    expect(byDefault.code).toBe(1);
    expect(byDefault.out).toContain('[parse/unknown-stanza]');
    expect((await run('parse', conf, '--upstart-version', '1.12')).code).toBe(1);
    expect((await run('parse', conf, '--upstart-version', '1.13')).code).toBe(0);
  });
});

describe('the installed command', () => {
  const bin = path.join(__dirname, '..', '..', 'bin', 'upstart2systemd.js');
  const built = fs.existsSync(path.join(__dirname, '..', '..', 'dist', 'cli', 'main.js'));

  (built ? it : it.skip)('runs from bin/ and reports an unreadable file in one line (run as nobody)', () => {
    const conf = write('secret.conf', 'task\n');
    fs.chmodSync(conf, 0o000);
    fs.chmodSync(tmp.path, 0o755);
    const asNobody = process.getuid?.() === 0;
    const cmd = asNobody
      ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin]
      : [process.execPath, bin];
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), 'parse', conf], { encoding: 'utf8' });
    if (!asNobody) return; // not root: cannot make a file unreadable to ourselves reliably
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes('error'))).toEqual([
      `${conf}: error: permission denied (EACCES) [input/unreadable]`,
    ]);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});
