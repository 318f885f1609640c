/**
 * End to end: every phase card and the 1:1 cards of a realistic roundtable, rendered by the `adaptivecards` JS
 * renderer in Debian's Chromium at Teams' chat width under host configs that reproduce Teams' light, dark and
 * high-contrast palettes (test/support/teams-host-configs.ts):
 * - axe-core's color-contrast rule finds no violation on any card in any theme (WCAG AA);
 * - screenshots of each card are written to test-results/cards/{dark,contrast}/<card>.png (with
 *   UPDATE_SCREENSHOTS=1 to docs/cards/…; the light ones come from the Playground: card-heights.test.ts).
 * No bot, no network: the cards are rendered in this process and handed to the page.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { PHASE_KEYS } from '../../bot/roundtable/types.js';
import { reviewCard, stepsCard } from '../../cards/follow-up-cards.js';
import type { AdaptiveCard } from '../../cards/kit.js';
import { myIdeasCard } from '../../cards/my-ideas-card.js';
import { phaseCard } from '../../cards/phase-card.js';
import { hasForm, phaseFormCard } from '../../cards/phase-form.js';
import { invitationCard, preparationCard } from '../../cards/preparation-cards.js';
import { roundtableDueCard } from '../../cards/roundtable-due-card.js';
import { statusCard } from '../../cards/status-card.js';
import { summaryCard } from '../../cards/summary-card.js';
import { chromiumForSuite } from '../support/playground.js';
import { realisticInvitation, realisticView } from '../support/realistic-view.js';
import { screenshotDir } from '../support/screenshots.js';
import { HOST_CONFIGS, PAGE_BACKGROUND, type Theme } from '../support/teams-host-configs.js';

const ROOT = resolve(__dirname, '..', '..');
const AC_BUNDLE = resolve(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
/** Teams' chat column is about 450 px wide for a card. */
const CARD_WIDTH = 450;
/** The themes whose screenshots docs/ shows (written to test-results/ unless UPDATE_SCREENSHOTS=1). */
const SHOTS: Partial<Record<Theme, () => string>> = {
  dark: () => screenshotDir('cards', 'dark'),
  contrast: () => screenshotDir('cards', 'contrast'),
};

/** The notice the clicker's form shows after a save, per phase (as the bot words it). */
const SAVED: Partial<Record<string, string>> = {
  present: 'Saved: fact noted.',
  clarify: 'Saved: question added.',
  brainstorm: 'Saved: idea added under its question.',
  debrief: 'Saved: thank you.',
};

/** Every card a caseworker meets: each phase card (open, with a notice) and the 1:1 cards. */
function cards(): [string, AdaptiveCard][] {
  const out: [string, AdaptiveCard][] = [];
  for (const phase of PHASE_KEYS) {
    if (phase === 'review') continue; // the follow-up roundtable's phase: its own review card is below
    const view = realisticView(phase);
    // As everyone sees it: no one's notice left on it (the clicker's notice is shown on the form below).
    out.push([phase, phaseCard(view, phase)]);
    if (hasForm(phase))
      out.push([
        `${phase}-typing`,
        phaseFormCard({ ...view, notice: { kind: 'info', text: SAVED[phase] ?? 'Saved.' } }, phase),
      ]);
  }
  const plan = realisticView('plan');
  out.push([
    'plan-error',
    phaseCard({ ...plan, notice: { kind: 'error', text: 'Choose who owns this step.' } }, 'plan'),
  ]);
  out.push(['summary', summaryCard(realisticView('debrief', { ended: true }))]);
  out.push(['status', statusCard(realisticView('brainstorm'))]);
  const me = plan.roundtable.roster[1]!;
  out.push(['my-ideas', myIdeasCard(realisticView('brainstorm'), me)]);
  out.push([
    'preparation',
    preparationCard({ alias: 'J.T.', maxLength: 2000, notice: { kind: 'info', text: 'Draft saved.' } }),
  ]);
  out.push([
    'preparation-error',
    preparationCard({
      alias: 'J.T.',
      maxLength: 2000,
      notice: { kind: 'error', text: 'Write down at least what the youth said.' },
    }),
  ]);
  out.push(['invitation', invitationCard(realisticInvitation(plan), plan.roundtable)]);
  const steps = plan.contributions.filter((c): c is PlanStep => c.kind === 'step');
  out.push([
    'my-steps',
    stepsCard({
      heading: 'Your steps',
      lines: steps.slice(0, 4).map((step, i) => ({
        step: i === 1 ? { ...step, status: 'blocked', reason: 'Waiting for the court date' } : step,
        roundtable: plan.roundtable,
        overdueDays: i === 0 ? 3 : 0,
      })),
      list: 'mine',
      actionable: true,
    }),
  ]);
  out.push([
    'follow-up-review',
    reviewCard({
      roundtable: { ...plan.roundtable, status: 'ended' },
      plan: plan.plan,
      steps,
      children: ['J.T.'],
      settings: plan.settings,
    }),
  ]);
  // A follow-up roundtable due, its due day passed and a follow-up left open (the longest version of that card).
  out.push([
    'follow-up-due',
    roundtableDueCard({
      alias: 'J.T.',
      lastEndedAt: '2026-09-01T15:00:00.000Z',
      dueDay: '2026-11-30',
      passed: true,
      today: '2026-12-07',
      leftOpenSince: '2026-11-20T15:00:00.000Z',
      cadenceDays: 90,
      attendees: ['fiona@agency.example'],
      missing: 1,
      rules: { timeZone: 'America/New_York', workingHours: { start: 9, end: 17, days: [1, 2, 3, 4, 5] } },
      myRoundtablesUrl: 'https://teams.microsoft.com/l/entity/app/my',
    }),
  ]);
  return [...out, ...forms(out)];
}

