/**
 * The programme page (personal app static tab) in Debian's Chromium against the real bot with a seeded
 * programme, behind a small test page playing the Teams host for @microsoft/teams-js. No network:
 * teams.microsoft.com is the host page, the tab's domain is routed to the bot on 127.0.0.1.
 * Screenshots go to test-results/ (UPDATE_SCREENSHOTS=1 writes docs/programme-*.png).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Page } from 'playwright-core';
import { t } from '../../bot/i18n/text.js';
import { type Person, people, TEST_TENANT_ID } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { makeProgramme, writeProgramme } from '../support/programme-seed.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

const DOCS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const RESULTS = join(__dirname, '..', '..', 'test-results');
const NOW = new Date();
/** A text of the page in Spanish, as locales/es/tab-reports.json has it. */
/** On a phone: the page does not scroll sideways and no table is cut. */
async function fitsPhone(frame: FrameLocator): Promise<void> {
  const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
  assert.ok(overflow <= 1, `page overflows sideways by ${overflow}px`);
  const cut = await frame
    .locator('.table-box')
    .evaluateAll((boxes) =>
      boxes
        .filter((b) => b.scrollWidth > b.clientWidth + 1)
        .map((b) => `${b.querySelector('caption')?.textContent}: ${b.scrollWidth} > ${b.clientWidth}`),
    );
  assert.deepEqual(cut, [], 'tables cut on a phone');
}

const es = (key: string, values?: Record<string, string | number>) => t('es', `tab-reports:${key}`, values);

