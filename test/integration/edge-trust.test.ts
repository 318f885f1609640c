/**
 * The edge of the trust model (docs: the issue's "Edge" section), over real HTTP with Bot Framework
 * tokens ON: JSON bodies only, linear parsing of typed text, channel tokens from the Bot Framework for
 * Teams on Teams' hosts (on intake and on every proactive send), one log line per refused token, and a
 * tab API that checks the token before it reads anything.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationReference } from 'botbuilder';
import sinon from 'sinon';
import { type App, createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import type { FollowUpService } from '../../bot/reminders/follow-up.js';
import type { RoundtableStore } from '../../bot/roundtable/ports.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { CosmosPreparationStore } from '../../bot/store/cosmos-preparation-store.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { createAdapter, ServiceUrlRefused } from '../../bot/teams/edge/adapter.js';
import { TeamsReminderDelivery } from '../../bot/teams/outgoing/proactive.js';
import { parseCommand } from '../../bot/teams/routing/commands.js';
import { MEETING_CHAT_ID, message, people, postActivity, TEST_APP_ID } from '../support/activities.js';
import {
  authenticatedEnv,
  BotAuthRig,
  EMULATOR_ISSUER,
  NoEntraCredentialsFactory,
  type SignTokenOptions,
} from '../support/bot-auth.js';
import { dumpDatabase } from '../support/db-dump.js';
import { FakeConnector } from '../support/fake-connector.js';
import { FAST_RETRY, testDatabase } from '../support/harness.js';
import { TabSsoRig } from '../support/tab-sso.js';

const fac = people.facilitator;
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

describe('edge trust (tokens on, real HTTP)', function () {
  this.timeout(60000);
  let rig: BotAuthRig;
  let sso: TabSsoRig;
  let fake: FakeConnector;
  /** A connector the bot must never call (not in TEAMS_SERVICE_URLS). */
  let foreign: FakeConnector;
  let database: DatabaseHandle;
  let app: App;
  const lines: string[] = [];
  const env = () => ({
    ...sso.env(),
    ...authenticatedEnv(TEST_APP_ID, fake.url),
    PORT: '0',
    HOST: '127.0.0.1',
    REMINDER_TICK_SECONDS: '0',
  });

  before(async () => {
    rig = await BotAuthRig.start();
    sso = await TabSsoRig.start();
    fake = await FakeConnector.start();
    foreign = await FakeConnector.start();
    database = await testDatabase();
    app = await createApp({
      config: loadConfig(env()),
      log: createLogger('info', { write: (l: string) => void lines.push(l) }),
      database,
      retry: FAST_RETRY,
      auth: {
        settings: rig.authSettings(TEST_APP_ID),
        credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID),
      },
    });
  });
  after(async () => {
    await app?.close();
    await database?.close();
    await Promise.all([fake?.close(), foreign?.close(), rig?.close(), sso?.close()]);
  });
  beforeEach(() => {
    fake.reset();
    foreign.reset();
  });
  afterEach(() => sinon.restore());

  const sign = (o: Partial<SignTokenOptions> = {}) =>
    rig.signToken({ appId: TEST_APP_ID, serviceUrl: fake.url, ...o });
  const activity = (text = 'help', o: { serviceUrl?: string } = {}) =>
    message({ text, from: fac, serviceUrl: o.serviceUrl ?? fake.url, mentionBot: true });

  describe('JSON bodies only', () => {
    /** Files in the temp folder that hold `marker` (other processes write there too). */
    function tempFilesWith(marker: string): string[] {
      return readdirSync(tmpdir()).filter((name) => {
        try {
          const path = join(tmpdir(), name);
          return statSync(path).isFile() && readFileSync(path, 'utf8').includes(marker);
        } catch {
          return false;
        }
      });
    }

    it('a multipart upload is refused with 415 and nothing is written to the temp folder', async () => {
      const marker = `edge-trust-upload-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const before = new Set(readdirSync(tmpdir()));
      const statuses: Record<string, number> = {};
      for (const path of ['/api/messages', '/api/tab/dev-signin', '/api/tab/roundtables/rt-x/navigate']) {
        const form = new FormData();
        form.append('file', new Blob([`${marker}\n${'x'.repeat(50_000)}`]), 'upload.txt');
        const res = await fetch(`${app.url}${path}`, { method: 'POST', body: form });
        await res.text();
        statuses[path] = res.status;
      }
      const added = readdirSync(tmpdir()).filter((n) => !before.has(n));
      assert.deepEqual(
        tempFilesWith(marker).filter((n) => added.includes(n)),
        [],
        'no uploaded file in the temp folder',
      );
      assert.deepEqual(statuses, {
        '/api/messages': 415,
        '/api/tab/dev-signin': 415,
        '/api/tab/roundtables/rt-x/navigate': 415,
      });
      assert.equal(fake.requests.length, 0);
    });

    it('form-urlencoded and text bodies are refused with 415 on every route; JSON still works', async () => {
      for (const [path, type] of [
        ['/api/messages', 'application/x-www-form-urlencoded'],
        ['/api/tab/roundtables/rt-x/navigate', 'application/x-www-form-urlencoded'],
        ['/api/tab/dev-signin', 'text/plain'],
        ['/api/messages', 'application/jsonp'],
      ] as const) {
        const res = await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': type },
          body: 'type=message&text=hello',
        });
        await res.text();
        assert.equal(res.status, 415, `${path} ${type}`);
      }
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          authorization: `Bearer ${await sign()}`,
        },
        body: JSON.stringify(activity()),
      });
      await res.text();
      assert.equal(res.status, 200);
      assert.equal(fake.sent(MEETING_CHAT_ID).length, 1, 'help was answered');
    });
  });

  describe('linear parsing of typed text', () => {
    const shapes: [string, string][] = [
      ['240,000 <', '<'.repeat(240_000)],
      ['<<<<a repeated', '<<<<a'.repeat(50_000)],
      ['&nbsp; x 100k', '&nbsp;'.repeat(100_000)],
      ['1 MB of spaces', ' '.repeat(1_000_000)],
      ['an unclosed tag after a command', `next <${'a'.repeat(200_000)}`],
    ];
    for (const [what, text] of shapes) {
      it(`parseCommand answers ${what} with unknown, at once`, () => {
        const started = performance.now();
        const command = parseCommand(text);
        const ms = performance.now() - started;
        assert.equal(command.name, 'unknown');
        assert.ok(ms < 1000, `sanity bound only: ${Math.round(ms)} ms`);
      });
    }

    it('still reads commands wrapped in markup and &nbsp;', () => {
      assert.deepEqual(parseCommand('<p>next</p>'), { name: 'next' });
      assert.deepEqual(parseCommand('<p>go&nbsp;to <b>plan</b></p>'), { name: 'go', target: 'plan' });
      assert.equal(parseCommand('a < b').name, 'unknown');
    });

    it('240,000 < over HTTP is answered and the server stays responsive', async () => {
      // Without the HTML copy Teams attaches (it would triple the body past the 256 KB limit).
      const a = { ...activity('<'.repeat(240_000)), attachments: [] };
      const res = await postActivity(app.url, a, await sign());
      assert.equal(res.status, 200);
      const health = await fetch(`${app.url}/api/health`);
      assert.equal(health.status, 200);
      assert.ok(fake.sent(MEETING_CHAT_ID).length >= 1, 'answered');
    });
  });

  describe('channel tokens', () => {
    it('an Emulator-style token (issuer sts.windows.net/d6d49420…) is refused 401 and runs no turn', async () => {
      for (const audience of [TEST_APP_ID, 'https://api.botframework.com']) {
        const token = await sign({
          issuer: EMULATOR_ISSUER,
          audience,
          claims: { ver: '1.0', appid: TEST_APP_ID },
        });
        const res = await postActivity(app.url, activity(), token);
        assert.equal(res.status, 401, `audience ${audience}`);
      }
      assert.equal(fake.requests.length, 0);
    });

    it('an activity from another channel than msteams is refused and runs no turn', async () => {
      const a = { ...activity('start Q.Q.'), channelId: 'webchat' };
      const res = await postActivity(app.url, a, await sign());
      assert.equal(res.status, 403);
      assert.equal(fake.requests.length, 0);
    });

    it('a serviceUrl outside TEAMS_SERVICE_URLS is refused and never contacted, even with a matching token', async () => {
      const before = await dumpDatabase(database.database);
      const res = await postActivity(
        app.url,
        activity('start Q.Q.', { serviceUrl: foreign.url }),
        await sign({ serviceUrl: foreign.url }),
      );
      assert.equal(res.status, 403);
      assert.equal(foreign.requests.length, 0, 'the foreign connector was not contacted');
      assert.deepEqual(await dumpDatabase(database.database), before, 'nothing stored');
    });
  });

  describe('proactive sends from stored references', () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [] } as never;

    function delivery(person: Record<string, unknown>) {
      const config = loadConfig(env());
      const adapter = createAdapter(config, app.log, {
        settings: rig.authSettings(TEST_APP_ID),
        credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID),
      });
      const followUp = {
        person: async () => person,
        recordPerson: async () => undefined,
      } as unknown as FollowUpService;
      return {
        adapter,
        delivery: new TeamsReminderDelivery(
          adapter,
          TEST_APP_ID,
          {} as RoundtableStore,
          followUp,
          DEFAULT_SETTINGS,
          app.log,
          () => new Date(),
          FAST_RETRY,
        ),
      };
    }
    const rt = (serviceUrl: string) =>
      ({
        id: 'rt-1',
        caseAlias: 'J.T.',
        roster: [],
        chat: { conversationId: 'c', serviceUrl, tenantId: undefined, reference: {} },
      }) as never;
    const reference = (serviceUrl: string): Partial<ConversationReference> => ({
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: 'a:personal-chat' } as never,
      bot: { id: `28:${TEST_APP_ID}`, name: 'Roundtable' },
      user: { id: fac.id, name: fac.name },
    });

    it('a stored 1:1 reference on a foreign host is refused and logged, never contacted', async () => {
      const logged = lines.length;
      const { delivery: d } = delivery({
        id: fac.id,
        name: fac.name,
        personalReference: reference(`${foreign.url}/amer/`),
      });
      assert.equal(await d.sendCard(fac, rt(fake.url), card), 'unreachable');
      assert.equal(foreign.requests.length, 0);
      const events = lines.slice(logged).filter((l) => l.includes('proactive.refused'));
      assert.equal(events.length, 1);
      assert.ok(!events[0]!.includes(foreign.url), 'the host itself is not logged');
    });

    it('creating a 1:1 chat on a foreign host is refused; on the allowed host it is sent', async () => {
      const { delivery: d } = delivery({ id: fac.id, name: fac.name, serviceUrl: foreign.url });
      assert.equal(await d.sendCard(fac, rt(fake.url), card), 'unreachable');
      assert.equal(foreign.requests.length, 0);
      const { delivery: ok } = delivery({ id: fac.id, name: fac.name, serviceUrl: fake.url });
      assert.equal(await ok.sendCard(fac, rt(fake.url), card), 'sent');
      assert.ok(fake.requests.some((r) => r.operation === 'createConversation'));
    });

    it('continueConversationAsync itself refuses a foreign reference (card refreshes, tab notices)', async () => {
      const { adapter } = delivery({});
      let ran = false;
      await assert.rejects(
        adapter.continueConversationAsync(TEST_APP_ID, reference(foreign.url), async () => {
          ran = true;
        }),
        ServiceUrlRefused,
      );
      assert.equal(ran, false);
      assert.equal(foreign.requests.length, 0);
    });
  });

  describe('token failures: one log line each, no keys, tokens or stacks', () => {
    const cases: [string, () => Promise<string | undefined>, string, number, string?][] = [
      ['no token', async () => undefined, 'missing', 401],
      ['junk', async () => 'not-a-jwt', 'malformed', 401],
      ['expired', () => sign({ expiresInSeconds: -3600 }), 'expired', 401],
      ['wrong audience', () => sign({ audience: 'another-app' }), 'audience', 401],
      [
        'emulator issuer',
        () => sign({ issuer: EMULATOR_ISSUER, claims: { ver: '1.0', appid: TEST_APP_ID } }),
        'issuer',
        401,
      ],
      ['wrong key', () => sign({ key: 'wrong' }), 'signature', 401],
      ['unknown key id', () => sign({ key: 'unknown-kid' }), 'signature', 401],
      ['serviceurl claim', () => sign({ serviceUrl: 'http://127.0.0.1:9/' }), 'service-url', 401],
      ['channel', () => sign(), 'channel', 403, 'webchat'],
    ];
    for (const [what, token, reason, status, channelId] of cases) {
      it(`${what} → ${status}, one auth.refused line with reason "${reason}"`, async () => {
        const stderr = sinon.spy(process.stderr, 'write');
        const logged = lines.length;
        const t = await token();
        const a = channelId ? { ...activity(), channelId } : activity();
        const res = await postActivity(app.url, a, t);
        assert.equal(res.status, status);
        const events = lines
          .slice(logged)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((l) => l.event === 'auth.refused');
        assert.equal(events.length, 1);
        assert.equal(events[0]?.reason, reason);
        const written = [...lines.slice(logged), ...stderr.getCalls().map((c) => String(c.args[0]))].join(
          '\n',
        );
        if (t) assert.ok(!written.includes(t.split('.')[2] || t), 'no token in the logs');
        assert.ok(!/BEGIN PUBLIC KEY|Available keys|"n":"|stack|at [\w.]+ \(/.test(written), written);
      });
    }
  });

  describe('tab API: the token before any read', () => {
    /** Counts every call on the roundtable and preparation stores from now on (restored after the test). */
    function countStoreCalls(): { calls: number } {
      const counter = { calls: 0 };
      for (const proto of [CosmosRoundtableStore.prototype, CosmosPreparationStore.prototype]) {
        for (const name of Object.getOwnPropertyNames(proto)) {
          const d = Object.getOwnPropertyDescriptor(proto, name);
          if (name === 'constructor' || typeof d?.value !== 'function') continue;
          const original = d.value as (...args: unknown[]) => unknown;
          sinon.replace(
            proto as never,
            name as never,
            function (this: unknown, ...args: unknown[]) {
              counter.calls++;
              return original.apply(this, args);
            } as never,
          );
        }
      }
      return counter;
    }

    it('no token, junk, a wrong-tenant token: refused with no roundtable read; a valid token does read', async () => {
      assert.equal((await postActivity(app.url, activity('start J.T.'), await sign())).status, 200);
      await app.idle();
      const rt = (await forChat(app.domain, MEETING_CHAT_ID))!;
      assert.ok(rt, 'a roundtable to protect');
      const counter = countStoreCalls();
      const board = `${app.url}/api/tab/board?chat=${encodeURIComponent(MEETING_CHAT_ID)}`;
      const navigate = `${app.url}/api/tab/roundtables/${rt.id}/navigate`;
      const wrongTenant = await sso.token(fac, { tenantId: OTHER_TENANT });
      const requests: [string, RequestInit, number][] = [
        [board, {}, 401],
        [board, { headers: { authorization: 'Bearer junk' } }, 401],
        [board, { headers: { authorization: `Bearer ${wrongTenant}` } }, 403],
        [
          navigate,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"to":"next"}' },
          401,
        ],
        [
          navigate,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${wrongTenant}` },
            body: '{"to":"next"}',
          },
          403,
        ],
      ];
      for (const [url, init, status] of requests) {
        const res = await fetch(url, init);
        await res.text();
        assert.equal(res.status, status, `${init.method ?? 'GET'} ${url}`);
      }
      assert.equal(counter.calls, 0, 'no roundtable read before the token and tenant were checked');
      // The counter works: a valid token (of someone not in the chat) reads the chat's pointer and roundtable.
      const res = await fetch(board, { headers: { authorization: `Bearer ${await sso.token(fac)}` } });
      await res.text();
      assert.ok(counter.calls > 0, 'a valid token gets as far as the roundtable');
    });
  });
});
