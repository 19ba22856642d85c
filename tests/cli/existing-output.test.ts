/**
 * Existing units and the output folder, as an operator meets them: the hint of a file that exists
 * in --out works as it says, --check refuses an --out it would ignore, and every job a run counts
 * gets a line saying what became of it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { memoryIo } from '../../src/cli/io';

const examples = path.join(__dirname, '..', '..', 'examples', 'trusty');
const job = (name: string) => path.join(examples, 'etc', 'init', `${name}.conf`);
const run = async (argv: string[]) => {
  const io = memoryIo({});
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
};

let tmp: string;
beforeEach(() => {
  // a space and a quote in the folder's name: the hint's commands must still be copyable
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "u2s out's-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The hint printed under the `output/exists` error of `file`. */
function existsHint(err: string, file: string): string {
  const lines = err.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${file}: error: `) && l.endsWith('[output/exists]'));
  expect(at).toBeGreaterThanOrEqual(0);
  return lines[at + 1]!.replace(/^ {4}hint: /, '');
}

/** A shell word of the hint, unquoted (a single-quoted word, `'\''` for a quote, or a bare word). */
function unquote(word: string): string {
  return word.startsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
}

describe('a file that exists in --out and differs', () => {
  for (const layout of ['root', 'flat'] as const) {
    it(`says how to see the difference, and that advice works (--layout ${layout})`, async () => {
      const out = path.join(tmp, 'out');
      const argv = ['convert', '--root', examples, job('tallow-warmup'), job('acme-relayd'), '--layout', layout];
      expect((await run([...argv, '--out', out])).code).toBe(0);
      const unitName = layout === 'root' ? 'etc/systemd/system/tallow-warmup.service' : 'tallow-warmup.service';
      const unit = path.join(out, unitName);
      fs.writeFileSync(unit, fs.readFileSync(unit, 'utf8').replace('TimeoutStopSec=5', 'TimeoutStopSec=7'));

      const again = await run([...argv, '--out', out]);
      expect(again.code).toBe(1);
      const hint = existsHint(again.err, unit);
      expect(hint).not.toContain('(convert --diff)');
      const diffCmd = /diff -ru ('(?:[^']|'\\'')*'|\S+) NEW/.exec(hint);
      const againstCmd = /--against ('(?:[^']|'\\'')*'|\S+) --diff in place of --out/.exec(hint);
      expect(diffCmd && unquote(diffCmd[1]!)).toBe(out);
      expect(againstCmd && unquote(againstCmd[1]!)).toBe(out);

      // "the same command with --out NEW (an empty folder), then diff -ru OUT NEW"
      const fresh = path.join(tmp, 'new');
      expect((await run([...argv, '--out', fresh])).code).toBe(0);
      const d = spawnSync('diff', ['-ru', out, fresh], { encoding: 'utf8' });
      expect(d.status).toBe(1);
      expect(d.stdout).toContain('-TimeoutStopSec=7\n+TimeoutStopSec=5');
      // "the same command with --against OUT --diff in place of --out"
      const against = await run([...argv, '--against', out, '--diff']);
      expect(against.out).toMatch(/^tallow-warmup: 1 difference from .*tallow-warmup\.service/m);
      expect(against.out).toContain('TimeoutStopSec: existing 7; generated 5');
      // "rerun with --force to replace it"
      expect((await run([...argv, '--out', out, '--force'])).code).toBe(0);
      expect(spawnSync('diff', ['-ru', out, fresh]).status).toBe(0);
    });
  }

  it('offers only diff -ru for a drop-in, which --against cannot compare', async () => {
    const out = path.join(tmp, 'out');
    const argv = ['convert', '--root', examples, job('acme-relayd'), '--out', out];
    expect((await run(argv)).code).toBe(0);
    const dropin = path.join(out, 'etc/systemd/system/acme-relayd.service.d/50-upstart2systemd.conf');
    fs.appendFileSync(dropin, 'Nice=5\n');
    const hint = existsHint((await run(argv)).err, dropin);
    expect(hint).toContain('diff -ru ');
    expect(hint).not.toContain('--against');
    expect(hint).toContain('--force');
  });
});

describe('--check with --out', () => {
  it('is a usage error naming both options, instead of ignoring the folder', async () => {
    const out = path.join(tmp, 'out');
    const r = await run(['convert', '--root', examples, job('larkspur-indexd'), '--check', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--check and --out ${out} do not go together`);
    expect(r.err).toContain(`--against ${out} --check`);
    expect(r.out).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('shows a hostile folder name as visible text in the one-line message', async () => {
    const r = await run(['convert', '--root', examples, '--check', '--out', 'x\n\u001b[2Jy%$"\\']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out x\\n\\x1b[2Jy%$"\\ do not go together');
    expect(r.err).not.toContain('\u001b');
  });

  it('still checks against the units of --against DIR, the way to compare with a folder', async () => {
    const dir = path.join(tmp, 'units');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(examples, 'lib/systemd/system/cobalt-kvd.service'), path.join(dir, 'cobalt-kvd.service'));
    const r = await run(['convert', '--root', examples, job('cobalt-kvd'), '--check', '--against', dir]);
    expect(r.code).toBe(0);
  });
});

