/**
 * Follow-up that cannot go wrong (#24 item 5), over real HTTP in the 1:1 chat: "Done" on the family-team-meeting
 * step opens its record, confirmations name the step.
 */
import assert from 'node:assert/strict';
import { forChat, getRoundtable, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { FOLLOW_UP_VERBS, followUpInputs } from '../../cards/follow-up-cards.js';
import { cardAction, MEETING_CHAT_ID, type Person, people, postActivity } from '../support/activities.js';
import { endedWithSteps } from '../support/ended-roundtable.js';
import { actions, cardText, Harness, invokeCard, type PostedCard } from '../support/harness.js';
import { personalChat, postPersonally } from '../support/personal-chat.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function sayPersonal(h: Harness, from: Person, text: string): Promise<PostedCard> {
  await postPersonally(h, from, text);
  await h.app.idle();
  return h.lastCard(personalChat(from));
}

/** Presses `verb` on a 1:1 card (the action for `step` when given). */
async function clickPersonal(
  h: Harness,
  from: Person,
  posted: PostedCard | { card: object; activityId?: string },
  verb: string,
  opts: { step?: string; inputs?: Record<string, unknown> } = {},
) {
  const action = actions(posted.card as PostedCard['card']).find(
    (a) => a.verb === verb && (!opts.step || (a.data as { step?: string }).step === opts.step),
  );
  assert.ok(action, `no ${verb} on the card`);
  const replyTo: string | undefined = posted.activityId;
  const res = await postActivity(
    h.app.url,
    cardAction({
      verb,
      data: { ...(action.data as Record<string, unknown>), ...opts.inputs },
      from,
      conversation: { id: personalChat(from), conversationType: 'personal' },
      serviceUrl: h.fake.url,
      replyToId: replyTo ?? '',
    }),
  );
  await h.app.idle();
  return res as Parameters<typeof invokeCard>[0];
}

/** An ended roundtable: the family-team-meeting step and "Call the aunt", both the caseworker's. */
async function ended(
  h: Harness,
  extras: { text: string; owner: Person; due: string; supporter?: string }[] = [],
): Promise<{ ftm: PlanStep; aunt: PlanStep; rtId: string; steps: PlanStep[] }> {
  await endedWithSteps(h, [{ text: 'Call the aunt', owner: cw, due: inDays(10) }, ...extras]);
  const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
  const steps = (await roundtableView(h.app.domain, rt.id))!.contributions.filter(
    (c): c is PlanStep => c.kind === 'step',
  );
  return {
    ftm: steps.find((s) => s.suggested === 'family-team-meeting')!,
    aunt: steps.find((s) => s.text === 'Call the aunt')!,
    rtId: rt.id,
    steps,
  };
}

