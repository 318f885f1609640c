/**
 * Faults: Cosmos DB faults injected by a proxy (429, 503, timeouts, resets), the bot process killed
 * in the middle of a burst and restarted, two instances on one database, Teams connector faults on replies.
 */
import assert from 'node:assert/strict';
import { CosmosClient } from '@azure/cosmos';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { Contribution } from '../../bot/roundtable/types.js';
import { ensureSchema } from '../../bot/store/cosmos-documents.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  type Person,
  people,
  postActivity,
} from '../support/activities.js';
import type { CosmosFaultProxy } from '../support/cosmos-fault-proxy.js';
import { FakeConnector } from '../support/fake-connector.js';
import {
  cardText,
  Harness,
  type InvokeResult,
  invokeCard,
  type PostedCard,
  testDatabase,
} from '../support/harness.js';
import { startBotProcess, startCosmosProcess } from '../support/processes.js';
import { isTryAgain, type ProxiedDatabase, proxiedDatabase } from '../support/proxied-database.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp, leader } = people;
const IDEA_CREATE = { method: 'POST', path: /colls\/roundtables\/docs$/, body: /"kind":"idea"/ };

function ideaInputs(q: string, text: string) {
  return { inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text } };
}

async function ideas(h: Harness): Promise<Contribution[]> {
  const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
  return (await roundtableView(h.app.domain, rt.id))!.contributions.filter((c) => c.kind === 'idea');
}

/** A person numbered n, for bursts. */
function participant(n: number): Person {
  return {
    ...people.consultant,
    id: `29:p${n}`,
    name: `Participant ${n}`,
    aadObjectId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
  };
}

