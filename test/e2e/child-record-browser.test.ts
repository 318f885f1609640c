/**
 * The child's record in the personal app (#25) in Debian's Chromium against the real bot, behind the test's
 * Teams host page with SSO tokens: reached from "My reviews", it shows the rating history with the agency's
 * meaning of each rating, the living situations on the agency's scale, and the lifelong connections with their
 * protected name and contact details; the forms add a connection and record where the child lives. Phone and
 * desktop, light and dark; axe-core finds nothing serious in light, dark and high contrast; a master practitioner
 * is refused and sees nothing of it. Screenshots go to test-results/ (UPDATE_SCREENSHOTS=1: docs/child-record-*.png).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Page } from 'playwright-core';
import { caseKeyOf } from '../../bot/roundtable/child-types.js';
import { type Person, people, TEST_TENANT_ID } from '../support/activities.js';
import { childPath, seedCaseSummary } from '../support/child-world.js';
import { Harness } from '../support/harness.js';
import { seedPeople, seedPlan } from '../support/personal-world.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

const DOCS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const NOW = new Date('2026-12-02T10:00:00Z');
const CASE = 'R.M. 2024';
const CHILD = 'M.R.';
const { caseworker: cw, consultant: mp } = people;

/** The rating scale with the agency's meaning of each rating (AGENCY_SETTINGS_JSON). */
const SETTINGS = {
  ratingScale: [
    {
      key: 'achieved',
      label: 'Permanency achieved',
      definition: 'Legal permanency is finalised by the court.',
    },
    { key: 'very-good', label: 'Very good', definition: 'Legal permanency is likely within 3 months.' },
    { key: 'good', label: 'Good', definition: 'A lifelong family is identified; legal steps have started.' },
    {
      key: 'fair',
      label: 'Fair',
      definition: 'A possible lifelong family is identified; nothing legal yet.',
    },
    { key: 'poor', label: 'Poor', definition: 'No lifelong family identified.' },
  ],
};

