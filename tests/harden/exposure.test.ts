/**
 * Exposure scores in a run: each job gets its score before and after hardening, or a
 * harden/exposure-unscored diagnostic saying which score was lost and why — never a note listing
 * temporary unit names. Shown with a stand-in systemd-analyze on PATH (so it runs anywhere), and
 * with the real one where it is 250 or newer.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConvertedJob } from '../../src/convert';
import { diagnostic } from '../../src/diagnostics/collector';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { analyseUnits } from '../../src/harden/exposure-run';
import { exposureScores, systemdAnalyzeVersion } from '../../src/harden/exposure';
import { keepScoredUnit } from '../../src/pipeline/exposure';
import { scoreExposure } from '../../src/pipeline';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-exposure-');

/**
 * A stand-in `systemd-analyze`: `--version` says 252; `security` scores a unit 9.6, or 2.0 when it
 * is hardened (ProtectSystem=), and refuses a hardened unit whose text says `refuse` — in the words
 * of systemd 252, naming the file by its path in the temporary folder.
 */
const FAKE = `#!${process.execPath}
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
if (args[0] === '--version') { process.stdout.write('systemd 252 (252)\\n'); process.exit(0); }
let status = 0;
for (const f of args.filter((a) => !a.startsWith('-') && a !== 'security')) {
  const name = path.basename(f);
  const text = fs.readFileSync(f, 'utf8');
  if (text.includes('refuse') && text.includes('ProtectSystem=')) {
    process.stderr.write(f + ':2: Unknown key name \\'refuse\\' in section \\'Service\\', ignoring.\\n' +
      name + ': Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.\\n');
    status = 1;
    continue;
  }
  const score = text.includes('ProtectSystem=') ? '2.0 OK 🙂' : '9.6 UNSAFE 😨';
  process.stdout.write('  NAME  DESCRIPTION  EXPOSURE\\n\\n→ Overall exposure level for ' + name + ': ' + score + '\\n');
}
process.exit(status);
`;

