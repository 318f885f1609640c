/**
 * The personal app's "Access log" link in Debian's Chromium, against the real running bot with Teams SSO (a test
 * page playing the Teams host): shown to a configured security officer (SECURITY_OFFICER_IDS), leading to the
 * officer's page; hidden from everyone else, a leader included.
 */
import assert from 'node:assert/strict';
import { type Person, people } from '../support/activities.js';
import { officer } from '../support/authz-tab.js';
import { Harness } from '../support/harness.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';

const PHONE = { width: 390, height: 844 };

describe('personal app: the "Access log" link for security officers (Chromium, real bot)', function () {
  this.timeout(120_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;

  before(async function () {
    if (!chromiumPath) this.skip();
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: {
        ...rig.tabEnv(),
        TEAMS_APP_ID: '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
        LEADER_IDS: people.leader.aadObjectId,
        SECURITY_OFFICER_IDS: officer.aadObjectId,
      },
    });
    browser = await launchBrowser(chromiumPath!);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  async function linkOf(person: Person) {
    const { page, frame } = await openHostedTab(browser, h.app.url, PHONE, {
      path: '/tab/personal.html',
      title: 'My roundtables',
      person,
      tokens: [await rig.token(person)],
      theme: 'default',
      hostClientType: 'web',
      entityId: 'my-roundtables',
    });
    await frame.locator('main[aria-busy="false"]').waitFor();
    const link = frame.locator('#officer-link');
    const visible = await link.isVisible();
    const href = visible ? await link.locator('a').getAttribute('href') : null;
    await page.close();
    return { visible, href };
  }

  it('officer link in the browser: a security officer sees "Access log"; a leader and a caseworker do not', async () => {
    assert.deepEqual(await linkOf(officer), { visible: true, href: 'access-log.html' });
    assert.deepEqual(await linkOf(people.leader), { visible: false, href: null });
    assert.deepEqual(await linkOf(people.caseworker), { visible: false, href: null });
  });
});
