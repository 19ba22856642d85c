/**
 * What a unit adds up to with its drop-ins, like systemd: the order drop-ins are read in, what an
 * empty assignment does to each kind of directive, and the normalized text of the merged settings.
 */
import { dropinOrder, mergeUnit, renderMerged } from './unit-merge';
import { parseUnitFile } from './unit-parser';

/** The merged settings of one section as a plain object. */
const section = (text: string, name: string, dropins: Record<string, string> = {}): Record<string, string[]> => {
  const files = [
    parseUnitFile(text, 'x.service'),
    ...Object.entries(dropins).map(([f, t]) => parseUnitFile(t, `x.service.d/${f}`)),
  ];
  return Object.fromEntries(mergeUnit('x.service', files).sections.get(name) ?? []);
};

describe('the order of drop-ins', () => {
  it('sorts by file name in byte order across all directories', () => {
    const order = dropinOrder([
      { dir: '/usr/lib/systemd/system/x.service.d', name: 'a.conf', priority: 3 },
      { dir: '/etc/systemd/system/x.service.d', name: 'Z.conf', priority: 0 },
      { dir: '/run/systemd/system/x.service.d', name: '9-x.conf', priority: 1 },
      { dir: '/lib/systemd/system/x.service.d', name: '10-x.conf', priority: 2 },
    ]);
    expect(order.map((o) => o.name)).toEqual(['10-x.conf', '9-x.conf', 'Z.conf', 'a.conf']);
  });

  it('reads only the equally named file of the highest-priority directory, which is how /etc masks /usr/lib', () => {
    const order = dropinOrder([
      { dir: '/usr/lib/systemd/system/x.service.d', name: '50-a.conf', priority: 3 },
      { dir: '/etc/systemd/system/x.service.d', name: '50-a.conf', priority: 0 },
      { dir: '/run/systemd/system/x.service.d', name: '50-a.conf', priority: 1 },
      { dir: '/usr/lib/systemd/system/x.service.d', name: '60-b.conf', priority: 3 },
    ]);
    expect(order).toEqual([
      { dir: '/etc/systemd/system/x.service.d', name: '50-a.conf' },
      { dir: '/usr/lib/systemd/system/x.service.d', name: '60-b.conf' },
    ]);
  });

  it('keeps the first of two equally named files of the same priority, e.g. NAME.d/ before its prefix directory', () => {
    expect(
      dropinOrder([
        { dir: '/etc/systemd/system/foo-bar.service.d', name: '10-o.conf', priority: 0 },
        { dir: '/etc/systemd/system/foo-.service.d', name: '10-o.conf', priority: 0 },
      ]),
    ).toEqual([{ dir: '/etc/systemd/system/foo-bar.service.d', name: '10-o.conf' }]);
  });

  it('ignores hidden files and files not ending in .conf', () => {
    expect(
      dropinOrder(
        ['.hidden.conf', 'x.conf~', 'notes.txt', 'ok.conf'].map((name) => ({
          dir: '/etc/x.service.d',
          name,
          priority: 0,
        })),
      ).map((o) => o.name),
    ).toEqual(['ok.conf']);
  });
});

