/**
 * End to end, in the Agents Playground: what someone is typing is not wiped when someone else adds theirs.
 * Teams (and the Playground) redraw an edited card and drop what was typed into it but not sent
 * (msteams-docs#4863); a phase's typing boxes are therefore in a form message of their own that no shared
 * update edits while the phase runs, and the growing list is in the phase card above it.
 *
 * Fran types half an idea into "Your idea" and does not send it. Morgan adds an idea from another client
 * (a second request over HTTP into the same chat, as Morgan's Teams would send it). The list card shows
 * Morgan's idea for everyone, and Fran's half-typed text is still in her box. The same holds for an answer to
 * a clarifying question, typed in the Clarify form while Morgan asks and answers.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { App } from '../../bot/app.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import { VERBS } from '../../cards/contract.js';
import { cardAction, postActivity } from '../support/activities.js';
import {
  type BrowserHandle,
  CARD_SELECTOR,
  clickCardButton,
  openChat,
  type PlaygroundHandle,
  playgroundConfig,
  sendMessage,
  waitForCardText,
} from '../support/playground.js';
import { type PlaygroundWorld, startPlaygroundWorld, visibleText } from '../support/playground-world.js';

const HALF_TYPED = 'Ask the aunt whether weekend visits could gro';
const MORGANS_IDEA = 'Search for paternal relatives';
const FRANS_QUESTION = 'Has the aunt in Ohio been assessed?';
const HALF_ANSWER = 'Not yet: she asked to be assessed in 20';
const MORGANS_QUESTION = 'Who visits on weekends?';
const MORGANS_ANSWER = 'Her grandmother, every other Saturday';

/** The card with the ideas listed by question ("(0 ideas)"), as everyone sees it. */
function listCard(page: Page, title: string): Locator {
  return page
    .locator(CARD_SELECTOR)
    .filter({ hasText: title })
    .filter({ hasText: /\(\d+ ideas?\)/ })
    .last();
}

/** The card with the "Your idea" box. */
function ideaBoxCard(page: Page): Locator {
  return page
    .locator(CARD_SELECTOR)
    .filter({ has: page.getByPlaceholder('Your idea') })
    .last();
}

/** Waits until `locator`'s visible text matches `pattern` (no fixed wait: the update arrives when it does). */
async function waitForText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).waitFor({ state: 'visible', timeout: 20_000 });
}

