/**
 * Security: Bot Framework tokens, the tenant allow-list, roundtables scoped to their chat, and limits
 * (body size, text length per field, ideas per person per minute, one user's flood vs everyone else).
 * must-hold.test.ts already covers: valid, missing, expired, wrong audience and wrong-key tokens.
 */
import assert from 'node:assert/strict';
import { type App, createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { DatabaseHandle } from '../../bot/store/database.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  people,
  postActivity,
  TEST_APP_ID,
  TEST_TENANT_ID,
} from '../support/activities.js';
import { authenticatedEnv, BotAuthRig, NoEntraCredentialsFactory } from '../support/bot-auth.js';
import { dumpDatabase } from '../support/db-dump.js';
import { FakeConnector } from '../support/fake-connector.js';
import {
  cardText,
  FAST_RETRY,
  Harness,
  invokeCard,
  invokeRefusal,
  type PostedCard,
  testDatabase,
} from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const CHAT_B = '19:meeting_second-chat@thread.v2';

function ideaInputs(q: string, text: string) {
  return { inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text } };
}

async function toBrainstorm(h: Harness, conversation = MEETING_CHAT_ID): Promise<PostedCard> {
  await h.say(fac, 'start J.T.', conversation);
  await h.say(fac, 'go brainstorm', conversation);
  return h.lastCard(conversation);
}

async function ideaCount(h: Harness, conversation = MEETING_CHAT_ID): Promise<number> {
  const rt = await forChat(h.app.domain, conversation);
  return rt
    ? (await roundtableView(h.app.domain, rt.id))!.contributions.filter((c) => c.kind === 'idea').length
    : 0;
}

describe('security: Bot Framework tokens (the cases must-hold does not cover)', function () {
  this.timeout(30000);
  let rig: BotAuthRig;
  let fake: FakeConnector;
  let database: DatabaseHandle;
  let app: App;
  before(async () => {
    rig = await BotAuthRig.start();
    fake = await FakeConnector.start();
    database = await testDatabase();
    app = await createApp({
      config: loadConfig({
        PORT: '0',
        ...authenticatedEnv(TEST_APP_ID, fake.url),
        HOST: '127.0.0.1',
      }),
      log: createLogger('silent'),
      database,
      retry: FAST_RETRY,
      auth: {
        settings: rig.authSettings(TEST_APP_ID),
        credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID),
      },
    });
  });
  after(async () => {
    await app?.close();
    await database?.close();
    await fake?.close();
    await rig?.close();
  });

  const activity = () => message({ text: 'start J.T.', from: fac, serviceUrl: fake.url, mentionBot: true });
  const sign = (o: Parameters<BotAuthRig['signToken']>[0] extends infer T ? Partial<T> : never = {}) =>
    rig.signToken({ appId: TEST_APP_ID, serviceUrl: fake.url, ...o });

  it('refuses a wrong issuer, a wrong serviceurl claim, an unknown key id, a tampered payload and junk', async () => {
    const valid = await sign();
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, aud: TEST_APP_ID, exp: claims.exp + 86400 })).toString(
        'base64url',
      ),
      signature,
    ].join('.');
    const unsigned = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      payload,
      '',
    ].join('.');
    const refused: [string, string][] = [
      ['wrong issuer', await sign({ issuer: 'https://sts.windows.net/evil/' })],
      ['wrong serviceurl', await sign({ serviceUrl: 'http://127.0.0.1:1/elsewhere' })],
      ['unknown kid', await sign({ key: 'unknown-kid' })],
      ['tampered payload', tampered],
      ['alg none', unsigned],
      ['junk', 'not-a-jwt'],
    ];
    for (const [what, token] of refused) {
      const res = await postActivity(app.url, activity(), token);
      assert.equal(res.status, 401, `${what} → ${res.status}`);
    }
    const res = await postActivity(app.url, activity(), 'x'.repeat(0));
    assert.equal(res.status, 401, 'no token');
    assert.equal(fake.requests.length, 0, 'nothing was answered to any refused request');
    assert.deepEqual((await dumpDatabase(database.database)).roundtables, [], 'nothing stored');
    // The valid token still works after all that.
    assert.equal((await postActivity(app.url, activity(), valid)).status, 200);
    assert.ok(((await dumpDatabase(database.database)).roundtables?.length ?? 0) >= 2, 'roundtable + audit');
  });

  it('a valid token for one serviceUrl cannot carry an activity for another', async () => {
    const token = await sign({ serviceUrl: 'http://127.0.0.1:9/other-connector' });
    const res = await postActivity(app.url, activity(), token);
    assert.equal(res.status, 401);
  });
});

