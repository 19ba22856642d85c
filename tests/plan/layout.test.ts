/**
 * The output of `convert --out` (--layout root) is the mirror of the host's `/`: extracted at `/`
 * it installs exactly the plan's files, and the migration kit travels inside it at
 * var/lib/upstart2systemd/migration/. migrate.sh finds the tree from its own place, whether the
 * tree was copied to a folder of the host or extracted at `/` already.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import {
  KIT,
  type FakeHost,
  convertOut,
  extractTree,
  fakeHost,
  filesUnder,
  kitFile,
  providePrograms,
  runScript,
  systemctlCalls,
  unitStates,
} from '../helpers/migration';

const JOBS: Record<string, string> = {
  'app.conf':
    'start on runlevel [2345]\nrespawn\nsetuid app\npre-start script\n  mkdir -p /run/app\n  chown app /run/app\n' +
    'end script\nexec /usr/bin/app\n',
  'late.conf': 'start on started app\nexec /usr/bin/late\n',
  'cron.conf': 'start on runlevel [2345]\nrespawn\nenv EXTRA_OPTS=-L15\nexec /usr/sbin/cron -f\n',
};
const CRON_UNIT = '[Service]\nExecStart=/usr/sbin/cron -f\n[Install]\nWantedBy=multi-user.target\n';
const KIT_FILES = ['migrate.sh', 'plan.json', 'rollback.sh'].map((f) => `${KIT}/${f}`);

describe('the tree convert --out writes', () => {
  const tmp = tempDir('u2s-layout-');
  const out = (): string => path.join(tmp.path, 'out');
  let host: FakeHost;
  beforeEach(() => {
    for (const [name, text] of Object.entries(JOBS)) tmp.write(`trusty/etc/init/${name}`, text);
    host = fakeHost(tmp.path, [], ['app']);
    tmp.write('host/lib/systemd/system/cron.service', CRON_UNIT);
  });
  /** Converts the jobs against the fake host's units, with helper scripts as files. */
  const convert = (extra: Partial<Parameters<typeof convertOut>[0]> = {}) => {
    const r = convertOut(
      { root: path.join(tmp.path, 'trusty'), against: host.root, scripts: 'files', out: out(), ...extra },
      { running: { app: [''], late: [''] } },
    );
    if (r.plan) providePrograms(host, r.plan);
    return r;
  };

  it("mirrors the host's /: units, drop-ins, helper scripts at their install paths, the kit, nothing else", () => {
    const plan = convert().plan!;
    const sources = plan.jobs.flatMap((j) => j.files.map((f) => f.source));
    expect(filesUnder(out())).toEqual([...sources, ...KIT_FILES].sort());
    expect(fs.readdirSync(out()).sort()).toEqual(['etc', 'usr', 'var']);
    expect(sources).toEqual(
      expect.arrayContaining([
        'etc/systemd/system/app.service',
        'etc/systemd/system/cron.service.d/50-upstart2systemd.conf',
        'usr/local/lib/upstart2systemd/app-pre-start.sh',
      ]),
    );
  });

  it("gives each file's source relative to the tree's root (its host path without the /), digest, mode", () => {
    for (const f of convert().plan!.jobs.flatMap((j) => j.files)) {
      expect(f.source).toBe(f.path.slice(1));
      const bytes = fs.readFileSync(path.join(out(), f.source));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect((fs.statSync(path.join(out(), f.source)).mode & 0o777).toString(8).padStart(4, '0')).toBe(f.mode);
    }
  });

  it('plans the helper scripts of --scripts auto (the default) as those of files: same paths, digests, modes', () => {
    const files = (scripts: 'auto' | 'files') => convert({ scripts }).plan!.jobs.flatMap((j) => j.files);
    const auto = files('auto');
    expect(auto.map((f) => f.source)).toContain('usr/local/lib/upstart2systemd/app-pre-start.sh');
    expect(auto).toEqual(files('files'));
  });

  it('ends the run with where the plan is and the commands that copy the tree and run migrate.sh', () => {
    const r = convert();
    const dir = `/root/u2s-${r.plan!.id}`;
    expect(r.err).toContain(`review plan.json and migrate.sh in ${path.join(out(), KIT)}/`);
    expect(r.err).toContain(`tar -C ${out()} -c . | ssh HOST 'mkdir -p ${dir} && tar -C ${dir} -x'`);
    expect(r.err).toContain(`    sh ${dir}/${KIT}/migrate.sh --dry-run\n    sh ${dir}/${KIT}/migrate.sh\n`);
    expect(r.err).toContain(`to undo: sh ${dir}/${KIT}/rollback.sh`);
    expect(r.out).toContain(`plan: wrote ${kitFile(out(), 'plan.json')}`);
  });

  it('quotes an output folder that is not a plain path in them, and prints none after --dry-run', () => {
    const odd = path.join(tmp.path, "it's $HOME\nx");
    const r = convert({ out: odd });
    expect(r.err).toContain(`tar -C '${tmp.path}/it'\\''s $HOME\\nx' -c .`);
    const dry = convert({ out: path.join(tmp.path, 'dry'), dryRun: true });
    expect(dry.err).not.toContain('next steps');
  });

  it('is installed by migrate.sh from wherever the tree was copied to, run by a relative path', () => {
    convert();
    const copy = path.join(host.root, 'root/u2s');
    extractTree(out(), copy);
    const r = runScript(host, `./${KIT}/migrate.sh`, [], { cwd: copy });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(host.root, 'usr/local/lib/upstart2systemd/app-pre-start.sh'), 'utf8')).toBe(
      fs.readFileSync(path.join(out(), 'usr/local/lib/upstart2systemd/app-pre-start.sh'), 'utf8'),
    );
    expect(fs.statSync(path.join(host.root, 'usr/local/lib/upstart2systemd/app-pre-start.sh')).mode & 0o777).toBe(
      0o755,
    );
    expect(r.out).toContain(`Undo with: sh ${copy}/${KIT}/rollback.sh`);
  });

  it('takes a tree extracted at / as it is: says once there is no backup, then reloads, enables, starts', () => {
    const plan = convert().plan!;
    const before = filesUnder(host.root);
    extractTree(out(), host.root);
    const migrate = (...args: string[]) => runScript(host, path.join(host.root, KIT, 'migrate.sh'), args);

    const dry = migrate('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('would take /etc/systemd/system/app.service as it is (already in place)');
    const changes = /^(\[--quiet\])?\[(enable|start|restart|daemon-reload)\]/;
    expect(systemctlCalls(host).filter((c) => changes.test(c))).toEqual([]);

    const r = migrate();
    expect(r.code).toBe(0);
    expect(r.out.split('already in place, no backup possible').length).toBe(2);
    expect(r.out).toContain('app: already in place /etc/systemd/system/app.service');
    const calls = systemctlCalls(host);
    expect(calls).toContain('[daemon-reload]');
    expect(unitStates(host)).toEqual({
      enabled: ['app.service', 'cron.service', 'late.service'],
      active: ['app.service', 'late.service'],
    });
    const files = plan.jobs.flatMap((j) => j.files).length;
    expect(r.out).toContain(`Done: 0 file(s) installed (${files} already in place), 3 unit(s) enabled`);

    const again = migrate();
    expect(again.out).toContain('Nothing to change');
    expect(again.out).not.toContain('no backup possible');

    // nothing was there before: rollback removes the files; the kit stays where the tree put it
    const undo = runScript(host, path.join(host.root, KIT, 'rollback.sh'));
    expect(undo.code).toBe(0);
    expect(filesUnder(host.root)).toEqual([...before, ...KIT_FILES].sort());
    expect(unitStates(host)).toEqual({ enabled: [], active: [] });
  });

  it('keeps on rollback a file the extraction wrote over one it could not back up, unless --force', () => {
    tmp.write('host/etc/systemd/system/app.service', '[Service]\nExecStart=/usr/bin/old-app\n');
    const plan = convert({ mode: 'full', exclude: ['cron'] }).plan!;
    expect(plan.jobs.find((j) => j.job === 'app')!.files[0]!.before.state).toBe('file');
    extractTree(out(), host.root);
    expect(runScript(host, path.join(host.root, KIT, 'migrate.sh')).code).toBe(0);
    const undo = runScript(host, path.join(host.root, KIT, 'rollback.sh'));
    expect(undo.code).toBe(1);
    expect(undo.out).toContain(
      'app: /etc/systemd/system/app.service was extracted over the file there before, which had no backup: kept',
    );
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/late.service'))).toBe(false);
    expect(runScript(host, path.join(host.root, KIT, 'rollback.sh'), ['--force']).code).toBe(0);
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/app.service'))).toBe(false);
  });

  it('refuses to run when migrate.sh is not inside its tree, or a file of the tree is missing', () => {
    convert();
    const lone = path.join(tmp.path, 'elsewhere/migrate.sh');
    fs.mkdirSync(path.dirname(lone));
    fs.copyFileSync(kitFile(out(), 'migrate.sh'), lone);
    const r = runScript(host, lone);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`migrate.sh is not in ${KIT}/ of the tree convert --out wrote`);
    expect(r.out).toContain('Nothing was changed');

    fs.rmSync(path.join(out(), 'etc/systemd/system/late.service'));
    const m = runScript(host, kitFile(out(), 'migrate.sh'));
    expect(m.code).toBe(1);
    expect(m.out).toContain(`late: etc/systemd/system/late.service is missing from the tree in ${out()}`);
    expect(fs.existsSync(path.join(host.root, 'etc/systemd/system/app.service'))).toBe(false);
  });

  it('refuses a --script-dir where the kit and the state of the migration live', async () => {
    for (const dir of [
      '/var/lib/upstart2systemd',
      '/var/lib/upstart2systemd/migration/',
      '/var/lib/upstart2systemd/x',
    ]) {
      const r = await runCli(['convert', '--root', path.join(tmp.path, 'trusty'), '--out', out(), '--script-dir', dir]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("/var/lib/upstart2systemd holds the migration's plan and state");
    }
    const flat = ['--layout', 'flat', '--script-dir', '/var/lib/upstart2systemd/x'];
    expect((await runCli(['convert', '--root', path.join(tmp.path, 'trusty'), '--out', out(), ...flat])).code).toBe(0);
  });

  it('--layout flat writes the files side by side (the two-line pre-start a helper script), without a plan', async () => {
    const r = await runCli(['convert', '--root', path.join(tmp.path, 'trusty'), '--out', out(), '--layout', 'flat']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out()).sort()).toEqual(['app-pre-start.sh', 'app.service', 'cron.service', 'late.service']);
    expect(r.err).not.toContain('next steps');
  });
});
