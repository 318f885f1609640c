/**
 * The officer's access log page (personal app) in Debian's Chromium, behind the test page playing the Teams
 * host for @microsoft/teams-js, served with its API by the officer's server (test/support/access-log-world.ts)
 * on 127.0.0.1. No network. Screenshots go to test-results/ (UPDATE_SCREENSHOTS=1 writes docs/access-log.png; the phone one stays there).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator } from 'playwright-core';
import { t } from '../../bot/i18n/text.js';
import { type AccessLogWorld, officers, startAccessLogWorld } from '../support/access-log-world.js';
import { type Person, people } from '../support/activities.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';

const RESULTS = join(__dirname, '..', '..', 'test-results');
const DOCS = process.env.UPDATE_SCREENSHOTS ? join(__dirname, '..', '..', 'docs') : RESULTS;
/** A text of the page in Spanish, as locales/es/tab-reports.json has it. */
const es = (key: string, values?: Record<string, string | number>) => t('es', `tab-reports:${key}`, values);
const { caseworker: cw, facilitator: fac, supervisor: sup, outsider, leader } = people;

describe('access log page in Chromium (teams-js host page, officer server)', function () {
  this.timeout(120_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let w: AccessLogWorld;
  let browser: BrowserHandle;

  before(async function () {
    if (!chromiumPath) this.skip();
    mkdirSync(RESULTS, { recursive: true });
    rig = await TabSsoRig.start();
    w = await startAccessLogWorld(rig);
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * 60_000);
    const jt = { id: 'rt-7f3a9c21', caseAlias: 'J.T.' };
    const kl = { id: 'rt-2b8e4d10', caseAlias: 'K.L.' };
    const rows: [
      Person,
      string,
      'read' | 'change' | 'export' | 'delete' | 'role',
      typeof jt | undefined,
      number?,
    ][] = [
      [fac, 'GET /api/tab/board', 'read', jt],
      [cw, 'idea.add', 'change', jt],
      [sup, 'plan.finalise', 'change', jt],
      [outsider, 'GET /api/tab/board', 'read', jt, 403],
      [cw, 'GET /api/export', 'export', jt],
      [fac, 'role.assign', 'role', kl],
      [cw, 'command:my-steps', 'read', undefined],
      [outsider, 'GET /api/tab/roundtables/:id/view', 'read', kl, 404],
      [sup, 'GET /api/tab/me/team-steps', 'read', undefined],
    ];
    let minutes = rows.length * 7;
    for (const [actor, route, kind, roundtable, refused] of rows) {
      minutes -= 7;
      await w.record({
        actor,
        route,
        kind,
        at: ago(minutes + 1),
        ...(roundtable ? { roundtable } : {}),
        ...(refused ? { refused } : {}),
      });
    }
    browser = await launchBrowser(chromiumPath as string);
  });
  after(async () => {
    await browser?.close();
    await w?.close();
    await rig?.close();
  });

  async function open(
    person: Person,
    theme: string,
    size: { width: number; height: number },
    locale?: string,
  ) {
    const host = {
      path: '/tab/access-log.html',
      title: 'Access log',
      person,
      tokens: [await rig.token(person)],
      theme,
      entityId: 'access-log',
      ...(locale ? { locale } : {}),
    };
    return openHostedTab(browser, w.url, size, host);
  }

  async function ready(frame: FrameLocator) {
    await frame.getByRole('heading', { name: 'Access log', exact: true }).waitFor();
    await frame.getByText(/entries · /).waitFor();
    await frame.locator('#app[aria-busy="false"]').waitFor();
  }

  it('access log page: an officer sees the entries, filters refusals, and downloads the CSV', async () => {
    const { page, frame } = await open(officers.ours, 'default', { width: 1280, height: 620 });
    await ready(frame);
    const rows = frame.locator('#rows tr');
    assert.equal(await rows.count(), 9);
    assert.match((await rows.first().textContent()) ?? '', /GET \/api\/tab\/me\/team-steps/);
    await page.screenshot({ path: join(DOCS, 'access-log.png') });
    await frame.getByLabel('Refused only').check();
    await frame.getByRole('button', { name: 'Show' }).click();
    await frame.getByText(/^2 entries · /).waitFor();
    assert.deepEqual(await frame.locator('#rows tr .refused').allTextContents(), [
      'Refused (404)',
      'Refused (403)',
    ]);
    await frame.getByLabel('Refused only').uncheck();
    await frame.getByLabel('Case alias').fill('k.l.');
    await frame.getByRole('button', { name: 'Show' }).click();
    await frame.getByText(/^2 entries · .*case k\.l\./).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^access-log-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    assert.match(csv, /^"When \(UTC\)","Person \(Entra object id\)","Tenant","Route","Kind"/);
    assert.equal(csv.split('\r\n').length, 1 + 2 + 1);
    await page.close();
  });

  it('access log page: at phone size (390 × 844) each entry is a card, no sideways scrolling, axe-clean', async () => {
    const { page, frame } = await open(officers.ours, 'dark', { width: 390, height: 844 });
    await ready(frame);
    const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
    assert.ok(overflow <= 1, `page overflows sideways by ${overflow}px`);
    const results = await new AxeBuilder({ page: page as never }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => v.id),
      [],
    );
    await page.screenshot({ path: join(RESULTS, 'access-log-phone.png') });
    await page.close();
  });

  it('access log page: axe-core finds no serious or critical violations (light, dark, high contrast)', async () => {
    for (const theme of ['default', 'dark', 'contrast']) {
      const { page, frame } = await open(officers.ours, theme, { width: 1280, height: 900 });
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

  it('access log page in Spanish (Teams locale es-MX): fixed texts from locales/es, axe-clean', async () => {
    const { page, frame } = await open(officers.ours, 'default', { width: 1280, height: 900 }, 'es-MX');
    await frame.getByRole('heading', { name: es('accessLog.heading'), exact: true }).waitFor();
    await frame.getByText(/^9 entradas · /).waitFor();
    await frame.locator('#app[aria-busy="false"]').waitFor();
    assert.equal(await frame.locator('html').evaluate(() => document.documentElement.lang), 'es');
    assert.equal(await frame.locator('title').textContent(), es('accessLog.pageTitle'));
    assert.deepEqual(await frame.locator('#entries thead th').allTextContents(), [
      es('accessLog.when'),
      es('accessLog.person'),
      es('accessLog.route'),
      es('accessLog.kind'),
      es('accessLog.case'),
      es('accessLog.roundtable'),
      es('accessLog.outcome'),
    ]);
    assert.equal(await frame.locator('#entries caption').textContent(), es('accessLog.caption'));
    const kinds = new Set(await frame.locator('#rows td:nth-child(4)').allTextContents());
    assert.ok(
      kinds.has(es('accessLog.kinds.read')) && kinds.has(es('accessLog.kinds.change')),
      [...kinds].join(),
    );
    assert.deepEqual(await frame.locator('#rows tr .refused').allTextContents(), [
      es('accessLog.refusedCode', { code: 404 }),
      es('accessLog.refusedCode', { code: 403 }),
    ]);
    // The phone layout's cell labels too.
    assert.equal(await frame.locator('#rows td').first().getAttribute('data-label'), es('accessLog.when'));
    await frame.getByLabel(es('accessLog.refusedOnly')).check();
    await frame.getByRole('button', { name: es('show'), exact: true }).click();
    await frame.getByText(new RegExp(`^2 entradas · .* · ${es('accessLog.filterRefused')}$`)).waitFor();
    await frame.getByRole('button', { name: es('downloadCsv') }).waitFor();
    const results = await new AxeBuilder({ page: page as never }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
    await page.screenshot({ path: join(RESULTS, 'access-log-es.png') });
    await page.close();
    // A leader is not an officer: the refusal in Spanish.
    const other = await open(leader, 'default', { width: 1280, height: 700 }, 'es-MX');
    await other.frame.getByText(es('accessLog.forbidden')).waitFor();
    await other.page.close();
  });

  it('access log page: older entries come a page at a time, for the query that was shown', async () => {
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    const pg = { id: 'rt-5d1c0e77', caseAlias: 'P.G.' };
    for (let i = 0; i < 105; i++)
      await w.record({
        actor: cw,
        route: 'GET /api/tab/board',
        kind: 'read',
        roundtable: pg,
        at: new Date(Date.now() - 40 * 86_400_000 - i * 60_000),
      });
    const { page, frame } = await open(officers.ours, 'default', { width: 1280, height: 700 });
    await ready(frame);
    await frame.getByLabel('From').fill(day(45));
    await frame.getByLabel('To').fill(day(35));
    await frame.getByLabel('Case alias').fill('P.G.');
    await frame.getByRole('button', { name: 'Show' }).click();
    await frame.getByText(/^100\+ entries · /).waitFor();
    // A filter typed but not shown yet does not change what "older" means.
    await frame.getByLabel('Case alias').fill('J.T.');
    await frame.getByRole('button', { name: 'Show older entries' }).click();
    await frame.getByText(/^105 entries · /).waitFor();
    assert.equal(await frame.locator('#rows tr').count(), 105);
    assert.equal(await frame.getByRole('button', { name: 'Show older entries' }).isHidden(), true);
    await page.close();
  });

  it('access log page: a leader who is not an officer sees the refusal, not entries', async () => {
    const { page, frame } = await open(leader, 'default', { width: 1280, height: 700 });
    await frame.getByText('The access log is for security officers.').waitFor();
    assert.equal(await frame.locator('#rows tr').count(), 0);
    await page.close();
  });
});
