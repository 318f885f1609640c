/**
 * The world of the authorization matrix: the real bot over HTTP with Bot Framework tokens ON (token rig,
 * fake connector, embedded Cosmos-compatible DB), two allowed tenants, a configured leader, twelve actors (a youth and a guest without an agency account among them),
 * and a roundtable whose every free-text field holds MARKER text (so an answer that leaks case content
 * is seen). Everything is seeded through signed activities, as Teams would send them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { storedPreparation } from '../../bot/roundtable/preparation.js';
import { forChat, roundtableView } from '../../bot/roundtable/roundtables.js';
import type { Contribution, Roundtable } from '../../bot/roundtable/types.js';
import { INPUTS, PREPARATION_INPUTS, PREPARATION_VERBS, VERBS } from '../../cards/contract.js';
import { FOLLOW_UP_VERBS, followUpInputs } from '../../cards/follow-up-cards.js';
import {
  cardAction,
  MEETING_CHAT_ID,
  member,
  message,
  type Person,
  people,
  postActivity,
  TEST_APP_ID,
  TEST_TENANT_ID,
} from './activities.js';
import { WriteRecorder } from './authz-db-writes.js';
import type { ActorName } from './authz-expectations.js';
import { BotAuthRig, NoEntraCredentialsFactory } from './bot-auth.js';
import { actions, Harness, type InvokeResult, type PostedCard, testDatabase } from './harness.js';
import { TabSsoRig } from './tab-sso.js';

/** Text seeded into every free-text field; no refusal may contain it. */
export const MARK = 'ZQXMARK';
export const OTHER_TENANT = '0b0b0b0b-1111-4222-8333-444444444444';
export const ALIAS = 'A.B.';
/** The chat of the earlier, ended roundtable of the same alias (its plan is followed up). */
export const EARLIER_CHAT = '19:meeting_earlier-roundtable@thread.v2';
/** The chat of the follow-up roundtable (for the review phase's verbs). */
export const FOLLOWUP_CHAT = '19:meeting_followup-roundtable@thread.v2';

const extra = (key: string, name: string, n: number): Person => ({
  id: `29:${key}`,
  name,
  aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  userPrincipalName: `${key}@agency.example`,
  role: 'outsider',
});

/** The twelve actors (people of activities.ts where they exist). */
export const ACTOR_PEOPLE: Record<ActorName, Person> = {
  outsider: people.outsider,
  otherTenant: extra('other-tenant', 'Tom Othertenant', 21),
  participant: extra('participant', 'Pat Participant', 22),
  consultant: people.consultant,
  externalConsultant: extra('external', 'Eli External', 24),
  barrierBuster: extra('buster', 'Bea Buster', 23),
  caseworker: people.caseworker,
  supervisor: people.supervisor,
  facilitator: people.facilitator,
  leader: people.leader,
  youth: extra('youth', 'Yara Youth', 25),
  // Teams names an anonymous meeting participant without an Entra object id (the edge reads '' as none).
  anonymous: { ...extra('anonymous-guest', 'Gail Guest', 26), aadObjectId: '' },
};

/** The tenant an actor's activities come from. */
export const tenantOf = (a: ActorName) => (a === 'otherTenant' ? OTHER_TENANT : TEST_TENANT_ID);

/** Roles on the roster, in the data's words (the leader is in the chat but not on the roster). */
const ROLES: [ActorName, string][] = [
  ['participant', 'other'],
  ['consultant', 'master-practitioner'],
  ['externalConsultant', 'external-consultant'],
  ['barrierBuster', 'barrier-buster'],
  ['caseworker', 'caseworker'],
  ['supervisor', 'supervisor'],
  ['youth', 'youth'],
];

/** What the seeding left for the cases to act on. */
export interface SeededIds {
  earlier: string;
  current: string;
  followup: string;
  questionId: string;
  participantIdeaId: string;
  barrierIdeaId: string;
  proposalStepId: string;
  /** A step of the plan (the caseworker's own, not a proposal). */
  planStepId: string;
  earlierStepId: string;
  invitation: { rt: string; inv: string; nonce: string };
  registerEntryId: string;
}

