import assert from 'node:assert/strict';
import { ErrorResponse, Items } from '@azure/cosmos';
import sinon from 'sinon';
import { createApp } from '../../bot/app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import {
  MEETING_CHAT_ID,
  message,
  people,
  personalMessage,
  postActivity,
  TEST_APP_ID,
} from '../support/activities.js';
import { authenticatedEnv, BotAuthRig, NoEntraCredentialsFactory } from '../support/bot-auth.js';
import { FakeConnector } from '../support/fake-connector.js';
import {
  actions,
  cardText,
  FAST_RETRY,
  Harness,
  invokeCard,
  invokeRefusal,
  type PostedCard,
  testDatabase,
} from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp, outsider } = people;
const OTHER_CHAT = '19:another-chat@thread.v2';

async function contributions(h: Harness, conversation = MEETING_CHAT_ID) {
  const rt = await forChat(h.app.domain, conversation);
  return rt ? (await roundtableView(h.app.domain, rt.id))!.contributions : [];
}

async function roundtable(h: Harness, conversation = MEETING_CHAT_ID): Promise<Roundtable> {
  const rt = await forChat(h.app.domain, conversation);
  assert.ok(rt, 'a roundtable exists');
  return rt;
}

/** Starts a roundtable and moves it to the brainstorm; returns the brainstorm card. */
async function toBrainstorm(h: Harness): Promise<PostedCard> {
  await h.say(fac, 'start J.T.');
  await h.say(fac, 'go brainstorm');
  return h.lastCard();
}

function ideaInputs(q: string, text: string) {
  return { inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text } };
}

