/**
 * End to end: the REAL bot (createApp over the Cosmos-compatible database) driven from the
 * Microsoft 365 Agents Playground in Debian's Chromium, in the group chat with a real @mention.
 * Fran Facilitator (the Playground's current user) starts a roundtable, Casey joins from the Welcome
 * card, Fran jumps to Brainstorm, Morgan adds an idea from the Brainstorm card, Fran asks for the
 * status. Checks what the page shows and what is stored. Everything stays on 127.0.0.1 (see
 * test/support/playground.ts).
 *
 * Playground facts this relies on (besides those in playground.ts):
 * - a compact Input.ChoiceSet renders as a Fluent UI combobox whose options open in a popup;
 * - when a card action is answered, the Playground shows the returned card; the bot then updates
 *   the posted card for everyone (`refresh-phase`, after the turn), and that update arrives over the
 *   Playground's websocket a few ms after the invoke answer and replaces the returned card, so the
 *   returned card's notice ("Saved.") is not on screen afterwards. The test checks the returned card
 *   from the invoke answer and the page for what both versions show (the idea and its author).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { App } from '../../bot/app.js';
import { createLogger } from '../../bot/log.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { BrainstormIdea } from '../../bot/roundtable/types.js';
import { cardText } from '../support/harness.js';
import {
  type BrowserHandle,
  CARD_SELECTOR,
  clickCardButton,
  fillInput,
  openChat,
  type PlaygroundHandle,
  sendMessage,
  switchUser,
  waitForCardText,
} from '../support/playground.js';
import { type PlaygroundWorld, startPlaygroundWorld } from '../support/playground-world.js';

const ROOT = resolve(__dirname, '..', '..');
/** The group chat's id in .m365agentsplayground.yml (the conversation id the bot sees). */
const GROUP_CHAT_ID = 'group-chat-roundtable';
/** test-results/ (ignored) unless UPDATE_SCREENSHOTS=1, which refreshes the one in docs/. */
const SCREENSHOT = join(
  ROOT,
  process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results',
  'playground-brainstorm.png',
);
const FIRST_QUESTION = 'What will it take?';
const IDEA = 'Search for paternal relatives';
/** A brainstorm idea line as the card renders it: bullet, text, dash, author. */
const IDEA_LINE = new RegExp(`•\\s*${escapeRegExp(IDEA)}\\s*—\\s*Morgan Consultant`);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The card returned by an `adaptiveCard/action` invoke, as the Playground hands it to the page. */
function returnedCard(answer: unknown): unknown {
  const a = answer as { type?: string; value?: unknown } | undefined;
  assert.equal(a?.type, 'application/vnd.microsoft.card.adaptive', `invoke answer: ${JSON.stringify(a)}`);
  return a.value;
}

/** The container of one brainstorm question's ideas on the card (the one idea box is above the lists). */
function questionBlock(page: Page, card: Locator, question: string): Locator {
  return card
    .locator('.ac-container')
    .filter({ hasText: question })
    .filter({ hasNot: page.getByPlaceholder('Your idea') })
    .last();
}

/** The text the page shows in `locator` (rendered text: hidden elements left out). */
function visibleText(locator: Locator, timeoutMs?: number): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; we want the rendered text
  return locator.innerText(timeoutMs === undefined ? undefined : { timeout: timeoutMs });
}