export interface World {
  h: Harness;
  /** Every database write the bot made, in order (see authz-db-writes.ts). */
  db: WriteRecorder;
  rig: BotAuthRig;
  sso: TabSsoRig;
  ids: SeededIds;
  /** POSTs an activity with a valid channel token; waits for the bot to be idle. */
  post(activity: Partial<Activity>): Promise<InvokeResult>;
  say(
    actor: ActorName,
    text: string,
    chat: string,
    opts?: { personal?: boolean; mentions?: Person[] },
  ): Promise<void>;
  click(
    actor: ActorName,
    verb: string,
    data: Record<string, unknown>,
    chat: string,
    opts?: { personal?: boolean; replyToId?: string },
  ): Promise<InvokeResult>;
  close(): Promise<void>;
}

/** A unique group chat (another chat than the roundtable's). */
export const freshGroupChat = () => `19:other-${randomUUID()}@thread.v2`;
/** The actor's 1:1 chat with the bot. */
export const personalChatOf = (p: Person) => `a:personal-${p.id.slice(3)}`;

/** Starts the bot with tokens ON and seeds the world. */
export async function startWorld(): Promise<World> {
  const rig = await BotAuthRig.start();
  const sso = await TabSsoRig.start();
  const direct = await testDatabase();
  const db = await WriteRecorder.start(direct.endpoint);
  const h = await Harness.start({
    // Authorization, not pacing: 1,000+ turns in a few chats (test/integration/teams-limits.test.ts paces).
    teams: 'lenient',
    database: db.handle(direct),
    env: {
      ...sso.env(),
      ALLOWED_TENANTS: `${TEST_TENANT_ID},${OTHER_TENANT}`,
      LEADER_IDS: ACTOR_PEOPLE.leader.aadObjectId,
      RETENTION_DAYS: '30',
      LOG_LEVEL: 'silent',
    },
    auth: {
      settings: rig.authSettings(TEST_APP_ID),
      credentialsFactory: new NoEntraCredentialsFactory(TEST_APP_ID),
    },
  });
  const token = await rig.signToken({ appId: TEST_APP_ID, serviceUrl: h.fake.url });
  const post = async (activity: Partial<Activity>) => {
    const res = await postActivity(h.app.url, activity, token);
    await h.app.idle();
    return res as InvokeResult;
  };
  const conversationOf = (chat: string, personal?: boolean) =>
    personal ? { id: chat, conversationType: 'personal' as const } : chat;
  const world: World = {
    h,
    db,
    rig,
    sso,
    ids: undefined as unknown as SeededIds,
    post,
    async say(actor, text, chat, opts = {}) {
      const from = ACTOR_PEOPLE[actor];
      const activity = message({
        text,
        from,
        conversation: conversationOf(chat, opts.personal),
        serviceUrl: h.fake.url,
        mentionBot: !opts.personal,
        tenantId: tenantOf(actor),
      }) as Activity;
      for (const p of opts.mentions ?? []) {
        activity.entities = [
          ...(activity.entities ?? []),
          { type: 'mention', text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name } },
        ];
      }
      await post(activity);
    },
    click(actor, verb, data, chat, opts = {}) {
      return post(
        cardAction({
          verb,
          data,
          from: ACTOR_PEOPLE[actor],
          conversation: opts.personal ? { id: chat, conversationType: 'personal' } : chat,
          serviceUrl: h.fake.url,
          replyToId: opts.replyToId ?? 'card',
          tenantId: tenantOf(actor),
        }),
      );
    },
    async close() {
      await h.close();
      await h.database.close();
      await db.close();
      await direct.close();
      await rig.close();
      await sso.close();
    },
  };
  world.ids = await seed(world);
  seededAs.set(world.ids.current, await seededState(world));
  return world;
}

