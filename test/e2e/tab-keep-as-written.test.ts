/**
 * "Keep as written" in the tabs (issue #15, privacy in free text), in Debian's Chromium against the real bot with
 * the teams-js host page: text that looks like a person's full name gets the server's warning beside the button
 * (announced as an alert), the typed text stays in its box and nothing is stored; "Keep as written" stores it
 * once. The side panel's idea and the personal app's step note and family-team-meeting record; with the agency
 * setting nameCheck `refuse` the words appear and no button. axe-core on the warning in light, dark and contrast.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Page } from 'playwright-core';
import { navigate } from '../../bot/roundtable/lifecycle.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { getRoundtable, roundtableView } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, MEETING_ID, type Person, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type SeededPlan, seedPeople, seedPlan } from '../support/personal-world.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { actorOf, startRoundtable } from '../support/tab-world.js';

/** test-results/ (ignored) unless UPDATE_SCREENSHOTS=1, which refreshes the one docs/ shows. */
const DOCS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const RESULTS = join(__dirname, '..', '..', 'test-results');
const NAMED = 'Jordan Taylor told his coach';
const PANEL = { width: 340, height: 900 };
const PHONE = { width: 390, height: 844 };
const WARNING = /looks like it names a person in full[\s\S]*Keep as written/;
const roster = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });

/** Serious or critical WCAG AA violations (contrast included) on the page. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The warning passes axe in the three Teams themes (the page ends in the light theme). */
async function axeInEveryTheme(page: Page, frame: FrameLocator): Promise<void> {
  for (const theme of ['default', 'dark', 'contrast', 'default']) {
    await page.evaluate(`window.setTheme(${JSON.stringify(theme)})`);
    await frame.locator(`html[data-theme="${theme}"]`).waitFor();
    assert.deepEqual(await axe(page), [], theme);
  }
}

/** A harness in authenticated mode with Teams SSO on the tab API, the agency's nameCheck as given. */
async function startBot(rig: TabSsoRig, nameCheck: 'warn' | 'refuse'): Promise<Harness> {
  return Harness.start({
    env: rig.env(),
    auth: rig.auth(),
    configure: (c) => ({ ...c, settings: { ...c.settings, nameCheck } }),
  });
}

async function brainstorming(h: Harness): Promise<string> {
  const rtId = await startRoundtable(h);
  const fac = actorOf(people.facilitator);
  await assignRole(h.app.domain, fac, rtId, roster(people.consultant), 'master-practitioner');
  const brainstorm = (await getRoundtable(h.app.domain, rtId))!.phases.findIndex(
    (p) => p.key === 'brainstorm',
  );
  assert.ok((await navigate(h.app.domain, fac, rtId, brainstorm)).ok);
  return rtId;
}

async function ideaTexts(h: Harness, rtId: string): Promise<string[]> {
  const view = await roundtableView(h.app.domain, rtId);
  return (view?.contributions ?? []).filter((c) => c.kind === 'idea').map((c) => c.text);
}

