/**
 * Each instance keeps a copy of the roundtable partitions it read and asks the database only for what
 * changed since (bot/store/partition-cache.ts). Two instances on one database, clicking in turn on one
 * card: neither ever answers with a card that misses the other's write, a phase move or a deletion.
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { forChat, getRoundtable, roundtableView } from '../../bot/roundtable/roundtables.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { type Person, people } from '../support/activities.js';
import { Harness, invokeCard, testDatabase } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, consultant: mp } = people;

function idea(text: string) {
  return { inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: text } };
}

/** A second client on the same database: another instance of the app. */
function secondClient(first: DatabaseHandle): DatabaseHandle {
  const client = new CosmosClient({
    endpoint: first.endpoint,
    key: 'k',
    connectionPolicy: { enableEndpointDiscovery: false },
  });
  return {
    database: client.database(first.database.id),
    client,
    endpoint: first.endpoint,
    embedded: true,
    close: async () => client.dispose(),
  };
}

/** Each test runs its own roundtable in its own meeting chat: it passes alone and in any order. */
function meetingChat(name: string): string {
  return `19:meeting_partition-${name}@thread.v2`;
}

describe('Partition copies of two instances on one database', function () {
  this.timeout(60000);
  let database: DatabaseHandle;
  let second: DatabaseHandle;
  let a: Harness;
  let b: Harness;

  before(async () => {
    database = await testDatabase();
    second = secondClient(database);
    await ensureSchema(second.client, database.database.id);
    a = await Harness.start({ database });
    b = await Harness.start({ database: second });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await database?.close();
  });

  /** Starts a roundtable for `alias` in the chat through A, and B answers a turn there (B holds a copy). */
  async function started(chat: string, alias: string) {
    await a.say(fac, `start ${alias}`, chat);
    await b.say(fac, 'status', chat);
    const rt = await forChat(a.app.domain, chat);
    assert.ok(rt, `a roundtable runs in ${chat}`);
    return rt;
  }

  it('every answer holds every idea stored before it, whichever instance stored it', async () => {
    const chat = meetingChat('ideas');
    await a.say(fac, 'start J.T.', chat);
    await a.say(fac, 'go brainstorm', chat);
    const card = a.lastCard(chat);
    const texts: string[] = [];
    const who: Person[] = [cw, mp, fac];
    for (let i = 0; i < 12; i++) {
      const via = i % 2 ? b : a;
      const text = `Idea ${i} through ${i % 2 ? 'B' : 'A'}`;
      texts.push(text);
      invokeCard(await via.click(who[i % 3]!, card, VERBS.idea, { ...idea(text), conversation: chat }));
      // The clicker's answer is their form (issue #24); the instance that answered reads every idea.
      const rt = (await forChat(via.app.domain, chat))!;
      const shown = (await roundtableView(via.app.domain, rt.id))!.contributions.map((c) => c.text);
      for (const t of texts) assert.ok(shown.includes(t), `answer ${i} shows "${t}"`);
    }
    // Both instances read the same partition: their views agree.
    const rt = (await forChat(a.app.domain, chat))!;
    const fromA = (await roundtableView(a.app.domain, rt.id))!;
    const fromB = (await roundtableView(b.app.domain, rt.id))!;
    assert.deepEqual(fromB.contributions, fromA.contributions);
    assert.equal(fromB.contributions.filter((c) => c.kind === 'idea').length, 12);
  });

  it('a listed contribution is one frozen value across turns until its document changes, on either instance', async () => {
    const chat = meetingChat('shared');
    await a.say(fac, 'start S.H.', chat);
    await a.say(fac, 'go brainstorm', chat);
    const card = a.lastCard(chat);
    for (const text of ['First idea', 'Second idea'])
      invokeCard(await a.click(cw, card, VERBS.idea, { ...idea(text), conversation: chat }));
    const rt = (await forChat(a.app.domain, chat))!;
    const ideas = async () => (await roundtableView(a.app.domain, rt.id))!.contributions;
    const [first, second] = await ideas();
    assert.ok(first && second);
    // Each turn used to clone every document of the partition: 150 ideas cost every click 150 copies.
    const again = await ideas();
    assert.equal(again[0], first, 'the next turn lists the same value, not a copy');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.author), 'frozen, deeply');
    assert.throws(() => {
      (first as { text: string }).text = 'changed in place';
    }, TypeError);
    // B changes the second idea: A's next turn lists the new version, and the first as it was.
    const stored = (await b.app.domain.store.getContribution(rt.id, second.id))!;
    stored.value.text = 'Second idea, reworded';
    await b.app.domain.store.replaceContribution(stored.value, stored.etag);
    const after = await ideas();
    assert.equal(after[0], first);
    assert.notEqual(after[1], second);
    assert.equal(after[1]?.text, 'Second idea, reworded');
    assert.equal(second.text, 'Second idea', 'a value listed earlier never changes under its holder');
  });

  it('a phase move through one instance is seen by the other at its next turn', async () => {
    const chat = meetingChat('phases');
    const rt = await started(chat, 'P.M.');
    const before = (await roundtableView(b.app.domain, rt.id))!.roundtable.phaseIndex;
    await a.say(fac, 'next', chat);
    assert.equal((await roundtableView(b.app.domain, rt.id))!.roundtable.phaseIndex, before + 1);
    await b.say(fac, 'back', chat);
    assert.equal((await roundtableView(a.app.domain, rt.id))!.roundtable.phaseIndex, before);
  });

  it('a roundtable deleted through one instance is gone for the other', async () => {
    const chat = meetingChat('deletion');
    const rt = await started(chat, 'D.R.');
    assert.ok(await roundtableView(b.app.domain, rt.id), 'B holds a copy of the partition');
    await a.app.scheduler.drain();
    await a.say(fac, 'delete roundtable d.r.', chat);
    assert.match(a.texts(chat).at(-1)!, /was deleted/);
    assert.equal(await roundtableView(b.app.domain, rt.id), undefined);
    assert.equal(await getRoundtable(b.app.domain, rt.id), undefined);
  });
});