describe('follow-up that cannot go wrong', function () {
  this.timeout(60000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ storage: 'memory', teams: 'lenient' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('Done on the family-team-meeting step opens its record; recording it ends the draft', async () => {
    const { ftm, rtId } = await ended(h);
    assert.ok(ftm, 'the plan has the family-team-meeting step');
    const mine = await sayPersonal(h, cw, 'my steps');
    const answer = invokeCard(await clickPersonal(h, cw, mine, FOLLOW_UP_VERBS.done, { step: ftm.id }));
    const text = cardText(answer);
    assert.match(
      text,
      new RegExp(`Marked done: ${ftm.text.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    assert.match(text, /Family team meeting · \s*J\.T\./);
    assert.ok(JSON.stringify(answer).includes(`"id":"${followUpInputs.familyDate}"`), 'the record is open');
    assert.equal(
      (await roundtableView(h.app.domain, rtId))!.plan.draft,
      true,
      'still a draft until recorded',
    );
    const recorded = invokeCard(
      await clickPersonal(h, cw, { card: answer }, FOLLOW_UP_VERBS.familyReview, {
        inputs: {
          [followUpInputs.familyDate]: today(),
          [followUpInputs.familyParticipants]: 'J.T., grandmother, caseworker',
          [followUpInputs.familyChanges]: 'none',
        },
      }),
    );
    assert.match(cardText(recorded), /no longer a draft/);
    assert.equal((await roundtableView(h.app.domain, rtId))!.plan.draft, false);
  });

  it('confirmations name the step ("Marked done: Call the aunt")', async () => {
    const { aunt } = await ended(h);
    const mine = await sayPersonal(h, cw, 'my steps');
    const noted = invokeCard(
      await clickPersonal(h, cw, mine, FOLLOW_UP_VERBS.note, {
        step: aunt.id,
        inputs: { [followUpInputs.note(aunt.id)]: 'Left a message' },
      }),
    );
    assert.match(cardText(noted), /Note added to: Call the aunt/);
    const done = invokeCard(await clickPersonal(h, cw, mine, FOLLOW_UP_VERBS.done, { step: aunt.id }));
    assert.match(cardText(done), /Marked done: Call the aunt\. Its reminders have stopped\./);
  });

  it('the next review is due on every 1:1 card and the plan summary; steps by due date', async () => {
    const { rtId } = await ended(h);
    const rt = (await getRoundtable(h.app.domain, rtId))!;
    const every = h.app.followUp.settings.reviewEveryDays;
    const due = new Date(Date.parse(rt.endedAt!) + every * 86_400_000).toISOString().slice(0, 10);
    // The plan summary posted at the end, by due date: "Call the aunt" (10 days) before the family team meeting (30).
    const summary = cardText(h.cards().at(-1)!.card);
    assert.match(summary, new RegExp(`next follow-up review due ${due}`));
    assert.match(summary, /Call the aunt[\s\S]*family team meeting/);
    const mine = cardText((await sayPersonal(h, cw, 'my steps')).card);
    assert.match(mine, new RegExp(`Next plan review due ${due}`));
    assert.match(mine, /Call the aunt[\s\S]*family team meeting/);
    const review = cardText((await sayPersonal(h, cw, 'my reviews')).card);
    assert.match(review, new RegExp(`next review due ${due}`));
    assert.match(review, /Call the aunt[\s\S]*family team meeting/);
  });

  it('team steps: grouped by caseworker, whoever has overdue steps first, each by due date', async () => {
    const { steps } = await ended(h, [
      { text: 'Find a mentor', owner: fac, due: inDays(20) },
      { text: 'Ask the school for records', owner: fac, due: inDays(12) },
    ]);
    // The facilitator's school step fell overdue.
    const school = steps.find((s) => s.text === 'Ask the school for records')!;
    const found = await h.stores.roundtables.getContribution(school.roundtableId, school.id);
    await h.stores.roundtables.replaceContribution({ ...school, dueDate: inDays(-3) }, found!.etag);
    const team = cardText((await sayPersonal(h, sup, 'team steps')).card);
    // A heading where each caseworker's group starts: the facilitator's (overdue) first.
    const headings = team.split('\n').filter((l) => l === fac.name || l === cw.name);
    assert.deepEqual(headings, [fac.name, cw.name]);
    const order = ['Ask the school', 'Find a mentor', 'Call the aunt', 'family team meeting'].map((t) =>
      team.indexOf(t),
    );
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0))),
      `order ${order.join(', ')}: ${team}`,
    );
  });

  it('the supporter chosen on a step is reminded too, and those reminders stop with the step', async () => {
    const { steps, rtId } = await ended(h, [
      { text: 'Visit the group home', owner: cw, due: inDays(12), supporter: sup.id },
    ]);
    const visit = steps.find((s) => s.text === 'Visit the group home')!;
    assert.ok(typeof visit.supporter === 'object', 'stored as a person');
    assert.equal(visit.supporter.id, sup.id);
    assert.equal(visit.supporter.name, sup.name);
    const forStep = async () =>
      (await h.stores.followUp.remindersOf(rtId)).map((r) => r.value).filter((r) => r.stepId === visit.id);
    const supporters = (await forStep()).filter((r) => r.ownerId === sup.id);
    assert.deepEqual(supporters.map((r) => r.kind).sort(), ['due', 'pre-due'], 'planned with the step');
    assert.ok(supporters.every((r) => r.status === 'pending'));
    const mine = await sayPersonal(h, cw, 'my steps');
    invokeCard(await clickPersonal(h, cw, mine, FOLLOW_UP_VERBS.done, { step: visit.id }));
    const after = (await forStep()).filter((r) => r.ownerId === sup.id);
    assert.deepEqual(
      after.map((r) => r.status),
      ['cancelled', 'cancelled'],
      "cancelled with the step's",
    );
  });
});
