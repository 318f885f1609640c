/**
 * Issue #9 through real HTTP on the in-memory stores (rules of the practice, not of storage): preparation
 * picked up by `start`,
 * invitations, plan ownership (proposals, the family-team-meeting step, draft → reviewed), barrier
 * busting in the room, and a whole practice roundtable kept out of the reports.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { Reminder } from '../../bot/reminders/types.js';
import { barrierAnswerRegister, listBarrierAnswers } from '../../bot/roundtable/barrier-answers.js';
import { meetingTimeText } from '../../bot/roundtable/meeting-time.js';
import { PRACTICE_ALIAS } from '../../bot/roundtable/practice.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { INPUTS, PREPARATION_INPUTS, PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS, followUpInputs } from '../../cards/follow-up-cards.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  type Person,
  people,
  postActivity,
} from '../support/activities.js';
import {
  actions,
  cardText,
  Harness,
  invokeCard,
  invokeRefusal,
  type PostedCard,
} from '../support/harness.js';
import { personalChat, postPersonally } from '../support/personal-chat.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp, leader } = people;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

/** Someone types in their 1:1 chat with the bot. */
async function sayPersonal(h: Harness, from: Person, text: string): Promise<void> {
  await postPersonally(h, from, text);
  await h.app.idle();
}

/** Presses a button on a 1:1 card. */
async function clickPersonal(
  h: Harness,
  from: Person,
  posted: PostedCard,
  verb: string,
  inputs: Record<string, unknown> = {},
  conversation = personalChat(from),
) {
  const action = actions(posted.card).find((a) => a.verb === verb);
  assert.ok(action, `no ${verb} on the card`);
  const res = await postActivity(
    h.app.url,
    cardAction({
      verb,
      data: { ...(action.data as Record<string, unknown>), ...inputs },
      from,
      conversation: { id: conversation, conversationType: 'personal' },
      serviceUrl: h.fake.url,
      replyToId: posted.activityId,
    }),
  );
  await h.app.idle();
  return res as Parameters<typeof invokeCard>[0];
}

/** A message in the meeting chat that @mentions other people (as Teams sends it). */
async function sayWithMentions(h: Harness, from: Person, text: string, mentioned: Person[]): Promise<void> {
  const activity = message({ text, from, serviceUrl: h.fake.url, mentionBot: true });
  (activity as Activity).entities = [
    ...((activity as Activity).entities ?? []),
    ...mentioned.map((p) => ({
      type: 'mention',
      text: `<at>${p.name}</at>`,
      mentioned: { id: p.id, name: p.name },
    })),
  ];
  await postActivity(h.app.url, activity);
  await h.app.idle();
}

/** Joins from the Welcome card; a role with rights is confirmed by the facilitator (roles are given, not taken). */
/** The last card everyone shares (not a phase's form message, where people type). */
function shared(h: Harness): PostedCard {
  return h
    .cards()
    .filter((c) => !cardText(c.card).includes('this form is not redrawn'))
    .at(-1)!;
}

async function join(h: Harness, _welcome: PostedCard, who: [Person, string][]) {
  for (const [p, role] of who) invokeCard(await h.joinAs(p, role));
}

