/**
 * The meeting tab when Teams cannot sign the user in: it tells Teams at once with `app.notifyFailure`
 * (reason AuthFailed) instead of leaving Teams to show its own load timeout. Debian's Chromium, a test page
 * playing the Teams host (test/support/tab-host-page.ts) whose getAuthToken fails, the real bot serving the tab.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { Harness } from '../support/harness.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { type HostPageOptions, hostPage } from '../support/tab-host-page.js';
import { TAB_DOMAIN, TabSsoRig } from '../support/tab-sso.js';

interface HostCall {
  func: string;
  args: unknown[];
}

/** The host page, except that getAuthToken fails as Teams answers when it cannot get a token. */
function failingSignInHost(opts: HostPageOptions): string {
  const page = hostPage(opts);
  const failing = page.replace(
    /'authentication\.getAuthToken': \(\) => \[true, [^\n]*\],/,
    "'authentication.getAuthToken': () => [false, 'FailedToGetToken: consent_required'],",
  );
  assert.notEqual(failing, page, 'the host page answers getAuthToken');
  return failing;
}

describe('meeting tab: sign-in fails inside Teams', function () {
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
      },
    });
    browser = await launchBrowser(chromiumPath!);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  it('calls app.notifyFailure with AuthFailed (and never notifySuccess)', async () => {
    const page: Page = await browser.context.newPage();
    const host: HostPageOptions = {
      path: '/tab/panel.html',
      title: 'Roundtable',
      person: people.facilitator,
      tokens: [],
      theme: 'default',
      meeting: { frame: 'sidePanel', chatId: MEETING_CHAT_ID, meetingId: 'meeting-1', canShare: false },
    };
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === 'teams.microsoft.com')
        return route.fulfill({ contentType: 'text/html', body: failingSignInHost(host) });
      if (url.hostname === TAB_DOMAIN) {
        const response = await route.fetch({ url: `${h.app.url}${url.pathname}${url.search}` });
        return route.fulfill({ response });
      }
      return route.fallback();
    });
    await page.goto('https://teams.microsoft.com/host');
    await page.waitForFunction(() =>
      (window as unknown as { calls: HostCall[] }).calls.some(
        (c) => c.func === 'appInitialization.failure' || c.func === 'appInitialization.success',
      ),
    );
    const calls = await page.evaluate(() => (window as unknown as { calls: HostCall[] }).calls);
    const funcs = calls.map((c) => c.func);
    assert.ok(funcs.includes('authentication.getAuthToken'), funcs.join(', '));
    assert.ok(!funcs.includes('appInitialization.success'), 'never reports success');
    const failure = calls.find((c) => c.func === 'appInitialization.failure');
    assert.ok(failure, `notifyFailure was called: ${funcs.join(', ')}`);
    assert.match(JSON.stringify(failure.args), /AuthFailed/);
    await page.close();
  });
});
