/**
 * `convert --diff`, `--check`, `--mode dropin|auto`, `--against` on the example root, whose
 * lib/ and etc/systemd/system hold an identical unit, different units, a unit with drop-ins, an
 * alias symlink, an unreadable unit and one with syntax errors; drop-ins merged with their unit
 * pass the real systemd-analyze verify.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { memoryIo } from '../../src/cli/io';
import { haveSystemdAnalyze, verifyUnits } from '../helpers/verify';

const examples = path.join(__dirname, '..', '..', 'examples', 'trusty');
const job = (name: string) => path.join(examples, 'etc', 'init', `${name}.conf`);
const run = async (argv: string[], env: Record<string, string> = {}) => {
  const io = memoryIo(env);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

describe('convert --check', () => {
  it('exits 0 for a job whose existing unit says the same (written differently)', async () => {
    const r = await run(['convert', '--root', examples, job('cobalt-kvd'), '--check']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('cobalt-kvd: same as /lib/systemd/system/cobalt-kvd.service\n');
  });

  it('exits 3 for a different unit and for a missing one', async () => {
    const diff = await run(['convert', '--root', examples, job('larkspur-indexd'), '--check']);
    expect(diff.code).toBe(3);
    expect(diff.out).toContain('larkspur-indexd: ');
    expect(diff.out).toContain('existing unit runs as root; the job ran as larkspur');
    expect((await run(['convert', '--root', examples, job('tallow-warmup'), '--check'])).code).toBe(3);
  });

  it('exits 1, not 3, when a job could not be converted, whether or not another unit would change', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-chk-'));
    fs.writeFileSync(path.join(broken, 'broken.conf'), 'exec /usr/sbin/x\nrespawn limit nonsense\n');
    const failed = await run(['convert', '--root', examples, path.join(broken, 'broken.conf'), '--check']);
    expect(failed.code).toBe(1);
    const both = await run([
      'convert',
      '--root',
      examples,
      job('larkspur-indexd'),
      path.join(broken, 'broken.conf'),
      '--check',
    ]);
    expect(both.out).toContain('existing unit runs as root; the job ran as larkspur');
    expect(both.code).toBe(1);
    fs.rmSync(broken, { recursive: true });
  });

  it('lists each difference in JSON', async () => {
    const doc = JSON.parse(
      (await run(['convert', '--root', examples, job('larkspur-indexd'), '--check', '--format', 'json'])).out,
    );
    expect(doc.jobs[0].existing).toMatchObject({
      unit: { name: 'larkspur-indexd.service', files: ['/lib/systemd/system/larkspur-indexd.service'] },
      differs: true,
    });
    expect(doc.jobs[0].existing.changes[0]).toMatchObject({ key: 'User', category: 'identity', kind: 'added' });
  });
});

describe('convert --diff', () => {
  it('prints a unified diff of the merged existing unit (with drop-ins) and the semantic differences', async () => {
    const r = await run(['convert', '--root', examples, job('fennel-proxyd'), '--diff']);
    expect(r.out).toContain(
      '--- /lib/systemd/system/fennel-proxyd.service + /etc/systemd/system/fennel-proxyd.service.d/10-local.conf',
    );
    expect(r.out).toContain(
      '-Restart=on-failure\n-LimitNOFILE=32768\n+ExecReload=/bin/kill -HUP $MAINPID\n+Restart=always',
    );
    expect(r.out).toContain('existing unit restarts on-failure; the job respawned always (even after exit 0)');
  });

  it('colours the diff on request and never with NO_COLOR', async () => {
    expect((await run(['convert', '--root', examples, job('fennel-proxyd'), '--diff', '--color'])).out).toContain(
      '\u001b[',
    );
    expect(
      (await run(['convert', '--root', examples, job('fennel-proxyd'), '--diff', '--color'], { NO_COLOR: '1' })).out,
    ).not.toContain('\u001b[');
    expect(
      (await run(['convert', '--root', examples, job('fennel-proxyd'), '--diff', '--no-color'])).out,
    ).not.toContain('\u001b[');
  });

  it('finds the unit through an alias symlink, reports an unreadable unit and syntax errors', async () => {
    const r = await run([
      'convert',
      '--root',
      examples,
      job('quill-spoold'),
      job('heron-backupd'),
      job('pewter-gatewayd'),
      '--diff',
    ]);
    expect(r.out).toContain('--- /lib/systemd/system/quill.service');
    expect(r.out).toContain('heron-backupd: the existing unit cannot be read');
    expect(r.err).toContain("/lib/systemd/system/pewter-gatewayd.service:8:1: warning: Missing '='");
    expect(r.code).toBe(1); // the unreadable unit
  });

  it('finds every unit it wrote itself the same when checked against it (our reader and diff agree with our writer)', async () => {
    const jobs = path.join(__dirname, '..', 'e2e', 'jobs');
    for (const target of ['ubuntu-16.04', 'debian-12']) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-roundtrip-'));
      for (const src of [['--root', examples], [jobs]]) {
        expect(
          (
            await run([
              'convert',
              ...src,
              '--target',
              target,
              '--profile',
              'recommended',
              '--no-score',
              '--out',
              out,
              '--layout',
              'flat',
              '--force',
            ])
          ).code,
        ).toBe(0);
        const r = await run([
          'convert',
          ...src,
          '--target',
          target,
          '--profile',
          'recommended',
          '--no-score',
          '--check',
          '--against',
          out,
        ]);
        expect({ target, code: r.code, differ: r.out.split('\n').filter((l) => l && !/: same as /.test(l)) }).toEqual({
          target,
          code: 0,
          differ: [],
        });
      }
    }
  });

  it('compares with a directory of units given with --against', async () => {
    const flat = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-against-'));
    fs.copyFileSync(
      path.join(examples, 'lib/systemd/system/cobalt-kvd.service'),
      path.join(flat, 'cobalt-kvd.service'),
    );
    const r = await run(['convert', '--root', examples, job('cobalt-kvd'), '--check', '--against', flat]);
    expect(r.out).toBe(`cobalt-kvd: same as ${path.join(flat, 'cobalt-kvd.service')}\n`);
    fs.rmSync(flat, { recursive: true });
  });
});

describe('convert --mode', () => {
  it('writes drop-ins for jobs with an existing unit and full units for the others (auto)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-mode-'));
    const r = await run([
      'convert',
      '--root',
      examples,
      job('acme-relayd'),
      job('tallow-warmup'),
      '--mode',
      'auto',
      '--out',
      out,
      '--layout',
      'flat',
    ]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['acme-relayd.service.d', 'tallow-warmup.service']);
    const dropin = fs.readFileSync(path.join(out, 'acme-relayd.service.d/50-upstart2systemd.conf'), 'utf8');
    // --style native: the idiom pass folds the override's env into the argv (docs/idioms.md#exec)
    expect(dropin).toMatch(/ExecStart=\nExecStart=\/usr\/sbin\/acme-relayd .*--upstream dr-collector.internal:7070\n/);
    fs.rmSync(out, { recursive: true });
  });

  it('names the hardening profiles in the header of a drop-in as in a full unit', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'u2s-mode-'));
    const argv = ['convert', '--root', examples, job('acme-relayd'), '--mode', 'dropin', '--out', out];
    const r = await run([...argv, '--layout', 'flat', '--profile', 'recommended', '--no-score']);
    expect(r.code).toBe(0);
    const dropin = fs.readFileSync(path.join(out, 'acme-relayd.service.d/50-upstart2systemd.conf'), 'utf8');
    expect(dropin.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^# Drop-in generated by upstart2systemd for acme-relayd.service /),
      expect.stringMatching(/^# Generated by upstart2systemd from /),
      '# Hardening: profile recommended (from --profile)',
    ]);
    fs.rmSync(out, { recursive: true });
  });

  (haveSystemdAnalyze() ? it : it.skip)(
    'produces drop-ins that, merged with their units, pass systemd-analyze verify',
    async () => {
      for (const profile of [[], ['--profile', 'recommended']]) {
        const doc = JSON.parse(
          (
            await run([
              'convert',
              '--root',
              examples,
              '--mode',
              'dropin',
              '--format',
              'json',
              '--target',
              'debian-12',
              '--no-score',
              ...profile,
            ])
          ).out,
        );
        const units: Record<string, string> = {};
        let dropins = 0;
        for (const j of doc.jobs) {
          const unit = j.existing?.unit;
          const file = j.files.find((f: { name: string }) => f.name.includes('.d/'));
          if (!unit || !file || unit.name === 'pewter-gatewayd.service') continue; // that fixture is broken on purpose
          dropins++;
          for (const f of unit.files as string[]) {
            const key = f.includes('.d/') ? `${path.basename(path.dirname(f))}/${path.basename(f)}` : path.basename(f);
            units[key] = fs.readFileSync(path.join(examples, f), 'utf8');
          }
          units[file.name] = file.content;
        }
        expect(dropins).toBeGreaterThanOrEqual(3);
        expect(verifyUnits(units)).toEqual([]);
      }
    },
  );
});

describe('an existing unit that cannot be read', () => {
  (process.getuid?.() === 0 ? it : it.skip)('is reported in one line and the job fails (run as nobody)', () => {
    const rootDir = fs.mkdtempSync(path.join('/var/tmp', 'u2s-unread-'));
    fs.cpSync(examples, rootDir, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(path.join(rootDir, 'lib/systemd/system/larkspur-indexd.service'), 0o000);
    spawnSync('chmod', ['-R', 'a+rX', rootDir]);
    fs.chmodSync(path.join(rootDir, 'lib/systemd/system/larkspur-indexd.service'), 0o000);
    const bin = path.join(__dirname, '..', '..', 'bin', 'upstart2systemd.js');
    const r = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        bin,
        'convert',
        '--root',
        rootDir,
        path.join(rootDir, 'etc/init/larkspur-indexd.conf'),
        '--check',
      ],
      { encoding: 'utf8' },
    );
    fs.rmSync(rootDir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      '/lib/systemd/system/larkspur-indexd.service: error: permission denied (EACCES); the existing unit cannot be compared [diff/unit-unreadable]',
    );
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