describe('bad input gets a clear answer and loses nothing', function () {
  this.timeout(30000);
  let h: Harness;
  const logLines: string[] = [];
  beforeEach(async () => {
    logLines.length = 0;
    h = await Harness.start({ logLines });
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('an unknown command gets help, not silence: one line in the meeting chat, the help card in the 1:1 chat', async () => {
    await h.say(cw, 'dance please');
    assert.match(h.texts().at(-1) ?? '', /don't know that command\. Type `@Roundtable help`/);
    assert.equal(h.cards().length, 0, 'no help card in the meeting chat');
    assert.doesNotMatch(h.texts().join(' '), /dance/, 'the typed word is not echoed');
    await postActivity(
      h.app.url,
      personalMessage({ text: 'dance please', from: cw, serviceUrl: h.fake.url }),
    );
    await h.app.idle();
    const personal = h.activities(`a:1personal-${cw.id.replace(/^29:/, '')}`);
    assert.match(JSON.stringify(personal), /start <case alias>/);
  });

  it('a typo gets "Did you mean" with the nearest command, not the help card', async () => {
    await h.say(fac, 'nxet');
    assert.match(h.texts().at(-1) ?? '', /Did you mean `@Roundtable next`\?/);
    await h.say(fac, 'my stpes');
    assert.match(h.texts().at(-1) ?? '', /Did you mean `@Roundtable my steps`\?/);
    await h.say(fac, 'stauts');
    assert.match(h.texts().at(-1) ?? '', /Did you mean `@Roundtable status`\?/);
    assert.equal(h.cards().length, 0);
  });

  it('a second start in a chat with an unfinished roundtable explains and changes nothing', async () => {
    await h.say(fac, 'start J.T.');
    const first = await roundtable(h);
    await h.say(cw, 'start K.L.');
    assert.match(h.texts().at(-1) ?? '', /already running/);
    const after = await roundtable(h);
    assert.equal(after.id, first.id);
    assert.equal(after.caseAlias, 'J.T.');
    assert.equal(h.cards().length, 1);
  });

  it('commands need a roundtable; start needs an alias', async () => {
    await h.say(fac, 'next');
    assert.match(h.texts().at(-1) ?? '', /No roundtable is running/);
    await h.say(fac, 'start');
    assert.match(h.texts().at(-1) ?? '', /case alias/);
    await h.say(fac, 'start <b>John Smith</b>');
    assert.match(h.texts().at(-1) ?? '', /looks like a full name/);
    assert.equal(h.cards().length, 0);
  });

  it('a non-facilitator pressing a facilitator button is refused politely and nothing changes', async () => {
    await h.say(fac, 'start J.T.');
    const welcome = h.lastCard();
    const before = await roundtable(h);
    const refused = invokeRefusal(await h.click(cw, welcome, VERBS.next), 'forbidden');
    assert.match(refused.message, /Only a facilitator/);
    await h.say(cw, 'timer 10');
    assert.match(h.texts().at(-1) ?? '', /Only a facilitator/);
    const after = await roundtable(h);
    assert.equal(after.phaseIndex, 0);
    assert.equal(after.revision, before.revision);
    assert.equal(h.cards().length, 1);
  });

  it('a co-facilitator added by mention can move phases', async () => {
    await h.say(fac, 'start J.T.');
    const res = await postActivity(
      h.app.url,
      (() => {
        const a = message({
          text: 'facilitator add <at>Sana Supervisor</at>',
          from: fac,
          serviceUrl: h.fake.url,
          mentionBot: true,
        });
        a.entities = [
          ...(a.entities ?? []),
          { type: 'mention', mentioned: { id: sup.id, name: sup.name }, text: '<at>Sana Supervisor</at>' },
        ];
        return a;
      })(),
    );
    assert.equal(res.status, 200);
    await h.app.idle();
    assert.match(h.texts().at(-1) ?? '', /Sana Supervisor is now a facilitator/);
    await h.say(sup, 'next');
    assert.equal((await roundtable(h)).phaseIndex, 1);
  });

  it('timer sets the time box: the phase card and status show the time left', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'timer 15');
    assert.match(h.texts().at(-1) ?? '', /Time box set: 15 min/);
    assert.match(cardText(h.cards()[0]!.card), /Time box: 15 min left/);
    await h.say(fac, 'status');
    assert.match(cardText(h.lastCard().card), /15 min left/);
    await h.say(fac, 'timer 0');
    assert.doesNotMatch(cardText(h.cards()[0]!.card), /Time box/);
  });

  it('each phase opens with its time box from the agenda; a roundtable invited for a later day waits until opened', async () => {
    await h.say(fac, 'start J.T.');
    assert.match(cardText(h.cards()[0]!.card), /Time box: 10 min left/);
    const inAWeek = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
    await h.sayMentioning(fac, `invite caseworker on ${inAWeek} 14:00`, [cw]);
    let rt = await roundtable(h);
    assert.equal(rt.openedAt, undefined, 'scheduled: the clock has not started');
    await h.say(fac, 'status');
    assert.match(
      cardText(h.lastCard().card),
      new RegExp(`Scheduled for ${inAWeek} 14:00 \\(UTC\\): the clock starts`),
    );
    await h.say(fac, 'next');
    rt = await roundtable(h);
    assert.equal(rt.phaseIndex, 0, 'the first Next opens the roundtable in Welcome');
    assert.ok(rt.openedAt);
    assert.match(h.texts().at(-1) ?? '', /The roundtable is open/);
    assert.match(cardText(h.cards()[0]!.card), /Time box: 10 min left/);
    await h.say(fac, 'open');
    assert.match(h.texts().at(-1) ?? '', /already open/);
    await h.say(fac, 'next');
    assert.equal((await roundtable(h)).phaseIndex, 1);
    assert.match(cardText(h.lastCard().card), /Time box: 20 min left/);
  });

  it('free text naming a person in full gets a warning, the text kept, and a one-click "Keep as written"', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go present');
    const typed = 'Jordan Taylor told his coach Mike Brown he wants to stay';
    const warned = invokeCard(
      await h.click(cw, h.lastCard(), VERBS.fact, { inputs: { [INPUTS.factText]: typed } }),
    );
    assert.match(cardText(warned), /looks like it names a person in full/);
    assert.match(JSON.stringify(warned), /Jordan Taylor told his coach/, 'the typed text is kept');
    const keep = actions(warned).find((a) => a.title === 'Keep as written');
    assert.ok(keep, 'a Keep as written button');
    assert.equal((await contributions(h)).length, 0, 'nothing stored yet');
    // The button sends the same submission again (its inputs and the override flag).
    const data = { ...(keep.data as Record<string, unknown>), [INPUTS.factText]: typed };
    invokeCard(await h.invoke(cw, h.lastCard().activityId, VERBS.fact, data));
    assert.deepEqual(
      (await contributions(h)).map((c) => c.text),
      [typed],
    );
    // Realistic look-alikes pass without a warning.
    const fine = 'Hold a Family Team Meeting; the Court Appointed Special Advocate lives in New York';
    const res = invokeCard(
      await h.click(cw, h.lastCard(), VERBS.fact, { inputs: { [INPUTS.factText]: fine } }),
    );
    assert.doesNotMatch(cardText(res), /names a person/);
    assert.equal((await contributions(h)).length, 2);
  });

  it('over-long and empty text is refused with the reason, nothing is stored, and the typed text is kept', async () => {
    const card = await toBrainstorm(h);
    const long = 'x'.repeat(2001);
    const res = invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', long)));
    assert.match(cardText(res), /too long: 2001 characters, 2000 at most/);
    assert.ok(JSON.stringify(res).includes(long), 'the refused text is put back into the input');
    const empty = invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', '   ')));
    assert.match(cardText(empty), /empty/);
    assert.equal((await contributions(h)).length, 0);
  });

  it('a double click stores one idea; a second idea from the refreshed card is stored too', async () => {
    const card = await toBrainstorm(h);
    const [a, b] = await Promise.all([
      h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Find the uncle')),
      h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Find the uncle')),
    ]);
    invokeCard(a);
    invokeCard(b);
    assert.equal((await contributions(h)).length, 1);
    const refreshed = { activityId: card.activityId, card: invokeCard(a) };
    invokeCard(await h.click(cw, refreshed, VERBS.idea, ideaInputs('q1', 'Find the uncle')));
    assert.equal((await contributions(h)).length, 2, 'the same words from a new rendering are a new idea');
  });

  it('a double click on Next moves one phase, and the second click gets the fresh card', async () => {
    await h.say(fac, 'start J.T.');
    const welcome = h.lastCard();
    const first = invokeCard(await h.click(fac, welcome, VERBS.next));
    const second = invokeCard(await h.click(fac, welcome, VERBS.next));
    assert.match(cardText(first), /Moved to phase 2/);
    assert.match(cardText(second), /out of date/);
    assert.equal((await roundtable(h)).phaseIndex, 1);
  });

  it('an action from a stale card is answered with the fresh card and a notice, never applied', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'go clarify');
    const clarify = h.lastCard();
    await h.say(fac, 'next');
    const res = invokeCard(
      await h.click(sup, clarify, VERBS.question, { inputs: { [INPUTS.questionText]: 'Late question' } }),
    );
    assert.match(cardText(res), /out of date.*Brainstorm/s);
    assert.equal((await contributions(h)).length, 0);
  });

  it('text with ${...}, HTML and Markdown stays text on the card', async () => {
    const card = await toBrainstorm(h);
    const hostile = '${roundtable.id} <script>alert(1)</script> **bold** [x](http://evil.example)';
    invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q2', hostile)));
    // The card everyone shares (the clicker's answer is their form, without the list).
    await h.settled();
    const res = h.lastCard().card;
    const runs: string[] = [];
    JSON.stringify(res, (k, v) => {
      if (k === 'text' && typeof v === 'string') runs.push(v);
      return v;
    });
    assert.ok(runs.includes(hostile), 'the idea is shown exactly as typed');
    assert.equal((await contributions(h))[0]?.text, hostile);
  });

  it('unknown verbs and malformed action data get a clear answer and change nothing', async () => {
    const card = await toBrainstorm(h);
    const before = await roundtable(h);
    const unknown = invokeCard(
      await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'x')).then(() =>
        h.invoke(cw, card.activityId, 'idea.explode', {
          ...(card.card.refresh as { action: { data: object } }).action.data,
        }),
      ),
    );
    assert.match(cardText(unknown), /not known/);
    const malformed = await h.invoke(cw, card.activityId, VERBS.idea, {
      rt: 42,
      __proto__: { polluted: true },
    } as never);
    assert.equal(malformed.body?.statusCode, 400);
    const wrongQuestion = invokeCard(
      await h.invoke(cw, card.activityId, VERBS.idea, {
        ...(card.card.refresh as { action: { data: object } }).action.data,
        target: 'q99',
        ideaText_q99: 'x',
      }),
    );
    assert.match(cardText(wrongQuestion), /question does not exist/);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    const after = await roundtable(h);
    assert.equal(after.revision, before.revision);
    assert.equal((await contributions(h)).length, 1);
  });

  it("an action naming another chat's roundtable is refused", async () => {
    const card = await toBrainstorm(h);
    const res = await h.click(outsider, card, VERBS.idea, {
      ...ideaInputs('q1', 'sneaky'),
      conversation: OTHER_CHAT,
    });
    invokeRefusal(res, 'not-found');
    assert.equal((await contributions(h)).length, 0);
  });

  it('actions on an ended roundtable are refused with a notice', async () => {
    const card = await toBrainstorm(h);
    await h.say(fac, 'end');
    const question = cardText(h.lastCard().card);
    assert.match(question, /Missing before you end:.*skipped.*end confirm/s);
    assert.deepEqual(
      actions(h.lastCard().card).map((a) => a.title),
      ['Confirm end'],
    );
    assert.equal((await roundtable(h)).status, 'active');
    await h.say(fac, 'end confirm');
    assert.equal((await roundtable(h)).status, 'ended');
    const res = invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'too late')));
    assert.match(cardText(res), /has ended/);
    assert.equal((await contributions(h)).length, 0);
    await h.say(fac, 'start J.T. follow-up');
    assert.notEqual(
      (await roundtable(h)).caseAlias,
      'J.T.',
      'a new roundtable can start once the last one ended',
    );
  });

  it('concurrent joins all land on the roster (etag conflicts are retried)', async () => {
    await h.say(fac, 'start J.T.');
    const welcome = h.lastCard();
    const joiners = [cw, sup, mp, people.leader, outsider];
    const results = await Promise.all(
      joiners.map((p) => h.click(p, welcome, VERBS.join, { inputs: { [INPUTS.role]: 'other' } })),
    );
    for (const r of results) invokeCard(r);
    const rt = await roundtable(h);
    assert.deepEqual(rt.roster.map((r) => r.id).sort(), [fac, ...joiners].map((p) => p.id).sort());
  });

  it('Cosmos throttling that outlasts the SDK retries gets a clear "try again"; the retry then saves', async () => {
    const card = await toBrainstorm(h);
    const throttled = Object.assign(new ErrorResponse('Request rate is large'), { code: 429 });
    // The case data is throttled; the access log's entry (written first, to its own container) goes through.
    const original = Items.prototype.create;
    const create = sinon.stub(Items.prototype, 'create').callsFake(function (
      this: Items,
      ...args: Parameters<Items['create']>
    ) {
      if (this.container.id === 'access-log') return original.apply(this, args);
      return Promise.reject(throttled);
    });
    const res = await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Kept idea'));
    // A message (statusCode 200; the card and what was typed in it stay): Teams documents no 503 for a card action.
    assert.equal(res.body?.statusCode, 200);
    assert.equal(res.body?.type, 'application/vnd.microsoft.activity.message');
    assert.match(JSON.stringify(res.body?.value), /NOT saved.*try again/);
    assert.ok(logLines.some((l) => l.includes('store.unavailable')));
    create.restore();
    invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Kept idea')));
    assert.equal((await contributions(h)).length, 1);
  });

  it('Teams throttling (429) on a card update is retried; a blocked bot (403) is logged and the data kept', async () => {
    const card = await toBrainstorm(h);
    h.fake.failNext({ method: 'PUT', status: 429, retryAfterSeconds: 0, count: 5 });
    invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', 'Throttled idea')));
    await h.app.idle();
    assert.match(
      cardText(h.lastCard().card),
      /Throttled idea/,
      'the shared card was updated after the throttling',
    );

    h.fake.failNext({ method: 'PUT', status: 403, count: 10 });
    invokeCard(await h.click(mp, card, VERBS.idea, ideaInputs('q2', 'Idea while blocked')));
    await h.app.idle();
    assert.equal((await contributions(h)).length, 2);
    assert.ok(
      logLines.some((l) => l.includes('card.refresh.failed') && l.includes('RecipientUnavailable')),
      logLines.join('\n'),
    );
  });

  it('logs carry ids and event names, never what people typed', async () => {
    const marker = 'MARKER-7f3a-confidential';
    await h.say(fac, `start J.T.`);
    await h.say(fac, `timer ${marker}`);
    await h.say(fac, 'go brainstorm');
    const card = h.lastCard();
    invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', `${marker} idea`)));
    invokeCard(await h.click(cw, card, VERBS.idea, ideaInputs('q1', `${marker}${'y'.repeat(2100)}`)));
    await h.say(cw, `${marker} unknown words`);
    assert.ok(logLines.length > 5);
    assert.ok(
      logLines.every((l) => !l.includes(marker)),
      'no log line holds typed text',
    );
    assert.ok(logLines.some((l) => l.includes('"event":"card.idea.add"')));
  });
});

