/**
 * Database requests per action, counted exactly by a proxy between the bot's @azure/cosmos client and
 * the Cosmos-compatible server (issue #17). An idea click costs at most 3 requests before its answer
 * and at most 3 per shared-card update pass; no action sends a cross-partition query, and no action
 * reads a document twice in its turn (a partition query counts as a read of every document in it).
 */
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { CosmosClient } from '@azure/cosmos';
import sinon from 'sinon';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { type DatabaseHandle, startEmbeddedCosmos } from '../../bot/store/database.js';
import { CardPublisher } from '../../bot/teams/outgoing/publisher.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  type Person,
  people,
  postActivity,
} from '../support/activities.js';
import { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { type CosmosRequest, countByKind, describeRequests } from '../support/cosmos-request-log.js';
import { actions, findAction, Harness, type PostedCard, testDatabase } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, consultant: mp } = people;

/** What one action cost: requests before its answer, and each shared-card update pass apart. */
interface Cost {
  answer: CosmosRequest[];
  passes: CosmosRequest[][];
  status: number | undefined;
}

/** Reads per document on a path: point reads by id, plus a partition query per document of its partition. */
function doubleReads(requests: CosmosRequest[]): string[] {
  const partitionQueries = new Map<string, number>();
  const pointReads = new Map<string, number>();
  for (const r of requests) {
    if (r.kind === 'query' && r.container === 'roundtables' && r.partitionKey !== undefined)
      partitionQueries.set(r.partitionKey, (partitionQueries.get(r.partitionKey) ?? 0) + 1);
    if (r.kind === 'read') {
      const key = `${r.container}|${r.partitionKey}|${r.id}`;
      pointReads.set(key, (pointReads.get(key) ?? 0) + 1);
    }
  }
  const bad = [...partitionQueries]
    .filter(([, n]) => n > 1)
    .map(([pk, n]) => `partition ${pk} queried ${n}×`);
  for (const [key, n] of pointReads) {
    const [container, pk] = key.split('|');
    const whole = container === 'roundtables' ? (partitionQueries.get(pk ?? '') ?? 0) : 0;
    if (n + whole > 1) bad.push(`${key} read ${n}× (+${whole} partition queries)`);
  }
  return bad;
}

function crossPartition(requests: CosmosRequest[]): CosmosRequest[] {
  return requests.filter((r) => r.kind === 'query' && r.partitionKey === undefined);
}

