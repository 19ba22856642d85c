/**
 * `--scripts auto` (docs/conversion.md#scripts): a script the job wrote on one line stays inline
 * unless its command is over AUTO_INLINE_MAX characters; anything longer becomes the helper script
 * `--scripts files` writes. One test per rule of the decision.
 */
import { AUTO_INLINE_MAX, scriptAsFile } from '../../src/convert/commands';
import { execLine, parseExecLine } from '../../src/systemd/exec-line';
import { convert, lines } from '../helpers/convert';

/** The argv of the first `Key=` line of a unit. */
function argvOf(unit: string, key: string): string[] {
  const line = lines(unit).find((l) => l.startsWith(`${key}=`));
  if (!line) throw new Error(`no ${key}= in\n${unit}`);
  return parseExecLine(line.slice(key.length + 1).replace(/^-/, '')).argv;
}

/** The names of a conversion's helper scripts. */
const scriptNames = (files: Record<string, string>) => Object.keys(files).filter((n) => n.endsWith('.sh'));

const auto = (job: string, systemd = 252) => convert(job, { scripts: 'auto', systemd });

describe('--scripts auto', () => {
  it('keeps a script block of one line inline', () => {
    const r = auto('script\n  exec /usr/bin/app --port 80 "$(hostname)"\nend script\n');
    expect(argvOf(r.service, 'ExecStart')).toEqual([
      '/bin/sh',
      '-e',
      '-c',
      'exec /usr/bin/app --port 80 "$(hostname)"',
    ]);
    expect(scriptNames(r.files)).toEqual([]);
  });

  it('counts lines after trimming: blank lines and blanks around one line of shell keep it inline', () => {
    const r = auto('pre-start script\n\n    mkdir -p /run/app   \n\n\nend script\nexec /usr/bin/app\n');
    expect(argvOf(r.service, 'ExecStartPre').slice(0, 3)).toEqual(['/bin/sh', '-e', '-c']);
    expect(scriptNames(r.files)).toEqual([]);
  });

  it('writes a script of two lines as the helper script --scripts files writes, byte for byte', () => {
    const job = 'pre-start script\n  mkdir -p /run/app\n  chown app /run/app\nend script\nexec /usr/bin/app\n';
    const a = convert(job, { scripts: 'auto', scriptDir: '/opt/u2s' });
    const f = convert(job, { scripts: 'files', scriptDir: '/opt/u2s' });
    expect(argvOf(a.service, 'ExecStartPre')).toEqual(['/bin/sh', '-e', '/opt/u2s/example-pre-start.sh']);
    expect(a.service).toBe(f.service);
    expect(a.job.files).toEqual(f.job.files); // same names, contents and mode (0755)
  });

  it('counts a comment line as a line of the script', () => {
    const r = auto('script\n  # the daemon forks itself\n  exec /usr/bin/app\nend script\n');
    expect(argvOf(r.service, 'ExecStart')).toEqual(['/bin/sh', '-e', '/usr/local/lib/upstart2systemd/example-main.sh']);
    expect(r.files['example-main.sh']).toContain('# the daemon forks itself\nexec /usr/bin/app\n');
  });

  it('decides on what the job wrote: a one-line pre-stop keeps its two-line guard inline (files writes a script)', () => {
    const job = 'exec /usr/bin/app\npre-stop exec /usr/bin/app-ctl flush\n';
    expect(argvOf(auto(job).service, 'ExecStop')).toEqual([
      '/bin/sh',
      '-e',
      '-c',
      '[ -n "$MAINPID" ] || exit 0\nexec /usr/bin/app-ctl flush',
    ]);
    expect(scriptNames(convert(job, { scripts: 'files' }).files)).toEqual(['example-pre-stop.sh']);
  });

  it(`writes a one-line script whose command is over ${AUTO_INLINE_MAX} characters as a helper script`, () => {
    // "/bin/sh -e -c " and the quotes take 16 characters of the command
    const line = (n: number) => `echo ${'x'.repeat(n - 16 - 5)}`;
    const at = (n: number) => auto(`pre-start script\n  ${line(n)}\nend script\nexec /usr/bin/app\n`);
    expect(execLine(['/bin/sh', '-e', '-c', line(AUTO_INLINE_MAX)])).toHaveLength(AUTO_INLINE_MAX);
    expect(argvOf(at(AUTO_INLINE_MAX).service, 'ExecStartPre')[2]).toBe('-c');
    expect(argvOf(at(AUTO_INLINE_MAX + 1).service, 'ExecStartPre')).toEqual([
      '/bin/sh',
      '-e',
      '/usr/local/lib/upstart2systemd/example-pre-start.sh',
    ]);
  });

  it('counts the command as the unit writes it: $ doubled and quotes escaped', () => {
    const shape = (inlineLength: number) => ({ written: 'echo "$A"', body: 'echo "$A"', inlineLength });
    expect(scriptAsFile('auto', shape(AUTO_INLINE_MAX))).toBe(false);
    expect(scriptAsFile('auto', shape(AUTO_INLINE_MAX + 1))).toBe(true);
    const dollars = `echo ${'$A'.repeat(90)}`; // 185 characters, 275 once $ is written $$
    expect(dollars.length).toBeLessThan(AUTO_INLINE_MAX);
    expect(scriptNames(auto(`pre-start script\n  ${dollars}\nend script\nexec /usr/bin/app\n`).files)).toEqual([
      'example-pre-start.sh',
    ]);
  });

  it('writes a one-line Upstart command as a helper script: the job-control shim makes it long', () => {
    const r = convert('exec /usr/bin/app\npost-start exec start other-job\n', {
      scripts: 'auto',
      systemd: 252,
      others: { 'other-job': 'exec /usr/bin/other\n' },
    });
    expect(argvOf(r.service, 'ExecStartPost')).toEqual([
      '/bin/sh',
      '-e',
      '/usr/local/lib/upstart2systemd/example-post-start.sh',
    ]);
    expect(r.files['example-post-start.sh']).toContain('u2s_job start "$@"');
  });

  it('writes a one-line `stop; exit 0` pre-start as a helper script: the ExecCondition= prelude makes it long', () => {
    const r = auto('pre-start script\n  [ -x /usr/sbin/d ] || { stop; exit 0; }\nend script\nexec /usr/sbin/d\n');
    expect(argvOf(r.service, 'ExecCondition')).toEqual([
      '/bin/sh',
      '-e',
      '/usr/local/lib/upstart2systemd/example-condition.sh',
    ]);
  });

  it('leaves an exec line that only needs the shell inline, however long, as --scripts files does', () => {
    const long = `exec /usr/bin/app ${'--flag '.repeat(40)}>> /var/log/app.log 2>&1\n`;
    const r = auto(long);
    expect(argvOf(r.service, 'ExecStart').slice(0, 3)).toEqual(['/bin/sh', '-e', '-c']);
    expect(scriptNames(r.files)).toEqual([]);
  });

  it('writes a script too long for one unit line as a file without the script-too-long warning inline gives', () => {
    const steps = Array.from({ length: 70 }, (_, i) => `  echo "step ${i} of a long preparation"`).join('\n');
    const job = `pre-start script\n${steps}\nend script\nexec /usr/bin/d\n`;
    expect(auto(job, 229).rules).not.toContain('convert/script-too-long');
    expect(scriptNames(auto(job, 229).files)).toEqual(['example-pre-start.sh']);
    expect(convert(job, { scripts: 'inline', systemd: 229 }).rules).toContain('convert/script-too-long');
  });
});

describe('--scripts inline and files', () => {
  it('inline never writes a script of a few lines as a file; files writes every multi-line one', () => {
    const job = 'script\n  echo starting\n  exec /usr/bin/app\nend script\npre-stop exec /usr/bin/app-ctl flush\n';
    expect(scriptNames(convert(job, { scripts: 'inline' }).files)).toEqual([]);
    expect(scriptNames(convert(job, { scripts: 'files' }).files).sort()).toEqual([
      'example-main.sh',
      'example-pre-stop.sh',
    ]);
  });
});
