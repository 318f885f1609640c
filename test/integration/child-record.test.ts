/**
 * The child at the centre (#25), over real HTTP with Bot Framework tokens ON: the meeting's rating form shows what
 * each tier means; the ratings set in the meeting join each child's record at the end, dated; the 1:1 review card
 * shows each child's latest rating and outcome, re-rates, and records each child's outcome (legal permanency dated
 * by the court, refused without a date or with a future one; an exit without permanency); the plan closes when no
 * child is still in care. A roundtable stored before #25 (old-shape plan, no child records) keeps working.
 */
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { saveCaseSummary } from '../../bot/roundtable/case-summary.js';
import { addConnection, recordLivingSituation } from '../../bot/roundtable/child-connections.js';
import { childView, type PlanWithChildren } from '../../bot/roundtable/child-record.js';
import { type ChildOutcome, caseKeyOf } from '../../bot/roundtable/child-types.js';
import { contribute } from '../../bot/roundtable/contributions.js';
import { startRoundtable } from '../../bot/roundtable/lifecycle.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { forChat, getRoundtable } from '../../bot/roundtable/roundtables.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS } from '../../cards/follow-up-cards.js';
import { botAccount, member, type Person, people, TEST_TENANT_ID } from '../support/activities.js';
import { openDownload } from '../support/download.js';
import { cardText, type InvokeResult, type PostedCard } from '../support/harness.js';
import { cardsInCreatedChats, downloadLink } from '../support/personal-world.js';
import { SignedHarness } from '../support/signed-harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;
const CHAT = '19:child-record-chat@thread.v2';
const OLD_CHAT = '19:child-record-old@thread.v2';
const FIRST_CHAT = '19:child-record-first@thread.v2';
const FOLLOW_CHAT = '19:child-record-follow@thread.v2';
const CW_CHAT = 'a:personal-child-cw';

const roster = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
const actor = (p: Person, chat = CHAT) => ({
  person: roster(p),
  conversationId: chat,
  tenantId: TEST_TENANT_ID,
});
const must = (o: { ok: boolean; failure?: { message: string } }) => {
  if (!o.ok) throw new Error(o.failure?.message);
};

/** Starts `alias` in `chat` with caseworker and supervisor, the children in its case summary, a step; at the plan phase. */
async function toPlan(s: SignedHarness, chat: string, alias: string, children: string): Promise<string> {
  const h = s.h;
  h.fake.setMembers(
    chat,
    [fac, cw, sup].map((p) => member(p)),
  );
  const svc = h.app.domain;
  const started = await startRoundtable(svc, actor(fac, chat), alias, {
    conversationId: chat,
    serviceUrl: h.fake.url,
    tenantId: TEST_TENANT_ID,
    reference: {
      activityId: 'seed',
      channelId: 'msteams',
      serviceUrl: h.fake.url,
      bot: botAccount(),
      user: roster(fac),
      conversation: { id: chat, isGroup: true, conversationType: 'groupChat', tenantId: TEST_TENANT_ID },
    },
  });
  if (!started.ok) throw new Error(started.failure.message);
  const id = started.value.id;
  must(await assignRole(svc, actor(fac, chat), id, roster(cw), 'caseworker'));
  must(await assignRole(svc, actor(fac, chat), id, roster(sup), 'supervisor'));
  must(await saveCaseSummary(svc, actor(cw, chat), id, { children }));
  await s.say(fac, 'go plan', [], chat); // the plan card in the chat, as everyone sees it
  const due = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  must(
    await contribute(
      svc,
      actor(cw, chat),
      id,
      { kind: 'step', text: 'Call the aunt', ownerId: cw.id, dueDate: due },
      `${id}-s`,
    ),
  );
  return id;
}

/** `end` and "Confirm end" in the meeting chat, over HTTP (the after-end job is kicked at once). */
async function endOverHttp(s: SignedHarness, chat: string): Promise<void> {
  await s.say(fac, 'end', [], chat);
  answered(await s.click(fac, s.h.lastCard(chat), VERBS.endConfirm, { conversation: chat }));
  await s.h.app.idle();
}

/** The card the bot answered a click with (a card with a notice), as text. */
function answered(res: InvokeResult): string {
  assert.equal(res.status, 200);
  assert.equal(res.body?.statusCode, 200, JSON.stringify(res.body));
  return typeof res.body?.value === 'string'
    ? res.body.value
    : cardText(res.body?.value as Record<string, unknown>);
}