describe('Database requests per action (counted by a proxy)', function () {
  this.timeout(60000);
  let proxy: CosmosFaultProxy;
  let direct: DatabaseHandle;
  let client: CosmosClient;
  let h: Harness;
  /** Request windows of the shared-card update passes, as [first seq, end seq). */
  let windows: [number, number][] = [];

  before(async () => {
    direct = await testDatabase();
    proxy = await CosmosFaultProxy.start(direct.endpoint);
    client = new CosmosClient({
      endpoint: proxy.url,
      key: 'test-key',
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const database = client.database(direct.database.id);
    h = await Harness.start({
      database: {
        database,
        client,
        endpoint: proxy.url,
        embedded: true,
        close: async () => client.dispose(),
      },
    });
    // A shared-card update pass: whatever the publisher does to bring one posted card up to date.
    const proto = CardPublisher.prototype as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const original = proto.updatePosted;
    assert.ok(original, 'the publisher has an update pass to observe');
    sinon.replace(proto, 'updatePosted', async function (this: unknown, ...args: unknown[]) {
      const window: [number, number] = [proxy.requests.length, Number.POSITIVE_INFINITY];
      windows.push(window);
      try {
        return await original.apply(this, args);
      } finally {
        window[1] = proxy.requests.length;
      }
    });
    await atBrainstorm();
  });
  // Each test measures a running roundtable at Brainstorm, whatever the tests before it did (ended it, moved on).
  beforeEach(() => atBrainstorm());
  after(async () => {
    sinon.restore();
    await h?.close();
    client?.dispose();
    await proxy?.close();
    await direct?.close();
  });

  /** A running roundtable at Brainstorm with some ideas, everyone measured below seen once (not measured). */
  async function atBrainstorm(): Promise<void> {
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    if (rt && rt.status !== 'ended') {
      if (rt.phases[rt.phaseIndex]?.key !== 'brainstorm') await h.say(fac, 'go brainstorm');
      return;
    }
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go brainstorm');
    const card = h.lastCard();
    // Some content, and everyone measured below has been seen once (a person's first turn records them).
    for (const [i, who] of [fac, cw, mp].entries())
      await h.click(who, card, VERBS.idea, idea('q1', `Warm-up ${i}`));
  }

  function idea(q: string, text: string) {
    return { inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text } };
  }

  /** Runs an action; splits the requests it caused into its answer path and its update passes. */
  async function measure(send: () => Promise<{ status?: number }>): Promise<Cost> {
    // The refresh invokes earlier edits caused (other people's Teams clients) are their own requests, not this one's.
    await h.settled();
    const start = proxy.requests.length;
    windows = [];
    const res = await send();
    const answered = proxy.requests.length;
    await h.app.idle();
    const all = proxy.requests.slice(start);
    const inPass = (r: CosmosRequest) => windows.some(([a, b]) => r.seq >= a && r.seq < b);
    return {
      answer: all.filter((r) => r.seq < answered && !inPass(r)),
      passes: windows.map(([a, b]) => proxy.requests.filter((r) => r.seq >= a && r.seq < b)),
      status: res.status,
    };
  }

  function click(
    who: Person,
    posted: PostedCard,
    verb: string,
    opts: { target?: string; inputs?: object } = {},
  ) {
    const action = findAction(posted.card, verb, opts.target);
    const data = { ...(action.data as Record<string, unknown>), ...opts.inputs };
    return measure(() =>
      postActivity(
        h.app.url,
        cardAction({
          verb,
          data,
          from: who,
          conversation: MEETING_CHAT_ID,
          serviceUrl: h.fake.url,
          replyToId: posted.activityId,
        }),
      ),
    );
  }

  function say(who: Person, text: string) {
    return measure(() =>
      postActivity(
        h.app.url,
        message({ text, from: who, conversation: MEETING_CHAT_ID, serviceUrl: h.fake.url, mentionBot: true }),
      ),
    );
  }

  /** The last posted card with this button (the phase card, not a status card posted after it). */
  function cardWith(verb: string): PostedCard {
    const found = h
      .cards()
      .filter((c) => actions(c.card).some((a) => a.verb === verb))
      .at(-1);
    assert.ok(found, `a card with ${verb}`);
    return found;
  }

  /** Every action's rules: no cross-partition query, no document read twice in the turn, passes ≤ 3. */
  function holdsTheRules(name: string, cost: Cost) {
    const everything = [cost.answer, ...cost.passes].flat();
    const cross = crossPartition(everything);
    assert.equal(cross.length, 0, `${name}: cross-partition queries\n${describeRequests(cross)}`);
    assert.deepEqual(
      doubleReads(cost.answer),
      [],
      `${name}: documents read twice\n${describeRequests(cost.answer)}`,
    );
    for (const pass of cost.passes) {
      assert.ok(
        pass.length <= 3,
        `${name}: an update pass made ${pass.length} requests\n${describeRequests(pass)}`,
      );
    }
  }

  it('an idea click: at most 3 requests before the answer, at most 3 per shared update pass', async () => {
    const cost = await click(cw, cardWith(VERBS.idea), VERBS.idea, idea('q1', 'Ask the aunt about weekends'));
    assert.equal(cost.status, 200);
    assert.ok(
      cost.answer.length <= 3,
      `answer path: ${cost.answer.length} requests ${JSON.stringify(countByKind(cost.answer))}\n${describeRequests(cost.answer)}`,
    );
    assert.ok(cost.passes.length >= 1, 'the shared card was updated');
    holdsTheRules('idea', cost);
  });

  it('an idea click: its access log entry is one of the 3 requests before the answer (one create, before the change)', async () => {
    const cost = await click(cw, cardWith(VERBS.idea), VERBS.idea, idea('q1', 'Call the school nurse'));
    assert.equal(cost.status, 200);
    const kinds = cost.answer.map((r) => `${r.kind} ${r.container}`);
    assert.equal(kinds.filter((k) => k === 'create access-log').length, 1, describeRequests(cost.answer));
    assert.ok(
      kinds.indexOf('create access-log') < kinds.indexOf('create roundtables'),
      `the entry is written before the idea\n${describeRequests(cost.answer)}`,
    );
    assert.ok(cost.answer.length <= 3, describeRequests(cost.answer));
  });

  it("a person's first idea click: at most 3 requests before the answer (their record is kept after it)", async () => {
    const newcomer: Person = {
      ...mp,
      id: '29:first-click',
      name: 'First Click',
      aadObjectId: '00000000-0000-4000-b000-0000000000f1',
    };
    const cost = await click(newcomer, cardWith(VERBS.idea), VERBS.idea, idea('q1', 'A first idea'));
    assert.equal(cost.status, 200);
    assert.ok(
      cost.answer.length <= 3,
      `answer path: ${cost.answer.length} requests ${JSON.stringify(countByKind(cost.answer))}\n${describeRequests(cost.answer)}`,
    );
    const person = await client
      .database(direct.database.id)
      .container('people')
      .items.query({
        query: 'SELECT * FROM c WHERE c.personId = @id',
        parameters: [{ name: '@id', value: newcomer.id }],
      })
      .fetchAll();
    assert.equal(person.resources.length, 1, 'the person is recorded once the turn is done');
    holdsTheRules('first idea', cost);
  });

  it('an idea click reads only what changed since the instance last read the partition', async () => {
    const card = cardWith(VERBS.idea);
    for (let i = 0; i < 12; i++) await h.click(mp, card, VERBS.idea, idea('q2', `Bulk idea ${i}`));
    // The server stamps documents by the second (`_ts`): a click in a later second than every write.
    const nextSecond = async () => {
      await h.app.idle();
      const second = Math.floor(Date.now() / 1000);
      while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 50));
    };
    await nextSecond();
    await click(cw, card, VERBS.idea, idea('q1', 'One more idea'));
    await nextSecond();
    const cost = await click(fac, card, VERBS.idea, idea('q1', 'And the one measured'));
    const queries = cost.answer.filter((r) => r.kind === 'query');
    assert.equal(queries.length, 1, describeRequests(cost.answer));
    const docs = queries[0]!.documents ?? Number.POSITIVE_INFINITY;
    // The roundtable (always), the idea and roundtable written in the previous click's second; not 16+ ideas.
    assert.ok(docs <= 3, `the answer's query returned ${docs} documents`);
    holdsTheRules('idea (copy)', cost);
  });

  it('a click in a busy second reads only what the copy lacks: not every idea stored in that second again', async () => {
    const card = cardWith(VERBS.idea);
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    const container = client.database(direct.database.id).container('roundtables');
    const { resources } = await container.items
      .query({
        query: "SELECT * FROM c WHERE c.roundtableId = @rt AND c.type = 'contribution' AND c.kind = 'idea'",
        parameters: [{ name: '@rt', value: rt.id }],
      })
      .fetchAll();
    const model = resources[0] as Record<string, unknown>;
    // A fresh second, then a dozen ideas stored in it (as other instances would) and two clicks in the same second.
    await h.app.idle();
    const second = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const { _rid, _self, _etag, _attachments, _ts, ...doc } = model;
        return container.items.create({ ...doc, id: `c-busy-${i}`, text: `Busy idea ${i}` });
      }),
    );
    await click(cw, card, VERBS.idea, idea('q3', 'The click that reads the dozen'));
    const cost = await click(fac, card, VERBS.idea, idea('q3', 'The busy one measured'));
    const queries = cost.answer.filter((r) => r.kind === 'query');
    assert.equal(queries.length, 1, describeRequests(cost.answer));
    const docs = queries[0]!.documents ?? Number.POSITIVE_INFINITY;
    // The roundtable (always) and what the click before wrote; the copy's versions of the second are left out by
    // etag (before, each click in that second read the dozen again).
    assert.ok(docs <= 3, `the answer's query returned ${docs} documents (the second held 13 ideas)`);
  });

  it('`status` typed: no cross-partition query, each document read at most once', async () => {
    holdsTheRules('status', await say(fac, 'status'));
  });

  it('my ideas and a card refresh (Universal Actions): the same rules', async () => {
    holdsTheRules('my ideas', await click(cw, cardWith(VERBS.myIdeas), VERBS.myIdeas));
    holdsTheRules('refresh', await click(mp, cardWith(VERBS.next), VERBS.refresh));
  });

  it('`next` from the card button and typed: the same rules', async () => {
    holdsTheRules('next (button)', await click(fac, cardWith(VERBS.next), VERBS.next));
    holdsTheRules('next (typed)', await say(fac, 'next'));
    holdsTheRules('back (typed)', await say(fac, 'back'));
  });
  // A join's answer path: the partition read, its access-log entry, the person's member document, the audit
  // trail's entry, and the check for a preparation draft of theirs to attach (their own draft partition).
  it('a Join click: at most 5 requests before the answer, and none of them writes the roundtable document (issue #28)', async () => {
    const joiner: Person = {
      ...mp,
      id: '29:budget-joiner',
      name: 'Budget Joiner',
      aadObjectId: '00000000-0000-4000-b000-0000000000f2',
    };
    // Seen once before (a person's first turn also records them), as for the idea click.
    await h.click(joiner, cardWith(VERBS.myIdeas), VERBS.myIdeas);
    const before = await forChat(h.app.domain, MEETING_CHAT_ID);
    const cost = await click(joiner, cardWith(VERBS.join), VERBS.join, {
      inputs: { [INPUTS.role]: 'scribe' },
    });
    assert.equal(cost.status, 200);
    assert.ok(
      cost.answer.length <= 5,
      `answer path: ${cost.answer.length} requests ${JSON.stringify(countByKind(cost.answer))}\n${describeRequests(cost.answer)}`,
    );
    const rtWrites = [cost.answer, ...cost.passes]
      .flat()
      .filter((r) => r.container === 'roundtables' && r.id === before?.id && r.kind !== 'read');
    assert.deepEqual(rtWrites, [], 'the roundtable document is not written');
    const after = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.equal(after?.revision, before?.revision, "nobody's open card turns stale");
    assert.equal(after?.roster.find((r) => r.id === joiner.id)?.role, 'scribe');
    // A join brings two shared cards up to date (Welcome and the current phase's), whose passes may overlap in
    // time: each request counted once, at most 3 per pass.
    const inPasses = new Set(cost.passes.flat().map((r) => r.seq));
    assert.ok(
      inPasses.size <= 3 * cost.passes.length,
      cost.passes.map((p) => describeRequests(p)).join('\n--\n'),
    );
    assert.deepEqual(crossPartition(cost.passes.flat()), []);
    holdsTheRules('join', { ...cost, passes: [] });
  });

  it('12 people pressing Join at once: every one on the roster, no lost etag race, about one write each', async () => {
    const card = cardWith(VERBS.join);
    const joiners = Array.from({ length: 12 }, (_, i) => ({
      ...mp,
      id: `29:budget-crowd-${i}`,
      name: `Crowd ${i}`,
      aadObjectId: `00000000-0000-4000-b000-0000000001${String(i).padStart(2, '0')}`,
    }));
    await h.settled();
    const start = proxy.requests.length;
    const answers = await Promise.all(
      joiners.map((p) => h.click(p, card, VERBS.join, { inputs: { [INPUTS.role]: 'other' } })),
    );
    await h.app.idle();
    for (const a of answers) assert.equal(a.status, 200);
    const all = proxy.requests.slice(start);
    assert.deepEqual(
      all.filter((r) => r.status === 412),
      [],
      `lost races\n${describeRequests(all.filter((r) => r.status === 412))}`,
    );
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    for (const p of joiners) assert.equal(rt?.roster.find((r) => r.id === p.id)?.role, 'other', p.id);
    const replaces = all.filter(
      (r) => r.kind === 'replace' && r.container === 'roundtables' && r.id === rt?.id,
    );
    assert.deepEqual(replaces, [], 'joins do not rewrite the roundtable document');
  });

  it("`status` of an ended roundtable: no cross-partition query (its reminders' failures are listed in its partition)", async () => {
    await say(fac, 'end confirm');
    const cost = await say(fac, 'status');
    holdsTheRules('status (ended)', cost);
    assert.ok(cost.answer.length <= 3, describeRequests(cost.answer));
  });
});

describe('The embedded Cosmos-compatible server', () => {
  it('keeps connections alive: 20 requests from a keep-alive client use one connection', async () => {
    const server = await startEmbeddedCosmos();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    try {
      for (let i = 0; i < 20; i++) {
        const connection = await new Promise<string | undefined>((resolve, reject) => {
          const req = httpRequest(`${server.endpoint}/`, { agent }, (res) => {
            sockets.add(res.socket);
            res.resume();
            res.on('end', () => resolve(res.headers.connection));
          });
          req.on('error', reject);
          req.end();
        });
        assert.equal(connection, 'keep-alive');
      }
      assert.equal(sockets.size, 1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