describe('typed text survives other people adding theirs (Playground)', function () {
  this.timeout(120_000);

  let world: PlaygroundWorld | undefined;
  let app: App | undefined;
  let playground: PlaygroundHandle | undefined;
  let browser: BrowserHandle | undefined;

  before(async function () {
    world = await startPlaygroundWorld();
    if (!world) {
      this.skip();
      return;
    }
    ({ app, playground, browser } = world);
  });

  after(async () => {
    await world?.close();
  });

  it('half-typed text in "Your idea" is still there after another person adds an idea', async () => {
    assert.ok(browser && app && playground);
    const { page } = browser;
    await openChat(page, 'group');
    await sendMessage(page, 'start J.T.', { mentionBot: true });
    await waitForCardText(page, 'Phase 1 of 6: Welcome');
    await sendMessage(page, 'go brainstorm', { mentionBot: true });
    await waitForCardText(page, 'Phase 4 of 6: Brainstorm');
    const form = ideaBoxCard(page);
    await form.waitFor({ state: 'visible' });
    const list = listCard(page, 'Phase 4 of 6: Brainstorm');
    await list.waitFor({ state: 'visible' });

    // Fran types half an idea and does not send it.
    const box = form.getByPlaceholder('Your idea', { exact: true });
    await box.fill(HALF_TYPED);

    // Morgan adds an idea from another client, into the same chat.
    const config = playgroundConfig(page);
    const morgan = config.users.find((u) => u.name === 'Morgan Consultant');
    assert.ok(morgan, 'the Playground has Morgan');
    const chat = config.groupChats[0];
    assert.ok(chat);
    const rt = await forChat(app.domain, chat.id);
    assert.ok(rt, 'the roundtable is stored');
    const res = await postActivity(
      app.url,
      cardAction({
        verb: VERBS.idea,
        data: {
          rt: rt.id,
          phase: 'brainstorm',
          rev: rt.revision,
          nonce: 'morgans-own-form',
          ideaQuestion: 'q2',
          ideaText: MORGANS_IDEA,
        },
        from: { id: morgan.id, name: morgan.name, aadObjectId: morgan.aadObjectId },
        conversation: { id: chat.id },
        tenantId: config.tenantId,
        serviceUrl: playground.url,
        replyToId: 'morgans-copy-of-the-form',
      }),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));

    // Everyone's list shows Morgan's idea (the shared card was redrawn)…
    await app.idle();
    await waitForText(list, new RegExp(MORGANS_IDEA));
    assert.match(await visibleText(list), /Morgan Consultant/);
    // …and Fran's half-typed text is still in her box.
    assert.equal(await box.inputValue(), HALF_TYPED);
  });

  it('a half-typed clarify answer is still there after another person asks and answers', async () => {
    assert.ok(browser && app && playground);
    const { page } = browser;
    const config = playgroundConfig(page);
    const chat = config.groupChats[0];
    assert.ok(chat);
    await openChat(page, 'group');
    // Alone or after the brainstorm test: one roundtable in the chat, moved to Clarify.
    if (!(await forChat(app.domain, chat.id))) {
      await sendMessage(page, 'start J.T.', { mentionBot: true });
      await waitForCardText(page, 'Phase 1 of 6: Welcome');
    }
    await sendMessage(page, 'go clarify', { mentionBot: true });
    await waitForCardText(page, 'Phase 3 of 6: Clarify');
    const form = page
      .locator(CARD_SELECTOR)
      .filter({ has: page.getByLabel('Your clarifying question') })
      .last();
    await form.waitFor({ state: 'visible' });
    const list = page
      .locator(CARD_SELECTOR)
      .filter({ hasText: 'Phase 3 of 6: Clarify' })
      .filter({ hasText: /Questions \(\d+, \d+ unanswered\)/ })
      .last();
    await list.waitFor({ state: 'visible' });

    // Fran asks; her form comes back with her question to answer. She types half an answer and does not send it.
    await form.getByLabel('Your clarifying question').fill(FRANS_QUESTION);
    await clickCardButton(form, 'Ask', { waitForInvoke: true });
    await app.idle();
    await waitForText(list, new RegExp(FRANS_QUESTION.replace('?', '\\?')));
    const box = form.getByLabel('Your answer');
    await box.fill(HALF_ANSWER);

    // Morgan asks a question and answers Fran's from another client, into the same chat.
    const morgan = config.users.find((u) => u.name === 'Morgan Consultant');
    assert.ok(morgan, 'the Playground has Morgan');
    const rt = await forChat(app.domain, chat.id);
    assert.ok(rt, 'the roundtable is stored');
    const view = await roundtableView(app.domain, rt.id);
    const frans = view?.contributions.find((c) => c.kind === 'question' && c.text === FRANS_QUESTION);
    assert.ok(frans, "Fran's question is stored");
    const morgans = (verb: string, inputs: Record<string, string>, nonce: string) =>
      postActivity(
        app!.url,
        cardAction({
          verb,
          data: { rt: rt.id, phase: 'clarify', rev: rt.revision, nonce, ...inputs },
          from: { id: morgan.id, name: morgan.name, aadObjectId: morgan.aadObjectId },
          conversation: { id: chat.id },
          tenantId: config.tenantId,
          serviceUrl: playground!.url,
          replyToId: 'morgans-copy-of-the-form',
        }),
      );
    const asked = await morgans(VERBS.question, { questionText: MORGANS_QUESTION }, 'morgan-asks');
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const answered = await morgans(
      VERBS.answer,
      { answerQuestion: frans.id, answerText: MORGANS_ANSWER },
      'morgan-answers',
    );
    assert.equal(answered.status, 200, JSON.stringify(answered.body));

    // Everyone's list shows Morgan's question and answer (the shared card was redrawn)…
    await app.idle();
    await waitForText(list, new RegExp(MORGANS_ANSWER));
    assert.match(await visibleText(list), new RegExp(MORGANS_QUESTION.replace('?', '\\?')));
    // …and Fran's half-typed answer is still in her box.
    assert.equal(await box.inputValue(), HALF_ANSWER);
  });
});
