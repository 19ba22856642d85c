/**
 * End-to-end: the idiom pass (`--style native`) lifts shell and event idioms into directives without a
 * change in behaviour. Each idiom job of tests/e2e/idioms runs as its faithful unit (`--style faithful`,
 * already proven against Upstart's behaviour by the other files) and as its native unit, under a real
 * systemd, and what the probe and systemd record must be equal field by field — or the difference is
 * one of idiom-cases.ts's ALLOWED_DIFFERENCES, documented in docs/idioms.md ("Proven under systemd").
 * All jobs of a style run side by side in one lab (idiom-facts.ts); one row per idiom in the table.
 */
import { IDIOM_CASES } from './idiom-cases';
import { differences, observeIdioms } from './idiom-facts';
import { e2eSuite, scenario } from './scenario';

e2eSuite(() => {
  describe('a lifted idiom behaves as the faithful script under systemd', () => {
    for (const k of IDIOM_CASES) {
      scenario(
        `${k.job} (${k.idiom}): native and faithful units record the same facts`,
        async (c) => {
          const o = await observeIdioms(c);
          const f = o.faithful[k.job]!;
          // the faithful run itself did what the idiom says (else equality would prove nothing)
          if (k.program && !k.ends) expect(f.argv).toEqual(expect.arrayContaining([`/usr/sbin/${k.program}`]));
          if (k.job.endsWith('-absent')) expect(f.runs).toBe(0);
          if (k.job === 'idiom-respawn') expect(f.runs).toBe(3);
          if (k.bootDaemon) expect([f['boot.pulledIn'], f['boot.afterDaemon']]).toEqual([true, true]);
          // one line per unexplained field, so that the table's one-line failure names what differed
          const unexplained = differences(k.job, o)
            .filter((d) => !d.reason)
            .map((d) => `${d.field}: faithful ${JSON.stringify(d.faithful)}, native ${JSON.stringify(d.native)}`);
          expect(unexplained.join('; ')).toBe('');
        },
        { timeoutMs: 60_000 },
      );
    }
  });
});
