/**
 * The personal app "My roundtables": its static tab in the manifest, and the deep link every 1:1 follow-up
 * card carries to it — the same app id as the manifest's `id` (TEAMS_APP_ID, else the bot's id).
 */
import assert from 'node:assert/strict';
import { loadConfig } from '../../bot/config.js';
import { MY_ROUNDTABLES_ENTITY_ID, myRoundtablesUrl } from '../../bot/config-personal-app.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import type { PlanStep, Roundtable } from '../../bot/roundtable/types.js';
import { MY_ROUNDTABLES_TITLE, reviewCard, stepsCard } from '../../cards/follow-up-cards.js';
import { fillManifest, validateManifest } from '../../manifest/package.js';

const BOT_ID = '8c0e6a55-1b2a-4f0e-9d8e-0b07c0ffee01';
const TEAMS_APP_ID = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const env = {
  BOT_ID,
  // TAB_SSO_APP_ID defaults to BOT_ID: one app registration is the bot and the tab's sign-in app.
  TAB_DOMAIN: 'roundtable.agency.example',
};

function openUrls(card: unknown): [string, string][] {
  const out: [string, string][] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.OpenUrl') out.push([String(o.title), String(o.url)]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const rt = {
  id: 'rt-1',
  caseAlias: 'J.T.',
  chat: { conversationId: '19:x@thread.v2' },
  cardIds: {},
} as unknown as Roundtable;
const step = {
  id: 's1',
  kind: 'step',
  text: 'Call the aunt',
  owner: { id: '29:cw', name: 'Carlos' },
  dueDate: '2026-12-01',
  status: 'not-started',
} as unknown as PlanStep;

describe('personal app "My roundtables": manifest and deep link', () => {
  it('the manifest has the personal static tab, served from the tab domain, and keeps the chat with the bot', () => {
    const m = fillManifest(env);
    assert.deepEqual(validateManifest(m), []);
    const tabs = m.staticTabs ?? [];
    const mine = tabs.find((t) => t.entityId === MY_ROUNDTABLES_ENTITY_ID);
    assert.equal(mine?.name, 'My roundtables');
    assert.deepEqual(mine?.scopes, ['personal']);
    assert.equal(mine?.contentUrl, 'https://roundtable.agency.example/tab/personal.html');
    assert.ok(
      tabs.some((t) => t.entityId === 'conversations'),
      'the 1:1 chat stays a tab of the app',
    );
  });

  it('the link the bot puts on cards opens the app the package declares (default: the bot id; TEAMS_APP_ID)', () => {
    for (const extra of [{}, { TEAMS_APP_ID }]) {
      const m = fillManifest({ ...env, ...extra });
      const c = loadConfig({
        MicrosoftAppId: BOT_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: BOT_ID,
        ALLOWED_TENANTS: BOT_ID,
        COSMOS_ENDPOINT: 'https://roundtable.documents.azure.com:443/',
        ...extra,
      } as NodeJS.ProcessEnv);
      assert.equal(
        c.personalApp.myRoundtablesUrl,
        `https://teams.microsoft.com/l/entity/${m.id}/my-roundtables`,
      );
    }
    assert.equal(loadConfig({}).personalApp.myRoundtablesUrl, undefined, 'local mode: no app, no link');
    assert.equal(
      myRoundtablesUrl(TEAMS_APP_ID),
      'https://teams.microsoft.com/l/entity/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b/my-roundtables',
    );
  });

  it('steps and review cards carry "Open My roundtables" as Action.OpenUrl when there is a link, else none', () => {
    const url = myRoundtablesUrl(TEAMS_APP_ID);
    const lines = [{ step, roundtable: rt, overdueDays: 0 }];
    const withLink = stepsCard({
      heading: 'h',
      lines,
      list: 'reminder',
      actionable: true,
      myRoundtablesUrl: url,
    });
    assert.deepEqual(
      openUrls(withLink).filter(([t]) => t === MY_ROUNDTABLES_TITLE),
      [[MY_ROUNDTABLES_TITLE, url]],
    );
    const without = stepsCard({ heading: 'h', lines, list: 'reminder', actionable: true });
    assert.deepEqual(
      openUrls(without).filter(([t]) => t === MY_ROUNDTABLES_TITLE),
      [],
    );
    const review = reviewCard({
      roundtable: rt,
      plan: { ratings: {}, draft: true },
      steps: [step],
      children: ['J.T.'],
      settings: DEFAULT_SETTINGS,
      myRoundtablesUrl: url,
    });
    assert.deepEqual(
      openUrls(review).filter(([t]) => t === MY_ROUNDTABLES_TITLE),
      [[MY_ROUNDTABLES_TITLE, url]],
    );
  });
});