describe('"Keep as written" in the side panel and "My roundtables" (Chromium, real bot)', function () {
  this.timeout(120_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let browser: BrowserHandle;

  before(async function () {
    if (!chromiumPath) this.skip();
    rig = await TabSsoRig.start();
    browser = await launchBrowser(chromiumPath!);
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
  });

  async function openPanel(h: Harness, person: Person) {
    const hosted = await openHostedTab(browser, h.app.url, PANEL, {
      path: '/tab/panel.html',
      title: 'Roundtable',
      person,
      tokens: [await rig.token(person)],
      theme: 'default',
      meeting: { frame: 'sidePanel', chatId: MEETING_CHAT_ID, meetingId: MEETING_ID, canShare: false },
    });
    await hosted.frame.getByText(/Phase \d of 6: Brainstorm/).waitFor();
    return hosted;
  }

  async function openPersonal(h: Harness, person: Person) {
    const hosted = await openHostedTab(browser, h.app.url, PHONE, {
      path: '/tab/personal.html',
      title: 'My roundtables',
      person,
      tokens: [await rig.token(person)],
      theme: 'default',
      entityId: 'my-roundtables',
    });
    await hosted.frame.locator('main[aria-busy="false"]').waitFor();
    return hosted;
  }

  describe('nameCheck warn (the default)', () => {
    let h: Harness;
    let rtId: string;
    let plan: SeededPlan;

    before(async function () {
      if (!chromiumPath) this.skip();
      h = await startBot(rig, 'warn');
      rtId = await brainstorming(h);
      plan = await seedPlan(h, {
        alias: 'M.R.',
        cwText: 'Call the aunt in Dayton about guardianship',
        mpText: 'Search the relative registry for the paternal uncle',
      });
      await seedPeople(h);
    });
    after(async () => {
      await h?.close();
    });

    it('side panel: an idea naming a person → the warning beside Add, text kept, nothing stored; Keep as written stores it once', async () => {
      const { page, frame } = await openPanel(h, people.consultant);
      const box = frame.getByLabel('Your idea');
      await box.fill(NAMED);
      await frame.getByRole('button', { name: 'Add', exact: true }).click();
      const alert = frame.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', WARNING);
      assert.equal(await box.inputValue(), NAMED, 'the typed text stays in its box');
      assert.deepEqual(await ideaTexts(h, rtId), [], 'nothing stored');
      const keep = alert.getByRole('button', { name: 'Keep as written' });
      assert.equal(await keep.evaluate((b) => b.tagName), 'BUTTON');
      // Beside the button pressed: the warning follows Add.
      assert.equal(
        await frame.locator('#add + [role="alert"]').count(),
        1,
        'the warning comes right after Add',
      );
      await axeInEveryTheme(page, frame);
      await page.screenshot({ path: join(DOCS, 'tab-keep-as-written.png') });

      await keep.click();
      await frame.getByRole('status').filter({ hasText: 'Idea added.' }).waitFor();
      await alert.waitFor({ state: 'detached' });
      assert.equal(await box.inputValue(), '', 'the box is emptied once stored');
      assert.deepEqual(await ideaTexts(h, rtId), [NAMED], 'stored once, as written');
      await frame.locator('#board').getByText(NAMED).waitFor();
      await page.close();
    });

    it('personal app: a step note naming a person → the warning under Save, note kept; Keep as written adds it once', async () => {
      const { page, frame } = await openPersonal(h, people.caseworker);
      const item = frame
        .locator('#steps > li.step')
        .filter({ hasText: 'Call the aunt in Dayton about guardianship' });
      await item.getByRole('button', { name: /^Note:/ }).click();
      const box = frame.getByRole('textbox', { name: 'Note' });
      await box.fill(NAMED);
      await frame.getByRole('button', { name: 'Save' }).click();
      const alert = item.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', WARNING);
      assert.equal(await box.inputValue(), NAMED);
      const before = await h.app.followUp.step(plan.id, plan.cwStep.id);
      assert.equal(
        (before?.updates ?? []).some((u) => u.note === NAMED),
        false,
        'nothing stored',
      );
      await axeInEveryTheme(page, frame);
      const small = await alert
        .getByRole('button')
        .evaluateAll((bs) => bs.filter((b) => b.getBoundingClientRect().height < 44).length);
      assert.equal(small, 0, 'a 44 px touch target on the phone');
      await page.screenshot({ path: join(RESULTS, 'personal-keep-as-written.png') });

      await alert.getByRole('button', { name: 'Keep as written' }).click();
      await frame.getByRole('status').filter({ hasText: 'Note added to: ' }).waitFor();
      await alert.waitFor({ state: 'detached' });
      const step = await h.app.followUp.step(plan.id, plan.cwStep.id);
      assert.equal((step?.updates ?? []).filter((u) => u.note === NAMED).length, 1, 'stored once');
      await item.getByText(`Last note: ${NAMED}`).waitFor();
      await page.close();
    });

    it('personal app: the family-team-meeting record naming people → the warning; Keep as written records it', async () => {
      const { page, frame } = await openPersonal(h, people.caseworker);
      await frame.getByRole('tab', { name: /My reviews/ }).click();
      const review = frame.locator('#reviews > li.step').filter({ hasText: 'M.R.' });
      await review.getByRole('button', { name: /^Record the family team meeting/ }).click();
      const who = 'M.R., Dana Brooks (the aunt), the caseworker';
      await frame.getByLabel('Who took part').fill(who);
      await frame.getByLabel('Changes agreed (or "none")').fill('none');
      await frame.getByRole('button', { name: 'Save' }).click();
      const alert = review.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', WARNING);
      assert.equal(await frame.getByLabel('Who took part').inputValue(), who);
      assert.equal((await roundtableView(h.app.domain, plan.id))?.plan.draft, true, 'nothing recorded');
      await alert.getByRole('button', { name: 'Keep as written' }).click();
      await review.getByText('DRAFT').waitFor({ state: 'detached' });
      assert.equal((await roundtableView(h.app.domain, plan.id))?.plan.familyReview?.participants, who);
      await page.close();
    });
  });

  describe('nameCheck refuse', () => {
    let h: Harness;
    let rtId: string;

    before(async function () {
      if (!chromiumPath) this.skip();
      h = await startBot(rig, 'refuse');
      rtId = await brainstorming(h);
    });
    after(async () => {
      await h?.close();
    });

    it('side panel: the refusal beside Add, text kept, no "Keep as written", nothing stored', async () => {
      const { page, frame } = await openPanel(h, people.consultant);
      const box = frame.getByLabel('Your idea');
      await box.fill(NAMED);
      await frame.getByRole('button', { name: 'Add', exact: true }).click();
      const alert = frame.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /looks like it names a person in full/);
      assert.equal(await frame.getByRole('button', { name: 'Keep as written' }).count(), 0);
      assert.equal(await box.inputValue(), NAMED);
      assert.deepEqual(await ideaTexts(h, rtId), []);
      assert.deepEqual(await axe(page), []);
      await page.close();
    });
  });
});
