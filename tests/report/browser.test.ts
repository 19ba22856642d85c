/**
 * The HTML report in a real browser (headless Chromium, one launch for the file, about 2 s): one
 * row per job with its status, the page's own script and style run under its Content-Security-
 * Policy while a job's `<script>` or event handler never does, clicking a header sorts the rows
 * (again: reversed), and without JavaScript the same tables and details are there. Skipped, and
 * saying so, where no Chromium is installed (the Debian package `chromium`) — except under CI=true.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderHtml } from '../../src/report';
import { Browser, type Page, findChromium } from '../helpers/chromium';
import { HTML_NAME, MD_NAME, hostileJobDir, reportOf, runOf } from './fixtures';

const chromium = findChromium();

if (!chromium) {
  const why = 'no Chromium found (install the Debian package chromium, or set CHROMIUM=/path/to/chromium)';
  if (process.env.CI === 'true')
    it(`renders the HTML report in headless Chromium: ${why}`, () => {
      throw new Error(`CI=true needs Chromium for this test: ${why}`);
    });
  else it.skip(`renders the HTML report in headless Chromium — skipped: ${why}`, () => undefined);
} else {
  describe('the HTML report in headless Chromium', () => {
    jest.setTimeout(20_000);
    let browser: Browser;
    let dir = '';
    let page: Page;
    let plain: Page;
    const file = path.join(os.tmpdir(), `u2s-report-${process.pid}.html`);

    beforeAll(async () => {
      dir = hostileJobDir();
      fs.writeFileSync(file, renderHtml(reportOf(runOf(dir))));
      browser = Browser.launch(chromium);
      page = await browser.open(file, { javascript: true });
      plain = await browser.open(file, { javascript: false });
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(file, { force: true });
    });

    /** A column of the jobs table, as the page shows it now. */
    const column = (p: Page, i: number): Promise<string[]> =>
      p.evaluate(`[...document.querySelectorAll('#jobs tbody tr')].map((r) => r.cells[${i}].textContent)`);

    it('shows one row per job, with each status', async () => {
      expect(await column(page, 0)).toEqual([
        MD_NAME.replace('\n', '\\n').replace('\x1b', '\\x1b'),
        HTML_NAME,
        'broken',
        'nobody',
        'plain',
      ]);
      expect(await column(page, 1)).toEqual(['need review', 'converted', 'failed', 'need review', 'converted']);
    });

    it("runs the page's own script and style, and nothing a job brought", async () => {
      expect(await page.evaluate('document.querySelectorAll("#jobs thead th button").length')).toBe(3);
      expect(await page.evaluate('getComputedStyle(document.querySelector("th")).backgroundColor')).toBe(
        'rgb(242, 242, 242)',
      );
      expect(await page.evaluate('typeof window.pwned')).toBe('undefined');
      expect(await page.evaluate('document.scripts.length')).toBe(1);
      expect(await page.evaluate('document.images.length')).toBe(0);
    });

    it('sorts the rows when a header is clicked, and reverses them on a second click', async () => {
      await page.click('#jobs thead th:nth-child(2) button');
      expect(await column(page, 1)).toEqual(['converted', 'converted', 'need review', 'need review', 'failed']);
      expect(
        await page.evaluate('document.querySelector("#jobs thead th:nth-child(2)").getAttribute("aria-sort")'),
      ).toBe('ascending');
      await page.click('#jobs thead th:nth-child(1) button');
      const names = await column(page, 0);
      expect(names.slice(2)).toEqual(['broken', 'nobody', 'plain']);
      await page.click('#jobs thead th:nth-child(1) button');
      expect(await column(page, 0)).toEqual([...names].reverse());
      expect(await page.evaluate('document.querySelector("#jobs thead th").getAttribute("aria-sort")')).toBe(
        'descending',
      );
    });

    it('reads the same without JavaScript: the tables, the statuses and the files are there', async () => {
      expect(await plain.evaluate('document.querySelectorAll("th button").length')).toBe(0);
      expect(await column(plain, 1)).toEqual(['need review', 'converted', 'failed', 'need review', 'converted']);
      expect(await plain.evaluate('document.querySelectorAll("section.job").length')).toBe(5);
      expect(await plain.evaluate('document.querySelector("#job-5 details pre").textContent')).toContain(
        'ExecStart=/usr/bin/plain',
      );
    });
  });
}
