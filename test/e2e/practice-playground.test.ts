/**
 * End to end: a practice roundtable in the Microsoft 365 Agents Playground (real bot, real Cosmos-
 * compatible store, Debian's Chromium). Fran starts `start practice`, Casey joins as caseworker and
 * confirms the pre-filled case summary at Present (with the youth and family voice on the card),
 * Fran opens the plan (the suggested family-team-meeting step is there) and ends it. Every card on
 * the page says PRACTICE; the store marks the roundtable practice and schedules its deletion.
 */
import assert from 'node:assert/strict';
import type { App } from '../../bot/app.js';
import { PRACTICE_ALIAS } from '../../bot/roundtable/practice.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { phaseCard } from '../../cards/phase-card.js';
import { cardText } from '../support/harness.js';
import {
  type BrowserHandle,
  CARD_SELECTOR,
  clickCardButton,
  openChat,
  sendMessage,
  switchUser,
  waitForCardText,
} from '../support/playground.js';
import { type PlaygroundWorld, startPlaygroundWorld, visibleText } from '../support/playground-world.js';

const GROUP_CHAT_ID = 'group-chat-roundtable';

/** The text the page shows in `locator` (rendered text: hidden elements left out). */
describe('a practice roundtable in the Agents Playground (e2e, real bot)', function () {
  this.timeout(120_000);
  let world: PlaygroundWorld | undefined;
  let app: App | undefined;
  let browser: BrowserHandle | undefined;

  before(async function () {
    world = await startPlaygroundWorld();
    if (!world) {
      this.skip();
      return;
    }
    ({ app, browser } = world);
  });

  after(async () => {
    await world?.close();
  });

  it('start practice: PRACTICE on every card, youth voice and pre-filled summary, the family-team-meeting step', async () => {
    assert.ok(browser && app);
    const { page } = browser;
    await openChat(page, 'group');
    await sendMessage(page, 'start practice', { mentionBot: true });
    const welcome = await waitForCardText(page, 'Phase 1 of 6: Welcome');
    assert.match(await visibleText(welcome), /PRACTICE roundtable on a fictional case/);
    assert.match(await visibleText(welcome), /PRACTICE R\. siblings/);

    // "Assign a role": clients without Teams' people picker (Data.Query), such as this one, get the chat's
    // members as static choices: the bot asked the Playground's connector for them when the roundtable started.
    const started = (await forChat(app.domain, GROUP_CHAT_ID))!;
    const members = (started.chatMembers ?? []).map((m) => m.name);
    for (const name of ['Casey Caseworker', 'Sam Supervisor', 'Morgan Consultant'])
      assert.ok(members.includes(name), `${name} is offered in the picker (members: ${members.join(', ')})`);
    const view = (await roundtableView(app.domain, started.id))!;
    const welcomeJson = JSON.stringify(
      phaseCard({ ...view, settings: app.domain.settings, now: new Date() }, 'welcome'),
    );
    assert.match(welcomeJson, /"id":"rolePerson"[^\]]*"title":"Morgan Consultant"/);

    await switchUser(page, 'Casey Caseworker');
    await welcome.getByRole('combobox', { name: 'Join as' }).click();
    await page.getByRole('option', { name: 'Caseworker', exact: true }).click();
    await clickCardButton(welcome, 'Join', { waitForInvoke: true });
    // Roles are given, not taken: Casey asked for caseworker; Fran confirms it.
    await switchUser(page, 'Fran Facilitator');
    await clickCardButton(welcome, 'Confirm', { waitForInvoke: true });

    await sendMessage(page, 'next', { mentionBot: true });
    // The Present card, and under it the form message where the summary and facts are typed.
    const form = await waitForCardText(page, 'Your part: the case summary');
    const present = page
      .locator(CARD_SELECTOR)
      .filter({ hasText: 'Phase 2 of 6: Present the case' })
      .filter({ hasNotText: 'Your part' })
      .last();
    const presentText = await visibleText(present);
    assert.match(presentText, /PRACTICE roundtable/);
    assert.match(presentText, /Youth and family voice/);
    assert.match(presentText, /I want to stay with my brother and sister/);
    assert.match(await visibleText(form), /PRACTICE roundtable/);

    // Casey checks the pre-filled summary (folded behind "Check and confirm") and confirms it.
    await switchUser(page, 'Casey Caseworker');
    await form.getByRole('button', { name: 'Check and confirm the case summary', exact: true }).click();
    assert.match(await visibleText(form), /Pre-filled from the preparation/);
    const saved = (await clickCardButton(form, 'Save case summary', { waitForInvoke: true })) as {
      value?: unknown;
    };
    assert.match(cardText(saved?.value), /Case summary saved/);
    await switchUser(page, 'Fran Facilitator');

    await sendMessage(page, 'go plan', { mentionBot: true });
    const plan = await waitForCardText(page, 'Phase 5 of 6: Permanency Action Plan');
    assert.match(await visibleText(plan), /Hold a family team meeting to review this plan/);

    await sendMessage(page, 'end confirm', { mentionBot: true });
    await waitForCardText(page, 'Plan summary');
    const cards = page.locator(CARD_SELECTOR);
    const count = await cards.count();
    assert.ok(count >= 4);
    for (let i = 0; i < count; i++) {
      assert.match(await visibleText(cards.nth(i)), /PRACTICE/, `card ${i} says PRACTICE`);
    }

    const rt = (await roundtableView(app.domain, (await forChat(app.domain, GROUP_CHAT_ID))!.id))!;
    assert.equal(rt.roundtable.practice, true);
    assert.equal(rt.roundtable.caseAlias, PRACTICE_ALIAS);
    assert.ok(rt.roundtable.deleteAfter);
    assert.deepEqual(
      rt.caseSummary?.children.map((c) => c.alias),
      ['M.R.', 'L.R.', 'A.R.'],
    );
  });
});
