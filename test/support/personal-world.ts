/**
 * A plan to follow up, for the personal app ("My roundtables") tests: a roundtable in its own chat, run to
 * the end through the domain, with steps for the caseworker and the master practitioner; the people records
 * the bot keeps (Teams id ↔ Entra object id) as any 1:1 or chat activity would write them.
 */
import assert from 'node:assert/strict';
import { contribute } from '../../bot/roundtable/contributions.js';
import { navigate, startRoundtable } from '../../bot/roundtable/lifecycle.js';
import { assignRole } from '../../bot/roundtable/roles.js';
import { endRoundtable, forChat, getRoundtable } from '../../bot/roundtable/roundtables.js';
import type { PlanStep, Roundtable } from '../../bot/roundtable/types.js';
import { INPUTS, VERBS } from '../../cards/contract.js';
import { botAccount, MEETING_CHAT_ID, member, type Person, people, TEST_TENANT_ID } from './activities.js';
import { type Harness, invokeCard, type PostedCard } from './harness.js';

/** The chat of the followed-up plan (not the meeting chat the meeting-tab tests use). */
export const PLAN_CHAT_ID = '19:plan-followup-chat@thread.v2';

const roster = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
const actor = (p: Person, chat: string) => ({
  person: roster(p),
  conversationId: chat,
  tenantId: TEST_TENANT_ID,
});

/** The seeded plan: its roundtable id and the two steps. */
export interface SeededPlan {
  id: string;
  cwStep: PlanStep;
  mpStep: PlanStep;
}

/**
 * Starts a roundtable in `chat` (members: everyone but the outsider), gives the roles, adds a step for the
 * caseworker and one for the master practitioner (texts from `texts`), and ends it.
 */
export async function seedPlan(
  h: Harness,
  opts: { alias: string; chat?: string; cwText: string; mpText: string; due?: string; practice?: boolean },
): Promise<SeededPlan> {
  const chat = opts.chat ?? PLAN_CHAT_ID;
  const { facilitator: fac, caseworker: cw, supervisor: sup, consultant: mp } = people;
  h.fake.setMembers(
    chat,
    Object.values(people)
      .filter((p) => p.role !== 'outsider')
      .map((p) => member(p)),
  );
  const reference = {
    activityId: 'seed',
    channelId: 'msteams',
    serviceUrl: h.fake.url,
    bot: botAccount(),
    user: roster(fac),
    conversation: { id: chat, isGroup: true, conversationType: 'groupChat', tenantId: TEST_TENANT_ID },
  };
  const svc = h.app.domain;
  const started = await startRoundtable(
    svc,
    actor(fac, chat),
    opts.alias,
    {
      conversationId: chat,
      serviceUrl: h.fake.url,
      tenantId: TEST_TENANT_ID,
      reference,
    },
    opts.practice ? { practice: true } : {},
  );
  if (!started.ok) throw new Error(started.failure.message);
  const id = started.value.id;
  const must = (o: { ok: boolean; failure?: { message: string } }) => {
    if (!o.ok) throw new Error(o.failure?.message);
  };
  must(await assignRole(svc, actor(fac, chat), id, roster(cw), 'caseworker'));
  must(await assignRole(svc, actor(fac, chat), id, roster(sup), 'supervisor'));
  must(await assignRole(svc, actor(fac, chat), id, roster(mp), 'master-practitioner'));
  const plan = (await getRoundtable(svc, id))!.phases.findIndex((p) => p.key === 'plan');
  must(await navigate(svc, actor(fac, chat), id, plan));
  const due = opts.due ?? new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const step = async (owner: Person, text: string, key: string) => {
    const added = await contribute(
      svc,
      actor(cw, chat),
      id,
      { kind: 'step', text, ownerId: owner.id, dueDate: due },
      key,
    );
    if (!added.ok || added.value.kind !== 'step')
      throw new Error(added.ok ? 'not a step' : added.failure.message);
    return added.value;
  };
  const cwStep = await step(cw, opts.cwText, `${id}-cw`);
  const mpStep = await step(mp, opts.mpText, `${id}-mp`);
  must(await endRoundtable(svc, actor(fac, chat), id, true));
  await h.app.idle();
  return { id, cwStep, mpStep };
}

