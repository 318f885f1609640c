import assert from 'node:assert/strict';
import { type ReminderDelivery, ReminderScheduler } from '../../bot/reminders/scheduler.js';
import type { Reminder } from '../../bot/reminders/types.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS, followUpInputs } from '../../cards/follow-up-cards.js';
import { MEETING_CHAT_ID, message, people, postActivity } from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { cardText, Harness, invokeCard, invokeRefusal } from '../support/harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;

/** A clock the bot reads; tests move it. Monday 23 November 2026, 10:00 in New York (the test people's zone). */
async function reminders(h: Harness): Promise<Reminder[]> {
  const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
  const store = new CosmosFollowUpStore(h.database.database);
  return (await store.remindersOf(rt!.id)).map((r) => r.value);
}

/**
 * Runs a roundtable to the end with two steps: one for the caseworker (due 3 Dec), one for the supervisor.
 * `beforeEnd` runs just before `end` (Teams faults for the hand-over, which is sent at `end`).
 */
async function endedRoundtable(
  h: Harness,
  beforeEnd?: () => void,
): Promise<{ cwStep: PlanStep; supStep: PlanStep }> {
  await h.say(fac, 'start J.T.');
  await h.joinAs(cw, 'caseworker');
  await h.joinAs(sup, 'supervisor');
  await h.joinAs(mp, 'master-practitioner');
  await h.say(fac, 'go plan');
  invokeCard(
    await h.click(cw, h.lastCard(), VERBS.step, {
      inputs: {
        [INPUTS.stepText]: 'Ask the aunt about guardianship',
        [INPUTS.stepOwner]: cw.id,
        [INPUTS.stepDue]: '2026-12-03',
      },
    }),
  );
  invokeCard(
    await h.click(sup, h.lastCard(), VERBS.step, {
      inputs: {
        [INPUTS.stepText]: 'Approve funding for travel',
        [INPUTS.stepOwner]: sup.id,
        [INPUTS.stepDue]: '2026-12-18',
      },
    }),
  );
  beforeEnd?.();
  await h.say(fac, 'end confirm');
  const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
  const steps = (await roundtableView(h.app.domain, rt!.id))!.contributions.filter(
    (c): c is PlanStep => c.kind === 'step',
  );
  return {
    cwStep: steps.find((s) => s.owner.id === cw.id)!,
    supStep: steps.find((s) => s.owner.id === sup.id)!,
  };
}

