/**
 * The config file of `convert` (docs/config.md): found beside --root (or given with --config),
 * its target, profiles, variables and excludes used where the command line says nothing, its rule
 * severities applied to what is printed, counted and exits, and its errors at file:line:column
 * with exit 2 before any job is converted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-cfg-');
const write = tmp.write;

/** A root of two jobs under hosts/web1, and a config beside it; the root's path. */
function hostWith(config: string): string {
  write('hosts/web1/etc/init/web.conf', 'setuid nobody\nexec /usr/sbin/web\n');
  write('hosts/web1/etc/init/db.conf', 'setuid nobody\nexec /usr/sbin/db\n');
  write('hosts/upstart2systemd.yaml', config);
  return path.join(tmp.path, 'hosts', 'web1');
}

/** Each job's diagnostics as `rule severity`, from a JSON run. */
function findings(out: string): Record<string, string[]> {
  const doc = JSON.parse(out) as { jobs: Array<{ name: string; diagnostics: Array<Record<string, string>> }> };
  return Object.fromEntries(
    doc.jobs.map((j) => [
      j.name,
      j.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.ruleId} ${d.severity}`),
    ]),
  );
}

describe('convert with a config file', () => {
  it('uses the target, profiles and variables of the config beside --root, and says it read it', async () => {
    const root = hostWith('target: debian-12\nprofiles: limits\nvars: { tasks_max: 77 }\n');
    const r = await runCli(['convert', '--root', root, '--no-score']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`note: settings from ${path.join(tmp.path, 'hosts', 'upstart2systemd.yaml')}`);
    expect(r.out).toContain('converted for debian-12 (systemd 252)');
    expect(r.out).toContain('# Hardening: profile limits (from upstart2systemd.yaml)\n');
    expect(r.out).toContain('TasksMax=77\n');
  });

  it('lets the command line win over the config, --var values merging with its variables', async () => {
    const root = hostWith('target: debian-12\nprofiles: limits\nvars: { tasks_max: 77, nofile: 10 }\n');
    const r = await runCli(['convert', '--root', root, '--target', 'ubuntu-18.04', '--var', 'nofile=20', '--no-score']);
    expect(r.out).toContain('converted for ubuntu-18.04');
    expect(r.out).toContain('TasksMax=77\n');
    expect(r.out).toContain('LimitNOFILE=20\n');
    const other = await runCli(['convert', '--root', root, '--profile', 'readonly-tmp', '--no-score']);
    expect(other.out).toContain('# Hardening: profile readonly-tmp (from --profile)\n');
    expect(other.out).not.toContain('TasksMax');
  });

  it('turns a rule off, or makes it an error, for every job or by job-name glob', async () => {
    const root = hostWith(
      'rules:\n  convert/user-nobody: off\njobs:\n  "w*":\n    rules: { convert/setuid-root-group: error }\n',
    );
    const plain = await runCli(['convert', '--root', root, '--format', 'json', '--no-config']);
    expect(findings(plain.out)).toEqual({
      db: ['convert/user-nobody warning', 'convert/setuid-root-group warning'],
      web: ['convert/user-nobody warning', 'convert/setuid-root-group warning'],
    });
    expect(plain.code).toBe(0);
    const json = await runCli(['convert', '--root', root, '--format', 'json']);
    expect(findings(json.out)).toEqual({
      db: ['convert/setuid-root-group warning'],
      web: ['convert/setuid-root-group error'],
    });
    expect(json.code).toBe(1);
    const text = await runCli(['convert', '--root', root]);
    expect(text.err).not.toContain('user-nobody');
    expect(text.err).toMatch(/web\.conf:1:1: error: .* \[convert\/setuid-root-group\]/);
    expect(text.err).toMatch(/; 1 error, 1 warning/);
  });

  it('applies to what the batch reports too: a finding made an error fails the run', async () => {
    const root = hostWith('rules:\n  input/orphan-override: error\n');
    write('hosts/web1/etc/init/gone.override', 'manual\n');
    const r = await runCli(['convert', '--root', root]);
    expect(r.err).toMatch(/gone\.override: error: .*\[input\/orphan-override\]/);
    expect(r.code).toBe(1);
    expect((await runCli(['convert', '--root', root, '--no-config'])).code).toBe(0);
  });

  it('leaves out the jobs it excludes', async () => {
    const root = hostWith('exclude: [d*]\n');
    const out = path.join(tmp.path, 'out');
    const r = await runCli(['convert', '--root', root, '--out', out, '--layout', 'flat']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['web.service']);
    expect(r.out).toContain('db: skipped: excluded by --exclude d*');
  });

  it('stops with every problem at file:line:column and exit 2, converting nothing', async () => {
    const root = hostWith('target: debian-12\nprofiles: recomended\nrules:\n  convert/user-nobdy: off\n');
    const config = path.join(tmp.path, 'hosts', 'upstart2systemd.yaml');
    const r = await runCli(['convert', '--root', root]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${config}:2:11: error: unknown profile "recomended" [harden/profile-not-found]`);
    expect(r.err).toContain(`${config}:4:3: error: unknown rule "convert/user-nobdy" [input/config-invalid]`);
    expect(r.err).toContain('hint: did you mean convert/user-nobody?');
  });

  it('reads the file --config names, and none with --no-config', async () => {
    const root = hostWith('target: nowhere\n');
    const mine = write('mine.yaml', 'target: debian-11\n');
    const given = await runCli(['convert', '--root', root, '--config', mine]);
    expect(given.code).toBe(0);
    expect(given.err).not.toContain('note: settings from');
    expect(given.out).toContain('converted for debian-11');
    const none = await runCli(['convert', '--root', root, '--no-config']);
    expect(none.code).toBe(0);
    const missing = await runCli(['convert', '--root', root, '--config', path.join(tmp.path, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.yaml: error: config file cannot be read (ENOENT) [input/config-invalid]');
  });

  it('refuses a config found beside --root that others can write, unless --config names it', async () => {
    const root = hostWith('target: debian-11\n');
    fs.chmodSync(path.join(tmp.path, 'hosts', 'upstart2systemd.yaml'), 0o666);
    const r = await runCli(['convert', '--root', root]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is writable by other users; not read [input/config-invalid]');
    expect(r.out).toBe('');
    const named = path.join(tmp.path, 'hosts', 'upstart2systemd.yaml');
    expect((await runCli(['convert', '--root', root, '--config', named])).out).toContain('converted for debian-11');
  });

  it('shows a hostile config file name as escapes in its messages', async () => {
    const root = hostWith('');
    const evil = write('e\nvil\u001b[2J.yaml', 'target: x\n');
    const r = await runCli(['convert', '--root', root, '--config', evil]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('e\\nvil\\x1b[2J.yaml:1:9: error: unknown target');
    expect(r.err).not.toContain('\u001b');
  });
});