describe('every job the summary counts has a line saying what became of it', () => {
  /** The job count of the summary line on stderr. */
  const counted = (err: string): number => Number(/^(\d+) jobs? for /m.exec(err)?.[1]);
  /** The jobs named at the start of a stdout line (`NAME: …`), the plan's own lines left out. */
  const named = (out: string): string[] =>
    [...out.matchAll(/^(?:### )?([\w./@+-]+):(?: |$)/gm)].map((m) => m[1]!).filter((n) => n !== 'plan');

  const variants = [
    ['--mode', 'auto', '--out', 'OUT'],
    ['--mode', 'auto', '--out', 'OUT', '--layout', 'flat'],
    ['--mode', 'dropin', '--out', 'OUT', '--layout', 'flat', '--dry-run'],
    ['--mode', 'auto', '--out', 'OUT', '--layout', 'flat', '--diff'],
    ['--mode', 'auto', '--diff'],
    ['--mode', 'auto', '--check', '--format', 'text'],
  ];
  for (const variant of variants) {
    it(`convert --root examples/trusty ${variant.join(' ')}`, async () => {
      const argv = variant.map((a) => (a === 'OUT' ? path.join(tmp, 'out') : a));
      const r = await run(['convert', '--root', examples, ...argv]);
      expect(new Set(named(r.out)).size).toBe(counted(r.err));
      expect(counted(r.err)).toBe(16);
    });
  }

  it('names a drop-in that is not needed with --layout flat, where no plan says it', async () => {
    const argv = ['convert', '--root', examples, job('cobalt-kvd'), '--mode', 'auto', '--layout', 'flat'];
    const r = await run([...argv, '--out', path.join(tmp, 'out')]);
    expect(r.out).toBe('cobalt-kvd: nothing to write: cobalt-kvd.service as it is does what the job did\n');
  });

  it('prints one line per job with --check, a job that did not convert included', async () => {
    const broken = path.join(tmp, 'broken.conf');
    fs.writeFileSync(broken, 'exec /usr/sbin/x\nrespawn limit nonsense\n');
    const r = await run(['convert', '--root', examples, job('cobalt-kvd'), broken, '--mode', 'auto', '--check']);
    expect(r.out.split('\n').filter((l) => /^\S/.test(l))).toEqual([
      'cobalt-kvd: same as /lib/systemd/system/cobalt-kvd.service (nothing to add)',
      'broken: not converted (see the errors)',
    ]);
  });

  it('on stdout, prints each job: its files, or a line when it has none or did not convert', async () => {
    const r = await run(['convert', '--root', examples, '--mode', 'auto']);
    const doc = JSON.parse((await run(['convert', '--root', examples, '--mode', 'auto', '--format', 'json'])).out);
    const headers = [...r.out.matchAll(/^### (.*)$/gm)].map((m) => m[1]!);
    const shown = doc.jobs.filter(
      (j: { name: string; status: string; files: Array<{ name: string }> }) =>
        headers.some((h) => h.startsWith(`${j.name}: `)) ||
        (j.status !== 'failed' && j.files.length > 0 && j.files.every((f) => headers.includes(f.name))),
    );
    expect(shown).toHaveLength(counted(r.err));
    // a job that did not convert is not printed as if it had
    expect(headers).toContain('heron-backupd: not converted (see the errors)');
    expect(headers).not.toContain('heron-backupd.service');
  });
});

describe('a drop-in that leaves differences from the existing unit', () => {
  it('says so for larkspur-indexd (Restart=on-failure where the job respawned always, no ExecReload=)', async () => {
    const r = await run(['convert', '--root', examples, job('larkspur-indexd'), '--mode', 'dropin']);
    expect(r.err).toContain(
      'larkspur-indexd.conf: warning: the drop-in leaves 7 differences between larkspur-indexd.service and the job ' +
        'as they are: ',
    );
    expect(r.err).toContain('[Service] Restart (existing unit restarts on-failure; the job respawned always');
    expect(r.err).toContain('[Service] ExecReload (generated unit adds ExecReload=/bin/kill -HUP $MAINPID)');
    expect(r.err).toContain('[diff/dropin-leaves-out]\n    hint: to do as the job did, set ExecReload=, Restart=');
  });

  it('names them when no drop-in is written, on stdout, with --check and in JSON (grebe-monitord)', async () => {
    const argv = ['convert', '--root', examples, job('grebe-monitord'), '--mode', 'auto'];
    const out = await run([...argv, '--out', path.join(tmp, 'out'), '--layout', 'flat']);
    expect(out.out).toBe(
      'grebe-monitord: nothing to write: grebe-monitord.service is kept as it is; ' +
        'it differs from the job in 8 settings (diff/dropin-leaves-out)\n',
    );
    const check = await run([...argv, '--check']);
    expect(check.out).toContain(
      'grebe-monitord: same as /lib/systemd/system/grebe-monitord.service (nothing to add)\n',
    );
    expect(check.out).toContain(
      '  and 8 differences from the job the drop-in leaves as is: ExecStart=, PIDFile=, RestartSec=',
    );
    const doc = JSON.parse((await run([...argv, '--format', 'json'])).out);
    expect(doc.jobs[0].existing.leftOut.map((c: { key: string }) => c.key)).toEqual([
      'ExecStart',
      'PIDFile',
      'RestartSec',
      'TimeoutStopSec',
      'StartLimitBurst',
      'StartLimitIntervalSec',
      'After',
      'TimeoutStartSec',
    ]);
  });

  it('is not said for a unit that does what the job did (cobalt-kvd)', async () => {
    const r = await run(['convert', '--root', examples, job('cobalt-kvd'), '--mode', 'dropin']);
    expect(r.err).not.toContain('dropin-leaves-out');
  });
});
