/**
 * End to end: every phase card of a realistic roundtable (12 people, 40 ideas, 8 steps, 3 barriers)
 * rendered by the Microsoft 365 Agents Playground at its chat width, in Debian's Chromium:
 * - no phase card is taller than 1,600 px;
 * - after an action on each card, its notice is visible in the viewport (next to the button pressed);
 * - a screenshot of each phase card is written to test-results/cards/<phase>.png (light theme;
 *   docs/cards/<phase>.png with UPDATE_SCREENSHOTS=1).
 * The roundtable is started in the Playground and filled through the bot's own service (the same
 * domain calls the cards make), then each phase card is posted with `@Roundtable go <phase>`.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { App } from '../../bot/app.js';
import { saveCaseSummary } from '../../bot/roundtable/case-summary.js';
import { contribute } from '../../bot/roundtable/contributions.js';
import { navigate } from '../../bot/roundtable/lifecycle.js';
import type { Actor } from '../../bot/roundtable/permissions.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PhaseKey, Role } from '../../bot/roundtable/types.js';
import { hasForm } from '../../cards/phase-form.js';
import {
  type BrowserHandle,
  CARD_SELECTOR,
  clickCardButton,
  openChat,
  sendMessage,
  switchUser,
  waitForCardText,
} from '../support/playground.js';
import { type PlaygroundWorld, startPlaygroundWorld } from '../support/playground-world.js';
import { CASE_FACTS, FACTS, IDEAS, QUESTIONS, STEPS } from '../support/realistic-view.js';
import { screenshotDir } from '../support/screenshots.js';

const GROUP_CHAT_ID = 'group-chat-roundtable';
const MAX_HEIGHT = 1600;
const VIEWPORT = { width: 1600, height: 1000 };

const PLAYGROUND_PEOPLE: [string, string, Role][] = [
  ['user-casey', 'Casey Caseworker', 'caseworker'],
  ['user-sam', 'Sam Supervisor', 'supervisor'],
  ['user-morgan', 'Morgan Consultant', 'master-practitioner'],
  ['user-lee', 'Lee Leader', 'barrier-buster'],
  ['user-olive', 'Olive Observer', 'other'],
];
const EXTRA_PEOPLE: [string, string, Role][] = [
  ['extra-1', 'Robin Regional', 'barrier-buster'],
  ['extra-2', 'Alex Legal', 'barrier-buster'],
  ['extra-3', 'Jamie Scribe', 'scribe'],
  ['extra-4', 'Pat Placement', 'other'],
  ['extra-5', 'Chris Clinician', 'other'],
  ['extra-6', 'Dana Educator', 'other'],
];

/** Where the text is on screen: true when some element with it lies inside the viewport. */
async function inViewport(page: Page, card: Locator, text: string): Promise<boolean> {
  const hits = card.getByText(text, { exact: false });
  const count = await hits.count();
  const height = page.viewportSize()?.height ?? VIEWPORT.height;
  for (let i = 0; i < count; i++) {
    const box = await hits.nth(i).boundingBox();
    if (box && box.height > 0 && box.y >= 0 && box.y + box.height <= height) return true;
  }
  return false;
}

/** The card's height once rendering has settled (two equal readings in a row; at most 20 readings). */
async function settledHeight(card: Locator): Promise<number> {
  let last = -1;
  for (let i = 0; i < 20; i++) {
    const height = Math.round((await card.boundingBox())?.height ?? 0);
    if (height > 0 && height === last) return height;
    last = height;
    await card.page().waitForTimeout(250);
  }
  return last;
}

