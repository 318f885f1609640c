/**
 * A youth-centred roundtable end to end (#29 items 1 and 2), over real HTTP with Bot Framework tokens ON:
 * `start youth`, the youth's card, the youth and support-person roles, the youth's goals first on the plan
 * summary, the youth-centred questions, the two fidelity lines; and a guest without an agency account (no Entra
 * object id), who may add their own goals and ideas and see the youth's card, and nothing else.
 */
import assert from 'node:assert/strict';
import { forChat } from '../../bot/roundtable/roundtables.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { DEFAULT_YOUTH_SETTINGS, YOUTH_NOTICES } from '../../bot/roundtable/youth-agenda.js';
import { ANONYMOUS_REFUSAL } from '../../bot/teams/routing/anonymous.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { ROLE_LABELS } from '../../cards/labels.js';
import { MEETING_CHAT_ID, member, type Person, people } from '../support/activities.js';
import { cardText } from '../support/card-query.js';
import { invokeCard } from '../support/harness.js';
import { SignedHarness } from '../support/signed-harness.js';

const { facilitator: fac, caseworker: cw, supervisor: sup } = people;
const person = (key: string, name: string, n: number, aad = true): Person => ({
  id: `29:${key}`,
  name,
  aadObjectId: aad ? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` : '',
  userPrincipalName: `${key}@example.org`,
  role: 'outsider',
});
const youth = person('youth', 'Yara Youth', 41);
const helper = person('helper', 'Hal Helper', 42);
/** An anonymous meeting participant: Teams sends no Entra object id for them. */
const guest = person('8:anon-guest', 'Gail Guest', 43, false);

async function roundtable(s: SignedHarness): Promise<Roundtable> {
  const rt = await forChat(s.h.app.domain, MEETING_CHAT_ID);
  assert.ok(rt, 'a roundtable runs in the chat');
  return rt;
}

/** The texts the bot posted since `from` (its answers to typed commands). */
const textsSince = (s: SignedHarness, from: number) => s.h.texts().slice(from).join('\n');

describe('youth-centred roundtable (tokens on)', function () {
  this.timeout(90000);
  let s: SignedHarness;
  beforeEach(async () => {
    s = await SignedHarness.start({ storage: 'memory' });
    s.h.fake.setMembers(
      MEETING_CHAT_ID,
      [fac, cw, sup, youth, helper, guest].map((p) => member(p)),
    );
  });
  afterEach(async () => {
    await s.close();
  });

  it('a standard roundtable offers neither the youth’s roles on its Welcome card nor the youth questions', async () => {
    await s.say(fac, 'start J.T.');
    assert.ok(!JSON.stringify(s.h.cards()[0]?.card).includes(ROLE_LABELS.youth));
    assert.equal((await roundtable(s)).youthCentred, undefined);
    await s.say(fac, 'go brainstorm');
    const text = cardText(s.h.lastCard().card) + cardText(s.h.lastCard().form?.card ?? {});
    assert.ok(text.includes('What will it take?') && !text.includes('tried successfully before'));
  });

  it('start youth: the youth’s card, the youth’s goals and support person, the youth questions, goals first on the plan, the fidelity lines', async () => {
    await s.say(fac, 'start youth Y.T.');
    const rt = await roundtable(s);
    assert.equal(rt.youthCentred, true);
    // The youth's card: plain words, the alias only, the rules and the questions in plain words.
    const card = s.h.cards().find((c) => cardText(c.card).includes(DEFAULT_YOUTH_SETTINGS.welcomeTitle));
    assert.ok(card, 'the youth’s card is posted at start');
    const text = cardText(card.card);
    assert.match(text, /Y\.T\./);
    for (const rule of DEFAULT_YOUTH_SETTINGS.groundRules) assert.ok(text.includes(rule), rule);
    for (const q of DEFAULT_YOUTH_SETTINGS.questions) assert.ok(text.includes(q.plain ?? q.text), q.key);
    // The Welcome card lets a facilitator give the youth's and the support person's roles.
    const welcome = JSON.stringify(s.h.cards()[0]?.card);
    assert.ok(welcome.includes(ROLE_LABELS.youth) && welcome.includes(ROLE_LABELS['support-person']));

    // Roles are given: the youth by a facilitator; asking for it is only a request.
    await s.say(helper, 'join youth');
    assert.notEqual((await roundtable(s)).roster.find((r) => r.id === helper.id)?.role, 'youth');
    await s.say(fac, `role <at>${youth.name}</at> youth`, [youth]);
    await s.say(fac, `role <at>${cw.name}</at> caseworker`, [cw]);
    await s.say(fac, `role <at>${sup.name}</at> supervisor`, [sup]);
    assert.equal((await roundtable(s)).roster.find((r) => r.id === youth.id)?.role, 'youth');

    // The youth's own goal, the support person the youth chose, a goal a facilitator writes down for the youth.
    await s.say(youth, 'my goal Stay at my school until I graduate');
    await s.say(youth, `support <at>${helper.name}</at>`, [helper]);
    // A full name is refused (the name check), in plain words; the goal is typed again with a first name.
    const typed = s.h.texts().length;
    await s.say(youth, 'my goal Live with Maria Lopez');
    assert.ok(textsSince(s, typed).includes(YOUTH_NOTICES.fullName));
    await s.say(fac, 'youth goal See my brother every week');
    let now = await roundtable(s);
    assert.deepEqual(
      now.youthGoals?.map((g) => [g.source, g.text]),
      [
        ['youth', 'Stay at my school until I graduate'],
        ['facilitator', 'See my brother every week'],
      ],
    );
    assert.equal(now.roster.find((r) => r.id === helper.id)?.role, 'support-person');
    assert.equal(now.supportChosen?.how, 'youth');

    // Others do not add the youth's goals: the caseworker and the support person are refused, nothing stored.
    const before = s.h.texts().length;
    await s.say(cw, 'my goal Move to a group home');
    await s.say(helper, 'my goal Something else');
    assert.match(textsSince(s, before), /The youth does that/);
    assert.equal((await roundtable(s)).youthGoals?.length, 2);

    // The brainstorm asks the youth-centred questions; an idea answers one of them.
    await s.say(fac, 'go brainstorm');
    const brainstorm = cardText(s.h.lastCard().card) + cardText(s.h.lastCard().form?.card ?? {});
    assert.ok(brainstorm.includes('What can we do that has been tried successfully before?'));
    invokeCard(
      await s.click(youth, s.h.lastCard(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'y5', [INPUTS.ideaText]: 'Let me run part of the next meeting' },
      }),
    );

    await s.say(fac, 'go plan');
    // The plan card in the meeting: the youth's goals first, before the permanency goals.
    const planText = cardText(s.h.lastCard().card);
    const onPlan = planText.indexOf('Stay at my school until I graduate');
    assert.ok(onPlan >= 0 && onPlan < planText.indexOf('Permanency goals'), planText.slice(0, 400));
    await s.say(fac, 'end');
    await s.say(fac, 'end confirm');
    now = await roundtable(s);
    assert.equal(now.status, 'ended');
    const fidelity = new Map((now.fidelity ?? []).map((f) => [f.item, f.passed]));
    assert.equal(fidelity.get('The youth took part'), true);
    assert.equal(fidelity.get('The youth chose the support person'), true);

    // The plan summary: the youth's goals, marked as the youth's words, before the permanency goals.
    const summary = s.h.cards().find((c) => cardText(c.card).includes('Permanency Action Plan for'));
    assert.ok(summary, 'the plan summary is posted');
    const sText = cardText(summary.card);
    const goalsAt = sText.indexOf('Stay at my school until I graduate');
    assert.ok(goalsAt >= 0, 'the youth’s goal is on the summary');
    assert.ok(sText.includes('typed by the youth'));
    assert.ok(sText.includes(`the youth’s words, written down by ${fac.name}`));
    assert.ok(goalsAt < sText.indexOf('Primary goal'), 'the youth’s goals come before the permanency goals');
  });

  it('a guest without an agency account: their own goals and ideas and the youth’s card; everything else refused without case content', async () => {
    await s.say(fac, 'start youth Y.T.');
    // Allowed: the youth's card, their own goal (marked as typed without an agency account), their own idea.
    const cardsBefore = s.h.cards().length;
    await s.say(guest, 'youth');
    assert.ok(
      s.h
        .cards()
        .slice(cardsBefore)
        .some((c) => cardText(c.card).includes(DEFAULT_YOUTH_SETTINGS.welcomeTitle)),
      'the guest sees the youth’s card',
    );
    await s.say(guest, 'my goal Live with my aunt');
    assert.deepEqual(
      (await roundtable(s)).youthGoals?.map((g) => [g.source, g.by.id]),
      [['guest', guest.id]],
    );
    await s.say(fac, 'go brainstorm');
    invokeCard(
      await s.click(guest, s.h.lastCard(), VERBS.idea, {
        inputs: { [INPUTS.ideaQuestion]: 'y3', [INPUTS.ideaText]: 'Ask my coach to help' },
      }),
    );
    const ideas = await s.h.app.domain.store.listContributions((await roundtable(s)).id);
    assert.ok(ideas.some((c) => c.kind === 'idea' && c.author.id === guest.id));

    // Refused: the status card, joining, the support person, anything facilitators do; no case content shown.
    const revision = (await roundtable(s)).revision;
    const before = s.h.texts().length;
    const cardsNow = s.h.cards().length;
    for (const typed of [
      'status',
      'join',
      'next',
      'export',
      `support <at>${cw.name}</at>`,
      'start youth Z.Z.',
    ])
      await s.say(guest, typed, typed.startsWith('support') ? [cw] : []);
    const answers = textsSince(s, before);
    assert.equal(answers.split(ANONYMOUS_REFUSAL).length - 1, 6, answers);
    assert.equal(s.h.cards().length, cardsNow, 'no card was shown to the guest');
    assert.doesNotMatch(answers, /Live with my aunt|Ask my coach/);
    assert.equal((await roundtable(s)).revision, revision, 'nothing changed');
  });
});