describe('child record page in Chromium (personal app, teams-js host page, real bot)', function () {
  this.timeout(180_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;
  let rtId: string;

  before(async function () {
    if (!chromiumPath) this.skip();
    mkdirSync(DOCS, { recursive: true });
    rig = await TabSsoRig.start();
    // Local mode (the plan is seeded through the domain) with Teams SSO on the tab API.
    h = await Harness.start({
      env: {
        ...rig.tabEnv(),
        AGENCY_SETTINGS_JSON: JSON.stringify(SETTINGS),
      },
      now: () => NOW,
    });
    rtId = (
      await seedPlan(h, {
        alias: CASE,
        cwText: 'Ask the maternal aunt about guardianship',
        mpText: 'Search the relative registry',
      })
    ).id;
    await seedPeople(h);
    await seedCaseSummary(h, rtId, ['M.R.', 'L.R.', 'A.R.']);
    const token = await rig.token(cw);
    const send = async (tail: string, body: unknown) => {
      const res = await tabFetch(h, `${childPath(rtId, CHILD)}${tail}`, token, { body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    await send('/connections', {
      relationship: 'maternal aunt',
      committed: 'yes',
      contact: 'in-person',
      frequency: 'monthly',
      name: 'Prudence Quillfeather',
      details: '555-0199\nprudence.q@mail.example',
    });
    const coach = (await send('/connections', {
      relationship: 'former football coach',
      committed: 'no',
      contact: 'phone-video',
      frequency: 'few-times-a-year',
      name: 'Dev Okafor',
    })) as { page: { connections: { id: string; relationship: string }[] } };
    const coachId = coach.page.connections.find((c) => c.relationship === 'former football coach')?.id;
    await send(`/connections/${coachId}`, { remove: true });
    await send('/living', { key: 'residential', since: '2024-03-01' });
    await send('/living', { key: 'group-home', since: '2025-05-10' });
    // Ratings come from the roundtables and reviews (the child record's own operations): stored as they keep them.
    const stored = await h.app.domain.children.getChild(caseKeyOf(TEST_TENANT_ID, CASE), CHILD);
    assert.ok(stored);
    const by = { id: cw.id, name: cw.name };
    stored.value.ratings = [
      { key: 'poor', at: '2025-11-04T15:00:00Z', by, occasion: 'roundtable', roundtableId: rtId },
      { key: 'fair', at: '2026-03-02T10:00:00Z', by, occasion: 'review', roundtableId: rtId },
      { key: 'good', at: '2026-09-14T15:00:00Z', by, occasion: 'followup-roundtable', roundtableId: rtId },
    ];
    await h.app.domain.children.putChild(stored.value, stored.etag);
    browser = await launchBrowser(chromiumPath as string);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  async function open(person: Person, theme: string, size: { width: number; height: number }, query: string) {
    const hosted = await openHostedTab(browser, h.app.url, size, {
      path: `/tab/${query}`,
      title: 'My roundtables',
      person,
      tokens: [await rig.token(person)],
      theme,
      entityId: 'my-roundtables',
    });
    await hosted.frame.locator('main[aria-busy="false"]').waitFor();
    return hosted;
  }
  const childUrl = () => `child.html?rt=${encodeURIComponent(rtId)}&child=${encodeURIComponent(CHILD)}`;

  /** The whole page of the tab: the host's viewport grown to the tab's height, scrolled to the top. */
  async function shoot(page: Page, frame: FrameLocator, name: string) {
    const height = await frame.locator('body').evaluate(() => {
      window.scrollTo(0, 0);
      return document.documentElement.scrollHeight;
    });
    const size = page.viewportSize();
    if (size) await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
    await page.screenshot({ path: join(DOCS, name), fullPage: true });
    if (size) await page.setViewportSize(size);
  }

  async function shows(frame: FrameLocator) {
    await frame.getByRole('heading', { name: 'M.R.: child’s record' }).waitFor();
    await frame
      .getByRole('cell', { name: 'A lifelong family is identified; legal steps have started.' })
      .waitFor();
    await frame.getByText('Prudence Quillfeather').waitFor();
  }

  it('desktop, light and dark: ratings with their meaning, living history, connections with their protected fields; the forms add a connection and record the living situation', async () => {
    const { page, frame } = await open(cw, 'default', DESKTOP, childUrl());
    await shows(frame);
    assert.equal(
      await frame.getByText('Dev Okafor').isVisible(),
      false,
      'a removed connection is folded away',
    );
    const add = frame.getByRole('form', { name: 'Add a connection' });
    await add.getByLabel('Relationship to the child').fill('godmother');
    await add.getByLabel('No', { exact: true }).check();
    await add.getByLabel('Kind of contact').selectOption({ label: 'Letters or messages' });
    await add.getByLabel('How often').selectOption({ label: 'Monthly' });
    await add.getByLabel('Name', { exact: true }).fill('Hortensia Vale');
    await add.getByLabel('Contact details').fill('hv@mail.example');
    await add.getByRole('button', { name: 'Add connection' }).click();
    await frame.getByText('Connection added.').waitFor();
    await frame.getByRole('listitem').filter({ hasText: 'godmother' }).getByText('Hortensia Vale').waitFor();
    // A full name in the relationship (others may read it) gets the warning, and "Keep as written"; in the
    // protected Name field it does not.
    const again = frame.getByRole('form', { name: 'Add a connection' });
    await again.getByLabel('Relationship to the child').fill('uncle Tobias Renwick');
    await again.getByLabel('Yes', { exact: true }).check();
    await again.getByRole('button', { name: 'Add connection' }).click();
    await frame
      .getByRole('alert')
      .getByText(/looks like it names a person in full/)
      .waitFor();
    await frame.getByRole('button', { name: 'Keep as written' }).click();
    await frame.getByRole('listitem').filter({ hasText: 'uncle Tobias Renwick' }).waitFor();
    const living = frame.getByRole('form', { name: 'Record the living situation' });
    await living.getByLabel('Lives now').selectOption({ label: '2. With relatives' });
    await living.getByLabel('Since').fill('2026-11-20');
    await living.getByRole('button', { name: 'Record living situation' }).click();
    await frame.getByText('Living situation recorded: With relatives.').waitFor();
    const firstRow = await frame.locator('#living tbody tr').first().textContent();
    assert.match(firstRow ?? '', /2026-11-20.*With relatives.*2 of 5/, 'newest first');
    // Back to the state the screenshots show (this test's additions removed again: the record keeps them as removed).
    const item = frame.getByRole('listitem').filter({ hasText: 'godmother' });
    await item.getByRole('button', { name: 'Remove: godmother' }).click();
    await item.getByRole('button', { name: 'Yes, remove' }).click();
    await frame.getByText('Connection removed (kept in the record as removed).').waitFor();
    const uncle = frame.getByRole('listitem').filter({ hasText: 'uncle Tobias Renwick' });
    await uncle.getByRole('button', { name: 'Remove: uncle Tobias Renwick' }).click();
    await uncle.getByRole('button', { name: 'Yes, remove' }).click();
    // Folded away under "Removed connections", with its date.
    await frame
      .locator('#connections li', { hasText: 'uncle Tobias Renwick' })
      .waitFor({ state: 'detached' });
    await frame
      .locator('#removed li', { hasText: 'uncle Tobias Renwick' })
      .getByText(/removed 2026-12-02/)
      .waitFor({ state: 'attached' });
    await page.close();
    // The record as a caseworker opens it, light then dark.
    for (const theme of ['default', 'dark']) {
      const fresh = await open(cw, theme, DESKTOP, childUrl());
      await shows(fresh.frame);
      await fresh.frame.locator(`html[data-theme="${theme}"]`).waitFor();
      await shoot(fresh.page, fresh.frame, `child-record-desktop${theme === 'dark' ? '-dark' : ''}.png`);
      await fresh.page.close();
    }
  });

  it('phone, light and dark: the record fits a 390 px screen without sideways scrolling', async () => {
    for (const theme of ['default', 'dark']) {
      const { page, frame } = await open(cw, theme, PHONE, childUrl());
      await shows(frame);
      const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
      assert.ok(overflow <= 1, `page overflows sideways by ${overflow}px`);
      await shoot(page, frame, theme === 'dark' ? 'child-record-phone-dark.png' : 'child-record-phone.png');
      await page.close();
    }
  });

  it('from "My reviews": Children’s records lists the case’s children with their non-protected facts; one tap opens a child', async () => {
    const { page, frame } = await open(cw, 'default', PHONE, 'personal.html');
    await frame.getByRole('tab', { name: /My reviews/ }).click();
    await frame.getByRole('link', { name: `Children’s records: ${CASE}` }).click();
    await frame.getByRole('heading', { name: 'Children’s records' }).waitFor();
    await frame
      .getByText(/1 lifelong connection, 1 committed; living: (Group home|With relatives)/)
      .waitFor();
    assert.equal(
      await frame.getByText('Prudence Quillfeather').count(),
      0,
      'the list shows no protected field',
    );
    await frame.getByRole('link', { name: 'L.R.' }).click();
    await frame.getByRole('heading', { name: 'L.R.: child’s record' }).waitFor();
    await frame.getByText('No lifelong connection recorded yet.').waitFor();
    await page.close();
  });

  it('axe-core finds no serious or critical violations (light, dark, high contrast)', async () => {
    for (const theme of ['default', 'dark', 'contrast']) {
      const { page, frame } = await open(cw, theme, DESKTOP, childUrl());
      await shows(frame);
      const results = await new AxeBuilder({ page: page as never })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
        .analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(
        bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
        `${theme} theme`,
      );
      await page.close();
    }
  });

  it('a master practitioner on the roster is refused and sees nothing of the child', async () => {
    const { page, frame } = await open(mp, 'default', PHONE, childUrl());
    await frame
      .getByText(/for the plan’s caseworker and supervisor and the roundtable’s facilitators/)
      .waitFor();
    const text = await frame.locator('body').textContent();
    for (const hidden of ['Prudence', 'maternal aunt', 'Group home', 'L.R.'])
      assert.ok(!text?.includes(hidden), `the refusal shows ${hidden}`);
    await page.close();
  });
});
