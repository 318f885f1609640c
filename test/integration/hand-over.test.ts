/**
 * The hand-over is sent at `end` (issue #15, "Commands"): each step owner's steps and the whole plan to the
 * supervisor reach their 1:1 chats right after the roundtable ends, without a scheduler pass, through the
 * scheduler's etag-guarded claim (so no pass on any instance sends one twice) and its 429/403 handling.
 * Real HTTP, the strict fake Teams connector, real Cosmos.
 */
import assert from 'node:assert/strict';
import { type ReminderDelivery, ReminderScheduler } from '../../bot/reminders/scheduler.js';
import type { Reminder } from '../../bot/reminders/types.js';
import { forChat } from '../../bot/roundtable/roundtables.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { MEETING_CHAT_ID, people } from '../support/activities.js';
import { cardText, Harness, invokeCard, type PostedCard } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;

/** Monday 23 November 2026, 10:00 in New York (the test people's zone): inside working hours. */
const MONDAY_MORNING = Date.parse('2026-11-23T15:00:00Z');

async function reminders(h: Harness, chat = MEETING_CHAT_ID): Promise<Reminder[]> {
  const rt = await forChat(h.app.domain, chat);
  return (await new CosmosFollowUpStore(h.database.database).remindersOf(rt!.id)).map((r) => r.value);
}

function texts(cards: PostedCard[] | undefined): string[] {
  return (cards ?? []).map((c) => cardText(c.card));
}

/** A roundtable in the plan phase with a step for the caseworker and one for the supervisor (not ended). */
async function planReady(h: Harness, command = 'start J.T.'): Promise<void> {
  await h.say(fac, command);
  await h.joinAs(cw, 'caseworker');
  await h.joinAs(sup, 'supervisor');
  await h.joinAs(mp, 'master-practitioner');
  await h.say(fac, 'go plan');
  for (const [who, text, due] of [
    [cw, 'Ask the aunt about guardianship', '2026-12-03'],
    [sup, 'Approve funding for travel', '2026-12-18'],
  ] as const) {
    invokeCard(
      await h.click(who, h.lastCard(), VERBS.step, {
        inputs: { [INPUTS.stepText]: text, [INPUTS.stepOwner]: who.id, [INPUTS.stepDue]: due },
      }),
    );
  }
}

/** The hand-over as it must arrive: the caseworker's own steps, the supervisor's steps and the whole plan. */
function assertHandOver(h: Harness): void {
  const cards = h.personalCards();
  const cwCards = texts(cards.get(cw.id));
  assert.equal(cwCards.length, 1, 'the caseworker gets one hand-over card');
  assert.match(cwCards[0]!, /Your steps from the roundtable for J\.T\.[\s\S]*aunt about guardianship/);
  assert.doesNotMatch(cwCards[0]!, /travel/, 'an owner gets only their own steps');
  const supCards = texts(cards.get(sup.id));
  assert.equal(supCards.length, 2, 'the supervisor gets their steps and the whole plan');
  assert.ok(supCards.some((t) => /Your steps from the roundtable for J\.T\.[\s\S]*travel/.test(t)));
  const plan = supCards.find((t) => /Permanency Action Plan for J\.T\./.test(t)) ?? '';
  assert.match(plan, /aunt about guardianship/, "the whole plan: the caseworker's step");
  assert.match(plan, /travel/, "the whole plan: the supervisor's step");
  assert.equal(cards.get(mp.id), undefined, 'nobody without steps gets a hand-over');
}

