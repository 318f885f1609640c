/**
 * A plan to follow up, for the personal app ("My roundtables") tests: a roundtable in its own chat, run to
 * the end through the domain, with steps for the caseworker and the master practitioner; the people records
 * the bot keeps (Teams id ↔ Entra object id) as any 1:1 or chat activity would write them.
 */
import type { PlanStep } from '../../bot/roundtable/types.js';
import { botAccount, member, type Person, people, TEST_TENANT_ID } from './activities.js';
import type { Harness } from './harness.js';

/** The chat of the followed-up plan (not the meeting chat the meeting-tab tests use). */
export const PLAN_CHAT_ID = '19:plan-followup-chat@thread.v2';

const roster = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
const actor = (p: Person, chat: string) => ({ person: roster(p), conversationId: chat });

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
  const svc = h.app.service;
  const started = await svc.start(
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
  must(await svc.assignRole(actor(fac, chat), id, roster(cw), 'caseworker'));
  must(await svc.assignRole(actor(fac, chat), id, roster(sup), 'supervisor'));
  must(await svc.assignRole(actor(fac, chat), id, roster(mp), 'master-practitioner'));
  const plan = (await svc.get(id))!.phases.findIndex((p) => p.key === 'plan');
  must(await svc.navigate(actor(fac, chat), id, plan));
  const due = opts.due ?? new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const step = async (owner: Person, text: string, key: string) => {
    const added = await svc.contribute(
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
  must(await svc.end(actor(fac, chat), id, true));
  await h.app.idle();
  return { id, cwStep, mpStep };
}

/** The people records the bot keeps for everyone (as their first activity would write them). */
export async function seedPeople(h: Harness, tenantId = TEST_TENANT_ID): Promise<void> {
  for (const p of Object.values(people))
    await h.app.followUp.touchPerson({ id: p.id, name: p.name, aadObjectId: p.aadObjectId, tenantId });
}
