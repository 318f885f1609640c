/**
 * Connector clients kept per service URL (issue #28): botbuilder builds a ConnectorClient and a UserTokenClient
 * for every turn; the adapter keeps one per (app id, service URL, audience) instead, still behind this instance's
 * limiter, and only for service URLs the ServiceUrlPolicy allows. Real HTTP to a local fake connector.
 */
import assert from 'node:assert/strict';
import type { Activity, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import sinon from 'sinon';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { createAdapter, type RoundtableAdapter } from '../../bot/teams/edge/adapter.js';
import { RateLimiter } from '../../bot/teams/outgoing/rate-limiter.js';
import { FakeConnector } from '../support/fake-connector.js';

describe('connector clients kept per service URL', function () {
  this.timeout(20_000);
  let fake: FakeConnector;
  let adapter: RoundtableAdapter;
  let limiter: RateLimiter;

  before(async () => {
    fake = await FakeConnector.start({ strict: false });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    limiter = new RateLimiter();
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', REMINDER_TICK_SECONDS: '0' });
    adapter = createAdapter(config, createLogger('silent'), {}, limiter);
  });

  const activity = (serviceUrl: string, conversationId: string, n: number): Activity =>
    ({
      type: 'message',
      id: `in-${n}`,
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: conversationId },
      from: { id: '29:someone', name: 'Someone' },
      recipient: { id: '28:bot', name: 'Roundtable' },
      text: 'hello',
    }) as Activity;

  /** Runs a turn; returns the connector and user token clients it was given (and sends a reply when asked). */
  async function turn(serviceUrl: string, conversationId: string, n: number, reply: boolean) {
    let seen: { connector: ConnectorClient; token: unknown } | undefined;
    await adapter.handle('', activity(serviceUrl, conversationId, n), async (ctx: TurnContext) => {
      seen = {
        connector: ctx.turnState.get(ctx.adapter.ConnectorClientKey),
        token: ctx.turnState.get((ctx.adapter as RoundtableAdapter).UserTokenClientKey),
      };
      if (reply) await ctx.sendActivity(`reply ${n}`);
    });
    assert.ok(seen, 'the turn ran');
    return seen;
  }

  it('turns and proactive sends to one allowed service URL share one connector client, still behind the limiter', async () => {
    const acquire = sinon.spy(limiter, 'acquire');
    const a = await turn(fake.url, '19:one@thread.v2', 1, true);
    const b = await turn(fake.url, '19:two@thread.v2', 2, true);
    const c = await turn(fake.url, '19:one@thread.v2', 3, true);
    // Proactive sends build for the bot's own identity (app id '' here, the anonymous identity above): kept too.
    const proactive: ConnectorClient[] = [];
    for (const n of [1, 2]) {
      await adapter.continueConversationAsync(
        '',
        { serviceUrl: fake.url, channelId: 'msteams', conversation: { id: '19:two@thread.v2' } as never },
        async (ctx) => {
          proactive.push(ctx.turnState.get(ctx.adapter.ConnectorClientKey));
          await ctx.sendActivity(`proactive ${n}`);
        },
      );
    }
    assert.equal(b.connector, a.connector, 'the second turn got the first turn’s client');
    assert.equal(c.connector, a.connector);
    assert.equal(b.token, a.token, 'one user token client too');
    assert.equal(proactive[1], proactive[0], 'the second proactive send got the first one’s client');
    // Every send still took a slot in its thread's windows.
    assert.deepEqual(
      acquire.getCalls().map((call) => call.args[0]),
      ['19:one@thread.v2', '19:two@thread.v2', '19:one@thread.v2', '19:two@thread.v2', '19:two@thread.v2'],
    );
    assert.equal(fake.requests.filter((r) => r.status === 200).length, 5, 'five sends reached the fake');
    // A service URL outside the policy gets a fresh client each turn, never kept. Not contacted: these turns
    // send nothing (loopback is allowed in local mode; this host is not).
    const foreign = 'https://smba.example.invalid/amer/';
    const f1 = await turn(foreign, '19:x@thread.v2', 4, false);
    const f2 = await turn(foreign, '19:x@thread.v2', 5, false);
    assert.notEqual(f2.connector, f1.connector);
    assert.equal(fake.requests.length, 5);
  });
});
