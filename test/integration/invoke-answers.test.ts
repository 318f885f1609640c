/**
 * Answers Teams shows (issue #27 item 5), over real HTTP to /api/messages: a card action is answered with
 * statusCode 200 (a card, a notice card, or a message), or `application/vnd.microsoft.error` with 400 or 500 for
 * a real error; never 403, 404, 429 or 503, which the Universal Actions docs do not list. Expected refusals show
 * no case content; a storage fault says "not saved, try again"; a malformed card of any family gets one shape.
 */
import assert from 'node:assert/strict';
import { ErrorResponse, Items } from '@azure/cosmos';
import sinon from 'sinon';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { INPUTS, PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../cards/follow-up-cards.js';
import { PROGRAMME_VERBS } from '../../cards/programme-cards.js';
import { cardAction, MEETING_CHAT_ID, type Person, people, postActivity } from '../support/activities.js';
import { Harness, type InvokeResult, isNoticeCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, outsider } = people;
const DOCUMENTED = [200, 400, 500];
const CASE = /J\.T\.|typed secret/;

/** A click from the person's 1:1 chat with the bot. */
async function clickPersonal(h: Harness, from: Person, verb: string, data: Record<string, unknown>) {
  const res = (await postActivity(
    h.app.url,
    cardAction({
      verb,
      data,
      from,
      conversation: { id: `a:personal-${from.id}`, conversationType: 'personal' },
      serviceUrl: h.fake.url,
      replyToId: 'card-1',
    }),
  )) as InvokeResult;
  await h.app.idle();
  return res;
}

/** The answer's shape: statusCode documented; a refusal is a message or a notice card, never an error. */
function assertRefusal(label: string, res: InvokeResult): string {
  const body = res.body;
  assert.equal(res.status, 200, `${label}: HTTP ${res.status}`);
  assert.ok(DOCUMENTED.includes(body?.statusCode ?? 0), `${label}: statusCode ${body?.statusCode}`);
  assert.equal(body?.statusCode, 200, `${label}: a refusal is not an error: ${JSON.stringify(body)}`);
  const message = body?.type === 'application/vnd.microsoft.activity.message';
  const notice = body?.type === 'application/vnd.microsoft.card.adaptive' && isNoticeCard(body.value);
  assert.ok(message || notice, `${label}: a message or a notice card, got ${JSON.stringify(body)}`);
  assert.doesNotMatch(JSON.stringify(body), CASE, `${label}: no case content`);
  return JSON.stringify(body?.value);
}

describe('answers Teams shows: card actions answer 200, or 400/500 for real errors (#27 item 5)', function () {
  this.timeout(60000);
  let h: Harness;
  let rtId = '';
  before(async () => {
    h = await Harness.start();
    await h.say(fac, 'start J.T.');
    rtId = (await forChat(h.app.domain, MEETING_CHAT_ID))!.id;
  });
  afterEach(() => sinon.restore());
  after(async () => {
    await h?.close();
  });

  it('a malformed card of each family gets the one failure shape (400, BadRequest, one message)', async () => {
    const malformed: [string, string, Record<string, unknown>][] = [
      ['roundtable', VERBS.idea, { rt: rtId, phase: 'nowhere', rev: 1, nonce: 'n' }],
      ['follow-up', FOLLOW_UP_VERBS.done, { rt: rtId, list: 'somewhere', nonce: 'n' }],
      ['preparation', PREPARATION_VERBS.save, { nonce: 'n' }],
      ['invitation', PREPARATION_VERBS.confirm, { rt: rtId, nonce: 'n' }],
      ['register', PROGRAMME_VERBS.show, { rt: 'not-the-register', nonce: 'n' }],
    ];
    const bodies: unknown[] = [];
    for (const [family, verb, data] of malformed) {
      const res = await clickPersonal(h, cw, verb, data);
      assert.equal(res.status, 400, `${family}: HTTP ${res.status}`);
      assert.equal(res.body?.statusCode, 400, family);
      assert.equal(res.body?.type, 'application/vnd.microsoft.error', family);
      bodies.push(res.body?.value);
    }
    for (const [i, body] of bodies.entries())
      assert.deepEqual(body, bodies[0], `${malformed[i]?.[0]} answers like the roundtable cards`);
    assert.equal((bodies[0] as { code?: string }).code, 'BadRequest');
  });

  it('refusals of each family are a message (the card stays) or a notice card, with no case content', async () => {
    const welcome = h.lastCard();
    // A roundtable card: not a facilitator; and the card of another chat's roundtable.
    const notFacilitator = await h.click(cw, welcome, VERBS.next);
    assert.match(assertRefusal('roundtable card, not allowed', notFacilitator), /Only a facilitator/);
    assert.equal(notFacilitator.body?.type, 'application/vnd.microsoft.activity.message', 'the card stays');
    const foreign = await h.click(outsider, welcome, VERBS.join, {
      conversation: '19:another-chat@thread.v2',
      inputs: { [INPUTS.role]: 'typed secret' },
    });
    assertRefusal('roundtable card of another chat', foreign);
    // 1:1 cards: a step that is not theirs, an invitation that does not exist, the register for a non-leader.
    assertRefusal(
      'follow-up card, not theirs',
      await clickPersonal(h, outsider, FOLLOW_UP_VERBS.done, {
        rt: rtId,
        step: 's-1',
        list: 'reminder',
        nonce: 'n',
      }),
    );
    assertRefusal(
      'invitation, none',
      await clickPersonal(h, outsider, PREPARATION_VERBS.confirm, { rt: rtId, inv: 'inv-none', nonce: 'n' }),
    );
    assertRefusal(
      'register, not a leader',
      await clickPersonal(h, outsider, PROGRAMME_VERBS.show, { rt: 'register', nonce: 'n' }),
    );
    // The preparation card is answered only in the 1:1 chat.
    const inGroup = await h.invoke(cw, welcome.activityId, PREPARATION_VERBS.save, {
      alias: 'J.T.',
      nonce: 'n',
    });
    assert.match(assertRefusal('preparation card in a group chat', inGroup), /1:1 chat/);
  });

  it('a bug during a click is answered 500 in the documented error shape (not an empty 501)', async () => {
    // The roundtable read the guard's forActor makes fails with a bug.
    sinon.stub(h.app.domain.store, 'getRoundtable').rejects(new TypeError('a bug'));
    const res = await h.click(cw, h.cards()[0]!, VERBS.refresh);
    assert.equal(res.status, 500);
    assert.equal(res.body?.statusCode, 500);
    assert.equal(res.body?.type, 'application/vnd.microsoft.error');
    assert.match(JSON.stringify(res.body?.value), /nothing was changed/);
  });

  it('a storage fault is answered "not saved, try again" as a message, and the retry saves', async () => {
    await h.say(fac, 'go brainstorm');
    const card = h.lastCard();
    const inputs = { inputs: { [INPUTS.ideaQuestion]: 'q1', [INPUTS.ideaText]: 'Kept idea' } };
    const throttled = Object.assign(new ErrorResponse('Request rate is large'), { code: 429 });
    // The case data is throttled; the access log's entry (written first, to its own container) goes through.
    const original = Items.prototype.create;
    sinon.stub(Items.prototype, 'create').callsFake(function (
      this: Items,
      ...args: Parameters<Items['create']>
    ) {
      if (this.container.id === 'access-log') return original.apply(this, args);
      return Promise.reject(throttled);
    });
    const res = await h.click(cw, card, VERBS.idea, inputs);
    assert.equal(res.status, 200);
    assert.equal(res.body?.statusCode, 200, 'no 503: Teams does not document it for card actions');
    assert.equal(res.body?.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(res.body?.value), /NOT saved.*try again/);
    sinon.restore();
    const saved = await h.click(cw, card, VERBS.idea, inputs);
    assert.equal(saved.body?.type, 'application/vnd.microsoft.card.adaptive');
  });
});
