/**
 * Hostile input cannot reach migrate.sh or rollback.sh as code: job names, instance names,
 * --exclude/--include globs and the folder the tree is copied to, holding quotes, `$`, backquotes,
 * backslashes, `%`, blanks, CR, LF and escape sequences, arrive as single-quoted words or as
 * generated identifiers, and the scripts run them as data under dash and busybox sh.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/cli';
import {
  KIT,
  convertOut,
  extractTree,
  fakeHost,
  hasShellcheck,
  kitFile,
  runScript,
  shellcheck,
  shells,
  systemctlCalls,
  unitStates,
} from '../helpers/migration';

/** Job names (file names under /etc/init) that would run a command if a script ever evaluated them. */
const NAMES = [
  "it's $(touch PWNED1)",
  'a`touch PWNED2`b',
  'semi;touch PWNED3',
  'new\nline',
  'cr\rret',
  'esc\u001b]0;x\u0007',
  'tail\\',
  'pct %s %n %%',
  'dollar $HOME ${PATH}',
  'dq "quoted" and \\"',
  '  spaced  out  ',
  '-n',
  'x'.repeat(200),
];

/** A generated call line of the scripts: a function name, then identifiers and single-quoted words. */
const CALL = /^ *[a-z_]+( ([A-Za-z0-9_]+|'([^']|'\\'')*'))*$/;

/**
 * The lines of the generated part of a script (between `set -eu` and the fixed part) that are not
 * comments, function brackets, blank or constants; a quoted word may span lines (a raw LF in it).
 */