describe('Cosmos faults between the bot and the database', function () {
  this.timeout(60000);
  let proxy: CosmosFaultProxy;
  let db: ProxiedDatabase;
  let h: Harness;
  let card: PostedCard;
  before(async () => {
    db = await proxiedDatabase({ requestTimeout: 800 });
    proxy = db.proxy;
    h = await Harness.start({ database: db.database });
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go brainstorm');
    card = h.lastCard();
  });
  after(async () => {
    await h?.close();
    await db?.close();
  });
  // Faults counted per test: `proxy.injected` keeps every fault since the proxy started.
  let mark = 0;
  beforeEach(() => {
    mark = proxy.injected.length;
  });
  afterEach(() => proxy.clear());
  const injected = () => proxy.injected.slice(mark);

  /** Presses the same button (same card, same text) until it is saved: what a user does after "try again". */
  async function pressUntilSaved(
    who: Person,
    text: string,
    q = 'q1',
  ): Promise<{ tries: number; answers: InvokeResult[] }> {
    const answers: InvokeResult[] = [];
    for (let tries = 1; tries <= 5; tries++) {
      const res = await h.click(who, card, VERBS.idea, ideaInputs(q, text));
      answers.push(res);
      if (res.body?.statusCode === 200 && res.body.type === 'application/vnd.microsoft.card.adaptive')
        return { tries, answers };
      assert.ok(isTryAgain(res), `a failure is a clear "try again": ${JSON.stringify(res.body)}`);
    }
    throw new Error('never saved');
  }

  it('a short burst of 429s is absorbed by retries: the user just sees "Saved"', async () => {
    proxy.fail({ ...IDEA_CREATE, fault: '429', count: 3, retryAfterMs: 5 });
    const res = invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Throttled idea')));
    assert.match(cardText(res), /Saved/);
    assert.equal(injected().filter((f) => f.startsWith('429')).length, 3);
    assert.equal((await ideas(h)).filter((i) => i.text === 'Throttled idea').length, 1);
  });

  it('429s that outlast the retries: a clear "try again", nothing stored; pressing again saves once', async () => {
    proxy.fail({ ...IDEA_CREATE, fault: '429', count: Infinity, retryAfterMs: 1 });
    const res = await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Long throttle'));
    assert.ok(isTryAgain(res), JSON.stringify(res.body));
    assert.equal((await ideas(h)).filter((i) => i.text === 'Long throttle').length, 0);
    proxy.clear();
    invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Long throttle')));
    assert.equal((await ideas(h)).filter((i) => i.text === 'Long throttle').length, 1);
  });

  for (const fault of ['503', 'timeout', 'reset', 'reset-after'] as const) {
    it(`a ${fault} on the write: retried safely, "try again" only if it could not be saved, stored exactly once`, async () => {
      const text = `Idea through a ${fault}`;
      proxy.fail({ ...IDEA_CREATE, fault, count: 1 });
      const { answers } = await pressUntilSaved(mp, text);
      assert.equal(injected().filter((f) => f.startsWith(fault)).length, 1, 'the fault was injected');
      assert.equal((await ideas(h)).filter((i) => i.text === text).length, 1, 'stored exactly once');
      const last = cardText(invokeCard(answers.at(-1)!));
      assert.match(last, new RegExp(fault === 'reset-after' ? 'Saved|Already saved' : 'Saved'));
    });
  }

  it('a lost answer to a roster change (applied, then the connection reset) leaves one roster entry', async () => {
    await h.say(fac, 'go welcome');
    const welcome = h.lastCard();
    proxy.fail({ method: 'PUT', path: /colls\/roundtables\/docs\/rt-/, fault: 'reset-after', count: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await h.click(sup, welcome, VERBS.join, { inputs: { [INPUTS.role]: 'scribe' } });
      if (res.body?.statusCode === 200 && res.body.type === 'application/vnd.microsoft.card.adaptive') break;
      assert.ok(isTryAgain(res), JSON.stringify(res.body));
    }
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    assert.equal(rt.roster.filter((r) => r.id === sup.id).length, 1);
    assert.equal(rt.roster.find((r) => r.id === sup.id)?.role, 'scribe');
    await h.say(fac, 'go brainstorm');
    card = h.lastCard();
  });
});

describe('Teams connector faults on replies and posts', function () {
  this.timeout(30000);
  let h: Harness;
  const logLines: string[] = [];
  // A fresh bot, chat and fake Teams per test: each counts the cards and requests of its own chat.
  beforeEach(async () => {
    logLines.length = 0;
    h = await Harness.start({ logLines });
  });
  afterEach(async () => h?.close());

  it('429 with Retry-After on a reply is retried until it is posted', async () => {
    h.fake.failNext({
      method: 'POST',
      pathIncludes: '/activities',
      status: 429,
      retryAfterSeconds: 0,
      count: 5,
    });
    await h.say(fac, 'help');
    assert.equal(h.cards().length, 1, 'the help card arrived after the throttling');
    assert.ok(h.fake.requests.filter((r) => r.injected).length >= 5);
  });

  it('a 502 on posting a phase card is retried; the roundtable is stored either way', async () => {
    h.fake.failNext({ method: 'POST', pathIncludes: '/activities', status: 502, count: 1 });
    await h.say(fac, 'start J.T.');
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    assert.ok(rt, 'stored');
    assert.match(cardText(h.lastCard().card), /J\.T\./, 'the welcome card was posted after the 502');
  });

  it('a 403 on a reply (bot removed from the chat) is logged; the data is kept and the request answered', async () => {
    await h.say(fac, 'start J.T.');
    h.fake.failNext({ method: 'POST', pathIncludes: '/activities', status: 403, count: 10 });
    const res = await h.say(fac, 'next');
    assert.equal(res.status, 200);
    assert.equal((await forChat(h.app.domain, MEETING_CHAT_ID))!.phaseIndex, 1, 'the move is stored');
    assert.ok(logLines.some((l) => l.includes('effects.failed') && l.includes('RecipientUnavailable')));
  });
});

describe('the bot process killed mid-burst, then restarted on the same database', function () {
  this.timeout(90000);
  it('keeps every idea that was acknowledged, and none twice', async () => {
    const cosmos = await startCosmosProcess();
    const fake = await FakeConnector.start();
    const database = `kill-${process.pid}`;
    let bot = await startBotProcess({ cosmosEndpoint: cosmos.endpoint, database });
    try {
      const say = (text: string) =>
        postActivity(bot.url, message({ text, from: fac, serviceUrl: fake.url, mentionBot: true }));
      await say('start J.T.');
      await say('go brainstorm');
      // The Brainstorm card (its form message, posted under it, carries no refresh).
      const posted = fake.activities(MEETING_CHAT_ID).at(-2)!;
      const content = (
        posted.attachments as { content: { refresh: { action: { data: Record<string, unknown> } } } }[]
      )[0]!.content;
      const base = content.refresh.action.data;
      const submissions = Array.from({ length: 120 }, (_, i) => ({
        who: participant(i % 12),
        text: `Burst idea ${i}`,
        q: `q${(i % 5) + 1}`,
      }));
      const submit = (url: string, s: (typeof submissions)[number]) =>
        fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            cardAction({
              verb: VERBS.idea,
              data: { ...base, target: s.q, [`${INPUTS.ideaTextPrefix}${s.q}`]: s.text },
              from: s.who,
              serviceUrl: fake.url,
              replyToId: posted.id,
            }),
          ),
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (r) =>
            // Acknowledged: answered with the card (a message answer is a refusal or "not saved, try again").
            r.status === 200
              ? ((await r.json()) as { type?: string }).type === 'application/vnd.microsoft.card.adaptive'
              : false,
          )
          .catch(() => false);
      const acknowledged = new Set<number>();
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (next < submissions.length && !killed) {
          const i = next++;
          if (await submit(bot.url, submissions[i]!)) acknowledged.add(i);
          if (acknowledged.size >= 40 && !killed) {
            killed = true;
            await bot.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      assert.ok(killed, 'the bot was killed mid-burst');
      assert.ok(acknowledged.size >= 40 && acknowledged.size < submissions.length);

      bot = await startBotProcess({ cosmosEndpoint: cosmos.endpoint, database });
      // Everyone whose idea was not acknowledged presses again (same card, same text): the rest of the burst.
      for (let i = 0; i < submissions.length; i++) {
        if (acknowledged.has(i)) continue;
        assert.ok(await submit(bot.url, submissions[i]!), `resubmission ${i} saved`);
      }
      // Acknowledged ones pressed again too (a user unsure it worked): still stored once.
      for (const i of [...acknowledged].slice(0, 10)) assert.ok(await submit(bot.url, submissions[i]!));

      const client = new CosmosClient({
        endpoint: cosmos.endpoint,
        key: 'x',
        connectionPolicy: { enableEndpointDiscovery: false },
      });
      const { resources } = await client
        .database(database)
        .container('roundtables')
        .items.query<{ text: string }>(
          "SELECT c.text FROM c WHERE c.type = 'contribution' AND c.kind = 'idea'",
        )
        .fetchAll();
      client.dispose();
      const texts = resources.map((r) => r.text);
      for (const i of acknowledged)
        assert.ok(texts.includes(`Burst idea ${i}`), `acknowledged idea ${i} is stored`);
      assert.equal(new Set(texts).size, texts.length, 'no idea is stored twice');
      assert.equal(texts.length, submissions.length, 'every idea is stored once in the end');
    } finally {
      await bot.kill();
      await fake.close();
      await cosmos.kill();
    }
  });
});

describe('two bot instances on one database, one roundtable', function () {
  this.timeout(60000);
  it('loses no roster, phase or plan update and duplicates nothing', async () => {
    const database = await testDatabase();
    const second: DatabaseHandle = (() => {
      const client = new CosmosClient({
        endpoint: database.endpoint,
        key: 'k',
        connectionPolicy: { enableEndpointDiscovery: false },
      });
      return {
        database: client.database(database.database.id),
        client,
        endpoint: database.endpoint,
        embedded: true,
        close: async () => client.dispose(),
      };
    })();
    await ensureSchema(second.client, database.database.id);
    const a = await Harness.start({ database });
    const b = await Harness.start({ database: second });
    try {
      await a.say(fac, 'start J.T.');
      const welcome = a.lastCard();
      // 12 people join at once, half through each instance.
      const joiners = Array.from({ length: 12 }, (_, i) => participant(100 + i));
      const joined = await Promise.all(
        joiners.map((p, i) =>
          (i % 2 ? b : a).click(p, welcome, VERBS.join, { inputs: { [INPUTS.role]: 'other' } }),
        ),
      );
      for (const r of joined) assert.match(cardText(invokeCard(r)), /Joined as participant/);
      const rt = (await forChat(a.app.domain, MEETING_CHAT_ID))!;
      assert.equal(rt.roster.length, 13, 'every join landed');
      // Caseworker and supervisor join, both instances.
      invokeCard(await a.joinAs(cw, 'caseworker'));
      invokeCard(await b.click(sup, welcome, VERBS.join, { inputs: { [INPUTS.role]: 'supervisor' } }));
      invokeCard(await b.click(fac, a.welcomeCard(), VERBS.roleConfirm, { target: sup.id }));
      // The facilitator double-clicks Next on the same card, once through each instance: one move.
      const fresh = {
        activityId: welcome.activityId,
        card: a.fake.activities(MEETING_CHAT_ID)[0]!.attachments![0] as never,
      };
      const card = (fresh.card as { content: Record<string, unknown> }).content;
      const [n1, n2] = await Promise.all([
        a.click(fac, { activityId: welcome.activityId, card }, VERBS.next),
        b.click(fac, { activityId: welcome.activityId, card }, VERBS.next),
      ]);
      invokeCard(n1);
      invokeCard(n2);
      assert.equal((await forChat(a.app.domain, MEETING_CHAT_ID))!.phaseIndex, 1, 'moved exactly one phase');
      // Brainstorm: the same submissions through both instances at once, and distinct ones.
      await a.say(fac, 'go brainstorm');
      // The form message under the Brainstorm card (clicked through both instances).
      const brainstorm = a.formUnder(a.lastCard())!;
      await Promise.all(
        [cw, sup, mp, leader].flatMap((p, i) => [
          a.click(p, brainstorm, VERBS.idea, ideaInputs('q1', `Idea of ${i}`)),
          b.click(p, brainstorm, VERBS.idea, ideaInputs('q1', `Idea of ${i}`)),
          (i % 2 ? a : b).click(p, brainstorm, VERBS.idea, ideaInputs('q2', `Second idea of ${i}`)),
        ]),
      );
      const stored = await ideas(a);
      assert.equal(stored.length, 8, 'double submissions through two instances are stored once');
      // The plan: caseworker sets the primary goal through A while the supervisor sets the concurrent goal through B.
      await a.say(fac, 'go plan');
      const plan = a.lastCard();
      const goalAnswers = await Promise.all([
        a.click(cw, plan, VERBS.goals, { inputs: { [INPUTS.primaryGoal]: 'guardianship' } }),
        b.click(sup, plan, VERBS.goals, {
          inputs: { [INPUTS.concurrentGoal]: 'adoption', [`${INPUTS.ratingPrefix}0`]: 'fair' },
        }),
      ]);
      for (const r of goalAnswers) assert.match(cardText(invokeCard(r)), /Goals and ratings saved/);
      const view = (await roundtableView(b.app.domain, rt.id))!;
      assert.equal(view.plan.primaryGoal, 'guardianship');
      assert.equal(view.plan.concurrentGoal, 'adoption');
      assert.equal(view.plan.ratings['J.T.'], 'fair');
      assert.equal(view.roundtable.roster.length, 15);
    } finally {
      await a.close();
      await b.close();
      await second.close();
      await database.close();
    }
  });
});
