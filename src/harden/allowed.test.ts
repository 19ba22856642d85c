/**
 * What a profile may set: sandboxing, file-system views, resource control, limits and the identity
 * a sandbox needs, each with the values its directive takes; commands, ordering, dependencies,
 * the service type, restarts, the job's user and environment are refused at file:line:column.
 */
import { isKnownDirective } from '../systemd/directives';
import { ALLOWED_GROUPS, allowedDirective, checkDirectiveValue } from './allowed';
import { parseProfile } from './profile';

/** The diagnostics of a profile whose directives are `body` (YAML, indented two spaces). */
const problems = (body: string) => parseProfile(`description: x\ndirectives:\n${body}`, 'p.yaml').diagnostics;

describe('what a profile may set', () => {
  it.each([
    'ExecStartPre: /bin/evil',
    'ExecStart: /bin/evil',
    'ExecStopPost: /bin/evil',
    'After: network.target',
    'Wants: evil.service',
    'Requires: evil.service',
    'WantedBy: multi-user.target',
    'Type: simple',
    'Restart: always',
    'Environment: LD_PRELOAD=/tmp/evil.so',
    'User: root',
    'Group: root',
    'AmbientCapabilities: CAP_SYS_ADMIN',
    'Nice: -20',
  ])('refuses %s at its line and column, naming the rule', (line) => {
    const [d, ...rest] = problems(`  ${line}\n`);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ ruleId: 'harden/directive-not-allowed', severity: 'error', line: 3, column: 3 });
    expect(d!.message).toContain(`a profile may not set ${line.split(':')[0]}=`);
  });

  it('refuses a command in the long form and in another section too', () => {
    const d = problems('  ExecStartPre:\n    value: /bin/evil\n    reason: looks harmless\n')[0]!;
    expect(d).toMatchObject({ ruleId: 'harden/directive-not-allowed', line: 3, column: 3 });
    const unit = problems('  ProtectSystem:\n    value: strict\n    section: Unit\n')[0]!;
    expect(unit).toMatchObject({ ruleId: 'harden/directive-not-allowed', message: expect.stringContaining('[Unit]') });
  });

  it('still calls a name systemd does not have an unknown directive, with a suggestion', () => {
    expect(problems('  ExecStrtPre: /bin/x\n')[0]).toMatchObject({
      ruleId: 'harden/unknown-directive',
      hint: 'did you mean ExecStartPre?',
    });
  });

  it('allows only [Service] directives systemd knows, each with a value kind', () => {
    for (const g of ALLOWED_GROUPS)
      for (const key of Object.keys(g.directives)) {
        expect([key, isKnownDirective('Service', key)]).toEqual([key, true]);
        expect(allowedDirective('Service', key)).toBeDefined();
        expect(allowedDirective('Unit', key)).toBeUndefined();
      }
  });
});

