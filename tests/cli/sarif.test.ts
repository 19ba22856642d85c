/**
 * `convert --format sarif`: a SARIF 2.1.0 log checked against the official schema (shipped by
 * Microsoft's @microsoft/jest-sarif, compiled here with our ajv), with the rules of the table,
 * levels, places relative to --root and the baseline's fingerprints; hostile file names and
 * messages keep it valid JSON and valid SARIF.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { runCli, tempDir } from '../helpers/cli';

const tmp = tempDir('u2s-sarif-');

/** The SARIF 2.1.0 schema (draft-04, `id`), compiled by ajv's default draft-07 dialect. */
function sarifValidator() {
  const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const { $schema, id, ...schema } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  void $schema;
  // the formats the schema uses, checked (not ignored): URI references must be percent-encoded
  const uriRef = (s: string): boolean => /^([A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/.test(s);
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    // the schema's language pattern is not a valid Unicode-mode regular expression (a stray `]`)
    unicodeRegExp: false,
    formats: {
      uri: (s: string) => uriRef(s) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s),
      'uri-reference': uriRef,
      'date-time': true,
    },
  });
  return ajv.compile({ $id: String(id), ...schema });
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; helpUri: string }> } };
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: Record<string, number> } }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

describe('convert --format sarif', () => {
  const validate = sarifValidator();

  it('compiles the official schema, which refuses a log without a tool', () => {
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it('writes a valid SARIF 2.1.0 log: rules from the table, levels, places under --root, fingerprints', async () => {
    tmp.write('host/etc/init/web.conf', 'setuid nobody\nexec /usr/sbin/web\n');
    tmp.write('host/etc/init/bad.conf', 'bogus stanza\nexec /bin/x\n');
    const root = path.join(tmp.path, 'host');
    const base = path.join(tmp.path, 'b.json');
    await runCli(['convert', '--root', root, '--no-score', '--baseline', base, '--update-baseline']);
    fs.writeFileSync(base, JSON.stringify({ version: 1, findings: [] })); // keep nothing hidden
    const r = await runCli(['convert', '--root', root, '--no-score', '--format', 'sarif', '--baseline', base]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out) as SarifLog;
    expect(validate(log)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('upstart2systemd');
    expect(run.tool.driver.rules.find((x) => x.id === 'convert/user-nobody')?.helpUri).toMatch(
      /\/docs\/rules\.md#convert-user-nobody$/,
    );
    const byRule = Object.fromEntries(run.results.map((x) => [x.ruleId, x]));
    expect(byRule['parse/unknown-stanza']).toMatchObject({
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'etc/init/bad.conf' },
            region: { startLine: 1, startColumn: 1 },
          },
        },
      ],
    });
    expect(byRule['convert/user-nobody']?.level).toBe('warning');
    expect(byRule['convert/user-nobody']?.message.text).toContain('\nhint: prefer a dedicated user');
    // the fingerprint is the baseline's
    const entries = (JSON.parse(fs.readFileSync(base, 'utf8')) as { findings: unknown[] }).findings;
    expect(entries).toEqual([]);
    await runCli(['convert', '--root', root, '--no-score', '--baseline', base, '--update-baseline']);
    const written = JSON.parse(fs.readFileSync(base, 'utf8')) as {
      findings: Array<{ ruleId: string; fingerprint: string }>;
    };
    const fp = written.findings.find((f) => f.ruleId === 'convert/user-nobody')!.fingerprint;
    expect(Object.values(byRule['convert/user-nobody']!.partialFingerprints)).toEqual([fp]);
    // notes only with --verbose, as text shows them
    expect(run.results.some((x) => x.level === 'note')).toBe(false);
    const verbose = await runCli(['convert', '--root', root, '--no-score', '--format', 'sarif', '--verbose']);
    expect((JSON.parse(verbose.out) as SarifLog).runs[0]!.results.some((x) => x.level === 'note')).toBe(true);
  });

  it('stays valid JSON and SARIF for a job file named with blanks, %, # and Unicode, and control characters', async () => {
    const name = 'wéb 100% #1\u0007';
    tmp.write(`odd dir/${name}.conf`, 'bogus \u001b[31mred\u0007\r\nexec /bin/x\n');
    const r = await runCli(['convert', path.join(tmp.path, 'odd dir'), '--no-score', '--format', 'sarif']);
    const log = JSON.parse(r.out) as SarifLog;
    expect(validate(log)).toBe(true);
    const result = log.runs[0]!.results[0]!;
    const uri = result.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri).toMatch(/odd%20dir\/w%C3%A9b%20100%25%20%231%07\.conf$/);
    expect(decodeURIComponent(uri)).toBe(path.join(tmp.path, 'odd dir', `${name}.conf`));
    // raw control characters never reach the output unescaped
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