/** Runs `body` with the stand-in systemd-analyze first on PATH. */
async function withFakeAnalyser<T>(body: () => Promise<T> | T): Promise<T> {
  const bin = path.join(tmp.path, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'systemd-analyze'), FAKE, { mode: 0o755 });
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${saved ?? ''}`;
  try {
    return await body();
  } finally {
    process.env.PATH = saved;
  }
}

/** A converted job with one service unit. */
function job(name: string, content: string): ConvertedJob {
  const file = { name: `${name}.service`, content };
  return { name, conf: `/etc/init/${name}.conf`, status: 'converted', units: [], files: [file], diagnostics: [] };
}

describe('scoreExposure', () => {
  it('scores every job before and after hardening, by unit, with no diagnostic', async () => {
    const before = [job('a', '[Service]\nExecStart=/a\n'), job('b', '[Service]\nExecStart=/b\n')];
    const after = [
      job('a', '[Service]\nExecStart=/a\nProtectSystem=strict\n'),
      job('b', '[Service]\nExecStart=/b\nProtectSystem=full\n'),
    ];
    const scored = await withFakeAnalyser(() => scoreExposure(before, after));
    expect(scored).toEqual({
      exposure: [
        { before: 9.6, after: 2 },
        { before: 9.6, after: 2 },
      ],
      diagnostics: [[], []],
    });
  });

  it('gives a job whose hardened unit is refused a diagnostic naming the unit, the score lost and why', async () => {
    const before = [job('a', '[Service]\nExecStart=/a\n'), job('b', '[Service]\nExecStart=/b --refuse\n')];
    const after = [
      job('a', '[Service]\nExecStart=/a\nProtectSystem=strict\n'),
      job('b', '[Service]\nExecStart=/b --refuse\nProtectSystem=full\n'),
    ];
    const scored = await withFakeAnalyser(() => scoreExposure(before, after));
    expect(scored.exposure).toEqual([{ before: 9.6, after: 2 }, { before: 9.6 }]);
    expect(scored.diagnostics[0]).toEqual([]);
    expect(scored.diagnostics[1]!.map(formatDiagnostic)).toEqual([
      '/etc/init/b.conf: warning: b.service: no exposure score after hardening: systemd-analyze refused it: ' +
        "b.service:2: Unknown key name 'refuse' in section 'Service', ignoring. — " +
        'b.service: Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing. [harden/exposure-unscored]\n' +
        '    hint: score the written unit with `systemd-analyze security --offline=true FILE`',
    ]);
    expect(scored.note).toBeUndefined();
  });

  it('says "before or after" once when both scores are lost for the same reason', () => {
    const scored = scoreExposure([job('a', 'x')], [job('a', 'y')], { command: ['/nonexistent/systemd-analyze'] });
    expect(scored.exposure).toEqual([{}]);
    expect(scored.diagnostics[0]!.map((d) => d.message)).toEqual([
      'a.service: no exposure score before or after hardening: systemd-analyze could not be started (ENOENT)',
    ]);
  });

  it('leaves a job without a service unit unscored and without a diagnostic', async () => {
    const target = { ...job('t', ''), files: [{ name: 't.target', content: '[Unit]\n' }] };
    const scored = await withFakeAnalyser(() => scoreExposure([target], [target]));
    expect(scored).toEqual({ exposure: [{}], diagnostics: [[]] });
  });

  it('scores an unhardened job kept only as its service unit (and its files by name) as the whole job', async () => {
    const whole = (): ConvertedJob => ({
      ...job('a', '[Service]\nExecStart=/a\n'),
      files: [
        { name: 'a-pre-start.sh', content: '#!/bin/sh\nmkdir -p /run/a\n' },
        { name: 'a.service', content: '[Service]\nExecStart=/a\n' },
      ],
      diagnostics: [diagnostic('internal/error', { file: '/etc/init/a.conf' }, 'kept by the job, not by its score')],
    });
    const kept = whole();
    keepScoredUnit(kept);
    expect(kept.files).toEqual([
      { name: 'a-pre-start.sh', content: '' },
      { name: 'a.service', content: '[Service]\nExecStart=/a\n' },
    ]);
    expect(kept.diagnostics).toEqual([]);
    const after = [job('a', '[Service]\nExecStart=/a\nProtectSystem=strict\n')];
    const scored = await withFakeAnalyser(() => [scoreExposure([kept], after), scoreExposure([whole()], after)]);
    expect(scored[0]).toEqual(scored[1]);
    expect(scored[0]!.exposure).toEqual([{ before: 9.6, after: 2 }]);
  });

  it('is one note for the run, and no diagnostic, when systemd-analyze is not installed', () => {
    const saved = process.env.PATH;
    process.env.PATH = tmp.path;
    try {
      const scored = scoreExposure([job('a', 'x')], [job('a', 'y')]);
      expect(scored).toEqual({
        exposure: [{}],
        diagnostics: [[]],
        note: 'no exposure scores: systemd-analyze is not installed (apt-get install systemd)',
      });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('convert --profile with scores lost', () => {
  it('prints an exposure line for each scored job and a warning for the other, never a temporary name', async () => {
    const init = path.join(tmp.path, 'etc/init');
    tmp.write('etc/init/web.conf', 'exec /usr/sbin/web\n');
    tmp.write('etc/init/db.conf', 'exec /usr/sbin/db --refuse\n');
    const text = await withFakeAnalyser(() => runCli(['convert', init, '--profile', 'recommended']));
    expect(text.err).toContain('web: exposure 9.6 → 2.0 (systemd-analyze security)\n');
    expect(text.err).not.toContain('db: exposure');
    expect(text.err).toMatch(
      /db\.service: no exposure score after hardening: systemd-analyze refused it: .*Refusing\./,
    );
    expect(text.err).not.toMatch(/u2s-security|u2s-before|\bnote: /);
    const json = await withFakeAnalyser(() =>
      runCli(['convert', init, '--profile', 'recommended', '--format', 'json']),
    );
    const doc = JSON.parse(json.out) as {
      jobs: Array<{ name: string; exposure: object; diagnostics: Array<{ ruleId: string }> }>;
      exposureNote?: string;
    };
    const byName = new Map(doc.jobs.map((j) => [j.name, j]));
    expect(byName.get('web')!.exposure).toEqual({ before: 9.6, after: 2 });
    expect(byName.get('db')!.exposure).toEqual({ before: 9.6 });
    expect(byName.get('db')!.diagnostics.map((d) => d.ruleId)).toContain('harden/exposure-unscored');
    expect(doc.exposureNote).toBeUndefined();
    expect(json.out).not.toMatch(/u2s-security|u2s-before/);
  });
});

const real = (systemdAnalyzeVersion() ?? 0) >= 250;

(real ? describe : describe.skip)('the real systemd-analyze security', () => {
  it('scores a service and a template, and says in its own words why it refuses the others', () => {
    const units = [
      { name: 'ok.service', content: '[Service]\nExecStart=/usr/bin/sleep 1\n' },
      { name: 'tpl@.service', content: '[Service]\nExecStart=/usr/bin/sleep %i\nPrivateTmp=yes\n' },
      { name: 'noexec.service', content: '[Unit]\nDescription=nothing to run\n' },
      { name: 'baduser.service', content: '[Service]\nExecStart=/bin/true\nUser=a:b\n' },
    ];
    const scores = analyseUnits(units, { parallel: 2, chunkSize: 2 });
    expect(scores[0]).toEqual({ score: expect.any(Number) });
    expect(scores[1]).toEqual({ score: expect.any(Number) });
    expect(scores[2]).toEqual({ why: expect.stringMatching(/^systemd-analyze refused it: .*Refusing\./) });
    expect(scores[3]).toEqual({ why: expect.stringContaining('Invalid user/group name or numeric ID: a:b') });
    expect(JSON.stringify(scores)).not.toContain(os.tmpdir());
  });

  it('gives exposureScores the scores by name and the unscored units with their reason', () => {
    const r = exposureScores([
      { name: 'ok.service', content: '[Service]\nExecStart=/usr/bin/sleep 1\n' },
      { name: 'noexec.service', content: '[Unit]\nDescription=nothing to run\n' },
      { name: 'ok.socket', content: '[Socket]\nListenStream=80\n' },
    ]);
    expect([...r.scores.keys()]).toEqual(['ok.service']);
    expect([...r.unscored.keys()]).toEqual(['noexec.service']);
    expect(r.note).toBeUndefined();
  });
});