describe('the values a directive takes', () => {
  it.each([
    ['ProtectSystem', ['strict', 'full', 'yes', 'no', 'true', 'Off']],
    ['ProtectHome', ['yes', 'read-only', 'tmpfs']],
    ['PrivateTmp', ['yes', 'no', '1', 'false']],
    ['ProtectProc', ['invisible']],
    ['RestrictNamespaces', ['yes', 'net ipc', '~user']],
    ['RestrictAddressFamilies', ['AF_UNIX AF_INET AF_INET6', '~AF_PACKET', 'none']],
    ['SystemCallFilter', ['@system-service', '~@privileged @resources', '~@mount:EPERM', 'read write']],
    ['SystemCallErrorNumber', ['EPERM', '13']],
    ['SystemCallArchitectures', ['native']],
    ['CapabilityBoundingSet', ['CAP_NET_BIND_SERVICE', '~CAP_SYS_ADMIN CAP_SYS_PTRACE']],
    ['ReadWritePaths', ['-/var/lib/x', '/a /b', '-+/srv/%N']],
    ['BindReadOnlyPaths', ['/usr /bin /etc/ld.so.cache', '-/srv/a:/b:rbind']],
    ['TemporaryFileSystem', ['/home:ro /srv:ro', '/var:mode=0755,size=10M']],
    ['StateDirectory', ['app', 'app/data', 'app:link']],
    ['RootDirectory', ['/srv/root']],
    ['UMask', ['0027', '077']],
    ['LimitNOFILE', ['65536', '1024:4096', 'infinity']],
    ['LimitCORE', ['0', '1G', 'infinity']],
    ['LimitCPU', ['30s', 'infinity']],
    ['LimitNICE', ['-5', '+10']],
    ['TasksMax', ['512', '10%', 'infinity']],
    ['MemoryMax', ['512M', '1.5G', '50%', 'infinity']],
    ['CPUQuota', ['150%']],
    ['CPUWeight', ['100', 'idle']],
    ['IOReadBandwidthMax', ['/dev/sda 10M']],
    ['DeviceAllow', ['/dev/null rw', 'char-pts']],
    ['IPAddressDeny', ['any', '10.0.0.0/8 ::1/128']],
    ['SupplementaryGroups', ['adm', 'adm www-data', '1000', 'DOMAIN$']],
    ['DynamicUser', ['yes']],
  ])('accepts what %s takes', (key, values) => {
    for (const v of values) expect([v, checkDirectiveValue(key, v)]).toEqual([v, undefined]);
  });

  it.each([
    ['ProtectSystem', ['maybe', 'strict full']],
    ['ProtectHome', ['maybe']],
    ['PrivateTmp', ['sometimes']],
    ['RestrictAddressFamilies', ['AF_UNIX inet']],
    ['SystemCallFilter', ['@system service;rm']],
    ['CapabilityBoundingSet', ['SYS_ADMIN']],
    ['ReadWritePaths', ['relative/path', '/a "b"', '/a\\b']],
    ['BindPaths', ['/a:relative', '/a:/b:bogus']],
    ['StateDirectory', ['/var/lib/app', '../etc', 'a/../b']],
    ['RootDirectory', ['/a /b', 'root']],
    ['UMask', ['0o27', '0999', 'u=rwx']],
    ['LimitNOFILE', ['lots', '1:2:3', '-1']],
    ['TasksMax', ['many', '5 6']],
    ['MemoryMax', ['512Q']],
    ['CPUWeight', ['0', '10001']],
    ['IOReadBandwidthMax', ['10M']],
    ['DeviceAllow', ['/dev/null rwx', 'sda rw']],
    ['SupplementaryGroups', ['-adm', 'a:b', '..', 'a/b', '"adm"']],
  ])('refuses what %s does not take', (key, values) => {
    for (const v of values) expect([v, checkDirectiveValue(key, v)]).toEqual([v, expect.any(String)]);
  });

  it('refuses CR, LF, NUL, tab and every other control character in any value', () => {
    for (const c of ['\n', '\r', '\u0000', '\t', '\u001b', '\u007f', '\u0085', '\u2028'])
      expect(checkDirectiveValue('ReadWritePaths', `/a${c}ExecStartPre=/bin/evil`)).toMatch(/control character/);
  });

  it('reports a bad literal value at its own line and column when the profile loads', () => {
    expect(problems('  PrivateTmp: yes\n  ProtectHome: maybe\n')).toEqual([
      expect.objectContaining({
        ruleId: 'harden/invalid-value',
        line: 4,
        column: 16,
        message: 'ProtectHome: "maybe" is not one of yes, no, read-only, tmpfs',
      }),
    ]);
    expect(problems('  ReadWritePaths: [/a, "/b\\nExecStartPre=/bin/evil"]\n')[0]).toMatchObject({
      ruleId: 'harden/invalid-value',
      line: 3,
      column: 24,
    });
  });

  it('asks for a mode in quotes, since YAML reads 0027 as the number 27', () => {
    expect(problems('  UMask: 0027\n')[0]).toMatchObject({
      ruleId: 'harden/invalid-value',
      message: expect.stringContaining('quoted'),
    });
    expect(problems('  UMask: "0027"\n')).toEqual([]);
  });
});
