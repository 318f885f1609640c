/**
 * End to end: the README's quick start (a practice roundtable), followed literally in the Microsoft 365 Agents
 * Playground: the same commands (typed with an @mention, as the README says) and the same buttons as its steps.
 * Each step fails if its expected card does not appear. Button titles come from one lookup (BUTTONS) so a
 * renamed button is fixed in one place.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { App } from '../../bot/app.js';
import { cardText } from '../support/harness.js';
import {
  type BrowserHandle,
  clickCardButton,
  openChat,
  sendMessage,
  waitForBotMessage,
  waitForCardText,
} from '../support/playground.js';
import { type PlaygroundWorld, startPlaygroundWorld, visibleText } from '../support/playground-world.js';

/** The README's button names (README.md "Quick start"), in one place. */
const BUTTONS = {
  join: 'Join',
  saveCaseSummary: 'Save case summary',
  ask: 'Ask',
  confirmEnd: 'Confirm end',
} as const;

/** The README's commands, as typed after the @mention. */
const say = (page: Page, command: string) => sendMessage(page, command, { mentionBot: true });

describe("the README's quick start, step by step in the Agents Playground (e2e)", function () {
  this.timeout(180_000);
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
    // The console names the Playground port actually used (a busy default port moves it).
    console.log(`      Playground on ${world.playground.url} (port ${world.playground.port})`);
  });

  after(async () => {
    await world?.close();
  });

  it('steps 2 to 9: start practice, join as caseworker, each phase card, end with Confirm end, my reviews', async () => {
    assert.ok(browser && app);
    const { page } = browser;

    // 2. In the group chat: @Roundtable start practice → the Welcome card (agenda, ground rules, "Join as").
    await openChat(page, 'group');
    await say(page, 'start practice');
    const welcome = await waitForCardText(page, 'Phase 1 of 6: Welcome');
    assert.match(await visibleText(welcome), /PRACTICE/);

    // 3. As Fran: Caseworker in "Join as", Join, then @Roundtable next.
    await welcome.getByRole('combobox', { name: 'Join as' }).click();
    await page.getByRole('option', { name: 'Caseworker', exact: true }).click();
    await clickCardButton(welcome, BUTTONS.join, { waitForInvoke: true });
    await say(page, 'next');

    // 4. Present the case: the youth and family voice, the pre-filled summary; Save case summary.
    const present = await waitForCardText(page, 'Phase 2 of 6: Present the case');
    assert.match(await visibleText(present), /Youth and family voice/);
    const saved = await clickCardButton(present, BUTTONS.saveCaseSummary, { waitForInvoke: true });
    assert.match(cardText((saved as { value?: unknown })?.value), /saved/i);

    // 5. @Roundtable next → Clarify and explore: ask a question.
    await say(page, 'next');
    const clarify = await waitForCardText(page, 'Phase 3 of 6: Clarify and explore');
    await clarify.getByLabel('Your clarifying question').fill('Has the aunt been assessed for kinship care?');
    await clickCardButton(clarify, BUTTONS.ask, { waitForInvoke: true });

    // 6. @Roundtable next → Brainstorm.
    await say(page, 'next');
    await waitForCardText(page, 'Phase 4 of 6: Brainstorm');

    // 7. @Roundtable next → the plan, holding the suggested family-team-meeting step.
    await say(page, 'next');
    const plan = await waitForCardText(page, 'Phase 5 of 6: Permanency Action Plan');
    assert.match(await visibleText(plan), /Hold a family team meeting to review this plan/);

    // 8. @Roundtable next → Debrief, then @Roundtable end: what is missing, and Confirm end.
    await say(page, 'next');
    await waitForCardText(page, 'Phase 6 of 6: Debrief');
    await say(page, 'end');
    const question = await waitForCardText(page, 'Missing before you end');
    await clickCardButton(question, BUTTONS.confirmEnd, { waitForInvoke: true });
    await waitForCardText(page, 'Plan summary');

    // 9. In the 1:1 chat: my reviews shows the plan with the family-team-meeting form.
    await openChat(page, 'personal');
    await sendMessage(page, 'my reviews', { mentionBot: false });
    const review = await waitForBotMessage(page, /Date of the family team meeting/);
    assert.match(await visibleText(review), /PRACTICE R\. siblings/);
  });
});