/** The forms folded into Action.ShowCards (required fields and their markers), each as a card of its own. */
function forms(all: [string, AdaptiveCard][]): [string, AdaptiveCard][] {
  const found = new Map<string, AdaptiveCard>();
  const titles = new Set<string>();
  const walk = (node: unknown, card: string) => {
    if (Array.isArray(node)) for (const n of node) walk(n, card);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const title = String(o.title ?? '')
        .replace(/[^a-z]+/gi, '-')
        .toLowerCase();
      if (o.type === 'Action.ShowCard' && !titles.has(title)) {
        titles.add(title);
        found.set(`${card}-form-${title}`, { ...(o.card as AdaptiveCard), version: '1.5' });
      }
      for (const v of Object.values(o)) walk(v, card);
    }
  };
  for (const [name, card] of all) walk(card, name);
  return [...found.entries()];
}

/** Renders every card with the theme's host config, each into its own #card-<name> (one page per theme). */
async function render(page: Page, theme: Theme, all: [string, AdaptiveCard][]): Promise<void> {
  await page.evaluate(
    ({ all, hostConfig, background, width }) => {
      const AC = (window as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
      document.body.style.background = background;
      document.body.style.margin = '0';
      document.body.replaceChildren();
      for (const [name, card] of all) {
        const host = document.body.appendChild(document.createElement('div'));
        host.id = `card-${name}`;
        host.style.width = `${width}px`;
        host.style.padding = '8px';
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig(hostConfig);
        ac.parse(card);
        const el = ac.render();
        if (el) host.appendChild(el);
      }
    },
    { all, hostConfig: HOST_CONFIGS[theme], background: PAGE_BACKGROUND[theme], width: CARD_WIDTH },
  );
}

describe('cards in Teams light, dark and high-contrast themes (e2e, adaptivecards renderer)', function () {
  this.timeout(90_000); // about 20 s on a quiet machine; 57 s with the CPUs shared four ways
  const browserOf = chromiumForSuite();

  /** An empty page with the adaptivecards renderer loaded; nothing it asks for leaves the machine. */
  async function newCardPage(): Promise<Page> {
    const browser = browserOf();
    const context = await browser.newContext({ viewport: { width: 600, height: 900 } });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>cards</title></head><body></body></html>',
    );
    await page.addScriptTag({ path: AC_BUNDLE });
    return page;
  }

  it('no text fails WCAG AA contrast on any card, in any theme; dark and contrast screenshots', async () => {
    const failures: string[] = [];
    const all = cards();
    // One page; each theme renders every card on it and axe checks them at once.
    const themed = await newCardPage();
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      {
        await render(themed, theme, all);
        const results = await new AxeBuilder({ page: themed as never })
          .withRules(['color-contrast'])
          .analyze();
        for (const v of results.violations)
          for (const n of v.nodes) {
            const where = await themed.evaluate(
              (selector) => document.querySelector(selector)?.closest('[id^="card-"]')?.id ?? '?',
              String(n.target[0]),
            );
            failures.push(
              `${theme} ${where}: ${n.failureSummary?.split('\n').at(-1)?.trim()} — ${n.html.slice(0, 140)}`,
            );
          }
        const dir = SHOTS[theme]?.();
        if (dir)
          for (const [name] of all)
            await themed.locator(`#card-${name}`).screenshot({ path: resolve(dir, `${name}.png`) });
      }
    }
    console.log(`      ${all.length} cards × 3 themes checked`);
    assert.deepEqual(failures, []);
  });
});
