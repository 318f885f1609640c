/**
 * End to end: the youth's welcome card of a youth-centred roundtable (#29), with two goals, rendered by the
 * `adaptivecards` JS renderer in Debian's Chromium at Teams' chat width in Teams' light and dark palettes: no
 * text fails WCAG AA contrast (axe-core), and a screenshot of each (test-results/cards/…, with
 * UPDATE_SCREENSHOTS=1 docs/cards/youth-welcome.png and docs/cards/dark/youth-welcome.png).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { YouthGoal } from '../../bot/roundtable/types.js';
import { DEFAULT_YOUTH_SETTINGS } from '../../bot/roundtable/youth-agenda.js';
import { youthCard } from '../../cards/youth-card.js';
import { chromiumForSuite } from '../support/playground.js';
import { screenshotDir } from '../support/screenshots.js';
import { HOST_CONFIGS, PAGE_BACKGROUND } from '../support/teams-host-configs.js';

const AC_BUNDLE = resolve(
  __dirname,
  '..',
  '..',
  'node_modules',
  'adaptivecards',
  'dist',
  'adaptivecards.min.js',
);
const CARD_WIDTH = 450;

const goal = (id: string, text: string, source: YouthGoal['source'], name: string): YouthGoal => ({
  id,
  text,
  source,
  by: { id: `29:${id}`, name },
  at: '2026-12-06T10:00:00.000Z',
});

describe('the youth’s welcome card (e2e, adaptivecards renderer)', function () {
  this.timeout(60_000);
  const browserOf = chromiumForSuite();

  it('reads in light and dark themes with no contrast failure; screenshots', async () => {
    const browser = browserOf();
    const card = youthCard(
      {
        caseAlias: 'Y.T.',
        youthGoals: [
          goal('g1', 'Stay at my school until I graduate', 'youth', 'Yara'),
          goal('g2', 'See my brother every week', 'facilitator', 'Fiona Facilitator'),
        ],
      },
      DEFAULT_YOUTH_SETTINGS,
    );
    const page = await (await browser.newContext({ viewport: { width: 600, height: 900 } })).newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>youth card</title></head><body></body></html>',
    );
    await page.addScriptTag({ path: AC_BUNDLE });
    const failures: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(
        ({ card, hostConfig, background, width }) => {
          const AC = (window as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
          document.body.style.background = background;
          document.body.style.margin = '0';
          const host = document.createElement('div');
          host.id = 'card';
          host.style.width = `${width}px`;
          host.style.padding = '8px';
          const ac = new AC.AdaptiveCard();
          ac.hostConfig = new AC.HostConfig(hostConfig);
          ac.parse(card);
          const el = ac.render();
          if (el) host.appendChild(el);
          document.body.replaceChildren(host);
        },
        { card, hostConfig: HOST_CONFIGS[theme], background: PAGE_BACKGROUND[theme], width: CARD_WIDTH },
      );
      const text = (await page.locator('#card').textContent()) ?? '';
      assert.match(text, /This meeting is about you/);
      assert.match(text, /Stay at my school until I graduate/);
      const results = await new AxeBuilder({ page: page as never }).withRules(['color-contrast']).analyze();
      for (const v of results.violations)
        for (const n of v.nodes) failures.push(`${theme}: ${n.html.slice(0, 120)}`);
      const dir = theme === 'light' ? screenshotDir('cards') : screenshotDir('cards', 'dark');
      await page.locator('#card').screenshot({ path: resolve(dir, 'youth-welcome.png') });
    }
    assert.deepEqual(failures, []);
  });
});