describe('the hand-over is sent at `end`', function () {
  this.timeout(60000);
  let h: Harness;
  let clock: { t: number };
  beforeEach(async () => {
    clock = { t: MONDAY_MORNING };
    h = await Harness.start({ now: () => new Date(clock.t) });
  });
  afterEach(async () => {
    await h.close();
  });

  it('typed `end confirm`: the 1:1 hand-over arrives without a scheduler pass; a later drain sends nothing twice', async () => {
    await planReady(h);
    await h.say(fac, 'end confirm');
    assertHandOver(h);
    const handOver = (await reminders(h)).filter((r) => r.kind === 'assigned' || r.kind === 'plan');
    assert.equal(handOver.length, 3);
    assert.ok(
      handOver.every((r) => r.status === 'sent' && r.attempts === 1 && r.claimedBy === undefined),
      JSON.stringify(handOver.map((r) => [r.kind, r.status, r.attempts])),
    );
    const drained = await h.app.scheduler.drain();
    assert.equal(drained.claimed, 0, 'nothing else is due today');
    assertHandOver(h);
    // The rest of the trail still comes from the scheduler: the pre-due nudge on 30 Nov.
    clock.t = Date.parse('2026-11-30T14:00:00Z');
    assert.equal((await h.app.scheduler.drain()).sent, 1);
    assert.match(texts(h.personalCards().get(cw.id)).at(-1)!, /Coming up/);
  });

  it('the "Confirm end" button: the hand-over arrives after the click, no scheduler pass needed', async () => {
    await planReady(h);
    await h.say(fac, 'end');
    const confirm = h.lastCard();
    assert.match(cardText(confirm.card), /Confirm end/);
    assert.equal(h.personalCards().size, 0, 'nothing is sent before the roundtable has ended');
    invokeCard(await h.click(fac, confirm, VERBS.endConfirm));
    await h.settled();
    assertHandOver(h);
    assert.equal((await h.app.scheduler.drain()).claimed, 0);
  });

  it('a practice roundtable: the hand-over right after the session, at once, and nothing after it', async () => {
    await planReady(h, 'start practice');
    await h.say(fac, 'end confirm');
    const cards = h.personalCards();
    assert.ok(texts(cards.get(cw.id)).some((t) => /PRACTICE[\s\S]*aunt about guardianship/.test(t)));
    assert.ok(texts(cards.get(sup.id)).some((t) => /Permanency Action Plan for PRACTICE/.test(t)));
    const all = await reminders(h);
    assert.ok(all.every((r) => (r.kind === 'assigned' || r.kind === 'plan') && r.status === 'sent'));
    clock.t += 20 * 86_400_000;
    assert.equal((await h.app.scheduler.drain()).sent, 0, 'nothing follows a practice session');
  });

  it('sendNow takes only what is due and free: not before working hours, not under another lease, never twice', async () => {
    await planReady(h);
    clock.t = Date.parse('2026-11-28T22:00:00Z'); // Saturday night in New York
    await h.say(fac, 'end confirm');
    assert.equal(h.personalCards().size, 0, 'the hand-over waits for Monday 09:00');
    const handOver = (await reminders(h)).filter((r) => r.kind === 'assigned' || r.kind === 'plan');
    assert.equal(handOver.length, 3);
    assert.equal((await h.app.scheduler.sendNow(handOver)).claimed, 0, 'not due yet');
    clock.t = Date.parse('2026-11-30T14:00:01Z');
    const store = new CosmosFollowUpStore(h.database.database);
    const leased = (await store.getReminder(handOver[0]!.ownerId, handOver[0]!.id))!;
    await store.replaceReminder(
      {
        ...leased.value,
        claimedBy: 'other-instance',
        claimUntil: new Date(clock.t + 120_000).toISOString(),
        attempts: 1,
      },
      leased.etag,
    );
    const now = await h.app.scheduler.sendNow(handOver);
    assert.deepEqual([now.claimed, now.sent], [2, 2], 'the two that no other instance holds');
    assert.equal((await h.app.scheduler.sendNow(handOver)).claimed, 0, 'what was sent is not sent again');
    clock.t += 121_000; // the other instance's lease ran out: its reminder is free again
    assert.equal((await h.app.scheduler.sendNow(handOver)).sent, 1);
    assertHandOver(h);
  });

  it('a scheduler on another instance ticking through `end` never sends a hand-over twice', async () => {
    await planReady(h);
    const elsewhere: string[] = [];
    const delivery: ReminderDelivery = {
      deliver: async (r) => {
        elsewhere.push(r.id);
        return 'sent';
      },
      reportUnreachable: async () => {},
    };
    const other = new ReminderScheduler({
      store: new CosmosFollowUpStore(h.database.database),
      followUp: h.app.followUp,
      delivery,
      instanceId: 'other-instance',
      now: () => new Date(clock.t),
    });
    let ended = false;
    let ticks = 0;
    const racing = (async () => {
      for (; !ended && ticks < 500; ticks++) await other.tick();
    })();
    await h.say(fac, 'end confirm');
    ended = true;
    await racing;
    await other.drain();
    const handOver = (await reminders(h)).filter((r) => r.kind === 'assigned' || r.kind === 'plan');
    assert.equal(handOver.length, 3);
    const byThisBot = [...h.personalCards().values()].flat().length;
    assert.equal(byThisBot + elsewhere.length, 3, `each once (here ${byThisBot}, elsewhere ${elsewhere})`);
    assert.equal(new Set(elsewhere).size, elsewhere.length);
    assert.ok(handOver.every((r) => r.status === 'sent'));
    assert.ok(ticks > 0);
  });

  it('Teams answers 429 on the 1:1 send: the hand-over is retried by the scheduler later and arrives once', async () => {
    await planReady(h);
    let throttling = true;
    h.fake.failNext({
      method: 'POST',
      pathIncludes: '/activities',
      match: (req) => throttling && req.conversationId !== MEETING_CHAT_ID,
      status: 429,
      retryAfterSeconds: 0,
      count: Number.POSITIVE_INFINITY,
    });
    await h.say(fac, 'end confirm');
    assert.equal([...h.personalCards().values()].flat().length, 0, 'Teams took none of them');
    const waiting = (await reminders(h)).filter((r) => r.kind === 'assigned' || r.kind === 'plan');
    assert.equal(waiting.length, 3);
    for (const r of waiting) {
      assert.equal(r.status, 'pending', 'left for the scheduler');
      assert.equal(r.attempts, 1);
      assert.match(r.lastError ?? '', /429$/);
      assert.ok(Date.parse(r.dueAt) > clock.t, 'backed off');
      assert.equal(r.claimUntil, undefined, 'its lease released');
    }
    assert.equal((await h.app.scheduler.tick()).claimed, 0, 'not again before the back-off');
    throttling = false;
    clock.t += 2 * 3_600_000;
    const later = await h.app.scheduler.drain();
    assert.equal(later.sent, 3);
    assertHandOver(h);
    assert.equal((await h.app.scheduler.drain()).claimed, 0);
    assertHandOver(h);
  });

  it('Teams answers 403 (the app is not installed for the caseworker): undeliverable, the chat told once', async () => {
    await planReady(h);
    h.fake.failNext({
      method: 'POST',
      match: (req) => req.operation === 'createConversation' && JSON.stringify(req.body).includes(cw.id),
      status: 403,
      count: 100,
    });
    await h.say(fac, 'end confirm');
    const mine = (await reminders(h)).filter((r) => r.kind === 'assigned' && r.ownerId === cw.id);
    assert.deepEqual(
      mine.map((r) => r.status),
      ['undeliverable'],
    );
    const told = h.texts().filter((t) => /cannot receive follow-up reminders/.test(t));
    assert.equal(told.length, 1);
    assert.match(told[0]!, /Carlos Caseworker[\s\S]*Sana Supervisor, please/);
    assert.equal(texts(h.personalCards().get(sup.id)).length, 2, 'the supervisor still gets the hand-over');
    assert.equal((await h.app.scheduler.drain()).claimed, 0);
    assert.equal(h.texts().filter((t) => /cannot receive follow-up reminders/.test(t)).length, 1);
  });
});