/** The people records the bot keeps for everyone (as their first activity would write them). */
export async function seedPeople(h: Harness, tenantId = TEST_TENANT_ID): Promise<void> {
  for (const p of Object.values(people))
    await h.app.followUp.touchPerson({ id: p.id, name: p.name, aadObjectId: p.aadObjectId, tenantId });
}

/** What `endedRoundtable` runs: the alias, the chat, the roster's barrier buster and the steps added. */
export interface EndedRoundtableOptions {
  alias?: string;
  conversation?: string;
  barrierBuster: Person;
  /** Each step's text, owner and due date (yyyy-mm-dd), added by the caseworker in the plan phase. */
  steps: readonly (readonly [string, Person, string])[];
}

/**
 * A roundtable run to its end through typed commands and card clicks, as in Teams: caseworker, supervisor
 * and barrier buster on the roster, one brainstorm idea flagged as a policy barrier, goals with a rating,
 * the steps given (each added directly, no acceptance asked), then `end confirm`.
 */
export async function endedRoundtable(h: Harness, opts: EndedRoundtableOptions): Promise<Roundtable> {
  const { facilitator: fac, caseworker: cw, supervisor: sup } = people;
  const conversation = opts.conversation ?? MEETING_CHAT_ID;
  await h.say(fac, `start ${opts.alias ?? 'J.T.'}`, conversation);
  await h.joinAs(cw, 'caseworker', { conversation });
  await h.joinAs(sup, 'supervisor', { conversation });
  await h.joinAs(opts.barrierBuster, 'barrier-buster', { conversation });
  await h.say(fac, 'go brainstorm', conversation);
  invokeCard(
    await h.click(cw, h.lastCard(conversation), VERBS.idea, {
      inputs: {
        [INPUTS.ideaQuestion]: 'q1',
        [INPUTS.ideaText]: 'Kinship licensing takes 9 months',
        [INPUTS.ideaBarrier]: 'policy',
      },
      conversation,
    }),
  );
  await h.say(fac, 'go plan', conversation);
  invokeCard(
    await h.click(cw, h.lastCard(conversation), VERBS.goals, {
      inputs: { [INPUTS.primaryGoal]: 'guardianship', [`${INPUTS.ratingPrefix}0`]: 'poor' },
      conversation,
    }),
  );
  for (const [text, owner, due] of opts.steps) {
    const r = await h.click(cw, h.lastCard(conversation), VERBS.step, {
      inputs: { [INPUTS.stepText]: text, [INPUTS.stepOwner]: owner.id, [INPUTS.stepDue]: due },
      conversation,
    });
    invokeCard(r);
    const accept = JSON.stringify(r.body?.value ?? {}).includes('step.accept');
    assert.equal(accept, false, 'the caseworker adds steps directly');
  }
  await h.say(fac, 'end confirm', conversation);
  return (await forChat(h.app.domain, conversation))!;
}

/** The cards a person got in the 1:1 chats the bot created with them, each with its chat. */
export function cardsInCreatedChats(h: Harness, personId: string): (PostedCard & { conversation: string })[] {
  const ids = h.fake.createdConversations
    .filter((c) => ((c.parameters.members as { id: string }[] | undefined) ?? [])[0]?.id === personId)
    .map((c) => c.id);
  return ids.flatMap((id) => h.cards(id).map((card) => ({ ...card, conversation: id })));
}

/** The download link (a markdown link) on a card. */
export function downloadLink(card: { card: unknown }): string {
  const m = /\]\((http[^)]+)\)/.exec(JSON.stringify(card.card));
  assert.ok(m, 'a download link on the card');
  return m[1]!;
}