describe('programme page in Chromium (seeded programme, teams-js host page, real bot)', function () {
  this.timeout(180_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;

  before(async function () {
    if (!chromiumPath) this.skip();
    mkdirSync(DOCS, { recursive: true });
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: { ...rig.env(), LEADER_IDS: people.leader.aadObjectId, OFFICES: 'North,South' },
      auth: rig.auth(),
    });
    await writeProgramme(
      h.database.database,
      makeProgramme({
        now: NOW,
        cases: 400,
        months: 26,
        stepsEach: 5,
        tenantId: TEST_TENANT_ID,
        offices: ['North', 'South'],
      }),
    );
    const refreshed = await tabFetch(h, '/api/tab/programme/refresh', await rig.token(people.leader), {
      method: 'POST',
      body: {},
    });
    assert.equal(refreshed.status, 200);
    browser = await launchBrowser(chromiumPath as string);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  async function open(
    person: Person,
    theme: string,
    size: { width: number; height: number },
    locale?: string,
  ) {
    const tokens = [await rig.token(person)];
    const host = {
      path: '/tab/programme.html',
      title: 'Programme',
      person,
      tokens,
      theme,
      entityId: 'programme',
      ...(locale ? { locale } : {}),
    };
    const { page, frame } = await openHostedTab(browser, h.app.url, size, host);
    return { page, frame };
  }

  async function ready(frame: FrameLocator, period = 'last-year') {
    await frame.getByRole('heading', { name: 'Programme', exact: true }).waitFor();
    await frame.getByText(/figures as of/).waitFor();
    // A full year of data makes every chart show something.
    await frame.getByLabel('Period', { exact: true }).selectOption(period);
    await frame.locator('#app[aria-busy="false"]').waitFor();
    await frame.getByText(/figures as of/).waitFor();
  }

  async function shoot(page: Page, name: string) {
    await page
      .frameLocator('#tab')
      .locator('body')
      .evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(DOCS, name) });
  }

  /** The page scrolled to a section's heading (the tab's frame scrolls inside the host page). */
  async function shootSection(page: Page, heading: string, name: string) {
    await page
      .frameLocator('#tab')
      .locator('body')
      .evaluate((_, id) => document.getElementById(id)?.scrollIntoView(), heading);
    await page.screenshot({ path: join(DOCS, name) });
  }

  it('renders every chart with a data table beside it and a CSV download, in light and dark', async () => {
    const { page, frame } = await open(people.leader, 'default', { width: 1280, height: 3000 });
    await ready(frame);
    const titles = [
      'Systemic barriers raised, by category over time',
      'Open barriers by age (today)',
      'Plan steps by due date and status',
      'Legal permanency within 6, 12 and 18 months',
      'Legal permanency within 6, 12 and 18 months, by kind',
      'Where the children are now',
      'Permanency status: first roundtable to latest rating',
      'Permanency status: at the roundtable and now',
      'Living situation: first to latest record',
      'Legal permanency within 12 months, by primary goal',
    ];
    for (const t of titles) {
      const fig = frame.getByRole('figure', { name: t, exact: true });
      await fig.waitFor();
      assert.equal(await fig.locator('canvas[role="img"]').count(), 1, `${t}: one chart`);
      assert.ok((await fig.locator('table.data tbody tr').count()) > 0, `${t}: a data table`);
      assert.equal(await fig.getByRole('button', { name: 'Download CSV' }).count(), 1, `${t}: CSV`);
    }
    // One date format (as on the cards and in the case file), the time with its zone.
    assert.match(
      (await frame.locator('#asof').textContent()) ?? '',
      /^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2} · .* · figures as of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    );
    // No table is cut at 1,280 px: each fits its box without a sideways scroll.
    const cut = await frame
      .locator('.table-box')
      .evaluateAll((boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).length);
    assert.equal(cut, 0, 'tables cut at 1,280 px');
    const fidelity = frame.getByRole('figure', { name: /Roundtables passing each fidelity item/ });
    assert.equal(await fidelity.locator('canvas').count(), 1);
    // The charts were drawn (a canvas that Chart.js sized), not left blank.
    const drawn = await frame
      .locator('canvas')
      .evaluateAll(
        (cs) =>
          cs.filter((c) => (c as HTMLCanvasElement).width > 0 && (c as HTMLCanvasElement).height > 0).length,
      );
    assert.equal(drawn, titles.length + 1, 'every chart, and the fidelity chart');
    // A CSV download carries the table's numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame
        .getByRole('figure', { name: titles[3], exact: true })
        .getByRole('button', { name: 'Download CSV' })
        .click(),
    ]);
    const csv = await (await download.createReadStream()).toArray();
    assert.match(Buffer.concat(csv).toString('utf8'), /^"Window","Reached legal permanency"\r\n"6 months",/);
    // The learning log is searchable.
    await frame.getByLabel('Search the learning log').fill('aunt');
    await frame.getByText(/answers match/).waitFor();
    await frame.getByLabel('Search the learning log').fill('');
    // The per-child figures, as a leader reads them: children (not plans), with exits and moves.
    const permanency = frame.locator('section[aria-labelledby="permanency-h"]');
    const tiles = await permanency.locator('#permanency-tiles dt').allTextContents();
    assert.deepEqual(tiles, [
      'Children',
      'Legal permanency within 12 months',
      'Median days to permanency',
      'With a committed lifelong connection',
      'Court date not recorded',
    ]);
    const outcomes = frame.getByRole('figure', { name: 'Where the children are now' });
    for (const row of ['Legal permanency: Adoption', 'Left care: aged out', 'Still in care', 'Not recorded'])
      assert.equal(await outcomes.locator('tbody th', { hasText: row }).count(), 1, row);
    await shoot(page, 'programme-light.png');
    await shootSection(page, 'permanency-h', 'programme-permanency.png');
    await page.evaluate('window.setTheme("dark")');
    await frame.locator('html[data-theme="dark"]').waitFor();
    await shoot(page, 'programme-dark.png');
    await shootSection(page, 'permanency-h', 'programme-permanency-dark.png');
    await page.close();
  });

  it('works at phone size (390 × 844) without sideways scrolling', async () => {
    const { page, frame } = await open(people.leader, 'default', { width: 390, height: 844 });
    await ready(frame);
    await fitsPhone(frame);
    await shoot(page, 'programme-phone.png');
    await shootSection(page, 'permanency-h', 'programme-permanency-phone.png');
    await page.close();
  });

  it('axe-core finds no serious or critical violations (light, dark, high contrast)', async () => {
    for (const theme of ['default', 'dark', 'contrast']) {
      const { page, frame } = await open(people.leader, theme, { width: 1280, height: 1600 });
      await ready(frame);
      const results = await new AxeBuilder({ page: page as never }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(
        bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
        `${theme} theme`,
      );
      await page.close();
    }
  });

  it('in Spanish (Teams locale es-MX): every fixed text, chart and table from locales/es, axe-clean', async () => {
    const { page, frame } = await open(people.leader, 'default', { width: 1280, height: 3000 }, 'es-MX');
    await frame.getByRole('heading', { name: es('programme.heading'), exact: true }).waitFor();
    assert.equal(await frame.locator('html').evaluate(() => document.documentElement.lang), 'es');
    await frame.getByText(/cifras al/).waitFor();
    await frame.getByLabel(es('programme.period'), { exact: true }).selectOption('last-year');
    await frame.locator('#app[aria-busy="false"]').waitFor();
    assert.equal(await frame.locator('title').textContent(), es('programme.pageTitle'));
    for (const key of ['barriers', 'followThrough', 'permanency', 'fidelity'])
      await frame.getByRole('heading', { name: es(`programme.${key}`), exact: true }).waitFor();
    assert.equal(
      await frame.getByRole('option', { name: es('programme.periods.lastYear') }).count(),
      1,
      'the period options',
    );
    assert.equal(
      await frame.locator('#note').textContent(),
      es('programme.note', { max: 4, n: 5 }),
      'the note on small numbers',
    );
    const titles = [
      'barriers.byMonthTitle',
      'barriers.byAgeTitle',
      'follow.title',
      'permanency.windowsTitle',
      'permanency.kindsTitle',
      'permanency.outcomesTitle',
      'permanency.transitionsTitle',
      'permanency.ratingsTitle',
      'permanency.livingTitle',
      'permanency.goalsTitle',
    ];
    for (const key of titles) {
      const fig = frame.getByRole('figure', { name: es(key), exact: true });
      await fig.waitFor();
      assert.equal(await fig.locator('canvas[role="img"]').count(), 1, `${key}: one chart`);
      assert.equal(
        await fig.getByRole('button', { name: es('downloadCsv') }).count(),
        1,
        `${key}: the CSV button`,
      );
    }
    const tiles = await frame.locator('#permanency-tiles dt').allTextContents();
    assert.deepEqual(tiles, [
      es('permanency.children'),
      es('permanency.within12'),
      es('permanency.medianDays'),
      es('permanency.connection'),
      es('permanency.dateNotRecorded'),
    ]);
    // Chart labels and table headings: the age buckets (keys from the API), the windows, the outcomes.
    const ages = frame.getByRole('figure', { name: es('barriers.byAgeTitle'), exact: true });
    assert.equal(await ages.locator('tbody th', { hasText: es('barriers.ages.180-plus') }).count(), 1);
    const windows = frame.getByRole('figure', { name: es('permanency.windowsTitle'), exact: true });
    assert.deepEqual(await windows.locator('thead th').allTextContents(), [
      es('permanency.window'),
      es('permanency.reached'),
    ]);
    assert.equal(
      await windows.locator('tbody th').first().textContent(),
      es('permanency.months', { n: 6, count: 6 }),
    );
    const outcomes = frame.getByRole('figure', { name: es('permanency.outcomesTitle'), exact: true });
    assert.equal(
      await outcomes.locator('tbody th', { hasText: es('permanency.outcomes.in-care') }).count(),
      1,
    );
    // Months in Spanish on the time axis, percentages written as Spanish writes them.
    const months = await frame
      .getByRole('figure', { name: es('barriers.byMonthTitle'), exact: true })
      .locator('tbody th')
      .allTextContents();
    assert.ok(
      months.every((m) =>
        /^(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\.? \d{4}$|^T\d \d{4}$/.test(m),
      ),
      months.join(' | '),
    );
    const share = await frame.locator('#follow-tiles dd').first().textContent();
    assert.match(share ?? '', /^(\d+(,\d)?\s%|ninguno todavía|oculto)/, share ?? '');
    // No English fixed text left on the page.
    // (The learning log's answers and the fidelity items are the agency's data, in English here.)
    const text = await frame.locator('main').evaluate((m) => {
      const copy = m.cloneNode(true) as HTMLElement;
      for (const data of copy.querySelectorAll('#learning, #fidelity-items tbody th')) data.remove();
      return (copy.textContent ?? '').replace(/\s+/g, ' ');
    });
    for (const english of [
      'Download CSV',
      'fewer than',
      'Open barriers',
      'Median days',
      'Legal permanency',
      'Learning log',
      'figures as of',
      'Not recorded',
      '180 days or more',
      '12 months',
      'Stacked bars',
      'All offices',
    ])
      assert.ok(!text.includes(english), `English left: "${english}"`);
    const results = await new AxeBuilder({ page: page as never }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
    await shoot(page, 'programme-es.png');
    await shootSection(page, 'permanency-h', 'programme-permanency-es.png');
    // The longest Spanish labels (the goals of common.json) beside their bars, for a look.
    await frame
      .getByRole('figure', { name: es('permanency.goalsTitle'), exact: true })
      .screenshot({ path: join(RESULTS, 'programme-goals-es.png') });
    await page.close();
    // On a phone, the longer Spanish texts still fit: no sideways scroll, no table cut.
    const phone = await open(people.leader, 'default', { width: 390, height: 844 }, 'es-MX');
    await phone.frame.getByText(/cifras al/).waitFor();
    await phone.frame.getByLabel(es('programme.period'), { exact: true }).selectOption('last-year');
    await phone.frame.locator('#app[aria-busy="false"]').waitFor();
    await phone.frame.getByText(/cifras al/).waitFor();
    await fitsPhone(phone.frame);
    await phone.page.screenshot({ path: join(RESULTS, 'programme-phone-es.png') });
    await phone.frame
      .getByRole('figure', { name: es('permanency.goalsTitle'), exact: true })
      .screenshot({ path: join(RESULTS, 'programme-goals-phone-es.png') });
    await phone.page.close();
  });

  it('a caseworker who is not a leader sees the refusal, not figures', async () => {
    const { page, frame } = await open(people.caseworker, 'default', { width: 1280, height: 900 });
    await frame.getByText(/The programme view is for agency leaders\..*My roundtables tab/).waitFor();
    assert.equal(await frame.locator('canvas').count(), 0);
    // No empty skeleton of filters and sections: plainly who the tab is for.
    assert.equal(await frame.locator('#filters').isVisible(), false);
    assert.equal(await frame.getByRole('heading', { name: 'Barriers' }).count(), 0);
    await page.close();
  });
});
