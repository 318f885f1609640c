/**
 * Records kept as the law asks (issue #23), over real HTTP with Bot Framework tokens ON: the facilitator's deletion
 * window, records officers, legal hold, drafts that are deleted, a plan handed to a new caseworker after `end`, and
 * 1:1 card access that ends when someone leaves the roundtable's chat.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import type { Reminder } from '../../bot/reminders/types.js';
import { PRACTICE_ALIAS } from '../../bot/roundtable/practice.js';
import { forChat, getRoundtable } from '../../bot/roundtable/roundtables.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { CosmosProgrammeStore } from '../../bot/store/cosmos-programme-store.js';
import { CosmosRoundtableStore } from '../../bot/store/cosmos-roundtable-store.js';
import { INPUTS, PREPARATION_INPUTS, PREPARATION_VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../cards/follow-up-cards.js';
import {
  botAccount,
  cardAction,
  MEETING_CHAT_ID,
  member,
  type Person,
  people,
  TEST_TENANT_ID,
} from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { openDownload } from '../support/download.js';
import { cardText, invokeCard, invokeRefusal, isNoticeCard } from '../support/harness.js';
import { cardsInCreatedChats, downloadLink, PLAN_CHAT_ID, seedPlan } from '../support/personal-world.js';
import { SignedHarness } from '../support/signed-harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp, leader: officer } = people;
const DAY = 86_400_000;
/** Someone who takes the case over during follow-up. */
const newCw: Person = {
  id: '29:newcw',
  name: 'Nora Newcaseworker',
  aadObjectId: '00000000-0000-4000-8000-000000000031',
  userPrincipalName: 'newcw@agency.example',
  role: 'caseworker',
};

/** The agency's re-disclosure notice (a 42 CFR Part 2 style text). */
const NOTICE = '42 CFR part 2 prohibits unauthorized disclosure of these records. ZQNOTICE';

const personalChatOf = (p: Person) => `a:personal-${p.id.slice(3)}`;

/** Presses a 1:1 follow-up card's step button (from the person's 1:1 chat), as the reminder card carries it. */
/** A click that acted: a card answer, not a refusal (refusals are answered with statusCode 200 too). */
function acted(result: { body?: { statusCode?: number; type?: string; value?: unknown } }): boolean {
  const b = result.body;
  return (
    b?.statusCode === 200 && b.type === 'application/vnd.microsoft.card.adaptive' && !isNoticeCard(b.value)
  );
}

function stepClick(s: SignedHarness, from: Person, rt: string, step: string) {
  return s.post(
    cardAction({
      verb: FOLLOW_UP_VERBS.done,
      data: { rt, list: 'reminder', step, nonce: randomUUID() },
      from,
      conversation: { id: personalChatOf(from), conversationType: 'personal' },
      serviceUrl: s.h.fake.url,
      replyToId: 'reminder-card',
    }),
  );
}

/** Every preparation draft (unattached, in a `prep-…` partition) stored now. */
async function drafts(s: SignedHarness): Promise<unknown[]> {
  const { resources } = await s.h.database.database
    .container('roundtables')
    .items.query("SELECT * FROM c WHERE c.type = 'preparation' AND STARTSWITH(c.roundtableId, 'prep-')")
    .fetchAll();
  return resources;
}

/** Saves the preparation card in the 1:1 chat with these inputs (every other input sent empty, as Teams does). */
async function savePreparation(
  s: SignedHarness,
  from: Person,
  alias: string,
  inputs: Record<string, string>,
) {
  const chat = personalChatOf(from);
  await s.sayPrivately(from, `prepare ${alias}`, chat);
  const card = s.h.lastCard(chat);
  const empty = Object.fromEntries(
    [
      ...Object.values(PREPARATION_INPUTS),
      INPUTS.caseChildren,
      INPUTS.caseTimeInCare,
      INPUTS.casePlacement,
      INPUTS.caseLegalStatus,
      INPUTS.caseCurrentGoal,
      INPUTS.caseConnections,
      INPUTS.caseStrengths,
      INPUTS.caseNeeds,
      INPUTS.caseTried,
    ].map((k) => [k, '']),
  );
  return invokeCard(
    await s.click(from, card, PREPARATION_VERBS.save, {
      conversation: chat,
      personal: true,
      inputs: { ...empty, ...inputs },
    }),
  );
}

