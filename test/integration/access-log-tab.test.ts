/**
 * The tab API's side of the access log, over real HTTP with Teams SSO tokens against the Cosmos-compatible
 * server (through a fault proxy): a board read leaves its entry before the answer; when the entry cannot be
 * written the board is not shown (503 "try again", no case content).
 */
import assert from 'node:assert/strict';
import { NOT_RECORDED } from '../../bot/roundtable/access-log.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import type { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { Harness } from '../support/harness.js';
import { type ProxiedDatabase, proxiedDatabase } from '../support/proxied-database.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { startRoundtable, tabFetch } from '../support/tab-world.js';

const board = `/api/tab/board?chat=${encodeURIComponent(MEETING_CHAT_ID)}`;

describe('access log on the tab API (SSO tokens, Cosmos-compatible server)', function () {
  this.timeout(60000);
  let db: ProxiedDatabase;
  let direct: DatabaseHandle;
  let proxy: CosmosFaultProxy;
  let rig: TabSsoRig;
  let h: Harness;

  before(async () => {
    db = await proxiedDatabase();
    ({ proxy, direct } = db);
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: rig.env(),
      auth: rig.auth(),
      database: db.database,
    });
    await startRoundtable(h, 'ZQ.A.');
  });
  after(async () => {
    await h?.close();
    await rig?.close();
    await db?.close();
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