describe('security: tenant allow-list', function () {
  this.timeout(30000);
  let h: Harness;
  const logLines: string[] = [];
  before(async () => {
    h = await Harness.start({
      env: { ALLOWED_TENANTS: `${TEST_TENANT_ID}, 0b0b0b0b-1111-4222-8333-444444444444` },
      logLines,
    });
  });
  after(async () => h?.close());

  it('refuses messages and card actions from other tenants, and logs them by activity id only', async () => {
    const before = await dumpDatabase(h.database.database);
    const sentBefore = h.fake.requests.length;
    const msg = message({
      text: 'start Q.Q.',
      from: cw,
      serviceUrl: h.fake.url,
      mentionBot: true,
      tenantId: OTHER_TENANT,
    });
    assert.equal((await postActivity(h.app.url, msg)).status, 200);
    const invoke = cardAction({
      verb: VERBS.idea,
      data: { rt: 'rt-x', phase: 'brainstorm', rev: 1, nonce: 'n', target: 'q1', ideaText_q1: 'secret' },
      from: cw,
      serviceUrl: h.fake.url,
      replyToId: '1',
      tenantId: OTHER_TENANT,
    });
    const res = await postActivity(h.app.url, invoke);
    // Refused as a message (a shape Teams documents), not an error code.
    const refused = res.body as { statusCode?: number; type?: string; value?: unknown };
    assert.equal(refused.statusCode, 200);
    assert.equal(refused.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(refused.value), /not enabled for your organisation/);
    // A crafted activity that names an allowed tenant in channelData but another in the conversation.
    const mixed = message({ text: 'start Q.Q.', from: cw, serviceUrl: h.fake.url, mentionBot: true });
    (mixed.conversation as { tenantId?: string }).tenantId = OTHER_TENANT;
    assert.equal((await postActivity(h.app.url, mixed)).status, 200);
    await h.app.idle();

    assert.equal(h.fake.requests.length - sentBefore, 0, 'no reply went to another tenant');
    assert.deepEqual(await dumpDatabase(h.database.database), before, 'nothing stored');
    const refusals = logLines.filter((l) => l.includes('tenant.refused'));
    assert.equal(refusals.length, 3);
    for (const line of refusals) {
      assert.ok(!line.includes(OTHER_TENANT), 'the foreign tenant id is not logged');
      assert.ok(!line.includes('Q.Q.') && !line.includes('secret'), 'no typed text is logged');
      assert.ok(!line.includes(cw.id) && !line.includes(cw.name), 'the person is not logged');
      assert.match(line, /"activityId":"[^"]+"/);
    }
  });

  it('activities from an allowed tenant work', async () => {
    await h.say(fac, 'start J.T.');
    assert.match(cardText(h.lastCard().card), /J\.T\./);
  });
});

describe('security: a roundtable is reachable only from its own chat', function () {
  this.timeout(30000);
  let h: Harness;
  before(async () => {
    h = await Harness.start();
  });
  after(async () => h?.close());

  it('an action crafted in chat B naming the roundtable of chat A is refused and changes nothing', async () => {
    const cardA = await toBrainstorm(h, MEETING_CHAT_ID);
    const cardB = await toBrainstorm(h, CHAT_B);
    invokeCard(await h.click(cw, cardA, VERBS.idea, ideaInputs('q1', 'Idea in A')));
    const rtA = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    const before = await dumpDatabase(h.database.database);
    const dataA = { ...(cardA.card.refresh as { action: { data: Record<string, unknown> } }).action.data };
    // B's facilitator (a facilitator of *a* roundtable) uses A's id from chat B: every verb is refused.
    for (const verb of [VERBS.next, VERBS.end, VERBS.endConfirm, VERBS.idea, VERBS.anonymous, VERBS.status]) {
      const res = await h.invoke(
        fac,
        cardB.activityId,
        verb,
        { ...dataA, rev: rtA.revision, target: 'q1', ideaText_q1: 'crafted' },
        CHAT_B,
      );
      invokeRefusal(res, 'not-found');
      assert.ok(!JSON.stringify(res.body).includes('Idea in A'), 'nothing of A is shown');
    }
    // Editing or withdrawing A's idea from B by id is refused too.
    const ideaId = (await roundtableView(h.app.domain, rtA.id))!.contributions[0]!.id;
    for (const verb of [VERBS.ideaWithdraw, VERBS.ideaEdit, VERBS.myIdeas]) {
      const res = await h.invoke(cw, cardB.activityId, verb, { ...dataA, target: ideaId }, CHAT_B);
      invokeRefusal(res, 'not-found');
    }
    assert.deepEqual(await dumpDatabase(h.database.database), before);
  });
});