describe('card heights and notice visibility in the Agents Playground (e2e, real bot)', function () {
  this.timeout(240_000);
  let world: PlaygroundWorld | undefined;
  let app: App | undefined;
  let browser: BrowserHandle | undefined;

  before(async function () {
    world = await startPlaygroundWorld({ viewport: VIEWPORT });
    if (!world) {
      this.skip();
      return;
    }
    ({ app, browser } = world);
  });

  after(async () => {
    await world?.close();
  });

  it('every phase card is at most 1,600 px tall and shows the notice of an action in view', async () => {
    assert.ok(browser && app);
    const { page } = browser;
    const domain = app.domain;
    await openChat(page, 'group');
    await sendMessage(page, 'start J.T.', { mentionBot: true });
    await waitForCardText(page, 'Phase 1 of 6: Welcome');

    // --- seed a realistic roundtable through the service ---------------------------------------
    const rt = (await forChat(domain, GROUP_CHAT_ID))!;
    const actor = (id: string, name: string): Actor => ({
      person: { id, name },
      conversationId: GROUP_CHAT_ID,
      ...(rt.chat.tenantId ? { tenantId: rt.chat.tenantId } : {}),
    });
    const fran = actor('user-fran', 'Fran Facilitator');
    const people = [...PLAYGROUND_PEOPLE, ...EXTRA_PEOPLE];
    for (const [id, name, role] of people) {
      assert.ok((await assignRole(domain, fran, rt.id, { id, name }, role)).ok, `role for ${name}`);
    }
    const casey = actor('user-casey', 'Casey Caseworker');
    const ok = async (p: Promise<{ ok: boolean; failure?: { message: string } }>, what: string) => {
      const done = await p;
      assert.ok(done.ok, `${what}: ${done.failure?.message}`);
    };
    let key = 0;
    const add = (who: Actor, input: Parameters<typeof contribute>[3]) =>
      ok(contribute(domain, who, rt.id, input, `seed-${key++}`), `${input.kind} ${key}`);

    await ok(navigate(domain, fran, rt.id, 1), 'to present');
    await ok(
      saveCaseSummary(domain, casey, rt.id, {
        children: 'J.T., 15',
        ...CASE_FACTS,
      }),
      'case summary',
    );
    for (let i = 0; i < 6; i++) await add(casey, { kind: 'fact', text: FACTS[i] ?? '' });
    await ok(navigate(domain, fran, rt.id, 2), 'to clarify');
    for (let i = 0; i < 6; i++) {
      const [id, name] = people[i % people.length] as [string, string, Role];
      await add(actor(id, name), {
        kind: 'question',
        text: QUESTIONS[i] ?? '',
      });
    }
    const questions = (await roundtableView(domain, rt.id))!.contributions.filter(
      (c) => c.kind === 'question',
    );
    for (const q of questions.slice(0, 4))
      await add(casey, { kind: 'answer', questionId: q.id, text: 'Yes, in 2023; nobody followed up.' });
    await ok(navigate(domain, fran, rt.id, 3), 'to brainstorm');
    const keys = domain.settings.questions.map((q) => q.key);
    for (let i = 0; i < 40; i++) {
      const [id, name] = people[i % people.length] as [string, string, Role];
      const barrier = i === 3 ? 'policy' : i === 17 ? 'funding' : i === 29 ? 'legal' : undefined;
      await add(actor(id, name), {
        kind: 'idea',
        questionKey: keys[i % keys.length] as string,
        text: IDEAS[i % IDEAS.length] ?? '',
        ...(barrier ? { barrier } : {}),
      });
    }
    await ok(navigate(domain, fran, rt.id, 4), 'to plan');
    const ideas = (await roundtableView(domain, rt.id))!.contributions.filter((c) => c.kind === 'idea');
    for (let i = 0; i < 7; i++) {
      const owner = i % 2 === 0 ? 'user-casey' : 'user-sam';
      await add(casey, {
        kind: 'step',
        // The family-team-meeting step is in every plan already: the other steps after it.
        text: STEPS[i + 1] ?? '',
        ownerId: owner,
        dueDate: `2027-0${(i % 8) + 1}-15`,
        ...(ideas[i] ? { ideaId: ideas[i]?.id } : {}),
      });
    }
    await ok(navigate(domain, fran, rt.id, 5), 'to debrief');
    await add(casey, { kind: 'debrief', prompt: 'went-well', text: 'Everyone stayed future-focused.' });

    // --- render each phase card and act on it ---------------------------------------------------
    const heights: Record<string, number> = {};
    const noticesInView: Record<string, boolean> = {};
    const phases: { key: PhaseKey; title: string; act: (card: Locator) => Promise<string> }[] = [
      {
        key: 'welcome',
        title: 'Phase 1 of 6: Welcome',
        act: async (card) => {
          await switchUser(page, 'Olive Observer');
          await clickCardButton(card, 'Join', { waitForInvoke: true });
          await switchUser(page, 'Fran Facilitator');
          return 'Olive Observer';
        },
      },
      {
        key: 'present',
        title: 'Phase 2 of 6: Present the case',
        act: async (card) => {
          await switchUser(page, 'Casey Caseworker');
          // The saved summary is folded away behind "Edit case summary".
          await card.getByRole('button', { name: 'Edit the case summary', exact: true }).click();
          await clickCardButton(card, 'Save case summary', { waitForInvoke: true });
          await switchUser(page, 'Fran Facilitator');
          return 'Case summary saved';
        },
      },
      {
        key: 'clarify',
        title: 'Phase 3 of 6: Clarify',
        act: async (card) => {
          await card.getByLabel('Your clarifying question').fill('Who visits her?');
          await clickCardButton(card, 'Ask', { waitForInvoke: true });
          return 'Saved: question added';
        },
      },
      {
        key: 'brainstorm',
        title: 'Phase 4 of 6: Brainstorm',
        act: async (card) => {
          await card.getByPlaceholder('Your idea').first().fill('Invite the art teacher to the next meeting');
          await clickCardButton(card, 'Add idea', { waitForInvoke: true });
          return 'Saved: idea added';
        },
      },
      {
        key: 'plan',
        title: 'Phase 5 of 6: Permanency Action Plan',
        act: async (card) => {
          // Removing a step asks first: Remove…, then Confirm remove.
          await card.getByRole('button', { name: 'Remove…', exact: true }).nth(5).click();
          await clickCardButton(card, 'Confirm remove', { waitForInvoke: true });
          return 'Step removed';
        },
      },
      {
        key: 'debrief',
        title: 'Phase 6 of 6: Debrief',
        act: async (card) => {
          await card.getByLabel('What to change next time').fill('Start on time next time.');
          await clickCardButton(card, 'Submit', { waitForInvoke: true });
          return 'Saved: thank you';
        },
      },
    ];
    /** A phase's form message (where people type) carries this line; its list card does not. */
    const FORM_LINE = 'this form is not redrawn';
    const shoot = async (card: Locator, key: string) => {
      const height = await settledHeight(card);
      heights[key] = height;
      console.log(`  ${key}: ${height} px`);
      // A screenshot of the whole card needs a window taller than the card; then back to a laptop's height.
      await page.setViewportSize({
        width: VIEWPORT.width,
        height: Math.max(VIEWPORT.height, height + 200),
      });
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: resolve(screenshotDir('cards'), `${key}.png`) });
      await page.setViewportSize(VIEWPORT);
    };
    for (const [i, p] of phases.entries()) {
      await sendMessage(page, `go ${i + 1}`, { mentionBot: true });
      await waitForCardText(page, p.title);
      const cards = page.locator(CARD_SELECTOR).filter({ hasText: p.title });
      const list = cards.filter({ hasNotText: FORM_LINE }).last();
      // The form message follows its list card: wait for it (a busy machine posts it a moment later).
      if (hasForm(p.key as PhaseKey)) await cards.filter({ hasText: FORM_LINE }).last().waitFor();
      const form =
        (await cards.filter({ hasText: FORM_LINE }).count()) > 0
          ? cards.filter({ hasText: FORM_LINE }).last()
          : undefined;
      await shoot(list, p.key);
      if (form) await shoot(form, `${p.key}-form`);
      // What is typed is typed in the form; the other phases' actions are on their card.
      const card = form ?? list;
      await card.getByRole('button').last().scrollIntoViewIfNeeded();
      try {
        const notice = await p.act(card);
        const after = form
          ? cards.filter({ hasText: FORM_LINE }).last()
          : await waitForCardText(page, p.title);
        await after.getByText(notice).first().waitFor({ timeout: 10_000 }); // the answered card has arrived
        noticesInView[p.key] = await inViewport(page, after, notice);
        if (!noticesInView[p.key]) {
          await page.screenshot({ path: `/tmp/card-heights-${p.key}-notice.png` });
          console.log(
            `  ${p.key}: notice "${notice}" not in view; card says: ${((await after.textContent()) ?? '').slice(0, 600)}`,
          );
        }
      } catch (err) {
        noticesInView[p.key] = false;
        console.log(`  ${p.key}: action failed: ${(err as Error).message.split('\n')[0]}`);
        console.log(
          `  ${p.key}: card says: ${((await page.locator(CARD_SELECTOR).last().textContent()) ?? '').slice(0, 400)}`,
        );
        await page.screenshot({ path: `/tmp/card-heights-${p.key}-failed.png` });
        await page.keyboard.press('Escape');
        await switchUser(page, 'Fran Facilitator');
      }
    }
    console.log(`  card heights (px): ${JSON.stringify(heights)}`);
    console.log(`  notice in view: ${JSON.stringify(noticesInView)}`);
    for (const [phase, h] of Object.entries(heights)) {
      assert.ok(h > 0 && h <= MAX_HEIGHT, `${phase} card is ${h} px tall (max ${MAX_HEIGHT})`);
    }
    for (const [phase, seen] of Object.entries(noticesInView)) {
      assert.ok(seen, `${phase}: the notice of the action is visible in the viewport`);
    }
  });
});
