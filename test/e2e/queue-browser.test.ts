/**
 * "Roundtables due" (personal app, coordinators) in Debian's Chromium against the real bot, behind the test's
 * Teams host page: the CSV is chosen in the page, parsed there (papaparse) and sent as JSON rows; the queue, the
 * Schedule links and this week's capacity are shown; axe-core finds nothing serious in light, dark and high
 * contrast. Screenshots go to test-results/ (UPDATE_SCREENSHOTS=1 writes docs/queue-*.png).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Papa from 'papaparse';
import type { FrameLocator, Page } from 'playwright-core';
import { t } from '../../bot/i18n/text.js';
import { type Person, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

const DOCS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const NOW = new Date('2026-12-02T10:00:00Z');
/** A text of the page in Spanish, as locales/es/tab-reports.json has it. */
const es = (key: string, values?: Record<string, string | number>) => t('es', `tab-reports:${key}`, values);
const CSV = [
  'case_number,alias,date_entered_care,date_of_birth,age_band,permanency_goal,office',
  'C-101,A.B.,2023-04-01,2012-02-02,,adoption,North',
  'C-102,C.D.,2026-07-01,2014-05-05,,APPLA,North',
  'C-103,E.F.,2026-10-01,,15+,reunification,South',
  'C-104,G.H.,2026-10-15,2021-01-01,,reunification,South',
  'C-105,"J.K., sibs",2024-01-10,2011-03-03,,guardianship,South',
].join('\r\n');

