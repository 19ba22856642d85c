/**
 * Finding existing units and comparing with them: precedence, drop-ins, aliases (symlinks and
 * Alias=), renames and --unit-name, masked and unreadable units; the semantic diff's equivalences
 * and the sentences reviewers read first; drop-ins that only add what the job adds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareJob } from '../../src/diff';
import { findExisting } from '../../src/diff/find';
import { subjectOf } from '../../src/pipeline';
import { semanticDiff } from '../../src/diff/semantic';
import { mergeUnit } from '../../src/systemd/unit-merge';
import { parseUnitFile } from '../../src/systemd/unit-parser';
import { convert } from '../helpers/convert';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-exist-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
const put = (rel: string, text: string): void => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};
const tree = () => ({ dir: root, kind: 'root' as const });
const merged = (text: string) => mergeUnit('x.service', [parseUnitFile(text, 'x.service')]);

describe('finding the existing unit', () => {
  it('takes /etc/systemd/system before /lib/systemd/system, and merges drop-ins from every directory in name order', () => {
    put('lib/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/app\nEnvironment=A=lib\n');
    put('etc/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/app\nEnvironment=A=etc\n');
    put('lib/systemd/system/app.service.d/20-b.conf', '[Service]\nEnvironment=B=lib20\n');
    put('etc/systemd/system/app.service.d/10-a.conf', '[Service]\nEnvironment=B=etc10\n');
    put('run/systemd/system/app.service.d/20-b.conf', '[Service]\nEnvironment=B=run20\n');
    const { unit } = findExisting([{ name: 'app.service', by: 'name' }], tree());
    expect(unit!.files).toEqual([
      '/etc/systemd/system/app.service',
      '/etc/systemd/system/app.service.d/10-a.conf',
      '/run/systemd/system/app.service.d/20-b.conf',
    ]);
    expect(unit!.merged.sections.get('Service')!.get('Environment')).toEqual(['A=etc', 'B=etc10', 'B=run20']);
  });

  it('follows an alias symlink and an Alias= name to the real unit', () => {
    put('lib/systemd/system/quill.service', '[Service]\nExecStart=/usr/sbin/q\n[Install]\nAlias=quill-old.service\n');
    fs.mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
    fs.symlinkSync('/lib/systemd/system/quill.service', path.join(root, 'etc/systemd/system/quill-spoold.service'));
    expect(findExisting([{ name: 'quill-spoold.service', by: 'name' }], tree()).unit).toMatchObject({
      name: 'quill.service',
      matchedBy: 'alias',
    });
    expect(findExisting([{ name: 'quill-old.service', by: 'name' }], tree()).unit).toMatchObject({
      name: 'quill.service',
      matchedBy: 'alias',
    });
  });

  it('reports a masked unit and an unreadable one instead of comparing', () => {
    fs.mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
    fs.symlinkSync('/dev/null', path.join(root, 'etc/systemd/system/m.service'));
    expect(findExisting([{ name: 'm.service', by: 'name' }], tree()).diagnostics[0]).toMatchObject({
      ruleId: 'diff/unit-masked',
    });
    fs.symlinkSync('loop.service', path.join(root, 'etc/systemd/system/loop.service'));
    const l = findExisting([{ name: 'loop.service', by: 'name' }], tree());
    expect(l).toMatchObject({
      unit: null,
      unreadable: true,
      diagnostics: [expect.objectContaining({ ruleId: 'diff/unit-unreadable' })],
    });
  });

  it('uses the well-known replacement of an Ubuntu job, and the name given with --unit-name', () => {
    put('lib/systemd/system/sshd.service', '[Service]\nExecStart=/usr/sbin/sshd -D\n');
    const ssh = convert('exec /usr/sbin/sshd -D\n', { name: 'ssh' });
    expect(compareJob(subjectOf(ssh.job, {}), { tree: tree(), mode: 'full' }).existing).toMatchObject({
      name: 'sshd.service',
      matchedBy: 'rename',
    });
    put('lib/systemd/system/acme.service', '[Service]\nExecStart=/usr/sbin/relay\n');
    const relay = convert('exec /usr/sbin/relay\n', { name: 'relay' });
    expect(compareJob(subjectOf(relay.job, {}), { tree: tree(), mode: 'full' }).existing).toBeNull();
    expect(compareJob(subjectOf(relay.job, { relay: 'acme' }), { tree: tree(), mode: 'full' }).existing).toMatchObject({
      name: 'acme.service',
      matchedBy: 'user',
    });
  });
});

describe('finding the existing unit without leaving the tree', () => {
  it('refuses a unit, a drop-in or a drop-in folder whose link climbs above the root', () => {
    const outsider = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-outsider-'));
    fs.writeFileSync(path.join(outsider, 'u.conf'), '[Service]\nEnvironment=SECRET=1\n');
    const rel = path.relative(path.join(root, 'etc/systemd/system'), outsider);
    put('lib/systemd/system/a.service', '[Service]\nExecStart=/usr/bin/a\n');
    fs.mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
    fs.symlinkSync(rel, path.join(root, 'etc/systemd/system/a.service.d'));
    put('lib/systemd/system/b.service', '[Service]\nExecStart=/usr/bin/b\n');
    fs.mkdirSync(path.join(root, 'lib/systemd/system/b.service.d'));
    fs.symlinkSync(`../${rel}/u.conf`, path.join(root, 'lib/systemd/system/b.service.d/u.conf'));
    for (const name of ['a.service', 'b.service']) {
      const l = findExisting([{ name, by: 'name' }], tree());
      expect(l).toMatchObject({ unit: null, unreadable: true, diagnostics: [{ ruleId: 'diff/unit-outside-root' }] });
    }
    fs.rmSync(outsider, { recursive: true });
  });

  it('stops at two alias symlinks naming each other', () => {
    fs.mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
    fs.symlinkSync('b.service', path.join(root, 'etc/systemd/system/a.service'));
    fs.symlinkSync('a.service', path.join(root, 'etc/systemd/system/b.service'));
    expect(findExisting([{ name: 'a.service', by: 'name' }], tree())).toMatchObject({
      unit: null,
      unreadable: true,
      diagnostics: [{ ruleId: 'diff/unit-unreadable', message: expect.stringContaining('symlink loop') }],
    });
  });

  it('never looks a name up that is no unit name', () => {
    put('outside/x.service', '[Service]\nExecStart=/x\n');
    const l = findExisting([{ name: '../../../outside/x.service', by: 'user' }], tree());
    expect(l).toEqual({ unit: null, diagnostics: [] });
  });
});

describe('the semantic diff', () => {
  it('ignores order, comments, quoting, defaults and equivalent spellings', () => {
    const a = merged(
      '[Unit]\nStartLimitIntervalSec=5\n[Service]\n# comment\nExecStart="/usr/bin/a" "b"\n' +
        'PrivateTmp=true\nTimeoutStopSec=1min\nAfter=b.target a.target\nType=simple\n',
    );
    const b = merged(
      '[Service]\nStartLimitInterval=5s\nAfter=a.target b.target\nExecStart=/usr/bin/a b\nTimeoutStopSec=60\nPrivateTmp=yes\n',
    );
    expect(semanticDiff(a, b)).toEqual([]);
  });

  it('puts identity first and says who each side runs as', () => {
    const changes = semanticDiff(
      merged('[Service]\nExecStart=/usr/bin/a\nNice=5\n'),
      merged('[Service]\nExecStart=/usr/bin/a\nUser=www-data\nNice=1\n'),
    );
    expect(changes[0]).toMatchObject({
      key: 'User',
      kind: 'added',
      category: 'identity',
      message: 'existing unit runs as root; the job ran as www-data',
    });
    expect(changes.map((c) => c.key)).toEqual(['User', 'Nice']);
  });

  it('sees a changed command line and restart policy', () => {
    const changes = semanticDiff(
      merged('[Service]\nExecStart=/usr/bin/a -x\nRestart=on-failure\n'),
      merged('[Service]\nExecStart=/usr/bin/a -y\nRestart=always\n'),
    );
    expect(changes.map((c) => [c.key, c.category])).toEqual([
      ['ExecStart', 'exec'],
      ['Restart', 'restart'],
    ]);
  });
});

describe('how differences are grouped and headed', () => {
  it('groups Alias=, Also= and DefaultInstance= under names, apart from WantedBy= under ordering', () => {
    const changes = semanticDiff(
      merged('[Service]\nExecStart=/usr/bin/a\n[Install]\nWantedBy=multi-user.target\nAlias=b.service\n'),
      merged('[Service]\nExecStart=/usr/bin/a\n[Install]\nWantedBy=default.target\nAlias=c.service\n'),
    );
    expect(changes.map((c) => [c.key, c.category])).toEqual([
      ['WantedBy', 'ordering'],
      ['Alias', 'names'],
    ]);
  });

  it('says the existing side was merged with drop-ins only when it had some', () => {
    put('lib/systemd/system/solo.service', '[Service]\nExecStart=/usr/sbin/solo -a\n');
    const solo = convert('exec /usr/sbin/solo -b\n', { name: 'solo' });
    const alone = compareJob(subjectOf(solo.job, {}), { tree: tree(), mode: 'full' }).unified;
    expect(alone).toContain('solo.service\texisting\n');
    expect(alone).not.toContain('merged with drop-ins');
    put('etc/systemd/system/solo.service.d/10-local.conf', '[Service]\nNice=3\n');
    const merged = compareJob(subjectOf(solo.job, {}), { tree: tree(), mode: 'full' }).unified;
    expect(merged).toContain('existing (merged with drop-ins)');
  });
});

describe('drop-ins', () => {
  it('carry what the override changed, replacing the command with a reset line first', () => {
    put(
      'lib/systemd/system/app.service',
      '[Unit]\nAfter=network.target\n[Service]\nExecStart=/usr/sbin/app\nRestart=on-failure\nEnvironment=KEEP=1\n',
    );
    const r = convert('respawn\nexec /usr/sbin/app\n', {
      name: 'app',
      override: 'env PORT=8080\nexec /usr/sbin/app --port 8080\n',
    });
    const base = convert('respawn\nexec /usr/sbin/app\n', { name: 'app' });
    const cmp = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' }, base.job.units);
    expect(cmp.dropin!.name).toBe('app.service.d/50-upstart2systemd.conf');
    const service = cmp.dropin!.sections.find((s) => s.name === 'Service')!.entries.map((e) => `${e.key}=${e.value}`);
    expect(service).toEqual(['Environment=PORT=8080', 'ExecStart=', 'ExecStart=/usr/sbin/app --port 8080']);
  });

  it("carry the job's user and the hardening profile, and never reset what an administrator set", () => {
    put('lib/systemd/system/app.service', '[Service]\nExecStart=/usr/sbin/app\nEnvironment=KEEP=1\nLimitNOFILE=9999\n');
    const r = convert('setuid app\nsetgid app\nexec /usr/sbin/app --data-dir /var/lib/app\n', {
      name: 'app',
      profiles: ['readonly-tmp'],
    });
    const cmp = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    const lines = cmp.dropin!.sections.flatMap((s) => s.entries.map((e) => `${e.key}=${e.value}`));
    expect(lines).toEqual(
      expect.arrayContaining(['User=app', 'Group=app', 'ProtectSystem=strict', 'StateDirectory=app']),
    );
    expect(
      lines.some((l) => l.startsWith('Environment') || l.startsWith('LimitNOFILE') || l.startsWith('ExecStart')),
    ).toBe(false);
  });

  it('say a drop-in cannot make an enabled unit manual', () => {
    put(
      'lib/systemd/system/app.service',
      '[Service]\nExecStart=/usr/sbin/app\n[Install]\nWantedBy=multi-user.target\n',
    );
    const r = convert('start on runlevel [2345]\nexec /usr/sbin/app\n', { name: 'app', override: 'manual\n' });
    expect(compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' }).diagnostics).toContainEqual(
      expect.objectContaining({ ruleId: 'diff/dropin-manual', hint: 'run: systemctl disable app.service' }),
    );
  });

  it('are not written when the unit already does everything the job does', () => {
    put('lib/systemd/system/app.service', '[Service]\nExecStart=/usr/sbin/app\nUser=app\n');
    const r = convert('setuid app\nsetgid app\nexec /usr/sbin/app\n', { name: 'app' });
    put('lib/systemd/system/app.service', '[Service]\nExecStart=/usr/sbin/app\nUser=app\nGroup=app\n');
    const cmp = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    expect(cmp.dropin).toBeUndefined();
    expect(cmp.changes).toEqual([]);
  });
});

describe('what a drop-in leaves out', () => {
  const unit =
    '[Unit]\nAfter=network.target\n[Service]\nExecStart=/usr/sbin/app\nRestart=on-failure\nRestartSec=0\n' +
    'TimeoutStopSec=5\n' +
    'StartLimitBurst=11\nStartLimitIntervalSec=5\n[Install]\nWantedBy=multi-user.target\n';
  const job = 'start on runlevel [2345]\nrespawn\nexec /usr/sbin/app\n';
  const leftOutOf = (cmp: ReturnType<typeof compareJob>) =>
    cmp.diagnostics.filter((d) => d.ruleId === 'diff/dropin-leaves-out');

  it('says which differences stay (Restart=on-failure where the job respawned always, a missing ExecReload=)', () => {
    put('lib/systemd/system/app.service', unit);
    const r = convert(job, { name: 'app' });
    const cmp = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    expect(cmp.dropin).toBeUndefined();
    expect(cmp.changes).toEqual([]);
    expect(cmp.leftOut!.map((c) => `${c.section}.${c.key}`)).toEqual([
      'Service.ExecReload',
      'Service.Restart',
      'Unit.After',
    ]);
    const [d] = leftOutOf(cmp);
    expect(d).toMatchObject({ severity: 'warning', file: '/etc/init/app.conf' });
    expect(d!.message).toContain('the drop-in leaves 3 differences between app.service and the job as they are: ');
    expect(d!.message).toContain(
      '[Service] Restart (existing unit restarts on-failure; the job respawned always (even after exit 0))',
    );
    expect(d!.message).toContain('[Service] ExecReload (generated unit adds ExecReload=/bin/kill -HUP $MAINPID)');
    expect(d!.hint).toContain('set ExecReload=, Restart= in a drop-in of your own (systemctl edit app.service;');
    expect(d!.hint).toContain(
      'a drop-in cannot take away After= as the job would: only the whole unit can (--mode full)',
    );
  });

  it('is the semantic diff of the unit with its drop-in against the full unit: following the advice clears it', () => {
    put('lib/systemd/system/app.service', unit);
    const r = convert(job, { name: 'app' });
    const full = mergeUnit('app.service', [parseUnitFile(r.service, 'app.service')]);
    const before = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    expect(before.leftOut).toEqual(semanticDiff(before.existing!.merged, full));
    // "set ExecReload=, Restart= in a drop-in of your own"
    put(
      'etc/systemd/system/app.service.d/60-local.conf',
      '[Service]\nRestart=always\nExecReload=/bin/kill -HUP $MAINPID\n',
    );
    const after = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    expect(after.leftOut!.map((c) => c.key)).toEqual(['After']);
    expect(leftOutOf(after)[0]!.hint).not.toContain('systemctl edit');
  });

  it('is not said when the unit with the drop-in does what the job did', () => {
    put(
      'lib/systemd/system/app.service',
      unit.replace('on-failure', 'always\nExecReload=/bin/kill -HUP $MAINPID').replace('After=network.target\n', ''),
    );
    const r = convert(job, { name: 'app' });
    const cmp = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    expect(leftOutOf(cmp)).toEqual([]);
    expect(cmp.leftOut).toEqual([]);
  });

  it('does not repeat what diff/dropin-manual says, nor list the alias the unit was found by', () => {
    put('lib/systemd/system/app.service', unit + 'Alias=app-old.service\n');
    const r = convert(job, { name: 'app-old', override: 'manual\n' });
    const cmp = compareJob(subjectOf(r.job, {}), { tree: tree(), mode: 'dropin' });
    expect(cmp.existing).toMatchObject({ name: 'app.service', matchedBy: 'alias' });
    expect(cmp.diagnostics.map((d) => d.ruleId)).toContain('diff/dropin-manual');
    const keys = cmp.leftOut!.map((c) => c.key);
    expect(keys).not.toContain('WantedBy');
    expect(keys).not.toContain('Alias');
  });
});