/** Waits until `locator`'s visible text matches `pattern`. */
async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = await visibleText(locator, timeoutMs);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) assert.fail(`expected ${pattern} in:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a roundtable in the Agents Playground (e2e, real bot)', function () {
  this.timeout(120_000);

  let world: PlaygroundWorld | undefined;
  let app: App | undefined;
  let playground: PlaygroundHandle | undefined;
  let browser: BrowserHandle | undefined;
  const logLines: string[] = [];

  before(async function () {
    world = await startPlaygroundWorld({
      log: createLogger('info', { write: (line: string) => void logLines.push(line) }),
    });
    if (!world) {
      this.skip();
      return;
    }
    ({ app, playground, browser } = world);
  });

  after(async () => {
    await world?.close();
  });

  it('Fran starts, Casey joins, Morgan adds an idea from the card; the page and the store show it', async () => {
    assert.ok(browser && app && playground);
    const { page } = browser;
    await openChat(page, 'group');

    // Fran starts the roundtable: the Welcome card appears.
    await sendMessage(page, 'start J.T.', { mentionBot: true });
    const welcome = await waitForCardText(page, 'Phase 1 of 6: Welcome');
    const welcomeText = await visibleText(welcome);
    assert.match(welcomeText, /Permanency Roundtable · J\.T\./);
    assert.match(welcomeText, /Fran Facilitator/);

    // Casey joins as caseworker from the card.
    await switchUser(page, 'Casey Caseworker');
    await welcome.getByRole('combobox', { name: 'Join as' }).click();
    await page.getByRole('option', { name: 'Caseworker', exact: true }).click();
    const joined = returnedCard(await clickCardButton(welcome, 'Join', { waitForInvoke: true }));
    assert.match(cardText(joined), /Casey Caseworker/);
    // Roles are given, not taken: Casey asked for caseworker; Fran confirms it.
    await switchUser(page, 'Fran Facilitator');
    await clickCardButton(welcome, 'Confirm', { waitForInvoke: true });
    await waitForText(welcome, /Casey Caseworker\s*·\s*Caseworker/);

    // Fran jumps to Brainstorm: the Brainstorm card appears; the Welcome card turns read-only in place.
    await sendMessage(page, 'go brainstorm', { mentionBot: true });
    await waitForCardText(page, 'Phase 4 of 6: Brainstorm');
    // The list everyone shares, and below it the form message with the one idea box (never redrawn for others).
    const brainstorm = page
      .locator(CARD_SELECTOR)
      .filter({ hasText: 'Phase 4 of 6: Brainstorm' })
      .filter({ hasText: /\(\d+ ideas?\)/ })
      .last();
    const form = page
      .locator(CARD_SELECTOR)
      .filter({ has: page.getByPlaceholder('Your idea') })
      .last();
    await welcome.getByRole('button', { name: 'Join', exact: true }).waitFor({ state: 'detached' });
    const q1 = questionBlock(page, brainstorm, FIRST_QUESTION);
    assert.match(await visibleText(q1), /\(0 ideas\)/);

    // Morgan types an idea in the card's one idea box (the first question is chosen) and clicks "Add idea".
    await switchUser(page, 'Morgan Consultant');
    await fillInput(form, 'Your idea', IDEA);
    const added = returnedCard(await clickCardButton(form, 'Add idea', { waitForInvoke: true }));
    const addedText = cardText(added);
    assert.match(addedText, /Saved: idea added/, 'the form returned to Morgan confirms the save');
    await waitForText(q1, IDEA_LINE);
    assert.match(await visibleText(q1), /\(1 idea\)/);

    // Back as Fran, after the bot's in-place update: the card as everyone sees it shows the idea.
    await switchUser(page, 'Fran Facilitator');
    await app.idle();
    await openChat(page, 'personal');
    await openChat(page, 'group'); // re-renders the chat from the messages the Playground holds
    await waitForCardText(page, 'Phase 4 of 6: Brainstorm');
    const shared = brainstorm;
    await waitForText(questionBlock(page, shared, FIRST_QUESTION), IDEA_LINE);
    assert.equal(
      await page.locator(CARD_SELECTOR).filter({ hasText: 'Phase 4 of 6: Brainstorm' }).count(),
      2,
      'the Brainstorm list and its form are updated in place, not posted again',
    );

    await shared.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    // Fran asks for the status.
    await sendMessage(page, 'status', { mentionBot: true });
    const status = await waitForCardText(page, /Now: Phase 4 of 6: Brainstorm/);
    const statusText = await visibleText(status);
    assert.match(statusText, /Brainstorm ideas\s*1/);
    assert.match(statusText, /Participants joined: 2/);

    // What is stored.
    const rt = await forChat(app.domain, GROUP_CHAT_ID);
    assert.ok(rt, 'a roundtable is stored for the group chat');
    assert.equal(rt.caseAlias, 'J.T.');
    assert.deepEqual(
      rt.roster.map((r) => [r.name, r.role]),
      [
        ['Fran Facilitator', 'facilitator'],
        ['Casey Caseworker', 'caseworker'],
      ],
    );
    const view = await roundtableView(app.domain, rt.id);
    const ideas = (view?.contributions ?? []).filter((c): c is BrainstormIdea => c.kind === 'idea');
    assert.equal(ideas.length, 1);
    assert.equal(ideas[0]?.text, IDEA);
    assert.equal(ideas[0]?.questionKey, 'q1');
    assert.equal(ideas[0]?.author.name, 'Morgan Consultant');
    assert.equal(ideas[0]?.author.id, 'user-morgan');

    // The bot had no trouble updating the Playground's cards.
    const trouble = logLines.filter((l) => /"event":"(card\.refresh\.failed|effects\.failed)"/.test(l));
    assert.deepEqual(trouble, []);
  });
});
