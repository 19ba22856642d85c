import * as fc from 'fast-check';
import { editDistance, nearestName } from './near';

describe('did you mean', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('recommended', 'recomended')).toBe(1);
    expect(editDistance('strict', 'stirct')).toBe(1);
    expect(editDistance('limits', 'limit')).toBe(1);
    expect(editDistance('chroot', 'chroots')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest name two edits away at most, ignoring case', () => {
    const names = ['readonly-tmp', 'recommended', 'strict', 'limits'];
    expect(nearestName('recomended', names)).toBe('recommended');
    expect(nearestName('Strict', names)).toBe('strict');
    expect(nearestName('readonly_tmp', names)).toBe('readonly-tmp');
    expect(nearestName('paranoid', names)).toBeUndefined();
    expect(nearestName('strict', names)).toBeUndefined();
  });

  it('is a distance: zero for equal words, symmetric, never more than the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