describe('around the roundtable (issue #9)', function () {
  this.timeout(60000);
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ storage: 'memory', teams: 'lenient' });
  });
  afterEach(async () => {
    await h.close();
  });

  it('preparation: saved in a 1:1 chat, attached by its preparer once on the roster, confirmed at Present', async () => {
    // Not in a group chat.
    await h.say(cw, 'prepare K.L.');
    assert.match(h.texts().at(-1) ?? '', /1:1 chat/);

    await sayPersonal(h, cw, 'prepare K.L.');
    const card = h.lastCard(personalChat(cw));
    assert.match(cardText(card.card), /Preparation \(draft\)/);
    const saved = invokeCard(
      await clickPersonal(h, cw, card, PREPARATION_VERBS.save, {
        [PREPARATION_INPUTS.youthLiving]: 'With my grandmother, near my school ${x}',
        [PREPARATION_INPUTS.youthMatters]: 'My little brother and coach R.',
        [PREPARATION_INPUTS.family]: 'Grandmother is willing to be assessed',
        [PREPARATION_INPUTS.stakeholders]: '',
        [INPUTS.caseChildren]: 'K.L., 13',
        [INPUTS.caseTimeInCare]: '2 years',
        [INPUTS.caseTried]: 'Two kinship searches',
      }),
    );
    assert.match(cardText(saved), /Preparation saved as a draft/);
    assert.match(JSON.stringify(saved), /With my grandmother, near my school \$\{x\}/);

    // Someone else preparing the same alias gets their own, empty draft: nothing about the caseworker's.
    await sayPersonal(h, sup, 'prepare K.L.');
    const supCard = h.lastCard(personalChat(sup));
    assert.doesNotMatch(JSON.stringify(supCard.card), /grandmother|Someone else/);

    // `start` does not pick a draft up by alias; the preparer attaches it once on the roster.
    await h.say(fac, 'start K.L.');
    await h.say(fac, 'next');
    assert.doesNotMatch(cardText(shared(h).card), /grandmother/, 'not shown before the preparer attaches it');
    await h.say(fac, 'back');
    await join(h, h.lastCard(), [[cw, 'caseworker']]);
    await h.say(fac, 'next');
    assert.doesNotMatch(cardText(shared(h).card), /grandmother/, 'joining alone does not attach it');
    await h.say(fac, 'back');
    await h.say(cw, 'prepare attach');
    assert.match(h.texts().at(-1) ?? '', /Your preparation for K\.L\. is attached/);
    await h.say(fac, 'next');
    const present = h.lastCard().form!; // the form message, under the Present card
    const presentText = cardText(shared(h).card);
    assert.match(presentText, /Youth and family voice/);
    assert.match(presentText, /near my school \$\{x\}/);
    assert.match(cardText(present.card), /Pre-filled from the preparation/);
    assert.match(JSON.stringify(present.card), /"value":"Two kinship searches"/, 'the form is pre-filled');

    // The caseworker confirms the summary by saving it.
    const confirmed = invokeCard(
      await h.click(cw, present, VERBS.caseSummary, {
        inputs: { [INPUTS.caseChildren]: 'K.L., 13', [INPUTS.caseTried]: 'Two kinship searches' },
      }),
    );
    assert.match(cardText(confirmed), /Case summary saved/);
    assert.doesNotMatch(cardText(confirmed), /Pre-filled from the preparation/);

    await h.say(fac, 'go brainstorm');
    assert.match(cardText(shared(h).card), /Youth and family voice[\s\S]*My little brother/);

    // The draft moved into the roundtable's partition: no draft is left to be picked up twice.
    const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
    const store = h.stores.records;
    assert.ok(await store.getPreparation(rt!.id));
    await sayPersonal(h, cw, 'prepare K.L.');
    assert.doesNotMatch(cardText(h.lastCard(personalChat(cw)).card), /Draft saved/);
  });

  it('invitations: 1:1 card with date, roles and ground rules; who confirmed is recorded and shown', async () => {
    await h.say(fac, 'start J.T.');
    await sayWithMentions(h, cw, `invite caseworker Carlos Caseworker on ${inDays(7)} 14:00`, [cw]);
    assert.match(h.texts().at(-1) ?? '', /Only a facilitator/);
    await sayWithMentions(
      h,
      fac,
      `invite caseworker Carlos Caseworker Sana Supervisor on ${inDays(7)} 14:00`,
      [cw, sup],
    );
    assert.match(h.texts().at(-1) ?? '', /Invitation sent to Carlos Caseworker, Sana Supervisor/);
    const cards = h.personalCards();
    const invitation = cards.get(cw.id)?.[0];
    assert.ok(invitation, 'the caseworker got a 1:1 card');
    const text = cardText(invitation.card);
    // The time given (in the agency's zone, UTC here) shown in Carlos's own zone, as Teams told it.
    assert.ok(text.includes(meetingTimeText(`${inDays(7)} 14:00`, 'UTC', 'America/New_York')), text);
    assert.match(text, /Your role: [\s\S]*Caseworker/);
    assert.match(text, /Ground rules[\s\S]*confidential/);
    const conversation = h.fake.createdConversations.find(
      (c) => (c.parameters.members as { id: string }[])[0]?.id === cw.id,
    )!.id;
    // Only the invitee can answer their invitation.
    const stolen = await clickPersonal(h, sup, invitation, PREPARATION_VERBS.confirm, {}, conversation);
    invokeRefusal(stolen, 'forbidden');
    const answered = invokeCard(
      await clickPersonal(h, cw, invitation, PREPARATION_VERBS.confirm, {}, conversation),
    );
    assert.match(cardText(answered), /You confirmed/);
    const welcome = cardText(h.cards()[0]!.card);
    assert.match(welcome, /Invited: 2 · confirmed: 1/);
    assert.match(welcome, /Carlos Caseworker[\s\S]*confirmed/);
    assert.match(welcome, /Sana Supervisor[\s\S]*no answer yet/);
  });

  it('plan ownership: a non-owner proposes, the caseworker accepts; the family-team-meeting step; draft → reviewed', async () => {
    await h.say(fac, 'start J.T.');
    await join(h, h.lastCard(), [
      [cw, 'caseworker'],
      [sup, 'supervisor'],
      [mp, 'master-practitioner'],
    ]);
    await h.say(fac, 'go plan');
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    let view = (await roundtableView(h.app.domain, rt.id))!;
    const ftm = view.contributions.find(
      (c): c is PlanStep => c.kind === 'step' && c.suggested === 'family-team-meeting',
    );
    assert.ok(ftm, 'a new plan starts with the family-team-meeting step');
    assert.equal(ftm.owner.id, cw.id);
    assert.equal(ftm.dueDate, inDays(30));
    assert.equal(ftm.proposed, undefined);
    assert.match(cardText(h.lastCard().card), /Hold a family team meeting to review this plan/);

    // The consultant's step is a proposal; the caseworker's is applied.
    invokeCard(
      await h.click(mp, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Try a mentoring programme',
          [INPUTS.stepOwner]: sup.id,
          [INPUTS.stepDue]: inDays(20),
        },
      }),
    );
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Search paternal relatives',
          [INPUTS.stepOwner]: cw.id,
          [INPUTS.stepDue]: inDays(14),
        },
      }),
    );
    view = (await roundtableView(h.app.domain, rt.id))!;
    const proposal = view.contributions.find(
      (c): c is PlanStep => c.kind === 'step' && c.text.startsWith('Try a mentoring'),
    )!;
    const applied = view.contributions.find(
      (c): c is PlanStep => c.kind === 'step' && c.text.startsWith('Search paternal'),
    )!;
    assert.equal(proposal.proposed, true);
    assert.equal(applied.proposed, undefined);
    assert.match(cardText(h.lastCard().card), /PROPOSAL by Morgan Consultant/);

    // The consultant can neither accept nor remove someone else's accepted step.
    const notOwner = invokeRefusal(
      await h.click(mp, h.lastCard(), VERBS.stepAccept, { target: proposal.id }),
      'forbidden',
    );
    assert.match(notOwner.message, /only they \(or a facilitator on their behalf\) accept/);
    const noRemove = invokeRefusal(
      await h.click(mp, h.lastCard(), VERBS.stepRemove, { target: applied.id }),
      'forbidden',
    );
    assert.match(noRemove.message, /only they \(or a facilitator\) can remove/);

    // A second proposal stays unaccepted to the end; the first one is accepted with a new due date.
    invokeCard(
      await h.click(mp, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Unaccepted idea',
          [INPUTS.stepOwner]: mp.id,
          [INPUTS.stepDue]: inDays(5),
        },
      }),
    );
    const accepted = invokeCard(
      await h.click(sup, h.lastCard(), VERBS.stepAccept, {
        target: proposal.id,
        inputs: { [`${INPUTS.stepEditDuePrefix}${proposal.id}`]: inDays(21) },
      }),
    );
    assert.match(cardText(accepted), /Accepted into the plan/);
    const now = (await h.app.followUp.step(rt.id, proposal.id))!;
    assert.equal(now.proposed, false);
    assert.equal(now.acceptedBy?.id, sup.id);
    assert.equal(now.dueDate, inDays(21));

    // End: reminders follow accepted steps only.
    await h.say(fac, 'end confirm');
    const followUps = h.stores.followUp;
    const reminders: Reminder[] = (await followUps.remindersOf(rt.id)).map((r) => r.value);
    const unaccepted = (await roundtableView(h.app.domain, rt.id))!.contributions.find(
      (c): c is PlanStep => c.kind === 'step' && c.text === 'Unaccepted idea',
    )!;
    assert.ok(reminders.some((r) => r.stepId === proposal.id));
    assert.ok(reminders.some((r) => r.stepId === ftm.id));
    assert.ok(!reminders.some((r) => r.stepId === unaccepted.id), 'no reminder follows a proposal');
    assert.ok(!reminders.some((r) => r.ownerId === mp.id), 'the proposer of an unaccepted step gets nothing');
    assert.match(cardText(h.lastCard().card), /Unaccepted idea[\s\S]*PROPOSAL, not accepted/);

    // The family team meeting is recorded from the 1:1 review card: the plan leaves draft.
    assert.equal((await roundtableView(h.app.domain, rt.id))!.plan.draft, true);
    await sayPersonal(h, cw, 'my reviews');
    const review = h.lastCard(personalChat(cw));
    assert.match(cardText(review.card), /DRAFT until reviewed with the youth and family/);
    const future = invokeCard(
      await clickPersonal(h, cw, review, FOLLOW_UP_VERBS.familyReview, {
        [followUpInputs.familyDate]: inDays(3),
        [followUpInputs.familyParticipants]: 'J.T., grandmother',
        [followUpInputs.familyChanges]: 'none',
      }),
    );
    assert.match(cardText(future), /once it has taken place/);
    // A record naming the youth's mother in full is echoed to the group: a warning, the text kept, "Keep as written".
    const named = invokeCard(
      await clickPersonal(h, cw, review, FOLLOW_UP_VERBS.familyReview, {
        [followUpInputs.familyDate]: today(),
        [followUpInputs.familyParticipants]: 'J.T., his mother Maria Lopez',
        [followUpInputs.familyChanges]: 'none',
      }),
    );
    assert.match(cardText(named), /looks like it names a person in full/);
    assert.match(JSON.stringify(named), /Maria Lopez/, 'the typed text is kept');
    assert.ok(actions(named).some((a) => a.title === 'Keep as written'));
    assert.equal((await roundtableView(h.app.domain, rt.id))!.plan.draft, true, 'nothing recorded yet');
    const recorded = invokeCard(
      await clickPersonal(h, cw, review, FOLLOW_UP_VERBS.familyReview, {
        [followUpInputs.familyDate]: today(),
        [followUpInputs.familyParticipants]: 'J.T., grandmother, caseworker',
        [followUpInputs.familyChanges]: 'J.T. wants visits on Saturdays',
        [followUpInputs.familyYouthTookPart]: 'yes',
        [followUpInputs.familyYouthSaid]: 'Saturdays with grandmother, please',
      }),
    );
    assert.match(cardText(recorded), /no longer a draft/);
    assert.ok(
      JSON.stringify(review.card).includes(followUpInputs.familyYouthSaid),
      'the record asks what the youth said',
    );
    const after = (await roundtableView(h.app.domain, rt.id))!;
    assert.equal(after.plan.draft, false);
    assert.equal(after.plan.familyReview?.participants, 'J.T., grandmother, caseworker');
    assert.equal((await h.app.followUp.step(rt.id, ftm.id))?.status, 'done');
    assert.match(cardText(h.lastCard().card), /Reviewed with the youth and family on/);
    assert.equal(after.plan.familyReview?.youthTookPart, true);
    assert.equal(after.plan.familyReview?.youthSaid, 'Saturdays with grandmother, please');
    assert.match(
      cardText(h.lastCard().card),
      /The youth took part\. The youth said: Saturdays with grandmother/,
    );
    assert.doesNotMatch(cardText(h.lastCard().card), /DRAFT/);
  });

  it('barrier busting: solved now, needs a decision (into the register), not a barrier; shown on the cards', async () => {
    await h.say(fac, 'start J.T.');
    await join(h, h.lastCard(), [
      [cw, 'caseworker'],
      [leader, 'barrier-buster'],
    ]);
    await h.say(fac, 'go brainstorm');
    const ideas = [
      ['q2', 'Waive the home study rule for the aunt', 'policy'],
      ['q3', 'Court will not allow contact with the father', 'legal'],
      ['q4', 'No funding for travel to visits', 'funding'],
    ] as const;
    for (const [q, text, barrier] of ideas) {
      invokeCard(
        await h.click(cw, h.lastCard(), VERBS.idea, {
          inputs: { [INPUTS.ideaQuestion]: q, [INPUTS.ideaText]: text, [INPUTS.ideaBarrier]: barrier },
        }),
      );
    }
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    const idOf = async (prefix: string) =>
      (await roundtableView(h.app.domain, rt.id))!.contributions.find(
        (c) => c.kind === 'idea' && c.text.startsWith(prefix),
      )!.id;
    const waiver = await idOf('Waive');
    const court = await idOf('Court');
    const travel = await idOf('No funding');
    assert.match(cardText(shared(h).card), /Barrier busting \(3\)[\s\S]*Lee Leader/);

    // Only barrier busters (or a facilitator) answer.
    const refused = invokeRefusal(
      await h.click(cw, shared(h), VERBS.barrierNone, { target: court }),
      'forbidden',
    );
    assert.match(refused.message, /Barrier busters on the roster answer/);
    // Solved now needs the decision.
    const empty = invokeCard(await h.click(leader, shared(h), VERBS.barrierSolved, { target: waiver }));
    assert.match(cardText(empty), /Say what was decided/);
    invokeCard(
      await h.click(leader, shared(h), VERBS.barrierSolved, {
        target: waiver,
        inputs: { [`${INPUTS.barrierDecisionPrefix}${waiver}`]: 'Waiver granted today' },
      }),
    );
    invokeCard(
      await h.click(leader, shared(h), VERBS.barrierDecision, {
        target: court,
        inputs: {
          [`${INPUTS.barrierOwnerPrefix}${court}`]: leader.id,
          [`${INPUTS.barrierDuePrefix}${court}`]: inDays(30),
        },
      }),
    );
    invokeCard(await h.click(leader, shared(h), VERBS.barrierNone, { target: travel }));
    const everyone = cardText(shared(h).card);
    assert.match(
      everyone,
      /Waive the home study rule[\s\S]*Can be solved now: Waiver granted today \(Lee Leader\)/,
    );
    assert.match(everyone, /Needs a policy\/legal decision: Lee Leader takes it up, due/);
    assert.match(everyone, /Not a barrier \(Lee Leader\)/);

    const barriers = await listBarrierAnswers(h.app.domain, rt.id);
    assert.deepEqual(barriers.map((b) => b.answer.kind).sort(), [
      'needs-decision',
      'not-a-barrier',
      'solved-now',
    ]);
    const register = await barrierAnswerRegister(h.app.domain);
    assert.deepEqual(
      register.map((b) => [b.ideaId, b.category, b.answer.owner?.id, b.registerStatus]),
      [[court, 'legal', leader.id, 'open']],
    );

    // The answers show in the plan too, and in the summary.
    await h.say(fac, 'next');
    assert.match(cardText(shared(h).card), /Barrier busting \(3\)[\s\S]*Waiver granted today/);
    await h.say(fac, 'end confirm');
    assert.match(cardText(h.lastCard().card), /Court will not allow[\s\S]*Needs a policy\/legal decision/);
  });

  it('a whole practice roundtable: PRACTICE on every card, reminders only to participants at the end, out of the reports, deleted later', async () => {
    const clock = { t: Date.now() };
    await h.close();
    h = await Harness.start({ storage: 'memory', teams: 'lenient', now: () => new Date(clock.t) });
    // A real roundtable in another chat, for comparison in the reports.
    const realChat = '19:real-chat@thread.v2';
    await h.say(fac, 'start R.E.', realChat);
    await h.joinAs(cw, 'caseworker', { conversation: realChat });
    await h.say(fac, 'go plan', realChat);
    await h.say(fac, 'end confirm', realChat);

    await h.say(fac, 'start practice');
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    assert.equal(rt.practice, true);
    assert.equal(rt.caseAlias, PRACTICE_ALIAS);
    await join(h, h.lastCard(), [
      [cw, 'caseworker'],
      [sup, 'supervisor'],
      [leader, 'barrier-buster'],
    ]);
    await h.say(fac, 'next');
    assert.match(cardText(shared(h).card), /Youth and family voice[\s\S]*M\.R\. \(14\)/);
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.caseSummary, {
        inputs: { [INPUTS.caseChildren]: 'M.R., 14\nL.R., 10\nA.R., 5' },
      }),
    );
    await h.say(fac, 'next');
    invokeCard(
      await h.click(sup, h.lastCard(), VERBS.question, {
        inputs: { [INPUTS.questionText]: 'Has the father’s side been searched?' },
      }),
    );
    await h.say(fac, 'next');
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.idea, {
        inputs: {
          [INPUTS.ideaQuestion]: 'q2',
          [INPUTS.ideaText]: 'Housing grant for Aunt D.',
          [INPUTS.ideaBarrier]: 'funding',
        },
      }),
    );
    const idea = (await roundtableView(h.app.domain, rt.id))!.contributions.find((c) => c.kind === 'idea')!;
    invokeCard(
      await h.click(leader, shared(h), VERBS.barrierDecision, {
        target: idea.id,
        inputs: {
          [`${INPUTS.barrierOwnerPrefix}${idea.id}`]: leader.id,
          [`${INPUTS.barrierDuePrefix}${idea.id}`]: inDays(10),
        },
      }),
    );
    await h.say(fac, 'next');
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.step, {
        inputs: {
          [INPUTS.stepText]: 'Ask Aunt D. about guardianship',
          [INPUTS.stepOwner]: cw.id,
          [INPUTS.stepDue]: inDays(10),
        },
      }),
    );
    await h.say(fac, 'next');
    await h.say(fac, 'end');
    invokeCard(await h.click(fac, h.lastCard(), VERBS.endConfirm));
    await h.say(fac, 'status');
    for (const { card } of h.cards()) {
      assert.match(cardText(card), /PRACTICE roundtable on a fictional case/, 'PRACTICE on every card');
    }

    // Reminders: only the participants, at once (sent at `end`, no scheduler pass), and nothing after the session.
    const followUps = h.stores.followUp;
    const practiceReminders = (await followUps.remindersOf(rt.id)).map((x) => x.value);
    assert.ok(practiceReminders.every((x) => x.kind === 'assigned' || x.kind === 'plan'));
    assert.ok(
      practiceReminders.every((x) => x.status === 'sent'),
      JSON.stringify(practiceReminders.map((x) => [x.kind, x.status])),
    );
    const roster = (await roundtableView(h.app.domain, rt.id))!.roundtable.roster.map((p) => p.id);
    assert.ok(practiceReminders.length > 0);
    assert.ok(
      practiceReminders.every((x) => roster.includes(x.ownerId)),
      'only people who took part',
    );
    const got = h.personalCards().get(cw.id) ?? [];
    assert.ok(got.some((c) => /PRACTICE R\. siblings/.test(cardText(c.card))));

    // The practising user's own lists show the practice plan, marked PRACTICE (the README's step 9);
    // reports (the barrier register) hold the real roundtable only.
    await sayPersonal(h, cw, 'my steps');
    const mySteps = cardText(h.lastCard(personalChat(cw)).card);
    assert.match(mySteps, /R\.E\./);
    assert.match(mySteps, /PRACTICE R\. siblings[\s\S]*Aunt D\./);
    await sayPersonal(h, cw, 'my reviews');
    assert.match(JSON.stringify(h.cards(personalChat(cw))), /PRACTICE R\. siblings/);
    assert.deepEqual(await barrierAnswerRegister(h.app.domain), []);
    assert.equal(
      (await h.app.followUp.reviewsFor(cw.id)).some((x) => x.roundtable.practice),
      true,
    );

    // Deleted after the retention time (a pass of the reminder loop; nothing held in memory).
    assert.equal((await h.app.scheduler.tick()).deleted, 0);
    clock.t += 8 * 86400000;
    assert.equal((await h.app.scheduler.tick()).deleted, 1);
    assert.equal(await roundtableView(h.app.domain, rt.id), undefined);
    assert.equal(await forChat(h.app.domain, MEETING_CHAT_ID), undefined);
    assert.deepEqual(await followUps.remindersOf(rt.id), []);
    assert.ok(await forChat(h.app.domain, realChat), 'the real roundtable stays');
  });
});
