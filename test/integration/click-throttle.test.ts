/**
 * A throttled database on the click path: Cosmos DB answers 429 (with x-ms-retry-after-ms) to every write of
 * an idea. The bot's own client (bot/store/database.ts, `cosmosClient`) retries a click's request a few times
 * only, then the click is answered "busy, NOT saved, try again" while Teams still waits (it gives a click
 * about 15 s; @azure/cosmos alone retries 9 times over up to 30 s). Background work keeps the longer policy.
 * Counts attempts at a fault proxy (test/support/cosmos-fault-proxy.ts), never wall time.
 */
import assert from 'node:assert/strict';
import type { CosmosClient } from '@azure/cosmos';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { Contribution } from '../../bot/roundtable/types.js';
import { cosmosClient, type DatabaseHandle, inBackground, RETRY_POLICIES } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { CosmosFaultProxy, databaseThrough } from '../support/cosmos-fault-proxy.js';
import { Harness, type PostedCard, testDatabase } from '../support/harness.js';

const { facilitator: fac, caseworker: cw } = people;
const IDEA_CREATE = { method: 'POST', path: /colls\/roundtables\/docs$/, body: /"kind":"idea"/ };
const idea = (text: string) => ({ inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: text } });

describe('a throttled database on the click path (retry cap)', function () {
  this.timeout(60_000);
  let direct: DatabaseHandle;
  let proxy: CosmosFaultProxy;
  let client: CosmosClient;
  let h: Harness;
  let card: PostedCard;

  before(async () => {
    direct = await testDatabase();
    proxy = await CosmosFaultProxy.start(direct.endpoint);
    // The production client, pointed at the proxy.
    client = cosmosClient(proxy.url, 'test-key');
    h = await Harness.start({ database: databaseThrough(direct, client, proxy.url) });
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go brainstorm');
    card = h.lastCard();
  });
  after(async () => {
    await h?.close();
    client?.dispose();
    await proxy?.close();
    await direct?.close();
  });
  afterEach(() => proxy.clear());

  /** 429s injected since the test began (the proxy keeps its log across tests). */
  let mark = 0;
  beforeEach(() => {
    mark = proxy.injected.length;
  });
  const throttled = () => proxy.injected.slice(mark).filter((f) => f.startsWith('429')).length;
  async function ideas(): Promise<Contribution[]> {
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    return (await roundtableView(h.app.domain, rt.id))!.contributions.filter((c) => c.kind === 'idea');
  }

  it('a click is tried 1 + 3 times, then answered "busy, try again"; nothing is half-written', async () => {
    proxy.fail({ ...IDEA_CREATE, fault: '429', count: Infinity, retryAfterMs: 1 });
    const res = await h.click(cw, card, VERBS.idea, idea('Throttled for long'));
    assert.equal(throttled(), 1 + RETRY_POLICIES.interactive.maxRetryAttemptCount);
    assert.equal(RETRY_POLICIES.interactive.maxRetryAttemptCount, 3);
    // Whatever its shape (an error answer today, a card with the notice later), it says: not saved, try again.
    assert.match(JSON.stringify(res.body), /NOT saved[\s\S]*try again/);
    assert.equal((await ideas()).filter((i) => i.text === 'Throttled for long').length, 0);
    // The person presses again once the database has room: saved once.
    proxy.clear();
    const again = await h.click(cw, card, VERBS.idea, idea('Throttled for long'));
    assert.equal(again.body?.statusCode, 200);
    assert.equal((await ideas()).filter((i) => i.text === 'Throttled for long').length, 1);
  });

  it('long retry-after hints end the retries early: the waits stop at the cap (2 s), not after 9 tries', async () => {
    proxy.fail({ ...IDEA_CREATE, fault: '429', count: Infinity, retryAfterMs: 1200 });
    const res = await h.click(cw, card, VERBS.idea, idea('Throttled slowly'));
    // Waits 1.2 s and 2.4 s in total: the third answer finds the 2 s budget spent.
    assert.equal(throttled(), 3);
    assert.match(JSON.stringify(res.body), /NOT saved[\s\S]*try again/);
    assert.equal((await ideas()).filter((i) => i.text === 'Throttled slowly').length, 0);
  });

  it('background work (the scheduler) keeps the library’s longer policy: 1 + 9 tries', async () => {
    const container = client.database(direct.database.id).container('roundtables');
    const probe = {
      fault: '429' as const,
      method: 'POST',
      path: /colls\/roundtables\/docs$/,
      body: /"background-probe"/,
      count: Infinity,
      retryAfterMs: 1,
    };
    proxy.fail(probe);
    const doc = { id: 'probe-1', roundtableId: 'probe', kind: 'background-probe' };
    await assert.rejects(
      inBackground(() => container.items.create(doc)),
      (err: { code?: number }) => err.code === 429,
    );
    assert.equal(throttled(), 1 + RETRY_POLICIES.background.maxRetryAttemptCount);
    proxy.clear();
    proxy.fail(probe);
    mark = proxy.injected.length;
    await assert.rejects(container.items.create(doc), (err: { code?: number }) => err.code === 429);
    assert.equal(
      throttled(),
      1 + RETRY_POLICIES.interactive.maxRetryAttemptCount,
      'outside it, the click policy',
    );
  });
});
