/**
 * Value templates: text with {{name}} placeholders and nothing else, rendered in one pass; a lone
 * {{list}} gives one value per item; anything that is not a placeholder after `{{` is refused.
 */
import fc from 'fast-check';
import { parseTemplate, placeholders, renderTemplate } from './template';

/** Parses a template that must parse. */
const parsed = (text: string) => {
  const r = parseTemplate(text);
  if ('error' in r) throw new Error(r.error);
  return r.template;
};

describe('value templates', () => {
  it('names the variables a value uses, each once', () => {
    expect(placeholders(parsed('/srv/{{ job }}/{{unit}}-{{job}}'))).toEqual(['job', 'unit']);
    expect(placeholders(parsed('strict'))).toEqual([]);
  });

  it('renders strings in place, a lone list as one value per item, and an empty result as no value', () => {
    const vars = { job: 'app', dirs: ['a', 'b'], none: [] as string[], blank: '' };
    expect(renderTemplate(parsed('/srv/{{job}}'), vars)).toEqual({ values: ['/srv/app'] });
    expect(renderTemplate(parsed('{{dirs}}'), vars)).toEqual({ values: ['a', 'b'] });
    expect(renderTemplate(parsed('x {{dirs}}'), vars)).toEqual({ values: ['x a b'] });
    expect(renderTemplate(parsed('{{none}}'), vars)).toEqual({ values: [] });
    expect(renderTemplate(parsed(' {{blank}} '), vars)).toEqual({ values: [] });
  });

  it('returns the name of a missing variable instead of throwing, and never reads the prototype', () => {
    expect(renderTemplate(parsed('{{task_max}}'), {})).toEqual({ missing: 'task_max' });
    expect(renderTemplate(parsed('{{constructor}}'), {})).toEqual({ missing: 'constructor' });
  });

  it.each(['{{#if x}}y{{/if}}', '{{{raw}}}', '{{x.y}}', '{{> partial}}', '{{lookup . "x"}}', 'a {{ b'])(
    'refuses %s: only {{name}} placeholders',
    (text) => {
      expect(parseTemplate(text)).toMatchObject({ error: expect.stringContaining('{{name}}') });
    },
  );

  it('never throws, and gives back text without placeholders unchanged (trimmed)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const r = parseTemplate(text);
        if ('error' in r) return;
        const out = renderTemplate(r.template, Object.fromEntries(placeholders(r.template).map((n) => [n, n])));
        if (!text.includes('{{')) expect(out).toEqual({ values: text.trim() ? [text.trim()] : [] });
      }),
    );
  });
});
