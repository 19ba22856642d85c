import fc from 'fast-check';
import { roffText } from './man';

describe('roffText', () => {
  it('keeps text from being read as a roff request or escape', () => {
    expect(roffText('.SH x')).toBe('\\&.SH x');
    expect(roffText("a\n'br\n.TH")).toBe("a\n\\&'br\n\\&.TH");
    expect(roffText('C:\\path\\fB')).toBe('C:\\epath\\efB');
    expect(roffText('--dry-run')).toBe('\\-\\-dry\\-run');
    expect(roffText('a → b — `c`')).toBe('a \\[u2192] b \\[u2014] c');
  });

  it("leaves no backslash but its own escapes, and no line starting with . or '", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const out = roffText(text);
        expect(out.replace(/\\(e|-|&|\[u[0-9A-F]{4,6}\])/g, '')).not.toContain('\\');
        expect(out).not.toMatch(/^[.']/m);
        expect(out).toMatch(/^[\x20-\x7e\n]*$/);
      }),
    );
  });
});
