/**
 * The meeting side panel in Debian's Chromium for a roundtable started ahead of its meeting: scheduled (when,
 * who opens it, no countdown), then opened by the facilitator from the panel (the live countdown). A small
 * host page plays Teams for @microsoft/teams-js (see /work/shared/TEAMS-HOST.md); nothing leaves 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { invite } from '../../bot/roundtable/invitations.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, MEETING_ID, type Person, people, TEST_TENANT_ID } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { TAB_DOMAIN, TabSsoRig } from '../support/tab-sso.js';
import { actorOf, startRoundtable } from '../support/tab-world.js';

/** test-results/ (ignored) unless UPDATE_SCREENSHOTS=1, which refreshes the one in docs/. */
const SHOTS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
const RUNTIME = JSON.stringify({
  apiVersion: 2,
  supports: { meeting: {}, pages: { config: {}, appButton: {}, tabs: {} }, teamsCore: {} },
});

/** The host page: frames the side panel and answers teams-js as Teams would, for one person. */
function hostPage(person: Person, token: string, locale = 'en-us'): string {
  const context = {
    frameContext: 'sidePanel',
    chatId: MEETING_CHAT_ID,
    meetingId: MEETING_ID,
    userObjectId: person.aadObjectId,
    userPrincipalName: person.userPrincipalName,
    tid: TEST_TENANT_ID,
    theme: 'default',
    hostClientType: 'web',
    locale,
  };
  return `<!doctype html><html lang="en"><head><title>Teams</title><style>html,body,iframe{margin:0;border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="tab" title="Roundtable" src="https://${TAB_DOMAIN}/tab/panel.html"></iframe>
<script>
const answers = {
  initialize: () => ['sidePanel', 'web', ${JSON.stringify(RUNTIME)}, '2.58.0'],
  getContext: () => [${JSON.stringify(context)}],
  'authentication.getAuthToken': () => [true, ${JSON.stringify(token)}],
  'meeting.getAppContentStageSharingCapabilities': () => [null, { doesAppHaveSharePermission: false }],
};
window.addEventListener('message', (e) => {
  const m = e.data;
  if (!m || typeof m.func !== 'string') return;
  const answer = answers[m.func];
  e.source.postMessage({ id: m.id, uuid: m.uuid, args: answer ? answer() : [] }, e.origin);
});
</script></body></html>`;
}

/** YYYY-MM-DD, `days` from today (UTC). */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('meeting side panel in Chromium: a scheduled roundtable, then opened (teams-js host page, real bot)', function () {
  this.timeout(90_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;
  let rtId: string;

  before(async function () {
    if (!chromiumPath) this.skip();
    rig = await TabSsoRig.start();
    h = await Harness.start({ env: rig.env(), auth: rig.auth() });
    rtId = await startRoundtable(h);
    browser = await launchBrowser(chromiumPath!);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  async function openPanel(person: Person, locale?: string) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 340, height: 720 });
    const token = await rig.token(person);
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === 'teams.microsoft.com')
        return route.fulfill({ contentType: 'text/html', body: hostPage(person, token, locale) });
      if (url.hostname === TAB_DOMAIN) {
        const response = await route.fetch({ url: `${h.app.url}${url.pathname}${url.search}` });
        return route.fulfill({ response });
      }
      return route.fallback(); // the context's route aborts anything not on this machine
    });
    await page.goto('https://teams.microsoft.com/host');
    return { page, frame: page.frameLocator('#tab') };
  }

  it('scheduled: when, and that the facilitator opens it, no countdown; Open starts the live countdown', async () => {
    const when = `${dateFromToday(7)} 14:00`;
    const sup = people.supervisor;
    const invited = await invite(
      h.app.domain,
      actorOf(people.facilitator),
      rtId,
      [{ id: sup.id, name: sup.name, aadObjectId: sup.aadObjectId }],
      'supervisor',
      when,
    );
    assert.ok(invited.ok);

    // A participant sees it scheduled, with no countdown and no controls.
    const participant = await openPanel(people.caseworker);
    // The meeting time with the agency's time zone (UTC here).
    const scheduledLine = `Scheduled for ${when} (UTC) — opens when the facilitator types "@Roundtable open" in the meeting chat. No clock runs until then.`;
    await participant.frame.getByText(scheduledLine).waitFor();
    assert.equal(await participant.frame.getByRole('timer').isVisible(), false, 'no countdown');
    assert.equal(
      await participant.frame.getByRole('button', { name: /Open the roundtable/ }).isVisible(),
      false,
    );

    // The facilitator sees the same, and opens it from the panel.
    const panel = await openPanel(people.facilitator);
    await panel.frame.getByText(scheduledLine).waitFor();
    assert.equal(await panel.frame.getByRole('timer').isVisible(), false, 'no countdown');
    assert.equal(await panel.frame.getByLabel('Time box (minutes)').isVisible(), false);
    mkdirSync(SHOTS, { recursive: true });
    await panel.page.screenshot({ path: join(SHOTS, 'tab-panel-scheduled.png') });
    await panel.frame.getByRole('button', { name: 'Open the roundtable ▶' }).click();
    await panel.frame
      .getByRole('status')
      .filter({ hasText: /The roundtable is open/ })
      .waitFor();
    await panel.frame.getByText('Phase 1 of 6: Welcome and overview').waitFor();
    await panel.frame
      .getByRole('timer')
      .filter({ hasText: /^\d+:\d\d left$/ })
      .waitFor();
    await panel.frame.getByRole('button', { name: 'Next phase ▶' }).waitFor();

    // The participant's panel follows (it polls the board): the live countdown.
    await participant.frame
      .getByRole('timer')
      .filter({ hasText: /^\d+:\d\d left$/ })
      .waitFor();
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.ok(rt?.openedAt, 'opened in the store');
    assert.equal(rt?.phaseIndex, 0, 'opening stays in Welcome');

    // The facilitator's Teams in Spanish (es-MX): the panel's words from locales/es, the phase as the agency names it.
    const es = await openPanel(people.facilitator, 'es-MX');
    await es.frame.getByText('Fase 1 de 6: Welcome and overview').waitFor();
    assert.equal(await es.frame.locator('html').getAttribute('lang'), 'es');
    await es.frame.getByRole('heading', { name: 'Controles del facilitador' }).waitFor();
    await es.frame.getByRole('button', { name: 'Siguiente fase ▶' }).waitFor();
    await es.frame.getByLabel('Tiempo asignado (minutos)').waitFor();
    await es.frame
      .getByRole('timer', { name: 'Tiempo asignado' })
      .filter({ hasText: /^quedan \d+:\d\d$/ })
      .waitFor();
    await es.frame.getByRole('heading', { name: /^Participantes/ }).waitFor();
    const axe = await new AxeBuilder({ page: es.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    assert.deepEqual(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
      [],
    );
    await es.page.screenshot({ path: join(SHOTS, 'tab-panel-es.png') });
  });
});
