/**
 * Database requests per reminder sent, counted exactly by a proxy (issue #28, the 10,000-reminder drain). A
 * reminder's card needs no roster: the send reads its roundtable document by id (a point read), never with a
 * query over the roundtable's partition, which the Cosmos-compatible local server runs by scanning the whole
 * container (10,000 steps in the drain). On real Cosmos DB a point read is also the cheapest read (1 RU).
 */
import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import type { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { type CosmosRequest, describeRequests } from '../support/cosmos-request-log.js';
import { endedWithSteps } from '../support/ended-roundtable.js';
import { cardText, Harness } from '../support/harness.js';
import { type ProxiedDatabase, proxiedDatabase } from '../support/proxied-database.js';

const { caseworker: cw } = people;

/** Requests by `kind container`, e.g. `read roundtables`. */
function byKind(requests: CosmosRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const k = `${r.kind} ${r.container ?? '-'}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('Database requests per reminder sent (counted by a proxy)', function () {
  this.timeout(60000);
  let db: ProxiedDatabase;
  let proxy: CosmosFaultProxy;
  let clock: TestClock;
  let h: Harness;

  before(async () => {
    db = await proxiedDatabase();
    proxy = db.proxy;
    clock = new TestClock();
    h = await Harness.start({ now: clock.now, database: db.database });
    // An ended roundtable with one step for the caseworker, due 3 Dec (the clock starts on 23 Nov).
    await endedWithSteps(h, [{ text: 'Ask the aunt about guardianship', owner: cw, due: '2026-12-03' }]);
    await h.app.scheduler.tick();
  });
  after(async () => {
    await h?.close();
    await db?.close();
  });

  it("a step's reminder: no query over the roundtable's partition, only point reads there (at most 5)", async () => {
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.ok(rt);
    clock.set('2026-11-30T14:00:00Z'); // 3 days before 3 Dec, 09:00 in New York: the pre-due reminder
    const from = proxy.requests.length;
    const r = await h.app.scheduler.tick();
    assert.equal(r.sent, 1);
    assert.match(cardText(h.personalCards().get(cw.id)!.at(-1)!.card), /Coming up/);
    // The pass's own queries across partitions (what is due, time boxes, programme jobs) are not the send's.
    const send = proxy.requests.slice(from).filter((q) => q.partitionKey === rt.id);
    const list = describeRequests(send);
    assert.deepEqual(
      send.filter((q) => q.kind !== 'read').map((q) => `${q.kind} ${q.id ?? ''}`),
      [],
      `only point reads in the roundtable's partition:\n${list}`,
    );
    // Whether it is still relevant (the roundtable, its plan, the step) and its card (the roundtable unless read
    // in the last 5 s, the step): the roundtable without its roster both times.
    const roundtableReads = send.filter((q) => q.id === rt.id).length;
    assert.ok(roundtableReads >= 1 && roundtableReads <= 2, list);
    assert.ok(send.length <= 5, list);
    assert.deepEqual(byKind(send), { 'read roundtables': send.length });
  });
});
