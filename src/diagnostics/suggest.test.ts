import fc from 'fast-check';
import { closest, editDistance, nearestName } from './suggest';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one each', () => {
    expect(editDistance('convert', 'convert')).toBe(0);
    expect(editDistance('convrt', 'convert')).toBe(1);
    expect(editDistance('cnovert', 'convert')).toBe(1);
    expect(editDistance('bionc', 'bionic')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is symmetric, zero only for equal words, and never more than the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe('closest', () => {
  const commands = ['parse', 'convert', 'profiles', 'collect', 'completion'];

  it('names the candidate a near miss meant, ignoring case', () => {
    expect(closest('convrt', commands)).toBe('convert');
    expect(closest('CONVERT', commands)).toBe('convert');
    expect(closest('profile', commands)).toBe('profiles');
    expect(closest('parze', commands)).toBe('parse');
    expect(closest('bionc', ['ubuntu-18.04', 'bionic', 'focal'])).toBe('bionic');
    expect(closest('ubuntu-18.4', ['ubuntu-16.04', 'ubuntu-18.04'])).toBe('ubuntu-18.04');
  });

  it('takes the one candidate a word begins when nothing is close by letters', () => {
    expect(closest('conv', commands)).toBe('convert');
    expect(closest('compl', commands)).toBe('completion');
    expect(closest('co', commands)).toBeUndefined();
  });

  it('names nothing for a word far from every candidate, empty or very long', () => {
    expect(closest('x', ['h'])).toBeUndefined();
    expect(closest('deploy', commands)).toBeUndefined();
    expect(closest('', commands)).toBeUndefined();
    expect(closest('c'.repeat(100), ['c'.repeat(99)])).toBeUndefined();
  });
});

describe('nearestName', () => {
  it('suggests the nearest name two edits away at most, ignoring case, never the name itself', () => {
    const names = ['readonly-tmp', 'recommended', 'strict', 'limits'];
    expect(nearestName('recomended', names)).toBe('recommended');
    expect(nearestName('Strict', names)).toBe('strict');
    expect(nearestName('readonly_tmp', names)).toBe('readonly-tmp');
    expect(nearestName('paranoid', names)).toBeUndefined();
    expect(nearestName('strict', names)).toBeUndefined();
  });
});