describe('records kept as the law asks (tokens on)', function () {
  this.timeout(90000);
  let s: SignedHarness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    s = await SignedHarness.start({
      now: clock.now,
      env: {
        RECORDS_OFFICER_IDS: officer.aadObjectId,
        DELETE_WINDOW_DAYS: '7',
        RETENTION_DAYS: '30',
        CASE_FILE_NOTICE: NOTICE,
      },
    });
    for (const chat of [MEETING_CHAT_ID, PLAN_CHAT_ID]) {
      s.h.fake.setMembers(
        chat,
        [fac, cw, sup, mp, officer, newCw].map((p) => member(p)),
      );
    }
  });
  afterEach(async () => {
    await s.close();
  });

  it('deletion: a facilitator deletes only within DELETE_WINDOW_DAYS of start; after it only a records officer', async () => {
    await s.say(fac, 'start J.T.');
    const rt = (await forChat(s.h.app.domain, MEETING_CHAT_ID))!;
    clock.set(new Date(clock.t + 8 * DAY).toISOString());
    await s.say(fac, 'delete roundtable J.T.');
    assert.match(s.h.texts().at(-1) ?? '', /only within 7 days of its start/);
    assert.ok(await getRoundtable(s.h.app.domain, rt.id), 'kept: past the mistake window');
    // Someone who is neither a facilitator nor a records officer is refused as before.
    await s.say(cw, 'delete roundtable J.T.');
    assert.ok(await getRoundtable(s.h.app.domain, rt.id));
    await s.say(officer, 'delete roundtable J.T.');
    assert.match(s.h.texts().at(-1) ?? '', /was deleted/);
    assert.equal(await getRoundtable(s.h.app.domain, rt.id), undefined);
    const deletions = await new CosmosProgrammeStore(s.h.database.database).listDeletions();
    assert.deepEqual(
      deletions.map((d) => [d.trigger, d.actorId]),
      [['records-officer', officer.id]],
    );
  });

  it('legal hold: a records officer holds and releases; while held nobody deletes it; both audited', async () => {
    await s.say(fac, 'start J.T.');
    const rt = (await forChat(s.h.app.domain, MEETING_CHAT_ID))!;
    await s.say(fac, 'legal hold');
    assert.match(s.h.texts().at(-1) ?? '', /records officers/);
    assert.equal(
      (await getRoundtable(s.h.app.domain, rt.id))?.legalHold,
      undefined,
      'a facilitator cannot hold',
    );
    await s.say(officer, 'legal hold');
    assert.match(s.h.texts().at(-1) ?? '', /is on legal hold/);
    assert.equal((await getRoundtable(s.h.app.domain, rt.id))?.legalHold?.by, officer.id);
    // Within the window, but held: neither the facilitator nor the officer deletes it.
    await s.say(fac, 'delete roundtable J.T.');
    assert.match(s.h.texts().at(-1) ?? '', /legal hold/);
    await s.say(officer, 'delete roundtable J.T.');
    assert.match(s.h.texts().at(-1) ?? '', /legal hold/);
    assert.ok(await getRoundtable(s.h.app.domain, rt.id));
    await s.say(officer, 'legal hold release');
    assert.match(s.h.texts().at(-1) ?? '', /released/);
    const events = (await new CosmosRoundtableStore(s.h.database.database).listAudit(rt.id)).map((a) => [
      a.event,
      a.actorId,
    ]);
    assert.deepEqual(
      events.filter(([e]) => e?.startsWith('legal-hold')),
      [
        ['legal-hold.placed', officer.id],
        ['legal-hold.released', officer.id],
      ],
    );
    await s.say(fac, 'delete roundtable J.T.');
    assert.equal(
      await getRoundtable(s.h.app.domain, rt.id),
      undefined,
      'released: the records rules apply again',
    );
  });

  it('retention: a held roundtable whose plan closed long ago is kept until the hold is released', async () => {
    const plan = await seedPlan(s.h, { alias: 'R.T.', cwText: 'Call the aunt', mpText: 'Find records' });
    assert.ok((await s.h.app.followUp.saveReview(cw, plan.id, { ratings: {}, outcome: 'guardianship' })).ok);
    await s.say(officer, 'legal hold', [], PLAN_CHAT_ID);
    clock.set(new Date(clock.t + 40 * DAY).toISOString());
    await s.h.app.scheduler.drain();
    assert.ok(await getRoundtable(s.h.app.domain, plan.id), 'held: retention waits');
    await s.say(officer, 'legal hold release', [], PLAN_CHAT_ID);
    clock.set(new Date(clock.t + 1 * DAY).toISOString());
    await s.h.app.scheduler.drain();
    assert.equal(await getRoundtable(s.h.app.domain, plan.id), undefined, 'released: retention deletes it');
  });

  it('retention: invitations, people, finished reminders, aggregates and deletion records each by their own setting', async () => {
    const db = s.h.database.database;
    const old = new Date(clock.t - 3000 * DAY).toISOString();
    const recent = clock.now().toISOString();
    const rts = db.container('roundtables');
    await rts.items.upsert({
      id: 'rt-held',
      roundtableId: 'rt-held',
      type: 'roundtable',
      legalHold: { by: 'x', at: old },
    });
    for (const [id, rt, at] of [
      ['inv-old', 'rt-gone', old],
      ['inv-new', 'rt-gone', recent],
      ['inv-held', 'rt-held', old],
    ] as const)
      await rts.items.upsert({ id, roundtableId: rt, type: 'invitation', invitedAt: at });
    const peopleC = db.container('people');
    await peopleC.items.upsert({ id: 'p-old', personId: '29:old', updatedAt: old });
    await peopleC.items.upsert({ id: 'p-waiting', personId: '29:waiting', updatedAt: old });
    await peopleC.items.upsert({ id: 'p-new', personId: '29:new', updatedAt: recent });
    const rem = db.container('reminders');
    const reminder = (id: string, ownerId: string, status: string, createdAt: string, rt = 'rt-gone') =>
      rem.items.upsert({ id, ownerId, roundtableId: rt, status, createdAt, dueAt: createdAt, kind: 'due' });
    await reminder('r-old-sent', '29:old', 'sent', old);
    await reminder('r-old-pending', '29:waiting', 'pending', new Date(clock.t + 400 * DAY).toISOString());
    await reminder('r-held-sent', '29:old', 'sent', old, 'rt-held');
    const prog = db.container('programme');
    await prog.items.upsert({ id: 'pm-x-2010-01', type: 'programme-month', month: '2010-01' });
    await prog.items.upsert({ id: 'del-old', type: 'deletion', at: old });
    clock.set(new Date(clock.t + 2 * DAY).toISOString());
    await s.h.app.scheduler.drain();
    const ids = async (c: string) =>
      (await db.container(c).items.query<{ id: string }>('SELECT c.id FROM c').fetchAll()).resources.map(
        (r) => r.id,
      );
    const roundtableIds = await ids('roundtables');
    assert.ok(!roundtableIds.includes('inv-old') && roundtableIds.includes('inv-new'), 'invitations');
    assert.ok(roundtableIds.includes('inv-held'), 'a held roundtable keeps its invitations');
    const personIds = await ids('people');
    assert.ok(!personIds.includes('p-old') && personIds.includes('p-new'), 'people');
    assert.ok(personIds.includes('p-waiting'), 'someone with a pending reminder is kept');
    const reminderIds = await ids('reminders');
    assert.ok(!reminderIds.includes('r-old-sent') && reminderIds.includes('r-old-pending'), 'reminders');
    assert.ok(reminderIds.includes('r-held-sent'), 'a held roundtable keeps its reminders');
    const programmeIds = await ids('programme');
    assert.ok(!programmeIds.includes('pm-x-2010-01'), 'aggregates');
    assert.ok(!programmeIds.includes('del-old'), 'deletion records');
  });

  it('preparation drafts are deleted: an empty save, `delete roundtable` and retention', async () => {
    const saved = await savePreparation(s, cw, 'K.L.', {
      [PREPARATION_INPUTS.youthLiving]: 'With my grandmother',
    });
    assert.match(cardText(saved), /saved as a draft/);
    assert.equal((await drafts(s)).length, 1);
    const cleared = await savePreparation(s, cw, 'K.L.', {});
    assert.match(cardText(cleared), /draft was deleted/);
    assert.equal((await drafts(s)).length, 0, 'an empty save deletes the draft');

    // A draft its preparer never attached goes with the roundtable of its alias they were on.
    await savePreparation(s, cw, 'K.L.', { [PREPARATION_INPUTS.family]: 'Grandmother is willing' });
    await s.say(fac, 'start K.L.');
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    await s.say(fac, 'delete roundtable K.L.');
    assert.match(s.h.texts().at(-1) ?? '', /was deleted/);
    assert.equal((await drafts(s)).length, 0, '`delete roundtable` deletes its people’s drafts of the alias');

    // Retention: a draft not saved for DRAFT_RETENTION_DAYS (90 by default) is deleted by the daily pass.
    await savePreparation(s, sup, 'M.N.', { [PREPARATION_INPUTS.youthMatters]: 'My coach' });
    clock.set(new Date(clock.t + 30 * DAY).toISOString());
    await s.h.app.scheduler.drain();
    assert.equal((await drafts(s)).length, 1, 'kept within its retention');
    clock.set(new Date(clock.t + 61 * DAY).toISOString());
    await s.h.app.scheduler.drain();
    assert.equal((await drafts(s)).length, 0, 'deleted after it');

    // Practice clean-up: drafts kept for the practice alias go with the practice roundtable.
    await s.say(fac, 'start practice', [], PLAN_CHAT_ID);
    await savePreparation(s, fac, PRACTICE_ALIAS, { [PREPARATION_INPUTS.family]: 'Practice words' });
    assert.equal((await drafts(s)).length, 1);
    clock.set(new Date(clock.t + 8 * DAY).toISOString());
    await s.h.app.scheduler.drain();
    assert.equal((await drafts(s)).length, 0, 'the practice clean-up deletes them');
  });

  it('handover after end: the new caseworker gets the open steps and their reminders; the old one loses them', async () => {
    const plan = await seedPlan(s.h, { alias: 'H.O.', cwText: 'Call the aunt', mpText: 'Find records' });
    await s.h.app.followUp.roundtableEnded(plan.id);
    // A participant cannot hand the plan over.
    await s.say(mp, `handover caseworker <at>${newCw.name}</at>`, [newCw], PLAN_CHAT_ID);
    assert.equal(
      (await getRoundtable(s.h.app.domain, plan.id))?.roster.find((r) => r.id === newCw.id),
      undefined,
    );
    await s.say(sup, `handover caseworker <at>${newCw.name}</at>`, [newCw], PLAN_CHAT_ID);
    assert.match(
      s.h.texts(PLAN_CHAT_ID).at(-1) ?? '',
      /Nora Newcaseworker is now the caseworker of the plan for H\.O\.; \d open step\(s\) moved/,
    );
    const rt = (await getRoundtable(s.h.app.domain, plan.id))!;
    assert.equal(rt.roster.find((r) => r.id === newCw.id)?.role, 'caseworker');
    assert.equal(rt.roster.find((r) => r.id === cw.id)?.role, 'other');
    const step = (await s.h.app.followUp.step(plan.id, plan.cwStep.id))!;
    assert.equal(step.owner.id, newCw.id);
    const reminders = new CosmosFollowUpStore(s.h.database.database);
    const pending = (list: { value: Reminder }[], who: Person) =>
      list.filter(
        (r) => r.value.ownerId === who.id && r.value.status === 'pending' && r.value.stepId === step.id,
      );
    const all = await reminders.remindersOf(plan.id);
    assert.ok(pending(all, newCw).length > 0, 'the new owner is reminded of the step');
    assert.equal(pending(all, cw).length, 0, 'the old owner is not');
    // 1:1 cards: the old caseworker no longer acts on the plan; the new one does.
    invokeRefusal(await stepClick(s, cw, plan.id, step.id), 'not-found');
    assert.ok(acted(await stepClick(s, newCw, plan.id, step.id)), 'the new caseworker acts');
  });

  it('the case file carries the agency’s re-disclosure notice (CASE_FILE_NOTICE)', async () => {
    await s.say(fac, 'start J.T.');
    await s.say(fac, 'export');
    const card = cardsInCreatedChats(s.h, fac.id).at(-1)!;
    const res = await openDownload(downloadLink(card));
    assert.equal(res.status, 200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    assert.match(xml, /Notice on re-disclosure/);
    assert.match(xml, /ZQNOTICE/);
  });

  it('someone removed from the roundtable’s chat loses 1:1 card access to its plan', async () => {
    const plan = await seedPlan(s.h, { alias: 'L.C.', cwText: 'Call the aunt', mpText: 'Find records' });
    assert.ok(acted(await stepClick(s, mp, plan.id, plan.mpStep.id)), 'before: the step owner acts');
    const res = await s.post({
      type: 'conversationUpdate',
      id: 'f:members-removed-2',
      channelId: 'msteams',
      serviceUrl: s.h.fake.url,
      from: { id: fac.id, name: fac.name },
      recipient: botAccount(),
      conversation: { id: PLAN_CHAT_ID, conversationType: 'groupChat', tenantId: TEST_TENANT_ID } as never,
      membersRemoved: [
        { id: cw.id, name: cw.name },
        { id: mp.id, name: mp.name },
      ],
      channelData: { tenant: { id: TEST_TENANT_ID } },
    });
    assert.equal(res.status, 200);
    invokeRefusal(await stepClick(s, cw, plan.id, plan.cwStep.id), 'not-found'); // the caseworker
    invokeRefusal(await stepClick(s, mp, plan.id, plan.mpStep.id), 'not-found'); // a step owner
    // Nor from the personal app: its step route calls the same domain function.
    const viaApp = await s.h.app.followUp.updateStep(mp, plan.id, plan.mpStep.id, {
      kind: 'status',
      status: 'done',
    });
    assert.equal(viaApp.ok, false);
  });
});
