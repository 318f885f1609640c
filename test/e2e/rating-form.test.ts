/**
 * End to end (#25): the 1:1 review card's rating form, rendered by the `adaptivecards` JS renderer in Debian's
 * Chromium at Teams' chat width (Teams' light palette): each child's latest rating with its date and outcome, the
 * snapshot sentence, and — after pressing "What the ratings mean" — every tier's definition on screen, within
 * the height budget of a card. Screenshot: test-results/cards/rating-form.png (docs/cards/ with
 * UPDATE_SCREENSHOTS=1).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ChildView } from '../../bot/roundtable/child-record.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { reviewCard } from '../../cards/follow-up-cards.js';
import { chromiumForSuite } from '../support/playground.js';
import { realisticView } from '../support/realistic-view.js';
import { screenshotDir } from '../support/screenshots.js';
import { HOST_CONFIGS, PAGE_BACKGROUND } from '../support/teams-host-configs.js';

const ROOT = resolve(__dirname, '..', '..');
const AC_BUNDLE = resolve(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
const CARD_WIDTH = 450;
/** The tallest card the other card tests allow (test/e2e/card-heights.test.ts). */
const MAX_HEIGHT = 1600;

describe('the rating form shows what each rating means (e2e, adaptivecards renderer)', function () {
  this.timeout(90_000);
  const browserOf = chromiumForSuite();

  it('1:1 review: latest rating and outcome per child, the snapshot sentence, each tier defined', async () => {
    const browser = browserOf();
    const view = realisticView('plan');
    const rt = { ...view.roundtable, status: 'ended' as const, endedAt: '2026-11-23T16:00:00.000Z' };
    const by = rt.startedBy;
    const children: ChildView[] = [
      {
        childAlias: 'J.T.',
        caseAlias: rt.caseAlias,
        ratings: [
          { key: 'fair', at: '2026-11-23T16:00:00.000Z', by, occasion: 'roundtable', roundtableId: rt.id },
        ],
        living: [],
        connections: [],
        roundtableIds: [rt.id],
        recorded: true,
      },
      {
        childAlias: 'M.T.',
        caseAlias: rt.caseAlias,
        ratings: [],
        living: [],
        connections: [],
        roundtableIds: [rt.id],
        recorded: true,
        outcome: { kind: 'in-care', recordedAt: '2026-12-01T10:00:00.000Z', recordedBy: by },
      },
    ];
    children[0]!.latest = children[0]!.ratings[0]!;
    const card = reviewCard({
      roundtable: rt,
      plan: { ...view.plan, ratings: { 'J.T.': 'fair' } },
      steps: view.contributions.filter((c): c is PlanStep => c.kind === 'step').slice(0, 3),
      children: ['J.T.', 'M.T.'],
      childViews: children,
      settings: view.settings,
    });
    const context = await browser.newContext({ viewport: { width: 600, height: 1800 } });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>card</title></head><body></body></html>',
    );
    await page.addScriptTag({ path: AC_BUNDLE });
    await page.evaluate(
      ({ card, hostConfig, background, width }) => {
        const AC = (window as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
        document.body.style.background = background;
        document.body.style.margin = '0';
        const host = document.body.appendChild(document.createElement('div'));
        host.id = 'card';
        host.style.width = `${width}px`;
        host.style.padding = '8px';
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig(hostConfig);
        ac.parse(card);
        const el = ac.render();
        if (el) host.appendChild(el);
      },
      { card, hostConfig: HOST_CONFIGS.light, background: PAGE_BACKGROUND.light, width: CARD_WIDTH },
    );
    const host = page.locator('#card');
    await assertVisible(host.getByText('J.T.: Fair (rated 2026-11-23, roundtable) · outcome not recorded'));
    await assertVisible(host.getByText('M.T.: permanency status not recorded · still in care'));
    await assertVisible(
      host.getByText('a snapshot of today, not a judgement of past work', { exact: false }),
    );
    const definition = (key: string) => view.settings.ratingScale.find((r) => r.key === key)!.definition!;
    // Hidden until asked for: the card stays short for those who know the scale.
    assert.equal(await host.getByText(definition('fair'), { exact: false }).isVisible(), false);
    await host.getByRole('button', { name: 'What the ratings mean' }).click();
    for (const tier of view.settings.ratingScale)
      await assertVisible(host.getByText(tier.definition!, { exact: false }));
    const box = await host.boundingBox();
    assert.ok(box && box.height <= MAX_HEIGHT, `the card is ${box?.height} px tall`);
    await host.screenshot({ path: resolve(screenshotDir('cards'), 'rating-form.png') });
    await context.close();
  });
});

async function assertVisible(locator: import('playwright-core').Locator): Promise<void> {
  assert.ok(await locator.first().isVisible(), `visible: ${locator.toString()}`);
}
