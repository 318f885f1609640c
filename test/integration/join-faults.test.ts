/**
 * Joins under Cosmos faults (issue #28): a join writes the person's member document; when that write is
 * throttled (429 past the click's retries) or the database is unavailable (503), the click gets a clear
 * "NOT saved, try again" (HTTP 200, never a 5xx to Teams), nobody else's entry is touched, and pressing Join
 * again saves it.
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { forChat } from '../../bot/roundtable/roundtables.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, type Person, people } from '../support/activities.js';
import { cardText } from '../support/card-query.js';
import { CosmosFaultProxy, databaseThrough, WRITES } from '../support/cosmos-fault-proxy.js';
import { Harness, type InvokeResult, invokeCard, testDatabase } from '../support/harness.js';

const { facilitator: fac, caseworker: cw } = people;

function isTryAgain(res: InvokeResult): boolean {
  return (
    res.status === 200 &&
    res.body?.statusCode === 200 &&
    res.body.type === 'application/vnd.microsoft.activity.message' &&
    /NOT saved.*try again/s.test(JSON.stringify(res.body.value))
  );
}

describe('joins under Cosmos faults (member documents)', function () {
  this.timeout(60000);
  let proxy: CosmosFaultProxy;
  let direct: DatabaseHandle;
  let client: CosmosClient;
  let h: Harness;
  before(async () => {
    direct = await testDatabase();
    proxy = await CosmosFaultProxy.start(direct.endpoint);
    client = new CosmosClient({
      endpoint: proxy.url,
      key: 'test-key',
      connectionPolicy: { enableEndpointDiscovery: false, requestTimeout: 800 },
    });
    h = await Harness.start({ database: databaseThrough(direct, client, proxy.url) });
    await h.say(fac, 'start J.T.');
    await h.joinAs(cw, 'other');
  });
  after(async () => {
    await h?.close();
    client?.dispose();
    await proxy?.close();
    await direct?.close();
  });
  afterEach(() => proxy.clear());

  for (const fault of ['429', '503'] as const) {
    it(`a join whose member document meets ${fault}: "NOT saved, try again", nobody else touched, the retry joins`, async () => {
      const who: Person = { ...people.consultant, id: `29:join-fault-${fault}`, name: `Fault ${fault}` };
      await h.settled();
      // Every write of the member document fails (the click's own retries included), nothing else.
      proxy.fail({ fault, kinds: WRITES, body: /"type":"member"/, count: Number.POSITIVE_INFINITY });
      const res = await h.click(who, h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'scribe' } });
      assert.ok(isTryAgain(res), JSON.stringify(res.body));
      proxy.clear();
      const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
      assert.equal(
        rt?.roster.find((r) => r.id === who.id),
        undefined,
        'not on the roster: nothing half-saved',
      );
      assert.equal(rt?.roster.find((r) => r.id === cw.id)?.role, 'other', "others' entries are untouched");
      const again = await h.click(who, h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'scribe' } });
      assert.match(cardText(invokeCard(again)), /Joined as scribe/);
      const after = await forChat(h.app.domain, MEETING_CHAT_ID);
      assert.equal(after?.roster.find((r) => r.id === who.id)?.role, 'scribe');
    });
  }
});
