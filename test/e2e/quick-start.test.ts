/**
 * End to end: the README's quick start (a practice roundtable), followed literally in the Microsoft 365 Agents
 * Playground. The commands typed and the buttons pressed are read from README.md's steps (QuickStartWalk): a
 * step that types or names something the test does not do, or a button the app renamed, fails the test. Each
 * step also fails if its expected card does not appear. The invite example's date is a date next week.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { App } from '../../bot/app.js';
import { cardText } from '../support/harness.js';
import {
  type BrowserHandle,
  CARD_SELECTOR,
  clickCardButton,
  openChat,
  playgroundConfig,
  waitForBotMessage,
  waitForCardText,
} from '../support/playground.js';
import {
  type PlaygroundWorld,
  startPlaygroundWorld,
  typeCommand,
  visibleText,
} from '../support/playground-world.js';
import { QuickStartWalk } from '../support/readme-quick-start.js';

const ROOT = join(__dirname, '..', '..');

/** YYYY-MM-DD, `days` from today (UTC). */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Waits until `locator`'s visible text matches `pattern` (cards are updated in place after each turn). */
async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await visibleText(locator).catch(() => '');
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) assert.fail(`expected ${pattern} in:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Picks `option` in the card's compact choice set labelled `label` (a combobox in the Playground). */
async function choose(page: Page, card: Locator, label: string, option: string | RegExp): Promise<void> {
  await card.getByRole('combobox', { name: label }).first().click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

describe("the README's quick start, step by step in the Agents Playground (e2e)", function () {
  this.timeout(240_000);
  let world: PlaygroundWorld | undefined;
  let app: App | undefined;
  let browser: BrowserHandle | undefined;

  before(async function () {
    // Shared cards are redrawn right after each turn (not 2.5 s later), so the next input is typed into the
    // card that stays on screen.
    world = await startPlaygroundWorld({ env: { CARD_UPDATE_DELAY_MS: '0' } });
    if (!world) {
      this.skip();
      return;
    }
    ({ app, browser } = world);
    // The console names the Playground port actually used (a busy default port moves it).
    console.log(`      Playground on ${world.playground.url} (port ${world.playground.port})`);
  });

  afterEach(async function () {
    // A failed step leaves what the page showed in test-results/ (ignored by git).
    if (this.currentTest?.state === 'failed' && browser)
      await browser.page.screenshot({
        path: join(ROOT, 'test-results', 'quick-start-failed.png'),
        fullPage: true,
      });
  });

  after(async () => {
    await world?.close();
  });

  it('steps 2 to 10: practice, invite on a date next week, open, every phase card, end, my steps and my reviews', async () => {
    assert.ok(browser && app);
    const bot = app;
    const { page } = browser;
    const walk = new QuickStartWalk();
    const config = playgroundConfig(page);
    /** A phase's card everyone shares (its list), by its title: the card without the phase's form line. */
    const phaseList = async (title: string) => {
      await waitForCardText(page, title);
      const card = page
        .locator(CARD_SELECTOR)
        .filter({ hasText: title })
        .filter({ hasNotText: 'this form is not redrawn' })
        .last();
      await card.waitFor();
      return card;
    };
    /** The form message under a phase's card (where people type), by its title's end. */
    const phaseForm = (title: string) => waitForCardText(page, title);
    /** Presses a card button and waits until the bot has answered and redrawn the shared card. */
    const press = async (card: Locator, name: string) => {
      const answer = await clickCardButton(card, name, { waitForInvoke: true });
      await bot.idle();
      return cardText((answer as { value?: unknown } | undefined)?.value);
    };
    const say = async (command: string) => {
      await typeCommand(page, command);
      await bot.idle();
    };

    const nextWeek = dateFromToday(7);

    // 2. Open the group chat (named as the README names it) and start the practice roundtable.
    assert.equal(walk.bold(2, 'Roundtable Group Chat'), config.groupChats[0]?.name);
    await openChat(page, 'group');
    await say(walk.command(2, 'start'));
    const welcome = await waitForCardText(page, 'Phase 1 of 6: Welcome');
    const welcomeText = await visibleText(welcome);
    assert.match(welcomeText, /PRACTICE/);
    assert.match(welcomeText, /Agenda/i, 'the Welcome card shows the agenda');
    assert.match(welcomeText, /No idea is a bad idea/, 'the Welcome card shows the ground rules');
    await welcome.getByRole('combobox', { name: 'Join as' }).waitFor();

    // 3. Invite Sam on a date next week: the roundtable is scheduled (no clock); `open` starts the clock.
    const invite = walk.command(3, 'invite');
    assert.match(invite, /<a date next week>/);
    await say(invite.replace('<a date next week>', nextWeek));
    await waitForBotMessage(page, `Invitation sent to Sam Supervisor for ${nextWeek} 14:00`);
    const scheduled = walk.bold(3, 'scheduled');
    await waitForText(welcome, new RegExp(`${scheduled.replace(/^s/, 'S')} for ${nextWeek} 14:00`));
    assert.doesNotMatch(await visibleText(welcome), /min left/, 'no clock runs while scheduled');
    await say(walk.command(3, 'open'));
    await waitForBotMessage(page, /The roundtable is open/);
    await waitForText(welcome, /min left/);

    // 4. Fran joins as caseworker from the Welcome card.
    await choose(page, welcome, 'Join as', walk.bold(4, 'Caseworker'));
    await press(welcome, walk.bold(4, 'Join'));
    await waitForText(welcome, /Fran Facilitator[^\n]*Caseworker/);

    // 5. Next: Present the case: the youth and family voice, the pre-filled summary; Save case summary.
    await say(walk.command(5, 'next'));
    const present = await phaseList(`Phase 2 of 6: ${walk.bold(5, 'Present the case')}`);
    assert.match(await visibleText(present), /Youth and family voice/);
    const presentForm = await phaseForm('Your part: the case summary');
    await presentForm
      .getByRole('button', { name: walk.bold(5, 'Check and confirm the case summary'), exact: true })
      .click();
    assert.match(await presentForm.getByLabel('What has been tried').inputValue(), /\S/, 'pre-filled');
    assert.match(await press(presentForm, walk.bold(5, 'Save case summary')), /saved/i);

    // 6. Clarify and explore: ask a question, then answer it in the same form (the question chosen).
    await say(walk.command(6, 'next'));
    const clarify = await phaseList(`Phase 3 of 6: ${walk.bold(6, 'Clarify and explore')}`);
    const clarifyForm = await phaseForm('Your question, your answer.');
    const question = 'Has the aunt in Ohio been assessed as a kinship carer?';
    await clarifyForm.getByLabel('Your clarifying question').fill(question);
    await press(clarifyForm, walk.bold(6, 'Ask'));
    await waitForText(clarify, new RegExp(question.replace('?', '\\?')));
    await choose(page, clarifyForm, 'Question to answer', question);
    await clarifyForm.getByLabel('Your answer').fill('Not yet: she asked to be assessed in 2023.');
    await press(clarifyForm, walk.bold(6, 'Answer'));
    await waitForText(clarify, /she asked to be assessed in 2023/);
    assert.ok(walk.bold(6, 'Show new questions'), 'the README names the button');

    // 7. Brainstorm: ideas to two of the five questions, one flagged as a funding barrier.
    await say(walk.command(7, 'next'));
    const brainstorm = await phaseList(`Phase 4 of 6: ${walk.bold(7, 'Brainstorm')}`);
    const ideaForm = await phaseForm('Your idea.');
    const addIdea = walk.bold(7, 'Add idea');
    const ideas = [
      {
        question: '1. What will it take?',
        text: 'Assess the aunt in Ohio as a kinship carer',
        barrier: 'No',
      },
      {
        question: '2. What can we try that has not been tried before?',
        text: 'Ask the siblings who they would call on a bad day',
        barrier: 'No',
      },
      {
        question: '1. What will it take?',
        text: 'Fund travel for sibling visits across the state',
        barrier: 'Funding',
      },
    ];
    for (const idea of ideas) {
      await choose(page, ideaForm, 'Question', idea.question);
      await ideaForm.getByPlaceholder('Your idea').first().fill(idea.text);
      if (idea.barrier !== 'No') await choose(page, ideaForm, 'Systemic barrier?', idea.barrier);
      assert.match(await press(ideaForm, addIdea), /idea added/i);
      await waitForText(brainstorm, new RegExp(idea.text));
    }
    await waitForText(brainstorm, /Barrier busting \(1\)/);

    // 8. The plan: the suggested family-team-meeting step; an idea becomes a step owned by Fran, due in two
    // weeks; goals and each child's rating.
    await say(walk.command(8, 'next'));
    const plan = await waitForCardText(page, `Phase 5 of 6: ${walk.bold(8, 'Permanency Action Plan')}`);
    assert.match(await visibleText(plan), /Hold a family team meeting to review this plan/);
    // The barrier flagged in the brainstorm, answered by the barrier buster (Fran may act for one).
    for (const other of ['Needs decision', 'Not a barrier'])
      await plan.getByRole('button', { name: walk.bold(8, other), exact: true }).waitFor();
    await plan.getByRole('button', { name: walk.bold(8, 'Solved now'), exact: true }).click();
    await plan
      .getByLabel('The decision')
      .fill('The regional office pays for sibling visits from the kinship fund.');
    await press(plan, walk.bold(8, 'Save'));
    await waitForText(plan, /kinship fund/);

    await plan.getByRole('button', { name: walk.bold(8, 'Add a step'), exact: true }).click();
    const stepText = 'Start the kinship assessment of the aunt in Ohio';
    await plan.getByLabel('What will be done').fill(stepText);
    await choose(page, plan, 'Owner', /^Fran Facilitator/);
    await plan.getByLabel('Due date').fill(dateFromToday(14));
    await choose(
      page,
      plan,
      'Comes from idea (optional; see the list above)',
      /^I\d+\. Assess the aunt in Ohio/,
    );
    assert.match(await press(plan, walk.bold(8, 'Add step')), /step added|saved/i);
    await waitForText(plan, new RegExp(stepText));
    await plan.getByRole('button', { name: walk.bold(8, 'Set goals and ratings'), exact: true }).click();
    await choose(page, plan, 'Primary permanency goal', 'Permanent placement with a relative');
    await choose(page, plan, 'Concurrent permanency goal', 'Adoption');
    for (const child of ['M.R.', 'L.R.', 'A.R.'])
      await choose(page, plan, `Permanency status: ${child}`, 'Fair');
    assert.match(await press(plan, walk.bold(8, 'Save goals and ratings')), /saved/i);
    await waitForText(plan, /Permanent placement with a relative/);
    // Named for a real meeting only: Fran is facilitator and caseworker, so her step is no proposal.
    walk.bold(8, 'PROPOSAL');
    walk.bold(8, 'Accept into the plan');

    // 9. Debrief, then end: what is missing, and Confirm end; the plan summary is posted.
    await say(walk.command(9, 'next'));
    await waitForCardText(page, `Phase 6 of 6: ${walk.bold(9, 'Debrief')}`);
    await say(walk.command(9, 'end'));
    const missing = await waitForCardText(page, 'Missing before you end');
    await press(missing, walk.bold(9, 'Confirm end'));
    const summary = await waitForCardText(page, 'Plan summary');
    assert.match(await visibleText(summary), new RegExp(stepText));

    // 10. The 1:1 chat: my steps (PRACTICE), my reviews with the family-team-meeting form; recording it
    // takes the plan out of DRAFT.
    assert.equal(walk.bold(10, 'Personal Chat'), config.personalChat.name);
    await openChat(page, 'personal');
    await say(walk.command(10, 'my steps'));
    const mySteps = await waitForBotMessage(page, new RegExp(stepText));
    assert.match(await visibleText(mySteps), /PRACTICE R\. siblings/);
    assert.match(await visibleText(mySteps), /Hold a family team meeting/);
    await say(walk.command(10, 'my reviews'));
    const review = await waitForCardText(page, /Record the family team meeting/);
    assert.match(await visibleText(review), /PRACTICE R\. siblings/);
    assert.match(await visibleText(review), new RegExp(walk.bold(10, 'DRAFT')));
    await review
      .getByRole('button', { name: walk.bold(10, 'Record the family team meeting…'), exact: true })
      .click();
    await review.getByLabel('Date of the family team meeting').fill(dateFromToday(0));
    await review.getByLabel('Who took part').fill('The siblings, their aunt, Fran');
    await review.getByLabel('Changes agreed (or "none")').fill('none');
    await review
      .getByRole('radiogroup', { name: 'Did the youth take part?' })
      .getByRole('radio', { name: 'Yes', exact: true })
      .check();
    await review.getByLabel('What the youth said about the plan').fill('They want to stay together.');
    const recorded = await press(review, walk.bold(10, 'Record the family team meeting'));
    assert.doesNotMatch(recorded, /DRAFT until reviewed/);

    // Nothing the README's steps type or name was left out.
    assert.deepEqual(walk.leftOut(), []);
  });
});
