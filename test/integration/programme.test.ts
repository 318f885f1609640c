import assert from 'node:assert/strict';
import JSZip from 'jszip';
import type { Reminder } from '../../bot/reminders/types.js';
import type { BarrierRegisterEntry } from '../../bot/roundtable/records.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { PlanStep } from '../../bot/roundtable/types.js';
import { CosmosFollowUpStore } from '../../bot/store/cosmos-follow-up-store.js';
import { CosmosProgrammeStore } from '../../bot/store/cosmos-programme-store.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { PROGRAMME_VERBS, registerInputs } from '../../cards/programme-cards.js';
import {
  MEETING_CHAT_ID,
  people,
  personalMessage,
  postActivity,
  TEST_TENANT_ID,
} from '../support/activities.js';
import { TestClock } from '../support/clock.js';
import { linkToken, openDownload } from '../support/download.js';
import { cardText, findAction, Harness, invokeCard, invokeRefusal } from '../support/harness.js';
import { cardsInCreatedChats, downloadLink, endedRoundtable } from '../support/personal-world.js';

const { facilitator: fac, caseworker: cw, supervisor: sup, leader, outsider } = people;
const SECOND_CHAT = '19:meeting_U2Vjb25kLW1lZXRpbmc@thread.v2';

async function sayPersonal(h: Harness, from: typeof leader, text: string) {
  await postActivity(h.app.url, personalMessage({ text, from, serviceUrl: h.fake.url }));
  await h.app.idle();
}

/** A first roundtable: roster, one idea flagged as a barrier, goals and a rating, two steps, ended. */
function firstRoundtable(h: Harness, conversation = MEETING_CHAT_ID) {
  const steps = [
    ['Ask the aunt about guardianship', cw, '2026-12-03'],
    ['Approve funding for travel', sup, '2026-12-18'],
  ] as const;
  return endedRoundtable(h, { conversation, barrierBuster: leader, steps });
}