describe('merging a unit with its drop-ins', () => {
  /** The vendor unit and the drop-in of systemd.unit(5), "Overriding vendor settings". */
  const httpd = [
    '[Unit]',
    'Description=Some HTTP server',
    'After=remote-fs.target sqldb.service',
    'Requires=sqldb.service',
    'AssertPathExists=/srv/webserver',
    '',
    '[Service]',
    'Type=notify',
    'ExecStart=/usr/sbin/some-fancy-httpd-server',
    'Nice=5',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
  const local = [
    '[Unit]',
    'After=memcached.service',
    'Requires=memcached.service',
    '# Reset all assertions and then re-add the condition we want',
    'AssertPathExists=',
    'AssertPathExists=/srv/www',
    '',
    '[Service]',
    'Nice=0',
    'PrivateTmp=yes',
    '',
  ].join('\n');

  it('applies the drop-in of the systemd.unit(5) example: dependencies added, the assertion replaced, Nice= overridden', () => {
    const m = mergeUnit('httpd.service', [
      parseUnitFile(httpd, '/lib/systemd/system/httpd.service'),
      parseUnitFile(local, '/etc/systemd/system/httpd.service.d/local.conf'),
    ]);
    expect(m.sources).toEqual(['/lib/systemd/system/httpd.service', '/etc/systemd/system/httpd.service.d/local.conf']);
    expect(Object.fromEntries(m.sections.get('Unit')!)).toEqual({
      Description: ['Some HTTP server'],
      After: ['remote-fs.target sqldb.service', 'memcached.service'],
      Requires: ['sqldb.service', 'memcached.service'],
      AssertPathExists: ['/srv/www'],
    });
    expect(Object.fromEntries(m.sections.get('Service')!)).toEqual({
      Type: ['notify'],
      ExecStart: ['/usr/sbin/some-fancy-httpd-server'],
      Nice: ['0'],
      PrivateTmp: ['yes'],
    });
    expect(m.diagnostics).toEqual([]);
  });

  it('replaces the command when a drop-in has "ExecStart=" and then "ExecStart=/new"', () => {
    expect(
      section('[Service]\nExecStart=/usr/bin/old --flag\n', 'Service', {
        'override.conf': '[Service]\nExecStart=\nExecStart=/new\n',
      }),
    ).toEqual({ ExecStart: ['/new'] });
  });

  it('adds a second command when the drop-in does not reset the list first', () => {
    expect(
      section('[Service]\nExecStart=/old\n', 'Service', { 'override.conf': '[Service]\nExecStart=/new\n' }),
    ).toEqual({ ExecStart: ['/old', '/new'] });
  });

  it('does not reset dependencies with an empty "Wants=": systemd ignores it (systemd.unit(5)), and says so', () => {
    const files = [
      parseUnitFile('[Unit]\nWants=a.service\n', 'x.service'),
      parseUnitFile('[Unit]\nWants=\nWants=b.service\n', 'x.service.d/o.conf'),
    ];
    const m = mergeUnit('x.service', files);
    expect(m.sections.get('Unit')!.get('Wants')).toEqual(['a.service', 'b.service']);
    expect(m.diagnostics.map((d) => [d.ruleId, d.severity, d.file, d.line])).toEqual([
      ['diff/unit-ignored-setting', 'warning', 'x.service.d/o.conf', 2],
    ]);
  });

  it('resets other lists with an empty assignment, and drops the empty assignment itself', () => {
    expect(
      section(
        '[Service]\nEnvironment=A=1\nEnvironment=B=2\nEnvironment=\nEnvironment=C=3\nReadWritePaths=/a\nReadWritePaths=\n',
        'Service',
      ),
    ).toEqual({ Environment: ['C=3'], ReadWritePaths: [] });
  });

  it('keeps only the last value of a repeated single-valued directive', () => {
    expect(section('[Service]\nUser=a\nUser=b\n', 'Service', { 'o.conf': '[Service]\nUser=c\n' })).toEqual({
      User: ['c'],
    });
  });

  it('resets a single-valued directive that accepts an empty value to its default', () => {
    expect(section('[Service]\nNice=5\nUser=a\n', 'Service', { 'o.conf': '[Service]\nNice=\nUser=\n' })).toEqual({
      Nice: [],
      User: [],
    });
  });

  it('keeps the earlier value when systemd refuses an empty one, as for Restart= and booleans', () => {
    const m = mergeUnit('x.service', [
      parseUnitFile('[Service]\nRestart=always\nPrivateTmp=yes\nLimitNOFILE=1024\n', 'x.service'),
      parseUnitFile('[Service]\nRestart=\nPrivateTmp=\nLimitNOFILE=\n', 'x.service.d/o.conf'),
    ]);
    expect(Object.fromEntries(m.sections.get('Service')!)).toEqual({
      Restart: ['always'],
      PrivateTmp: ['yes'],
      LimitNOFILE: ['1024'],
    });
    expect(m.diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(m.diagnostics[0]!.message).toContain('keeps Restart=always');
  });

  it('reports an empty DynamicUser= as an error, since systemd will not start such a unit', () => {
    expect(
      mergeUnit('x.service', [parseUnitFile('[Service]\nDynamicUser=\n', 'x.service')]).diagnostics.map((d) => [
        d.ruleId,
        d.severity,
      ]),
    ).toEqual([['diff/unit-fatal-setting', 'error']]);
  });

  it('resets every condition with one empty Condition…=, and every listening address with one empty Listen…=', () => {
    expect(
      section(
        '[Unit]\nConditionPathExists=/a\nConditionFileNotEmpty=/b\nAssertPathExists=/c\nConditionUser=\nConditionUser=root\n',
        'Unit',
      ),
    ).toEqual({
      ConditionPathExists: [],
      ConditionFileNotEmpty: [],
      AssertPathExists: ['/c'],
      ConditionUser: ['root'],
    });
    expect(
      section('[Socket]\nListenStream=80\nListenDatagram=53\nListenStream=\nListenStream=8080\n', 'Socket'),
    ).toEqual({ ListenStream: ['8080'], ListenDatagram: [] });
  });

  it('accumulates watched paths and timers, which unit.ts does not list', () => {
    expect(section('[Path]\nPathExists=/a\nPathExists=/b\nPathChanged=/c\n', 'Path')).toEqual({
      PathExists: ['/a', '/b'],
      PathChanged: ['/c'],
    });
  });

  it('passes on the diagnostics of every file', () => {
    const m = mergeUnit('x.service', [
      parseUnitFile('[Service]\nbad\n', 'x.service'),
      parseUnitFile('oops=1\n', 'x.service.d/o.conf'),
    ]);
    expect(m.diagnostics.map((d) => [d.file, d.line])).toEqual([
      ['x.service', 2],
      ['x.service.d/o.conf', 1],
    ]);
  });
});

describe('the normalized text of merged settings', () => {
  it('writes sections in unit order and keys in the documented order, unknown keys alphabetically after', () => {
    const text =
      '[Install]\nWantedBy=multi-user.target\n[X-Extra]\nb=1\n[Service]\nZeta=1\nExecStart=/bin/true\n' +
      'Type=simple\nAlpha=2\n[Unit]\nAfter=a.service\nDescription=d\n';
    expect(renderMerged(mergeUnit('x.service', [parseUnitFile(text, 'x.service')]))).toBe(
      [
        '[Unit]',
        'Description=d',
        'After=a.service',
        '',
        '[Service]',
        'Type=simple',
        'ExecStart=/bin/true',
        'Alpha=2',
        'Zeta=1',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
        '[X-Extra]',
        'b=1',
        '',
      ].join('\n'),
    );
  });

  it('shows a list emptied on purpose as "Key=" and leaves out single-valued settings reset to their default', () => {
    expect(
      renderMerged(
        mergeUnit('x.service', [
          parseUnitFile('[Service]\nExecStart=/old\nNice=5\n', 'x.service'),
          parseUnitFile('[Service]\nExecStart=\nNice=\n', 'o.conf'),
        ]),
      ),
    ).toBe('[Service]\nExecStart=\n');
  });

  it('is empty for a unit without settings', () => {
    expect(renderMerged(mergeUnit('x.service', [parseUnitFile('# nothing\n[Service]\n', 'x.service')]))).toBe('');
  });

  it('writes a value ending in a backslash so that it does not continue the line', () => {
    const m = mergeUnit('x.service', [parseUnitFile('[Service]\nExecStart=/bin/echo \\ \nUser=a\n', 'x.service')]);
    expect(renderMerged(m)).toBe('[Service]\nUser=a\nExecStart=/bin/echo \\ \n');
    expect(section(renderMerged(m), 'Service')).toEqual({ User: ['a'], ExecStart: ['/bin/echo \\'] });
  });
});
