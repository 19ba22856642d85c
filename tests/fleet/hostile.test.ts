/**
 * Hostile inventory names and values against the convert role, on the controller alone (no labs):
 * every value reaches the tool as one argv word, every path the shell sees is quoted, and a name
 * that cannot name a folder fails its host with one line.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../e2e/harness';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'upstart2systemd.js');

/** Whether ansible-playbook and the built CLI are here. */
async function available(): Promise<string | null> {
  if ((await run('sh', ['-c', 'command -v ansible-playbook'])).code !== 0) return 'no ansible-playbook';
  if (!existsSync(join(ROOT, 'dist'))) return 'the CLI is not built (npm run build)';
  return null;
}

/** What a shell would run if a value were pasted into a command line unquoted. */
const PWN = (dir: string): string => `$(touch ${dir}/PWNED)`;

it('passes hostile names and values to the tool as they are, and refuses a name that cannot be a folder', async () => {
  const why = await available();
  if (why) {
    if (process.env.CI === 'true') throw new Error(why);
    return console.log(`skipped: ${why}`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'u2s-fleet-hostile-'));
  try {
    // a root folder whose name has a quote, $, %, ; and spaces
    const root = join(tmp, `host root 'q' ${PWN(tmp)};% \\`);
    mkdirSync(join(root, 'etc', 'init'), { recursive: true });
    writeFileSync(join(root, 'etc/init/app.conf'), 'start on runlevel [2345]\nexec /bin/sleep 60\n');
    writeFileSync(join(root, 'etc/init/old.conf'), 'start on runlevel [2345]\nexec /bin/sleep 60\n');
    // a host whose conversion fails: an unknown stanza with backticks the summary must fence
    const broken = join(tmp, 'broken');
    mkdirSync(join(broken, 'etc', 'init'), { recursive: true });
    writeFileSync(join(broken, 'etc/init/bad.conf'), 'start on runlevel [2345]\nexec /bin/sleep 60\n````bogus x\n');
    const work = join(tmp, `work %d 'w'`);
    const good = 'web1.example.com';
    const bad = `bad;${PWN(tmp)}`;
    const inventory = {
      all: {
        hosts: {
          [good]: { u2s_tarball: root, u2s_excludes: ['old', `'; touch ${tmp}/PWNED; '`, '-rf', PWN(tmp)] },
          [bad]: { u2s_tarball: root },
          'broken.example.com': { u2s_tarball: broken },
        },
        vars: {
          ansible_connection: 'local',
          ansible_python_interpreter: '{{ ansible_playbook_python }}',
          u2s_cli: [process.execPath, CLI],
          u2s_work_dir: work,
          u2s_target: 'debian-12',
        },
      },
    };
    writeFileSync(join(tmp, 'hosts.yml'), JSON.stringify(inventory));
    const r = await run(
      'ansible-playbook',
      ['-i', join(tmp, 'hosts.yml'), '-e', 'u2s_hosts=all', join(ROOT, 'ansible', 'convert.yml')],
      {
        env: { ...process.env, ANSIBLE_CONFIG: join(__dirname, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1' },
        cwd: tmp,
        timeoutMs: 120_000,
      },
    );
    expect(r.stdout).toContain('cannot name a folder of u2s_work_dir');
    expect(r.code).toBe(2); // the bad and broken hosts failed; the good one converted
    expect(r.stdout).toMatch(
      new RegExp(`${good.replace(/\./g, '\\.')}\\s+: ok=\\d+\\s+changed=\\d+\\s+unreachable=0\\s+failed=0`),
    );
    const plan = JSON.parse(
      readFileSync(join(work, 'hosts', good, 'out/var/lib/upstart2systemd/migration/plan.json'), 'utf8'),
    ) as { jobs: { job: string; action: string; reason?: { code: string } }[] };
    expect(plan.jobs.map((j) => [j.job, j.action, j.reason?.code])).toEqual([
      ['app', 'install', undefined],
      ['old', 'skip', 'excluded'],
    ]);
    expect(r.stdout).toContain('upstart2systemd convert failed on broken.example.com (exit 1)');
    const summary = readFileSync(join(work, 'fleet-summary.md'), 'utf8');
    expect(summary).toContain('2 host(s): 1 converted, 1 failed.');
    expect(summary).toMatch(/\n`{5}\n.*bogus/s); // fenced by more backticks than the message holds
    expect(existsSync(join(tmp, 'PWNED'))).toBe(false);
    expect(existsSync(join(work, 'hosts', bad))).toBe(false);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 180_000);
