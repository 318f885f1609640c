/**
 * The access log on the one request path, through the real bot over HTTP against the Cosmos-compatible server
 * (through a fault proxy): a typed command and a card click each leave their entry in the `access-log` container
 * before the answer; when the entry cannot be written the request is refused with "try again" in the shapes
 * Teams shows (a text; a 200 invoke message), nothing is shown or changed; deleting a roundtable keeps its entries.
 */
import assert from 'node:assert/strict';
import { NOT_RECORDED } from '../../bot/roundtable/access-log.js';
import { roundtableView } from '../../bot/roundtable/roundtables.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { people } from '../support/activities.js';
import type { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { actions, Harness, type PostedCard } from '../support/harness.js';
import { type ProxiedDatabase, proxiedDatabase } from '../support/proxied-database.js';

const { facilitator: fac, caseworker: cw } = people;

interface StoredEntry {
  route: string;
  actorId: string;
  roundtableId?: string;
  caseAlias?: string;
  outcome: string;
  code?: string;
}

describe('access log on the request path (real bot, Cosmos-compatible server)', function () {
  this.timeout(60000);
  let db: ProxiedDatabase;
  let direct: DatabaseHandle;
  let proxy: CosmosFaultProxy;
  let h: Harness;

  before(async () => {
    db = await proxiedDatabase();
    ({ proxy, direct } = db);
    h = await Harness.start({
      database: db.database,
    });
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go brainstorm');
  });
  after(async () => {
    await h?.close();
    await db?.close();
  });

  /** The brainstorm card (the last card with the idea button). */
  function ideaCard(): PostedCard {
    const found = h
      .cards()
      .filter((c) => actions(c.card).some((a) => a.verb === VERBS.idea))
      .at(-1);
    assert.ok(found, 'the brainstorm card');
    return found;
  }

  /** Every entry in the access-log container (read directly, not through the proxy). */
  async function entries(): Promise<StoredEntry[]> {
    const { resources } = await direct.database
      .container('access-log')
      .items.query<StoredEntry>('SELECT * FROM c')
      .fetchAll();
    return resources;
  }

  it('access log pipeline: a typed status and an idea click each leave their entry, without what was typed', async () => {
    const before = (await entries()).length;
    await h.say(fac, 'status');
    const card = ideaCard();
    const typed = 'Ask grandmother Ruth about weekend visits';
    const res = await h.click(cw, card, VERBS.idea, {
      inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: typed },
    });
    assert.equal(res.status, 200);
    const all = await entries();
    const added = all.slice(before);
    const status = added.find((e) => e.route === 'command.status');
    assert.ok(status, `command.status recorded: ${JSON.stringify(added)}`);
    assert.equal(status.outcome, 'allowed');
    assert.equal(status.caseAlias, 'J.T.');
    assert.equal(status.actorId, fac.aadObjectId);
    const idea = added.find((e) => e.route === `card.${VERBS.idea}`);
    assert.ok(idea, `card.${VERBS.idea} recorded: ${JSON.stringify(added)}`);
    assert.equal(idea.actorId, cw.aadObjectId);
    assert.ok(!JSON.stringify(all).includes('grandmother'), 'no typed text in the log');
  });

  it('access log pipeline: when the entry cannot be written, a command and a click answer "try again" and change nothing', async () => {
    await h.say(fac, 'status');
    const card = ideaCard();
    proxy.fail({
      method: 'POST',
      path: /colls\/access-log\/docs$/,
      fault: '503',
      count: Number.POSITIVE_INFINITY,
    });
    try {
      const textsBefore = h.texts().length;
      await h.say(fac, 'status');
      const said = h.texts().slice(textsBefore);
      assert.deepEqual(said, [NOT_RECORDED.message]);
      const seq = proxy.requests.length;
      const typed = 'Unrecorded idea about the school';
      const res = await h.click(cw, card, VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: typed },
      });
      assert.equal(res.status, 200);
      assert.equal((res.body as { value?: unknown })?.value, NOT_RECORDED.message);
      const writes = proxy.requests
        .slice(seq)
        .filter((r) => r.container === 'roundtables' && r.kind !== 'query' && r.kind !== 'read');
      assert.deepEqual(writes, [], 'nothing changed');
      assert.ok(!JSON.stringify(h.activities()).includes('Unrecorded idea'), 'nothing shown');
    } finally {
      proxy.clear();
    }
  });

  it('access log pipeline: deleting a roundtable keeps its access entries (they outlive it for the retention)', async () => {
    const rt = (await entries()).find((e) => e.roundtableId && e.caseAlias === 'J.T.');
    assert.ok(rt?.roundtableId, 'an entry of the roundtable');
    const rtId = rt.roundtableId;
    const ofIt = async () => (await entries()).filter((e) => e.roundtableId === rtId);
    const count = (await ofIt()).length;
    await h.say(fac, 'delete roundtable J.T.');
    assert.match(h.texts().at(-1) ?? '', /was deleted/);
    assert.equal(await roundtableView(h.app.domain, rtId), undefined);
    const after = await ofIt();
    assert.ok(after.length > count, 'the earlier entries and the deletion itself are kept');
    assert.ok(after.some((e) => e.route === 'command.delete-roundtable' && e.outcome === 'allowed'));
  });
});
