import { findingText, fingerprintOf } from './fingerprint';
import { jsonPositionOf } from './json-position';

describe('finding fingerprints', () => {
  it('leave line and column numbers and the run folders out of the text they hash', () => {
    expect(findingText('see line 12, column 3 and /r/etc/init/a.conf:40:2', ['/r/etc/init'])).toBe(
      'see line N, column N and a.conf:N',
    );
    expect(findingText('lines 3 to 9')).toBe('lines N to 9');
  });

  it('differ by job, rule and text, and are 16 hex digits', () => {
    const a = fingerprintOf('web', 'convert/user-nobody', 'x');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(
      new Set([a, fingerprintOf('db', 'convert/user-nobody', 'x'), fingerprintOf('web', 'convert/x', 'x')]).size,
    ).toBe(3);
  });
});

describe('positions in a JSON document', () => {
  it('find a value (or its key) by path, through strings with escaped quotes and brackets', () => {
    const text = '{\n  "a": "x\\"]}",\n  "b": [1, {"c": true}]\n}';
    expect(jsonPositionOf(text, ['b', 1, 'c'])).toEqual({ line: 3, column: 18 });
    expect(jsonPositionOf(text, ['b', 1, 'c'], true)).toEqual({ line: 3, column: 13 });
    expect(jsonPositionOf(text, ['nope'])).toEqual({ line: 1, column: 1 });
  });
});