function generatedCalls(script: string): string[] {
  const start = script.indexOf('\nset -eu\n');
  const end = script.indexOf('\n# ----------');
  const body = script.slice(start + '\nset -eu\n'.length, end);
  const lines: string[] = [];
  let pending = '';
  for (const line of body.split('\n')) {
    pending = pending ? `${pending}\n${line}` : line;
    // an odd number of quotes: the word goes on on the next line
    if ((pending.replace(/'\\''/g, '').match(/'/g) ?? []).length % 2 === 1) continue;
    lines.push(pending);
    pending = '';
  }
  expect(pending).toBe('');
  return lines.filter((l) => l !== '' && !/^(#|[a-z_]+\(\) \{$|\}$|[A-Z_]+=)/.test(l));
}

describe.each(shells().map((s) => [s.name, s] as const))('hostile input and the scripts, under %s', (_, shell) => {
  jest.setTimeout(120_000); // a few hundred script runs each: ~15 s alone, much longer on a busy machine
  const tmp = tempDir('u2s-hostile-');
  const cwd = (): string => path.join(tmp.path, 'cwd');
  /** Every file a command smuggled into a name would have created (in the scripts' folder, the temp tree, here). */
  // what find prints, whatever its status: folders of other tests come and go under /tmp meanwhile
  const pwned = (): string =>
    spawnSync('find', [tmp.path, process.cwd(), '/tmp', '-maxdepth', '4', '-name', 'PWNED*'], {
      encoding: 'utf8',
    }).stdout;

  beforeEach(() => fs.mkdirSync(cwd()));

  it('runs hostile names, instances and globs as data: each file at its escaped name, each unit named exactly', () => {
    for (const n of NAMES) tmp.write(`trusty/etc/init/${n}.conf`, 'start on runlevel [2345]\nexec /usr/bin/app\n');
    tmp.write('trusty/etc/init/w.conf', 'start on runlevel [2345]\ninstance $I\nexec /usr/bin/app $I\n');
    tmp.write('trusty/etc/init/skipme.conf', 'exec /usr/bin/app\n');
    const instances = ["x'$(touch PWNED4)", '`id`\n', 'p%i%n', 'b\\s'];
    const running = Object.fromEntries([...NAMES.map((n) => [n, ['']]), ['w', instances], ['skipme', ['']]]);
    const out = path.join(tmp.path, 'out');
    const r = convertOut(
      {
        root: path.join(tmp.path, 'trusty'),
        out,
        exclude: ["$(touch PWNED5)'", 'skip*', '`touch PWNED7`\n', 'cr\r%s\\', 'y'.repeat(5000)],
        include: ['`touch PWNED6`', "'; touch PWNED8; '"],
      },
      { running },
    );
    expect(r.out + r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const migrate = fs.readFileSync(kitFile(out, 'migrate.sh'), 'utf8');
    const rollback = fs.readFileSync(kitFile(out, 'rollback.sh'), 'utf8');
    for (const script of [migrate, rollback]) for (const line of generatedCalls(script)) expect(line).toMatch(CALL);
    // the header an operator reads stays comments, one line per entry
    for (const script of [migrate, rollback])
      for (const line of script.slice(0, script.indexOf('\nset -eu\n')).split('\n')) expect(line).toMatch(/^#/);
    if (hasShellcheck()) expect(shellcheck(kitFile(out, 'migrate.sh'), kitFile(out, 'rollback.sh'))).toBe('');

    const host = fakeHost(tmp.path, ['/usr/bin/app', '/bin/kill', '/bin/sh']);
    const m = runScript(host, kitFile(out, 'migrate.sh'), [], { shell, cwd: cwd() });
    expect(m.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(m.out).toContain('skipme ran under Upstart and is not migrated: excluded by --exclude skip*');
    expect(m.code).toBe(0);
    const units = fs.readdirSync(path.join(host.root, 'etc/systemd/system')).sort();
    expect(units).toEqual(r.plan!.jobs.flatMap((j) => j.files.map((f) => path.basename(f.path))).sort());
    expect(units).toContain('it\\x27s\\x20\\x24\\x28touch\\x20PWNED1\\x29.service');
    expect(units).toContain('pct\\x20\\x25s\\x20\\x25n\\x20\\x25\\x25.service');
    const started = systemctlCalls(host).filter((c) => c.startsWith('[start]'));
    expect(started).toEqual(
      expect.arrayContaining([
        '[start][--][w@x\\x27\\x24\\x28touch\\x20PWNED4\\x29.service]',
        '[start][--][w@p\\x25i\\x25n.service]',
        '[start][--][w@b\\x5cs.service]',
      ]),
    );
    expect(unitStates(host).enabled).toEqual(expect.arrayContaining(['w@p\\x25i\\x25n.service']));
    expect(runScript(host, kitFile(out, 'rollback.sh'), [], { shell, cwd: cwd() }).code).toBe(0);
    expect(unitStates(host)).toEqual({ enabled: [], active: [] });
    expect(fs.readdirSync(path.join(host.root, 'etc/systemd/system'))).toEqual([]);
    expect(pwned()).toBe('');
  });

  it('runs from a tree copied to a folder whose path holds quotes, $, backquotes, blanks, % and a backslash', () => {
    tmp.write('trusty/etc/init/app.conf', 'start on runlevel [2345]\nexec /usr/bin/app\n');
    const out = path.join(tmp.path, 'out');
    convertOut({ root: path.join(tmp.path, 'trusty'), out }, { running: { app: [''] } });
    const host = fakeHost(tmp.path, ['/usr/bin/app', '/bin/kill']);
    const odd = path.join(host.root, "root/it's $(touch PWNED9) `id` %s\\ x");
    extractTree(out, odd);
    const m = runScript(host, path.join(odd, KIT, 'migrate.sh'), [], { shell, cwd: cwd() });
    expect(m.code).toBe(0);
    expect(unitStates(host)).toEqual({ enabled: ['app.service'], active: ['app.service'] });
    const undo = runScript(host, path.join(odd, KIT, 'rollback.sh'), [], { shell, cwd: cwd() });
    expect(undo.code).toBe(0);
    expect(pwned()).toBe('');
  });
});
