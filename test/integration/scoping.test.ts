import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import JSZip from 'jszip';
import { FAMILY_MEETING_STEP_ID } from '../../bot/roundtable/plan-ownership.js';
import type { BarrierRegisterEntry } from '../../bot/roundtable/records.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { CosmosPreparationStore } from '../../bot/store/cosmos-preparation-store.js';
import { CosmosProgrammeStore } from '../../bot/store/cosmos-programme-store.js';
import { PREPARATION_INPUTS, PREPARATION_VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS, followUpInputs } from '../../cards/follow-up-cards.js';
import { PROGRAMME_VERBS } from '../../cards/programme-cards.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  message,
  type Person,
  people,
  personalMessage,
  postActivity,
  TEST_TENANT_ID,
} from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { openDownload } from '../support/download.js';
import {
  cardText,
  findAction,
  Harness,
  type InvokeResult,
  invokeCard,
  invokeRefusal,
} from '../support/harness.js';
import {
  cardsInCreatedChats,
  downloadLink,
  endedRoundtable as endedRoundtableOf,
} from '../support/personal-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant, leader, outsider } = people;
const SECOND_CHAT = '19:meeting_U2NvcGluZy1zZWNvbmQ@thread.v2';
const OTHER_TENANT = '0b5e6b8e-0000-4000-8000-00000000b0b0';
/** A configured leader of the other tenant. */
const leaderB: Person = {
  id: '29:leadB',
  name: 'Bea Leader',
  aadObjectId: '00000000-0000-4000-8000-0000000000b7',
  userPrincipalName: 'bea@other.example',
  role: 'leader',
};

const personalChat = (p: Person) => `a:1personal-${p.id.replace(/^29:/, '')}`;

async function sayPersonal(h: Harness, from: Person, text: string, tenantId = TEST_TENANT_ID) {
  await postActivity(h.app.url, personalMessage({ text, from, serviceUrl: h.fake.url, tenantId }));
  await h.app.idle();
}

/** A click on a 1:1 card, as Teams sends it from the person's 1:1 chat. */
async function invokePersonal(
  h: Harness,
  from: Person,
  verb: string,
  data: Record<string, unknown>,
  tenantId = TEST_TENANT_ID,
): Promise<InvokeResult> {
  const res = await postActivity(
    h.app.url,
    cardAction({
      verb,
      data,
      from,
      tenantId,
      conversation: { id: personalChat(from), conversationType: 'personal' },
      serviceUrl: h.fake.url,
      replyToId: 'card-1',
    }),
  );
  await h.app.idle();
  return res as InvokeResult;
}

/** A message in a group chat that @mentions other people (as Teams sends it). */
async function sayWithMentions(h: Harness, from: Person, text: string, mentioned: Person[]) {
  const activity = message({ text, from, serviceUrl: h.fake.url, mentionBot: true });
  (activity as Activity).entities = [
    ...((activity as Activity).entities ?? []),
    ...mentioned.map((p) => ({
      type: 'mention',
      text: `<at>${p.name}</at>`,
      mentioned: { id: p.id, name: p.name },
    })),
  ];
  (activity as Activity).text =
    `${(activity as Activity).text} ${mentioned.map((p) => `<at>${p.name}</at>`).join(' ')}`;
  await postActivity(h.app.url, activity);
  await h.app.idle();
}

/** The plain text of the Word case file behind the last download link a person got. */
async function exportedText(h: Harness, who: Person, conversation: string): Promise<string> {
  await h.say(who, 'export', conversation);
  const card = cardsInCreatedChats(h, who.id).at(-1);
  assert.ok(card, `${who.name} got a link`);
  const res = await openDownload(downloadLink(card));
  assert.equal(res.status, 200);
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');
}

/** An ended roundtable: caseworker, supervisor, a roster barrier buster, a barrier idea, goals, one step. */
function endedRoundtable(h: Harness, alias = 'J.T.', conversation = MEETING_CHAT_ID) {
  const steps = [['Ask the aunt about guardianship', sup, '2026-12-03']] as const;
  return endedRoundtableOf(h, { alias, conversation, barrierBuster: consultant, steps });
}