/** The chat's members as the connector lists them: everyone but the outsider and the other tenant's user. */
function setChatMembers(w: World, chat: string): void {
  const inChat: ActorName[] = [...ROLES.map(([a]) => a), 'facilitator', 'leader', 'anonymous'];
  w.h.fake.setMembers(
    chat,
    inChat.map((a) => member(ACTOR_PEOPLE[a])),
  );
}

/**
 * The roster: the facilitator gives the roles. Until `role @person <role>` is merged, each person joins
 * with the role on the Welcome card (the lead switches this one function over).
 */
export async function assignRoles(w: World, chat: string): Promise<void> {
  // Roles are given, not taken: the facilitator names each person and role (`role @person <role>`).
  for (const [actor, role] of ROLES) {
    const person = ACTOR_PEOPLE[actor];
    await w.say('facilitator', `role <at>${person.name}</at> ${role}`, chat, { mentions: [person] });
    const rt = await forChat(w.h.app.domain, chat);
    const entry = rt?.roster.find((r) => r.id === person.id);
    assert.equal(entry?.role, role, `${actor} is ${role} in ${chat}`);
  }
}

/** The data of the card's action with this verb (and target), or the card's refresh data. */
export function actionData(posted: PostedCard, verb: string, target?: string): Record<string, unknown> {
  const all = actions(posted.card);
  const found =
    all.find(
      (a) => a.verb === verb && (target === undefined || (a.data as { target?: string })?.target === target),
    ) ??
    all.find((a) => a.verb === VERBS.refresh) ??
    all[0];
  const base = { ...((found?.data as Record<string, unknown> | undefined) ?? {}) };
  return target === undefined ? base : { ...base, target };
}

/** The latest card in the chat rendered for this phase. */
export function phaseCard(w: World, chat: string, phase: string): PostedCard {
  const cards = w.h
    .cards(chat)
    .filter((c) => actions(c.card).some((a) => (a.data as { phase?: string } | undefined)?.phase === phase));
  const last = cards.at(-1);
  if (!last) throw new Error(`no ${phase} card in ${chat}`);
  return last;
}

async function expectOk(p: Promise<InvokeResult>, what: string): Promise<InvokeResult> {
  const res = await p;
  // A message answer is a refusal or "not saved" (statusCode 200 too): seeding needs the card.
  if (
    res.status !== 200 ||
    (res.body?.statusCode ?? 200) !== 200 ||
    res.body?.type === 'application/vnd.microsoft.activity.message'
  )
    throw new Error(`seeding: ${what} answered ${res.status}/${JSON.stringify(res.body).slice(0, 300)}`);
  return res;
}

const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

/** A click on the current phase card of the chat, with inputs. */
async function on(
  w: World,
  actor: ActorName,
  chat: string,
  phase: string,
  verb: string,
  inputs: Record<string, unknown>,
  target?: string,
) {
  const data = { ...actionData(phaseCard(w, chat, phase), verb, target), ...inputs };
  return expectOk(w.click(actor, verb, data, chat), `${verb} by ${actor}`);
}

async function contributions(w: World, chat: string): Promise<{ rt: Roundtable; all: Contribution[] }> {
  const rt = await forChat(w.h.app.domain, chat);
  if (!rt) throw new Error(`no roundtable in ${chat}`);
  return { rt, all: (await roundtableView(w.h.app.domain, rt.id))?.contributions ?? [] };
}