describe('programme: follow-up roundtables, barrier register, export, deletion', function () {
  this.timeout(90000);
  let h: Harness;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock();
    // On Cosmos (deletion and links are checked in the containers); not about pacing: the lenient fake Teams.
    h = await Harness.start({
      teams: 'lenient',
      now: clock.now,
      env: { LEADER_IDS: leader.aadObjectId, RETENTION_DAYS: '30' },
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('a follow-up in another chat reviews the previous plan, re-rates, carries open steps over', async () => {
    const first = await firstRoundtable(h);
    const store = new CosmosFollowUpStore(h.database.database);
    await h.app.scheduler.drain();
    // The caseworker marks the first step in progress with a note from the 1:1 reminder card.
    const steps = (await roundtableView(h.app.domain, first.id))!.contributions.filter(
      (c): c is PlanStep => c.kind === 'step',
    );
    const cwStep = steps.find((s) => s.owner.id === cw.id)!;
    const done = await h.app.followUp.updateStep(cw, first.id, cwStep.id, {
      kind: 'note',
      note: 'Aunt says yes in principle',
    });
    assert.ok(done.ok);
    const supStep = steps.find((s) => s.owner.id === sup.id)!;
    assert.ok(
      (await h.app.followUp.updateStep(sup, first.id, supStep.id, { kind: 'status', status: 'done' })).ok,
    );

    clock.set('2027-01-11T15:00:00Z');
    // Someone who was not on the roster cannot link to the case from another chat.
    await h.say(outsider, 'start followup J.T.', SECOND_CHAT);
    assert.match(h.texts(SECOND_CHAT).at(-1)!, /found no ended roundtable for J\.T\. that you facilitated/);
    await h.say(fac, 'start followup J.T.', SECOND_CHAT);
    const rt = (await forChat(h.app.domain, SECOND_CHAT))!;
    assert.equal(rt.followUpOf, first.id);
    assert.deepEqual(
      rt.phases.map((p) => p.key),
      ['welcome', 'review', 'brainstorm', 'plan', 'debrief'],
    );
    await h.joinAs(cw, 'caseworker', { conversation: SECOND_CHAT });
    await h.say(fac, 'next', SECOND_CHAT);
    const review = h.lastCard(SECOND_CHAT);
    const text = cardText(review.card);
    assert.match(text, /Phase 2 of 5: Review the previous plan/);
    assert.match(text, /In progress|Not started/);
    assert.match(text, /Ask the aunt about guardianship/);
    assert.match(text, /Aunt says yes in principle/, 'the step history from follow-up is listed');
    assert.match(text, /Done[\s\S]*Approve funding for travel/);
    assert.match(
      text,
      /Date[\s\S]*Occasion[\s\S]*J\.T\.[\s\S]*2026-11-23[\s\S]*Roundtable[\s\S]*Poor/,
      'history table',
    );
    // Re-rating: the caseworker, in the review phase.
    const rated = invokeCard(
      await h.click(cw, review, VERBS.reviewRatings, {
        inputs: { [`${INPUTS.ratingPrefix}0`]: 'fair' },
        conversation: SECOND_CHAT,
      }),
    );
    assert.match(cardText(rated), /Permanency status re-rated/);
    assert.match(cardText(rated), /2027-01-11[\s\S]*Follow-up roundtable[\s\S]*Fair/);
    await h.say(fac, 'go 5', SECOND_CHAT);
    assert.match(cardText(h.lastCard(SECOND_CHAT).card), /Phase 5 of 5: Debrief/);
    await h.say(fac, 'end confirm', SECOND_CHAT);

    const view = (await roundtableView(h.app.domain, rt.id))!;
    const carried = view.contributions.filter((c): c is PlanStep => c.kind === 'step' && !!c.carriedFrom);
    const openBefore = steps.filter((s) => s.id !== supStep.id && s.status !== 'done' && s.proposed !== true);
    assert.equal(carried.length, openBefore.length, 'every open step is carried over, the done one is not');
    assert.ok(!carried.some((c) => c.text === 'Approve funding for travel'));
    const aunt = carried.find((c) => c.text === 'Ask the aunt about guardianship')!;
    assert.deepEqual(aunt.carriedFrom, { roundtableId: first.id, stepId: cwStep.id });
    assert.equal(aunt.owner.id, cw.id);
    assert.equal(aunt.dueDate, '2026-12-03');
    assert.ok(
      aunt.updates!.some((u) => u.note === 'Aunt says yes in principle'),
      'history travels with the step',
    );
    const previousPlan = (await roundtableView(h.app.domain, first.id))!.plan;
    assert.equal(previousPlan.supersededBy, rt.id);
    const pendingOld = (await store.remindersOf(first.id)).filter((r) => r.value.status === 'pending');
    assert.equal(pendingOld.length, 0, 'the previous plan is no longer reminded');
    const pendingNew = (await store.remindersOf(rt.id)).filter((r) => r.value.stepId === aunt.id);
    assert.ok(pendingNew.length > 0, 'the carried step is reminded under the new roundtable');
    const open = await h.app.followUp.openSteps([cw.id]);
    assert.ok(
      open.length > 0 && open.every((o) => o.roundtable.id === rt.id),
      '`my steps` lists carried steps once',
    );
  });

  it('start warns when an unfinished roundtable for the same alias runs elsewhere in the tenant, and says where', async () => {
    await h.say(fac, 'start J.T.');
    assert.equal(h.texts().length, 0);
    // The same facilitator, in a second chat: the chat they are in is described (starter, date, phase).
    await h.say(fac, 'start j.t.', SECOND_CHAT);
    assert.match(
      h.texts(SECOND_CHAT).at(-1) ?? '',
      /already running in a chat you are in \(started by .*phase 1: Welcome/,
    );
    // Someone who is not in the first chat learns nothing about it (issue #23: not even that it exists).
    const THIRD_CHAT = '19:meeting_VGhpcmQtbWVldGluZw@thread.v2';
    await h.say(cw, 'start J.T.', THIRD_CHAT);
    assert.ok(!h.texts(THIRD_CHAT).some((t) => /already running/.test(t)), 'no word about the other chat');
    // Another alias: no warning.
    await h.say(cw, 'start K.L.', '19:meeting_Rm91cnRoLW1lZXRpbmc@thread.v2');
    assert.equal(h.texts('19:meeting_Rm91cnRoLW1lZXRpbmc@thread.v2').length, 0);
  });

  it('exports the case file as a .docx through a single-use link in a 1:1 chat', async () => {
    const rt = await firstRoundtable(h);
    await h.say(outsider, 'export');
    assert.match(h.texts().at(-1)!, /facilitator and the caseworker can export/);
    await h.say(cw, 'export');
    assert.match(h.texts().at(-1)!, /sent you a private download link/);
    const card = cardsInCreatedChats(h, cw.id).at(-1)!;
    assert.match(cardText(card.card), /Case file[\s\S]*J\.T\./);
    const url = downloadLink(card);
    // The token is in the fragment only: no request line (log, proxy, telemetry) ever holds it.
    assert.match(url, /\/api\/export#t=[A-Za-z0-9_-]{40,}$/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    const res = await openDownload(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /wordprocessingml/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, ' ');
    for (const expected of [
      'Permanency Roundtable: J.T.',
      'Case summary',
      'Questions and answers',
      'Kinship licensing takes 9 months',
      'systemic barrier: policy',
      'Ask the aunt about guardianship',
      'Carlos Caseworker',
      '2026-12-03',
      'Permanency Action Plan',
      'Guardianship',
      'Permanency status history',
      'Poor',
      'Debrief',
      'Fidelity check',
      'Follow-up history',
    ]) {
      assert.ok(plain.includes(expected), `document.xml holds "${expected}"`);
    }
    assert.equal((await openDownload(url)).status, 410, 'a link works once');
    const links = await new CosmosProgrammeStore(h.database.database).getDownload(`dl-${'x'.repeat(64)}`);
    assert.equal(links, undefined);
    // The token is stored only hashed and is not in the logs.
    const token = linkToken(url);
    const dump = JSON.stringify(await h.database.database.container('programme').items.readAll().fetchAll());
    assert.ok(!dump.includes(token), 'the raw token is not stored');
    // An expired link is refused.
    await h.say(fac, 'export');
    const url2 = downloadLink(cardsInCreatedChats(h, fac.id).at(-1)!);
    clock.set('2026-11-23T15:16:00Z');
    assert.equal((await openDownload(url2)).status, 410);
    assert.equal(rt.caseAlias, 'J.T.');
  });

  it('barriers register: leaders only, counts, actions, CSV, and a monthly digest through the scheduler', async () => {
    const rt = await firstRoundtable(h);
    const programme = new CosmosProgrammeStore(h.database.database);
    const entries = await programme.listBarriers(TEST_TENANT_ID);
    assert.equal(entries.length, 1, 'the barrier-flagged idea joined the register at end');
    const entry = entries[0] as BarrierRegisterEntry;
    assert.equal(entry.category, 'policy');
    assert.equal(entry.roundtableId, rt.id);
    assert.equal(entry.status, 'open');

    await sayPersonal(h, outsider, 'barriers');
    const outsiderChat = `a:1personal-${outsider.id.replace(/^29:/, '')}`;
    assert.match(h.texts(outsiderChat).at(-1)!, /for agency leaders/);
    const groupCards = h.cards().length;
    await h.say(leader, 'barriers');
    assert.match(h.texts().at(-1)!, /Lee Leader, I sent this to you in our 1:1 chat/);
    assert.equal(h.cards().length, groupCards, 'the register is not posted in the group chat');

    const leaderChat = `a:1personal-${leader.id.replace(/^29:/, '')}`;
    await sayPersonal(h, leader, 'barriers');
    const card = h.lastCard(leaderChat);
    const text = cardText(card.card);
    assert.match(text, /Systemic barriers register/);
    assert.match(text, /Policy[\s\S]*1[\s\S]*Total/);
    assert.match(text, /Open[\s\S]*Policy[\s\S]*J\.T\.[\s\S]*Kinship licensing takes 9 months/);
    const personal = { id: leaderChat, conversationType: 'personal' };
    const click = (verb: string, inputs: Record<string, unknown> = {}) => {
      const action = findAction(card.card, verb, verb === PROGRAMME_VERBS.csv ? undefined : entry.id);
      return h.invoke(
        leader,
        card.activityId,
        verb,
        { ...(action.data as object), ...inputs },
        personal as never,
      );
    };
    let answered = invokeCard(
      await click(PROGRAMME_VERBS.assign, {
        [registerInputs.owner(entry.id)]: leader.id,
        [registerInputs.note(entry.id)]: 'Talk to licensing',
      }),
    );
    assert.match(cardText(answered), /Owner assigned[\s\S]*Owner: Lee Leader[\s\S]*Talk to licensing/);
    answered = invokeCard(await click(PROGRAMME_VERBS.escalate));
    assert.match(cardText(answered), /Escalated/);
    // An outsider's crafted action is refused.
    const action = findAction(card.card, PROGRAMME_VERBS.resolve, entry.id);
    const refused = await h.invoke(
      outsider,
      card.activityId,
      PROGRAMME_VERBS.resolve,
      action.data as Record<string, unknown>,
      { id: outsiderChat, conversationType: 'personal' } as never,
    );
    invokeRefusal(refused, 'forbidden');
    answered = invokeCard(await click(PROGRAMME_VERBS.resolve));
    assert.match(cardText(answered), /Resolved/);
    const stored = (await programme.getBarrier(entry.id))!.value;
    assert.equal(stored.status, 'resolved');
    assert.deepEqual(
      stored.notes.map((n) => n.status ?? 'note'),
      ['note', 'escalated', 'resolved'],
    );

    const csvCard = invokeCard(await click(PROGRAMME_VERBS.csv));
    const csv = await (await openDownload(downloadLink({ card: csvCard }))).text();
    assert.match(csv, /^"id","raised","roundtable","category","status","owner"/);
    assert.match(csv, /"J\.T\.","policy","resolved","Lee Leader"/);

    // The monthly digest: a reminder document on 1 December, fanned out to each leader.
    const store = new CosmosFollowUpStore(h.database.database);
    clock.set('2026-12-01T15:00:00Z');
    await h.app.scheduler.drain();
    const leaderReminders: Reminder[] = (await store.dueReminders(new Date('2027-12-31'), 100)).map(
      (r) => r.value,
    );
    assert.ok(
      leaderReminders.some((r) => r.kind === 'barrier-digest' && r.caseAlias === '2027-01'),
      'the next digest is scheduled',
    );
    const digest = h.cards(leaderChat).find((c) => /monthly digest \(2026-12\)/.test(cardText(c.card)));
    assert.ok(digest, 'the leader got the digest in the 1:1 chat');
    await h.app.scheduler.drain();
    assert.equal(
      h.cards(leaderChat).filter((c) => /monthly digest \(2026-12\)/.test(cardText(c.card))).length,
      1,
      'once',
    );
  });

  it('delete roundtable: facilitator only, confirmed with the alias; everything goes, an audit entry stays; retention', async () => {
    const rt = await firstRoundtable(h);
    await h.app.scheduler.drain();
    await h.say(cw, 'delete roundtable');
    assert.match(h.texts().at(-1)!, /Only a facilitator/);
    await h.say(fac, 'delete roundtable');
    assert.match(h.texts().at(-1)!, /To confirm, type `@Roundtable delete roundtable J\.T\.`/);
    await h.say(fac, 'delete roundtable X.Y.');
    assert.match(h.texts().at(-1)!, /Nothing was deleted/);
    assert.ok(await roundtableView(h.app.domain, rt.id));
    await h.say(fac, 'delete roundtable j.t.');
    assert.match(h.texts().at(-1)!, /was deleted/);
    assert.equal(await roundtableView(h.app.domain, rt.id), undefined);
    const left = await h.database.database
      .container('roundtables')
      .items.query({
        query: 'SELECT * FROM c WHERE c.roundtableId = @rt',
        parameters: [{ name: '@rt', value: rt.id }],
      })
      .fetchAll();
    assert.equal(left.resources.length, 0, 'no document of the roundtable is left');
    assert.equal((await new CosmosFollowUpStore(h.database.database).remindersOf(rt.id)).length, 0);
    const programme = new CosmosProgrammeStore(h.database.database);
    assert.equal((await programme.listBarriers(TEST_TENANT_ID)).length, 0);
    const deletions = await programme.listDeletions();
    assert.equal(deletions.length, 1);
    assert.equal(deletions[0]!.actorId, fac.id);
    assert.equal(deletions[0]!.roundtableId, rt.id);
    assert.ok(!JSON.stringify(deletions).includes('J.T.'), 'the audit entry holds no content');
    assert.ok(
      h.cards().every((c) => !/Ask the aunt/.test(JSON.stringify(c.card))),
      'posted cards are cleared',
    );

    // Retention: a plan closed more than RETENTION_DAYS ago is deleted by the daily pass.
    const second = await firstRoundtable(h, SECOND_CHAT);
    const closed = await h.app.followUp.saveReview(cw, second.id, { ratings: {}, outcome: 'guardianship' });
    assert.ok(closed.ok);
    clock.set('2026-12-20T15:00:00Z');
    await h.app.scheduler.drain();
    assert.ok(await roundtableView(h.app.domain, second.id), 'kept within the retention period');
    clock.set('2026-12-24T15:00:00Z');
    await h.app.scheduler.drain();
    assert.equal(await roundtableView(h.app.domain, second.id), undefined, 'deleted after it');
    assert.ok(
      (await programme.listDeletions()).some(
        (d) => d.trigger === 'retention' && d.roundtableId === second.id,
      ),
    );
  });
});