describe('scoping: leaders, 1:1 follow-up cards, follow-ups, drafts, invitations, export', function () {
  this.timeout(120000);
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    // Access: on Cosmos over real HTTP; not about pacing: the lenient fake Teams.
    h = await Harness.start({
      teams: 'lenient',
      now: clock.now,
      env: { LEADER_IDS: `${leader.aadObjectId},${leaderB.aadObjectId}`, RETENTION_DAYS: '30' },
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it("leaders come only from LEADER_IDS and see only their own tenant's register", async () => {
    await endedRoundtable(h);
    const programme = new CosmosProgrammeStore(h.database.database);
    const [ours] = await programme.listBarriers(TEST_TENANT_ID);
    assert.ok(ours, 'the barrier idea joined the register');
    assert.equal(ours.tenantId, TEST_TENANT_ID, 'the entry carries the roundtable’s tenant');
    const theirs: BarrierRegisterEntry = {
      ...ours,
      id: 'bar-0000000000000000000000000000b0b0',
      roundtableId: 'rt-other-tenant',
      caseAlias: 'Z.Z.',
      text: 'Other tenant court backlog',
      tenantId: OTHER_TENANT,
      notes: [],
    };
    assert.ok(await programme.createBarrier(theirs));

    // A barrier buster on a roster is not a leader: no register, no card verbs.
    await sayPersonal(h, consultant, 'barriers');
    assert.match(h.texts(personalChat(consultant)).at(-1)!, /for agency leaders/);
    assert.equal(h.cards(personalChat(consultant)).length, 0);
    await sayPersonal(h, consultant, 'barriers csv');
    assert.equal(h.cards(personalChat(consultant)).length, 0);
    const show = await invokePersonal(h, consultant, PROGRAMME_VERBS.show, { rt: 'register', nonce: 'n' });
    invokeRefusal(show, 'forbidden');

    // The leader of tenant A sees tenant A's entries only; of tenant B, B's only.
    await sayPersonal(h, leader, 'barriers');
    const cardA = h.lastCard(personalChat(leader));
    assert.match(cardText(cardA.card), /Kinship licensing/);
    assert.doesNotMatch(JSON.stringify(cardA.card), /Other tenant court backlog|Z\.Z\./);
    await sayPersonal(h, leaderB, 'barriers', OTHER_TENANT);
    const cardB = h.lastCard(personalChat(leaderB));
    assert.match(cardText(cardB.card), /Other tenant court backlog/);
    assert.doesNotMatch(JSON.stringify(cardB.card), /Kinship licensing/);

    // A crafted action on the other tenant's entry is not found, nothing changes.
    const resolve = findAction(cardA.card, PROGRAMME_VERBS.resolve, ours.id);
    const crafted = await invokePersonal(h, leader, PROGRAMME_VERBS.resolve, {
      ...(resolve.data as object),
      target: theirs.id,
    });
    assert.doesNotMatch(JSON.stringify(crafted.body), /Other tenant court backlog/);
    assert.equal((await programme.getBarrier(theirs.id))!.value.status, 'open');

    // The CSV is the leader's tenant's.
    await sayPersonal(h, leader, 'barriers csv');
    const m = /\]\((http[^)]+)\)/.exec(JSON.stringify(h.lastCard(personalChat(leader)).card));
    assert.ok(m);
    const csv = await (await openDownload(m[1]!)).text();
    assert.match(csv, /Kinship licensing/);
    assert.doesNotMatch(csv, /Other tenant court backlog/);

    // The monthly digest goes to configured leaders only, each with their tenant's register.
    clock.set('2026-12-01T15:00:00Z');
    await h.app.scheduler.drain();
    await h.app.scheduler.drain();
    const digestOf = (p: Person) =>
      h.cards(personalChat(p)).filter((c) => /monthly digest/.test(cardText(c.card)));
    assert.equal(digestOf(consultant).length, 0, 'a roster barrier buster gets no digest');
    assert.equal(digestOf(leader).length, 1);
    assert.doesNotMatch(JSON.stringify(digestOf(leader)[0]!.card), /Other tenant court backlog/);
    assert.equal(digestOf(leaderB).length, 1);
    assert.doesNotMatch(JSON.stringify(digestOf(leaderB)[0]!.card), /Kinship licensing/);
  });

  it('a 1:1 follow-up card naming another roundtable is not found: no content, nothing saved', async () => {
    const first = await endedRoundtable(h);
    const step = (await roundtableView(h.app.domain, first.id))!.contributions.find(
      (c): c is PlanStep => c.kind === 'step' && c.owner.id === sup.id,
    )!;
    assert.ok(step);
    // The outsider leads another roundtable (so they have cards with ids) and names the first one's id.
    const secret = /Ask the aunt|guardianship|Kinship/;
    const expectNotFound = async (verb: string, data: Record<string, unknown>) => {
      const r = await invokePersonal(h, outsider, verb, { list: 'review', nonce: 'n', ...data });
      const error = invokeRefusal(r, 'not-found');
      assert.match(error.message, /not found/i);
      assert.doesNotMatch(JSON.stringify(r.body), secret, `${verb}: no case content`);
    };
    await expectNotFound(FOLLOW_UP_VERBS.review, { rt: first.id, outcome: 'guardianship' });
    await expectNotFound(FOLLOW_UP_VERBS.familyReview, {
      rt: first.id,
      familyReviewDate: '2026-11-24',
      familyReviewParticipants: 'Outsider',
      familyReviewChanges: 'Changed by an outsider',
    });
    await expectNotFound(FOLLOW_UP_VERBS.note, {
      rt: first.id,
      step: step.id,
      list: 'mine',
      [followUpInputs.note(step.id)]: 'Outsider note',
    });
    await expectNotFound(FOLLOW_UP_VERBS.done, { rt: first.id, step: step.id, list: 'reminder' });
    await expectNotFound(FOLLOW_UP_VERBS.done, {
      rt: first.id,
      step: FAMILY_MEETING_STEP_ID,
      list: 'reminder',
    });
    // Another tenant's user with the caseworker's id is not the caseworker of this tenant's roundtable.
    const foreign = await invokePersonal(
      h,
      cw,
      FOLLOW_UP_VERBS.review,
      { rt: first.id, list: 'review', nonce: 'n' },
      OTHER_TENANT,
    );
    invokeRefusal(foreign, 'not-found');
    const after = (await roundtableView(h.app.domain, first.id))!;
    const stepNow = after.contributions.find((c) => c.id === step.id) as PlanStep;
    assert.equal(stepNow.status, 'not-started', 'nothing saved');
    assert.doesNotMatch(JSON.stringify(after), /Outsider note|Changed by an outsider/);

    // The step's owner (not the caseworker) may update their own step; the caseworker may review.
    const own = await invokePersonal(h, sup, FOLLOW_UP_VERBS.note, {
      rt: first.id,
      step: step.id,
      list: 'reminder',
      nonce: 'n',
      [followUpInputs.note(step.id)]: 'Aunt says yes',
    });
    assert.match(cardText(invokeCard(own)), /Note added/);
    const review = await invokePersonal(h, cw, FOLLOW_UP_VERBS.review, {
      rt: first.id,
      list: 'review',
      nonce: 'n',
    });
    invokeCard(review);
  });

  it('a follow-up links only for the previous facilitator, caseworker or supervisor; supersedes at its end; deleting it restores', async () => {
    const first = await endedRoundtable(h);
    const reminders = new CosmosFollowUpStore(h.database.database);
    const pending = async () =>
      (await reminders.remindersOf(first.id)).filter((r) => r.value.status === 'pending').length;
    const before = await pending();
    assert.ok(before > 0, 'the first plan is reminded');

    // A roster barrier buster, in the very chat of the roundtable: as if the case did not exist.
    await h.say(consultant, 'start followup Q.Q.');
    const unknown = h.texts().at(-1)!;
    await h.say(consultant, 'start followup J.T.');
    assert.equal(h.texts().at(-1)!, unknown.replace('Q.Q.', 'J.T.'), 'no hint that J.T. exists');
    assert.equal((await forChat(h.app.domain, MEETING_CHAT_ID))!.id, first.id, 'nothing started');
    // The same person in another tenant cannot link either.
    await postActivity(
      h.app.url,
      message({
        text: 'start followup J.T.',
        from: cw,
        conversation: '19:other-tenant-chat@thread.v2',
        serviceUrl: h.fake.url,
        tenantId: OTHER_TENANT,
        mentionBot: true,
      }),
    );
    await h.app.idle();
    assert.match(h.texts('19:other-tenant-chat@thread.v2').at(-1)!, /found no ended roundtable for J\.T\./);

    // The caseworker may: the previous plan stays followed up until the follow-up ends.
    await h.say(cw, 'start followup J.T.', SECOND_CHAT);
    const followUp = (await forChat(h.app.domain, SECOND_CHAT))!;
    assert.equal(followUp.followUpOf, first.id);
    assert.equal(
      (await roundtableView(h.app.domain, first.id))!.plan.supersededBy,
      undefined,
      'not at start',
    );
    assert.equal(await pending(), before, 'reminders keep running during the follow-up');
    assert.ok(!h.texts(MEETING_CHAT_ID).some((t) => /takes over/.test(t)), 'nothing announced at start');
    await h.say(cw, 'end confirm', SECOND_CHAT);
    assert.equal(
      (await roundtableView(h.app.domain, first.id))!.plan.supersededBy,
      followUp.id,
      'superseded at its end',
    );
    assert.equal(await pending(), 0, 'the previous plan is no longer reminded');
    assert.match(
      h.texts(MEETING_CHAT_ID).at(-1)!,
      /follow-up roundtable for J\.T\. has ended: its plan now takes over/,
      'announced in the previous roundtable’s chat',
    );

    // Deleting the follow-up gives the previous plan its follow-up back.
    await h.say(cw, 'delete roundtable J.T.', SECOND_CHAT);
    assert.match(h.texts(SECOND_CHAT).at(-1)!, /was deleted/);
    assert.equal((await roundtableView(h.app.domain, first.id))!.plan.supersededBy, undefined);
    assert.ok((await pending()) > 0, 'reminded again');
  });

  it('the retention pass judges each roundtable by its own plan', async () => {
    const first = await endedRoundtable(h);
    await h.say(cw, 'start followup J.T.', SECOND_CHAT);
    const followUp = (await forChat(h.app.domain, SECOND_CHAT))!;
    await h.joinAs(sup, 'supervisor', { conversation: SECOND_CHAT, facilitator: cw });
    await h.say(cw, 'end confirm', SECOND_CHAT);
    const closed = await h.app.followUp.saveReview(sup, followUp.id, {
      ratings: {},
      outcome: 'guardianship',
    });
    assert.ok(closed.ok);
    clock.set('2027-01-05T15:00:00Z');
    await h.app.scheduler.drain();
    assert.equal(
      await roundtableView(h.app.domain, followUp.id),
      undefined,
      'the closed plan’s roundtable is deleted',
    );
    assert.ok(
      await roundtableView(h.app.domain, first.id),
      'the first roundtable’s own plan never closed: it stays',
    );
  });

  it('an ended roundtable’s invitation is shown to nobody but the invitee', async () => {
    await h.say(fac, 'start J.T.');
    await sayWithMentions(h, fac, 'invite caseworker on 2026-12-01 14:00', [cw]);
    const invitation = cardsInCreatedChats(h, cw.id)[0];
    assert.ok(invitation, 'the caseworker got the invitation');
    await h.say(fac, 'end confirm');
    const data = findAction(invitation.card, PREPARATION_VERBS.confirm).data as Record<string, unknown>;
    const stolen = await invokePersonal(h, sup, PREPARATION_VERBS.confirm, data);
    invokeRefusal(
      stolen,
      /no longer exists|not found/.test(JSON.stringify(stolen.body)) ? 'not-found' : 'forbidden',
    );
    assert.doesNotMatch(JSON.stringify(stolen.body), /J\.T\.|14:00/);
    const own = await invokePersonal(h, cw, PREPARATION_VERBS.confirm, data);
    assert.match(cardText(invokeCard(own)), /already taken place/);
  });

  it('export: earlier roundtables of the case only when the exporter may see each of them', async () => {
    await endedRoundtable(h);
    await h.say(cw, 'start followup J.T.', SECOND_CHAT);
    // The first roundtable's supervisor is the follow-up's caseworker: not the first's facilitator or caseworker.
    await h.joinAs(sup, 'caseworker', { conversation: SECOND_CHAT, facilitator: cw });
    const forSup = await exportedText(h, sup, SECOND_CHAT);
    assert.match(forSup, /This was the first roundtable of the case/);
    const forCw = await exportedText(h, cw, SECOND_CHAT);
    assert.doesNotMatch(forCw, /This was the first roundtable of the case/);
    assert.match(forCw, /Roundtable of /);
  });

  it('preparation drafts belong to their preparer: never picked up by alias, attached by the preparer', async () => {
    const prepare = async (who: Person, voice: string) => {
      await sayPersonal(h, who, 'prepare K.L.');
      const card = h.lastCard(personalChat(who));
      const data = findAction(card.card, PREPARATION_VERBS.save).data as Record<string, unknown>;
      return invokePersonal(h, who, PREPARATION_VERBS.save, {
        ...data,
        [PREPARATION_INPUTS.youthLiving]: voice,
      });
    };
    assert.match(cardText(invokeCard(await prepare(cw, 'With my grandmother'))), /saved as a draft/);
    // A second preparer with the same alias: their own draft, no word about the other one.
    const second = invokeCard(await prepare(sup, 'Near the coach'));
    assert.match(cardText(second), /saved as a draft/);
    assert.doesNotMatch(JSON.stringify(second), /grandmother|Someone else/);
    await sayPersonal(h, cw, 'prepare K.L.');
    const own = JSON.stringify(h.lastCard(personalChat(cw)).card);
    assert.match(own, /With my grandmother/);
    assert.doesNotMatch(own, /Near the coach|Someone else/);

    // `start K.L.` picks nothing up; the starter who prepared is asked in 1:1 to attach.
    await h.say(sup, 'start K.L.');
    const rt = (await forChat(h.app.domain, MEETING_CHAT_ID))!;
    const preparations = new CosmosPreparationStore(h.database.database);
    assert.equal(await preparations.getPreparation(rt.id), undefined, 'not picked up by alias');
    const prompt = [...h.cards(personalChat(sup)), ...cardsInCreatedChats(h, sup.id)].find((c) =>
      /Attach my preparation/.test(JSON.stringify(c.card)),
    );
    assert.ok(prompt, 'the preparer is asked in 1:1');
    assert.ok(
      ![...h.cards(personalChat(cw)), ...cardsInCreatedChats(h, cw.id)].some((c) =>
        /Attach my preparation/.test(JSON.stringify(c.card)),
      ),
      'a preparer not on the roster is not told the roundtable started',
    );
    const attachData = findAction(prompt.card, PREPARATION_VERBS.attach).data as Record<string, unknown>;
    // Someone not on the roster cannot attach anything to it.
    invokeRefusal(await invokePersonal(h, outsider, PREPARATION_VERBS.attach, attachData), 'not-found');
    // The caseworker, not on the roster yet: nothing attached.
    await h.say(cw, 'prepare attach');
    assert.equal(await preparations.getPreparation(rt.id), undefined);
    // When the caseworker joins, they are asked (in 1:1) to attach their own draft.
    await h.joinAs(cw, 'caseworker');
    const cwPrompt = [...h.cards(personalChat(cw)), ...cardsInCreatedChats(h, cw.id)].find((c) =>
      /Attach my preparation/.test(JSON.stringify(c.card)),
    );
    assert.ok(cwPrompt, 'the joining preparer is asked in 1:1');
    // The preparer attaches their own draft.
    assert.match(
      cardText(invokeCard(await invokePersonal(h, sup, PREPARATION_VERBS.attach, attachData))),
      /attached/,
    );
    const attached = (await preparations.getPreparation(rt.id))!.value;
    assert.equal(attached.preparedBy.id, sup.id);
    assert.equal(attached.youthLiving, 'Near the coach');
    // One preparation per roundtable: the caseworker's stays theirs.
    const late = await invokePersonal(
      h,
      cw,
      PREPARATION_VERBS.attach,
      findAction(cwPrompt.card, PREPARATION_VERBS.attach).data as Record<string, unknown>,
    );
    assert.match(cardText(invokeCard(late)), /already has a preparation attached/);
    // The caseworker's draft is still theirs alone.
    await sayPersonal(h, cw, 'prepare K.L.');
    assert.match(JSON.stringify(h.lastCard(personalChat(cw)).card), /With my grandmother/);
  });

  it('personal answers typed in a group chat go to the 1:1 chat: the group sees no step, review or register', async () => {
    await endedRoundtable(h);
    for (const command of ['my steps', 'my reviews', 'team steps']) {
      const before = h.activities(MEETING_CHAT_ID).length;
      await h.say(sup, command);
      const posted = h.activities(MEETING_CHAT_ID).slice(before);
      assert.equal(posted.length, 1, `${command}: one line in the group`);
      assert.match(JSON.stringify(posted[0]), /I sent this to you in our 1:1 chat/, command);
      assert.doesNotMatch(
        JSON.stringify(posted),
        /Ask the aunt|attachments/,
        `${command}: nothing of the case`,
      );
    }
    const privately = [...h.activities(personalChat(sup)), ...cardsInCreatedChats(h, sup.id)];
    assert.match(JSON.stringify(privately), /Ask the aunt/, 'the steps reached the 1:1 chat');
  });

  it('lists across roundtables (my steps, my reviews, team steps) hold only the actor’s tenant', async () => {
    await endedRoundtable(h);
    await sayPersonal(h, sup, 'my steps');
    assert.match(JSON.stringify(h.lastCard(personalChat(sup)).card), /Ask the aunt/);
    for (const command of ['my steps', 'team steps', 'my reviews']) {
      await sayPersonal(h, sup, command, OTHER_TENANT);
      const last = h.activities(personalChat(sup)).at(-1)!;
      assert.doesNotMatch(JSON.stringify(last), /Ask the aunt|J\.T\./, `${command} from another tenant`);
    }
  });
});