/** Seeds the earlier roundtable, a preparation, the current roundtable (MARKER everywhere) and a follow-up. */
async function seed(w: World): Promise<SeededIds> {
  for (const chat of [EARLIER_CHAT, MEETING_CHAT_ID, FOLLOWUP_CHAT]) setChatMembers(w, chat);
  const cw = ACTOR_PEOPLE.caseworker;

  // The earlier roundtable of the same alias: a barrier idea, goals, a step owned by the caseworker, ended.
  await w.say('facilitator', `start ${ALIAS}`, EARLIER_CHAT);
  await assignRoles(w, EARLIER_CHAT);
  await w.say('facilitator', 'go brainstorm', EARLIER_CHAT);
  await on(
    w,
    'caseworker',
    EARLIER_CHAT,
    'brainstorm',
    VERBS.idea,
    {
      [`${INPUTS.ideaTextPrefix}q1`]: `${MARK} earlier barrier idea`,
      [`${INPUTS.ideaBarrierPrefix}q1`]: 'policy',
    },
    'q1',
  );
  await w.say('facilitator', 'go plan', EARLIER_CHAT);
  await on(w, 'caseworker', EARLIER_CHAT, 'plan', VERBS.goals, {
    [INPUTS.primaryGoal]: 'guardianship',
    [`${INPUTS.ratingPrefix}0`]: 'poor',
  });
  await on(w, 'caseworker', EARLIER_CHAT, 'plan', VERBS.step, {
    [INPUTS.stepText]: `${MARK} earlier step`,
    [INPUTS.stepOwner]: cw.id,
    [INPUTS.stepDue]: inDays(10),
  });
  const earlier = await contributions(w, EARLIER_CHAT);
  const earlierStep = earlier.all.find((c) => c.kind === 'step' && c.text.includes(MARK));
  await w.say('facilitator', 'end confirm', EARLIER_CHAT);
  await w.h.app.scheduler.drain();
  // Its review: the family team meeting went over the plan (free text in the follow-up record).
  await expectOk(
    w.click(
      'caseworker',
      FOLLOW_UP_VERBS.familyReview,
      {
        rt: earlier.rt.id,
        list: 'review',
        nonce: randomUUID(),
        [followUpInputs.familyDate]: new Date().toISOString().slice(0, 10),
        [followUpInputs.familyParticipants]: `${MARK} family review participants`,
        [followUpInputs.familyChanges]: `${MARK} family review changes`,
      },
      personalChatOf(cw),
      { personal: true },
    ),
    'family review',
  );

  // The caseworker's preparation (youth and family voice) in their 1:1 chat.
  const cwChat = personalChatOf(cw);
  await w.say('caseworker', `prepare ${ALIAS}`, cwChat, { personal: true });
  const prep = w.h.lastCard(cwChat);
  await expectOk(
    w.click(
      'caseworker',
      PREPARATION_VERBS.save,
      {
        ...actionData(prep, PREPARATION_VERBS.save),
        [PREPARATION_INPUTS.youthLiving]: `${MARK} youth voice`,
        [PREPARATION_INPUTS.youthMatters]: `${MARK} what matters`,
        [PREPARATION_INPUTS.family]: `${MARK} family voice`,
        [PREPARATION_INPUTS.stakeholders]: `${MARK} stakeholders`,
      },
      cwChat,
      { personal: true },
    ),
    'prep.save',
  );

  const current = await seedCurrent(w);

  // The follow-up roundtable of the same case, in its own chat, in its review phase.
  await w.say('facilitator', `start followup ${ALIAS}`, FOLLOWUP_CHAT);
  await assignRoles(w, FOLLOWUP_CHAT);
  await w.say('facilitator', 'go review', FOLLOWUP_CHAT);

  const registerEntryId = await firstRegisterEntry(w);
  const followup = await forChat(w.h.app.domain, FOLLOWUP_CHAT);
  if (!earlierStep || !followup) throw new Error('seeding: ids missing');
  return {
    ...current,
    earlier: earlier.rt.id,
    followup: followup.id,
    earlierStepId: earlierStep.id,
    registerEntryId,
  };
}

type CurrentIds = Pick<
  SeededIds,
  | 'current'
  | 'questionId'
  | 'participantIdeaId'
  | 'barrierIdeaId'
  | 'proposalStepId'
  | 'planStepId'
  | 'invitation'
>;

/**
 * The seeded current roundtable, running in the meeting chat: a test that needs it calls this first, so
 * that it never depends on an earlier test having left it running (the end verbs end it). When it was
 * ended (or replaced by another), a fresh one is seeded the same way and `w.ids` names it.
 */