describe('queue page in Chromium (coordinator, teams-js host page, real bot)', function () {
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
      env: { ...rig.env(), COORDINATOR_IDS: people.consultant.aadObjectId },
      auth: rig.auth(),
      now: () => NOW,
    });
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
    const host = {
      path: '/tab/queue.html',
      title: 'Roundtables due',
      person,
      tokens: [await rig.token(person)],
      theme,
      entityId: 'queue',
      ...(locale ? { locale } : {}),
    };
    return openHostedTab(browser, h.app.url, size, host);
  }

  async function ready(frame: FrameLocator) {
    await frame.getByRole('heading', { name: 'Roundtables due', exact: true }).waitFor();
    await frame.locator('#app[aria-busy="false"]').waitFor();
  }

  /** The extract stored over HTTP (as the page sends it), for the tests that do not upload it themselves. */
  async function seedExtract() {
    const rows = Papa.parse<Record<string, string>>(CSV, { header: true, skipEmptyLines: true }).data;
    const res = await tabFetch(h, '/api/tab/queue/extract', await rig.token(people.consultant), {
      body: { rows },
    });
    assert.equal(res.status, 200);
  }

  async function shoot(page: Page, name: string) {
    await page.screenshot({ path: join(DOCS, name), fullPage: true });
  }

  it('uploads the CSV parsed in the page and lists who is due by office, with Schedule links; light and dark', async () => {
    const { page, frame } = await open(people.consultant, 'default', { width: 1280, height: 1100 });
    await ready(frame);
    await frame
      .getByLabel('Choose the CSV file')
      .setInputFiles({ name: 'extract.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await frame.getByText('Extract of 5 children saved.').waitFor();
    const north = frame.getByRole('table', { name: 'North: 2 due' });
    await north.waitFor();
    const south = frame.getByRole('table', { name: 'South: 2 due' });
    const aliases = await south.locator('tbody tr td:first-child').allTextContents();
    assert.deepEqual(aliases, ['J.K., sibs', 'E.F.'], 'oldest first; a quoted comma stays in the alias');
    const link = await north
      .getByRole('link', { name: /Schedule a roundtable for A\.B\./ })
      .getAttribute('href');
    assert.match(
      link ?? '',
      /^https:\/\/teams\.microsoft\.com\/l\/meeting\/new\?subject=A\.B\.&startTime=2026-\d\d-\d\dT\d\d%3A00%3A00Z&endTime=/,
    );
    await frame.getByRole('table', { name: 'Roundtables scheduled per day' }).waitFor();
    await shoot(page, 'queue-light.png');
    await page.evaluate('window.setTheme("dark")');
    await frame.locator('html[data-theme="dark"]').waitFor();
    await shoot(page, 'queue-dark.png');
    // A file that is not the extract: a clear message, nothing sent (the list stays).
    await frame
      .getByLabel('Choose the CSV file')
      .setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('name,age\r\nX,3\r\n') });
    await frame.getByText(/This file is not the extract \(missing columns: case_number/).waitFor();
    assert.equal(await frame.getByRole('table', { name: 'North: 2 due' }).count(), 1);
    await page.close();
  });

  it('works at phone size (390 × 844) without sideways scrolling', async () => {
    await seedExtract();
    const { page, frame } = await open(people.consultant, 'default', { width: 390, height: 844 });
    await ready(frame);
    await frame.getByRole('table', { name: 'North: 2 due' }).waitFor();
    const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
    assert.ok(overflow <= 1, `page overflows sideways by ${overflow}px`);
    await shoot(page, 'queue-phone.png');
    await page.close();
  });

  it('axe-core finds no serious or critical violations (light, dark, high contrast)', async () => {
    await seedExtract();
    for (const theme of ['default', 'dark', 'contrast']) {
      const { page, frame } = await open(people.consultant, theme, { width: 1280, height: 1100 });
      await ready(frame);
      await frame.getByRole('table', { name: 'North: 2 due' }).waitFor();
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

  it('in Spanish (Teams locale es-MX): fixed texts, reasons and weekdays from locales/es, axe-clean', async () => {
    await seedExtract();
    const { page, frame } = await open(people.consultant, 'default', { width: 1280, height: 1100 }, 'es-MX');
    await frame.getByRole('heading', { name: es('queue.title'), exact: true }).waitFor();
    await frame.locator('#app[aria-busy="false"]').waitFor();
    assert.equal(await frame.locator('html').evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await frame.locator('title').textContent(), es('queue.title'));
    for (const key of ['uploadHeading', 'dueHeading', 'weekHeading'])
      await frame.getByRole('heading', { name: es(`queue.${key}`), exact: true }).waitFor();
    await frame.getByLabel(es('queue.chooseFile')).waitFor();
    const north = frame.getByRole('table', { name: es('queue.officeDue', { office: 'North', count: 2 }) });
    await north.waitFor();
    assert.deepEqual(await north.locator('thead th').allTextContents(), [
      es('queue.caseAlias'),
      es('queue.caseNumber'),
      es('queue.roundtable'),
      es('queue.dueSince'),
      es('queue.why'),
      '',
    ]);
    // The reasons come as codes and read in Spanish; the first roundtable's kind too.
    const why = await north.locator('tbody tr td:nth-child(5)').allTextContents();
    assert.ok(
      why.every((w) => !/months|goal|age|days/.test(w) && w.length > 0),
      why.join(' | '),
    );
    assert.ok(
      why.some((w) => w.includes(es('queue.reasons.goal', { goal: 'APPLA' }))),
      why.join(' | '),
    );
    assert.equal(await north.locator('tbody tr td:nth-child(3)').first().textContent(), es('queue.first'));
    await north
      .getByRole('link', { name: `${es('queue.schedule')}${es('queue.scheduleFor', { alias: 'A.B.' })}` })
      .waitFor();
    assert.match(
      (await frame.locator('#asof').textContent()) ?? '',
      /^Extracto de 5 niños cargado el \d{4}-\d{2}-\d{2}/,
    );
    assert.match(
      (await frame.locator('#rules').textContent()) ?? '',
      /^Primera mesa redonda: más de \d+ meses/,
    );
    // This week's days in Spanish ("mié, 2 dic").
    const perDay = frame.getByRole('table', { name: es('queue.perDay') });
    const days = await perDay.locator('thead th').allTextContents();
    assert.ok(
      days.some((d) => /(lun|mar|mié|jue|vie|sáb|dom)/.test(d)),
      days.join(' | '),
    );
    const text = ((await frame.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
    for (const english of ['Choose the CSV', 'Due a roundtable', 'This week', 'Schedule', 'First roundtable'])
      assert.ok(!text.includes(english), `English left: "${english}"`);
    const results = await new AxeBuilder({ page: page as never }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
    await page.screenshot({
      path: join(__dirname, '..', '..', 'test-results', 'queue-es.png'),
      fullPage: true,
    });
    // A file that is not the extract: the message in Spanish.
    await frame
      .getByLabel(es('queue.chooseFile'))
      .setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('name,age\r\nX,3\r\n') });
    await frame.getByText(/^Este archivo no es el extracto \(faltan columnas: case_number/).waitFor();
    await page.close();
    // Someone who is not a coordinator: the refusal in Spanish too.
    const other = await open(people.caseworker, 'default', { width: 1280, height: 900 }, 'es-MX');
    await other.frame.getByText(es('queue.forbidden')).waitFor();
    await other.page.close();
  });

  it('someone who is not a coordinator sees the refusal, not the extract', async () => {
    const { page, frame } = await open(people.caseworker, 'default', { width: 1280, height: 900 });
    await frame.getByText(/for the agency’s roundtable coordinators/).waitFor();
    assert.equal(await frame.getByRole('table').count(), 0);
    await page.close();
  });
});
