import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TEMPLATE_DIR, renderScript } from './render';
import { TEMPLATE_SPECS } from './templates.generated';

const ROOT = join(__dirname, '..', '..');

describe('the precompiled templates', () => {
  it('are what scripts/precompile-templates.js makes of templates/*.hbs now (run it after editing one)', () => {
    const check = (): string =>
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'precompile-templates.js'), '--check'], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(check).not.toThrow();
  });

  it('hold one template per .hbs file, the unit layout among them', () => {
    expect(Object.keys(TEMPLATE_SPECS).sort()).toEqual([
      '_unit',
      'dropin',
      'path',
      'script',
      'service',
      'socket',
      'target',
    ]);
  });

  it('write the same text as the templates compiled from their source', () => {
    const data = {
      name: 'a & <b>',
      process: 'pre-start',
      job: "j'ob",
      source: '/etc/init/x.conf',
      unit: 'x.service',
      installPath: '/usr/local/lib/upstart2systemd/x',
      body: 'echo "$1" `date` {{x}}',
    };
    const source = readFileSync(join(TEMPLATE_DIR, 'script.hbs'), 'utf8');
    const compiled = Handlebars.create().compile(source, { noEscape: true, strict: true });
    expect(renderScript(data)).toBe(compiled(data));
  });
});
