import { BUNDLE_BANNER, buildIdOf } from './code-cache';

const BUILD = '0123456789abcdef';
const SOURCE = `${BUNDLE_BANNER}${BUILD}\nmodule.exports = { answer: 6 * 7, dirname: __dirname, req: typeof require };\n`;

describe('buildIdOf', () => {
  it('reads the build id from a bundle’s first line', () => {
    expect(buildIdOf(SOURCE)).toBe(BUILD);
  });

  it('finds none in a file tsc wrote, or after a banner with no proper id', () => {
    expect(buildIdOf('"use strict";\nmodule.exports = 1;\n')).toBeUndefined();
    expect(buildIdOf(`${BUNDLE_BANNER}\n`)).toBeUndefined();
    expect(buildIdOf(`${BUNDLE_BANNER}not-hex; rm -rf /\n`)).toBeUndefined();
  });
});