export async function ensureCurrentRoundtable(w: World): Promise<void> {
  const rt = await forChat(w.h.app.domain, MEETING_CHAT_ID);
  if (rt?.status === 'active' && rt.id === w.ids.current && (await seededState(w)) === seededAs.get(rt.id))
    return;
  if (rt?.status === 'active') await w.say('facilitator', 'end confirm', MEETING_CHAT_ID);
  w.ids = { ...w.ids, ...(await seedCurrent(w)) };
  seededAs.set(w.ids.current, await seededState(w));
}

/** The seeded state of each current roundtable, as seedCurrent left it. */
const seededAs = new Map<string, string>();

/**
 * What the cases rely on in the current roundtable, re-read: who is who (roster, facilitators, removed),
 * its settings, whether a preparation is attached, and the seeded question, ideas and proposal (an allowed case may edit, withdraw or accept them).
 */
async function seededState(w: World): Promise<string> {
  const { rt, all } = await contributions(w, MEETING_CHAT_ID);
  const { questionId, participantIdeaId, barrierIdeaId, proposalStepId, planStepId } = w.ids;
  const seeded = [questionId, participantIdeaId, barrierIdeaId, proposalStepId, planStepId].map((id) => {
    const c = all.find((x) => x.id === id);
    return c && { ...c, updatedAt: undefined };
  });
  return JSON.stringify({
    roster: rt.roster.map((r) => [r.id, r.role, r.requestedRole]),
    facilitators: rt.facilitatorIds,
    removed: rt.removedIds,
    anonymous: rt.anonymous,
    legalHold: Boolean(rt.legalHold),
    preparation: Boolean(await storedPreparation(w.h.app.domain, rt.id)),
    seeded,
  });
}