describe('a restart in the middle of a roundtable', function () {
  this.timeout(30000);
  it('resumes the same phase and the cards posted before the restart keep working', async () => {
    const database = await testDatabase();
    try {
      const first = await Harness.start({ database });
      await first.say(fac, 'start J.T.');
      await first.say(fac, 'go brainstorm');
      const card = first.lastCard();
      invokeCard(await first.click(cw, card, VERBS.idea, ideaInputs('q1', 'Before restart')));
      await first.close();

      const second = await Harness.start({ database });
      try {
        const rt = await roundtable(second);
        assert.equal(rt.phaseIndex, 3);
        const res = invokeCard(await second.click(mp, card, VERBS.idea, ideaInputs('q2', 'After restart')));
        // The clicker gets their form back; the card everyone shares lists both ideas.
        assert.match(cardText(res), /Saved: idea added/);
        const stored = (await roundtableView(second.app.domain, rt.id))!.contributions.map((c) => c.text);
        assert.ok(stored.includes('Before restart') && stored.includes('After restart'));
        await second.say(fac, 'status');
        assert.match(cardText(second.lastCard().card), /Brainstorm/);
      } finally {
        await second.close();
      }
    } finally {
      await database.close();
    }
  });
});

describe('Bot Framework authentication', function () {
  this.timeout(30000);
  it('with an app id, only valid tokens are accepted (a wrong key is a 401, not a 500)', async () => {
    const rig = await BotAuthRig.start();
    const fake = await FakeConnector.start();
    const database = await testDatabase();
    const config = loadConfig({
      PORT: '0',
      ...authenticatedEnv(TEST_APP_ID, fake.url),
      HOST: '127.0.0.1',
    });
    const app = await createApp({
      config,
      log: createLogger('silent'),
      database,
      retry: FAST_RETRY,
      auth: {
        settings: rig.authSettings(TEST_APP_ID),
        credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID),
      },
    });
    try {
      const activity = () => message({ text: 'help', from: fac, serviceUrl: fake.url, mentionBot: true });
      const sign = (o: Record<string, unknown> = {}) =>
        rig.signToken({ appId: TEST_APP_ID, serviceUrl: fake.url, ...o });
      assert.equal((await postActivity(app.url, activity(), await sign())).status, 200);
      assert.equal((await postActivity(app.url, activity())).status, 401);
      assert.equal(
        (await postActivity(app.url, activity(), await sign({ expiresInSeconds: -600 }))).status,
        401,
      );
      assert.equal(
        (await postActivity(app.url, activity(), await sign({ audience: 'someone-else' }))).status,
        401,
      );
      assert.equal((await postActivity(app.url, activity(), await sign({ key: 'wrong' }))).status, 401);
      assert.equal(fake.sent(MEETING_CHAT_ID).length, 1, 'only the authenticated request was answered');
    } finally {
      await app.close();
      await database.close();
      await fake.close();
      await rig.close();
    }
  });
});