/** The caseworker's review card for `alias` from `my reviews` in the 1:1 chat. */
async function reviewCard(s: SignedHarness, alias: string): Promise<PostedCard> {
  await s.sayPrivately(cw, 'my reviews', CW_CHAT);
  const card = s.h
    .cards(CW_CHAT)
    .filter((c) => cardText(c.card).replace(/\s+/g, ' ').includes(`Follow-up review · ${alias}`))
    .at(-1);
  assert.ok(card, `a review card for ${alias}`);
  return card;
}

describe('the child at the centre: a record per child, ratings with meaning, outcomes per child (#25)', function () {
  this.timeout(240_000);
  let s: SignedHarness;
  before(async () => {
    s = await SignedHarness.start({ storage: 'memory' });
  });
  after(async () => s?.close());

  it('rates in the meeting with definitions, re-rates in 1:1, records outcomes per child dated by the court', async () => {
    const id = await toPlan(s, CHAT, 'K.B.', 'A.B., 9\nC.B., 12');
    // The meeting's rating form: each tier's meaning and the snapshot sentence.
    const plan = s.h
      .cards(CHAT)
      .filter((c) => cardText(c.card).includes('Permanency goals'))
      .at(-1)!;
    const form = cardText(plan.card);
    assert.match(form, /a snapshot of today, not a judgement of past work/);
    assert.match(JSON.stringify(plan.card), /"title":"What the ratings mean"/);
    for (const tier of DEFAULT_SETTINGS.ratingScale) assert.ok(form.includes(tier.definition!), tier.key);
    answered(
      await s.click(cw, plan, VERBS.goals, {
        conversation: CHAT,
        inputs: { [`${INPUTS.ratingPrefix}0`]: 'fair', [`${INPUTS.ratingPrefix}1`]: 'poor' },
      }),
    );
    await endOverHttp(s, CHAT);
    const endedAt = (await getRoundtable(s.h.app.domain, id))!.endedAt!;
    // The plan summary posted at the end: each child's rating with its date.
    const summary = s.h
      .cards(CHAT)
      .map((c) => cardText(c.card).replace(/\s+/g, ' '))
      .filter((t) => t.includes('Plan summary'))
      .at(-1);
    assert.ok(summary?.includes(`A.B. : Fair (rated ${endedAt.slice(0, 10)})`), summary);
    assert.ok(summary?.includes(`C.B. : Poor (rated ${endedAt.slice(0, 10)})`), summary);

    // At the end (the after-end job): each child's record holds the meeting's rating, dated by the end.
    let children = await childView(s.h.app.domain, TEST_TENANT_ID, 'k.b.');
    assert.deepEqual(
      children.map((c) => [
        c.childAlias,
        c.recorded,
        c.ratings.map((r) => [r.key, r.at, r.occasion, r.derived]),
      ]),
      [
        ['A.B.', true, [['fair', endedAt, 'roundtable', undefined]]],
        ['C.B.', true, [['poor', endedAt, 'roundtable', undefined]]],
      ],
    );
    // The job again (a replay) adds nothing.
    const { carryOverAfterEnd } = await import('../../bot/roundtable/follow-up-roundtable.js');
    await carryOverAfterEnd(s.h.app.domain, id, actor(fac));
    children = await childView(s.h.app.domain, TEST_TENANT_ID, 'K.B.');
    assert.deepEqual(
      children.map((c) => c.ratings.length),
      [1, 1],
    );

    // The 1:1 review card: each child's latest rating with its date, outcome not recorded, the definitions.
    let card = await reviewCard(s, 'K.B.');
    let text = cardText(card.card);
    assert.ok(
      text.includes(`A.B.: Fair (rated ${endedAt.slice(0, 10)}, roundtable) · outcome not recorded`),
      text,
    );
    assert.ok(text.includes(`C.B.: Poor (rated ${endedAt.slice(0, 10)}, roundtable)`), text);
    assert.match(text, /a snapshot of today, not a judgement of past work/);
    assert.ok(text.includes(DEFAULT_SETTINGS.ratingScale[2]!.definition!));
    assert.match(JSON.stringify(card.card), /"title":"Record each child's outcome…"/);

    // Re-rated in 1:1: a second dated rating on A.B.'s record.
    const click = (inputs: Record<string, unknown>) =>
      s.click(cw, card, FOLLOW_UP_VERBS.review, { inputs, conversation: CW_CHAT, personal: true });
    assert.match(answered(await click({ rating_0: 'good' })), /Review saved/);
    children = await childView(s.h.app.domain, TEST_TENANT_ID, 'K.B.');
    assert.deepEqual(
      children[0]!.ratings.map((r) => [r.key, r.occasion]),
      [
        ['fair', 'roundtable'],
        ['good', 'review'],
      ],
    );
    assert.equal(children[0]!.latest?.key, 'good');

    // Legal permanency without the court's date, or with a future one: refused, nothing stored.
    assert.match(
      answered(await click({ outcome_0: 'permanency:adoption' })),
      /Give the date the court finalised A\.B\.'s adoption/,
    );
    assert.match(
      answered(await click({ outcome_0: 'permanency:adoption', outcomeDate_0: '2099-01-01' })),
      /in the future/,
    );
    const refused = await childView(s.h.app.domain, TEST_TENANT_ID, 'K.B.');
    assert.equal(refused[0]?.outcome, undefined, 'nothing stored');

    // A.B. adopted (dated by the court); C.B. still in care: the plan stays open.
    assert.match(
      answered(
        await click({ outcome_0: 'permanency:adoption', outcomeDate_0: '2026-10-02', outcome_1: 'in-care' }),
      ),
      /stays open while a child is still in care/,
    );
    const stored = async () => (await s.h.app.domain.store.getPlan(id))!.value as PlanWithChildren;
    assert.equal((await stored()).closed, undefined);
    children = await childView(s.h.app.domain, TEST_TENANT_ID, 'K.B.');
    assert.deepEqual(
      children.map((c) => c.outcome && [c.outcome.kind, 'type' in c.outcome ? c.outcome.type : '']),
      [
        ['permanency', 'adoption'],
        ['in-care', ''],
      ],
    );
    const adopted: ChildOutcome | undefined = children[0]!.outcome;
    assert.equal(adopted?.kind === 'permanency' && adopted.finalisedOn, '2026-10-02');
    card = await reviewCard(s, 'K.B.');
    text = cardText(card.card);
    assert.ok(text.includes('A.B.: Good (rated'), text);
    assert.ok(text.includes('legal permanency: adoption, finalised 2026-10-02'), text);
    assert.ok(text.includes('C.B.: Poor') && text.includes('still in care'), text);

    // C.B. ages out: no child is in care, the plan closes (its `closed` derived from the children).
    assert.match(
      answered(await click({ outcome_1: 'exit:aged-out', outcomeDate_1: '2026-11-01' })),
      /Plan closed; follow-up reminders stopped/,
    );
    const closed = await stored();
    assert.equal(closed.closed?.outcome, 'adoption');
    assert.equal(closed.childOutcomes?.['C.B.']?.kind, 'exit');
    children = await childView(s.h.app.domain, TEST_TENANT_ID, 'K.B.');
    assert.equal(children[1]!.outcome?.kind === 'exit' && children[1]!.outcome.exitedOn, '2026-11-01');
    assert.ok(children.every((c) => c.recorded));

    // A lifelong connection (protected name and details) and a living situation, as the personal app records them.
    const owner = { person: { id: fac.id, name: fac.name }, conversationId: CHAT, tenantId: TEST_TENANT_ID };
    const connection = await addConnection(s.h.app.domain, owner, id, 'A.B.', {
      relationship: 'maternal aunt',
      committed: true,
      contact: 'in-person',
      frequency: 'monthly',
      name: 'Prudence Quillfeather',
      details: '555-0199',
    });
    assert.ok(connection.ok, JSON.stringify(connection));
    assert.ok(
      (
        await recordLivingSituation(s.h.app.domain, owner, id, 'A.B.', {
          key: 'relatives',
          since: '2026-09-01',
        })
      ).ok,
    );

    // The case file: a section per child, every rating with its date and occasion, the outcome with its date,
    // the living situation and the lifelong connections with their protected fields (the case file is the owners').
    await s.say(fac, 'export', [], CHAT);
    const link = cardsInCreatedChats(s.h, fac.id).at(-1)!;
    const res = await openDownload(downloadLink(link));
    assert.equal(res.status, 200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, ' ');
    const words = xml.replace(/\s+/g, ' ');
    assert.match(words, /Each child A\.B\. Outcome: legal permanency: adoption, finalised 2026-10-02/);
    assert.ok(words.includes(`${endedAt.slice(0, 10)} Roundtable Fair`), words.slice(-2000));
    assert.match(words, /Follow-up review Good/);
    assert.match(words, /C\.B\. Outcome: left care without permanency: aged out, left care 2026-11-01/);
    assert.match(words, /Living situation: 2026-09-01 With relatives/);
    assert.match(words, /maternal aunt yes In person, monthly Prudence Quillfeather; 555-0199/);
    assert.match(words, /C\.B\.[\s\S]*Lifelong connections: none recorded/);
  });

  it('a follow-up roundtable re-rates in its review phase (definitions shown); the child’s record gets it at the end', async () => {
    const first = await toPlan(s, FIRST_CHAT, 'F.U.', 'F.U.');
    const plan = s.h
      .cards(FIRST_CHAT)
      .filter((c) => cardText(c.card).includes('Permanency goals'))
      .at(-1)!;
    answered(
      await s.click(cw, plan, VERBS.goals, {
        conversation: FIRST_CHAT,
        inputs: { [`${INPUTS.ratingPrefix}0`]: 'fair' },
      }),
    );
    await endOverHttp(s, FIRST_CHAT);
    s.h.fake.setMembers(
      FOLLOW_CHAT,
      [fac, cw, sup].map((p) => member(p)),
    );
    await s.say(fac, 'start followup F.U.', [], FOLLOW_CHAT);
    const followUp = await forChat(s.h.app.domain, FOLLOW_CHAT);
    assert.equal(followUp?.followUpOf, first);
    await s.say(fac, 'go review', [], FOLLOW_CHAT);
    const review = s.h
      .cards(FOLLOW_CHAT)
      .filter((c) => JSON.stringify(c.card).includes('"verb":"review.rate"'))
      .at(-1)!;
    const text = cardText(review.card);
    assert.match(text, /a snapshot of today, not a judgement of past work/);
    for (const tier of DEFAULT_SETTINGS.ratingScale) assert.ok(text.includes(tier.definition!), tier.key);
    answered(
      await s.click(fac, review, VERBS.reviewRatings, {
        conversation: FOLLOW_CHAT,
        inputs: { [`${INPUTS.ratingPrefix}0`]: 'good' },
      }),
    );
    await endOverHttp(s, FOLLOW_CHAT);
    const endedAt = (await getRoundtable(s.h.app.domain, followUp!.id))!.endedAt!;
    const [child] = await childView(s.h.app.domain, TEST_TENANT_ID, 'F.U.');
    assert.deepEqual(
      child?.ratings.map((r) => [r.key, r.occasion, r.roundtableId, r.derived]),
      [
        ['fair', 'roundtable', first, undefined],
        ['good', 'followup-roundtable', followUp!.id, undefined],
      ],
    );
    assert.equal(child?.ratings[1]?.at, endedAt);
    assert.deepEqual(child?.roundtableIds, [first, followUp!.id]);
  });

  it('a roundtable stored before #25 keeps working: ratings and outcome derived, "not recorded" where unknown', async () => {
    const id = await toPlan(s, OLD_CHAT, 'O.L.', 'D.L.\nE.L.');
    await endOverHttp(s, OLD_CHAT);
    // As stored before #25: no child records; a plan with an untyped history entry and a plan-wide outcome.
    const domain = s.h.app.domain;
    await domain.children.deleteCase(caseKeyOf(TEST_TENANT_ID, 'O.L.'));
    const current = await domain.store.getPlan(id);
    await domain.store.putPlan(
      id,
      {
        ratings: { 'D.L.': 'fair' },
        draft: false,
        ratingHistory: [{ at: '2026-09-01T10:00:00.000Z', by: roster(cw), ratings: { 'D.L.': 'fair' } }],
      },
      current?.etag,
    );
    let children = await childView(domain, TEST_TENANT_ID, 'O.L.');
    assert.deepEqual(
      children.map((c) => [c.childAlias, c.recorded, c.latest?.key, c.latest?.derived, c.outcome]),
      [
        ['D.L.', false, 'fair', true, undefined],
        ['E.L.', false, undefined, undefined, undefined],
      ],
    );
    // `my reviews` shows it, with "not recorded" where nothing can be derived.
    const card = await reviewCard(s, 'O.L.');
    const text = cardText(card.card);
    assert.ok(text.includes('D.L.: Fair (rated 2026-09-01, follow-up review) · outcome not recorded'), text);
    assert.ok(text.includes('E.L.: permanency status not recorded · outcome not recorded'), text);
    // A card posted before #25 closes the plan with one outcome: accepted, each child's outcome derived (no court date).
    const res = await s.click(cw, card, FOLLOW_UP_VERBS.review, {
      inputs: { outcome: 'guardianship' },
      conversation: CW_CHAT,
      personal: true,
    });
    assert.match(answered(res), /Plan closed/);
    children = await childView(domain, TEST_TENANT_ID, 'O.L.');
    for (const c of children) {
      assert.equal(c.outcome?.kind, 'permanency', c.childAlias);
      assert.equal(c.outcome?.kind === 'permanency' && c.outcome.derived, true);
      assert.equal(c.outcome?.kind === 'permanency' && c.outcome.finalisedOn, undefined);
    }
  });
});
