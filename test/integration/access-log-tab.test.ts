/**
 * The tab API's side of the access log, over real HTTP with Teams SSO tokens against the Cosmos-compatible
 * server (through a fault proxy): a board read leaves its entry before the answer; when the entry cannot be
 * written the board is not shown (503 "try again", no case content).
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { NOT_RECORDED } from '../../bot/roundtable/access-log.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { Harness, testDatabase } from '../support/harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { startRoundtable, tabFetch } from '../support/tab-world.js';

const board = `/api/tab/board?chat=${encodeURIComponent(MEETING_CHAT_ID)}`;

describe('access log on the tab API (SSO tokens, Cosmos-compatible server)', function () {
  this.timeout(60000);
  let direct: DatabaseHandle;
  let proxy: CosmosFaultProxy;
  let client: CosmosClient;
  let rig: TabSsoRig;
  let h: Harness;

  before(async () => {
    direct = await testDatabase();
    proxy = await CosmosFaultProxy.start(direct.endpoint);
    client = new CosmosClient({
      endpoint: proxy.url,
      key: 'test-key',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: rig.env(),
      auth: rig.auth(),
      database: {
        database: client.database(direct.database.id),
        client,
        endpoint: proxy.url,
        embedded: true,
        close: async () => client.dispose(),
      },
    });
    await startRoundtable(h, 'ZQ.A.');
  });
  after(async () => {
    await h?.close();
    await rig?.close();
    client?.dispose();
    await proxy?.close();
    await direct?.close();
  });

  it('access log tab: a board read is recorded (route, the token’s object id, the roundtable); unrecorded, it is not shown', async () => {
    const token = await rig.token(people.caseworker);
    const shown = await tabFetch(h, board, token);
    assert.equal(shown.status, 200);
    const { resources } = await direct.database
      .container('access-log')
      .items.query<{ route: string; actorId: string; caseAlias?: string; outcome: string }>(
        "SELECT * FROM c WHERE c.route = 'GET /api/tab/board'",
      )
      .fetchAll();
    assert.deepEqual(
      resources.map((e) => [e.actorId, e.caseAlias, e.outcome]),
      [[people.caseworker.aadObjectId, 'ZQ.A.', 'allowed']],
    );
    proxy.fail({
      method: 'POST',
      path: /colls\/access-log\/docs$/,
      fault: '503',
      count: Number.POSITIVE_INFINITY,
    });
    try {
      const refused = await tabFetch(h, board, token);
      assert.equal(refused.status, 503);
      const text = JSON.stringify(refused.body);
      assert.ok(text.includes(NOT_RECORDED.message), text);
      assert.ok(!text.includes('ZQ.'), 'no case content');
    } finally {
      proxy.clear();
    }
  });
});
