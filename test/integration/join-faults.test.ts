/**
 * Joins under Cosmos faults (issue #28): a join writes the person's member document; when that write is
 * throttled (429 past the click's retries) or the database is unavailable (503), the click gets a clear
 * "NOT saved, try again" (HTTP 200, never a 5xx to Teams), nobody else's entry is touched, and pressing Join
 * again saves it.
 */
import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, type Person, people } from '../support/activities.js';
import { cardText } from '../support/card-query.js';
import { type CosmosFaultProxy, WRITES } from '../support/cosmos-fault-proxy.js';
import { Harness, invokeCard } from '../support/harness.js';
import { isTryAgain, type ProxiedDatabase, proxiedDatabase } from '../support/proxied-database.js';

const { facilitator: fac, caseworker: cw } = people;

describe('joins under Cosmos faults (member documents)', function () {
  this.timeout(60000);
  let proxy: CosmosFaultProxy;
  let db: ProxiedDatabase;
  let h: Harness;
  before(async () => {
    db = await proxiedDatabase({ requestTimeout: 800 });
    proxy = db.proxy;
    h = await Harness.start({ database: db.database });
    await h.say(fac, 'start J.T.');
    await h.joinAs(cw, 'other');
  });
  after(async () => {
    await h?.close();
    await db?.close();
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
