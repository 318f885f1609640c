/**
 * End to end: the realistic meeting cards (and three 1:1 cards: a reminder, an invitation, a review) drawn in Spanish (`lang: 'es'`, #29 item 4), each valid for the
 * `adaptivecards` library, rendered by its JS renderer in Debian's Chromium at Teams' chat width under the light
 * host config (test/support/teams-host-configs.ts); screenshots go to test-results/cards/es/<card>.png (with
 * UPDATE_SCREENSHOTS=1 to docs/cards/es/), to see that longer Spanish texts wrap and buttons fit.
 * No bot, no network: the cards are rendered in this process and handed to the page.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { t } from '../../bot/i18n/text.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { reviewCard, stepsCard } from '../../cards/follow-up-cards.js';
import type { AdaptiveCard } from '../../cards/kit.js';
import { phaseCard } from '../../cards/phase-card.js';
import { phaseFormCard } from '../../cards/phase-form.js';
import { invitationCard } from '../../cards/preparation-cards.js';
import { statusCard } from '../../cards/status-card.js';
import { summaryCard } from '../../cards/summary-card.js';
import { chromiumForSuite } from '../support/playground.js';
import { realisticView } from '../support/realistic-view.js';
import { screenshotDir } from '../support/screenshots.js';
import { HOST_CONFIGS, PAGE_BACKGROUND } from '../support/teams-host-configs.js';

// `require('adaptivecards')` fails on Node 20 (its lib build uses extensionless ESM imports); the dist bundle works.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const ROOT = resolve(__dirname, '..', '..');
const AC_BUNDLE = resolve(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
/** Teams' chat column is about 450 px wide for a card. */
const CARD_WIDTH = 450;

/** The meeting's cards in a language, by the name of their screenshot. */
function cards(lang: string): [string, AdaptiveCard][] {
  const es = (...args: Parameters<typeof realisticView>) => ({ ...realisticView(...args), lang });
  return [
    ['welcome', phaseCard(es('welcome'), 'welcome')],
    ['present', phaseCard(es('present'), 'present')],
    ['present-form', phaseFormCard(es('present'), 'present')],
    ['clarify', phaseCard(es('clarify'), 'clarify')],
    ['clarify-form', phaseFormCard(es('clarify'), 'clarify')],
    ['brainstorm', phaseCard(es('brainstorm'), 'brainstorm')],
    ['plan', phaseCard(es('plan'), 'plan')],
    ['summary', summaryCard(es('debrief', { ended: true }))],
    ['status', statusCard(es('brainstorm'))],
    ...personalCards(lang),
  ];
}

/** 1:1 cards in a language: an overdue reminder, the invitation, the follow-up review. */
function personalCards(lang: string): [string, AdaptiveCard][] {
  const plan = realisticView('plan');
  const rt = { ...plan.roundtable, status: 'ended' as const };
  const steps = plan.contributions.filter((c): c is PlanStep => c.kind === 'step');
  const invitee = plan.roundtable.roster[1]!;
  return [
    [
      'reminder',
      stepsCard({
        heading: t(lang, 'personal:reminder.headings.overdue', { alias: rt.caseAlias }),
        lines: [{ step: steps[1]!, roundtable: rt, overdueDays: 3 }],
        list: 'mine',
        actionable: true,
        lang,
      }),
    ],
    [
      'invitation',
      invitationCard(
        {
          id: 'inv-1',
          roundtableId: rt.id,
          caseAlias: rt.caseAlias,
          person: invitee,
          role: 'caseworker',
          invitedBy: plan.roundtable.startedBy,
          invitedAt: plan.now.toISOString(),
          meetingAt: '2026-03-20 14:00',
          status: 'invited',
        },
        plan.roundtable,
        undefined,
        undefined,
        lang,
      ),
    ],
    [
      'review',
      reviewCard({
        roundtable: rt,
        plan: plan.plan,
        steps,
        children: ['J.T.'],
        settings: plan.settings,
        lang,
      }),
    ],
  ];
}

/** What the adaptivecards library finds wrong with a card (parse and validation events). */
function problems(card: AdaptiveCard): string[] {
  const ctx = new AC.SerializationContext(new AC.Version(1, 5));
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const parse = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message).filter(
    // Teams' people picker query is newer than 1.5 for the library (test/unit/cards.test.ts skips it too).
    (m) => !m.startsWith('Property "choices.data" is supported in version 1.6'),
  );
  // Teams' people picker: a ChoiceSet filled by its Data.Query has no static choices.
  const queried = JSON.stringify(card).includes('"choices.data":{"type":"Data.Query"');
  const validation = parsed
    .validateProperties()
    .validationEvents.map((e) => e.message)
    .filter((m) => !(queried && m === 'An Input.ChoiceSet must have at least one choice defined.'));
  return [...parse, ...validation];
}

describe('the meeting cards in Spanish (e2e, adaptivecards renderer, light theme)', function () {
  this.timeout(90_000);
  const browserOf = chromiumForSuite();

  it('every card is valid, renders, and is photographed (docs/cards/es/)', async () => {
    const browser = browserOf();
    const all = cards('es');
    for (const [name, card] of all)
      assert.deepEqual(problems(card), [], `${name}: the adaptivecards library's findings`);
    const context = await browser.newContext({ viewport: { width: 600, height: 900 } });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      '<!doctype html><html lang="es"><head><title>tarjetas</title></head><body></body></html>',
    );
    await page.addScriptTag({ path: AC_BUNDLE });
    // The English cards are drawn too (and not photographed), to compare what runs out of the card.
    const english = cards('en').map(([name, card]): [string, AdaptiveCard] => [`en-${name}`, card]);
    const empty = await page.evaluate(
      ({ all, hostConfig, background, width }) => {
        const ACs = (window as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
        document.body.style.background = background;
        document.body.style.margin = '0';
        const failed: string[] = [];
        for (const [name, card] of all) {
          const host = document.body.appendChild(document.createElement('div'));
          host.id = `card-${name}`;
          host.style.width = `${width}px`;
          host.style.padding = '8px';
          const ac = new ACs.AdaptiveCard();
          ac.hostConfig = new ACs.HostConfig(hostConfig);
          ac.parse(card);
          const el = ac.render();
          if (el) host.appendChild(el);
          else failed.push(name);
        }
        return failed;
      },
      {
        all: [...all, ...english],
        hostConfig: HOST_CONFIGS.light,
        background: PAGE_BACKGROUND.light,
        width: CARD_WIDTH,
      },
    );
    assert.deepEqual(empty, [], 'cards the renderer drew nothing for');
    // Spanish is longer than English: no more of it runs out of the card than of the English card (a row of
    // buttons does not wrap; the status card's row of English phase names is wider than the card in both).
    const beyond = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[id^="card-"]')].map((host) => {
          const right = host.getBoundingClientRect().right;
          const out = [...host.querySelectorAll('p, span, button')]
            .filter((el) => el.getBoundingClientRect().right > right + 1)
            .map((el) => el.textContent?.slice(0, 60) ?? '');
          return [host.id.slice('card-'.length), out];
        }),
      ),
    );
    const overflowing = all
      .filter(([name]) => (beyond[name]?.length ?? 0) > (beyond[`en-${name}`]?.length ?? 0))
      .map(([name]) => `${name}: ${beyond[name]?.join(' | ')}`);
    const dir = screenshotDir('cards', 'es');
    for (const [name] of all)
      await page.locator(`#card-${name}`).screenshot({ path: resolve(dir, `${name}.png`) });
    await context.close();
    assert.deepEqual(overflowing, [], 'texts wider than the card');
  });
});