describe('follow-up reminders', function () {
  this.timeout(60000);
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    h = await Harness.start({ now: clock.now });
  });
  afterEach(async () => {
    await h.close();
  });

  it('produces the whole trail under a fake clock: assignment, pre-due, due, overdue, escalation, review', async () => {
    await endedRoundtable(h);
    // The hand-over is sent at `end`, before any scheduler pass.
    let cards = h.personalCards();
    assert.equal(
      [...cards.values()].flat().length,
      3,
      'assignment to both owners and the whole plan to the supervisor',
    );
    assert.match(
      cardText(cards.get(cw.id)![0]!.card),
      /Your steps from the roundtable for J\.T\.[\s\S]*aunt about guardianship/,
    );
    assert.doesNotMatch(cardText(cards.get(cw.id)![0]!.card), /travel/, 'an owner gets only their own steps');
    const supTexts = cards
      .get(sup.id)!
      .map((c) => cardText(c.card))
      .join('\n');
    assert.match(
      supTexts,
      /Permanency Action Plan for J\.T\.[\s\S]*aunt[\s\S]*travel|Permanency Action Plan for J\.T\.[\s\S]*travel[\s\S]*aunt/,
    );
    assert.equal((await h.app.scheduler.tick()).claimed, 0, 'nothing more is due today');

    clock.set('2026-11-30T14:00:00Z'); // 3 days before 3 Dec, 09:00 in New York
    let r = await h.app.scheduler.tick();
    assert.equal(r.sent, 1);
    assert.match(cardText(h.personalCards().get(cw.id)!.at(-1)!.card), /Coming up/);

    clock.set('2026-12-03T14:30:00Z');
    assert.equal((await h.app.scheduler.tick()).sent, 1);
    assert.match(cardText(h.personalCards().get(cw.id)!.at(-1)!.card), /Due today/);

    clock.set('2026-12-04T14:00:00Z');
    assert.equal((await h.app.scheduler.tick()).sent, 1);
    assert.match(cardText(h.personalCards().get(cw.id)!.at(-1)!.card), /Overdue[\s\S]*OVERDUE by 1 day/);

    clock.set('2026-12-11T14:00:00Z'); // a week later, still no update: nudge the owner and escalate
    await h.app.scheduler.tick();
    r = await h.app.scheduler.tick();
    cards = h.personalCards();
    assert.match(cardText(cards.get(cw.id)!.at(-1)!.card), /OVERDUE by 8 days/);
    assert.match(cardText(cards.get(sup.id)!.at(-1)!.card), /Escalation[\s\S]*has not updated this step/);
    await h.app.scheduler.tick();
    const escalations = (await reminders(h)).filter((x) => x.kind === 'escalation');
    assert.equal(escalations.length, 1, 'one escalation per step and supervisor');

    clock.set('2026-12-23T15:00:00Z'); // 30 days after the roundtable: the follow-up review
    await h.app.scheduler.drain();
    const reviews = [...h.personalCards().values()]
      .flat()
      .filter((c) => /Follow-up review/.test(cardText(c.card)));
    assert.equal(reviews.length, 2, 'caseworker and supervisor each get the review');
    assert.equal(new Set((await reminders(h)).map((x) => x.id)).size, (await reminders(h)).length);
  });

  it('reminders wait for working hours: none at night or on weekends', async () => {
    clock.set('2026-11-28T22:00:00Z'); // Saturday night
    await endedRoundtable(h);
    assert.equal(h.fake.createdConversations.length, 0, 'no hand-over at `end` outside working hours');
    assert.equal((await h.app.scheduler.tick()).sent, 0);
    const assigned = (await reminders(h)).filter((x) => x.kind === 'assigned');
    assert.ok(
      assigned.every((x) => x.dueAt === '2026-11-30T14:00:00.000Z'),
      'moved to Monday 09:00',
    );
    clock.set('2026-11-30T14:00:01Z');
    assert.equal(
      (await h.app.scheduler.tick()).sent,
      4,
      'the two assignments, the plan, and the pre-due nudge for 3 Dec',
    );
  });

  it("one click on a reminder updates the plan, refreshes the roundtable chat and stops that step's reminders", async () => {
    const { cwStep } = await endedRoundtable(h);
    await h.app.scheduler.tick();
    const card = h.personalCards().get(cw.id)![0]!;
    const conversation = h.fake.createdConversations[0]!.id;
    const blocked = invokeCard(
      await h.click(cw, card, FOLLOW_UP_VERBS.blocked, {
        conversation,
        inputs: { [followUpInputs.reason(cwStep.id)]: '' },
      }),
    );
    assert.match(cardText(blocked), /Say why the step is blocked/);
    invokeCard(
      await h.click(cw, card, FOLLOW_UP_VERBS.note, {
        conversation,
        inputs: { [followUpInputs.note(cwStep.id)]: 'Called the aunt' },
      }),
    );
    const done = invokeCard(await h.click(cw, card, FOLLOW_UP_VERBS.done, { conversation }));
    assert.match(cardText(done), /Marked done/);
    const stored = await h.app.followUp.step(cwStep.roundtableId, cwStep.id);
    assert.equal(stored?.status, 'done');
    assert.deepEqual(
      stored?.updates?.map((u) => u.status ?? u.note),
      ['Called the aunt', 'done'],
    );
    const summary = h.cards().at(-1)!;
    assert.match(
      cardText(summary.card),
      /Done/,
      'the plan summary in the roundtable chat shows the new status',
    );
    const left = (await reminders(h)).filter((x) => x.stepId === cwStep.id && x.status === 'pending');
    assert.equal(left.length, 0, 'a done step is not reminded again');

    // A new due date on the other step reschedules its reminders.
    const others = await h.app.followUp.openSteps([sup.id]);
    const supCard = h.personalCards().get(sup.id)![0]!;
    const supConversation = h.fake.createdConversations.find(
      (c) => (c.parameters.members as { id: string }[])[0]?.id === sup.id,
    )!.id;
    const supStepId = others[0]!.step.id;
    const saved = invokeCard(
      await h.invoke(
        sup,
        supCard.activityId,
        FOLLOW_UP_VERBS.due,
        {
          rt: others[0]!.step.roundtableId,
          step: supStepId,
          list: 'reminder',
          nonce: 'n1',
          [followUpInputs.due(supStepId)]: '2027-01-15',
        },
        supConversation,
      ),
    );
    assert.match(cardText(saved), /New due date saved/);
    const rescheduled = (await reminders(h)).filter(
      (x) => x.stepId === others[0]!.step.id && x.status === 'pending',
    );
    assert.ok(
      rescheduled.some((x) => x.kind === 'due' && x.dueAt.startsWith('2027-01-15')),
      JSON.stringify((await reminders(h)).map((x) => [x.kind, x.stepId, x.dueAt, x.status])),
    );
  });

  it('someone who is not on the plan cannot update a step', async () => {
    const { cwStep } = await endedRoundtable(h);
    const res = await h.invoke(
      people.outsider,
      'x',
      FOLLOW_UP_VERBS.done,
      { rt: cwStep.roundtableId, step: cwStep.id, list: 'mine', nonce: 'n' },
      'a:outsider',
    );
    // Refused before anything is read or rendered: a content-free "not found", the clicker's card stays.
    assert.match(invokeRefusal(res, 'not-found').message, /no longer|not found/i);
    assert.doesNotMatch(JSON.stringify(res.body), /aunt/);
    assert.equal((await h.app.followUp.step(cwStep.roundtableId, cwStep.id))?.status, 'not-started');
  });

  it('`my steps` and `team steps` list open steps, overdue first', async () => {
    await endedRoundtable(h);
    clock.set('2026-12-10T15:00:00Z');
    const personal = 'a:personal-cw';
    await postActivity(
      h.app.url,
      message({
        text: 'my steps',
        from: cw,
        conversation: { id: personal, conversationType: 'personal' },
        serviceUrl: h.fake.url,
      }),
    );
    await h.app.idle();
    assert.match(cardText(h.lastCard(personal).card), /Your open steps[\s\S]*aunt[\s\S]*OVERDUE by 7 days/);
    const supChat = 'a:personal-sup';
    await postActivity(
      h.app.url,
      message({
        text: 'team steps',
        from: sup,
        conversation: { id: supChat, conversationType: 'personal' },
        serviceUrl: h.fake.url,
      }),
    );
    await h.app.idle();
    const team = cardText(h.lastCard(supChat).card);
    assert.match(team, /aunt about guardianship/);
    assert.doesNotMatch(team, /travel/, "team steps are the others' steps");
    // Having talked to the bot 1:1, reminders go to that chat: no new conversation is created for them.
    const createdFor = (id: string) =>
      h.fake.createdConversations.filter((c) => (c.parameters.members as { id: string }[])[0]?.id === id)
        .length;
    assert.equal(createdFor(cw.id), 1, 'the hand-over at `end` opened a 1:1 chat with him');
    await h.app.scheduler.drain();
    assert.ok(h.cards(personal).length >= 2);
    assert.equal(createdFor(cw.id), 1, 'the reminders after it went to the chat he talked in');
    assert.equal(createdFor(mp.id), 0, 'no reminders for someone without steps');
  });

  it('a user who blocked the bot (403): reminder marked undeliverable, the roundtable chat told once', async () => {
    await endedRoundtable(h, () =>
      h.fake.failNext({
        method: 'POST',
        match: (req) => req.operation === 'createConversation' && JSON.stringify(req.body).includes(cw.id),
        status: 403,
        count: 100,
      }),
    );
    // The hand-over was refused at `end`; a scheduler pass has nothing more to send today.
    assert.equal((await h.app.scheduler.tick()).claimed, 0);
    const undeliverable = (await reminders(h)).filter((x) => x.status === 'undeliverable');
    assert.equal(undeliverable.length, 1);
    assert.equal(undeliverable[0]?.ownerId, cw.id);
    const told = h.texts().filter((t) => /cannot receive follow-up reminders/.test(t));
    assert.equal(told.length, 1);
    assert.match(told[0]!, /Carlos Caseworker[\s\S]*Sana Supervisor, please/);
    clock.set('2026-11-30T14:00:00Z');
    await h.app.scheduler.tick();
    assert.equal(
      h.texts().filter((t) => /cannot receive follow-up reminders/.test(t)).length,
      1,
      'told once, not again',
    );
    assert.equal((await reminders(h)).filter((x) => x.status === 'undeliverable').length, 2);
    await h.say(fac, 'status');
    assert.match(cardText(h.lastCard().card), /Reminders cannot reach: Carlos Caseworker/);

    // The admin installs the app for him; a facilitator sends the undeliverable reminders again.
    h.fake.reset();
    await h.say(cw, 'reminders retry');
    assert.match(h.texts().at(-1) ?? '', /Only a facilitator/);
    await h.say(fac, 'reminders retry');
    assert.match(h.texts().at(-1) ?? '', /2 reminders for J\.T\. queued again/);
    await h.app.scheduler.drain();
    const afterRetry = (await reminders(h)).filter(
      (x) => x.ownerId === cw.id && Date.parse(x.dueAt) <= clock.t,
    );
    assert.equal(afterRetry.length, 2);
    assert.ok(
      afterRetry.every((x) => x.status === 'sent'),
      JSON.stringify(afterRetry.map((x) => [x.kind, x.status])),
    );
  });

  it('Teams throttling (429) on a reminder is retried later, then sent', async () => {
    // The hand-over goes at `end` (its 429 is in hand-over.test.ts): here the scheduler's pre-due nudge.
    await endedRoundtable(h);
    clock.set('2026-11-30T14:00:00Z'); // 3 days before 3 Dec, 09:00 in New York
    let throttling = true;
    h.fake.failNext({
      method: 'POST',
      pathIncludes: '/activities',
      match: () => throttling,
      status: 429,
      retryAfterSeconds: 0,
      count: Number.POSITIVE_INFINITY,
    });
    const first = await h.app.scheduler.tick();
    assert.equal(first.retried, 1);
    const waiting = await reminders(h);
    assert.ok(
      waiting.filter((x) => x.lastError === 'Error:429' || x.lastError?.endsWith(':429')).length >= 1,
      JSON.stringify(waiting.map((x) => x.lastError)),
    );
    throttling = false;
    clock.set('2026-11-30T17:00:00Z');
    await h.app.scheduler.drain();
    const sent = (await reminders(h)).filter((x) => Date.parse(x.dueAt) <= clock.t);
    assert.deepEqual(sent.map((x) => x.kind).sort(), ['assigned', 'assigned', 'plan', 'pre-due']);
    assert.ok(
      sent.every((x) => x.status === 'sent'),
      JSON.stringify(sent.map((x) => [x.kind, x.status, x.lastError])),
    );
  });

  it('two scheduler instances over one store send each reminder exactly once; a crash after claiming is retried after the lease', async () => {
    await endedRoundtable(h);
    clock.set('2026-12-23T15:00:00Z'); // everything is due
    const deliveries: string[] = [];
    const delivery: ReminderDelivery = {
      deliver: async (r) => {
        deliveries.push(r.id);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return 'sent';
      },
      reportUnreachable: async () => {},
    };
    const store = new CosmosFollowUpStore(h.database.database);
    const make = (id: string) =>
      new ReminderScheduler({
        store,
        followUp: h.app.followUp,
        delivery,
        instanceId: id,
        now: clock.now,
        batchSize: 50,
      });

    // Instance C claims one reminder and "crashes" before sending.
    const due = await store.dueReminders(clock.now(), 1);
    const victim = due[0]!;
    await store.replaceReminder(
      { ...victim.value, claimedBy: 'C', claimUntil: new Date(clock.t + 120_000).toISOString(), attempts: 1 },
      victim.etag,
    );

    await Promise.all([make('A').drain(), make('B').drain()]);
    const counts = new Map<string, number>();
    for (const id of deliveries) counts.set(id, (counts.get(id) ?? 0) + 1);
    assert.ok(
      [...counts.values()].every((n) => n === 1),
      'no reminder sent twice',
    );
    assert.ok(!counts.has(victim.value.id), 'a leased reminder waits for its lease');

    clock.t += 121_000;
    await Promise.all([make('A').drain(), make('B').drain()]);
    assert.equal(
      deliveries.filter((id) => id === victim.value.id).length,
      1,
      'sent once after the lease expired',
    );
  });

  it('closing the plan with an outcome stops follow-up', async () => {
    await endedRoundtable(h);
    await h.app.scheduler.tick();
    const personal = 'a:personal-cw2';
    await postActivity(
      h.app.url,
      message({
        text: 'my reviews',
        from: cw,
        conversation: { id: personal, conversationType: 'personal' },
        serviceUrl: h.fake.url,
      }),
    );
    await h.app.idle();
    const review = h.lastCard(personal);
    assert.match(cardText(review.card), /Follow-up review/);
    invokeCard(
      await h.click(cw, review, FOLLOW_UP_VERBS.review, {
        conversation: personal,
        inputs: { [followUpInputs.rating(0)]: 'good' },
      }),
    );
    const closed = invokeCard(
      await h.click(cw, review, FOLLOW_UP_VERBS.review, {
        conversation: personal,
        inputs: { outcome: 'guardianship' },
      }),
    );
    assert.match(cardText(closed), /Plan closed/);
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    const plan = (await roundtableView(h.app.domain, rt!.id))!.plan;
    assert.equal(plan.closed?.outcome, 'guardianship');
    assert.equal(plan.ratingHistory?.[0]?.ratings['J.T.'], 'good');
    assert.equal((await reminders(h)).filter((x) => x.status === 'pending').length, 0);
  });
});
