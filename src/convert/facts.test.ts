/**
 * The powers a line of a job's shell needs (facts.ts, NEEDS): the one pattern that lets most lines
 * skip the ten finds them exactly when one of the ten does.
 */
import fc from 'fast-check';
import { NEEDS, needsIn } from './facts';

/** More runs locally with FC_RUNS=100000. */
const RUNS = Number(process.env.FC_RUNS ?? 1000);

/** Each pattern asked on its own, as the scan did before the shared first look. */
function eachAlone(text: string): Array<[string, string]> {
  return NEEDS.filter(([, re]) => re.test(text)).map(([need, re]) => [need, (re.exec(text)?.[0] ?? '').trim()]);
}

const piece = fc.constantFrom(
  'su ',
  'sudo ',
  'ping6 ',
  'modprobe ',
  'sysctl -w',
  '/proc/sys/',
  'hwclock',
  'date -s',
  'mount ',
  'ip ',
  'ip netns',
  'hostname x',
  'hostname -f',
  'unshare',
  'lxc-start',
  'chrt ',
  'dmesg',
  '/dev/kmsg',
  ' ',
  '\n',
  ';',
  '&',
  '|',
  '(',
  '/',
  'a',
  'x-',
  '$V',
  'echo ',
  '-',
  '\t',
);

describe('the powers a line needs', () => {
  it('are the ones each pattern alone finds, for any line', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(needsIn(text)).toEqual(eachAlone(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('are found in a plain line and not in one without them', () => {
    expect(needsIn('modprobe nbd && mount /dev/nbd0 /mnt')).toEqual([
      ['kernel-modules', 'modprobe'],
      ['mount', 'mount'],
    ]);
    expect(needsIn('exec /usr/sbin/ledgerd --config /etc/ledger.conf')).toEqual([]);
  });
});
