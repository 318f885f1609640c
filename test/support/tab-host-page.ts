/**
 * A test page playing the Teams host for @microsoft/teams-js (see /work/shared/TEAMS-HOST.md): it frames a
 * tab page and answers teams-js as Teams does, and opens in Chromium as https://teams.microsoft.com with the
 * tab's domain served by the running bot. No network: the browser context aborts everything else.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { type Person, TEST_TENANT_ID } from './activities.js';
import type { BrowserHandle } from './playground.js';
import { TAB_DOMAIN } from './tab-sso.js';

/** A meeting tab's frame (side panel or stage) and what Teams tells it of the meeting. */
export interface MeetingFrame {
  frame: string;
  chatId: string;
  meetingId: string;
  /** What Teams answers to getAppContentStageSharingCapabilities (presenters and organizers may share). */
  canShare: boolean;
}

/** What the host page frames and answers. */
export interface HostPageOptions {
  /** The tab page's path on the tab's domain, e.g. `/tab/panel.html`. */
  path: string;
  /** The iframe's title. */
  title: string;
  person: Person;
  /** What getAuthToken answers, call by call (the last one from then on), as Teams renews tokens. */
  tokens: string[];
  theme: string;
  /** `web`, `android`, `ios`, `desktop`. */
  hostClientType?: string;
  /** A meeting tab; without it a personal app's static tab (`content`). */
  meeting?: MeetingFrame;
  /** The personal app's static tab (`entityId` in the context). */
  entityId?: string;
  /** Teams' `app.locale` (`en-us` unless given: `es-MX` shows the tab in Spanish). */
  locale?: string;
}

const MEETING_RUNTIME = { meeting: {}, pages: { config: {}, appButton: {}, tabs: {} }, teamsCore: {} };
const PERSONAL_RUNTIME = { pages: { appButton: {}, tabs: {} }, teamsCore: {} };

/** The host page's HTML: frames the tab, answers teams-js like Teams would, records every call in window.calls. */
export function hostPage(opts: HostPageOptions): string {
  const frame = opts.meeting?.frame ?? 'content';
  const client = opts.hostClientType ?? 'web';
  const runtime = JSON.stringify({
    apiVersion: 2,
    supports: opts.meeting ? MEETING_RUNTIME : PERSONAL_RUNTIME,
  });
  const context = {
    frameContext: frame,
    ...(opts.meeting ? { chatId: opts.meeting.chatId, meetingId: opts.meeting.meetingId } : {}),
    userObjectId: opts.person.aadObjectId,
    userPrincipalName: opts.person.userPrincipalName,
    tid: TEST_TENANT_ID,
    theme: opts.theme,
    hostClientType: client,
    locale: opts.locale ?? 'en-us',
    ...(opts.entityId ? { entityId: opts.entityId } : {}),
  };
  return `<!doctype html><html lang="en"><head><title>Teams</title><style>html,body,iframe{margin:0;border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="tab" title=${JSON.stringify(opts.title)} src="https://${TAB_DOMAIN}${opts.path}"></iframe>
<script>
window.calls = [];
const tokens = ${JSON.stringify(opts.tokens)};
let tokenCalls = 0;
const answers = {
  initialize: () => [${JSON.stringify(frame)}, ${JSON.stringify(client)}, ${JSON.stringify(runtime)}, '2.58.0'],
  getContext: () => [${JSON.stringify(context)}],
  'authentication.getAuthToken': () => [true, tokens[Math.min(tokenCalls++, tokens.length - 1)]],
  'meeting.shareAppContentToStage': () => [null, true],
  'meeting.getAppContentStageSharingCapabilities': () => [null, { doesAppHaveSharePermission: ${opts.meeting?.canShare === true} }],
};
window.addEventListener('message', (e) => {
  const m = e.data;
  if (!m || typeof m.func !== 'string') return;
  window.calls.push({ func: m.func, args: m.args });
  const answer = answers[m.func];
  e.source.postMessage({ id: m.id, uuid: m.uuid, args: answer ? answer() : [] }, e.origin);
});
window.setTheme = (t) => document.getElementById('tab').contentWindow.postMessage({ func: 'themeChange', args: [t] }, 'https://${TAB_DOMAIN}');
</script></body></html>`;
}

/** A hosted tab in a new page: the page (the host), the tab's frame, and when the host page was asked for. */
export interface HostedTab {
  page: Page;
  frame: FrameLocator;
  started: number;
}

/**
 * Opens a new page of the browser at the size given showing the host page as https://teams.microsoft.com,
 * the tab's domain routed to the bot at `botUrl`; anything else falls to the context's route (aborted).
 */
export async function openHostedTab(
  browser: BrowserHandle,
  botUrl: string,
  size: { width: number; height: number },
  host: HostPageOptions,
): Promise<HostedTab> {
  const page = await browser.context.newPage();
  await page.setViewportSize(size);
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === 'teams.microsoft.com')
      return route.fulfill({ contentType: 'text/html', body: hostPage(host) });
    if (url.hostname === TAB_DOMAIN) {
      const response = await route.fetch({ url: `${botUrl}${url.pathname}${url.search}` });
      return route.fulfill({ response });
    }
    return route.fallback(); // the context's route aborts anything not on this machine
  });
  const started = Date.now();
  await page.goto('https://teams.microsoft.com/host');
  return { page, frame: page.frameLocator('#tab'), started };
}