/** The current roundtable, in the meeting chat: roster, invitation, then every phase's free text. */
async function seedCurrent(w: World): Promise<CurrentIds> {
  const cw = ACTOR_PEOPLE.caseworker;
  const chat = MEETING_CHAT_ID;
  await w.say('facilitator', `start ${ALIAS}`, chat);
  await assignRoles(w, chat);
  const mp = ACTOR_PEOPLE.consultant;
  await w.say('facilitator', `invite master-practitioner ${mp.name} on ${inDays(7)} 14:00`, chat, {
    mentions: [mp],
  });
  await w.say('facilitator', 'go present', chat);
  await on(w, 'caseworker', chat, 'present', VERBS.caseSummary, {
    [INPUTS.caseChildren]: 'A.B., 9',
    [INPUTS.caseTimeInCare]: `${MARK} time in care`,
    [INPUTS.casePlacement]: `${MARK} placement`,
    [INPUTS.caseLegalStatus]: `${MARK} legal`,
    [INPUTS.caseCurrentGoal]: `${MARK} goal`,
    [INPUTS.caseConnections]: `${MARK} connections`,
    [INPUTS.caseStrengths]: `${MARK} strengths`,
    [INPUTS.caseNeeds]: `${MARK} needs`,
    [INPUTS.caseTried]: `${MARK} tried`,
  });
  await on(w, 'participant', chat, 'present', VERBS.fact, { [INPUTS.factText]: `${MARK} fact` });
  await w.say('facilitator', 'go clarify', chat);
  await on(w, 'participant', chat, 'clarify', VERBS.question, { [INPUTS.questionText]: `${MARK} question` });
  const question = (await contributions(w, chat)).all.find((c) => c.kind === 'question');
  if (!question) throw new Error('seeding: no question');
  await on(
    w,
    'caseworker',
    chat,
    'clarify',
    VERBS.answer,
    {
      [`${INPUTS.answerPrefix}${question.id}`]: `${MARK} answer`,
    },
    question.id,
  );
  await w.say('facilitator', 'go brainstorm', chat);
  await on(
    w,
    'participant',
    chat,
    'brainstorm',
    VERBS.idea,
    { [`${INPUTS.ideaTextPrefix}q1`]: `${MARK} idea` },
    'q1',
  );
  await on(
    w,
    'caseworker',
    chat,
    'brainstorm',
    VERBS.idea,
    {
      [`${INPUTS.ideaTextPrefix}q2`]: `${MARK} barrier idea`,
      [`${INPUTS.ideaBarrierPrefix}q2`]: 'funding',
    },
    'q2',
  );
  await w.say('facilitator', 'go plan', chat);
  const ideas = (await contributions(w, chat)).all.filter((c) => c.kind === 'idea');
  const barrierIdea = ideas.find((c) => c.text.includes('barrier idea'));
  const participantIdea = ideas.find((c) => c.author.id === ACTOR_PEOPLE.participant.id);
  if (!barrierIdea || !participantIdea) throw new Error('seeding: ideas missing');
  await on(
    w,
    'barrierBuster',
    chat,
    'plan',
    VERBS.barrierSolved,
    {
      [`${INPUTS.barrierDecisionPrefix}${barrierIdea.id}`]: `${MARK} in-room answer`,
    },
    barrierIdea.id,
  );
  await on(w, 'caseworker', chat, 'plan', VERBS.goals, {
    [INPUTS.primaryGoal]: 'guardianship',
    [`${INPUTS.ratingPrefix}0`]: 'fair',
  });
  await on(w, 'caseworker', chat, 'plan', VERBS.step, {
    [INPUTS.stepText]: `${MARK} step`,
    [INPUTS.stepOwner]: cw.id,
    [INPUTS.stepDue]: inDays(14),
  });
  await on(w, 'participant', chat, 'plan', VERBS.step, {
    [INPUTS.stepText]: `${MARK} proposal`,
    [INPUTS.stepOwner]: cw.id,
    [INPUTS.stepDue]: inDays(21),
  });
  const steps = (await contributions(w, chat)).all.filter((c) => c.kind === 'step');
  const proposal = steps.find((c) => c.text.includes('proposal'));
  const planStep = steps.find((c) => c.text === `${MARK} step`);
  await w.say('facilitator', 'go debrief', chat);
  await on(w, 'participant', chat, 'debrief', VERBS.debrief, {
    [INPUTS.wentWell]: `${MARK} went well`,
    [INPUTS.change]: `${MARK} change`,
  });
  await w.say('facilitator', 'go plan', chat);

  const invitation = invitationOf(w, mp);
  const current = await forChat(w.h.app.domain, chat);
  if (!proposal || !planStep || !current) throw new Error('seeding: ids missing');
  return {
    current: current.id,
    questionId: question.id,
    participantIdeaId: participantIdea.id,
    barrierIdeaId: barrierIdea.id,
    proposalStepId: proposal.id,
    planStepId: planStep.id,
    invitation,
  };
}

/** The latest invitation card's action data, from the 1:1 chat the bot opened with the invitee. */
function invitationOf(w: World, p: Person): SeededIds['invitation'] {
  let latest: SeededIds['invitation'] | undefined;
  for (const c of w.h.fake.createdConversations) {
    if (((c.parameters.members as { id: string }[] | undefined) ?? [])[0]?.id !== p.id) continue;
    for (const card of w.h.cards(c.id)) {
      const a = actions(card.card).find((x) => x.verb === PREPARATION_VERBS.confirm);
      if (a) latest = a.data as SeededIds['invitation'];
    }
  }
  if (!latest) throw new Error('seeding: no invitation card');
  return latest;
}

async function firstRegisterEntry(w: World): Promise<string> {
  const { resources } = await w.h.database.database
    .container('programme')
    .items.query<{ id: string; type?: string; kind?: string }>('SELECT * FROM c')
    .fetchAll();
  const entry = resources.find(
    (d) => /barrier/i.test(String(d.type ?? d.kind ?? '')) || /barrier/i.test(d.id),
  );
  if (!entry) throw new Error('seeding: the earlier barrier idea is not in the register');
  return entry.id;
}