describe('security: limits', function () {
  this.timeout(30000);
  let h: Harness;
  let clock = Date.now();
  before(async () => {
    h = await Harness.start({ now: () => new Date(clock) });
  });
  after(async () => h?.close());

  it('a request body over 256 KB is refused with 413 before it reaches the bot', async () => {
    const a = message({ text: `start ${'A'.repeat(300 * 1024)}`, from: fac, serviceUrl: h.fake.url });
    const sentBefore = h.fake.requests.length;
    const res = await postActivity(h.app.url, a);
    assert.equal(res.status, 413);
    assert.equal(h.fake.requests.length - sentBefore, 0);
  });

  it('every free-text field has a length limit with a clear message', async () => {
    await h.say(fac, 'end confirm'); // a roundtable another test left running
    await h.say(fac, 'start J.T.');
    invokeCard(await h.joinAs(cw, 'caseworker'));
    await h.say(fac, `start ${'A'.repeat(41)}`, CHAT_B);
    assert.match(h.texts(CHAT_B).at(-1) ?? '', /alias is too long/);
    await h.say(fac, 'go present');
    const long = 'z'.repeat(2001);
    const check = async (verb: string, inputs: Record<string, unknown>, pattern: RegExp) => {
      const res = invokeCard(await h.click(cw, h.lastCard(), verb, { inputs }));
      assert.match(cardText(res), pattern, verb);
    };
    await check(VERBS.fact, { [INPUTS.factText]: long }, /fact is too long: 2001/);
    await check(
      VERBS.caseSummary,
      { [INPUTS.caseChildren]: 'J.T., 9', [INPUTS.casePlacement]: long },
      /"placement" is too long/,
    );
    await check(VERBS.caseSummary, { [INPUTS.caseChildren]: `${'K'.repeat(41)}, 3` }, /too long/);
    await h.say(fac, 'go clarify');
    await check(VERBS.question, { [INPUTS.questionText]: long }, /question is too long/);
    await h.say(fac, 'go plan');
    const due = new Date(clock + 7 * 86400000).toISOString().slice(0, 10);
    await check(
      VERBS.step,
      { [INPUTS.stepText]: long, [INPUTS.stepOwner]: cw.id, [INPUTS.stepDue]: due },
      /step is too long/,
    );
    await check(
      VERBS.step,
      {
        [INPUTS.stepText]: 'Call the aunt',
        [INPUTS.stepOwner]: cw.id,
        [INPUTS.stepDue]: due,
        [INPUTS.stepSupporter]: 's'.repeat(201),
      },
      /supporter is too long/,
    );
    await h.say(fac, 'go debrief');
    await check(VERBS.debrief, { [INPUTS.wentWell]: long }, /debrief answer is too long/);
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    // Only the plan's suggested family-team-meeting step (issue #9) is stored; nothing that was refused.
    const stored = (await roundtableView(h.app.domain, rt.id))!.contributions.filter(
      (c) => !(c.kind === 'step' && c.suggested),
    );
    assert.equal(stored.length, 0);
  });

  it('ideas per person per minute: the 21st is refused clearly, others and replays still go in, and a minute later it works', async () => {
    await h.say(fac, 'end confirm');
    const card = await toBrainstorm(h);
    const max = h.app.domain.settings.maxIdeasPerMinute;
    assert.equal(max, 20, 'the default');
    for (let i = 0; i < max; i++) {
      invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', `Idea ${i}`)));
    }
    const refused = await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'One too many'));
    assert.equal(refused.body?.statusCode, 200, 'answered with the card and a notice');
    const text = cardText(invokeCard(refused));
    assert.match(text, /20 ideas in the last minute.*NOT saved/s);
    assert.ok(JSON.stringify(refused.body).includes('One too many'), 'what was typed stays in the card');
    // A replay of a stored submission is "Already saved", not refused.
    assert.match(
      cardText(invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Idea 0')))),
      /Already saved/,
    );
    // Somebody else is not affected.
    assert.match(
      cardText(invokeCard(await h.click(mp, card, VERBS.idea, ideaInputs('q1', 'Mine')))),
      /Saved/,
    );
    assert.equal(await ideaCount(h), max + 1);
    clock += 61_000;
    assert.match(
      cardText(invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'One too many')))),
      /Saved/,
    );
    assert.equal(await ideaCount(h), max + 2);
  });

  // Counts, not times: how long the calm user waits depends on the machine (see docs/benchmarks.md).
  it("one user's flood is capped near the per-minute limit while another user's submissions, sent during it, are all saved", async function () {
    this.timeout(60000);
    await h.say(fac, 'end confirm');
    clock += 120_000;
    const card = await toBrainstorm(h);
    const flood = 60;
    let floodDone = 0;
    const flooding = Promise.all(
      Array.from({ length: flood }, (_, i) =>
        h.click(sup, card, VERBS.idea, ideaInputs('q2', `Flood ${i}`)).then((r) => {
          floodDone++;
          return r.body?.statusCode;
        }),
      ),
    );
    let sentDuringFlood = 0;
    for (let i = 0; i < 5; i++) {
      if (floodDone < flood) sentDuringFlood++;
      const res = invokeCard(await h.click(mp, card, VERBS.idea, ideaInputs('q3', `Calm idea ${i}`)));
      assert.match(cardText(res), /Saved/);
    }
    assert.ok(sentDuringFlood > 0, 'the calm user sent while the flood was under way');
    const statuses = await flooding;
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    const ideas = (await roundtableView(h.app.domain, rt.id))!.contributions;
    assert.equal(ideas.filter((c) => c.author.id === mp.id).length, 5, 'every calm idea is stored');
    assert.equal(
      ideas.filter((c) => c.author.id === sup.id).length <= 20 + 4,
      true,
      'the flood was capped near the per-minute limit',
    );
    // Shed and busy turns are messages (statusCode 200): Teams documents no 429 or 503 for card actions.
    assert.ok(statuses.every((s) => s === 200));
  });
});
