/**
 * The side panel and the stage in Debian's Chromium, against the real running bot, with a small test
 * page playing the Teams host for @microsoft/teams-js (see /work/shared/TEAMS-HOST.md). No network:
 * teams.microsoft.com is the test's host page, the tab's domain is routed to the bot on 127.0.0.1,
 * everything else is aborted.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { contribute } from '../../bot/roundtable/contributions.js';
import { startRoundtable as beginRoundtable, navigate, setTimer } from '../../bot/roundtable/lifecycle.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { endRoundtable, forChat, getRoundtable } from '../../bot/roundtable/roundtables.js';
import type { TabBoard } from '../../tab/src/board.js';
import { stageSections } from '../../tab/src/stage-sections.js';
import { MEETING_CHAT_ID, MEETING_ID, type Person, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TAB_DOMAIN, TabSsoRig } from '../support/tab-sso.js';
import { actorOf, startRoundtable } from '../support/tab-world.js';

/** A test person as the roster names them (roles are given by the facilitator). */
const person = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });

/** Screenshots go to test-results/ (ignored); UPDATE_SCREENSHOTS=1 writes the ones README shows in docs/. */
const DOCS = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOTS ? 'docs' : 'test-results');
describe('meeting side panel and stage in Chromium (teams-js host page, real bot)', function () {
  this.timeout(90_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;
  let rtId: string;
  const timings: Record<string, number> = {};

  before(async function () {
    if (!chromiumPath) this.skip();
    rig = await TabSsoRig.start();
    h = await Harness.start({ env: rig.env(), auth: rig.auth() });
    browser = await launchBrowser(chromiumPath!);
  });
  // Each test starts from a new roundtable at Welcome with its roles (the browser is shared).
  beforeEach(async () => {
    const running = await forChat(h.app.domain, MEETING_CHAT_ID);
    if (running && running.status !== 'ended')
      assert.ok((await endRoundtable(h.app.domain, actorOf(people.facilitator), running.id, true)).ok);
    rtId = await startRoundtable(h);
    await assignRole(
      h.app.domain,
      actorOf(people.facilitator),
      rtId,
      person(people.caseworker),
      'caseworker',
    );
    await assignRole(
      h.app.domain,
      actorOf(people.facilitator),
      rtId,
      person(people.supervisor),
      'supervisor',
    );
    await assignRole(
      h.app.domain,
      actorOf(people.facilitator),
      rtId,
      person(people.consultant),
      'master-practitioner',
    );
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  async function open(
    frame: string,
    path: string,
    person: Person,
    theme: string,
    size: { width: number; height: number },
    tokens?: string[],
    canShare = person === people.facilitator,
  ) {
    const issued = tokens ?? [await rig.token(person)];
    const meeting = { frame, chatId: MEETING_CHAT_ID, meetingId: MEETING_ID, canShare };
    return openHostedTab(browser, h.app.url, size, {
      path,
      title: 'Roundtable',
      person,
      tokens: issued,
      theme,
      meeting,
    });
  }

  async function shoot(page: Page, name: string) {
    await page.screenshot({ path: join(DOCS, name) });
  }

  it('the facilitator moves the phase from the panel; an idea added there appears on the stage', async () => {
    const panel = await open('sidePanel', '/tab/panel.html', people.facilitator, 'default', {
      width: 340,
      height: 900,
    });
    await panel.frame.getByRole('heading', { name: 'Roundtable: J.T.' }).waitFor();
    await panel.frame.getByText('Phase 1 of 6: Welcome and overview').waitFor();
    timings.panelReadyMs = Date.now() - panel.started;
    const stage = await open('meetingStage', '/tab/stage.html', people.consultant, 'default', {
      width: 1280,
      height: 720,
    });
    await stage.frame.getByText('Phase 1 of 6 · Welcome and overview').waitFor();
    timings.stageReadyMs = Date.now() - stage.started;

    // Keyboard only: Tab to "Next phase" and press Enter, three times, to reach the brainstorm.
    const next = panel.frame.getByRole('button', { name: 'Next phase' });
    for (const title of ['Present the case', 'Clarify and explore', 'Brainstorm']) {
      await next.focus();
      await panel.page.keyboard.press('Enter');
      await panel.frame.getByText(new RegExp(`Phase \\d of 6: ${title}`)).waitFor();
    }
    const moved = Date.now();
    await stage.frame.getByText('Phase 4 of 6 · Brainstorm').waitFor();
    timings.stageFollowsPhaseMs = Date.now() - moved;
    assert.equal((await forChat(h.app.domain, MEETING_CHAT_ID))?.phaseIndex, 3);

    // Some ideas from the cards' side, then one from the panel.
    const mp = actorOf(people.consultant);
    const cw = actorOf(people.caseworker);
    await contribute(
      h.app.domain,
      mp,
      rtId,
      { kind: 'idea', questionKey: 'q1', text: 'Ask the aunt about guardianship' },
      'a',
    );
    await contribute(
      h.app.domain,
      cw,
      rtId,
      { kind: 'idea', questionKey: 'q3', text: 'Weekly visits with the older brother', barrier: 'resources' },
      'b',
    );
    await contribute(
      h.app.domain,
      mp,
      rtId,
      { kind: 'idea', questionKey: 'q5', text: 'Invite J.T. to co-write the plan goals' },
      'c',
    );

    await panel.frame.getByLabel('Brainstorm question').selectOption('q2');
    await panel.frame.getByLabel('Systemic barrier?').selectOption('funding');
    await panel.frame.getByLabel('Your idea').fill('Family finding search through the relative registry');
    const added = Date.now();
    await panel.frame.getByRole('button', { name: 'Add', exact: true }).click();
    await panel.frame.getByRole('status').filter({ hasText: 'Idea added.' }).waitFor();
    await stage.frame.getByText('Family finding search through the relative registry').waitFor();
    timings.ideaOnStageMs = Date.now() - added;
    await stage.frame.getByText('Brainstorm · 4 ideas').waitFor();

    // Timer and share to stage.
    await panel.frame.getByLabel('Time box (minutes)').fill('30');
    await panel.frame.getByRole('button', { name: 'Set timer' }).click();
    await panel.frame.getByText(/^(30:00|29:5\d) left$/).waitFor();
    await panel.frame.getByRole('button', { name: 'Share board to stage' }).click();
    await panel.frame.getByText('The board is on the meeting stage.').waitFor();
    const calls = (await panel.page.evaluate('window.calls')) as { func: string; args: unknown[] }[];
    const share = calls.find((c) => c.func === 'meeting.shareAppContentToStage');
    assert.equal(share?.args[0], `https://${TAB_DOMAIN}/tab/stage.html`);
    assert.ok(calls.some((c) => c.func === 'authentication.getAuthToken'));
    await stage.frame.getByText(/left$/).waitFor();

    await shoot(panel.page, 'tab-panel-light.png');
    await shoot(stage.page, 'tab-stage-light.png');
    await panel.page.evaluate('window.setTheme("dark")');
    await stage.page.evaluate('window.setTheme("dark")');
    await panel.frame.locator('html[data-theme="dark"]').waitFor();
    await stage.frame.locator('html[data-theme="dark"]').waitFor();
    await shoot(panel.page, 'tab-panel-dark.png');
    await shoot(stage.page, 'tab-stage-dark.png');
    await panel.page.evaluate('window.setTheme("contrast")');
    await panel.frame.locator('html[data-theme="contrast"]').waitFor();

    assert.deepEqual(
      browser.blockedRequests.filter((u) => !u.startsWith('https://teams.microsoft.com')),
      [],
    );
    console.log(`      timings: ${JSON.stringify(timings)}`);
    await panel.page.close();
    await stage.page.close();
  });

  it('a participant sees no facilitator controls and can add a clarifying question', async () => {
    await navigate(h.app.domain, actorOf(people.facilitator), rtId, 2);
    const panel = await open('sidePanel', '/tab/panel.html', people.supervisor, 'default', {
      width: 340,
      height: 800,
    });
    await panel.frame.getByText('Phase 3 of 6: Clarify and explore').waitFor();
    assert.equal(await panel.frame.getByRole('button', { name: 'Next phase' }).isVisible(), false);
    await panel.frame.getByLabel('Your question').fill('When did the last family team meeting happen?');
    await panel.frame.getByRole('button', { name: 'Add', exact: true }).click();
    await panel.frame.getByText('When did the last family team meeting happen?').waitFor();
    await panel.page.close();
  });

  it('the side panel stays signed in when its first token expires (a token per request, as Teams renews them)', async () => {
    // The first token expires ~2 s after the page opens (the server allows 60 s of clock skew); Teams then
    // hands out a renewed one. A panel that kept its first token would get 401s from then on.
    const tokens = [
      await rig.token(people.facilitator, { expiresInSeconds: -58 }),
      await rig.token(people.facilitator),
    ];
    const panel = await open(
      'sidePanel',
      '/tab/panel.html',
      people.facilitator,
      'default',
      { width: 340, height: 900 },
      tokens,
    );
    await panel.frame.getByRole('heading', { name: 'Roundtable: J.T.' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // past the first token's lifetime
    const set = await setTimer(h.app.domain, actorOf(people.facilitator), rtId, 17);
    assert.ok(set.ok);
    await panel.frame.getByText(/^(17:00|16:[45]\d) left$/).waitFor({ timeout: 15_000 });
    const calls = (await panel.page.evaluate('window.calls')) as { func: string }[];
    assert.ok(calls.filter((c) => c.func === 'authentication.getAuthToken').length >= 2);
    assert.equal(await panel.frame.getByText(/sign-in|token|Error 401/i).count(), 0);
    await panel.page.close();
  });

  it('share to stage: only for those Teams lets share; Teams opening the panel on the stage shows the stage view', async () => {
    const notPresenter = await open(
      'sidePanel',
      '/tab/panel.html',
      people.facilitator,
      'default',
      { width: 340, height: 900 },
      undefined,
      false,
    );
    await notPresenter.frame.getByRole('button', { name: 'Next phase' }).waitFor();
    await notPresenter.frame.locator('#share[hidden]').waitFor({ state: 'attached' });
    assert.equal(await notPresenter.frame.getByRole('button', { name: 'Share board to stage' }).count(), 0);
    await notPresenter.page.close();

    // Teams' own Share button puts the app's content URL (the panel page) on the stage: frameContext meetingStage.
    const onStage = await open('meetingStage', '/tab/panel.html', people.consultant, 'default', {
      width: 1280,
      height: 720,
    });
    await onStage.frame.getByText(/^Phase \d of \d · /).waitFor();
    assert.equal(await onStage.frame.getByRole('button', { name: 'Next phase' }).count(), 0);
    await onStage.page.close();
  });

  it("a follow-up roundtable's stage shows its brainstorm (phases by key, not by position)", async () => {
    const fac = actorOf(people.facilitator);
    assert.ok((await endRoundtable(h.app.domain, fac, rtId, true)).ok);
    // What `start followup J.T.` does (startFollowUp), seeded through the domain in the same chat.
    const ended = (await getRoundtable(h.app.domain, rtId))!;
    const started = await beginRoundtable(h.app.domain, fac, ended.caseAlias, ended.chat, {
      sequence: 'followup',
      followUpOf: rtId,
    });
    assert.ok(started.ok);
    const followUp = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    assert.deepEqual(
      followUp.phases.map((p) => p.key),
      ['welcome', 'review', 'brainstorm', 'plan', 'debrief'],
    );
    await assignRole(h.app.domain, fac, followUp.id, person(people.consultant), 'master-practitioner');
    assert.ok((await navigate(h.app.domain, fac, followUp.id, 2)).ok);
    await contribute(
      h.app.domain,
      actorOf(people.consultant),
      followUp.id,
      { kind: 'idea', questionKey: 'q1', text: 'Ask the grandmother about kinship care' },
      'follow-up-idea',
    );
    const stage = await open('meetingStage', '/tab/stage.html', people.consultant, 'default', {
      width: 1280,
      height: 720,
    });
    await stage.frame.getByText('Phase 3 of 5 · Brainstorm').waitFor();
    await stage.frame.getByText('Brainstorm · 1 idea').waitFor();
    await stage.frame.getByText('Ask the grandmother about kinship care').waitFor();
    await stage.page.close();
  });
});

describe('the stage decides what to show by phase key (pure, no browser)', () => {
  const STANDARD = ['welcome', 'present', 'clarify', 'brainstorm', 'plan', 'debrief'];
  const FOLLOW_UP = ['welcome', 'review', 'brainstorm', 'plan', 'debrief'];
  function boardAt(keys: string[], current: string, questions = 0, steps = 0): TabBoard {
    const index = keys.indexOf(current);
    return {
      roundtable: {
        phase: current,
        phaseIndex: index,
        phases: keys.map((key, i) => ({
          key,
          number: i + 1,
          title: key,
          visited: i <= index,
          reached: i <= index,
        })),
      },
      questions: Array.from({ length: questions }, (_, i) => ({ id: `q${i}`, text: 'q', answers: [] })),
      plan: {
        draft: true,
        steps: Array.from({ length: steps }, (_, i) => ({
          id: `s${i}`,
          text: 's',
          owner: 'o',
          dueDate: '',
          status: 'not-started',
        })),
      },
    } as unknown as TabBoard;
  }

  it('a follow-up roundtable shows its brainstorm from its third phase on', () => {
    assert.deepEqual(stageSections(boardAt(FOLLOW_UP, 'review')), {
      questions: false,
      brainstorm: false,
      plan: false,
    });
    assert.deepEqual(stageSections(boardAt(FOLLOW_UP, 'brainstorm')), {
      questions: false,
      brainstorm: true,
      plan: false,
    });
    assert.deepEqual(stageSections(boardAt(FOLLOW_UP, 'debrief')), {
      questions: false,
      brainstorm: true,
      plan: true,
    });
  });

  it('a first roundtable shows what it showed by position before', () => {
    assert.deepEqual(stageSections(boardAt(STANDARD, 'clarify')), {
      questions: true,
      brainstorm: false,
      plan: false,
    });
    assert.deepEqual(stageSections(boardAt(STANDARD, 'present', 2)), {
      questions: true,
      brainstorm: false,
      plan: false,
    });
    assert.deepEqual(stageSections(boardAt(STANDARD, 'brainstorm', 2)), {
      questions: false,
      brainstorm: true,
      plan: false,
    });
    assert.deepEqual(stageSections(boardAt(STANDARD, 'plan')), {
      questions: false,
      brainstorm: true,
      plan: true,
    });
    assert.deepEqual(stageSections(boardAt(STANDARD, 'welcome', 0, 1)), {
      questions: false,
      brainstorm: false,
      plan: true,
    });
  });
});
