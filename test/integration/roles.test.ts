/**
 * Roles are given, not taken (over real HTTP): participant and scribe are taken at once; a role with rights
 * is a request until a facilitator confirms it, or given by a facilitator (`role @person <role>`, the Welcome
 * card's people picker, an invitation with a role).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { Roundtable } from '../../bot/roundtable/types.js';
import { INPUTS, PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  member,
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

// `require('adaptivecards')` fails on Node 20 (its lib build uses extensionless ESM imports); the dist bundle works.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

async function roundtable(h: Harness): Promise<Roundtable> {
  const rt = await forChat(h.app.domain, MEETING_CHAT_ID);
  assert.ok(rt, 'a roundtable runs in the chat');
  return rt;
}

async function roleOf(h: Harness, p: Person) {
  const entry = (await roundtable(h)).roster.find((r) => r.id === p.id);
  return entry && { role: entry.role, requested: entry.requestedRole };
}

describe('roles are given, not taken', function () {
  this.timeout(60000);
  let h: Harness;
  beforeEach(async () => {
    // A rule of the practice: the in-memory stores and the lenient fake Teams (no pacing to wait for).
    h = await Harness.start({ storage: 'memory', teams: 'lenient' });
    h.fake.setMembers(
      MEETING_CHAT_ID,
      [fac, cw, sup, mp].map((p) => member(p)),
    );
  });
  afterEach(async () => {
    await h.close();
  });

  it('a consultant choosing barrier buster gets a request, not the role, until the facilitator confirms', async () => {
    await h.say(fac, 'start J.T.');
    const asked = invokeCard(
      await h.click(mp, h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'barrier-buster' } }),
    );
    assert.match(cardText(asked), /You asked to be barrier buster: a facilitator confirms it/);
    assert.deepEqual(await roleOf(h, mp), { role: 'other', requested: 'barrier-buster' });
    assert.match(cardText(h.welcomeCard().card), /Morgan Consultant asks to be Barrier buster/);
    await h.say(fac, 'status');
    assert.ok(
      actions(h.lastCard().card).some((a) => a.verb === VERBS.roleConfirm),
      'the status card lists the request',
    );

    // A barrier-flagged idea: the consultant cannot answer it yet.
    await h.joinAs(cw, 'caseworker');
    await h.say(fac, 'go brainstorm');
    invokeCard(
      await h.click(cw, h.lastCard(), VERBS.idea, {
        inputs: {
          [INPUTS.ideaQuestion]: 'q2',
          [INPUTS.ideaText]: 'Waive the home study rule',
          [INPUTS.ideaBarrier]: 'policy',
        },
      }),
    );
    const idea = (await roundtableView(h.app.domain, (await roundtable(h)).id))!.contributions.find(
      (c) => c.kind === 'idea',
    )!.id;
    const brainstorm = h.lastCard();
    const refused = invokeRefusal(
      await h.click(mp, brainstorm, VERBS.barrierNone, { target: idea }),
      'forbidden',
    );
    assert.match(refused.message, /Barrier busters/);
    // Nor can they confirm their own request.
    await h.say(mp, 'status');
    invokeRefusal(await h.click(mp, h.lastCard(), VERBS.roleConfirm, { target: mp.id }), 'forbidden');

    // The Welcome card is closed by now: the status card lists the request.
    await h.say(fac, 'status');
    invokeCard(await h.click(fac, h.lastCard(), VERBS.roleConfirm, { target: mp.id }));
    assert.deepEqual(await roleOf(h, mp), { role: 'barrier-buster', requested: undefined });
    const now = h.cards().find((c) => c.activityId === brainstorm.activityId)!;
    invokeCard(await h.click(mp, now, VERBS.barrierNone, { target: idea }));
  });

  it('a declined request leaves the participant as they were', async () => {
    await h.say(fac, 'start J.T.');
    await h.click(sup, h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'supervisor' } });
    invokeCard(await h.click(fac, h.welcomeCard(), VERBS.roleDecline, { target: sup.id }));
    assert.deepEqual(await roleOf(h, sup), { role: 'other', requested: undefined });
    assert.doesNotMatch(cardText(h.welcomeCard().card), /asks to be/);
  });

  it('participant and scribe are taken at once; a facilitator joining as caseworker gets it', async () => {
    await h.say(fac, 'start J.T.');
    invokeCard(await h.click(sup, h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'scribe' } }));
    assert.deepEqual(await roleOf(h, sup), { role: 'scribe', requested: undefined });
    await h.say(cw, 'join');
    assert.match(h.texts().at(-1) ?? '', /Joined as participant/);
    assert.deepEqual(await roleOf(h, cw), { role: 'other', requested: undefined });
    invokeCard(await h.click(fac, h.welcomeCard(), VERBS.join, { inputs: { [INPUTS.role]: 'caseworker' } }));
    assert.deepEqual(await roleOf(h, fac), { role: 'caseworker', requested: undefined });
    // Still a facilitator: the roster role does not take that away.
    await h.say(fac, 'next');
    assert.equal((await roundtable(h)).phaseIndex, 1);
  });

  it('`role @sup supervisor` gives the role; a participant cannot assign (command or card)', async () => {
    await h.say(fac, 'start J.T.');
    await h.sayMentioning(fac, 'role <at>Sana Supervisor</at> supervisor', [sup]);
    assert.match(h.texts().at(-1) ?? '', /Sana Supervisor is now supervisor/);
    assert.deepEqual(await roleOf(h, sup), { role: 'supervisor', requested: undefined });
    await h.sayMentioning(fac, 'role <at>Morgan Consultant</at> barrier buster', [mp]);
    assert.deepEqual(await roleOf(h, mp), { role: 'barrier-buster', requested: undefined });

    await h.say(cw, 'join');
    await h.sayMentioning(cw, 'role <at>Carlos Caseworker</at> caseworker', [cw]);
    assert.match(h.texts().at(-1) ?? '', /Only a facilitator gives roles/);
    assert.deepEqual(await roleOf(h, cw), { role: 'other', requested: undefined });
    const refused = invokeRefusal(
      await h.click(cw, h.welcomeCard(), VERBS.roleAssign, {
        inputs: { [INPUTS.rolePerson]: cw.id, [INPUTS.roleAssigned]: 'caseworker' },
      }),
      'forbidden',
    );
    assert.doesNotMatch(refused.message, /J\.T\./);
    assert.deepEqual(await roleOf(h, cw), { role: 'other', requested: undefined });
  });

  it('the Welcome card: a people picker over the chat members (static list here, Data.Query in Teams) that validates', async () => {
    await h.say(fac, 'start J.T.');
    const welcome = h.welcomeCard();
    const picker = findInput(welcome.card, INPUTS.rolePerson);
    // The connector on this machine (the Playground's case): the static list only (people-picker.test.ts).
    assert.equal(picker['choices.data'], undefined);
    const values = (picker.choices as { title: string; value: string }[]).map((c) => c.value);
    assert.deepEqual(
      values.sort(),
      [fac.id, cw.id, sup.id, mp.id].sort(),
      'the chat members as the connector lists them',
    );
    const stored = await roundtable(h);
    assert.deepEqual(
      stored.chatMembers?.map((m) => Object.keys(m).sort()),
      [fac, cw, sup, mp].map(() => ['aadObjectId', 'id', 'name', 'upn']),
      'names, ids and user principal names (the "Schedule in Teams" attendees) only',
    );
    // The adaptivecards library accepts it (choices.data is a 1.6 property that Teams renders).
    const ctx = new AC.SerializationContext(new AC.Version(1, 6));
    const parsed = new AC.AdaptiveCard();
    parsed.parse(welcome.card, ctx);
    const events = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
    assert.deepEqual(events, []);
    assert.deepEqual(
      parsed.validateProperties().validationEvents.map((e) => e.message),
      [],
    );
    assert.ok(Buffer.byteLength(JSON.stringify(welcome.card)) < 28 * 1024);

    // Teams' Data.Query answers with the AAD object id: it names the chat member.
    invokeCard(
      await h.click(fac, welcome, VERBS.roleAssign, {
        inputs: { [INPUTS.rolePerson]: sup.aadObjectId, [INPUTS.roleAssigned]: 'supervisor' },
      }),
    );
    assert.deepEqual(await roleOf(h, sup), { role: 'supervisor', requested: undefined });
    // The static choice (the Playground) sends the member id.
    invokeCard(
      await h.click(fac, h.welcomeCard(), VERBS.roleAssign, {
        inputs: { [INPUTS.rolePerson]: cw.id, [INPUTS.roleAssigned]: 'caseworker' },
      }),
    );
    assert.deepEqual(await roleOf(h, cw), { role: 'caseworker', requested: undefined });
    assert.match(cardText(h.welcomeCard().card), /Carlos Caseworker\s+· Caseworker/);
    // Someone not in the chat cannot be picked.
    const stranger = await h.click(fac, h.welcomeCard(), VERBS.roleAssign, {
      inputs: { [INPUTS.rolePerson]: '29:nobody', [INPUTS.roleAssigned]: 'caseworker' },
    });
    assert.match(cardText(invokeCard(stranger)), /Pick someone from this chat/);
  });

  it('Join on a later phase card joins as participant', async () => {
    await h.say(fac, 'start J.T.');
    await h.say(fac, 'next');
    const present = h.lastCard();
    assert.match(cardText(present.card), /Phase 2 of 6/);
    invokeCard(await h.click(mp, present, VERBS.join));
    assert.deepEqual(await roleOf(h, mp), { role: 'other', requested: undefined });
  });

  it('Welcome: an invitee who has joined is shown once, with their role, not again under invited', async () => {
    await h.say(fac, 'start J.T.');
    await h.sayMentioning(fac, `invite caseworker Carlos Caseworker on ${inDays(7)} 14:00`, [cw]);
    await h.sayMentioning(fac, `invite supervisor Sana Supervisor on ${inDays(7)} 14:00`, [sup]);
    const conversation = h.fake.createdConversations.find(
      (c) => (c.parameters.members as { id: string }[])[0]?.id === cw.id,
    )!.id;
    invokeCard(await clickPersonal(h, cw, h.lastCard(conversation), PREPARATION_VERBS.confirm, conversation));
    // Who is here and who is invited (the people picker's choices below are not a list of people).
    const all = cardText(h.welcomeCard().card);
    const text = all.slice(all.indexOf('Who is here'), all.indexOf('Participant and scribe: join at once'));
    assert.equal(text.split('Carlos Caseworker').length - 1, 1, `Carlos once: ${text}`);
    assert.match(text, /Carlos Caseworker\s+· Caseworker/);
    assert.match(text, /Invited: 2 · confirmed: 1 · here: 1/);
    assert.match(text, /Sana Supervisor\s+· no answer yet/);
  });

  it('confirming an invitation that carries a role gives that role', async () => {
    await h.say(fac, 'start J.T.');
    await h.sayMentioning(fac, `invite caseworker Carlos Caseworker on ${inDays(7)} 14:00`, [cw]);
    const conversation = h.fake.createdConversations.find(
      (c) => (c.parameters.members as { id: string }[])[0]?.id === cw.id,
    )!.id;
    const invitation = h.lastCard(conversation);
    const answered = invokeCard(
      await clickPersonal(h, cw, invitation, PREPARATION_VERBS.confirm, conversation),
    );
    assert.match(cardText(answered), /confirmed/);
    assert.deepEqual(await roleOf(h, cw), { role: 'caseworker', requested: undefined });
  });
});

function findInput(card: unknown, id: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.id === id) found = o;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  assert.ok(found, `no input ${id}`);
  return found;
}

/** Presses a button on a 1:1 card. */
async function clickPersonal(
  h: Harness,
  from: Person,
  posted: PostedCard,
  verb: string,
  conversation: string,
) {
  const action = actions(posted.card).find((a) => a.verb === verb);
  assert.ok(action, `no ${verb} on the card`);
  const res = await postActivity(
    h.app.url,
    cardAction({
      verb,
      data: action.data as Record<string, unknown>,
      from,
      conversation: { id: conversation, conversationType: 'personal' },
      serviceUrl: h.fake.url,
      replyToId: posted.activityId,
    }),
  );
  await h.app.idle();
  return res as Parameters<typeof invokeCard>[0];
}
