/**
 * The manual page man/upstart2systemd.1: generated from the command definitions (tests/docs.test.ts
 * checks the committed page is current), rendered by man(1) without a warning, naming every
 * command, option and exit status, and shipped with the package.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_CODES } from '../../src/cli/exit-codes';
import { cliSpec } from '../../src/cli/main';
import { allCommands } from '../../src/cli/spec';

const root = path.join(__dirname, '..', '..');
const page = path.join(root, 'man', 'upstart2systemd.1');

/** Whether man(1) runs here (.ci/run installs man-db). */
const haveMan = spawnSync('man', ['--version']).status === 0;
if (!haveMan && process.env.CI === 'true') throw new Error('man is missing (.ci/run installs man-db)');
if (!haveMan) console.log('man.test: man(1) is not installed; the page is not rendered (apt-get install man-db)');

(haveMan ? describe : describe.skip)('man -l man/upstart2systemd.1', () => {
  const r = spawnSync('man', ['--warnings', '-l', page], {
    encoding: 'utf8',
    env: { ...process.env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '100', MAN_KEEP_FORMATTING: '' },
  });
  // man underlines and emboldens with backspaces when it thinks it writes to a terminal
  const text = r.stdout.replace(/.\x08/g, '');

  it('renders the page without a warning', () => {
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(text).toMatch(/^UPSTART2SYSTEMD\(1\) +User Commands +UPSTART2SYSTEMD\(1\)\n/);
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'EXIT STATUS', 'ENVIRONMENT', 'SEE ALSO'])
      expect(text).toContain(`\n${section}\n`);
  });

  it('describes every command and every option the parser declares, with options copyable as typed', () => {
    for (const { path: words, command } of allCommands(cliSpec())) {
      expect(text).toContain(`\n   ${words.join(' ')}\n`);
      for (const o of command.options) expect(text).toContain(o.negatable ? `--[no-]${o.name}` : `--${o.name}`);
    }
    expect(text).toContain('--[no-]score');
    expect(text).toContain('-v, --verbose');
    expect(text).toContain('--format text|json|upstart');
    expect(text).toContain('--exclude GLOB');
    // hyphens are minus signs: an option copied from the page is the option
    expect(text).not.toMatch(/\u2010/);
  });

  it('lists every exit status', () => {
    const exit = text.slice(text.indexOf('\nEXIT STATUS\n'), text.indexOf('\nENVIRONMENT\n'));
    for (const c of EXIT_CODES) expect(exit).toMatch(new RegExp(`\\n {7}${c.code} +\\S`));
  });
});

describe('the package', () => {
  it('ships the manual page where npm installs it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('man');
    expect(pkg.man).toEqual(['./man/upstart2systemd.1']);
    expect(fs.existsSync(page)).toBe(true);
  });
});
