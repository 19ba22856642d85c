/**
 * `upstart2systemd collect` prints the collect script, or writes it with -o FILE: mode 0755,
 * atomically, never over a different file without --force, never through a symlink. The script
 * itself parses under dash and busybox sh (its runs are in collect-script.test.ts).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectScript } from '../../src/pipeline';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-collect-cmd-');

/** The first of some paths that exists. */
const which = (...paths: string[]): string | undefined => paths.find((p) => fs.existsSync(p));

describe('the collect command', () => {
  it('prints the script: POSIX sh, set -eu, naming this version', async () => {
    const r = await runCli(['collect']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(collectScript());
    expect(r.out.startsWith('#!/bin/sh\n')).toBe(true);
    expect(r.out).toContain('\nset -eu\n');
    expect(r.out).toMatch(/written by upstart2systemd \d+\.\d+\.\d+/);
    expect(r.out).not.toContain('@VERSION@');
    expect(r.out).not.toMatch(/\bbash\b|\bnode\b|\bpython/);
  });

  it('writes it with -o, mode 0755; the same file again is unchanged', async () => {
    const file = path.join(tmp.path, 'collect.sh');
    const r = await runCli(['collect', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${file}; run it as root on the Upstart host: sudo sh ${file} [OUT.tar.gz]`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(file, 'utf8')).toBe(collectScript());
    const again = await runCli(['collect', '--out', file]);
    expect(again.code).toBe(0);
    expect(again.err).toContain(`unchanged ${file}`);
  });

  it('never overwrites a different file without --force', async () => {
    const file = tmp.write('collect.sh', 'my own script\n');
    const r = await runCli(['collect', '-o', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('exists and differs from the generated file; not overwritten [output/exists]');
    expect(r.err).toContain('hint: give --force to replace it');
    expect(fs.readFileSync(file, 'utf8')).toBe('my own script\n');
    const forced = await runCli(['collect', '-o', file, '--force']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(collectScript());
    expect(fs.readdirSync(tmp.path)).toEqual(['collect.sh']); // no temporary file left
  });

  it('never writes through a symlink, even with --force', async () => {
    const target = tmp.write('elsewhere.txt', 'keep\n');
    const link = path.join(tmp.path, 'collect.sh');
    fs.symlinkSync(target, link);
    const r = await runCli(['collect', '-o', link, '--force']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[output/symlink]');
    expect(fs.readFileSync(target, 'utf8')).toBe('keep\n');
  });

  it('shows a hostile -o path with its control characters escaped', async () => {
    const file = path.join(tmp.path, 'a\nb\r.sh');
    const r = await runCli(['collect', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('a\\nb\\r.sh');
    expect(r.err).not.toContain('a\nb');
  });

  it.each([
    ['dash', which('/bin/dash', '/usr/bin/dash'), []],
    ['busybox sh', which('/bin/busybox', '/usr/bin/busybox'), ['sh']],
  ])('is a script %s parses', (name, shell, pre) => {
    if (!shell) {
      if (process.env.CI === 'true') throw new Error(`${name} is missing (CI=true: .ci/run installs it)`);
      console.log(`skipped: ${name} is not installed`);
      return;
    }
    const file = tmp.write('collect.sh', collectScript());
    const r = spawnSync(shell, [...pre, '-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const help = spawnSync(shell, [...pre, file, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('usage: sh collect.sh [OUT.tar.gz]');
    expect(help.status).toBe(0);
  });
});
