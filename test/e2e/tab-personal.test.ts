/**
 * The personal app "My roundtables" in Debian's Chromium, against the real running bot, with a test page
 * playing the Teams host for @microsoft/teams-js (see /work/shared/TEAMS-HOST.md): phone size (390 × 844)
 * and desktop, light and dark. One tap marks a step done and `my steps` in the 1:1 chat agrees; a person with
 * no steps sees a friendly empty state; only supervisors see "Team steps"; axe-core finds no serious or
 * critical violation (WCAG AA contrast included) and every button on the phone is at least 44 px high.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { roundtableView } from '../../bot/roundtable/roundtables.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import { message, type Person, people, postActivity } from '../support/activities.js';
import { cardText, Harness } from '../support/harness.js';
import { type SeededPlan, seedPeople, seedPlan } from '../support/personal-world.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';

/** Screenshots go to test-results/ (ignored); UPDATE_SCREENSHOTS=1 writes the ones the docs show in docs/. */
const DOCS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { caseworker: cw, supervisor: sup, outsider } = people;
const personalChat = (p: Person) => `a:personal-${p.id.slice(3)}`;

describe('personal app "My roundtables" in Chromium (teams-js host page, real bot)', function () {
  this.timeout(120_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;
  let plan: SeededPlan;

  before(async function () {
    if (!chromiumPath) this.skip();
    rig = await TabSsoRig.start();
    // Local mode (1:1 messages need no channel token here) with Teams SSO on the tab API.
    h = await Harness.start({
      env: {
        ...rig.tabEnv(),
        TEAMS_APP_ID: '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
      },
    });
    plan = await seedPlan(h, {
      alias: 'J.T.',
      cwText: 'Call the aunt in Dayton about guardianship',
      mpText: 'Search the relative registry for the paternal uncle',
    });
    await seedPlan(h, {
      alias: 'practice',
      practice: true,
      chat: '19:practice-chat@thread.v2',
      cwText: 'Practice: ask the foster family about visits',
      mpText: 'Practice: book a family team meeting',
    });
    await seedPeople(h);
    // One step fell due a week ago (as it would after a week without an update).
    const store = new CosmosRoundtableStore(h.database.database);
    const found = await store.getContribution(plan.id, plan.mpStep.id);
    if (found?.value.kind === 'step') {
      const due = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
      await store.replaceContribution({ ...found.value, dueDate: due }, found.etag);
    }
    browser = await launchBrowser(chromiumPath!);
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
    client = 'web',
    locale?: string,
  ) {
    const tokens = [await rig.token(person)];
    const { page, frame } = await openHostedTab(browser, h.app.url, size, {
      path: '/tab/personal.html',
      title: 'My roundtables',
      person,
      tokens,
      theme,
      hostClientType: client,
      entityId: 'my-roundtables',
      locale,
    });
    await frame.locator('main[aria-busy="false"]').waitFor();
    return { page, frame };
  }

  async function mySteps1to1(person: Person): Promise<string> {
    await postActivity(
      h.app.url,
      message({
        text: 'my steps',
        from: person,
        conversation: { id: personalChat(person), conversationType: 'personal' },
        serviceUrl: h.fake.url,
      }),
    );
    await h.app.idle();
    return cardText(h.cards(personalChat(person)).at(-1)?.card);
  }

  async function axe(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  it('phone: lists my steps (overdue first, PRACTICE marked nowhere real), one tap marks done, `my steps` agrees', async () => {
    assert.match(await mySteps1to1(cw), /Call the aunt in Dayton about guardianship/);
    const { page, frame } = await open(cw, 'default', PHONE, 'ios');
    const steps = frame.locator('#steps > li.step');
    await frame.getByText('Call the aunt in Dayton about guardianship').waitFor();
    const texts = await steps.locator('.text').allTextContents();
    assert.ok(texts.includes('Call the aunt in Dayton about guardianship'), texts.join(' | '));
    // `my steps` and the personal app agree: practice steps in both, marked PRACTICE (#24 item 5).
    const practice = steps.filter({ hasText: 'Practice: ask the foster family about visits' });
    assert.equal(await practice.locator('.tag.practice').textContent(), 'PRACTICE');
    assert.match(await mySteps1to1(cw), /Practice: ask the foster family about visits/);
    assert.equal(
      await steps.filter({ hasText: 'Call the aunt in Dayton' }).locator('.tag.practice').count(),
      0,
      'PRACTICE marked nowhere real',
    );
    // By due date; each step says when its plan's next review is due.
    const dues = (await steps.locator('.detail').allTextContents()).map(
      (d) => /Due (\d{4}-\d{2}-\d{2})/.exec(d)?.[1] ?? '',
    );
    assert.deepEqual(dues, [...dues].sort(), 'steps by due date');
    assert.match(
      (await steps.first().locator('.detail').textContent()) ?? '',
      /Next plan review due \d{4}-\d{2}-\d{2}/,
    );
    assert.equal(await frame.getByRole('tab', { name: /Team steps/ }).isHidden(), true, 'not a supervisor');

    // Touch targets on the phone: every visible button at least 44 px high.
    const small = await frame
      .locator('button:visible')
      .evaluateAll((bs) => bs.filter((b) => b.getBoundingClientRect().height < 44).map((b) => b.textContent));
    assert.deepEqual(small, [], 'buttons under 44 px');
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: join(DOCS, 'personal-phone-light.png') });

    const item = steps.filter({ hasText: 'Call the aunt in Dayton about guardianship' });
    await item.getByRole('button', { name: /^Done:/ }).click();
    await frame
      .getByRole('status')
      .filter({ hasText: 'Marked done: Call the aunt in Dayton about guardianship.' })
      .waitFor();
    await steps
      .filter({ hasText: 'Call the aunt in Dayton about guardianship' })
      .waitFor({ state: 'detached' });
    assert.equal(
      (await h.app.followUp.step(plan.id, plan.cwStep.id))?.status,
      'done',
      'stored once, in the plan',
    );
    assert.doesNotMatch(await mySteps1to1(cw), /Call the aunt in Dayton about guardianship/);
    await page.close();
  });

  it('phone: the caseworker records the family team meeting from "My reviews"; the plan is no longer a draft', async () => {
    const { page, frame } = await open(cw, 'default', PHONE, 'android');
    await frame.getByRole('tab', { name: /My reviews/ }).click();
    const review = frame.locator('#reviews > li.step').filter({ hasText: 'J.T.' });
    await review.getByText('DRAFT').waitFor();
    // Never reviewed: no "last review"; the next review's due date is shown.
    const detail = (await review.locator('.detail').textContent()) ?? '';
    assert.doesNotMatch(detail, /last review/);
    assert.match(detail, /next review due \d{4}-\d{2}-\d{2}/);
    await review.getByRole('button', { name: /^Record the family team meeting/ }).click();
    await frame.getByLabel('Who took part').fill('J.T., the aunt, the caseworker');
    await frame.getByLabel('Changes agreed (or "none")').fill('none');
    await frame.getByLabel('Did the youth take part? (optional)').selectOption('yes');
    await frame
      .getByLabel('What the youth said about the plan (optional)')
      .fill('J.T. wants weekend visits.');
    await frame.getByRole('button', { name: 'Save' }).click();
    await frame
      .getByRole('status')
      .filter({ hasText: /family/i })
      .waitFor();
    await review.getByText('DRAFT').waitFor({ state: 'detached' });
    const stored = (await roundtableView(h.app.domain, plan.id))?.plan;
    assert.equal(stored?.draft, false);
    assert.equal(stored?.familyReview?.participants, 'J.T., the aunt, the caseworker');
    assert.equal(stored?.familyReview?.youthTookPart, true, "the youth's part, as the practice asks");
    assert.equal(stored?.familyReview?.youthSaid, 'J.T. wants weekend visits.');
    await page.close();
  });

  it('desktop, dark: a supervisor sees team steps (the overdue one first) and adds a note', async () => {
    const { page, frame } = await open(sup, 'dark', DESKTOP);
    await frame.locator('html[data-theme="dark"]').waitFor();
    const teamTab = frame.getByRole('tab', { name: /Team steps/ });
    await teamTab.click();
    const team = frame.locator('#team > li.step');
    await team.first().waitFor();
    assert.match(
      (await team.first().textContent()) ?? '',
      /Overdue 7 days[\s\S]*Search the relative registry/,
    );
    // Grouped by caseworker, whoever has overdue steps first (#24 item 5).
    // (The caseworker's step was marked done above: the consultant's group is the one left.)
    assert.deepEqual(await frame.locator('#team > li.group h3').allTextContents(), [people.consultant.name]);
    assert.match(
      (await frame.locator('#team > li').first().textContent()) ?? '',
      new RegExp(`^${people.consultant.name}$`),
      'the heading comes before its steps',
    );
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: join(DOCS, 'personal-desktop-dark.png') });
    await team
      .first()
      .getByRole('button', { name: /^Note:/ })
      .click();
    await frame.getByRole('textbox', { name: 'Note' }).fill('Asked the registry; answer next week');
    await frame.getByRole('button', { name: 'Save' }).click();
    await frame
      .getByRole('status')
      .filter({ hasText: 'Note added to: Search the relative registry' })
      .waitFor();
    const step = await h.app.followUp.step(plan.id, plan.mpStep.id);
    assert.equal(step?.updates?.at(-1)?.note, 'Asked the registry; answer next week');
    assert.equal(step?.updates?.at(-1)?.by.id, sup.id);
    await page.close();
  });

  it('Spanish: Teams in es-MX shows the page in Spanish (locales/es), the case data as written; axe still clean', async () => {
    const es = JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', 'es', 'tab.json'), 'utf8'));
    const { page, frame } = await open(cw, 'default', PHONE, 'ios', 'es-MX');
    await frame.getByText('Practice: ask the foster family about visits').waitFor();
    assert.equal(await frame.locator('html').getAttribute('lang'), 'es');
    assert.equal(await frame.locator('h1').textContent(), es.personal.title);
    assert.equal(await frame.locator('title').textContent(), es.personal.title);
    assert.equal(await frame.locator('#hello').textContent(), es.personal.hello.replace('{name}', cw.name));
    await frame.getByRole('tab', { name: new RegExp(`^${es.personal.mySteps}`) }).waitFor();
    await frame.getByRole('tablist', { name: es.personal.sections }).waitFor();
    assert.equal(await frame.locator('#panel-steps .intro').textContent(), es.personal.stepsIntro);
    const step = frame.locator('#steps > li.step').filter({ hasText: 'Practice: ask the foster family' });
    assert.equal(await step.locator('.tag.practice').textContent(), es.common.practice);
    assert.match((await step.locator('.detail').textContent()) ?? '', /^Vence el \d{4}-\d{2}-\d{2} · /);
    assert.deepEqual(await step.locator('.actions button').allTextContents(), [
      es.step.done,
      es.step.inProgress,
      es.step.blocked,
      es.step.newDate,
      es.step.note,
    ]);
    await step.getByRole('button', { name: /^Hecho: Practice: ask the foster family/ }).waitFor();
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: join(DOCS, 'personal-es.png') });
    await frame.getByRole('tab', { name: new RegExp(`^${es.personal.myReviews}`) }).click();
    const review = frame.locator('#reviews > li.step').first();
    await review.locator('.records-link, .handout-link').first().waitFor();
    assert.match((await review.locator('.detail').textContent()) ?? '', /^Meta principal: /);
    assert.equal(
      await frame.locator('#panel-reviews .intro b').textContent(),
      'my reviews',
      'the command stays',
    );
    assert.deepEqual(await axe(page), []);
    await page.close();
  });

  it('someone with no steps sees a friendly empty state, and no team steps', async () => {
    const { page, frame } = await open(outsider, 'default', PHONE);
    await frame.getByText('You have no open plan steps.').waitFor();
    assert.equal(await frame.getByRole('tab', { name: /Team steps/ }).isHidden(), true);
    await frame.getByRole('tab', { name: /My reviews/ }).click();
    await frame.getByText('No plans to review.').waitFor();
    assert.deepEqual(await axe(page), []);
    for (const theme of ['dark', 'contrast']) {
      await page.evaluate(`window.setTheme(${JSON.stringify(theme)})`);
      await frame.locator(`html[data-theme="${theme}"]`).waitFor();
      assert.deepEqual(await axe(page), [], theme);
    }
    await page.close();
  });
});
